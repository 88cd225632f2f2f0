import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, sizeInBytes } from '../src/config.js';

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
      keepAliveTimeoutMs: 5000,
      headersTimeoutMs: 10000,
      requestTimeoutMs: 30000,
      corsOrigins: [],
      eventRetentionDays: 30,
    });
  });

  it('when CORS_ORIGINS lists origins, then they are kept; a path or another scheme is refused', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.org, http://localhost:5173' }).corsOrigins).toEqual(['https://app.example.org', 'http://localhost:5173']);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.org/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'ftp://files.example.org' })).toThrow(/CORS_ORIGINS/);
  });

  it('when values are set, then they are parsed', () => {
    expect(
      loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATABASE_PATH: ':memory:', NODE_ENV: 'production', LOG_LEVEL: 'warn', BODY_LIMIT: '512kb', RATE_LIMIT_PER_MINUTE: '0', EVENT_RETENTION_DAYS: '90' }),
    ).toMatchObject({ port: 8080, host: '0.0.0.0', databasePath: ':memory:', nodeEnv: 'production', logLevel: 'warn', bodyLimit: '512kb', rateLimitPerMinute: 0, eventRetentionDays: 90 });
  });

  it('when the connection timeouts are set, then they are parsed as milliseconds', () => {
    expect(loadConfig({ KEEP_ALIVE_TIMEOUT_MS: '65000', HEADERS_TIMEOUT_MS: '2000', REQUEST_TIMEOUT_MS: '2000' })).toMatchObject({
      keepAliveTimeoutMs: 65000,
      headersTimeoutMs: 2000,
      requestTimeoutMs: 2000,
    });
  });

  it('when HEADERS_TIMEOUT_MS is longer than REQUEST_TIMEOUT_MS, then a ConfigError says the headers are part of the request', () => {
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '5000', REQUEST_TIMEOUT_MS: '4000' })).toThrow(
      /HEADERS_TIMEOUT_MS: HEADERS_TIMEOUT_MS must not be more than REQUEST_TIMEOUT_MS/,
    );
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
    ['KEEP_ALIVE_TIMEOUT_MS', '0'],
    ['KEEP_ALIVE_TIMEOUT_MS', '5s'],
    ['HEADERS_TIMEOUT_MS', '0'],
    ['REQUEST_TIMEOUT_MS', '3600001'],
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

describe('sizeInBytes', () => {
  it.each([
    ['10b', 10],
    ['512kb', 512 * 1024],
    ['1mb', 1024 * 1024],
    ['2MB', 2 * 1024 * 1024],
  ])('when BODY_LIMIT is %s, then the limit is %i bytes, as the body parser counts it', (size, bytes) => {
    expect(sizeInBytes(size)).toBe(bytes);
  });
});
