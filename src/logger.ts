// The service's logger. Credentials never reach the logs: anything logged with request or response
// headers has those that carry credentials censored wherever they appear.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/** The headers that carry credentials, as Node names them (lower case). */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie'] as const;

/**
 * Without a destination, lines go to stdout asynchronously: a line per request written with its own
 * blocking write cost a tenth of a GET's time. Lines queued while a write is under way go out
 * together in the next; pino flushes what is queued when the process exits (a SIGKILL loses it).
 */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream): Logger {
  const redact = CREDENTIAL_HEADERS.flatMap((name) => [`req.headers["${name}"]`, `res.headers["${name}"]`]);
  return pino({ level, redact }, destination ?? pino.destination({ dest: 1, sync: false }));
}
