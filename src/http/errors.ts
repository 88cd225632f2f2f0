// The single error handler: our problems as they are, known library errors mapped, the rest hidden.
import type { ErrorRequestHandler, Request } from 'express';
import { ConflictError, DependentsError, NotFoundError, RuleViolation, type Violation } from '../domain/errors.js';
import { HttpProblem, jsonPointer } from './problem.js';

const bodyParserProblems: Record<string, (err: { message?: string }) => HttpProblem> = {
  'entity.parse.failed': () => new HttpProblem('malformed_json', 'The request body is not valid JSON'),
  'entity.too.large': () => new HttpProblem('payload_too_large', 'The request body is larger than the limit'),
  'encoding.unsupported': () => new HttpProblem('unsupported_media_type', 'The request body encoding is not supported'),
  'charset.unsupported': () => new HttpProblem('unsupported_media_type', 'The request body must be UTF-8'),
  'charset.invalid': () => new HttpProblem('bad_request', 'The request body is not valid UTF-8: it holds bytes that are not UTF-8 encoded text'),
  'request.aborted': () => new HttpProblem('bad_request', 'The request body was not received in full'),
  'request.size.invalid': () => new HttpProblem('bad_request', 'The request body does not match its Content-Length'),
};

/** The SQLite error code behind a driver or drizzle error (drizzle wraps them in `cause`). */
export function sqliteCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) return e.code;
  }
  return undefined;
}

/**
 * Database constraints back up the checks made before writing; if one still fires, it is the
 * client's input that broke it, so it is answered as such and never as a 500.
 */
function constraintProblem(code: string, req: Request): HttpProblem | undefined {
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new HttpProblem('conflict', 'The request conflicts with an existing record');
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return req.method === 'DELETE'
      ? new HttpProblem('has_dependents', 'Other records refer to this resource')
      : new HttpProblem('validation_error', 'The request refers to a record that does not exist');
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return new HttpProblem('validation_error', 'The request breaks a rule of the data model');
  }
  return undefined;
}

/** The database could not take the request for now; it wrote nothing and the same request may succeed later. */
function unavailableProblem(code: string): HttpProblem | undefined {
  // SQLITE_BUSY_SNAPSHOT, SQLITE_BUSY_TIMEOUT, SQLITE_LOCKED_SHAREDCACHE…: another connection has the
  // database, and will most likely have let go of it in a moment.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new HttpProblem('unavailable', 'The database is busy; retry shortly', { headers: { 'Retry-After': '1' } });
  }
  // The disk (or the database's page limit) is full: it takes an operator to free space.
  if (code === 'SQLITE_FULL') {
    return new HttpProblem('insufficient_storage', 'The storage of the database is full; nothing was written. Retry once space has been freed');
  }
  return undefined;
}

/** Violations as the problem's `errors`, pointing into the body; `at` places them in a bulk item. */
export function pointersOf(violations: Violation[], at: (string | number)[] = []): { pointer: string; detail: string }[] {
  return violations.map((v) => ({ pointer: jsonPointer([...at, ...v.path]), detail: v.detail }));
}

/** The problem that a data-layer error stands for. */
function domainProblem(err: unknown): HttpProblem | undefined {
  if (err instanceof NotFoundError) return new HttpProblem('not_found', err.message);
  if (err instanceof RuleViolation) return HttpProblem.invalid(pointersOf(err.violations));
  if (err instanceof ConflictError) {
    return new HttpProblem('conflict', err.message, err.violations.length ? { errors: pointersOf(err.violations) } : {});
  }
  if (err instanceof DependentsError) return new HttpProblem('has_dependents', err.message, { extensions: { dependents: err.counts } });
  return undefined;
}

export function toProblem(err: unknown, req: Request): HttpProblem | undefined {
  if (err instanceof HttpProblem) return err;
  const domain = domainProblem(err);
  if (domain) return domain;
  // The router decodes path parameters as it matches them; a stray or malformed escape (`%`, `%zz`,
  // a truncated UTF-8 sequence) makes that throw before any handler runs.
  if (err instanceof URIError && (err as { status?: unknown }).status === 400) {
    return new HttpProblem('bad_request', `The path ${req.path} is not valid percent-encoding`);
  }
  const type = (err as { type?: unknown })?.type;
  if (typeof type === 'string' && bodyParserProblems[type]) return bodyParserProblems[type](err as { message?: string });
  // zlib's own codes (Z_DATA_ERROR, Z_BUF_ERROR): body-parser passes them on, with no type, when a
  // gzip or deflate body does not decode.
  const zlibCode = (err as { code?: unknown })?.code;
  if (typeof zlibCode === 'string' && zlibCode.startsWith('Z_')) {
    return new HttpProblem('bad_request', `The request body does not decode as Content-Encoding ${req.get('Content-Encoding')} says`);
  }
  const code = sqliteCode(err);
  return code ? (constraintProblem(code, req) ?? unavailableProblem(code)) : undefined;
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const problem = toProblem(err, req) ?? new HttpProblem('internal_error', 'An unexpected error occurred; it has been logged');
  if (problem.status >= 500) req.log.error({ err, req: { id: res.getHeader('X-Request-Id') } }, 'request failed');
  if (res.headersSent) {
    res.end();
    return;
  }
  const requestId = String(res.getHeader('X-Request-Id') ?? '');
  res
    .status(problem.status)
    .set(problem.options.headers ?? {})
    .set('Cache-Control', 'no-store')
    .type('application/problem+json')
    .send(JSON.stringify(problem.toBody(req.originalUrl.split('?')[0] ?? req.path, requestId)));
};
