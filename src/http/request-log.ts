// The request log: one line per request, written when its response ends (or the client goes away),
// with what a reader needs and never a credential: no headers, key-like query values masked.
// pino-http did the same through a child logger built for every request, which cost more than
// writing the line.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { maskCredentials } from './auth.js';
import { routeTemplate, type RecordRequest } from './metrics.js';

declare module 'node:http' {
  interface IncomingMessage {
    /** The service's logger, for what goes wrong while answering (the error handler's 5xx). */
    log: Logger;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Gives each request an id (the client's X-Request-Id when it is a plain token, else a UUID), sent
 * back in X-Request-Id, and logs, once the response is over: the id, method and URL, the status,
 * the route template it matched, the id of the key that made it, and the time taken in ms. A
 * response sent in full is also passed to `record` (the metrics), with its time in seconds.
 */
export function requestLog(logger: Logger, record?: RecordRequest): RequestHandler {
  // The line has a fixed shape with no header in it: the logger's redaction has nothing to find
  // there, and looking for it cost more than writing the line.
  const lines = logger.child({}, { redact: [] });
  return (req, res, next) => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    req.log = logger;
    res.once('close', () => {
      const elapsed = performance.now() - started;
      const finished = res.writableFinished;
      if (finished) record?.(req, res, elapsed / 1000);
      const [level, message] = !finished
        ? (['warn', 'request aborted'] as const)
        : res.statusCode >= 500
          ? (['error', 'request errored'] as const)
          : (['info', 'request completed'] as const);
      if (!lines.isLevelEnabled(level)) return;
      lines[level]({
        req: { id, method: req.method, url: maskCredentials(req.originalUrl) },
        res: { statusCode: res.statusCode },
        route: routeTemplate(req, res),
        ...(res.locals.keyId ? { keyId: res.locals.keyId as string } : {}),
        responseTime: Math.round(elapsed),
      }, message);
    });
    next();
  };
}
