// Reading request bodies: JSON, and CSV where a route takes it, plain or compressed. Only the
// routes that take a body read one; the others leave it unread, whatever it holds.
import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { HttpProblem } from './problem.js';
import { JSON_TYPES } from './route.js';

/**
 * The content codings a body may be sent in. body-parser decodes these on every Node version;
 * it would also take br, and zstd on newer Node versions only, so which requests succeed would
 * depend on the runtime: both are refused like any unknown coding.
 */
export const BODY_ENCODINGS = ['identity', 'gzip', 'deflate'];

/** 415, with Accept-Encoding listing what is taken (RFC 9110 §12.5.3), for any other Content-Encoding. */
const checkContentEncoding: RequestHandler = (req, _res, next) => {
  const coding = req.get('Content-Encoding');
  if (coding !== undefined && !BODY_ENCODINGS.includes(coding.trim().toLowerCase())) {
    throw new HttpProblem(
      'unsupported_media_type',
      `The request body is sent with Content-Encoding ${coding}; it may be sent as is (identity), gzip or deflate`,
      { headers: { 'Accept-Encoding': BODY_ENCODINGS.filter((c) => c !== 'identity').join(', ') } },
    );
  }
  next();
};

/**
 * Refuses a body sent as UTF-8 that is not: the decoder would put U+FFFD in place of each bad
 * byte and the damaged text would be stored as if it had been sent.
 */
function requireUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string | null): void {
  if (encoding !== null && /^utf-?8$/i.test(encoding) && !isUtf8(body)) {
    throw Object.assign(new Error('The request body is not valid UTF-8'), { type: 'charset.invalid' });
  }
}

/** The middleware that reads a route's body into `req.body`, up to `limit` bytes once decoded. */
export function bodyReaders(limit: string): RequestHandler[] {
  return [
    checkContentEncoding,
    express.json({ limit, type: JSON_TYPES, verify: requireUtf8 }),
    express.text({ limit, type: 'text/csv', verify: requireUtf8 }),
  ];
}
