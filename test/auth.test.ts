// API keys (../API.md §1 "Authentication"): the open-until-first-key rule, 401 and 403, the
// command that makes keys, and an authorization matrix over every mounted route.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createKey, listKeys, revokeKey } from '../src/auth/keys.js';
import { runKeys } from '../src/cli/keys.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { expectNoWrite, expectProblem, makeApp, mountedOperations } from './helpers.js';

/** An app with a key of each kind: read, write, admin, and a revoked one. */
function appWithKeys() {
  const { app, db, api } = makeApp();
  const read = createKey(db, 'dashboard', ['read']).secret;
  const write = createKey(db, 'importer', ['write']).secret;
  const admin = createKey(db, 'operator', ['admin']).secret;
  const revoked = createKey(db, 'old importer', ['write']);
  revokeKey(db, revoked.key.id);
  return { app, db, api, keys: { read, write, admin, revoked: revoked.secret } };
}

const bearer = (key: string) => `Bearer ${key}`;
const body = { name: 'Central Asia + Japan Summit', kind: 'leaders_summit' };

describe('before any key exists', () => {
  it('when no key was ever created, then /v1 is open outside production', async () => {
    const { api } = makeApp();
    expect((await api.get('/v1/summits')).status).toBe(200);
    expect((await api.post('/v1/summits').send(body)).status).toBe(201);
  });

  it('when every key is revoked, then /v1 is open again outside production', async () => {
    const { api, db } = makeApp();
    const { key } = createKey(db, 'temporary', ['read']);
    expect((await api.get('/v1/summits')).status).toBe(401);
    revokeKey(db, key.id);
    expect((await api.get('/v1/summits')).status).toBe(200);
  });

  it('when every key is revoked and a request still sends one of them, then /v1 is open to it as to any other', async () => {
    const { api, db } = makeApp();
    const { key, secret } = createKey(db, 'temporary', ['read']);
    revokeKey(db, key.id);
    expect((await api.get('/v1/summits').set('Authorization', bearer(secret))).status).toBe(200);
    expect((await api.post('/v1/summits').set('Authorization', bearer(secret)).send(body)).status).toBe(201);
  });

  it('when NODE_ENV is production, then a request without a key is 401 even with no key in the database', async () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    const api = request(createApp({ db, config: { bodyLimit: '1mb', nodeEnv: 'production' } }));
    expect((await api.get('/v1/summits')).status).toBe(401);
  });
});

describe('once a key exists', () => {
  it('when no Authorization is sent, then 401 with WWW-Authenticate: Bearer and nothing is written', async () => {
    const { api, db } = appWithKeys();
    const res = await expectNoWrite(db, () => api.post('/v1/summits').send(body));
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="summit-tracker"');
  });

  it.each([
    ['an unknown key', 'Bearer stk_not-a-key'],
    ['a revoked key', 'revoked'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['Bearer with nothing after it', 'Bearer '],
  ])('when the request carries %s, then 401 with error="invalid_token" and nothing is written', async (_case, header) => {
    const { api, db, keys } = appWithKeys();
    const res = await expectNoWrite(db, () => api.post('/v1/summits').set('Authorization', header === 'revoked' ? bearer(keys.revoked) : header).send(body));
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="summit-tracker", error="invalid_token"');
  });

  it('when a read key writes, then 403 naming the scope, and nothing is written', async () => {
    const { api, db, keys } = appWithKeys();
    const res = await expectNoWrite(db, () => api.post('/v1/summits').set('Authorization', bearer(keys.read)).send(body));
    expectProblem(res, 403, 'forbidden');
    expect(res.body.detail).toContain('write');
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
  });

  it('when a read key reads and write and admin keys write, then they pass (the scheme is case-insensitive)', async () => {
    const { api, keys } = appWithKeys();
    expect((await api.get('/v1/summits').set('Authorization', bearer(keys.read))).status).toBe(200);
    expect((await api.post('/v1/summits').set('Authorization', bearer(keys.write)).send(body)).status).toBe(201);
    expect((await api.get('/v1/summits').set('Authorization', `bearer ${keys.write}`)).status).toBe(200);
    expect((await api.post('/v1/summits').set('Authorization', bearer(keys.admin)).send(body)).status).toBe(201);
  });

  it.each(['api_key', 'access_token', 'key', 'token'])('when the key is sent as the query parameter %s, then 400 and nothing is written', async (name) => {
    const { api, db, keys } = appWithKeys();
    const res = await expectNoWrite(db, () => api.post(`/v1/summits?${name}=${keys.write}`).set('Authorization', bearer(keys.write)).send(body));
    expectProblem(res, 400, 'bad_request');
    expect(res.body.detail).toContain('Authorization header');
    expect(res.text).not.toContain(keys.write);
  });

  it.each(['/livez', '/readyz', '/openapi.json', '/postman.json', '/docs/'])('when %s is requested without a key, then it answers', async (path) => {
    const { api } = appWithKeys();
    expect((await api.get(path)).status).toBe(200);
  });

  it('when a key is used, then its last use is recorded', async () => {
    const { api, db, keys } = appWithKeys();
    await api.get('/v1/summits').set('Authorization', bearer(keys.read)).expect(200);
    const used = listKeys(db).find((k) => k.name === 'dashboard')!;
    expect(used.lastUsedAt).toEqual(expect.any(String));
    expect(listKeys(db).find((k) => k.name === 'operator')!.lastUsedAt).toBeNull();
  });
});

describe('the authorization matrix: every mounted route against every kind of key', () => {
  const { app } = makeApp();
  const operations = mountedOperations(app).filter((op) => op.split(' ')[1]!.startsWith('/v1/'));
  const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => `${name === 'participantId' ? 'par' : 'x'}_01HZY000000000000000000000`);

  it('when the router is walked, then there are routes of every method to check', () => {
    expect(operations.length).toBeGreaterThan(30);
    expect(new Set(operations.map((op) => op.split(' ')[0]))).toEqual(new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']));
  });

  it.each(operations)('%s', async (operation) => {
    const [method, template] = operation.split(' ') as [string, string];
    const { api, db, keys } = appWithKeys();
    const send = (authorization?: string) => {
      const test = (api as unknown as Record<string, (url: string) => request.Test>)[method.toLowerCase()]!(concrete(template));
      if (authorization) test.set('Authorization', authorization);
      return method === 'GET' || method === 'DELETE' ? test : test.send(method === 'PUT' && template.endsWith('assessments') ? [] : {});
    };
    const isRead = method === 'GET';
    for (const [kind, authorization, expected] of [
      ['no key', undefined, 401],
      ['a revoked key', bearer(keys.revoked), 401],
      ['a read key', bearer(keys.read), isRead ? 'pass' : 403],
      ['a write key', bearer(keys.write), 'pass'],
    ] as const) {
      const res = await expectNoWrite(db, () => send(authorization));
      if (expected === 'pass') expect([401, 403], `${kind}: ${res.status} ${res.text}`).not.toContain(res.status);
      else expect(res.status, `${kind}: ${res.text}`).toBe(expected);
      for (const secret of Object.values(keys)) expect(res.text).not.toContain(secret);
    }
  });
});

describe('keys never leave the service after they are made', () => {
  it('when a full run of requests carries keys, then the log holds key ids, never a key', async () => {
    let log = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    const { key, secret } = createKey(db, 'importer', ['write']);
    const api = request(createApp({ db, config: { bodyLimit: '1mb', nodeEnv: 'test' }, logger: pino({ level: 'info' }, stream) }));
    const created = await api.post('/v1/summits').set('Authorization', bearer(secret)).send(body).expect(201);
    await api.get(`/v1/summits/${created.body.id}`).set('Authorization', bearer(secret)).expect(200);
    await api.get('/v1/summits').set('Authorization', bearer(`${secret}x`)).expect(401);
    await api.get(`/v1/summits?api_key=${secret}`).expect(400);
    expect(log).toContain(key.id);
    expect(log).not.toContain(secret);
  });
});

describe('npm run keys', () => {
  function cli() {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    const out: string[] = [];
    const err: string[] = [];
    return { db, out, err, run: (...args: string[]) => runKeys(db, args, (l) => out.push(l), (l) => err.push(l)) };
  }

  it('when a key is created, then it is printed once, stored only as a hash, listed without it, and works until revoked', async () => {
    const { db, out, run } = cli();
    expect(run('create', '--name', 'importer', '--scopes', 'read,write')).toBe(0);
    const secret = out.at(-1)!;
    expect(secret).toMatch(/^stk_[A-Za-z0-9_-]{43}$/);
    const stored = JSON.stringify(db.$client.prepare('SELECT * FROM api_keys').all());
    expect(stored).not.toContain(secret);
    out.length = 0;
    expect(run('list')).toBe(0);
    expect(out.join('\n')).toMatch(/^key_\w+ {2}importer {2}scopes=read,write {2}created=\S+ {2}lastUsed=never {2}active$/);
    expect(out.join('\n')).not.toContain(secret);

    const api = request(createApp({ db, config: { bodyLimit: '1mb', nodeEnv: 'test' } }));
    expect((await api.post('/v1/summits').set('Authorization', bearer(secret)).send(body)).status).toBe(201);
    const id = listKeys(db)[0]!.id;
    createKey(db, 'another', ['read']); // with no active key left, the API would be open again
    expect(run('revoke', id)).toBe(0);
    expect((await api.get('/v1/summits').set('Authorization', bearer(secret))).status).toBe(401);
    out.length = 0;
    run('list');
    expect(out.find((line) => line.startsWith(id))).toMatch(/revoked \S+$/);
  });

  it.each([
    [['create', '--scopes', 'read']],
    [['create', '--name', 'x', '--scopes', 'read,delete']],
    [['create', '--name', 'x']],
    [['create', '--name', 'x', '--scopes', 'read', '--admin']],
    [['rotate']],
    [[]],
  ])('when run with %j, then it explains the usage, exits 2 and makes no key', (args) => {
    const { db, err, run } = cli();
    expect(run(...args)).toBe(2);
    expect(err.join('\n')).toContain('Usage');
    expect(listKeys(db)).toEqual([]);
  });

  it('when an unknown key is revoked, then it says so and exits 1', () => {
    const { err, run } = cli();
    expect(run('revoke', 'key_nope')).toBe(1);
    expect(err[0]).toContain('No key key_nope');
  });
});
