// Idempotency-Key (API.md §1 "Idempotency") and the rate limit: what a retrying client and a busy
// one see.
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createKey } from '../src/auth/keys.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { expectNoWrite, expectProblem, makeApp, type Api } from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

const summit = { name: 'Central Asia + Japan Summit', kind: 'leaders_summit' };
const count = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('Idempotency-Key', () => {
  it('when a POST is retried with the same key, then the stored answer is replayed byte for byte and one row exists', async () => {
    const first = await api.post('/v1/summits').set('Idempotency-Key', 'k-1').send(summit);
    expect(first.status).toBe(201);
    const retry = await expectNoWrite(db, () => api.post('/v1/summits').set('Idempotency-Key', 'k-1').send(summit));
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers['content-type']).toBe(first.headers['content-type']);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(count('summits')).toBe(1);
  });

  it('when the same JSON comes with other spacing, then it is the same request', async () => {
    await api.post('/v1/summits').set('Idempotency-Key', 'k-2').send(summit).expect(201);
    const retry = await api.post('/v1/summits').set('Idempotency-Key', 'k-2').set('Content-Type', 'application/json').send(JSON.stringify(summit, null, 2));
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(count('summits')).toBe(1);
  });

  it('when the same key comes with another body or path, then 422 and nothing is written', async () => {
    await api.post('/v1/summits').set('Idempotency-Key', 'k-3').send(summit).expect(201);
    const other = await expectNoWrite(db, () => api.post('/v1/summits').set('Idempotency-Key', 'k-3').send({ ...summit, name: 'Another' }));
    expectProblem(other, 422, 'validation_error');
    expect(other.body.detail).toContain('Idempotency-Key');
    const elsewhere = await expectNoWrite(db, () => api.post('/v1/participants').set('Idempotency-Key', 'k-3').send({ kind: 'organization', name: 'ASEAN' }));
    expectProblem(elsewhere, 422, 'validation_error');
  });

  it('when 20 requests with one key arrive at once, then one row is created and the others replay it or are told it is in flight', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.post('/v1/summits').set('Idempotency-Key', 'burst').send(summit)));
    expect(count('summits')).toBe(1);
    const created = responses.filter((r) => r.status === 201 && !r.headers['idempotent-replayed']);
    expect(created).toHaveLength(1);
    for (const res of responses) {
      if (res.status === 201) expect(res.body.id).toBe(created[0]!.body.id);
      else expectProblem(res, 409, 'conflict');
    }
  });

  it('when a PATCH is retried, then it is applied once: the version moves once', async () => {
    const created = (await api.post('/v1/summits').send(summit).expect(201)).body;
    const first = await api.patch(`/v1/summits/${created.id}`).set('Idempotency-Key', 'p-1').send({ location: 'Astana' });
    const retry = await api.patch(`/v1/summits/${created.id}`).set('Idempotency-Key', 'p-1').send({ location: 'Astana' });
    expect(first.body.version).toBe(2);
    expect(retry.text).toBe(first.text);
    expect((await api.get(`/v1/summits/${created.id}`)).body.version).toBe(2);
  });

  it('when the first answer was a 4xx, then the retry gets that 4xx again', async () => {
    const first = await api.post('/v1/summits').set('Idempotency-Key', 'bad').send({ name: 'No kind' });
    expect(first.status).toBe(422);
    const retry = await api.post('/v1/summits').set('Idempotency-Key', 'bad').send({ name: 'No kind' });
    expect(retry.status).toBe(422);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.text).toBe(first.text);
  });

  it('when 24 hours have passed, then the key is forgotten and the request runs again', async () => {
    let now = new Date('2026-12-01T10:00:00.000Z');
    const timed = makeApp(undefined, { clock: () => now });
    await timed.api.post('/v1/summits').set('Idempotency-Key', 'day').send(summit).expect(201);
    now = new Date('2026-12-02T10:00:00.001Z');
    const later = await timed.api.post('/v1/summits').set('Idempotency-Key', 'day').send(summit);
    expect(later.status).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    expect((timed.db.$client.prepare('SELECT count(*) AS n FROM summits').get() as { n: number }).n).toBe(2);
  });

  it.each(['', 'x'.repeat(256), 'tab\there', 'é'])('when the key is %j, then 400 and nothing is written', async (key) => {
    const res = await expectNoWrite(db, () => api.post('/v1/summits').set('Idempotency-Key', key).send(summit));
    expectProblem(res, 400, 'bad_request');
  });

  it('when two API keys use the same Idempotency-Key, then each gets its own answer', async () => {
    const first = createKey(db, 'one', ['write']).secret;
    const second = createKey(db, 'two', ['write']).secret;
    const a = await api.post('/v1/summits').set('Authorization', `Bearer ${first}`).set('Idempotency-Key', 'shared').send(summit);
    const b = await api.post('/v1/summits').set('Authorization', `Bearer ${second}`).set('Idempotency-Key', 'shared').send(summit);
    expect(a.body.id).not.toBe(b.body.id);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('limits', () => {
  function limitedApp(perMinute: number) {
    const limitedDb = openDatabase(':memory:');
    migrateDatabase(limitedDb);
    return { db: limitedDb, api: request(createApp({ db: limitedDb, config: { bodyLimit: '1kb', nodeEnv: 'test', rateLimitPerMinute: perMinute } })) };
  }

  it('when a client sends more than the limit in a minute, then 429 with Retry-After and RateLimit headers, and nothing is written', async () => {
    const limited = limitedApp(3);
    for (let i = 0; i < 3; i++) expect((await limited.api.get('/v1/summits')).status).toBe(200);
    const res = await expectNoWrite(limited.db, () => limited.api.post('/v1/summits').send(summit));
    expectProblem(res, 429, 'rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers.ratelimit).toMatch(/r=0/);
    expect(res.headers['ratelimit-policy']).toMatch(/q=3; w=60/);
  });

  it('when the limit is 0, then there is none', async () => {
    const unlimited = limitedApp(0);
    for (let i = 0; i < 10; i++) expect((await unlimited.api.get('/v1/summits')).status).toBe(200);
  });

  it('when /livez is polled, then the limit does not apply to it', async () => {
    const limited = limitedApp(1);
    for (let i = 0; i < 5; i++) expect((await limited.api.get('/livez')).status).toBe(200);
  });

  it('when a body is over the limit, then 413 and nothing is written, even with an Idempotency-Key', async () => {
    const limited = limitedApp(0);
    const res = await expectNoWrite(limited.db, () => limited.api.post('/v1/summits').set('Idempotency-Key', 'big').send({ ...summit, description: 'x'.repeat(2000) }));
    expectProblem(res, 413, 'payload_too_large');
  });
});
