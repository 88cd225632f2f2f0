// createApp builds the whole service around an open database; nothing here listens or exits.
import compression from 'compression';
import cors from 'cors';
import { parse as parseQueryString } from 'node:querystring';
import express from 'express';
import helmet from 'helmet';
import swaggerUi from 'swagger-ui-express';
import { pino, type Logger } from 'pino';
import { agreementResource } from './agreements/agreements.routes.js';
import { commitmentResource } from './commitments/commitments.routes.js';
import { complianceResource } from './compliance/compliance.routes.js';
import { sizeInBytes, type Config } from './config.js';
import { migrationsApplied, type Db } from './db/client.js';
import { StorageWatch } from './db/storage.js';
import { eventResource } from './events/events.routes.js';
import { authenticate, rateLimiter } from './http/auth.js';
import { bodyReaders } from './http/body.js';
import { errorHandler, sqliteCode } from './http/errors.js';
import { idempotency } from './http/idempotency.js';
import { httpMetrics } from './http/metrics.js';
import { buildOpenApiDocument } from './http/openapi.js';
import { HttpProblem } from './http/problem.js';
import { requestLog } from './http/request-log.js';
import { mountRoutes, type Resource, type Route } from './http/route.js';
import './http/validation.js';
import { membershipResource } from './memberships/memberships.routes.js';
import { participantResource } from './participants/participants.routes.js';
import { positionResource } from './positions/positions.routes.js';
import { progressResource } from './progress/progress.routes.js';
import { searchResource } from './search/search.routes.js';
import { summitResource } from './summits/summits.routes.js';
import { themeResource } from './themes/themes.routes.js';

export interface AppOptions {
  db: Db;
  config: Pick<Config, 'bodyLimit' | 'nodeEnv' | 'publicBaseUrl'> & { rateLimitPerMinute?: number; corsOrigins?: string[] };
  logger?: Logger;
  /** The current time, for what depends on "today" (overdue commitments). */
  clock?: () => Date;
}

/** The resources of the API, in the order they are mounted and documented. */
export const RESOURCES: readonly Resource[] = [
  participantResource,
  positionResource,
  membershipResource,
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
  // Express's own "simple" parser keeps the first 1000 pairs and drops the rest without a word, so
  // a parameter after them would be ignored; every pair is parsed, and checked, instead. Brackets
  // mean nothing: `a[b]=1` is a parameter named "a[b]", unknown like any other.
  app.set('query parser', (query: string) => parseQueryString(query, '&', '=', { maxKeys: 0 }));
  // Links the service writes (the next page) start with this, never with the client's Host header.
  app.locals.publicBaseUrl = config.publicBaseUrl ?? '';

  const metrics = httpMetrics();
  app.use(requestLog(logger, metrics.record));
  if (config.corsOrigins?.length) {
    // Browser apps on these origins may call the API, send its request headers and read the
    // response headers a client needs (versions, locations, pages, limits).
    app.use(
      cors({
        origin: config.corsOrigins,
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'Prefer', 'X-Request-Id'],
        exposedHeaders: ['ETag', 'Location', 'Link', 'X-Request-Id', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'Idempotent-Replayed', 'Preference-Applied'],
        maxAge: 600,
      }),
    );
  }
  // JSON and CSV over 1 KB go out gzip- or brotli-compressed to clients that accept it. A request
  // that accepts no encoding (curl without --compressed) gets what compression would have left it,
  // without wrapping its response: that cost a tenth of a GET's time.
  const compress = compression({ threshold: 1024 });
  app.use((req, res, next) => {
    if (req.headers['accept-encoding'] === undefined) {
      res.vary('Accept-Encoding');
      next();
    } else compress(req, res, next);
  });
  // No upgrade-insecure-requests: the service is often reached over plain HTTP on a private
  // network, where upgrading the reference page's own scripts to HTTPS would break it.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // Reads may be stored but are checked again before each use; writes never are. And a body declared
  // larger than the limit is refused before any of it is read, and the connection closed: the body
  // parser would read all of it first, for as long as the client takes to send it.
  const bodyLimit = sizeInBytes(config.bodyLimit);
  app.use((req, res, next) => {
    res.setHeader('Cache-Control', req.method === 'GET' || req.method === 'HEAD' ? 'private, no-cache' : 'no-store');
    const declared = Number(req.headers['content-length']);
    if (declared > bodyLimit) {
      throw new HttpProblem('payload_too_large', `The request body (${declared} bytes) is larger than the limit of ${bodyLimit} bytes`, {
        headers: { Connection: 'close' },
      });
    }
    next();
  });

  // Once keys exist, the metrics take a read key: they reveal the API's traffic.
  app.get('/metrics', authenticate(db, config.nodeEnv), metrics.handler);
  app.get('/livez', (_req, res) => {
    res.type('application/health+json').send(JSON.stringify({ status: 'pass' }));
  });
  // Ready: the database answers with every migration applied, and has room for writes.
  const storage = new StorageWatch(db.$client);
  app.get('/readyz', (_req, res) => {
    const checks = { database: migrationsApplied(db), storage: storage.hasRoom() };
    const ready = checks.database && checks.storage;
    const verdict = (pass: boolean) => (pass ? 'pass' : 'fail');
    res
      .status(ready ? 200 : 503)
      .type('application/health+json')
      .send(JSON.stringify({ status: verdict(ready), checks: { database: verdict(checks.database), storage: verdict(checks.storage) } }));
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
    // The converter takes about 14 MB of heap: it is loaded by the first request for the collection.
    postmanCollection ??= import('./http/postman.js').then(({ buildPostmanCollection }) => buildPostmanCollection(openApi() as never));
    res.json(await postmanCollection);
  });
  // The reference page is served from the package's own files: it works with no internet access.
  // It loads the document from /openapi.json.
  app.use(
    '/docs',
    swaggerUi.serve,
    swaggerUi.setup(undefined, { customSiteTitle: 'Summit Tracker API', swaggerOptions: { url: '/openapi.json' } }),
  );

  if (config.rateLimitPerMinute) app.use('/v1', rateLimiter(config.rateLimitPerMinute));
  app.use('/v1', authenticate(db, config.nodeEnv));
  const v1 = express.Router();
  // A route that takes a body reads it, then settles Idempotency-Key (which compares bodies).
  mountRoutes(v1, routes, [...bodyReaders(config.bodyLimit), idempotency(db, clock)]);
  app.use(v1);

  app.use((req) => {
    throw new HttpProblem('not_found', `No route matches ${req.method} ${req.path}`);
  });
  // A write that ran out of space keeps /readyz failing until space is freed.
  app.use(((err, _req, _res, next) => {
    if (sqliteCode(err) === 'SQLITE_FULL') storage.noteFull();
    next(err);
  }) as express.ErrorRequestHandler);
  app.use(errorHandler);
  return app;
}
