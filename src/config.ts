// The environment, parsed once. A bad value stops the process with a message naming the variable.
import { z } from 'zod';

const integerString = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const configSchema = z.object({
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
};

export class ConfigError extends Error {}

/** Reads the configuration from an environment; empty variables count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape)
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
  };
}
