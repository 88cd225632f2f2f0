// Prometheus metrics: requests counted and timed by method, route template and status. Never the
// raw path, whose ids would make a series per record.
import type { Request, RequestHandler, Response } from 'express';
import client from 'prom-client';

/**
 * The route a request matched, as declared (`/v1/summits/:id`); `unmatched` for a 404 of no route.
 * Routes of the API sit on their collection's router (src/http/route.ts), which notes its prefix:
 * `req.baseUrl` no longer holds it once an error has left that router.
 */
export function routeTemplate(req: Request, res: Response): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return 'unmatched';
  const prefix = (res.locals.collection as string | undefined) ?? req.baseUrl;
  return path === '/' && prefix ? prefix : `${prefix}${path}`;
}

/** What the metrics take from each answered request: counted and timed by method, route and status. */
export type RecordRequest = (req: Request, res: Response, seconds: number) => void;

/**
 * The process's own metrics (CPU, memory, event-loop delay, GC), collected once per process: they
 * describe the process, not an app, and each collection keeps an event-loop monitor and a GC
 * observer running for as long as the process lives.
 */
let processRegistry: client.Registry | undefined;
function processMetrics(): client.Registry {
  if (!processRegistry) {
    processRegistry = new client.Registry();
    client.collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function httpMetrics(): { record: RecordRequest; handler: RequestHandler } {
  // The requests are counted per app (tests build many apps in one process); the scrape shows them
  // with the process's metrics.
  const registry = new client.Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new client.Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames, registers: [registry] });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request to the end of the response',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const scraped = client.Registry.merge([processMetrics(), registry]);
  return {
    // Called by the request log when a response has been sent in full (src/http/request-log.ts):
    // one listener on the response for both.
    record: (req, res, seconds) => {
      const labels = { method: req.method, route: routeTemplate(req, res), status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    handler: async (_req, res) => {
      res.set('Content-Type', scraped.contentType).send(await scraped.metrics());
    },
  };
}
