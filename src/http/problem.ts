import { z } from 'zod';
import type { ResponseHeader } from './route.js';

// RFC 9457 problem details: the one shape of every 4xx and 5xx, with a closed set of codes.

export const problemCatalog = {
  bad_request: { status: 400, title: 'Bad request' },
  malformed_json: { status: 400, title: 'Request body is not valid JSON' },
  invalid_parameter: { status: 400, title: 'Query parameter failed validation' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Missing scope' },
  not_found: { status: 404, title: 'Resource not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  not_acceptable: { status: 406, title: 'Not acceptable' },
  request_timeout: { status: 408, title: 'Request timeout' },
  conflict: { status: 409, title: 'Conflicts with an existing resource' },
  has_dependents: { status: 409, title: 'Other records depend on this resource' },
  precondition_failed: { status: 412, title: 'The resource has changed' },
  payload_too_large: { status: 413, title: 'Request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  validation_error: { status: 422, title: 'Request body failed validation' },
  rate_limited: { status: 429, title: 'Too many requests' },
  headers_too_large: { status: 431, title: 'Request header fields too large' },
  internal_error: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
  insufficient_storage: { status: 507, title: 'Storage is full' },
} as const;

export type ProblemCode = keyof typeof problemCatalog;

/** One invalid input: a body member by JSON Pointer (`#/parties/2/role`) or a query parameter by name. */
export type FieldError = { pointer: string; detail: string } | { parameter: string; detail: string };

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ProblemCode;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

export const problemTypeUri = (code: ProblemCode) =>
  `https://summit-tracker.dev/problems/${code.replaceAll('_', '-')}`;

export class HttpProblem extends Error {
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly options: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
    this.status = problemCatalog[code].status;
  }

  static notFound(what: string, id: string): HttpProblem {
    return new HttpProblem('not_found', `${what} ${id} does not exist`);
  }

  /** A 422 for one or more body members. */
  static invalid(errors: { pointer: string; detail: string }[]): HttpProblem {
    return new HttpProblem('validation_error', countInvalid(errors.length, 'field'), { errors });
  }

  static invalidParameters(errors: { parameter: string; detail: string }[]): HttpProblem {
    return new HttpProblem('invalid_parameter', countInvalid(errors.length, 'parameter'), { errors });
  }

  toBody(instance: string, requestId: string): ProblemBody {
    return {
      type: problemTypeUri(this.code),
      title: problemCatalog[this.code].title,
      status: this.status,
      detail: this.detail,
      instance,
      code: this.code,
      requestId,
      ...(this.options.errors ? { errors: this.options.errors } : {}),
      ...this.options.extensions,
    };
  }
}

function countInvalid(n: number, noun: string): string {
  return n === 1 ? `1 ${noun} is invalid` : `${n} ${noun}s are invalid`;
}

/** `#/parties/2/role` from a path of keys, escaped per RFC 6901. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return `#${path.map((key) => `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`;
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string(),
    code: z.enum(Object.keys(problemCatalog) as [ProblemCode, ...ProblemCode[]]),
    requestId: z.string(),
    errors: z
      .array(z.union([z.object({ pointer: z.string(), detail: z.string() }), z.object({ parameter: z.string(), detail: z.string() })]))
      .optional(),
    dependents: z.record(z.string(), z.int()).optional(),
  })
  .meta({ id: 'Problem' });

const problemDescriptions: Record<number, string> = {
  400: 'Malformed JSON, a body that is not UTF-8, nested too deep or that does not decode as its Content-Encoding says, an invalid query parameter, or a path that is not valid percent-encoding',
  401: 'No API key, or an unknown or revoked one (once any key exists)',
  403: 'The API key lacks the scope: read for GET, write for changes',
  429: 'Too many requests from this key or address: see Retry-After and the RateLimit headers',
  404: 'No such resource',
  409: 'Conflicts with existing records',
  412: 'If-Match does not match the current version',
  413: 'Body over the size limit',
  415: 'Body is not in a media type the operation takes, or is sent with a Content-Encoding other than identity, gzip or deflate',
  422: 'Body failed validation or a domain rule',
  431: 'Request line and headers longer than the server reads (16 KB by default), usually from a long query string',
  503: 'The database is busy (another process holds it); nothing was written. Retry after Retry-After seconds',
  507: 'The storage of the database is full; nothing was written. Retry once space has been freed',
};

/** Headers a problem of that status always carries. */
const problemHeaders: Record<number, ResponseHeader[]> = {
  503: ['Retry-After'],
};

/** The problem responses an operation can give, for its declaration. */
export function problemResponses(
  ...statuses: number[]
): Record<number, { description: string; schema: typeof problemSchema; headers?: ResponseHeader[] }> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: problemDescriptions[status] ?? 'Problem',
        schema: problemSchema,
        ...(problemHeaders[status] ? { headers: problemHeaders[status] } : {}),
      },
    ]),
  );
}
