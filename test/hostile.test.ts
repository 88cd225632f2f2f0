// Hostile input, case by case: injection and traversal strings are data (stored and returned byte
// for byte, matched literally by filters, never a path or a query), and malformed text, prototype
// keys, sizes, dates and numbers are 4xx problems that write nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { createCountry, createSummit, expectNoWrite, expectProblem, makeApp, type Api } from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

const INJECTIONS = [
  "'; DROP TABLE summits; --",
  "Robert'); DELETE FROM participants WHERE ('1'='1",
  '" OR ""="',
  '1 UNION SELECT hash FROM api_keys --',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '<img src=x onerror=alert(1)>',
  '{{7*7}} ${7*7} #{7*7}',
  '*) (|(uid=*))',
  'name MATCH "x" OR 1',
  'Ünïcödé — 中文 — 🇯🇵 — עברית',
];

/** A text member of each collection's body, and a valid body around it. */
const TEXT_FIELDS: [string, string, (text: string, ids: Record<string, string>) => Record<string, unknown>][] = [
  ['participants', 'name', (text) => ({ kind: 'organization', name: text })],
  ['participants', 'description', (text) => ({ kind: 'organization', name: 'Org', description: text })],
  ['summits', 'name', (text) => ({ name: text, kind: 'other' })],
  ['summits', 'location', (text) => ({ name: 'Summit', kind: 'other', location: text })],
  ['agreements', 'title', (text) => ({ title: text, type: 'other' })],
  ['agreements', 'text', (text) => ({ title: 'Agreement', type: 'other', text })],
  ['commitments', 'text', (text, ids) => ({ text, scope: 'individual', summitId: ids.summit, parties: [{ participantId: ids.country, role: 'pledger' }] })],
  ['commitments', 'code', (text, ids) => ({ text: 'Commitment', code: text.slice(0, 40), scope: 'individual', summitId: ids.summit, parties: [{ participantId: ids.country, role: 'pledger' }] })],
];

describe('injection and traversal strings in valid fields', () => {
  it.each(TEXT_FIELDS.flatMap(([collection, field, body]) => INJECTIONS.map((text) => [collection, field, text, body] as const)))(
    'when %s.%s is %j, then it is stored and returned byte for byte',
    async (collection, field, text, body) => {
      const ids = { summit: (await createSummit(api)).id, country: (await createCountry(api)).id };
      const sent = body(text, ids);
      const created = await api.post(`/v1/${collection}`).send(sent);
      expect(created.status, created.text).toBe(201);
      expect(created.body[field]).toBe(sent[field]);
      const read = await api.get(`/v1/${collection}/${created.body.id}`);
      expect(read.body[field]).toBe(sent[field]);
      expect(Buffer.from(JSON.stringify(read.body[field])).equals(Buffer.from(JSON.stringify(sent[field])))).toBe(true);
    },
  );

  it.each(INJECTIONS)('when a name filter is %j, then it is matched literally: that one record, and the tables stand', async (text) => {
    await api.post('/v1/participants').send({ kind: 'organization', name: 'Bystander' }).expect(201);
    const target = (await api.post('/v1/participants').send({ kind: 'organization', name: text }).expect(201)).body;
    const res = await api.get(`/v1/participants?name=${encodeURIComponent(text)}`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual([target.id]);
    expect((await api.get('/v1/participants')).body.data).toHaveLength(2);
  });

  it.each(INJECTIONS)('when %j is searched with q, then 200 or a 400 naming q, never more', async (text) => {
    const res = await api.get(`/v1/participants?q=${encodeURIComponent(text)}`);
    expect([200, 400]).toContain(res.status);
    if (res.status === 400) expectProblem(res, 400, 'invalid_parameter', ['q']);
  });

  it.each([
    "'; DROP TABLE summits; --",
    '..%2F..%2Fetc%2Fpasswd',
    '%2e%2e',
    'smt_01HZY000000000000000000000%27%20OR%201%3D1',
    'smt_..',
    'smt_01HZY000000000000000000000;',
  ])('when a path id is %j, then 404 and nothing is written', async (id) => {
    await createSummit(api);
    const res = await expectNoWrite(db, () => api.delete(`/v1/summits/${id}`));
    expectProblem(res, 404, 'not_found');
    expect((await api.get('/v1/summits')).body.data).toHaveLength(1);
  });
});

describe('malformed values in bodies', () => {
  const base = { kind: 'organization', name: 'Org' };
  it.each([
    ['a lone high surrogate', { ...base, name: 'a\ud800b' }, '#/name'],
    ['a lone low surrogate', { ...base, description: '\udc00' }, '#/description'],
    ['NUL', { ...base, name: 'a\u0000b' }, '#/name'],
    ['a bell in a single-line field', { ...base, name: 'a\u0007' }, '#/name'],
    ['a string over its limit', { ...base, name: 'x'.repeat(201) }, '#/name'],
    ['300,000 characters', { ...base, description: 'x'.repeat(300_000) }, '#/description'],
    ['a number for a string', { ...base, name: 12 }, '#/name'],
    ['an object for a string', { ...base, name: { $gt: '' } }, '#/name'],
    ['an array for a string', { ...base, name: ['a'] }, '#/name'],
    ['an unknown kind', { ...base, kind: 'alliance' }, '#/kind'],
    ['a __proto__ member', JSON.parse('{"kind":"organization","name":"Org","__proto__":{"admin":true}}'), '#/__proto__'],
    ['a constructor member', { ...base, constructor: { prototype: {} } }, '#/constructor'],
    ['a read-only id', { ...base, id: 'par_01HZY000000000000000000000' }, '#/id'],
  ])('when a participant has %s, then 422 points at it and nothing is written', async (_case, body, pointer) => {
    const res = await expectNoWrite(db, () => api.post('/v1/participants').send(body));
    expectProblem(res, 422, 'validation_error');
    expect((res.body.errors as { pointer: string }[]).map((e) => e.pointer)).toContain(pointer);
  });

  it.each([
    ['an impossible day', { startDate: '2024-02-30' }, '#/startDate'],
    ['month 13', { startDate: '2024-13' }, '#/startDate'],
    ['a five-digit year', { startDate: '20245' }, '#/startDate'],
    ['a negative year', { startDate: '-2024' }, '#/startDate'],
    ['a timestamp', { startDate: '2024-05-19T10:00:00Z' }, '#/startDate'],
    ['an end before the start', { startDate: '2024-05-20', endDate: '2024-05-19' }, '#/endDate'],
    ['21 source URLs', { sourceUrls: Array.from({ length: 21 }, (_, i) => `https://example.org/${i}`) }, '#/sourceUrls'],
    ['a javascript: URL', { sourceUrls: ['javascript:alert(1)'] }, '#/sourceUrls/0'],
    ['a file: URL', { sourceUrls: ['file:///etc/passwd'] }, '#/sourceUrls/0'],
  ])('when a summit has %s, then 422 points at it and nothing is written', async (_case, extra, pointer) => {
    const res = await expectNoWrite(db, () => api.post('/v1/summits').send({ name: 'Summit', kind: 'other', ...extra }));
    expectProblem(res, 422, 'validation_error');
    expect((res.body.errors as { pointer: string }[]).map((e) => e.pointer)).toContain(pointer);
  });

  it.each([
    ['1e308', 1e308],
    ['-1e308', -1e308],
    ['2^53 + 1', 2 ** 53 + 1],
    ['a fraction', 2050.5],
    ['a numeric string', '2050'],
    ['year 1899', 1899],
    ['year 2201', 2201],
  ])('when a target year is %s, then 422 and nothing is written', async (_case, targetYear) => {
    const res = await expectNoWrite(db, () => api.post('/v1/agreements').send({ title: 'A', type: 'other', targets: [{ targetType: 'net_zero', targetYear }] }));
    expectProblem(res, 422, 'validation_error');
    expect(new Set((res.body.errors as { pointer: string }[]).map((e) => e.pointer))).toEqual(new Set(['#/targets/0/targetYear']));
  });

  it.each([
    ['1e400 (not a finite JSON number)', '{"title":"A","type":"other","targets":[{"targetType":"net_zero","targetYear":1e400}]}'],
    ['NaN', '{"title":"A","type":"other","targets":[{"targetType":"net_zero","targetYear":NaN}]}'],
    ['a trailing comma', '{"title":"A","type":"other",}'],
    ['two documents', '{"title":"A","type":"other"}{"title":"B","type":"other"}'],
    ['a lone surrogate escaped', '{"title":"\\ud800","type":"other"}'],
  ])('when the JSON has %s, then a 4xx problem and nothing is written', async (_case, text) => {
    const res = await expectNoWrite(db, () => api.post('/v1/agreements').set('Content-Type', 'application/json').send(text));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('when an array holds 21 themes or 201 parties, then 422 and nothing is written', async () => {
    const country = await createCountry(api);
    const themes = Array.from({ length: 21 }, (_, i) => `theme_${i}`);
    expectProblem(await expectNoWrite(db, () => api.post('/v1/agreements').send({ title: 'A', type: 'other', themes })), 422, 'validation_error', ['#/themes']);
    const parties = Array.from({ length: 201 }, () => ({ participantId: country.id, role: 'pledger' }));
    const summit = await createSummit(api);
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send({ text: 'C', scope: 'collective', summitId: summit.id, parties }));
    expectProblem(res, 422, 'validation_error');
  });
});
