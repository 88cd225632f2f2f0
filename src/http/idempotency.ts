// Idempotency-Key on POST and PATCH (API.md §1 "Idempotency"): a retry of the same request within
// 24 hours gets the stored answer again, and nothing is written twice.
import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { idempotencyKeys } from '../db/schema.js';
import { HttpProblem } from './problem.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A key whose first request has not answered after this long was abandoned (its process died): a retry may proceed. */
const IN_FLIGHT_TIMEOUT_MS = 60 * 1000;
const KEY = /^[\x20-\x7E]{1,255}$/;
const REPLAYED_HEADERS = ['Content-Type', 'Location', 'ETag'];

/**
 * The request a key was first used for: method, path and query, and the body as parsed (so that
 * the same JSON with other spacing is the same request).
 */
function fingerprintOf(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n`)
    .update(typeof body === 'string' ? body : JSON.stringify(body ?? null))
    .digest('hex');
}

/** Captures what the handler answers, to store it once it is sent. */
function capture(res: Response, onDone: (body: string) => void): void {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as Response['write'];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    onDone(Buffer.concat(chunks).toString('utf8'));
    return end(chunk, ...rest);
  }) as Response['end'];
}

export function idempotency(db: Db, clock: () => Date): RequestHandler {
  let lastPrune = 0;
  return (req, res, next) => {
    const key = req.get('Idempotency-Key');
    if (key === undefined || (req.method !== 'POST' && req.method !== 'PATCH')) return next();
    if (!KEY.test(key)) throw new HttpProblem('bad_request', 'Idempotency-Key must be 1 to 255 printable ASCII characters');

    const now = clock().getTime();
    if (now - lastPrune > 60_000) {
      lastPrune = now;
      db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_TTL_MS).toISOString())).run();
    }
    const owner = (res.locals.keyId as string | undefined) ?? '';
    const fingerprint = fingerprintOf(req.method, req.originalUrl, req.body);
    const where = and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key));
    const stored = db.select().from(idempotencyKeys).where(where).get();
    const expired = stored && now - Date.parse(stored.createdAt) >= IDEMPOTENCY_TTL_MS;
    const abandoned = stored?.state === 'in_flight' && now - Date.parse(stored.createdAt) >= IN_FLIGHT_TIMEOUT_MS;

    if (stored && !expired && !abandoned) {
      if (stored.fingerprint !== fingerprint) {
        throw new HttpProblem('validation_error', 'This Idempotency-Key was used for another request (method, path or body); use a new key for a new request');
      }
      if (stored.state === 'in_flight') {
        throw new HttpProblem('conflict', 'A request with this Idempotency-Key is still in progress; retry once it has answered', { headers: { 'Retry-After': '1' } });
      }
      res.status(stored.status!).set(stored.headers ?? {}).set('Idempotent-Replayed', 'true');
      res.end(stored.body ?? '');
      return;
    }

    // Claimed before the handler runs: a concurrent retry finds it in flight.
    const claim = { owner, key, fingerprint, state: 'in_flight' as const, status: null, headers: null, body: null, createdAt: new Date(now).toISOString() };
    db.insert(idempotencyKeys).values(claim).onConflictDoUpdate({ target: [idempotencyKeys.owner, idempotencyKeys.key], set: claim }).run();
    capture(res, (body) => {
      // A 5xx is the service's failure, not an answer: the key is released for a retry.
      if (res.statusCode >= 500) {
        db.delete(idempotencyKeys).where(where).run();
        return;
      }
      const headers = Object.fromEntries(
        REPLAYED_HEADERS.map((name) => [name, res.get(name)]).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
      );
      db.update(idempotencyKeys).set({ state: 'done', status: res.statusCode, headers, body }).where(where).run();
    });
    res.on('close', () => {
      // Closed before an answer was sent: release the key.
      if (!res.writableEnded) db.delete(idempotencyKeys).where(and(where, eq(idempotencyKeys.state, 'in_flight'))).run();
    });
    next();
  };
}
