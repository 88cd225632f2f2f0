import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databasePath: './data/summit-tracker.db',
      nodeEnv: 'development',
      logLevel: 'info',
      bodyLimit: '1mb',
      rateLimitPerMinute: 600,
      eventRetentionDays: 30,
    });
  });

  it('when values are set, then they are parsed', () => {
    expect(
      loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_PATH: ':memory:', NODE_ENV: 'production', LOG_LEVEL: 'warn', BODY_LIMIT: '512kb', RATE_LIMIT_PER_MINUTE: '0', EVENT_RETENTION_DAYS: '90' }),
    ).toEqual({ port: 8080, host: '0.0.0.0', databasePath: ':memory:', nodeEnv: 'production', logLevel: 'warn', bodyLimit: '512kb', rateLimitPerMinute: 0, eventRetentionDays: 90 });
  });

  it('when PUBLIC_BASE_URL is set, then it is kept without its trailing slash', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://api.example.org/tracker/' }).publicBaseUrl).toBe('https://api.example.org/tracker');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '0x10'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['BODY_LIMIT', 'lots'],
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    // The contract keeps events at least 30 days.
    ['EVENT_RETENTION_DAYS', '29'],
    ['EVENT_RETENTION_DAYS', '30.5'],
    ['PUBLIC_BASE_URL', 'api.example.org'],
    ['PUBLIC_BASE_URL', 'ftp://api.example.org'],
    ['PUBLIC_BASE_URL', 'https://api.example.org/?x=1'],
    ['PUBLIC_BASE_URL', 'https://user:secret@api.example.org'],
  ])('when %s=%s, then a ConfigError names the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
