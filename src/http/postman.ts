// The Postman collection, converted from the OpenAPI document and made runnable: requests in an
// order, derived from the document, that works against an empty database; ids carried between
// them in collection variables named after the id prefixes;
// example bodies, and a test per request of its status and of its body against the schema.
import { ID_PREFIX } from '../db/ids.js';

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

/** The collection variable that holds the last created id of each prefix: `smt` → `summitId`. */
const ID_VARIABLES: Record<string, string> = Object.fromEntries(Object.entries(ID_PREFIX).map(([name, prefix]) => [prefix, `${name}Id`]));

/** The operations of a document as `METHOD /path`, in document order. */
function operationsOf(document: Json): string[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** The collection a path belongs to: `/v1/summits/{id}` and `/v1/summits` are both `/v1/summits`. */
const collectionOf = (path: string) => path.replace(/\/\{\w+\}$/, '');

// Within a collection: creations first (POST, or PUT that creates a sub-resource), then reads and updates.
const METHOD_RANK: Record<string, number> = { POST: 0, PUT: 1, GET: 2, PATCH: 3 };

/**
 * The run order, derived from the document: each tag's collections in document order, each
 * creating before it reads or updates; then every delete, last collection first, so that
 * dependents go before what they depend on.
 */
function runOrder(document: Json): [folder: string, operations: string[]][] {
  const operations = operationsOf(document);
  const collections = [...new Set(operations.map((op) => collectionOf(op.split(' ')[1]!)))];
  const tagOf = (op: string) => {
    const [method, path] = op.split(' ') as [string, string];
    return (((document.paths as Json)[path] as Json)[method.toLowerCase()] as { tags: string[] }).tags[0]!;
  };
  const byCollection = (a: string, b: string) =>
    collections.indexOf(collectionOf(a.split(' ')[1]!)) - collections.indexOf(collectionOf(b.split(' ')[1]!));
  const kept = operations.filter((op) => !op.startsWith('DELETE '));
  const ordered = [...kept].sort((a, b) => byCollection(a, b) || METHOD_RANK[a.split(' ')[0]!]! - METHOD_RANK[b.split(' ')[0]!]!);
  const folders = [...new Set(ordered.map(tagOf))].map((tag): [string, string[]] => [tag, ordered.filter((op) => tagOf(op) === tag)]);
  const deletes = operations.filter((op) => op.startsWith('DELETE ')).sort((a, b) => byCollection(b, a));
  return [...folders, ['Clean-up', deletes]];
}

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
  if (method === 'DELETE' && operation.responses['409']) {
    // Progress updates are append-only: a commitment with evidence, and what it refers to, stays.
    // The clean-up accepts that refusal, and only that one.
    lines[0] =
      `pm.test('status is ${success.join(' or ')}, or 409 has_dependents for a record that evidence keeps', () => ` +
      `pm.response.code === 409 ? pm.expect(pm.response.json().code).to.equal('has_dependents') : pm.expect(pm.response.code).to.be.oneOf([${success.join(', ')}]));`;
  }
  const schemas = success
    .map((status) => (operation.responses[status]!.content as Record<string, { schema: Json }> | undefined)?.['application/json']?.schema)
    .filter((schema): schema is Json => schema !== undefined);
  if (schemas.length > 0) {
    lines.push(
      `pm.test('body matches the documented schema', () => pm.response.to.have.jsonSchema(${JSON.stringify(dereference(schemas[0], document))}));`,
    );
  }
  if (method === 'POST' && success.includes('201')) {
    // The id's prefix names the variable that later requests use (smt_… → summitId).
    lines.push(
      `const created = pm.response.json(); const variables = ${JSON.stringify(ID_VARIABLES)};`,
      `if (created && created.id) pm.collectionVariables.set(variables[created.id.split('_')[0]], created.id);`,
    );
  }
  if (method === 'PUT' && path.endsWith('s')) {
    // A batch written by PUT (assessments): its first item names the variable reads of one item use.
    lines.push(
      `const batch = pm.response.json(); const variables = ${JSON.stringify(ID_VARIABLES)};`,
      `if (batch && Array.isArray(batch.data) && batch.data[0] && batch.data[0].id) pm.collectionVariables.set(variables[batch.data[0].id.split('_')[0]], batch.data[0].id);`,
    );
  }
  return lines;
}

/**
 * Values that must be unique in the database (a country's ISO code, a Wikidata id) are made per
 * run, so the collection passes again on a database that already holds its records, or real ones:
 * the ISO code is in the XAA–XZZ range ISO 3166 leaves to users, changing every second.
 */
function uniquePerRun(raw: string): string {
  return raw.replace(/("iso3":\s*)"[A-Z]{3}"/g, '$1"{{runIso3}}"').replace(/("wikidataId":\s*)"Q\d+"/g, '$1"{{runWikidataId}}"');
}

/**
 * Members that must name a participant of one kind (a position's person, a membership's group),
 * where the participant variable holds the country made earlier: the request first makes a
 * participant of that kind, per run, and names it.
 */
const KIND_REFERENCES: Record<string, { variable: string; body: Json }> = {
  personId: { variable: 'runPersonId', body: { kind: 'person', name: 'Fumio Kishida' } },
  groupId: { variable: 'runGroupId', body: { kind: 'organization', name: 'Group of Seven' } },
};

function kindReferences(raw: string): string {
  return Object.entries(KIND_REFERENCES).reduce(
    (text, [member, { variable }]) => text.replace(new RegExp(`("${member}":\\s*)"par_01HZY[0-9]{21}"`, 'g'), `$1"{{${variable}}}"`),
    raw,
  );
}

/** The pre-request script that makes the participants a body names by `{{runPersonId}}` and the like. */
function kindReferenceScript(raw: string): string[] {
  return Object.values(KIND_REFERENCES)
    .filter(({ variable }) => raw.includes(`{{${variable}}}`))
    .flatMap(({ variable, body }) => [
      'pm.sendRequest({',
      "  url: pm.variables.replaceIn('{{baseUrl}}/v1/participants'),",
      "  method: 'POST',",
      "  header: Object.assign({ 'Content-Type': 'application/json' }, pm.variables.get('apiKey') ? { Authorization: 'Bearer ' + pm.variables.get('apiKey') } : {}),",
      `  body: { mode: 'raw', raw: ${JSON.stringify(JSON.stringify(body))} },`,
      `}, (err, res) => { if (!err && res.code === 201) pm.collectionVariables.set('${variable}', res.json().id); });`,
    ]);
}

const RUN_VALUES = [
  "if (!pm.collectionVariables.get('runWikidataId')) {",
  '  const seconds = Math.floor(Date.now() / 1000);',
  "  const letter = (n) => String.fromCharCode(65 + (n % 26));",
  "  pm.collectionVariables.set('runIso3', 'X' + letter(Math.floor(seconds / 26)) + letter(seconds));",
  "  pm.collectionVariables.set('runWikidataId', 'Q9' + Date.now());",
  '}',
];

/** Example ids (`par_01HZY000…`, see params.ts) become the variables of the records made earlier. */
function withVariables(raw: string): string {
  return raw.replace(/\b([a-z]{3})_01HZY0{21}\b/g, (match, prefix: string) => (ID_VARIABLES[prefix] ? `{{${ID_VARIABLES[prefix]}}}` : match));
}

async function convertDocument(document: Json): Promise<Json> {
  // Loaded when a collection is first asked for: the converter is a third of the service's start-up.
  const { convert } = await import('openapi-to-postmanv2');
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
  // The converter edits the document it is given (maxItems on arrays, inlined refs): it gets a
  // copy, and the checks below read the document as published.
  const converted = await convertDocument(structuredClone(document));
  const byOperation = new Map<string, PostmanItem>();
  for (const folder of converted.item as PostmanItem[]) {
    for (const item of folder.item ?? []) {
      const request = item.request!;
      const path = `/${request.url.path.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}`;
      byOperation.set(`${request.method} ${path}`, item);
    }
  }

  const folders = runOrder(document).map(([name, operations]) => ({
    name,
    item: operations.map((operation) => {
      const item = byOperation.get(operation);
      if (!item) throw new Error(`The Postman run order names ${operation}, which the document does not have`);
      byOperation.delete(operation);
      const request = item.request!;
      request.url.variable = (request.url.variable ?? []).map((v) => ({ ...v, value: withVariables(String(v.value)) }));
      delete request.auth; // inherit the collection's bearer key
      if (request.body?.raw) request.body.raw = uniquePerRun(withVariables(kindReferences(request.body.raw)));
      const raw = request.body?.raw ?? '';
      const prerequest = [...(/\{\{run(Iso3|WikidataId)\}\}/.test(raw) ? RUN_VALUES : []), ...kindReferenceScript(raw)];
      return {
        ...item,
        event: [
          ...(prerequest.length > 0 ? [{ listen: 'prerequest', script: { type: 'text/javascript', exec: prerequest } }] : []),
          { listen: 'test', script: { type: 'text/javascript', exec: testScript(operation, document) } },
        ],
      };
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
      { key: 'runIso3', value: '', type: 'string' },
      { key: 'runWikidataId', value: '', type: 'string' },
      ...Object.values(KIND_REFERENCES).map(({ variable }) => ({ key: variable, value: '', type: 'string' })),
      ...Object.values(ID_VARIABLES).map((key) => ({ key, value: '', type: 'string' })),
    ],
  };
}
