// One declaration per endpoint: method, path, schemas, responses and handler together. The same
// list mounts the Express router and (through its schemas) describes the API in OpenAPI.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Db } from '../db/client.js';
import { z } from 'zod';
import { HttpProblem, jsonPointer } from './problem.js';
import type { BulkBody } from './bulk.js';
import { parseCsvBody } from './csv.js';
import { parsedQuery as parsedQueryOf } from './parsed-queries.js';
import { sendResource } from './resource.js';
import { bodyErrors, parameterErrors } from './validation.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const noQuery = z.strictObject({});

export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];

export type ResponseHeader = 'ETag' | 'Location' | 'Link' | 'Retry-After';

export interface ResponseSpec<T extends z.ZodType = z.ZodType> {
  description: string;
  schema?: T;
  headers?: ResponseHeader[];
  /** Also answered as text/csv (a list). */
  csv?: boolean;
}

/** A reply that writes itself: a list, which may stream CSV. */
export interface StreamedReply<S extends number = number> {
  status: S;
  send: (req: Request, res: Response) => void | Promise<void>;
}

/**
 * What a handler returns, typed against its declared responses: the status and a body of that
 * status's schema. A body with a `version` (or a reply with one) is sent with its ETag, and a
 * matching If-None-Match is answered 304 unless `conditional` is false; `location` is sent as Location.
 */
export type Reply<R> = {
  [S in keyof R & number]: R[S] extends { csv: true } | { paged: true }
    ? StreamedReply<S>
    : R[S] extends { schema: infer T extends z.ZodType }
      ? { status: S; body: z.output<T>; location?: string; version?: number; conditional?: boolean }
      : { status: S };
}[keyof R & number];

/** What a handler sees: the parsed request. It answers by returning a reply, never by writing to the response. */
export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
}

export interface RouteDefinition<P, Q, B, R extends Record<number, ResponseSpec> = Record<number, ResponseSpec>> {
  method: Method;
  /** OpenAPI form: `/v1/summits/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Media types the body may come in; JSON unless said otherwise. */
  bodyTypes?: string[];
  /**
   * Bulk create: a JSON array (1–1000 items) or a text/csv body of the same items goes here,
   * each item validated by `body`, pointers prefixed with the item's index.
   */
  bulk?: (ctx: RouteContext<P, Q, BulkBody<B>>) => { status: 201; body: { data: unknown[] } };
  /**
   * Turns the rows of a CSV body into items of `body` where a spreadsheet names things its own
   * way (a participant by its iso3 code); may refuse rows with a problem pointing at them.
   */
  csvRows?: (rows: Record<string, unknown>[]) => Record<string, unknown>[];
  /** Success responses and the problems particular to this operation; the generic ones are added for all. */
  responses: R;
  handler: (ctx: RouteContext<P, Q, B>) => Reply<R> | Promise<Reply<R>>;
}

// The route list is heterogeneous; each handler was type-checked against its own schemas in defineRoute.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Route = RouteDefinition<any, any, any, any>;

export function defineRoute<P = undefined, Q = undefined, B = undefined, R extends Record<number, ResponseSpec> = Record<number, ResponseSpec>>(
  route: RouteDefinition<P, Q, B, R>,
): Route {
  return route as Route;
}

type AnyReply = StreamedReply | { status: number; body?: unknown; location?: string; version?: number; conditional?: boolean };

/** Writes a handler's reply: the body with its ETag and Location, or what a list writes itself. */
async function sendReply(req: Request, res: Response, reply: AnyReply): Promise<void> {
  if ('send' in reply) return reply.send(req, res);
  if (!('body' in reply)) {
    res.status(reply.status).end();
    return;
  }
  const { body, status, location, conditional } = reply;
  const version = reply.version ?? (body as { version?: unknown } | null)?.version;
  if (typeof version === 'number') sendResource(req, res, body as object, { status, location, version, conditional });
  else res.status(status).json(body);
}

/** What the routes of a resource are built with. */
export interface RouteDeps {
  db: Db;
  /** The current time; tests fix it so that "today" never races midnight. */
  clock: () => Date;
}

/** A resource of the API: its OpenAPI tag and its routes. A new resource is one of these, listed in app.ts. */
export interface Resource {
  tag: { name: string; description: string };
  routes: (deps: RouteDeps) => Route[];
}

/** The query string as the client sent it, without the `?`. */
function rawQuery(req: Request): string {
  const start = req.originalUrl.indexOf('?');
  return start < 0 ? '' : req.originalUrl.slice(start + 1);
}

/** The path as the client sent it, wherever the request is being routed. */
const pathOf = (req: Request) => req.originalUrl.split('?')[0]!;

export const expressPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ':$1');

function parseRequest(route: Route, req: Request): { params: unknown; query: unknown; body: unknown; bulk: boolean } {
  let params: unknown = req.params;
  if (route.params) {
    const parsed = route.params.safeParse(req.params);
    // A path segment that cannot be an id names nothing that exists.
    if (!parsed.success) throw new HttpProblem('not_found', `Nothing exists at ${pathOf(req)}`);
    params = parsed.data;
  }

  // A route without query parameters still rejects any that are sent: nothing is ignored.
  const schema = route.query ?? noQuery;
  const parsedQuery = parsedQueryOf(schema, rawQuery(req), () => schema.safeParse(req.query));
  if (!parsedQuery.success) throw HttpProblem.invalidParameters(parameterErrors(parsedQuery.error));
  const query: unknown = parsedQuery.data;

  let body: unknown;
  let bulk = false;
  if (route.body) {
    const types = [...(route.bodyTypes ?? ['application/json']), ...(route.bulk ? ['text/csv'] : [])];
    if (req.body === undefined || !req.is(types)) {
      throw new HttpProblem('unsupported_media_type', `The request body must be sent as ${types.join(' or ')}`);
    }
    let input: unknown = req.body;
    if (route.bulk && req.is('text/csv')) {
      const rows = parseCsvBody(String(req.body), shapeOf(route.body));
      input = route.csvRows ? route.csvRows(rows) : rows;
    }
    checkNesting(input);
    bulk = route.bulk !== undefined && Array.isArray(input);
    if (bulk) body = parseBulk(route.body, input as unknown[]);
    else {
      const parsed = route.body.safeParse(input);
      if (!parsed.success) throw HttpProblem.invalid(bodyErrors(parsed.error));
      body = parsed.data;
    }
  }
  return { params, query, body, bulk };
}

/** Validates each item on its own, so that the database rules can still be checked for the rest. */
function parseBulk<T>(schema: z.ZodType<T>, items: unknown[]): BulkBody<T> {
  const size = z.array(z.unknown()).min(1).max(MAX_BULK_ITEMS).safeParse(items);
  if (!size.success) throw HttpProblem.invalid(bodyErrors(size.error));
  const body: BulkBody<T> = { items: [], invalid: [] };
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    body.items.push(parsed.success ? parsed.data : undefined);
    if (!parsed.success) body.invalid.push(...bodyErrors(parsed.error, [index]));
  });
  return body;
}

export const MAX_BULK_ITEMS = 1000;

/** How deep objects and arrays may nest in a body, the body itself being level 1. No resource needs more than a handful. */
export const MAX_BODY_DEPTH = 32;

/**
 * Refuses a body nested deeper than MAX_BODY_DEPTH before anything walks it: merge patch and
 * validation recurse, and a body nested 100,000 levels would overflow the stack. The check itself
 * keeps its own stack for the same reason.
 */
function checkNesting(body: unknown): void {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: body, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    if (value === null || typeof value !== 'object') continue;
    if (path.length === MAX_BODY_DEPTH) {
      throw new HttpProblem('bad_request', `The body nests deeper than ${MAX_BODY_DEPTH} levels`, {
        errors: [{ pointer: jsonPointer(path), detail: `is nested deeper than ${MAX_BODY_DEPTH} levels` }],
      });
    }
    // Pushed last to first, so that the first member too deep in document order is the one named.
    const members = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
    for (const [key, member] of members.reverse()) pending.push({ value: member, path: [...path, key] });
  }
}

/** The members of an object schema (through refinements), to decode CSV cells by their type. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  return (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
}

/** The media types a route answers with: JSON, and CSV for the lists that offer it. */
function answerTypes(route: Route): string[] {
  return Object.values(route.responses as Record<number, ResponseSpec>).some((spec) => spec.csv) ? ['application/json', 'text/csv'] : ['application/json'];
}

/**
 * 406 when the Accept header admits none of the types the route answers with. A `format`
 * parameter chooses the type itself, and a route without a body (a delete) has nothing to negotiate.
 */
function checkAcceptable(route: Route, req: Request): void {
  if (route.method === 'delete' || req.get('Accept') === undefined) return;
  if ((req.query as Record<string, unknown>).format !== undefined) return;
  const types = answerTypes(route);
  if (!req.accepts(types)) {
    throw new HttpProblem('not_acceptable', `This operation answers with ${types.join(' or ')}, which the Accept header does not admit`);
  }
}

/**
 * Mounts every route, then answers other methods on the same paths with 405 and `Allow`. Only the
 * routes that take a body read it, with `readBody`. The routes are grouped by the collection their
 * path starts with (`/v1/summits`), each group on a router of its own: a request is matched against
 * its collection's routes only, not against every route declared before them.
 */
export function mountRoutes(router: Router, routes: readonly Route[], readBody: RequestHandler[]): void {
  const groups = new Map<string, Route[]>();
  for (const route of routes) {
    const prefix = collectionOf(expressPath(route.path));
    groups.set(prefix, [...(groups.get(prefix) ?? []), route]);
  }
  for (const [prefix, group] of groups) {
    const collection = Router();
    mountGroup(collection, prefix, group, readBody);
    router.use(
      prefix,
      (_req, res, next) => {
        res.locals.collection = prefix;
        next();
      },
      collection,
    );
  }
}

/** The first two segments of a path: `/v1/summits` of `/v1/summits/:id/participants`. */
const collectionOf = (path: string) => /^\/[^/]+\/[^/]+/.exec(path)?.[0] ?? path;

function mountGroup(router: Router, prefix: string, routes: readonly Route[], readBody: RequestHandler[]): void {
  const methodsByPath = new Map<string, Set<string>>();
  for (const route of routes) {
    const path = expressPath(route.path).slice(prefix.length) || '/';
    router[route.method](path, ...(route.body ? readBody : []), async (req: Request, res: Response) => {
      checkAcceptable(route, req);
      const { params, query, body, bulk } = parseRequest(route, req);
      const ctx = { params, query, body, req };
      await sendReply(req, res, (bulk ? route.bulk!({ ...ctx, body: body as BulkBody<unknown> }) : await route.handler(ctx)) as AnyReply);
    });
    const methods = methodsByPath.get(path) ?? new Set<string>();
    methods.add(route.method.toUpperCase());
    if (route.method === 'get') methods.add('HEAD');
    methodsByPath.set(path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    const allow = [...methods, 'OPTIONS'].join(', ');
    router.all(path, (req, res) => {
      if (req.method === 'OPTIONS') {
        res.set('Allow', allow).status(204).end();
        return;
      }
      throw new HttpProblem('method_not_allowed', `${req.method} is not allowed on ${pathOf(req)}`, {
        headers: { Allow: allow },
      });
    });
  }
}
