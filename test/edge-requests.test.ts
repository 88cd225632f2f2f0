// Requests that once answered 500, or were misread. Each is a client's mistake: it gets a 4xx
// problem that says what is wrong, and nothing is written. The checks that apply to every route of
// a kind are in routes.test.ts; these are the cases as they were reported, and their neighbours.
import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { pino } from 'pino';
import type { Test } from 'supertest';
import { describe, expect, it } from 'vitest';
import { answerClientError } from '../src/http/client-errors.js';
import { MAX_FILTER_REPEATS, MAX_LIST_VALUES } from '../src/http/filters.js';
import { MAX_BODY_DEPTH } from '../src/http/route.js';
import { createCommitment, createCountry, createSummit, expectNoWrite, expectProblem, makeApp, type Api } from './helpers.js';

async function newCommitment(api: Api) {
  const [summit, pledger] = [await createSummit(api), await createCountry(api)];
  return createCommitment(api, { summitId: summit.id, parties: [{ participantId: pledger.id, role: 'pledger' }] });
}

const nestedObjects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('a deeply nested JSON body', () => {
  it.each([
    ['commitments', 10_000],
    ['participants', 10_000],
    ['commitments', 100_000],
    ['participants', 150_000],
  ])('when PATCH /v1/%s/{id} gets a member nested %i levels, then 400 points at the first level too deep', async (collection, levels) => {
    const { api, db } = makeApp();
    const { id } = collection === 'commitments' ? await newCommitment(api) : await createCountry(api);
    const body = `{"description":${nestedObjects(levels)}}`;
    const res = await expectNoWrite(db, () => api.patch(`/v1/${collection}/${id}`).set('Content-Type', 'application/json').send(body));
    expectProblem(res, 400, 'bad_request', [`#/description${'/a'.repeat(MAX_BODY_DEPTH - 1)}`]);
    expect(res.body.detail).toBe(`The body nests deeper than ${MAX_BODY_DEPTH} levels`);
  });

  it('when PATCH gets arrays nested 150,000 levels, then 400', async () => {
    const { api, db } = makeApp();
    const { id } = await newCommitment(api);
    const res = await expectNoWrite(db, () => api.patch(`/v1/commitments/${id}`).set('Content-Type', 'application/merge-patch+json').send(`{"themes":${nestedArrays(150_000)}}`));
    expectProblem(res, 400, 'bad_request', [`#/themes${'/0'.repeat(MAX_BODY_DEPTH - 1)}`]);
  });

  it('when a bulk create nests one item too deep, then 400 points into that item and no item is created', async () => {
    const { api, db } = makeApp();
    const body = `[{"kind":"organization","name":"A"},{"kind":"organization","name":${nestedObjects(50)}}]`;
    const res = await expectNoWrite(db, () => api.post('/v1/participants').set('Content-Type', 'application/json').send(body));
    expectProblem(res, 400, 'bad_request', [`#/1/name${'/a'.repeat(MAX_BODY_DEPTH - 2)}`]);
  });

  it('when a JSON cell of a CSV import is nested too deep, then 400 points into that cell', async () => {
    const { api, db } = makeApp();
    const csv = `title,type,targets\r\nStatement,mou,"${nestedArrays(1_000).replaceAll('"', '""')}"\r\n`;
    const res = await expectNoWrite(db, () => api.post('/v1/agreements').set('Content-Type', 'text/csv').send(csv));
    expectProblem(res, 400, 'bad_request', [`#/0/targets${'/0'.repeat(MAX_BODY_DEPTH - 2)}`]);
  });
});

describe('many values in one filter', () => {
  const repeated = (name: string, value: string, times: number) => Array(times).fill(`${name}=${value}`).join('&');
  const dates = Array.from({ length: 1_200 }, (_, i) => `${2000 + (i % 25)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`);
  const slugs = Array.from({ length: 1_500 }, (_, i) => `climate.target_${i}`);

  it.each([
    ['kind repeated 1,000 times', '/v1/participants', repeated('kind', 'country', 1_000), 'kind', `is given 1000 times; a filter may be repeated at most ${MAX_FILTER_REPEATS} times`],
    ['iso3 repeated 1,100 times', '/v1/participants', repeated('iso3', 'JPN', 1_100), 'iso3', `is given 1100 times; a filter may be repeated at most ${MAX_FILTER_REPEATS} times`],
    ['iso3 repeated 2,000 times', '/v1/participants', repeated('iso3', 'JPN', 2_000), 'iso3', `is given 2000 times; a filter may be repeated at most ${MAX_FILTER_REPEATS} times`],
    ['startDate=in.(…1,200 dates)', '/v1/summits', `startDate=in.(${dates.join(',')})`, 'startDate', `in takes at most ${MAX_LIST_VALUES} values; this list has 1200`],
    ['theme=in.(…1,500 slugs)', '/v1/commitments', `theme=in.(${slugs.join(',')})`, 'theme', `in takes at most ${MAX_LIST_VALUES} values; this list has 1500`],
  ])('when a list gets %s, then 400 names the parameter and the limit', async (_case, path, queryString, parameter, detail) => {
    // Past Node's default header size, as a server configured for long URLs would take them.
    const { api } = makeApp(undefined, { maxHeaderSize: 1024 * 1024 });
    const res = await api.get(`${path}?${queryString}`);
    expectProblem(res, 400, 'invalid_parameter', [parameter]);
    expect(res.body.errors).toEqual([{ parameter, detail }]);
  });

  it('when sort names 2,000 keys, then one error says how many it takes', async () => {
    const { api } = makeApp();
    const res = await api.get(`/v1/summits?sort=${Array.from({ length: 2_000 }, (_, i) => `k${i}`).join(',')}`);
    expectProblem(res, 400, 'invalid_parameter', ['sort']);
    expect(res.body.errors).toEqual([{ parameter: 'sort', detail: 'takes at most 4 fields; this one has 2000' }]);
  });

  it.each([
    ['fields', '/v1/summits', 'fields', 'name'],
    ['expand', '/v1/summits', 'expand', 'participants'],
    ['types', '/v1/search?q=summit', 'types', 'summits'],
  ])('when %s names the same thing 1,000 times, then it is answered as if named once', async (_case, path, parameter, name) => {
    const { api } = makeApp();
    const summit = await createSummit(api, { name: 'Summit' });
    await api.put(`/v1/summits/${summit.id}/participants/${(await createCountry(api)).id}`).send({ role: 'host' }).expect(201);
    const once = await api.get(`${path}${path.includes('?') ? '&' : '?'}${parameter}=${name}`);
    const many = await api.get(`${path}${path.includes('?') ? '&' : '?'}${parameter}=${Array(1_000).fill(name).join(',')}`);
    expect([once.status, many.status]).toEqual([200, 200]);
    expect(many.body).toEqual(once.body);
  });

  it('when the limits are met exactly, then 200', async () => {
    const { api } = makeApp();
    const list = `in.(${dates.slice(0, MAX_LIST_VALUES).join(',')})`;
    expect((await api.get(`/v1/summits?${repeated('startDate', list, 2)}`)).status).toBe(200);
    expect((await api.get(`/v1/participants?${repeated('kind', 'ne.person', MAX_FILTER_REPEATS)}`)).status).toBe(200);
  });
});

describe('a request Node refuses before the app sees it', () => {
  /** The status, headers and body the server writes for `request`, sent as raw bytes. */
  async function rawExchange(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const server = createServer(makeApp().app).on('clientError', answerClientError(pino({ level: 'silent' })));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      socket.end(request);
      const chunks: Buffer[] = [];
      for await (const chunk of socket) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      return { status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 4) };
    } finally {
      server.close();
    }
  }

  it.each([
    ['iso3 repeated 2,000 times, past the 16 KB Node reads by default', `GET /v1/participants?${Array(2_000).fill('iso3=JPN').join('&')} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'headers_too_large'],
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', 400, 'bad_request'],
  ])('when it gets %s, then it answers a problem with a request id', async (_case, request, status, code) => {
    const res = await rawExchange(request);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(res.body)).toMatchObject({ status, code, type: `https://summit-tracker.dev/problems/${code.replaceAll('_', '-')}`, requestId: res.headers['x-request-id'] });
  });
});

describe('a query string with many parameters', () => {
  it('when a bad parameter comes after 10,000 empty pairs, then 400 still names it: no parameter is dropped', async () => {
    const { api } = makeApp();
    const res = await api.get(`/v1/participants?${'&'.repeat(10_000)}limit=abc`);
    expectProblem(res, 400, 'invalid_parameter', ['limit']);
  });

  it('when a parameter comes after 1,000 others, then it is counted like the others', async () => {
    const { api } = makeApp();
    const res = await api.get(`/v1/participants?${Array(1_000).fill('kind=country').join('&')}&limit=abc`);
    expectProblem(res, 400, 'invalid_parameter', ['kind', 'limit']);
  });

  it.each([
    ['a parameter nested 3,000 brackets deep', `a${'[b]'.repeat(3_000)}=1`, [`a${'[b]'.repeat(3_000)}`]],
    ['limit[]=1', 'limit[]=1', ['limit[]']],
    ['__proto__ as a parameter name', '__proto__=1', ['__proto__']],
    ['__proto__[kind]=country', '__proto__[kind]=country', ['__proto__[kind]']],
    ['constructor as a filter name', 'constructor=eq.x', ['constructor']],
    ['hasOwnProperty as a parameter name', 'hasOwnProperty=1', ['hasOwnProperty']],
  ])('when the query has %s, then 400 names it as an unknown parameter', async (_case, queryString, parameters) => {
    const { api } = makeApp();
    const res = await api.get(`/v1/participants?${queryString}`);
    expectProblem(res, 400, 'invalid_parameter', parameters);
  });
});

describe('a compressed body', () => {
  const raw = (test: Test, coding: string, bytes: Buffer) =>
    test.set('Content-Type', 'application/json').set('Content-Encoding', coding).serialize((body: unknown) => body as string).send(bytes);

  it('when Content-Encoding is gzip but the body is not, then 400 says it does not decode', async () => {
    const { api, db } = makeApp();
    const res = await expectNoWrite(db, () => raw(api.post('/v1/participants'), 'gzip', Buffer.from('{"kind":"organization","name":"Org"}')));
    expectProblem(res, 400, 'bad_request');
    expect(res.body.detail).toBe('The request body does not decode as Content-Encoding gzip says');
  });

  it('when Content-Encoding is br, then 415 names the codings taken and Accept-Encoding lists them', async () => {
    const { api, db } = makeApp();
    const res = await expectNoWrite(db, () => raw(api.post('/v1/participants'), 'br', brotliCompressSync('{"kind":"organization","name":"Org"}')));
    expectProblem(res, 415, 'unsupported_media_type');
    expect(res.body.detail).toBe('The request body is sent with Content-Encoding br; it may be sent as is (identity), gzip or deflate');
    expect(res.headers['accept-encoding']).toBe('gzip, deflate');
  });

  it('when a gzip body is valid, then it is created as if sent plain', async () => {
    const { api } = makeApp();
    const res = await raw(api.post('/v1/participants'), 'gzip', gzipSync('{"kind":"organization","name":"Org"}'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'organization', name: 'Org' });
  });

  it('when a small gzip body decodes to more than the body limit, then 413', async () => {
    const { api, db } = makeApp();
    const bomb = gzipSync(`{"kind":"organization","name":"${'x'.repeat(5_000_000)}"}`);
    expect(bomb.length).toBeLessThan(10_000);
    expectProblem(await expectNoWrite(db, () => raw(api.post('/v1/participants'), 'gzip', bomb)), 413, 'payload_too_large');
  });

  it('when a route that takes no body gets one it could not read, then the body is left unread', async () => {
    const { api } = makeApp();
    const country = await createCountry(api);
    expect((await raw(api.delete(`/v1/participants/${country.id}`), 'br', Buffer.from('not brotli'))).status).toBe(204);
  });
});

describe('a path with broken percent-encoding', () => {
  it.each(['/v1/participants/%', '/v1/participants/%zz'])('when GET %s, then 400 names the path', async (path) => {
    const { api } = makeApp();
    const res = await api.get(path);
    expectProblem(res, 400, 'bad_request');
    expect(res.body).toMatchObject({ detail: `The path ${path} is not valid percent-encoding`, instance: path });
  });

  it('when a method the path does not allow is sent to it, then 400 all the same, nothing written', async () => {
    const { api, db } = makeApp();
    expectProblem(await expectNoWrite(db, () => api.post('/v1/summits/%zz').send({})), 400, 'bad_request');
  });

  it('when a nested path breaks the parent id, then 400', async () => {
    const { api } = makeApp();
    const country = await createCountry(api);
    expectProblem(await api.put(`/v1/summits/%zz/participants/${country.id}`).send({ role: 'member' }), 400, 'bad_request');
  });

  it.each(['/nowhere/%', '/v1/nowhere/%zz', '/v1/summits/%zz/nothing'])('when an unknown path %s has one, then 404 as for any unknown path', async (path) => {
    const { api } = makeApp();
    expectProblem(await api.get(path), 404, 'not_found');
  });
});

describe('a CSV import whose header names a member of every object', () => {
  it.each(['__proto__', 'constructor'])('when POST /v1/participants gets a %s column, then 422 names it as unknown, like any other unknown column', async (column) => {
    const { api, db } = makeApp();
    const csv = `kind,name,${column}\r\norganization,Org,x\r\n`;
    const res = await expectNoWrite(db, () => api.post('/v1/participants').set('Content-Type', 'text/csv').send(csv));
    expectProblem(res, 422, 'validation_error', [`#/0/${column}`]);
    expect(res.body.errors).toEqual([{ pointer: `#/0/${column}`, detail: 'is not a known field' }]);
  });
});

describe('a JSON body with a member named like one of every object', () => {
  it.each(['__proto__', 'constructor'])('when POST /v1/participants gets {"%s": …}, then 422 names it as unknown', async (name) => {
    const { api, db } = makeApp();
    const body = `{"kind":"organization","name":"Org",${JSON.stringify(name)}:{"kind":"country"}}`;
    const res = await expectNoWrite(db, () => api.post('/v1/participants').set('Content-Type', 'application/json').send(body));
    expectProblem(res, 422, 'validation_error', [`#/${name}`]);
  });

  it.each(['__proto__', 'constructor'])('when PATCH sets %s to an object, then 422 names it and the stored resource is unchanged', async (name) => {
    const { api, db } = makeApp();
    const country = await createCountry(api);
    const body = `{${JSON.stringify(name)}:{"name":"Renamed"}}`;
    const res = await expectNoWrite(db, () => api.patch(`/v1/participants/${country.id}`).set('Content-Type', 'application/json').send(body));
    expectProblem(res, 422, 'validation_error', [`#/${name}`]);
  });
});
