// What every response shares: request ids, security headers, problem+json, 404/405, no leaks.
import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { expectNoWrite, expectProblem, makeApp, missingId, PROBLEM_TYPE, type Api } from './helpers.js';

let api: Api;
let app: ReturnType<typeof makeApp>['app'];
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, app, db } = makeApp());
});

describe('X-Request-Id', () => {
  it('when the client sends a valid one, then it is echoed on the response and in the problem body', async () => {
    const res = await api.get(`/v1/summits/${missingId('smt')}`).set('X-Request-Id', 'trace-42.a_b');
    expect(res.headers['x-request-id']).toBe('trace-42.a_b');
    expect(res.body.requestId).toBe('trace-42.a_b');
  });

  it.each([['has spaces'], ['x'.repeat(129)], ['semi;colon']])('when the incoming one is invalid (%s), then a new one is generated', async (incoming) => {
    const res = await api.get('/v1/summits').set('X-Request-Id', incoming);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when the client sends none, then one is generated for every response, errors included', async () => {
    const ok = await api.get('/v1/participants');
    const missing = await api.get('/nowhere');
    expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers['x-request-id']).not.toBe(missing.headers['x-request-id']);
  });
});

describe('headers on every response', () => {
  it('when any response is sent, then it has security headers and no X-Powered-By', async () => {
    const res = await api.get('/v1/participants');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('when a write is answered, then nothing in it is cacheable', async () => {
    const created = await api.post('/v1/summits').send({ name: 'S', kind: 'other' });
    expect(created.headers['cache-control']).toBe('no-store');
    const rejected = await api.post('/v1/summits').send({});
    expect(rejected.headers['cache-control']).toBe('no-store');
    const read = await api.get(`/v1/summits/${created.body.id}`);
    expect(read.headers['cache-control']).toBe('private, no-cache');
  });
});

describe('unknown routes and methods', () => {
  it.each([['/nowhere'], ['/v1/nowhere'], ['/v1/summits/smt_x/nothing']])('when %s is requested, then 404 is problem+json, not HTML', async (path) => {
    const res = await api.get(path);
    expectProblem(res, 404, 'not_found');
    expect(res.body.instance).toBe(path);
  });

  it('when a method is not allowed on a path, then 405 lists the allowed ones', async () => {
    const res = await api.post(`/v1/summits/${missingId('smt')}`).send({});
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
  });

  it('when a collection is deleted, then 405 with Allow', async () => {
    const res = await api.delete('/v1/commitments');
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
  });

  it('when an unknown route or a method not allowed gets a malformed body, then 404 or 405: only routes that take a body read it', async () => {
    expectProblem(await api.post('/v1/nowhere').set('Content-Type', 'application/json').send('{"name":'), 404, 'not_found');
    expectProblem(await api.post(`/v1/summits/${missingId('smt')}`).set('Content-Type', 'application/json').send('{"name":'), 405, 'method_not_allowed');
    expect((await api.get('/v1/summits').set('Content-Type', 'application/json').send('{"name":')).status).toBe(200);
  });

  it('when OPTIONS is sent, then 204 with Allow', async () => {
    const res = await api.options('/v1/agreements');
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
  });
});

describe('HEAD', () => {
  /** The raw bytes of a HEAD response, read until the server closes: supertest would hide a body sent by mistake. */
  async function rawHead(path: string): Promise<{ status: number; headers: Record<string, string>; rest: string }> {
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      socket.end(`HEAD ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      const chunks: Buffer[] = [];
      for await (const chunk of socket) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      return { status: Number(statusLine!.split(' ')[1]), headers, rest: text.slice(end + 4) };
    } finally {
      server.close();
    }
  }

  it.each([
    ['a readable list', '/v1/participants', 200, /^application\/json/, undefined],
    ['a missing resource', `/v1/summits/${missingId('smt')}`, 404, PROBLEM_TYPE, 'not_found'],
  ])('when HEAD is sent to %s, then it answers with the status and headers of GET and no body', async (_case, path, status, type, code) => {
    const get = await api.get(path);
    if (code) expectProblem(get, status, code);
    else expect(get.status).toBe(status);
    const head = await rawHead(path);
    expect(head).toMatchObject({ status, rest: '' });
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.headers['content-type']).toMatch(type);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.text)));
  });
});

describe('bodies declared larger than the limit', () => {
  /**
   * Sends a request head declaring a body of `declared` bytes, then only `sent`, and reads what
   * comes back until the server closes the connection. Supertest would send the whole body.
   */
  async function declareBody(declared: number, sent: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      socket.on('error', () => {}); // a reset after the answer is a way of closing too
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      const closed = once(socket, 'close');
      socket.write(
        `POST /v1/summits HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n${sent}`,
      );
      await closed;
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      return { status: Number(statusLine!.split(' ')[1]), headers, body: text.slice(end + 4) };
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }

  it.each([
    ['10 GB, of which 2 bytes are sent', 10 * 1024 ** 3, '{"'],
    ['200 MB, of which 64 KiB are sent', 200 * 1024 ** 2, `{"name":"${'x'.repeat(64 * 1024)}`],
    ['one byte over the limit, of which none is sent', 1024 * 1024 + 1, ''],
  ])('when a request declares a body of %s, then 413 comes before the body is read and the connection is closed', async (_case, declared, sent) => {
    const res = await declareBody(declared, sent);
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(res.headers['content-type']).toMatch(PROBLEM_TYPE);
    expect(JSON.parse(res.body)).toMatchObject({
      status: 413,
      code: 'payload_too_large',
      detail: `The request body (${declared} bytes) is larger than the limit of 1048576 bytes`,
    });
  });

  it('when a request declares a body of exactly the limit, then it is read as usual', async () => {
    const body = JSON.stringify({ name: 'At the limit', kind: 'other', description: '' });
    const padded = body.slice(0, -3) + ' '.repeat(1024 * 1024 - body.length) + body.slice(-3);
    const res = await api.post('/v1/summits').set('Content-Type', 'application/json').send(padded);
    expect(res.status).toBe(201);
  });
});

describe('bodies that are not UTF-8', () => {
  // "Café" in Latin-1: the é is the single byte 0xE9, which UTF-8 never allows before a space.
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  // supertest would send a Buffer with a JSON type as JSON of the Buffer object: send the bytes as they are.
  const asIs = (bytes: unknown) => bytes as string;

  it.each([
    ['application/json', latin1('{"name":"Caf\u00e9 summit","kind":"other"}')],
    ['application/json; charset=utf-8', latin1('{"name":"Caf\u00e9 summit","kind":"other"}')],
    ['text/csv', latin1('name,kind\nCaf\u00e9 summit,other\n')],
  ])('when a %s body holds bytes that are not UTF-8, then 400 names the encoding and nothing is written', async (type, body) => {
    const res = await expectNoWrite(db, () => api.post('/v1/summits').set('Content-Type', type).serialize(asIs).send(body));
    expectProblem(res, 400, 'bad_request');
    expect(res.body.detail).toMatch(/not valid UTF-8/);
  });

  it.each([
    ['application/json', Buffer.from('{"name":"Caf\u00e9 summit","kind":"other"}')],
    ['text/csv', Buffer.from('name,kind\nCaf\u00e9 summit,other\n')],
  ])('when the same %s body is sent as UTF-8, then it is stored as sent', async (type, body) => {
    const res = await api.post('/v1/summits').set('Content-Type', type).serialize(asIs).send(body);
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).toContain('Caf\u00e9 summit');
  });
});

describe('logging', () => {
  it('when a response sets a cookie, then its logged headers show it redacted', () => {
    // No route sets a cookie today; the request side is checked through the real process (process.test.ts).
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info({ res: { statusCode: 200, headers: { 'set-cookie': 'session=secret-set-cookie', 'x-request-id': 'r1' } } }, 'request completed');
    expect(lines.join('')).not.toContain('secret-set-cookie');
    expect(JSON.parse(lines[0]!)).toMatchObject({ res: { headers: { 'set-cookie': '[Redacted]', 'x-request-id': 'r1' } } });
  });
});

describe('unexpected failures', () => {
  it('when the database fails, then 500 is a problem that shows no stack, SQL or internal message', async () => {
    db.$client.close();
    const res = await api.get('/v1/participants');
    expectProblem(res, 500, 'internal_error');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/database|sqlite|select|connection|\bat \S+:\d+/i);
    expect(res.body.detail).toBe('An unexpected error occurred; it has been logged');
  });
});

describe('health', () => {
  it('when the process runs, then /livez passes', async () => {
    const res = await api.get('/livez');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/health\+json/);
    expect(res.body).toEqual({ status: 'pass' });
  });

  it('when the database answers with every migration applied, then /readyz passes; once it is closed, it fails', async () => {
    const ready = await api.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'pass' });
    db.$client.close();
    const closed = await api.get('/readyz');
    expect(closed.status).toBe(503);
    expect(closed.body).toMatchObject({ status: 'fail' });
  });
});
