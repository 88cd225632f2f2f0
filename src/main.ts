// The only file with side effects: configuration → database → migrations → HTTP server → graceful stop.
import { createApp } from './app.js';
import { hasActiveKey } from './auth/keys.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { answerClientError } from './http/client-errors.js';
import { migrateDatabase, openDatabase, type Db } from './db/client.js';
import { scheduleEventPruning } from './events/events.retention.js';
import { createLogger } from './logger.js';
import { createServer } from './server.js';

const SHUTDOWN_GRACE_MS = 10_000;

let config: Config;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.logLevel);
const db = openOrExit(config.databasePath);
// Statistics for the query planner (which index serves a filter depends on them), refreshed
// where they are stale, with the work per index bounded so that start-up stays quick.
db.$client.pragma('analysis_limit = 1000');
db.$client.pragma('optimize = 0x10002');

if (!hasActiveKey(db)) {
  if (config.nodeEnv === 'production') {
    console.error(
      'NODE_ENV=production and the database holds no active API key: refusing to serve an open API. ' +
        'Create one first: npm run keys -- create --name <label> --scopes read,write (in the image: node dist/cli/keys.js create …)',
    );
    db.$client.close();
    process.exit(1);
  }
  logger.warn('the database holds no active API key: /v1 is open to anyone who can reach it; create one with npm run keys -- create --name <label> --scopes read,write');
}

// The change feed keeps its events for the retention window: pruned now and every hour.
const eventPruning = scheduleEventPruning({ db, retentionDays: config.eventRetentionDays, logger });

const app = createApp({ db, config, logger });
const server = createServer(app, config);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ host: config.host, port, databasePath: config.databasePath }, `listening on http://${config.host}:${port}`);
});
server.on('clientError', answerClientError(logger));
server.on('error', (err) => {
  logger.fatal({ err }, 'could not start the HTTP server');
  eventPruning.stop();
  db.$client.close();
  process.exit(1);
});

/** The database, migrated; or, when the path cannot be one, a single line that says why and exit code 1. */
function openOrExit(path: string): Db {
  try {
    const opened = openDatabase(path);
    migrateDatabase(opened);
    return opened;
  } catch (err) {
    console.error(`DATABASE_PATH: cannot use ${path} as the database: ${reasonOf(err)}`);
    process.exit(1);
  }
}

/** The innermost error's message, with its code: drizzle wraps the driver's errors in `cause`. */
function reasonOf(err: unknown): string {
  let inner = err as { message?: unknown; code?: unknown; cause?: unknown };
  while (inner.cause instanceof Error) inner = inner.cause;
  const message = String(inner.message ?? inner);
  return typeof inner.code === 'string' && !message.includes(inner.code) ? `${message} (${inner.code})` : message;
}

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping: no new connections; finishing requests in flight');
  const force = setTimeout(() => {
    logger.warn('requests still in flight after the grace period; closing their connections');
    server.closeAllConnections();
  }, SHUTDOWN_GRACE_MS);
  force.unref();
  // Keep-alive connections go idle as their last responses finish; close each as soon as it does.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  sweep.unref();
  server.close(() => {
    eventPruning.stop();
    db.$client.pragma('optimize');
    db.$client.close();
    logger.info('stopped');
    process.exit(0);
  });
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
