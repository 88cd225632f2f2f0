// Browser apps on allowed origins (CORS_ORIGINS) and compressed responses for clients that accept them.
import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { makeApp } from './helpers.js';

function appWith(corsOrigins: string[]) {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  return request(createApp({ db, config: { bodyLimit: '1mb', nodeEnv: 'test', corsOrigins } }));
}

describe('CORS', () => {
  const ORIGIN = 'https://app.example.org';

  it('when an allowed origin sends a preflight, then 204 allows its methods and the request headers a client sends', async () => {
    const res = await appWith([ORIGIN])
      .options('/v1/summits')
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-methods']).toContain('PATCH');
    expect(res.headers['access-control-allow-headers']).toContain('Idempotency-Key');
    expect(res.headers['access-control-allow-headers']).toContain('If-Match');
  });

  it('when an allowed origin reads, then it may see ETag, Location, Link, X-Request-Id and the RateLimit headers', async () => {
    const res = await appWith([ORIGIN]).get('/v1/summits').set('Origin', ORIGIN);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    for (const header of ['ETag', 'Location', 'Link', 'X-Request-Id', 'RateLimit', 'Retry-After']) {
      expect(res.headers['access-control-expose-headers']).toContain(header);
    }
  });

  it('when another origin asks, or CORS_ORIGINS is empty, then no Access-Control-Allow-Origin is sent', async () => {
    expect((await appWith([ORIGIN]).get('/v1/summits').set('Origin', 'https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await appWith([]).get('/v1/summits').set('Origin', ORIGIN)).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('compression', () => {
  /** The app with 500 summits, listening on a free port: raw bytes are read with node:http, which does not decompress. */
  async function bigList() {
    const { app, api } = makeApp();
    await api.post('/v1/summits').send(Array.from({ length: 500 }, (_, i) => ({ name: `Summit ${i} of the Central Asia + Japan dialogue`, kind: 'other', description: 'x'.repeat(100) }))).expect(201);
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    const get = (path: string, encoding?: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path, headers: encoding === undefined ? {} : { 'Accept-Encoding': encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on('error', reject);
      });
    return { get, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  it('when a client accepts gzip, then a 500-row list comes gzipped, far smaller, and decodes to the same JSON', async () => {
    const { get, close } = await bigList();
    try {
      const plain = await get('/v1/summits?limit=500', 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      const zipped = await get('/v1/summits?limit=500', 'gzip');
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
      expect(zipped.body.length * 5).toBeLessThan(plain.body.length);
      expect(JSON.parse(gunzipSync(zipped.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    } finally {
      await close();
    }
  });

  it('when a client accepts br, then the list comes brotli-compressed and decodes; CSV is compressed too', async () => {
    const { get, close } = await bigList();
    try {
      const plain = await get('/v1/summits?limit=500', 'identity');
      const br = await get('/v1/summits?limit=500', 'br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      expect((await get('/v1/summits?format=csv', 'gzip')).headers['content-encoding']).toBe('gzip');
    } finally {
      await close();
    }
  });

  it('when a client sends no Accept-Encoding, then the list comes as it is, saying that it varies by Accept-Encoding', async () => {
    const { get, close } = await bigList();
    try {
      const plain = await get('/v1/summits?limit=500');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
      expect(JSON.parse(plain.body.toString()).data).toHaveLength(500);
    } finally {
      await close();
    }
  });

  it('when an allowed origin sends no Accept-Encoding, then Vary names both Origin and Accept-Encoding', async () => {
    const ORIGIN = 'https://app.example.org';
    const res = await appWith([ORIGIN]).get('/v1/summits').set('Origin', ORIGIN).unset('Accept-Encoding');
    expect(res.status).toBe(200);
    expect(res.headers.vary).toMatch(/Origin/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
  });

  it('when a response is under 1 KB, then it is sent as it is', async () => {
    const { api } = makeApp();
    const res = await api.get('/v1/summits').set('Accept-Encoding', 'gzip');
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
