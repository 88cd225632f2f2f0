// Checks every response the tests receive against what the OpenAPI document declares for that
// operation and status: the status itself, the media type, the headers and the body. The check
// is strict: a body member the document does not declare is a violation. The document is built
// once per run by global-setup.ts.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Response } from 'superagent';
import { inject } from 'vitest';

type Json = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, { schema: Json }>; headers?: Record<string, { required?: boolean }> }> };

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

/** Closes every object schema that lists its properties, so undeclared members fail. */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeObjects);
  if (node === null || typeof node !== 'object') return;
  const schema = node as Json;
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  Object.values(schema).forEach(closeObjects);
}

/** The document's operations and a validator for its schemas, made on first use: some files never need them. */
function makeChecker() {
  const document = inject('openApiDocument');
  const strictDocument = structuredClone(document);
  closeObjects(strictDocument.components);
  closeObjects(strictDocument.paths);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', ...strictDocument });
  const paths = Object.entries(document.paths as Record<string, Record<string, Operation>>).map(([template, operations]) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
    operations,
  }));
  return { ajv, paths };
}
let checker: ReturnType<typeof makeChecker> | undefined;

const validators = new Map<string, ValidateFunction>();
function validatorFor(ajv: Ajv2020, template: string, method: string, status: string, mediaType: string): ValidateFunction {
  const pointer = ['paths', template, method, 'responses', status, 'content', mediaType, 'schema']
    .map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1'))
    .join('/');
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi#/${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

const problemSchema = { $ref: 'openapi#/components/schemas/Problem' };

const violations: string[] = [];

/** The violations seen since the last call. */
export function takeViolations(): string[] {
  return violations.splice(0);
}

export function checkResponse(method: string, url: string, res: Response): void {
  const path = new URL(url, 'http://localhost').pathname;
  const where = `${method} ${path} → ${res.status}`;
  const problem = (message: string) => violations.push(`${where}: ${message}`);
  if (!path.startsWith('/v1/')) return;
  const { ajv, paths } = (checker ??= makeChecker());
  if (!res.headers['x-request-id']) problem('no X-Request-Id');

  const match = paths.find((p) => p.pattern.test(path));
  const operation = match?.operations[method.toLowerCase()];
  if (!match || !operation) {
    // An unknown route is a 404, a known path with another method a 405 (or 204 for OPTIONS), and
    // a path that is not valid percent-encoding a 400 whatever the method.
    if (method === 'OPTIONS' && res.status === 204) return;
    if (method === 'HEAD') return;
    if (![400, 404, 405].includes(res.status)) problem('undocumented route answered other than 400/404/405');
    if (!ajv.validate(problemSchema, res.body)) problem(`not a problem body: ${ajv.errorsText(ajv.errors)}`);
    return;
  }
  const declared = operation.responses[String(res.status)];
  if (!declared) return void problem(`status not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
  for (const [header, spec] of Object.entries(declared.headers ?? {})) {
    if (spec.required && res.headers[header.toLowerCase()] === undefined) problem(`required header ${header} missing`);
  }
  if (method === 'HEAD' || res.status === 304 || res.status === 204) return;
  const mediaTypes = Object.keys(declared.content ?? {});
  const mediaType = mediaTypes.find((type) => String(res.headers['content-type'] ?? '').startsWith(type));
  if (!mediaType) return void problem(`content-type ${res.headers['content-type']} not documented (${mediaTypes.join(', ')})`);
  const validate = validatorFor(ajv, match.template, method.toLowerCase(), String(res.status), mediaType);
  const body = mediaType === 'text/csv' ? res.text : res.body;
  if (!validate(body)) problem(`body does not match the document: ${ajv.errorsText(validate.errors)}`);
}
