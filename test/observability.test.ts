// What operators see: Prometheus metrics by route template, and one log line per request with
// what a reader needs.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createKey } from '../src/auth/keys.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { makeApp } from './helpers.js';

describe('GET /metrics', () => {
  it('when requests were answered, then they are counted and timed by method, route template and status, never by raw path', async () => {
    const { api } = makeApp();
    const created = (await api.post('/v1/summits').send({ name: 'Summit', kind: 'other' }).expect(201)).body;
    await api.get(`/v1/summits/${created.id}`).expect(200);
    await api.get(`/v1/summits/${created.id}`).expect(200);
    await api.get('/v1/summits/smt_01HZZZZZZZZZZZZZZZZZZZZZZZ').expect(404);
    await api.get('/v1/nowhere/at/all').expect(404);
    const res = await api.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('http_requests_total{method="GET",route="/v1/summits/:id",status="200"} 2');
    expect(res.text).toContain('http_requests_total{method="GET",route="/v1/summits/:id",status="404"} 1');
    expect(res.text).toContain('http_requests_total{method="POST",route="/v1/summits",status="201"} 1');
    expect(res.text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/v1\/summits\/:id",status="200"\} \d+/);
    expect(res.text).not.toContain(created.id);
    expect(res.text).not.toContain('nowhere');
    expect(res.text).toContain('process_cpu_seconds_total');
  });

  it('when keys exist, then /metrics takes a read key', async () => {
    const { api, db } = makeApp();
    const read = createKey(db, 'monitoring', ['read']).secret;
    expect((await api.get('/metrics')).status).toBe(401);
    expect((await api.get('/metrics').set('Authorization', `Bearer ${read}`)).status).toBe(200);
  });
});

describe('the request log', () => {
  it('when a request is answered, then one line carries its id, method, route template, status, duration and key id, and no headers', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    const { key, secret } = createKey(db, 'importer', ['write']);
    const api = request(createApp({ db, config: { bodyLimit: '1mb', nodeEnv: 'test' }, logger: pino({ level: 'info' }, stream) }));
    const created = (await api.post('/v1/summits').set('Authorization', `Bearer ${secret}`).set('X-Request-Id', 'req-42').send({ name: 'S', kind: 'other' })).body;
    await api.get(`/v1/summits/${created.id}`).set('Authorization', `Bearer ${secret}`).set('X-Request-Id', 'req-43').expect(200);
    const line = lines.find((l) => (l.req as { id?: string } | undefined)?.id === 'req-43')!;
    expect(line).toMatchObject({ req: { id: 'req-43', method: 'GET', url: `/v1/summits/${created.id}` }, res: { statusCode: 200 }, route: '/v1/summits/:id', keyId: key.id });
    expect(line.responseTime).toEqual(expect.any(Number));
    expect(JSON.stringify(line).length).toBeLessThan(400);
    expect(lines.filter((l) => (l.req as { id?: string } | undefined)?.id === 'req-42')).toHaveLength(1);
  });
});
