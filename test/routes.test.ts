// What every route of a kind must do, checked on each route of that kind. The routes come from
// apiRoutes() and their kind from their declaration: a body, a single-resource GET, a list that
// takes limit or cursor. A route added later is checked here without a change, or fails here
// until RECORDS can create what its path names.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import type { Test } from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoutes } from '../src/app.js';
import { BODY_ENCODINGS } from '../src/http/body.js';
import { MAX_FILTER_REPEATS, MAX_LIST_VALUES } from '../src/http/filters.js';
import { MAX_BODY_DEPTH, type Route } from '../src/http/route.js';
import { createAgreement, createCommitment, createCountry, createParticipant, createSummit, expectNoWrite, expectProblem, makeApp, missingId, type Api } from './helpers.js';

const routes = apiRoutes(makeApp().db);

/**
 * The app of the tests that need no empty database: each makes the records it needs and compares
 * the database before and after. Preparing the statements of a new database and declaring a new
 * app cost more than most of these tests; a new one every 40 tests keeps the snapshots small.
 */
function reusedApp(): ReturnType<typeof makeApp> {
  if (!reused || reused.uses >= 40) reused = { app: makeApp(), uses: 0 };
  reused.uses++;
  return reused.app;
}
let reused: { app: ReturnType<typeof makeApp>; uses: number } | undefined;
const label = (route: Route) => `${route.method.toUpperCase()} ${route.path}`;
const byLabel = (list: Route[]) => list.map((route) => [label(route), route] as const);

/** The query parameters a route declares, by name. */
function queryParameters(route: Route): Record<string, z.ZodType> {
  // A list's query schema is an object of parameters piped into the parsed request.
  const schema = route.query instanceof z.ZodPipe ? route.query.in : route.query;
  return schema instanceof z.ZodObject ? schema.shape : {};
}

/** The media types a route takes its body in, as parseRequest reads the declaration. */
const bodyTypes = (route: Route) => [...(route.bodyTypes ?? ['application/json']), ...(route.bulk ? ['text/csv'] : [])];

const withBody = routes.filter((route) => route.body);
const singleReads = routes.filter((route) => route.method === 'get' && route.path.endsWith('}'));
const paged = routes.filter((route) => route.method === 'get' && 'limit' in queryParameters(route));
const cursored = routes.filter((route) => route.method === 'get' && 'cursor' in queryParameters(route));

/* ---------- records, made through the API ---------- */

/** Creates the record a path parameter names, given the ids of the parameters before it; keyed by the path up to it. */
const RECORDS: Record<string, (api: Api, parents: string[]) => Promise<string>> = {
  // A person: the kind that can hold positions as well as belong to groups.
  '/v1/participants/{id}': async (api) => (await createParticipant(api, { kind: 'person', name: 'Fumio Kishida' })).id,
  // Not routes: what adds an item to a person's positions and memberships.
  '/v1/participants/{id}/positions/{positionId}': async (api, [personId]) => {
    const { id: organizationId } = await createCountry(api, { name: 'Japan' });
    const body = { personId, office: 'Prime Minister', organizationId, startDate: '2021-10-04', endDate: '2024-10-01' };
    return (await api.post('/v1/positions').send(body).expect(201)).body.id as string;
  },
  '/v1/participants/{id}/memberships/{membershipId}': async (api, [memberId]) => {
    const { id: groupId } = await createParticipant(api, { kind: 'organization', name: 'Group of Seven' });
    return (await api.post('/v1/memberships').send({ memberId, groupId, startDate: '1975' }).expect(201)).body.id as string;
  },
  '/v1/positions/{id}': async (api) => {
    const { id: personId } = await createParticipant(api, { kind: 'person', name: 'Shigeru Ishiba' });
    const { id: organizationId } = await createCountry(api, { name: 'Japan' });
    return (await api.post('/v1/positions').send({ personId, office: 'Prime Minister', organizationId, startDate: '2024-10-01' }).expect(201)).body.id as string;
  },
  '/v1/memberships/{id}': async (api) => {
    const { id: memberId } = await createCountry(api, { name: 'France' });
    const { id: groupId } = await createParticipant(api, { kind: 'organization', name: 'NATO' });
    return (await api.post('/v1/memberships').send({ memberId, groupId, startDate: '1949-04-04' }).expect(201)).body.id as string;
  },
  '/v1/summits/{id}': async (api) => (await createSummit(api)).id,
  '/v1/summits/{id}/participants/{participantId}': async (api, [summitId]) => {
    const { id } = await createCountry(api);
    await api.put(`/v1/summits/${summitId}/participants/${id}`).send({ role: 'member' }).expect(201);
    return id;
  },
  '/v1/agreements/{id}': async (api) => (await createAgreement(api)).id,
  '/v1/agreements/{id}/actions/{actionId}': async (api, [agreementId]) => {
    const { id: participantId } = await createCountry(api);
    const res = await api.post(`/v1/agreements/${agreementId}/actions`).send({ participantId, action: 'signed' }).expect(201);
    return res.body.id as string;
  },
  '/v1/commitments/{id}': async (api) => {
    const [summit, pledger] = [await createSummit(api), await createCountry(api)];
    return (await createCommitment(api, { summitId: summit.id, parties: [{ participantId: pledger.id, role: 'pledger' }] })).id;
  },
  '/v1/commitments/{id}/progress/{progressId}': async (api, [commitmentId]) => {
    const res = await api
      .post(`/v1/commitments/${commitmentId}/progress`)
      .send({ asOfDate: '2025', status: 'in_progress', sourceUrl: 'https://www.example.org/progress' })
      .expect(201);
    return res.body.id as string;
  },
  '/v1/compliance-reports/{id}': async (api) => {
    const { id: summitId } = await createSummit(api);
    return (await api.post('/v1/compliance-reports').send({ summitId, kind: 'final' }).expect(201)).body.id as string;
  },
  '/v1/compliance-reports/{id}/assessments/{assessmentId}': async (api, [reportId]) => {
    const report = (await api.get(`/v1/compliance-reports/${reportId}`).expect(200)).body as { summitId: string };
    const { id: participantId } = await createCountry(api);
    const commitment = await createCommitment(api, { summitId: report.summitId, parties: [{ participantId, role: 'pledger' }] });
    const res = await api.put(`/v1/compliance-reports/${reportId}/assessments`).send([{ commitmentId: commitment.id, participantId, score: 1 }]).expect(200);
    return res.body.data[0].id as string;
  },
};

/** Lists whose items are not records of their own: the record whose creation adds an item. */
const ITEMS_OF: Record<string, string> = { '/v1/agreements/{id}/parties': '/v1/agreements/{id}/actions/{actionId}' };

const fill = (template: string, ids: string[]) => {
  let i = 0;
  return template.replace(/\{\w+\}/g, () => ids[i++]!);
};

/** A concrete path for `template`: creates a record for every parameter not given in `given`. */
async function pathTo(api: Api, template: string, given: string[] = []): Promise<{ path: string; ids: string[] }> {
  const ids: string[] = [];
  for (const match of template.matchAll(/\{\w+\}/g)) {
    const prefix = template.slice(0, match.index + match[0].length);
    const make = RECORDS[prefix];
    if (!make) throw new Error(`Nothing makes the record ${prefix} names: add it to RECORDS in test/routes.test.ts`);
    ids.push(given[ids.length] ?? (await make(api, ids)));
  }
  return { path: fill(template, ids), ids };
}

/** A list path whose list holds `count` items, under new parents. */
async function listOf(api: Api, template: string, count: number): Promise<string> {
  const { path, ids } = await pathTo(api, template);
  const depth = template.split('/').length + 1;
  const item = ITEMS_OF[template] ?? Object.keys(RECORDS).find((key) => key.startsWith(`${template}/{`) && key.split('/').length === depth);
  if (!item) throw new Error(`Nothing adds an item to ${template}: add it to RECORDS or ITEMS_OF in test/routes.test.ts`);
  for (let i = 0; i < count; i++) await pathTo(api, item, ids);
  return path;
}

/** Values for the query parameters a route requires, so that the parameter under test is the only one wrong. */
const REQUIRED_VALUES: Record<string, string> = { q: 'summit' };

function query(route: Route, pairs: [string, string][] = []): string {
  const params = new URLSearchParams();
  for (const [name, schema] of Object.entries(queryParameters(route))) {
    if (schema.safeParse(undefined).success) continue;
    if (REQUIRED_VALUES[name] === undefined) throw new Error(`${label(route)} requires ${name}: add a value to REQUIRED_VALUES`);
    params.append(name, REQUIRED_VALUES[name]);
  }
  for (const [name, value] of pairs) params.append(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

const send = (api: Api, route: Route, url: string) => api[route.method](url);

/** A cursor of the list at `path`, issued for a first page of one item. */
async function cursorOf(api: Api, route: Route, path: string): Promise<string> {
  const res = await api.get(`${path}${query(route, [['limit', '1']])}`);
  expect(res.status, `${path} ${res.text}`).toBe(200);
  expect(res.body.nextCursor).toEqual(expect.any(String));
  return res.body.nextCursor as string;
}

describe('the routes under check', () => {
  it('when the API is declared, then each kind of check has routes to run on', () => {
    expect(withBody.length).toBeGreaterThan(0);
    expect(singleReads.length).toBeGreaterThan(0);
    expect(paged.length).toBeGreaterThan(0);
    expect(cursored.length).toBeGreaterThan(0);
  });

  it('when a route answers a list that can be had as CSV, then it pages with limit and cursor', () => {
    const lists = routes.filter((route) => route.method === 'get' && route.responses[200]?.csv);
    expect(lists.length).toBeGreaterThan(0);
    for (const route of lists) expect([paged.includes(route), cursored.includes(route)], label(route)).toEqual([true, true]);
  });
});

describe('every route', () => {
  describe.each(byLabel(routes))('%s', (_label, route) => {
    it('when the query has a parameter the route does not declare, then 400 names it and nothing is written', async () => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const res = await expectNoWrite(db, () => send(api, route, `${path}${query(route, [['colour', 'red']])}`));
      expectProblem(res, 400, 'invalid_parameter', ['colour']);
      expect(res.body.errors).toEqual([{ parameter: 'colour', detail: expect.any(String) }]);
    });
  });
});

describe('every route with a path parameter', () => {
  describe.each(byLabel(routes.filter((route) => route.path.includes('{'))))('%s', (_label, route) => {
    it.each(['%', '%zz', '%E0%A4%A', '%C0%AF'])(
      'when a path parameter is the broken escape %s, then 400 names the path and nothing is written',
      async (escape) => {
        const { api, db } = reusedApp();
        const { ids } = await pathTo(api, route.path);
        for (const broken of ids.keys()) {
          const path = fill(route.path, ids.map((id, i) => (i === broken ? escape : id)));
          const res = await expectNoWrite(db, () => send(api, route, path));
          expectProblem(res, 400, 'bad_request');
          expect(res.body.detail).toContain(path);
        }
      },
    );
  });
});

describe('every route that answers with a body', () => {
  describe.each(byLabel(routes.filter((route) => route.method !== 'delete')))('%s', (_label, route) => {
    it.each(['application/json;q=0, text/csv;q=0', 'text/html', 'application/xml'])(
      'when Accept is %s, which admits nothing it answers with, then 406 and nothing is written',
      async (accept) => {
        const { api, db } = reusedApp();
        const { path } = await pathTo(api, route.path);
        const res = await expectNoWrite(db, () => send(api, route, `${path}${query(route)}`).set('Accept', accept));
        expectProblem(res, 406, 'not_acceptable');
        expect(res.body.detail).toContain('application/json');
      },
    );

    it.each(['application/json', '*/*', 'application/*', 'text/html, */*;q=0.1'])('when Accept is %s, then it is not refused with 406', async (accept) => {
      const { api } = reusedApp();
      const { path } = await pathTo(api, route.path);
      expect((await send(api, route, `${path}${query(route)}`).set('Accept', accept)).status).not.toBe(406);
    });
  });
});

/** The writable members of a record as read: what a PUT of it unchanged sends. */
function writableBody(route: Route, record: Record<string, unknown>): Record<string, unknown> {
  const members = Object.keys(shapeOf(route.body!));
  return Object.fromEntries(Object.entries(record).filter(([key, value]) => members.includes(key) && value !== null));
}

const shapeOf = (schema: z.ZodType): Record<string, z.ZodType> => (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};

const conditionalWrites = routes.filter((route) => ['put', 'patch', 'delete'].includes(route.method) && route.path.endsWith('}'));

describe('every write to an existing resource', () => {
  describe.each(byLabel(conditionalWrites))('%s', (_label, route) => {
    /** The record at a new path, and the request that writes it unchanged. */
    async function existing(api: Api) {
      const { path } = await pathTo(api, route.path);
      const read = await api.get(path).expect(200);
      const write = () => {
        const test = send(api, route, path);
        if (route.method === 'put') return test.send(writableBody(route, read.body));
        if (route.method === 'patch') return test.send({});
        return test;
      };
      return { etag: read.headers.etag as string, write };
    }

    it.each([
      ['*', () => '*'],
      ['its current ETag', (etag: string) => etag],
      ['a list that includes its current ETag', (etag: string) => `"999999", ${etag}`],
      ['the weak form of its current ETag (If-None-Match compares weakly)', (etag: string) => `W/${etag}`],
    ])('when If-None-Match is %s, then 412 and nothing is written', async (_case, header) => {
      const { api, db } = reusedApp();
      const { etag, write } = await existing(api);
      const res = await expectNoWrite(db, () => write().set('If-None-Match', header(etag)));
      expectProblem(res, 412, 'precondition_failed');
    });

    it.each([
      ['another version only', () => '"999999"'],
      ['its current version with a leading zero (tags compare as strings)', (etag: string) => `"0${etag.slice(1)}`],
    ])('when If-None-Match names %s, then the write goes through', async (_case, header) => {
      const { api } = reusedApp();
      const { etag, write } = await existing(api);
      expect((await write().set('If-None-Match', header(etag))).status).toBeLessThan(300);
    });

    it.each([
      ['its current version with a leading zero (tags compare as strings)', (etag: string) => `"0${etag.slice(1)}`],
      ['the weak form of its current ETag (If-Match compares strongly)', (etag: string) => `W/${etag}`],
      ['its current version unquoted', (etag: string) => etag.slice(1, -1)],
    ])('when If-Match is %s, then 412 and nothing is written', async (_case, header) => {
      const { api, db } = reusedApp();
      const { etag, write } = await existing(api);
      const res = await expectNoWrite(db, () => write().set('If-Match', header(etag)));
      expectProblem(res, 412, 'precondition_failed');
    });

    it('when If-Match is a list that includes its current ETag, then the write goes through', async () => {
      const { api } = reusedApp();
      const { etag, write } = await existing(api);
      expect((await write().set('If-Match', `"999999", ${etag}`)).status).toBeLessThan(300);
    });
  });
});

describe('every route that takes a body', () => {
  const OTHER_TYPES = ['text/plain', 'text/csv', 'application/x-www-form-urlencoded', 'application/xml'];

  describe.each(byLabel(withBody))('%s', (_label, route) => {
    const accepted = bodyTypes(route);
    const jsonTypes = accepted.filter((type) => type.endsWith('json'));

    it.each(OTHER_TYPES.filter((type) => !accepted.includes(type)))(
      'when the body is sent as %s, then 415 names the media types it takes and nothing is written',
      async (type) => {
        const { api, db } = reusedApp();
        const { path } = await pathTo(api, route.path);
        const res = await expectNoWrite(db, () => send(api, route, path).set('Content-Type', type).send('name=x'));
        expectProblem(res, 415, 'unsupported_media_type');
        for (const taken of accepted) expect(res.body.detail).toContain(taken);
      },
    );

    it('when there is no body at all, then 415 and nothing is written', async () => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      expectProblem(await expectNoWrite(db, () => send(api, route, path)), 415, 'unsupported_media_type');
    });

    /** A body in a media type the route takes that fails validation, whatever the route: nothing can be written. */
    const invalidBody = (type: string) => (type === 'text/csv' ? 'colour\r\nred\r\n' : '{"colour":"red"}');
    // superagent's types say a serializer returns a string; a Buffer is sent as it is.
    const encoded = (test: Test, type: string, coding: string, bytes: Buffer) =>
      test.set('Content-Type', type).set('Content-Encoding', coding).serialize((body: unknown) => body as string).send(bytes);
    const ENCODERS: Record<string, (text: string) => Buffer> = {
      gzip: (text) => gzipSync(text),
      deflate: (text) => deflateSync(text),
      identity: (text) => Buffer.from(text),
      GZIP: (text) => gzipSync(text),
    };

    it.each(accepted.flatMap((type) => Object.keys(ENCODERS).map((coding) => [type, coding])))(
      'when the %s body comes with Content-Encoding %s, then it is read as if sent plain',
      async (type, coding) => {
        const { api, db } = reusedApp();
        const { path } = await pathTo(api, route.path);
        const plain = await send(api, route, path).set('Content-Type', type).send(invalidBody(type));
        expectProblem(plain, 422, 'validation_error');
        const res = await expectNoWrite(db, () => encoded(send(api, route, path), type, coding, ENCODERS[coding]!(invalidBody(type))));
        expect({ ...res.body, requestId: '' }).toEqual({ ...plain.body, requestId: '' });
      },
    );

    it.each([
      ['gzip', 'plain text', () => Buffer.from('{"name":"x"}')],
      ['deflate', 'plain text', () => Buffer.from('{"name":"x"}')],
      ['gzip', 'cut short', () => gzipSync('{"name":"x"}').subarray(0, 15)],
      ['deflate', 'gzip data', () => gzipSync('{"name":"x"}')],
    ])('when the body sent as %s is %s, then 400 says it does not decode and nothing is written', async (coding, _case, bytes) => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const res = await expectNoWrite(db, () => encoded(send(api, route, path), accepted[0]!, coding, bytes()));
      expectProblem(res, 400, 'bad_request');
      expect(res.body.detail).toBe(`The request body does not decode as Content-Encoding ${coding} says`);
    });

    it.each([
      ['br', () => brotliCompressSync('{"name":"x"}')],
      ['zstd', () => Buffer.from('{"name":"x"}')],
      ['compress', () => Buffer.from('{"name":"x"}')],
      ['x-gzip', () => gzipSync('{"name":"x"}')],
      ['gzip, gzip', () => gzipSync(gzipSync('{"name":"x"}'))],
    ])('when Content-Encoding is %s, then 415 names the codings it takes, in Accept-Encoding too, and nothing is written', async (coding, bytes) => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const res = await expectNoWrite(db, () => encoded(send(api, route, path), accepted[0]!, coding, bytes()));
      expectProblem(res, 415, 'unsupported_media_type');
      expect(res.body.detail).toContain(`Content-Encoding ${coding}`);
      for (const taken of BODY_ENCODINGS) expect(res.body.detail).toContain(taken);
      expect(res.headers['accept-encoding']).toBe('gzip, deflate');
    });

    it.each(jsonTypes)('when the %s body is malformed, then 400 and nothing is written', async (type) => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const res = await expectNoWrite(db, () => send(api, route, path).set('Content-Type', type).send('{"name": "x",'));
      expectProblem(res, 400, 'malformed_json');
    });

    it('when the JSON body is a bare string, not an object or array, then 400 and nothing is written', async () => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const res = await expectNoWrite(db, () => send(api, route, path).set('Content-Type', 'application/json').send('"x"'));
      expectProblem(res, 400, 'malformed_json');
    });

    it.each([
      ['objects', 33, (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`, `#${'/a'.repeat(MAX_BODY_DEPTH)}`],
      ['arrays', 33, (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`, `#${'/0'.repeat(MAX_BODY_DEPTH)}`],
      ['objects', 100_000, (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`, `#${'/a'.repeat(MAX_BODY_DEPTH)}`],
      ['arrays', 100_000, (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`, `#${'/0'.repeat(MAX_BODY_DEPTH)}`],
    ])('when the JSON body is %s nested %i levels, then 400 points at the first level too deep and nothing is written', async (_kind, levels, nested, pointer) => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const res = await expectNoWrite(db, () => send(api, route, path).set('Content-Type', 'application/json').send(nested(levels)));
      expectProblem(res, 400, 'bad_request', [pointer]);
      expect(res.body.detail).toContain(String(MAX_BODY_DEPTH));
    });

    it('when the JSON body is nested exactly as deep as the limit, then the nesting is not what is refused', async () => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const body = `${'{"a":'.repeat(MAX_BODY_DEPTH)}1${'}'.repeat(MAX_BODY_DEPTH)}`;
      expectProblem(await expectNoWrite(db, () => send(api, route, path).set('Content-Type', 'application/json').send(body)), 422, 'validation_error');
    });

    // A member named like one of Object's own must be an unknown member, never Object's.
    const OBJECT_MEMBERS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const itemPointer = (name: string) => (route.body instanceof z.ZodArray ? `#/0/${name}` : `#/${name}`);

    it.each(OBJECT_MEMBERS)('when the JSON body has a member named %s, then 422 says it is not a known field and nothing is written', async (name) => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const member = `{${JSON.stringify(name)}:{"name":"x"}}`;
      const text = route.body instanceof z.ZodArray ? `[${member}]` : member;
      const res = await expectNoWrite(db, () => send(api, route, path).set('Content-Type', 'application/json').send(text));
      expectProblem(res, 422, 'validation_error');
      expect(res.body.errors).toContainEqual({ pointer: itemPointer(name), detail: 'is not a known field' });
    });

    if (accepted.includes('text/csv')) {
      it.each(OBJECT_MEMBERS)('when a CSV column is named %s, then 422 says it is not a known field and nothing is written', async (name) => {
        const { api, db } = reusedApp();
        const { path } = await pathTo(api, route.path);
        const res = await expectNoWrite(db, () => send(api, route, path).set('Content-Type', 'text/csv').send(`${name}\r\nx\r\n`));
        expectProblem(res, 422, 'validation_error');
        expect(res.body.errors).toContainEqual({ pointer: `#/0/${name}`, detail: 'is not a known field' });
      });
    }

    it('when the JSON declares a charset other than UTF-8, then 415 and nothing is written', async () => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const res = await expectNoWrite(db, () => send(api, route, path).set('Content-Type', 'application/json; charset=latin1').send('{}'));
      expectProblem(res, 415, 'unsupported_media_type');
    });
  });
});

describe('every single-resource read', () => {
  describe.each(byLabel(singleReads))('%s', (_label, route) => {
    it.each([
      ['its current ETag', 304, (etag: string) => etag],
      ['a list that includes its current ETag', 304, (etag: string) => `"999999", ${etag}`],
      ['*', 304, () => '*'],
      ['another version', 200, () => '"999999"'],
      ['the weak form of its ETag (If-None-Match compares weakly, RFC 9110 §13.1.2)', 304, (etag: string) => `W/${etag}`],
      ['its ETag with a leading zero (tags compare as strings)', 200, (etag: string) => `"0${etag.slice(1)}`],
    ] as const)('when If-None-Match holds %s, then %i', async (_case, status, header) => {
      const { api } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const plain = await api.get(path);
      expect(plain.status).toBe(200);
      const etag = plain.headers.etag as string;
      expect(etag).toMatch(/^"\d+"$/);
      const res = await api.get(path).set('If-None-Match', header(etag));
      expect(res.status).toBe(status);
      expect(res.headers.etag).toBe(etag);
      if (status === 304) expect(res.text).toBe('');
      else expect(res.body).toEqual(plain.body);
    });
  });
});

describe('every list that takes limit', () => {
  describe.each(byLabel(paged))('%s', (_label, route) => {
    it.each([
      ['0', ['0']],
      ['-1', ['-1']],
      ['1.5', ['1.5']],
      ['501', ['501']],
      ['abc', ['abc']],
      ['empty', ['']],
      ['given twice', ['2', '3']],
    ])('when limit is %s, then 400 names limit and nothing is written', async (_case, values) => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const res = await expectNoWrite(db, () => api.get(`${path}${query(route, values.map((v) => ['limit', v]))}`));
      expectProblem(res, 400, 'invalid_parameter', ['limit']);
    });

    it.each(['1', '500'])('when limit is %s, then 200', async (limit) => {
      const { api } = reusedApp();
      const { path } = await pathTo(api, route.path);
      expect((await api.get(`${path}${query(route, [['limit', limit]])}`)).status).toBe(200);
    });
  });
});

/** The parameters every list takes; the others are its filters. */
// Not filters: the layout of a CSV export, and the day of the standings.
const LIST_PARAMETERS = ['limit', 'cursor', 'sort', 'fields', 'expand', 'q', 'format', 'layout', 'asOf'];
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('every list that takes a cursor', () => {
  describe.each(byLabel(cursored))('%s', (_label, route) => {
    const parameters = queryParameters(route);
    const other = cursored[(cursored.indexOf(route) + 1) % cursored.length]!;

    it.each([
      ['not a cursor', ['not-a-cursor']],
      ['empty', ['']],
      ['base64 of an empty object', [b64({})]],
      ['well formed but issued by nobody', [b64({ f: 'forged', k: ['2024-01-01T00:00:00.000Z', 'x_1'] })]],
      ['longer than 2000 characters', ['a'.repeat(2001)]],
    ])('when the cursor is %s, then 400 names cursor and nothing is written', async (_case, values) => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const res = await expectNoWrite(db, () => api.get(`${path}${query(route, values.map((v) => ['cursor', v]))}`));
      expectProblem(res, 400, 'invalid_parameter', ['cursor']);
    });

    it('when the cursor it issued comes back with the same query, then 200 and the page after', async () => {
      const { api } = makeApp();
      const path = await listOf(api, route.path, 2);
      const first = await api.get(`${path}${query(route, [['limit', '1']])}`);
      expect(first.body).toMatchObject({ hasMore: true, nextCursor: expect.any(String) });
      const second = await api.get(`${path}${query(route, [['limit', '1'], ['cursor', first.body.nextCursor]])}`);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ data: [expect.anything()], hasMore: false, nextCursor: null });
      expect(second.body.data).not.toEqual(first.body.data);
    });

    it('when a cursor it issued is given twice, then 400 names cursor', async () => {
      const { api } = makeApp();
      const path = await listOf(api, route.path, 2);
      const cursor = await cursorOf(api, route, path);
      expectProblem(await api.get(`${path}${query(route, [['cursor', cursor], ['cursor', cursor]])}`), 400, 'invalid_parameter', ['cursor']);
    });

    it(`when a cursor of ${label(other)} is used, then 400 names cursor`, async () => {
      const { api } = makeApp();
      const cursor = await cursorOf(api, other, await listOf(api, other.path, 2));
      const path = await listOf(api, route.path, 2);
      expectProblem(await api.get(`${path}${query(route, [['cursor', cursor]])}`), 400, 'invalid_parameter', ['cursor']);
    });

    if (route.path.includes('{')) {
      it('when a cursor issued under one parent is used under another, then 400 names cursor', async () => {
        const { api } = makeApp();
        const cursor = await cursorOf(api, route, await listOf(api, route.path, 2));
        const elsewhere = await listOf(api, route.path, 2);
        expectProblem(await api.get(`${elsewhere}${query(route, [['cursor', cursor]])}`), 400, 'invalid_parameter', ['cursor']);
      });
    }

    if ('sort' in parameters) {
      it('when a cursor is used with another sort, then 400 names cursor', async () => {
        const { api } = makeApp();
        const path = await listOf(api, route.path, 2);
        const cursor = await cursorOf(api, route, path);
        expect((await api.get(`${path}${query(route, [['sort', 'createdAt']])}`)).status).toBe(200);
        expectProblem(await api.get(`${path}${query(route, [['sort', 'createdAt'], ['cursor', cursor]])}`), 400, 'invalid_parameter', ['cursor']);
      });
    }

    const filters = Object.keys(parameters).filter((name) => !LIST_PARAMETERS.includes(name));
    if (filters.length > 0) {
      it('when a cursor is used with a filter added, then 400 names cursor', async () => {
        const { api } = makeApp();
        const path = await listOf(api, route.path, 2);
        const cursor = await cursorOf(api, route, path);
        // Any filter the list takes will do: the first that accepts one of these values.
        let filter: [string, string] | undefined;
        for (const name of filters) {
          for (const value of ['is.notnull', 'true', 'gte.2000', '2000-01-01']) {
            if (!filter && (await api.get(`${path}${query(route, [[name, value]])}`)).status === 200) filter = [name, value];
          }
        }
        expect(filter, `no filter of ${label(route)} accepts is.notnull, true, gte.2000 or 2000-01-01`).toBeDefined();
        expectProblem(await api.get(`${path}${query(route, [filter!, ['cursor', cursor]])}`), 400, 'invalid_parameter', ['cursor']);
      });
    }
  });
});

/** Values to try on a filter until one passes: ids of every prefix, dates, words, and the filter's own values. */
const CANDIDATES = ['true', '2024', '1', 'energy', 'x', ...['par', 'smt', 'agr', 'act', 'cmt', 'prg', 'rpt', 'asm'].map(missingId)];

/** A value the filter takes, as a plain value and in a list if it takes lists; undefined if none of the candidates passes. */
function acceptedValue(schema: z.ZodType): { value: string; lists: boolean } | undefined {
  const own = /Values: ([^.]+)/.exec(z.globalRegistry.get(schema)?.description ?? '')?.[1]?.split(', ') ?? [];
  const value = [...own, ...CANDIDATES].find((v) => schema.safeParse(v).success);
  return value === undefined ? undefined : { value, lists: schema.safeParse(`in.(${value},${value})`).success };
}

const filtered = routes
  .filter((route) => route.method === 'get' && route.responses[200]?.csv)
  .map((route) => {
    const filters = Object.entries(queryParameters(route)).filter(([name]) => !LIST_PARAMETERS.includes(name));
    return [route, filters.map(([name, schema]) => [name, acceptedValue(schema)] as const)] as const;
  })
  .filter(([, filters]) => filters.length > 0);

describe('every list with filters', () => {
  it('when the filters are probed, then each takes one of the candidate values', () => {
    for (const [route, filters] of filtered) {
      for (const [name, accepted] of filters) expect(accepted, `${label(route)} ${name}: add a value it takes to CANDIDATES`).toBeDefined();
    }
  });

  describe.each(filtered.map(([route, filters]) => [label(route), route, filters] as const))('%s', (_label, route, filters) => {
    it.each(filters)(`when %s is given ${MAX_FILTER_REPEATS + 1} times, then 400 names it and nothing is written`, async (name, accepted) => {
      const { api, db } = reusedApp();
      const { path } = await pathTo(api, route.path);
      const pairs = Array.from({ length: MAX_FILTER_REPEATS + 1 }, () => [name, accepted!.value] as [string, string]);
      const res = await expectNoWrite(db, () => api.get(`${path}${query(route, pairs)}`));
      expectProblem(res, 400, 'invalid_parameter');
      expect(res.body.errors).toContainEqual({ parameter: name, detail: `is given ${MAX_FILTER_REPEATS + 1} times; a filter may be repeated at most ${MAX_FILTER_REPEATS} times` });
    });

    const listed = filters.filter(([, accepted]) => accepted?.lists);
    if (listed.length > 0) {
      it.each(listed.flatMap(([name, accepted]) => ['in', 'nin'].map((op) => [name, op, accepted!.value] as const)))(
        `when %s=%s.(…) lists ${MAX_LIST_VALUES + 1} values, then 400 names it`,
        async (name, op, value) => {
          const { api } = reusedApp();
          const { path } = await pathTo(api, route.path);
          const list = `${op}.(${Array(MAX_LIST_VALUES + 1).fill(value).join(',')})`;
          const res = await api.get(`${path}${query(route, [[name, list]])}`);
          if (res.body.errors?.some((e: { detail: string }) => e.detail.startsWith(`does not support ${op}`))) return; // takes in but not nin
          expectProblem(res, 400, 'invalid_parameter');
          expect(res.body.errors).toContainEqual({ parameter: name, detail: `${op} takes at most ${MAX_LIST_VALUES} values; this list has ${MAX_LIST_VALUES + 1}` });
        },
      );
    }

    it('when every filter is given as often and with as many values as the limits allow, then 200', async () => {
      // Past Node's default header size (16 KB): the limits must hold the SQL within SQLite's, not the URL's length.
      const { api } = makeApp(undefined, { maxHeaderSize: 64 * 1024 * 1024 });
      const { path } = await pathTo(api, route.path);
      const pairs = filters.flatMap(([name, accepted]) => {
        const value = accepted!.lists ? `in.(${Array(MAX_LIST_VALUES).fill(accepted!.value).join(',')})` : accepted!.value;
        return Array.from({ length: MAX_FILTER_REPEATS }, () => [name, value] as [string, string]);
      });
      const res = await api.get(`${path}${query(route, pairs)}`).set('Prefer', 'count=exact');
      expect(res.status, res.text.slice(0, 500)).toBe(200);
    });
  });
});
