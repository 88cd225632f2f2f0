import { beforeEach, describe, expect, it } from 'vitest';
import {
  createAgreement,
  createCommitment,
  createCountry,
  createParticipant,
  createSummit,
  expectNoWrite,
  expectProblem,
  makeApp,
  missingId,
  nextIso3,
  type Api,
} from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const minimal = { name: 'Central Asia + Japan Summit', kind: 'leaders_summit' };
const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://example.org/source/${i}`);
const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((s) => s.id);

async function participationOf(summitId: string, participantId: string, body: Record<string, unknown> = { role: 'member' }) {
  const res = await api.put(`/v1/summits/${summitId}/participants/${participantId}`).send(body);
  expect(res.status).toBe(201);
  return res.body as { participantId: string; version: number } & Record<string, unknown>;
}

describe('POST /v1/summits', () => {
  it('when only name and kind are sent, then 201 with Location, ETag "1" and every field with its default', async () => {
    const res = await api.post('/v1/summits').send(minimal);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^smt_[0-9A-HJKMNP-TV-Z]{26}$/),
      name: 'Central Asia + Japan Summit',
      kind: 'leaders_summit',
      status: 'planned',
      series: null,
      number: null,
      startDate: null,
      endDate: null,
      dateNote: null,
      hostCountryId: null,
      city: null,
      location: null,
      description: null,
      sourceUrls: [],
      createdAt: expect.stringMatching(TIMESTAMP),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(res.headers.location).toBe(`/v1/summits/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['cache-control']).toBe('no-store');

    const read = await api.get(res.headers.location as string);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toEqual(res.body);
  });

  it('when every field is sent, then each is stored as sent', async () => {
    const body = {
      name: 'First Central Asia + Japan Summit',
      kind: 'leaders_summit',
      status: 'confirmed',
      series: 'Central Asia + Japan',
      number: 1,
      startDate: '2024-08-09',
      endDate: '2024-08-10',
      dateNote: "announced as 'next August'",
      hostCountryId: null,
      city: 'Astana',
      location: 'Astana, Kazakhstan',
      description: 'Agenda:\n\t1. Energy\r\n\t2. Transport',
      sourceUrls: ['https://www.mofa.go.jp/erp/ca_c/page1e_000001.html', 'http://example.org/press?id=7'],
    };
    const res = await api.post('/v1/summits').send(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ...body, id: res.body.id, createdAt: res.body.createdAt, updatedAt: res.body.createdAt, version: 1 });
    expect((await api.get(`/v1/summits/${res.body.id}`)).body).toEqual(res.body);
  });

  it.each([
    ['an end year with a start month in that year', { startDate: '2024-05', endDate: '2024' }],
    ['an end month with a start day in that month', { startDate: '2024-05-19', endDate: '2024-05' }],
    ['an end equal to the start', { startDate: '2024-05-19', endDate: '2024-05-19' }],
    ['a start year with a later end day', { startDate: '2024', endDate: '2025-01-01' }],
    ['29 February of a leap year', { startDate: '2024-02-29' }],
    ['29 February of 2000', { endDate: '2000-02-29' }],
    ['the last day of a 31-day month', { startDate: '2023-12-31' }],
  ])('when the dates are %s, then the summit is created', async (_case, dates) => {
    const res = await api.post('/v1/summits').send({ ...minimal, ...dates });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ startDate: null, endDate: null, ...dates });
  });

  it.each([
    ['an endDate the day before startDate', { startDate: '2024-05-19', endDate: '2024-05-18' }, ['#/endDate']],
    ['an end year before the start year', { startDate: '2024-05', endDate: '2023' }, ['#/endDate']],
    ['30 February', { startDate: '2025-02-30' }, ['#/startDate']],
    ['month 13', { startDate: '2023-13' }, ['#/startDate']],
    ['month 00', { endDate: '2023-00' }, ['#/endDate']],
    ['29 February of a common year', { startDate: '2023-02-29' }, ['#/startDate']],
    ['31 April', { endDate: '2024-04-31' }, ['#/endDate']],
    ['a day-first date', { startDate: '19/05/2024' }, ['#/startDate']],
    ['a month without its leading zero', { startDate: '2024-5' }, ['#/startDate']],
    ['a date with a time', { endDate: '2024-05-19T10:00:00Z' }, ['#/endDate']],
    ['a number for a date', { startDate: 2024 }, ['#/startDate']],
    ['an unknown kind', { kind: 'summit' }, ['#/kind']],
    ['a missing kind', { kind: undefined }, ['#/kind']],
    ['an unknown status', { status: 'done' }, ['#/status']],
    ['a missing name', { name: undefined }, ['#/name']],
    ['an empty name', { name: '' }, ['#/name']],
    ['a blank name', { name: '   ' }, ['#/name']],
    ['a name over 300 characters', { name: 'x'.repeat(301) }, ['#/name']],
    ['a series over 200 characters', { series: 's'.repeat(201) }, ['#/series']],
    ['a dateNote over 500 characters', { dateNote: 'd'.repeat(501) }, ['#/dateNote']],
    ['a location over 200 characters', { location: 'l'.repeat(201) }, ['#/location']],
    ['a description over 10000 characters', { description: 'd'.repeat(10001) }, ['#/description']],
    ['an ftp source URL', { sourceUrls: ['ftp://example.org/report.pdf'] }, ['#/sourceUrls/0']],
    ['a javascript: source URL', { sourceUrls: ['https://example.org/a', 'javascript:alert(1)'] }, ['#/sourceUrls/1']],
    ['a source that is not a URL', { sourceUrls: ['example.org'] }, ['#/sourceUrls/0']],
    ['21 source URLs', { sourceUrls: urls(21) }, ['#/sourceUrls']],
    ['a repeated source URL', { sourceUrls: ['https://example.org/a', 'https://example.org/a'] }, ['#/sourceUrls']],
    ['a string for sourceUrls', { sourceUrls: 'https://example.org/a' }, ['#/sourceUrls']],
    ['a control character in location', { location: 'Astana\u0007' }, ['#/location']],
    ['a line break in location', { location: 'Astana\nKazakhstan' }, ['#/location']],
    ['a tab in name', { name: 'Summit\tone' }, ['#/name']],
    ['a line break in series', { series: 'Central Asia\r\n+ Japan' }, ['#/series']],
    ['a NUL in description', { description: 'a\u0000b' }, ['#/description']],
    ['a lone surrogate in name', { name: 'a\ud800b' }, ['#/name']],
    ['an unknown field', { venue: 'Astana' }, ['#/venue']],
    ['a read-only id', { id: missingId('smt') }, ['#/id']],
    ['read-only version, createdAt and updatedAt', { version: 2, createdAt: '2024', updatedAt: '2024' }, ['#/version', '#/createdAt', '#/updatedAt']],
  ])('when the body has %s, then 422 names the field and nothing is written', async (_case, overrides, pointers) => {
    const res = await expectNoWrite(db, () => api.post('/v1/summits').send({ ...minimal, ...overrides }));
    expectProblem(res, 422, 'validation_error', pointers);
    expect(res.body.instance).toBe('/v1/summits');
  });

  it('when a date is not in a partial ISO format, then one error says which formats are allowed', async () => {
    const res = await expectNoWrite(db, () => api.post('/v1/summits').send({ ...minimal, startDate: '19/05/2024' }));
    expect(res.body.errors).toEqual([{ pointer: '#/startDate', detail: 'must be YYYY, YYYY-MM or YYYY-MM-DD' }]);
  });

  it('when a date has the right format but no such day, then the error says it is not a calendar date', async () => {
    const res = await expectNoWrite(db, () => api.post('/v1/summits').send({ ...minimal, startDate: '2025-02-30' }));
    expect(res.body.errors).toEqual([{ pointer: '#/startDate', detail: 'is not a calendar date' }]);
  });

  it('when endDate is before startDate, then the error says so', async () => {
    const res = await expectNoWrite(db, () =>
      api.post('/v1/summits').send({ ...minimal, startDate: '2024-05-19', endDate: '2024-05-18' }),
    );
    expect(res.body.errors).toEqual([{ pointer: '#/endDate', detail: 'must not be before startDate' }]);
  });

  it('when several fields are wrong, then every one is listed at once', async () => {
    const res = await expectNoWrite(db, () =>
      api.post('/v1/summits').send({ name: '', kind: 'party', startDate: '2023-02-29', sourceUrls: ['ftp://x.org'], id: 'smt_x' }),
    );
    expectProblem(res, 422, 'validation_error', ['#/name', '#/kind', '#/startDate', '#/sourceUrls/0', '#/id']);
    expect(res.body.detail).toBe('5 fields are invalid');
    expect(res.body.errors).toContainEqual({ pointer: '#/id', detail: 'is read-only' });
  });

  it('when exactly 20 source URLs are sent, then they are accepted', async () => {
    const res = await api.post('/v1/summits').send({ ...minimal, sourceUrls: urls(20) });
    expect(res.status).toBe(201);
    expect(res.body.sourceUrls).toEqual(urls(20));
  });

  it('when a source URL has an internationalized top-level domain, then it is accepted', async () => {
    const res = await api.post('/v1/summits').send({ ...minimal, sourceUrls: ['https://президент.рф/news'] });
    expect(res.status).toBe(201);
  });
});

describe('GET /v1/summits/:id', () => {
  it.each([
    ['an unknown id', missingId('smt')],
    ['a malformed id', 'nothing'],
    ['a participant id', missingId('par')],
  ])('when the path holds %s, then 404 problem', async (_case, id) => {
    expectProblem(await expectNoWrite(db, () => api.get(`/v1/summits/${id}`)), 404, 'not_found');
  });

  it('when the summit has changed since the ETag was taken, then If-None-Match with the old one gets 200 and the new version', async () => {
    const s = await createSummit(api);
    await api.patch(`/v1/summits/${s.id}`).send({ status: 'held' }).expect(200);
    const stale = await api.get(`/v1/summits/${s.id}`).set('If-None-Match', '"1"');
    expect(stale.status).toBe(200);
    expect(stale.headers.etag).toBe('"2"');
    expect(stale.body.status).toBe('held');
  });
});

describe('other methods', () => {
  it('when a summit is POSTed to, then 405 lists the allowed methods', async () => {
    const s = await createSummit(api);
    const res = await expectNoWrite(db, () => api.post(`/v1/summits/${s.id}`).send(minimal));
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, PUT, PATCH, DELETE, OPTIONS');
  });

  it('when a participation is PATCHed, then 405', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    await participationOf(s.id, japan.id);
    const res = await expectNoWrite(db, () => api.patch(`/v1/summits/${s.id}/participants/${japan.id}`).send({ role: 'guest' }));
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, PUT, DELETE, OPTIONS');
  });
});

describe('PUT /v1/summits/:id', () => {
  it('when the body is valid, then every writable field is replaced, omitted ones reset, and the version bumps', async () => {
    const s = await createSummit(api, {
      status: 'held',
      series: 'Central Asia + Japan',
      startDate: '2024-08-09',
      location: 'Astana',
      description: 'old',
      sourceUrls: ['https://example.org/a'],
    });
    const res = await api.put(`/v1/summits/${s.id}`).send({ name: 'Renamed summit', kind: 'ministerial_meeting', dateNote: 'moved' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toEqual({
      id: s.id,
      name: 'Renamed summit',
      kind: 'ministerial_meeting',
      status: 'planned',
      series: null,
      number: null,
      startDate: null,
      endDate: null,
      dateNote: 'moved',
      hostCountryId: null,
      city: null,
      location: null,
      description: null,
      sourceUrls: [],
      createdAt: s.createdAt,
      updatedAt: expect.stringMatching(TIMESTAMP),
      version: 2,
    });
    expect(res.body.updatedAt >= (s.createdAt as string)).toBe(true);
    expect((await api.get(`/v1/summits/${s.id}`)).body).toEqual(res.body);
  });

  it('when If-Match is stale, then 412 and nothing is written', async () => {
    const s = await createSummit(api);
    await api.patch(`/v1/summits/${s.id}`).send({ status: 'confirmed' }).expect(200);
    const res = await expectNoWrite(db, () => api.put(`/v1/summits/${s.id}`).set('If-Match', '"1"').send({ ...minimal, name: 'Stale' }));
    expectProblem(res, 412, 'precondition_failed');
  });

  it('when If-Match is current, then the write goes through', async () => {
    const s = await createSummit(api);
    const res = await api.put(`/v1/summits/${s.id}`).set('If-Match', '"1"').send({ ...minimal, name: 'Fresh' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Fresh', version: 2 });
  });

  it.each([
    ['an unknown id', missingId('smt')],
    ['a malformed id', 'smt_1'],
  ])('when the path holds %s, then 404 and nothing is written', async (_case, id) => {
    expectProblem(await expectNoWrite(db, () => api.put(`/v1/summits/${id}`).send(minimal)), 404, 'not_found');
  });

  it('when the body is invalid, then 422 and nothing is written', async () => {
    const s = await createSummit(api);
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/summits/${s.id}`).send({ ...minimal, startDate: '2024-05-19', endDate: '2024-05-18', version: 1 }),
    );
    expectProblem(res, 422, 'validation_error', ['#/endDate', '#/version']);
  });

  it('when the body leaves out a required field, then 422 and nothing is written', async () => {
    const s = await createSummit(api);
    const res = await expectNoWrite(db, () => api.put(`/v1/summits/${s.id}`).send({ name: 'Only a name' }));
    expectProblem(res, 422, 'validation_error', ['#/kind']);
  });
});

describe('PATCH /v1/summits/:id', () => {
  it('when a field is absent or null, then it is unchanged or cleared', async () => {
    const s = await createSummit(api, { status: 'confirmed', series: 'C5+Japan', location: 'Astana', startDate: '2024-08', sourceUrls: ['https://example.org/a'] });
    const res = await api.patch(`/v1/summits/${s.id}`).send({ location: null, description: 'Postponed after the earthquake warning' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toEqual({
      ...s,
      location: null,
      description: 'Postponed after the earthquake warning',
      updatedAt: expect.stringMatching(TIMESTAMP),
      version: 2,
    });
    expect((await api.get(`/v1/summits/${s.id}`)).body).toEqual(res.body);
  });

  it('when sourceUrls is sent, then the array is replaced whole', async () => {
    const s = await createSummit(api, { sourceUrls: ['https://example.org/a', 'https://example.org/b'] });
    const res = await api.patch(`/v1/summits/${s.id}`).send({ sourceUrls: ['https://example.org/c'] });
    expect(res.status).toBe(200);
    expect(res.body.sourceUrls).toEqual(['https://example.org/c']);
  });

  it('when sent as application/merge-patch+json, then it is accepted', async () => {
    const s = await createSummit(api);
    const res = await api.patch(`/v1/summits/${s.id}`).set('Content-Type', 'application/merge-patch+json').send(JSON.stringify({ status: 'held' }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'held', version: 2 });
  });

  it.each([
    ['null on the required name', { name: null }, ['#/name']],
    ['null on the required kind', { kind: null }, ['#/kind']],
    ['a blank name', { name: ' ' }, ['#/name']],
    ['an unknown status', { status: 'over' }, ['#/status']],
    ['an endDate before the stored startDate', { endDate: '2024-05-18' }, ['#/endDate']],
    ['a calendar-invalid endDate', { endDate: '2025-02-30' }, ['#/endDate']],
    ['a repeated source URL', { sourceUrls: ['https://example.org/a', 'https://example.org/a'] }, ['#/sourceUrls']],
    ['a read-only and an unknown field', { version: 9, colour: 'red' }, ['#/version', '#/colour']],
  ])('when the patch has %s, then 422 and nothing is written', async (_case, patch, pointers) => {
    const s = await createSummit(api, { startDate: '2024-05-19' });
    const res = await expectNoWrite(db, () => api.patch(`/v1/summits/${s.id}`).send(patch));
    expectProblem(res, 422, 'validation_error', pointers);
  });

  it('when the patch is an array, then 422 and nothing is written', async () => {
    const s = await createSummit(api);
    expectProblem(await expectNoWrite(db, () => api.patch(`/v1/summits/${s.id}`).send([{ name: 'x' }])), 422, 'validation_error');
  });

  it('when If-Match is stale, then 412 and nothing is written', async () => {
    const s = await createSummit(api);
    const res = await expectNoWrite(db, () => api.patch(`/v1/summits/${s.id}`).set('If-Match', '"2"').send({ status: 'held' }));
    expectProblem(res, 412, 'precondition_failed');
  });

  it.each([
    ['an unknown id', missingId('smt')],
    ['a malformed id', 'not-an-id'],
  ])('when the path holds %s, then 404 and nothing is written', async (_case, id) => {
    expectProblem(await expectNoWrite(db, () => api.patch(`/v1/summits/${id}`).send({ status: 'held' })), 404, 'not_found');
  });
});

describe('DELETE /v1/summits/:id', () => {
  it('when nothing refers to it, then 204 and it is gone', async () => {
    const s = await createSummit(api);
    const res = await api.delete(`/v1/summits/${s.id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await api.get(`/v1/summits/${s.id}`), 404, 'not_found');
  });

  it.each([
    ['an unknown id', missingId('smt')],
    ['a malformed id', 'smt_lowercase'],
  ])('when the path holds %s, then 404', async (_case, id) => {
    expectProblem(await expectNoWrite(db, () => api.delete(`/v1/summits/${id}`)), 404, 'not_found');
  });

  it('when If-Match is stale, then 412 and it stays', async () => {
    const s = await createSummit(api);
    expectProblem(await expectNoWrite(db, () => api.delete(`/v1/summits/${s.id}`).set('If-Match', '"3"')), 412, 'precondition_failed');
    expect((await api.get(`/v1/summits/${s.id}`)).status).toBe(200);
  });

  it('when If-Match is current, then it is deleted', async () => {
    const s = await createSummit(api);
    expect((await api.delete(`/v1/summits/${s.id}`).set('If-Match', '"1"')).status).toBe(204);
  });

  it('when agreements and a commitment refer to it, then 409 counts them and nothing is deleted', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api, { name: 'Japan' });
    await participationOf(s.id, japan.id, { role: 'host' });
    await createAgreement(api, { summitId: s.id });
    await createAgreement(api, { title: 'Tokyo Declaration', summitId: s.id });
    await createCommitment(api, { summitId: s.id, parties: [{ participantId: japan.id, role: 'pledger' }] });

    const res = await expectNoWrite(db, () => api.delete(`/v1/summits/${s.id}`));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body.dependents).toEqual({ agreements: 2, commitments: 1 });
    expect(res.body.detail).toContain('3 records');
    expect((await api.get(`/v1/summits/${s.id}`)).status).toBe(200);
    expect((await api.get(`/v1/summits/${s.id}/participants/${japan.id}`)).status).toBe(200);
  });

  it('when only participations refer to it, then it is deleted with them and the participants stay', async () => {
    const s = await createSummit(api);
    const other = await createSummit(api, { name: 'Other summit' });
    const japan = await createCountry(api);
    const envoy = await createParticipant(api, { kind: 'person', name: 'Envoy' });
    await participationOf(s.id, japan.id, { role: 'host' });
    await participationOf(s.id, envoy.id, { role: 'member', onBehalfOfId: japan.id });
    await participationOf(other.id, japan.id);

    expect((await api.delete(`/v1/summits/${s.id}`)).status).toBe(204);
    expectProblem(await api.get(`/v1/summits/${s.id}/participants`), 404, 'not_found');
    expectProblem(await api.get(`/v1/summits/${s.id}/participants/${japan.id}`), 404, 'not_found');
    expect(db.$client.prepare('SELECT count(*) AS n FROM summit_participations WHERE summit_id = ?').get(s.id)).toEqual({ n: 0 });
    expect((await api.get(`/v1/participants/${japan.id}`)).status).toBe(200);
    expect((await api.get(`/v1/participants/${envoy.id}`)).status).toBe(200);
    const kept = await api.get(`/v1/summits/${other.id}/participants`);
    expect(kept.body.data).toHaveLength(1);
  });
});

describe('GET /v1/summits', () => {
  it('when listed, then the envelope holds the summits newest first', async () => {
    const created = [];
    for (let i = 0; i < 3; i++) created.push(await createSummit(api, { name: `Summit ${i}` }));
    const res = await api.get('/v1/summits');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [...created].reverse(), hasMore: false, nextCursor: null });
    expect(res.headers.link).toBeUndefined();
  });

  it('when there are no summits, then the list is empty', async () => {
    expect((await api.get('/v1/summits')).body).toEqual({ data: [], hasMore: false, nextCursor: null });
  });

  it('when paging with limit and cursor, then every summit comes once, newest first', async () => {
    const created = [];
    for (let i = 0; i < 7; i++) created.push((await createSummit(api, { name: `Summit ${i}` })).id);
    const seen: string[] = [];
    let url: string | undefined = '/v1/summits?limit=3';
    let pages = 0;
    while (url) {
      const res = await api.get(url);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...ids(res));
      pages++;
      if (res.body.hasMore) {
        expect(res.headers.link).toMatch(/^<\/v1\/summits\?limit=3&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
        url = `/v1/summits?limit=3&cursor=${res.body.nextCursor}`;
      } else {
        expect(res.body.nextCursor).toBeNull();
        url = undefined;
      }
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([...created].reverse());
  });

  it('when summits are created while paging, then none is repeated and none that existed is skipped', async () => {
    const existing = new Set<string>();
    for (let i = 0; i < 5; i++) existing.add((await createSummit(api, { name: `Summit ${i}` })).id);
    const first = await api.get('/v1/summits?limit=2');
    await createSummit(api, { name: 'Late' });
    const second = await api.get(`/v1/summits?limit=2&cursor=${first.body.nextCursor}`);
    const third = await api.get(`/v1/summits?limit=2&cursor=${second.body.nextCursor}`);
    const seen = [...ids(first), ...ids(second), ...ids(third)];
    expect(third.body.hasMore).toBe(false);
    expect(new Set(seen)).toEqual(existing);
    expect(seen).toHaveLength(5);
  });
});

describe('PUT /v1/summits/:id/participants/:participantId', () => {
  it('when the participation is new, then 201 with Location, ETag and the full body', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api, { name: 'Japan' });
    const res = await api.put(`/v1/summits/${s.id}/participants/${japan.id}`).send({ role: 'host', level: 'head_of_state_or_government', note: 'Chair' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      summitId: s.id,
      participantId: japan.id,
      role: 'host',
      level: 'head_of_state_or_government',
      attendance: 'expected',
      onBehalfOfId: null,
      isHeadOfDelegation: false,
      note: 'Chair',
      sourceUrls: [],
      createdAt: expect.stringMatching(TIMESTAMP),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(res.headers.location).toBe(`/v1/summits/${s.id}/participants/${japan.id}`);
    expect(res.headers.etag).toBe('"1"');

    const read = await api.get(res.headers.location as string);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    // A read adds the office the participant held on the summit's date (a country holds none).
    expect(read.body).toEqual({ ...res.body, officeHeld: null });
  });

  it('when the same participation is PUT again unchanged, then 200 keeps version 1', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api, { name: 'Japan' });
    const first = await api.put(`/v1/summits/${s.id}/participants/${japan.id}`).send({ role: 'host' });
    const again = await api.put(`/v1/summits/${s.id}/participants/${japan.id}`).send({ role: 'host', attendance: 'expected' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe('"1"');
  });

  it('when the participation exists, then 200 replaces it whole with version 2', async () => {
    const s = await createSummit(api);
    const kz = await createCountry(api);
    const japan = await createCountry(api);
    await participationOf(s.id, japan.id, { role: 'host' });
    const first = await participationOf(s.id, kz.id, {
      role: 'member',
      level: 'minister',
      attendance: 'attended',
      onBehalfOfId: japan.id,
      isHeadOfDelegation: true,
      note: 'first',
    });
    const res = await api.put(`/v1/summits/${s.id}/participants/${kz.id}`).send({ role: 'observer' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toEqual({
      summitId: s.id,
      participantId: kz.id,
      role: 'observer',
      level: null,
      attendance: 'expected',
      onBehalfOfId: null,
      isHeadOfDelegation: false,
      note: null,
      sourceUrls: [],
      createdAt: first.createdAt,
      updatedAt: expect.stringMatching(TIMESTAMP),
      version: 2,
    });
    expect((await api.get(`/v1/summits/${s.id}/participants/${kz.id}`)).body).toEqual({ ...res.body, officeHeld: null });
  });

  it('when every optional field is sent, then each is stored', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    const pm = await createParticipant(api, { kind: 'person', name: 'Prime Minister', affiliationId: japan.id });
    await participationOf(s.id, japan.id, { role: 'co_host' });
    const body = { role: 'guest', level: 'expert', attendance: 'withdrew', onBehalfOfId: japan.id, isHeadOfDelegation: true, note: 'Line one\nLine two' };
    const res = await api.put(`/v1/summits/${s.id}/participants/${pm.id}`).send(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject(body);
  });

  it.each([
    ['an organization host', { kind: 'organization', name: 'UN' }, 'host'],
    ['a country co_host', { kind: 'country', name: 'Japan' }, 'co_host'],
    ['a person member', { kind: 'person', name: 'Envoy' }, 'member'],
    ['a person guest', { kind: 'person', name: 'Expert' }, 'guest'],
  ])('when the participation is %s, then it is created', async (_case, participant, role) => {
    const s = await createSummit(api);
    const p = await createParticipant(api, participant.kind === 'country' ? { ...participant, iso3: nextIso3() } : participant);
    const res = await api.put(`/v1/summits/${s.id}/participants/${p.id}`).send({ role });
    expect(res.status).toBe(201);
    expect(res.body.role).toBe(role);
  });

  it.each([
    ['a person as host', { role: 'host' }, ['#/role']],
    ['a person as co_host', { role: 'co_host' }, ['#/role']],
    ['an unknown role', { role: 'chair' }, ['#/role']],
    ['a missing role', {}, ['#/role']],
    ['an unknown level', { role: 'member', level: 'president' }, ['#/level']],
    ['an unknown attendance', { role: 'member', attendance: 'maybe' }, ['#/attendance']],
    ['a string for isHeadOfDelegation', { role: 'member', isHeadOfDelegation: 'true' }, ['#/isHeadOfDelegation']],
    ['a number for isHeadOfDelegation', { role: 'member', isHeadOfDelegation: 1 }, ['#/isHeadOfDelegation']],
    ['a note over 2000 characters', { role: 'member', note: 'n'.repeat(2001) }, ['#/note']],
    ['a control character in note', { role: 'member', note: 'a\u001bb' }, ['#/note']],
    ['a malformed onBehalfOfId', { role: 'member', onBehalfOfId: 'smt_1' }, ['#/onBehalfOfId']],
    ['an unknown field', { role: 'member', seat: 4 }, ['#/seat']],
    ['read-only fields', { role: 'member', version: 1, createdAt: '2024' }, ['#/version', '#/createdAt']],
  ])('when a person is sent with %s, then 422 names the field and nothing is written', async (_case, body, pointers) => {
    const s = await createSummit(api);
    const person = await createParticipant(api, { kind: 'person', name: 'Envoy' });
    const res = await expectNoWrite(db, () => api.put(`/v1/summits/${s.id}/participants/${person.id}`).send(body));
    expectProblem(res, 422, 'validation_error', pointers);
  });

  it('when an existing person participation is replaced as host, then 422 and nothing is written', async () => {
    const s = await createSummit(api);
    const person = await createParticipant(api, { kind: 'person', name: 'Envoy' });
    await participationOf(s.id, person.id);
    const res = await expectNoWrite(db, () => api.put(`/v1/summits/${s.id}/participants/${person.id}`).send({ role: 'host' }));
    expectProblem(res, 422, 'validation_error', ['#/role']);
  });

  it('when onBehalfOfId names a participant that takes part in another summit only, then 422', async () => {
    const s = await createSummit(api);
    const other = await createSummit(api, { name: 'Other' });
    const japan = await createCountry(api);
    const envoy = await createParticipant(api, { kind: 'person', name: 'Envoy' });
    await participationOf(other.id, japan.id, { role: 'host' });
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/summits/${s.id}/participants/${envoy.id}`).send({ role: 'member', onBehalfOfId: japan.id }),
    );
    expectProblem(res, 422, 'validation_error', ['#/onBehalfOfId']);
  });

  it('when onBehalfOfId names a participant that does not exist, then 422', async () => {
    const s = await createSummit(api);
    const envoy = await createParticipant(api, { kind: 'person', name: 'Envoy' });
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/summits/${s.id}/participants/${envoy.id}`).send({ role: 'member', onBehalfOfId: missingId('par') }),
    );
    expectProblem(res, 422, 'validation_error', ['#/onBehalfOfId']);
  });

  it('when onBehalfOfId is the participant itself, then 422', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    await participationOf(s.id, japan.id);
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/summits/${s.id}/participants/${japan.id}`).send({ role: 'member', onBehalfOfId: japan.id }),
    );
    expectProblem(res, 422, 'validation_error', ['#/onBehalfOfId']);
  });

  it('when a person host also has a bad onBehalfOfId, then both are listed', async () => {
    const s = await createSummit(api);
    const person = await createParticipant(api, { kind: 'person', name: 'Envoy' });
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/summits/${s.id}/participants/${person.id}`).send({ role: 'host', onBehalfOfId: person.id }),
    );
    expectProblem(res, 422, 'validation_error', ['#/role', '#/onBehalfOfId']);
  });

  it.each([
    ['the summit is unknown', missingId('smt'), 'a country'],
    ['the summit id is malformed', 'smt_bad', 'a country'],
    ['the participant is unknown', 'the summit', missingId('par')],
    ['the participant id is malformed', 'the summit', 'par_bad'],
  ])('when %s, then 404 and nothing is written', async (_case, summitId, participantId) => {
    const s = await createSummit(api);
    const country = await createCountry(api);
    const path = `/v1/summits/${summitId === 'the summit' ? s.id : summitId}/participants/${participantId === 'a country' ? country.id : participantId}`;
    const res = await expectNoWrite(db, () => api.put(path).send({ role: 'member' }));
    expectProblem(res, 404, 'not_found');
  });

  it('when If-Match is stale on a replace, then 412 and nothing is written', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    await participationOf(s.id, japan.id);
    await api.put(`/v1/summits/${s.id}/participants/${japan.id}`).send({ role: 'observer' }).expect(200);
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/summits/${s.id}/participants/${japan.id}`).set('If-Match', '"1"').send({ role: 'guest' }),
    );
    expectProblem(res, 412, 'precondition_failed');
  });

  it('when If-Match is current on a replace, then it goes through', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    await participationOf(s.id, japan.id);
    const res = await api.put(`/v1/summits/${s.id}/participants/${japan.id}`).set('If-Match', '"1"').send({ role: 'guest' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'guest', version: 2 });
  });

  it.each(['"1"', '*'])('when If-Match is %s and the participation does not exist yet, then 412 and nothing is written', async (tag) => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    const res = await expectNoWrite(db, () =>
      api.put(`/v1/summits/${s.id}/participants/${japan.id}`).set('If-Match', tag).send({ role: 'member' }),
    );
    expectProblem(res, 412, 'precondition_failed');
  });

  it('when If-None-Match is * (create only), then the first PUT creates and the second is 412 and overwrites nothing', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    const path = `/v1/summits/${s.id}/participants/${japan.id}`;
    expect((await api.put(path).set('If-None-Match', '*').send({ role: 'host' })).status).toBe(201);
    const res = await expectNoWrite(db, () => api.put(path).set('If-None-Match', '*').send({ role: 'observer' }));
    expectProblem(res, 412, 'precondition_failed');
    expect((await api.get(path)).body).toMatchObject({ role: 'host', version: 1 });
  });

  it('when If-Match is * and the participation exists, then it is replaced', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    await participationOf(s.id, japan.id);
    const res = await api.put(`/v1/summits/${s.id}/participants/${japan.id}`).set('If-Match', '*').send({ role: 'observer' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'observer', version: 2 });
  });
});

describe('GET /v1/summits/:id/participants', () => {
  it('when listed, then the envelope holds every participation of that summit only', async () => {
    const s = await createSummit(api);
    const other = await createSummit(api, { name: 'Other' });
    const japan = await createCountry(api);
    const kz = await createCountry(api);
    const a = await participationOf(s.id, japan.id, { role: 'host' });
    const b = await participationOf(s.id, kz.id);
    await participationOf(other.id, japan.id);
    const res = await api.get(`/v1/summits/${s.id}/participants`);
    expect(res.status).toBe(200);
    const read = (p: Record<string, unknown>) => ({ ...p, officeHeld: null });
    expect(res.body).toEqual({ data: expect.arrayContaining([read(a), read(b)]), hasMore: false, nextCursor: null });
    expect(res.body.data).toHaveLength(2);
  });

  it('when a summit has no participations, then the list is empty', async () => {
    const s = await createSummit(api);
    expect((await api.get(`/v1/summits/${s.id}/participants`)).body).toEqual({ data: [], hasMore: false, nextCursor: null });
  });

  it('when paging with limit, then every participation comes once across pages', async () => {
    const s = await createSummit(api);
    const expected = new Set<string>();
    for (let i = 0; i < 7; i++) {
      const p = await createCountry(api);
      await participationOf(s.id, p.id);
      expected.add(p.id);
    }
    const seen: string[] = [];
    let url: string | undefined = `/v1/summits/${s.id}/participants?limit=3`;
    let pages = 0;
    while (url) {
      const res = await api.get(url);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.data.map((p: { participantId: string }) => p.participantId));
      pages++;
      if (res.body.hasMore) expect(res.headers.link).toContain('rel="next"');
      else expect(res.body.nextCursor).toBeNull();
      url = res.body.hasMore ? `/v1/summits/${s.id}/participants?limit=3&cursor=${res.body.nextCursor}` : undefined;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(expected);
  });

  it.each([
    ['an unknown summit', missingId('smt')],
    ['a malformed summit id', 'x'],
  ])('when the list is of %s, then 404', async (_case, id) => {
    expectProblem(await expectNoWrite(db, () => api.get(`/v1/summits/${id}/participants`)), 404, 'not_found');
  });
});

describe('GET /v1/summits/:id/participants/:participantId', () => {
  it('when the participant does not take part, then 404', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    expectProblem(await expectNoWrite(db, () => api.get(`/v1/summits/${s.id}/participants/${japan.id}`)), 404, 'not_found');
  });

  it('when the ids are unknown or malformed, then 404', async () => {
    const s = await createSummit(api);
    for (const path of [
      `/v1/summits/${missingId('smt')}/participants/${missingId('par')}`,
      `/v1/summits/${s.id}/participants/${missingId('par')}`,
      `/v1/summits/${s.id}/participants/japan`,
    ]) {
      expectProblem(await expectNoWrite(db, () => api.get(path)), 404, 'not_found');
    }
  });
});

describe('DELETE /v1/summits/:id/participants/:participantId', () => {
  it('when nothing acts on its behalf, then 204, then 404, and the summit and participant stay', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    await participationOf(s.id, japan.id);
    const res = await api.delete(`/v1/summits/${s.id}/participants/${japan.id}`);
    expect(res.status).toBe(204);
    expectProblem(await api.get(`/v1/summits/${s.id}/participants/${japan.id}`), 404, 'not_found');
    expectProblem(await expectNoWrite(db, () => api.delete(`/v1/summits/${s.id}/participants/${japan.id}`)), 404, 'not_found');
    expect((await api.get(`/v1/summits/${s.id}/participants`)).body.data).toEqual([]);
    expect((await api.get(`/v1/summits/${s.id}`)).status).toBe(200);
    expect((await api.get(`/v1/participants/${japan.id}`)).status).toBe(200);
  });

  it.each([
    ['an unknown summit', missingId('smt'), 'a country'],
    ['a malformed participant id', 'the summit', 'par_1'],
    ['a participant that does not take part', 'the summit', 'another country'],
  ])('when the path names %s, then 404', async (_case, summitId, participantId) => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    const other = await createCountry(api);
    await participationOf(s.id, japan.id);
    const participant = participantId === 'a country' ? japan.id : participantId === 'another country' ? other.id : participantId;
    const path = `/v1/summits/${summitId === 'the summit' ? s.id : summitId}/participants/${participant}`;
    expectProblem(await expectNoWrite(db, () => api.delete(path)), 404, 'not_found');
  });

  it('when If-Match is stale, then 412 and it stays', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    await participationOf(s.id, japan.id);
    const res = await expectNoWrite(db, () => api.delete(`/v1/summits/${s.id}/participants/${japan.id}`).set('If-Match', '"2"'));
    expectProblem(res, 412, 'precondition_failed');
  });

  it('when others act on its behalf, then 409 counts them and nothing is deleted', async () => {
    const s = await createSummit(api);
    const japan = await createCountry(api);
    const pm = await createParticipant(api, { kind: 'person', name: 'PM' });
    const fm = await createParticipant(api, { kind: 'person', name: 'FM' });
    await participationOf(s.id, japan.id, { role: 'host' });
    await participationOf(s.id, pm.id, { role: 'member', onBehalfOfId: japan.id });
    await participationOf(s.id, fm.id, { role: 'member', onBehalfOfId: japan.id });

    const res = await expectNoWrite(db, () => api.delete(`/v1/summits/${s.id}/participants/${japan.id}`));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body.dependents).toEqual({ delegationsOnBehalf: 2 });
    expect((await api.get(`/v1/summits/${s.id}/participants/${japan.id}`)).status).toBe(200);

    await api.delete(`/v1/summits/${s.id}/participants/${pm.id}`).expect(204);
    await api.delete(`/v1/summits/${s.id}/participants/${fm.id}`).expect(204);
    expect((await api.delete(`/v1/summits/${s.id}/participants/${japan.id}`)).status).toBe(204);
  });
});

describe('summit details: number in the series, host country, city, how each participant attended', () => {
  const HIROSHIMA_SOURCE = 'https://en.wikipedia.org/wiki/49th_G7_summit';

  async function hiroshima() {
    const japan = await createCountry(api, { name: 'Japan', iso3: nextIso3() });
    const res = await api.post('/v1/summits').send({
      name: 'G7 Hiroshima Summit',
      kind: 'leaders_summit',
      status: 'held',
      series: 'G7',
      number: 49,
      startDate: '2023-05-19',
      endDate: '2023-05-21',
      hostCountryId: japan.id,
      city: 'Hiroshima',
      sourceUrls: [HIROSHIMA_SOURCE],
    });
    expect(res.status).toBe(201);
    return { japan, summit: res.body as { id: string; version: number } & Record<string, unknown> };
  }

  it('when the 49th G7 summit is recorded with its host country and city, then they are stored, filterable and the host expands', async () => {
    const { japan, summit } = await hiroshima();
    expect(summit).toMatchObject({ series: 'G7', number: 49, hostCountryId: japan.id, city: 'Hiroshima', sourceUrls: [HIROSHIMA_SOURCE] });
    await createSummit(api, { name: 'G7 Elmau Summit', series: 'G7', number: 48, startDate: '2022-06-26', city: 'Elmau' });

    expect(ids(await api.get('/v1/summits?series=G7&number=49'))).toEqual([summit.id]);
    expect(ids(await api.get('/v1/summits?number=gte.49'))).toEqual([summit.id]);
    expect(ids(await api.get(`/v1/summits?hostCountryId=${japan.id}`))).toEqual([summit.id]);
    expect(ids(await api.get('/v1/summits?city=Hiroshima'))).toEqual([summit.id]);
    const expanded = await api.get(`/v1/summits/${summit.id}?expand=hostCountry`);
    expect(expanded.body).toMatchObject({ id: summit.id, hostCountry: { id: japan.id, name: 'Japan', kind: 'country' } });
    const csv = await api.get('/v1/summits?series=G7&sort=startDate&format=csv');
    expect(csv.text.split('\r\n')[0]).toContain('number');
    expect(csv.text).toContain(',49,');
  });

  it('when the host is not a country, does not exist, or the number is not a positive integer, then 422 names each field and nothing is written', async () => {
    const eu = await createParticipant(api, { kind: 'organization', name: 'European Union' });
    const res = await expectNoWrite(db, () =>
      api.post('/v1/summits').send({ name: 'G7 Hiroshima Summit', kind: 'leaders_summit', number: 0, hostCountryId: eu.id }),
    );
    expectProblem(res, 422, 'validation_error', ['#/number']);
    const host = await expectNoWrite(db, () => api.post('/v1/summits').send({ name: 'G7 Hiroshima Summit', kind: 'leaders_summit', hostCountryId: eu.id }));
    expectProblem(host, 422, 'validation_error', ['#/hostCountryId']);
    expect(host.body.errors[0].detail).toBe('must be a country, not a organization');
    const missing = await api.post('/v1/summits').send({ name: 'G7', kind: 'leaders_summit', hostCountryId: missingId('par') });
    expectProblem(missing, 422, 'validation_error', ['#/hostCountryId']);
    const fraction = await api.post('/v1/summits').send({ name: 'G7', kind: 'leaders_summit', number: 48.5 });
    expectProblem(fraction, 422, 'validation_error', ['#/number']);
    const { summit } = await hiroshima();
    const patched = await expectNoWrite(db, () => api.patch(`/v1/summits/${summit.id}`).send({ hostCountryId: eu.id }));
    expectProblem(patched, 422, 'validation_error', ['#/hostCountryId']);
  });

  it('when the host country is deleted or stops being a country, then 409 or 422 says it hosts the summit', async () => {
    const { japan } = await hiroshima();
    const del = await expectNoWrite(db, () => api.delete(`/v1/participants/${japan.id}`));
    expectProblem(del, 409, 'has_dependents');
    expect(del.body.dependents).toEqual({ hostedSummits: 1 });
    const kind = await expectNoWrite(db, () => api.patch(`/v1/participants/${japan.id}`).send({ kind: 'organization', iso3: null }));
    expectProblem(kind, 422, 'validation_error', ['#/kind']);
    expect(kind.body.errors[0].detail).toBe('must stay a country: it is the host country of 1 summit');
  });

  it('when a participant attended in person or virtually, then the attendance says so, with its source, and filters find it', async () => {
    const { summit } = await hiroshima();
    const ukraine = await createCountry(api, { name: 'Ukraine' });
    const source = 'https://en.wikipedia.org/wiki/49th_G7_summit';
    const inPerson = await api
      .put(`/v1/summits/${summit.id}/participants/${ukraine.id}`)
      .send({ role: 'guest', level: 'head_of_state_or_government', attendance: 'in_person', sourceUrls: [source] });
    expect(inPerson.status).toBe(201);
    expect(inPerson.body).toMatchObject({ role: 'guest', attendance: 'in_person', sourceUrls: [source] });
    // The G7 leaders' video conference of 6 December 2023, which President Zelenskyy joined.
    const call = await createSummit(api, { name: "G7 Leaders' Video Conference", series: 'G7', startDate: '2023-12-06', status: 'held' });
    const virtual = await api.put(`/v1/summits/${call.id}/participants/${ukraine.id}`).send({ role: 'guest', attendance: 'virtual' });
    expect(virtual.status).toBe(201);
    expect(virtual.body.attendance).toBe('virtual');
    const listed = await api.get(`/v1/summits/${summit.id}/participants?attendance=in_person`);
    expect(listed.body.data.map((p: { participantId: string }) => p.participantId)).toEqual([ukraine.id]);
    const remote = await api.put(`/v1/summits/${call.id}/participants/${ukraine.id}`).send({ role: 'guest', attendance: 'remote' });
    expectProblem(remote, 422, 'validation_error', ['#/attendance']);
    const badSource = await api.put(`/v1/summits/${call.id}/participants/${ukraine.id}`).send({ role: 'guest', sourceUrls: ['ftp://example.org/x'] });
    expectProblem(badSource, 422, 'validation_error', ['#/sourceUrls/0']);
  });
});
