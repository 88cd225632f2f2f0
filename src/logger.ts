// The service's logger. Credentials never reach the logs: the request logger writes the headers of
// every request and response through it, and these are censored wherever they appear.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/** The headers that carry credentials, as Node names them (lower case). */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie'] as const;

export function createLogger(level: Config['logLevel'], destination?: DestinationStream): Logger {
  const redact = CREDENTIAL_HEADERS.flatMap((name) => [`req.headers["${name}"]`, `res.headers["${name}"]`]);
  return destination ? pino({ level, redact }, destination) : pino({ level, redact });
}
