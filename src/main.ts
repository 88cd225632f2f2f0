// The only file with side effects: configuration → database → migrations → HTTP server → graceful stop.
import { pino } from 'pino';
import { createApp } from './app.js';
import { hasActiveKey } from './auth/keys.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrateDatabase, openDatabase } from './db/client.js';
import { scheduleEventPruning } from './events/events.retention.js';

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

// Credentials never reach the logs: the request logger writes headers through this logger.
const logger = pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] });
const db = openDatabase(config.databasePath);
migrateDatabase(db);
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
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ host: config.host, port, databasePath: config.databasePath }, `listening on http://${config.host}:${port}`);
});
server.on('error', (err) => {
  logger.fatal({ err }, 'could not start the HTTP server');
  eventPruning.stop();
  db.$client.close();
  process.exit(1);
});

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
