// createApp builds the whole service around an open database; nothing here listens or exits.
import { randomUUID } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { agreementResource } from './agreements/agreements.routes.js';
import { commitmentResource } from './commitments/commitments.routes.js';
import { complianceResource } from './compliance/compliance.routes.js';
import type { Config } from './config.js';
import { migrationsApplied, type Db } from './db/client.js';
import { eventResource } from './events/events.routes.js';
import { authenticate, maskCredentials } from './http/auth.js';
import { errorHandler } from './http/errors.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { buildPostmanCollection } from './http/postman.js';
import { HttpProblem } from './http/problem.js';
import { JSON_TYPES, mountRoutes, type Resource, type Route } from './http/route.js';
import './http/validation.js';
import { participantResource } from './participants/participants.routes.js';
import { progressResource } from './progress/progress.routes.js';
import { searchResource } from './search/search.routes.js';
import { summitResource } from './summits/summits.routes.js';
import { themeResource } from './themes/themes.routes.js';

export interface AppOptions {
  db: Db;
  config: Pick<Config, 'bodyLimit' | 'nodeEnv' | 'publicBaseUrl'>;
  logger?: Logger;
  /** The current time, for what depends on "today" (overdue commitments). */
  clock?: () => Date;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The resources of the API, in the order they are mounted and documented. */
export const RESOURCES: readonly Resource[] = [
  participantResource,
  summitResource,
  agreementResource,
  commitmentResource,
  progressResource,
  complianceResource,
  searchResource,
  themeResource,
  eventResource,
];

const systemClock = () => new Date();

/** Every endpoint of the API, in the order they are mounted. */
export function apiRoutes(db: Db, clock: () => Date = systemClock): Route[] {
  return RESOURCES.flatMap((resource) => resource.routes({ db, clock }));
}

export function createApp({ db, config, logger = pino({ level: 'silent' }), clock = systemClock }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // ETags come from `version`, strong, set by the resource responses.
  // Links the service writes (the next page) start with this, never with the client's Host header.
  app.locals.publicBaseUrl = config.publicBaseUrl ?? '';

  app.use(
    pinoHttp({
      logger,
      // What a log reader needs, and never a credential: no headers, and key-like query values masked.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: maskCredentials(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // The key that made the request, by id (never the key itself), once authentication has run.
      customProps: (_req, res) => (res.locals?.keyId ? { keyId: res.locals.keyId } : {}),
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
    }),
  );
  // No upgrade-insecure-requests: the service is often reached over plain HTTP on a private
  // network, where upgrading the reference page's own scripts to HTTPS would break it.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use((req, res, next) => {
    res.set('Cache-Control', req.method === 'GET' || req.method === 'HEAD' ? 'private, no-cache' : 'no-store');
    next();
  });
  app.use(express.json({ limit: config.bodyLimit, type: JSON_TYPES }));
  app.use(express.text({ limit: config.bodyLimit, type: 'text/csv' }));

  app.get('/livez', (_req, res) => {
    res.type('application/health+json').send(JSON.stringify({ status: 'pass' }));
  });
  app.get('/readyz', (_req, res) => {
    const ready = migrationsApplied(db);
    res
      .status(ready ? 200 : 503)
      .type('application/health+json')
      .send(JSON.stringify({ status: ready ? 'pass' : 'fail', checks: { database: ready ? 'pass' : 'fail' } }));
  });

  const routes = apiRoutes(db, clock);
  // Built on first request, not with the app: most apps (every test's) never serve it.
  let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;
  const openApi = () => (openApiDocument ??= buildOpenApiDocument(routes, { version: '1' }, RESOURCES.map((r) => r.tag)));
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi());
  });
  let postmanCollection: Promise<unknown> | undefined;
  app.get('/postman.json', async (_req, res) => {
    postmanCollection ??= buildPostmanCollection(openApi() as never);
    res.json(await postmanCollection);
  });
  // The reference page is served from the package's own files: it works with no internet access.
  // It loads the document from /openapi.json.
  app.use(
    '/docs',
    swaggerUi.serve,
    swaggerUi.setup(undefined, { customSiteTitle: 'Summit Tracker API', swaggerOptions: { url: '/openapi.json' } }),
  );

  app.use('/v1', authenticate(db, config.nodeEnv));
  const v1 = express.Router();
  mountRoutes(v1, routes);
  app.use(v1);

  app.use((req) => {
    throw new HttpProblem('not_found', `No route matches ${req.method} ${req.path}`);
  });
  app.use(errorHandler);
  return app;
}
