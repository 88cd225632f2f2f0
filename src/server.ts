// The HTTP server around the app, with the limits on how long a connection may hold a socket
// without sending what it owes. Nothing here listens: main.ts does.
import http from 'node:http';
import type { Express } from 'express';
import type { Config } from './config.js';

export function createServer(app: Express, config: Pick<Config, 'keepAliveTimeoutMs' | 'headersTimeoutMs' | 'requestTimeoutMs'>): http.Server {
  const server = http.createServer(
    {
      // A connection that has sent no complete headers in time (one that sends nothing at all
      // included) is answered 408 and closed; so is one that has not sent its whole request.
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      // How often those two are checked (30 s by default): often enough that neither overruns by much.
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
    },
    app,
  );
  // Node closes an idle kept-alive connection one second after this, having announced it in
  // `Keep-Alive: timeout=<seconds>`.
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  return server;
}
