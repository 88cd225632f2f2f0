// The OpenAPI 3.1 document, generated from the same route declarations that mount the router.
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { MAX_FILTER_REPEATS, MAX_LIST_VALUES } from './filters.js';
import { problemResponses } from './problem.js';
import { MAX_BODY_DEPTH, MAX_BULK_ITEMS, type ResponseHeader, type ResponseSpec, type Route } from './route.js';

const HEADERS: Record<ResponseHeader | 'X-Request-Id', { description: string; schema: { type: 'string' }; required: boolean }> = {
  ETag: { description: 'The resource version, quoted ("3"); send it back in If-Match or If-None-Match', schema: { type: 'string' }, required: true },
  Location: { description: 'The path of the created resource', schema: { type: 'string' }, required: true },
  Link: {
    description: 'The next page, `<url>; rel="next"`, when there is one: absolute under the configured public base URL, else relative to this one (`</v1/…>`)',
    schema: { type: 'string' },
    required: false,
  },
  'Retry-After': { description: 'How many seconds to wait before sending the request again', schema: { type: 'string' }, required: true },
  'X-Request-Id': { description: 'The request id: the caller’s own when valid, else a generated one', schema: { type: 'string' }, required: true },
};

const DESCRIPTION = `Intergovernmental summits, what they agreed, who committed to what, and whether commitments were kept.
Errors are RFC 9457 problem details; lists are keyset-paged; writes are guarded by ETags.

Behaviour this service adds where the contract is silent:
- A path id that cannot be an id of that collection (\`/v1/summits/par_…\`) is a 404, like an unknown one.
- Every query parameter is read and checked, however many are sent; brackets mean nothing (\`limit[]=1\` is an unknown parameter named \`limit[]\`).
- A filter may be repeated up to ${MAX_FILTER_REPEATS} times, and an \`in\` or \`nin\` list holds up to ${MAX_LIST_VALUES} values; more is a 400 naming the parameter.
- A request line and headers longer than the server reads (16 KB unless Node is told otherwise), usually from a long query string, is a 431 problem.
- A path that is not valid percent-encoding (\`/v1/summits/%zz\`) is a 400, whatever the method.
- A body may be compressed with \`Content-Encoding: gzip\` or \`deflate\`, and the body limit applies to it decoded; a body that does not decode is a 400, and any other coding (\`br\`, \`zstd\`) a 415 whose \`Accept-Encoding\` header lists the codings taken. Routes that take no body never read one.
- Objects and arrays in a JSON body (and in the JSON cells of a CSV import) nest at most ${MAX_BODY_DEPTH} levels deep, the body itself being the first; a body nested deeper is a 400 whose \`errors\` point at the first member too deep.
- A PUT or PATCH that leaves the resource as it was keeps its version and ETag.
- \`If-Match\` on a participation that does not exist yet (even \`*\`) is a 412, so an old ETag cannot re-create one.
- ETags compare as strings (\`"01"\` is not \`"1"\`): \`If-Match\` strongly, so a weak tag never matches it; \`If-None-Match\` weakly, as RFC 9110 §13.1.2 requires, so \`W/"2"\` matches \`"2"\` on reads and writes alike.
- \`If-None-Match\` on a write is a 412 when it matches the current version; \`If-None-Match: *\` makes a PUT create-only (412 if the participation exists).
- The next-page \`Link\` is built from the configured public base URL, or is relative when none is configured; never from the \`Host\` header.
- An \`Accept\` header that admits none of the media types an operation answers with (\`text/csv;q=0, application/json;q=0\`) is a 406.
- Sorting puts missing values first ascending and last descending; the id breaks ties in the direction of the first key.
- Relevance order (q without sort) shifts as the collection changes; give a sort to page search results stably while others write.
- A read with \`expand\` is never answered 304: the embedded records have versions of their own.
- In CSV, an empty cell is an absent member; lists are joined with ";", lists of objects are JSON; a header naming a column twice is a 400.
- In CSV, text that a spreadsheet would run as a formula (beginning with =, +, -, @, a tab or a carriage return), and text beginning with ', is exported behind a leading '; an import removes one leading ', so the round trip is exact.
- A bulk create validates every item, checks the database rules for all valid ones, and reports every failing item at once; 409 only when every failure is a uniqueness clash.
- A filter on a related record (participantId, role, theme, targetYear, targetType) takes eq, in and comparisons; repeating it asks for several related records (participantId=A&participantId=B: both took part).
- A partial date is the whole period it names (\`2024\` is all of 2024, \`2024-05\` all of May 2024), in the stored value and in a filter's bound alike, and a filter holds only when it holds for every day of the stored period: \`gte.X\` begins on or after X begins, \`gt.X\` begins after X ends, \`lt.X\` ends before X begins, \`lte.X\` ends on or before X ends, \`eq.X\` and \`in\` lie within X, \`ne\` and \`nin\` are the rest of the dated rows. So \`startDate=gte.2024-08-01\` includes \`2024-08\`, \`gte.2023\` includes \`2023-05-19\`, \`lt.2025\` excludes \`2025-03\`, and \`eq.2024-05-19\` excludes \`2024-05\`. A period that straddles the bound (\`2024\` against \`2024-05-19\`) matches neither \`gte\` nor \`lt\`: it may lie on either side. \`overdue=true\` is \`dueDate=lt.<today>\` and not fulfilled, so a commitment due \`2026\` is overdue from 2027.`;

/** The example a schema declares in its metadata, repeated on the media type where tools look for it. */
const exampleOf = (schema: z.ZodType): unknown => z.globalRegistry.get(schema)?.example;

const idempotencyHeader = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[\x20-\x7E]{1,255}$/)
    .optional()
    .meta({
      description:
        'Makes a retry safe: within 24 hours the same key with the same method, path and body replays the first answer (status, body, Location) with Idempotent-Replayed: true and writes nothing; with another body, 422; while the first is in flight, 409.',
      example: '5c1e3c1a-7f0e-4a55-9d8e-4b1f0f1f6a2b',
    }),
});

/** The problems any operation of this shape can answer, whatever it does. */
function genericProblems(route: Route): number[] {
  const statuses = [400, 401, 403, 429, 431, 500, 503, 507];
  if (route.path.includes('{')) statuses.push(404);
  if (route.method !== 'delete') statuses.push(406);
  if (route.body) statuses.push(413, 415, 422);
  if (route.method === 'put' || route.method === 'patch' || route.method === 'delete') statuses.push(412);
  // With Idempotency-Key: 409 while the first request with the key is in flight.
  if (route.method === 'post' || route.method === 'patch') statuses.push(409);
  return statuses;
}

function responseConfig(status: number, spec: ResponseSpec, bulk: boolean): ResponseConfig {
  const mediaType = status >= 400 ? 'application/problem+json' : 'application/json';
  const created = bulk && status === 201;
  const headers = Object.fromEntries(
    ['X-Request-Id' as const, ...(spec.headers ?? [])].map((name) => [
      name,
      // A bulk create answers with the created list: no single ETag or Location.
      created && name !== 'X-Request-Id' ? { ...HEADERS[name], required: false, description: `${HEADERS[name].description} (single create only)` } : HEADERS[name],
    ]),
  );
  const schema = spec.schema && created ? z.union([spec.schema, z.object({ data: z.array(spec.schema) })]) : spec.schema;
  return {
    description: created ? `${spec.description}; a bulk create answers { data: [...] } in the order sent` : spec.description,
    headers,
    content: schema
      ? { [mediaType]: { schema }, ...(spec.csv ? { 'text/csv': { schema: { type: 'string', description: 'RFC 4180 CSV with a header row' } } } : {}) }
      : undefined,
  };
}

/** The request body: one item, or for a bulk create also an array of items or CSV rows. */
function requestBody(route: Route) {
  const body = route.body!;
  const types = route.bodyTypes ?? ['application/json'];
  const schema = route.bulk ? z.union([body, z.array(body).min(1).max(MAX_BULK_ITEMS)]) : body;
  return {
    required: true,
    description: route.bulk
      ? `One item, or up to ${MAX_BULK_ITEMS} as a JSON array or as CSV rows (the columns of the CSV export, writable ones only), created all or none`
      : undefined,
    content: {
      ...Object.fromEntries(types.map((type) => [type, { schema, example: exampleOf(body) }])),
      ...(route.bulk ? { 'text/csv': { schema: { type: 'string' as const } } } : {}),
    },
  };
}

/** The query parameters as documented: the object a query schema parses before it is transformed (a list's). */
function queryParameters(route: Route): z.ZodType | undefined {
  const query = route.query as z.ZodType | undefined;
  const def = query?._zod.def as { type: string; in?: z.ZodType } | undefined;
  return def?.type === 'pipe' ? def.in : query;
}

export function buildOpenApiDocument(routes: readonly Route[], info: { version: string }, tags: readonly { name: string; description: string }[] = []) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key created with `npm run keys -- create`. Not needed while the database holds no key.',
  });
  for (const route of routes) {
    const responses = { ...problemResponses(...genericProblems(route)), ...route.responses };
    registry.registerPath({
      method: route.method,
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: route.tags,
      request: {
        params: route.params as never,
        query: queryParameters(route) as never,
        body: route.body ? requestBody(route) : undefined,
        headers: route.method === 'post' || route.method === 'patch' ? idempotencyHeader : undefined,
      },
      responses: Object.fromEntries(
        Object.entries(responses).map(([status, spec]) => [status, responseConfig(Number(status), spec as ResponseSpec, route.bulk !== undefined)]),
      ),
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Summit Tracker API',
      version: info.version,
      description: DESCRIPTION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the reference page and generated clients call the server that served the document.
    servers: [{ url: '/', description: 'This server' }],
    // The tags the routes use, in the order they first appear, described by their resources.
    tags: [...new Set(routes.flatMap((route) => route.tags))].map((name) => tags.find((tag) => tag.name === name) ?? { name }),
    security: [{ [bearer.name]: [] }, {}],
  });
}
