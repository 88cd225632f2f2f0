// The environment, parsed once. A bad value stops the process with a message naming the variable.
import { z } from 'zod';

const integerString = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const milliseconds = (name: string, fallback: number) => integerString(name, 1, 3_600_000).default(fallback);

const configFields = z.object({
  PORT: integerString('PORT', 0, 65535).default(3000),
  HOST: z.string().min(1, 'HOST must not be empty').default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1, 'DATABASE_PATH must not be empty').default('./data/summit-tracker.db'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'BODY_LIMIT must be a size such as 512kb or 1mb')
    .default('1mb'),
  RATE_LIMIT_PER_MINUTE: integerString('RATE_LIMIT_PER_MINUTE', 0, 1_000_000).default(600),
  // The contract promises consumers of the change feed at least 30 days.
  EVENT_RETENTION_DAYS: integerString('EVENT_RETENTION_DAYS', 30, 36_500).default(30),
  PUBLIC_BASE_URL: z
    .string()
    .refine((value) => {
      if (!URL.canParse(value)) return false;
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username && !url.password;
    }, 'PUBLIC_BASE_URL must be an http or https URL without query, fragment or credentials, such as https://api.example.org')
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  KEEP_ALIVE_TIMEOUT_MS: milliseconds('KEEP_ALIVE_TIMEOUT_MS', 5_000),
  HEADERS_TIMEOUT_MS: milliseconds('HEADERS_TIMEOUT_MS', 10_000),
  REQUEST_TIMEOUT_MS: milliseconds('REQUEST_TIMEOUT_MS', 30_000),
  CORS_ORIGINS: z
    .string()
    .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
    .refine(
      (origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin && /^https?:$/.test(new URL(origin).protocol)),
      'CORS_ORIGINS must be a comma list of origins such as https://app.example.org (scheme, host and port only)',
    )
    .optional(),
});

const configSchema = configFields.refine((c) => c.HEADERS_TIMEOUT_MS <= c.REQUEST_TIMEOUT_MS, {
  path: ['HEADERS_TIMEOUT_MS'],
  message: 'HEADERS_TIMEOUT_MS must not be more than REQUEST_TIMEOUT_MS: the headers are part of the request',
});

export type Config = {
  port: number;
  host: string;
  databasePath: string;
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimit: string;
  rateLimitPerMinute: number;
  /** How long the change feed keeps an event, in days (at least 30). */
  eventRetentionDays: number;
  /** Where clients reach the service (`https://api.example.org`); next-page links are relative without it. */
  publicBaseUrl?: string;
  /** How long a kept-alive connection may wait for its next request. */
  keepAliveTimeoutMs: number;
  /** How long a connection may take to send a request's headers, from when it opens or its previous request ends. */
  headersTimeoutMs: number;
  /** How long a connection may take to send a whole request, body included. */
  requestTimeoutMs: number;
  /** Browser origins allowed to call the API (CORS); none when empty. */
  corsOrigins: string[];
};

/** `512kb` as bytes, counted as the body parser counts them (1kb = 1024 b). */
export function sizeInBytes(size: string): number {
  const [, amount, unit] = /^(\d+)(b|kb|mb)$/i.exec(size) ?? [];
  if (amount === undefined || unit === undefined) throw new Error(`${size} is not a size such as 512kb or 1mb`);
  return Number(amount) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit.toLowerCase() as 'b' | 'kb' | 'mb'];
}

export class ConfigError extends Error {}

/** Reads the configuration from an environment; empty variables count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.keys(configFields.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    databasePath: c.DATABASE_PATH,
    nodeEnv: c.NODE_ENV,
    logLevel: c.LOG_LEVEL,
    bodyLimit: c.BODY_LIMIT,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    eventRetentionDays: c.EVENT_RETENTION_DAYS,
    ...(c.PUBLIC_BASE_URL ? { publicBaseUrl: c.PUBLIC_BASE_URL } : {}),
    keepAliveTimeoutMs: c.KEEP_ALIVE_TIMEOUT_MS,
    headersTimeoutMs: c.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: c.REQUEST_TIMEOUT_MS,
    corsOrigins: c.CORS_ORIGINS ?? [],
  };
}
