// Who may call /v1: a Bearer API key with the scope the method needs, once any key exists.
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { allows, findKeyByHash, hashOf, hasActiveKey, recordUse, type Scope } from '../auth/keys.js';
import type { Db } from '../db/client.js';
import { HttpProblem } from './problem.js';

const REALM = 'Bearer realm="summit-tracker"';
/** Query parameters clients put keys in: refused, since URLs end up in logs, histories and referrers. */
const KEY_PARAMETERS = ['api_key', 'apikey', 'apiKey', 'key', 'access_token', 'token'];

/** The URL with the value of every key-like query parameter replaced, for the log. */
export function maskCredentials(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  let masked = false;
  for (const name of KEY_PARAMETERS) {
    if (params.has(name)) {
      params.set(name, '[redacted]');
      masked = true;
    }
  }
  return masked ? `${url.slice(0, query)}?${params}` : url;
}

/**
 * The secret of a well-formed `Authorization: Bearer <key>` header and its digest, worked out once
 * per request: the rate limiter counts by the digest and the key is looked up by it.
 */
function bearerOf(req: Request, res: Response): { secret: string; hash: string } | undefined {
  if (!('bearer' in res.locals)) {
    const secret = BEARER.exec(req.headers.authorization ?? '')?.[1];
    res.locals.bearer = secret === undefined ? undefined : { secret, hash: hashOf(secret) };
  }
  return res.locals.bearer as { secret: string; hash: string } | undefined;
}
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/** Reads need `read`; anything that can change state needs `write`. */
const neededScope = (method: string): Scope => (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? 'read' : 'write');

/**
 * While the database holds no active key and the service is not in production, the API is open
 * (the service warned at start). Otherwise: 401 with WWW-Authenticate for a missing, unknown or
 * revoked key, 403 for a key without the scope. OPTIONS (an Allow, a CORS preflight) needs none.
 */
export function authenticate(db: Db, nodeEnv: string): RequestHandler {
  return (req, res, next) => {
    const inQuery = KEY_PARAMETERS.filter((name) => Object.hasOwn(req.query as object, name));
    if (inQuery.length > 0) {
      throw new HttpProblem('bad_request', `API keys are accepted only in the Authorization header (Bearer), never in the query string: remove ${inQuery.join(', ')}`);
    }
    if (req.method === 'OPTIONS') return next();
    // A request with an active key is checked against it: that key is the active key that closes
    // the API, so whether any other exists need not be asked.
    const bearer = bearerOf(req, res);
    const found = bearer ? findKeyByHash(db, bearer.hash) : undefined;
    const key = found?.revokedAt ? undefined : found;
    if (!key && nodeEnv !== 'production' && !hasActiveKey(db)) return next();

    const header = req.get('Authorization');
    if (!header) throw new HttpProblem('unauthorized', 'An API key is required: send Authorization: Bearer <key>', { headers: { 'WWW-Authenticate': REALM } });
    const secret = bearer?.secret;
    if (!key) {
      throw new HttpProblem('unauthorized', secret ? 'The API key is unknown or revoked' : 'The Authorization header must be Bearer <key>', {
        headers: { 'WWW-Authenticate': `${REALM}, error="invalid_token"` },
      });
    }
    const needed = neededScope(req.method);
    if (!allows(key.scopes, needed)) {
      throw new HttpProblem('forbidden', `The API key lacks the ${needed} scope that ${req.method} needs`, {
        headers: { 'WWW-Authenticate': `${REALM}, error="insufficient_scope", scope="${needed}"` },
      });
    }
    res.locals.keyId = key.id;
    recordUse(db, key.id);
    next();
  };
}

/**
 * At most `perMinute` requests a minute per API key (by a digest of it, so that guessing keys is
 * limited too) or, without one, per client address: 429 with Retry-After and RateLimit headers.
 */
export function rateLimiter(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req, res) => {
      const bearer = bearerOf(req, res);
      return bearer ? `key:${bearer.hash.slice(0, 32)}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, _res, next, options) => {
      next(new HttpProblem('rate_limited', `More than ${options.limit} requests a minute; retry after the time in Retry-After`));
    },
  });
}
