// The Postman collection, converted from the OpenAPI document and made runnable: requests in an
// order that works against an empty database, ids carried between them in collection variables,
// example bodies, and a test per request of its status and of its body against the schema.
import { convert } from 'openapi-to-postmanv2';

type Json = Record<string, unknown>;
interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: {
    method: string;
    url: { path: string[]; variable?: { key: string; value: string }[]; query?: unknown[] };
    body?: { mode?: string; raw?: string };
    auth?: unknown;
  };
  event?: unknown[];
}

/** Which collection variable holds the id that a path segment names, e.g. `/v1/summits/{id}`. */
const ID_VARIABLES: Record<string, string> = {
  participants: 'participantId',
  summits: 'summitId',
  agreements: 'agreementId',
  actions: 'actionId',
  commitments: 'commitmentId',
};

/** Creates before reads and updates, deletes last and in reverse order of dependence. */
const RUN_ORDER: [folder: string, operations: string[]][] = [
  ['Participants', ['POST /v1/participants', 'GET /v1/participants', 'GET /v1/participants/{id}', 'PUT /v1/participants/{id}', 'PATCH /v1/participants/{id}']],
  [
    'Summits',
    [
      'POST /v1/summits',
      'GET /v1/summits',
      'GET /v1/summits/{id}',
      'PUT /v1/summits/{id}',
      'PATCH /v1/summits/{id}',
      'PUT /v1/summits/{id}/participants/{participantId}',
      'GET /v1/summits/{id}/participants',
      'GET /v1/summits/{id}/participants/{participantId}',
    ],
  ],
  [
    'Agreements',
    [
      'POST /v1/agreements',
      'GET /v1/agreements',
      'GET /v1/agreements/{id}',
      'PUT /v1/agreements/{id}',
      'PATCH /v1/agreements/{id}',
      'POST /v1/agreements/{id}/actions',
      'GET /v1/agreements/{id}/actions',
      'GET /v1/agreements/{id}/actions/{actionId}',
      'GET /v1/agreements/{id}/parties',
    ],
  ],
  ['Commitments', ['POST /v1/commitments', 'GET /v1/commitments', 'GET /v1/commitments/{id}', 'PUT /v1/commitments/{id}', 'PATCH /v1/commitments/{id}']],
  ['Search', ['GET /v1/search', 'GET /v1/themes']],
  [
    'Clean-up',
    [
      'DELETE /v1/commitments/{id}',
      'DELETE /v1/agreements/{id}/actions/{actionId}',
      'DELETE /v1/agreements/{id}',
      'DELETE /v1/summits/{id}/participants/{participantId}',
      'DELETE /v1/summits/{id}',
      'DELETE /v1/participants/{id}',
    ],
  ],
];

/** Replaces `{ "$ref": "#/components/schemas/X" }` by the schema itself, so a test can embed it. */
function dereference(node: unknown, document: Json): unknown {
  if (Array.isArray(node)) return node.map((n) => dereference(n, document));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Json)[key.replaceAll('~1', '/').replaceAll('~0', '~')], document);
    return dereference(target, document);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, dereference(v, document)]));
}

function testScript(operationKey: string, document: Json): string[] {
  const [method, path] = operationKey.split(' ') as [string, string];
  const operation = ((document.paths as Json)[path] as Json)[method.toLowerCase()] as { responses: Record<string, Json> };
  const success = Object.keys(operation.responses).filter((status) => status.startsWith('2'));
  const lines = [`pm.test('status is ${success.join(' or ')}', () => pm.expect(pm.response.code).to.be.oneOf([${success.join(', ')}]));`];
  const schemas = success
    .map((status) => (operation.responses[status]!.content as Record<string, { schema: Json }> | undefined)?.['application/json']?.schema)
    .filter((schema): schema is Json => schema !== undefined);
  if (schemas.length > 0) {
    lines.push(
      `pm.test('body matches the documented schema', () => pm.response.to.have.jsonSchema(${JSON.stringify(dereference(schemas[0], document))}));`,
    );
  }
  const created = method === 'POST' ? ID_VARIABLES[path.split('/').at(-1)!] : undefined;
  if (created) lines.push(`pm.collectionVariables.set('${created}', pm.response.json().id);`);
  return lines;
}

/** The id variables of a path: `/v1/summits/:id/participants/:participantId` → id=summitId, participantId=participantId. */
function pathVariables(segments: string[]): { key: string; value: string }[] {
  return segments.flatMap((segment, i) => {
    if (!segment.startsWith(':')) return [];
    const key = segment.slice(1);
    const variable = key === 'id' ? ID_VARIABLES[segments[i - 1] ?? ''] : key;
    return [{ key, value: `{{${variable}}}` }];
  });
}

/** Example ids in request bodies (`par_01HZY000…`) become the variables of the records made earlier. */
function bodyWithVariables(raw: string): string {
  const prefixes: Record<string, string> = { par: 'participantId', smt: 'summitId', agr: 'agreementId', act: 'actionId', cmt: 'commitmentId' };
  return raw.replace(/\b(par|smt|agr|act|cmt)_01HZY0{21}\b/g, (_m, prefix: string) => `{{${prefixes[prefix]}}}`);
}

function convertDocument(document: Json): Promise<Json> {
  return new Promise((resolve, reject) => {
    convert(
      { type: 'json', data: document },
      { folderStrategy: 'Tags', requestParametersResolution: 'Example', enableOptionalParameters: false },
      (err, result) => {
        const collection = result?.output?.[0]?.data;
        if (err || !result?.result || !collection) {
          reject(err ?? new Error(`OpenAPI to Postman conversion failed: ${result?.reason ?? 'no output'}`));
        } else resolve(collection as Json);
      },
    );
  });
}

export async function buildPostmanCollection(document: Json): Promise<Json> {
  const converted = await convertDocument(document);
  const byOperation = new Map<string, PostmanItem>();
  for (const folder of converted.item as PostmanItem[]) {
    for (const item of folder.item ?? []) {
      const request = item.request!;
      const path = `/${request.url.path.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}`;
      byOperation.set(`${request.method} ${path}`, item);
    }
  }

  const folders = RUN_ORDER.map(([name, operations]) => ({
    name,
    item: operations.map((operation) => {
      const item = byOperation.get(operation);
      if (!item) throw new Error(`The Postman run order names ${operation}, which the document does not have`);
      byOperation.delete(operation);
      const request = item.request!;
      request.url.variable = pathVariables(request.url.path);
      delete request.auth; // inherit the collection's bearer key
      if (request.body?.raw) request.body.raw = bodyWithVariables(request.body.raw);
      return { ...item, event: [{ listen: 'test', script: { type: 'text/javascript', exec: testScript(operation, document) } }] };
    }),
  }));
  if (byOperation.size > 0) throw new Error(`The Postman run order misses ${[...byOperation.keys()].join(', ')}`);

  return {
    ...converted,
    item: folders,
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] },
    variable: [
      { key: 'baseUrl', value: 'http://127.0.0.1:3000', type: 'string' },
      { key: 'apiKey', value: '', type: 'string' },
      ...Object.values(ID_VARIABLES).map((key) => ({ key, value: '', type: 'string' })),
    ],
  };
}
