// Offices over time (/v1/positions) and the office a participation shows (officeHeld), with the
// real example: Fumio Kishida, Prime Minister of Japan 2021-10-04 to 2024-10-01, then Shigeru
// Ishiba; the G7 Hiroshima summit of 2023-05-19 to 21, where Kishida took part.
import { beforeEach, describe, expect, it } from 'vitest';
import { createCountry, createParticipant, createSummit, expectNoWrite, expectProblem, makeApp, missingId, type Api } from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

const KANTEI = 'https://japan.kantei.go.jp/101_kishida/';
const ISHIBA_SOURCE = 'https://japan.kantei.go.jp/102_ishiba/';

async function post(path: string, body: unknown) {
  const res = await api.post(path).send(body as object);
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; version: number } & Record<string, unknown>;
}

/** Japan, its two Prime Ministers and their terms, and the G7 Hiroshima summit. */
async function japan() {
  const country = await createCountry(api, { name: 'Japan' });
  const kishida = await createParticipant(api, { kind: 'person', name: 'Fumio Kishida' });
  const ishiba = await createParticipant(api, { kind: 'person', name: 'Shigeru Ishiba' });
  const kishidaPm = await post('/v1/positions', {
    personId: kishida.id,
    office: 'Prime Minister',
    organizationId: country.id,
    startDate: '2021-10-04',
    endDate: '2024-10-01',
    sourceUrls: [KANTEI],
  });
  const ishibaPm = await post('/v1/positions', {
    personId: ishiba.id,
    office: 'Prime Minister',
    organizationId: country.id,
    startDate: '2024-10-01',
    sourceUrls: [ISHIBA_SOURCE],
  });
  const hiroshima = await createSummit(api, { name: 'G7 Hiroshima Summit', startDate: '2023-05-19', endDate: '2023-05-21', status: 'held' });
  return { country, kishida, ishiba, kishidaPm, ishibaPm, hiroshima };
}

const names = (res: { body: { data: { personId: string }[] } }) => res.body.data.map((p) => p.personId);

describe('POST /v1/positions', () => {
  it('when Kishida’s term as Prime Minister of Japan is recorded, then 201 with every field, Location and ETag', async () => {
    const country = await createCountry(api, { name: 'Japan' });
    const kishida = await createParticipant(api, { kind: 'person', name: 'Fumio Kishida' });
    const res = await api.post('/v1/positions').send({
      personId: kishida.id,
      office: 'Prime Minister',
      organizationId: country.id,
      startDate: '2021-10-04',
      endDate: '2024-10-01',
      sourceUrls: [KANTEI],
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^pos_[0-9A-HJKMNP-TV-Z]{26}$/),
      personId: kishida.id,
      office: 'Prime Minister',
      organizationId: country.id,
      startDate: '2021-10-04',
      endDate: '2024-10-01',
      sourceUrls: [KANTEI],
      note: null,
      createdAt: expect.any(String),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(res.headers.location).toBe(`/v1/positions/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    const read = await api.get(res.headers.location!).expect(200);
    expect(read.body).toEqual(res.body);
  });

  it('when sourceUrls is left out, then it is []; and an open end is null', async () => {
    const country = await createCountry(api);
    const person = await createParticipant(api, { kind: 'person', name: 'Shigeru Ishiba' });
    const res = await post('/v1/positions', { personId: person.id, office: 'Prime Minister', organizationId: country.id, startDate: '2024-10-01' });
    expect(res).toMatchObject({ sourceUrls: [], endDate: null });
  });

  it('when the holder is not a person or the office belongs to a person, then 422 points at each and nothing is written', async () => {
    const country = await createCountry(api);
    const person = await createParticipant(api, { kind: 'person', name: 'Fumio Kishida' });
    const res = await expectNoWrite(db, () =>
      api.post('/v1/positions').send({ personId: country.id, office: 'Prime Minister', organizationId: person.id, startDate: '2021' }),
    );
    expectProblem(res, 422, 'validation_error', ['#/personId', '#/organizationId']);
  });

  it('when the person or the organization does not exist, then 422', async () => {
    const res = await expectNoWrite(db, () =>
      api.post('/v1/positions').send({ personId: missingId('par'), office: 'Prime Minister', organizationId: 'par_01HZZZZZZZZZZZZZZZZZZZZZZY', startDate: '2021' }),
    );
    expectProblem(res, 422, 'validation_error', ['#/personId', '#/organizationId']);
  });

  it.each([
    ['an end before the start', { startDate: '2024-10-01', endDate: '2021-10-04' }, ['#/endDate']],
    ['no start', { startDate: undefined }, ['#/startDate']],
    ['a day that is not in the calendar', { startDate: '2023-02-30' }, ['#/startDate']],
    ['a blank office', { office: '  ' }, ['#/office']],
    ['an office over 200 characters', { office: 'x'.repeat(201) }, ['#/office']],
    ['a source that is not http(s)', { sourceUrls: ['ftp://example.org/a'] }, ['#/sourceUrls/0']],
    ['21 sources', { sourceUrls: Array.from({ length: 21 }, (_, i) => `https://example.org/${i}`) }, ['#/sourceUrls']],
    ['a read-only member', { version: 3 }, ['#/version']],
  ])('when the body has %s, then 422 and nothing is written', async (_case, change, pointers) => {
    const country = await createCountry(api);
    const person = await createParticipant(api, { kind: 'person', name: 'Someone' });
    const body = { personId: person.id, office: 'Prime Minister', organizationId: country.id, startDate: '2021-10-04', ...change };
    const res = await expectNoWrite(db, () => api.post('/v1/positions').send(body));
    expect(res.status, res.text).toBe(422);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(pointers));
  });

  it('when a bulk holds one position of a country, then 422 points at it by index and none is created', async () => {
    const country = await createCountry(api);
    const other = await createCountry(api);
    const person = await createParticipant(api, { kind: 'person', name: 'Someone' });
    const res = await expectNoWrite(db, () =>
      api.post('/v1/positions').send([
        { personId: person.id, office: 'Foreign Minister', organizationId: country.id, startDate: '2017' },
        { personId: country.id, office: 'Prime Minister', organizationId: other.id, startDate: '2021' },
      ]),
    );
    expectProblem(res, 422, 'validation_error');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('#/1/personId');
  });

  it('when positions come as CSV, then each is created with its sources', async () => {
    const country = await createCountry(api);
    const person = await createParticipant(api, { kind: 'person', name: 'Fumio Kishida' });
    const csv = `personId,office,organizationId,startDate,endDate,sourceUrls\n${person.id},Minister for Foreign Affairs,${country.id},2012-12-26,2017-08-03,https://www.mofa.go.jp/a;https://www.mofa.go.jp/b\n`;
    const res = await api.post('/v1/positions').set('Content-Type', 'text/csv').send(csv);
    expect(res.status, res.text).toBe(201);
    expect(res.body.data).toMatchObject([{ office: 'Minister for Foreign Affairs', endDate: '2017-08-03', sourceUrls: ['https://www.mofa.go.jp/a', 'https://www.mofa.go.jp/b'] }]);
  });
});

describe('GET /v1/positions', () => {
  it('when asked who was Prime Minister of Japan on 2023-05-19, then Kishida alone, in one request', async () => {
    const { country, kishida } = await japan();
    const res = await api.get(`/v1/positions?office=Prime Minister&organizationId=${country.id}&heldOn=2023-05-19`).expect(200);
    expect(res.body).toMatchObject({ data: [{ personId: kishida.id, office: 'Prime Minister', startDate: '2021-10-04', endDate: '2024-10-01' }], hasMore: false });
    expect(res.body.data).toHaveLength(1);
  });

  it('when asked with expand=person, then the person is embedded', async () => {
    const { country } = await japan();
    const res = await api.get(`/v1/positions?organizationId=${country.id}&heldOn=2025-01-15&expand=person`).expect(200);
    expect(res.body.data).toMatchObject([{ person: { name: 'Shigeru Ishiba', kind: 'person' }, endDate: null }]);
  });

  it.each([
    ['the handover day', '2024-10-01', ['ishiba', 'kishida']],
    ['the day before it', '2024-09-30', ['kishida']],
    ['the day after it', '2024-10-02', ['ishiba']],
    ['the whole year of the handover', '2024', ['ishiba', 'kishida']],
    ['the month of the handover', '2024-10', ['ishiba', 'kishida']],
    ['a year of Kishida alone', '2022', ['kishida']],
    ['before either', '2021-10-03', []],
    ['long after, the office still held', '2030', ['ishiba']],
  ])('when heldOn is %s, then the holders then', async (_case, date, expected) => {
    const fixture = await japan();
    const ids = { kishida: fixture.kishida.id, ishiba: fixture.ishiba.id } as Record<string, string>;
    const res = await api.get(`/v1/positions?organizationId=${fixture.country.id}&heldOn=${date}&sort=startDate`).expect(200);
    expect(names(res).sort()).toEqual(expected.map((n) => ids[n]).sort());
  });

  it('when a term’s dates are partial, then heldOn counts only what they make certain', async () => {
    const country = await createCountry(api);
    const person = await createParticipant(api, { kind: 'person', name: 'Someone' });
    await post('/v1/positions', { personId: person.id, office: 'Minister', organizationId: country.id, startDate: '2021', endDate: '2024-06' });
    const held = async (date: string) => names(await api.get(`/v1/positions?personId=${person.id}&heldOn=${date}`).expect(200)).length === 1;
    expect(await held('2021-06-01')).toBe(false); // taken up some time in 2021: perhaps later
    expect(await held('2021-12-31')).toBe(true);
    expect(await held('2021')).toBe(true);
    expect(await held('2024-06-01')).toBe(true); // left some time in June 2024: at the earliest on its first day
    expect(await held('2024-06-02')).toBe(false);
    expect(await held('2024-07')).toBe(false);
  });

  it('when office is filtered with like., then case and wildcards work; endDate=is.null finds offices still held', async () => {
    const { country, ishiba } = await japan();
    expect((await api.get(`/v1/positions?office=like.*minister*&organizationId=${country.id}`).expect(200)).body.data).toHaveLength(2);
    const current = await api.get(`/v1/positions?organizationId=${country.id}&endDate=is.null`).expect(200);
    expect(names(current)).toEqual([ishiba.id]);
  });

  it.each([
    ['heldOn with an operator', 'heldOn=gte.2023'],
    ['heldOn that is not a date', 'heldOn=2023-13'],
    ['heldOn given twice... as a list', 'heldOn=in.(2023,2024)'],
    ['personId of another kind', `personId=${missingId('smt')}`],
  ])('when the query has %s, then 400 names the parameter', async (_case, query) => {
    const res = await api.get(`/v1/positions?${query}`);
    expectProblem(res, 400, 'invalid_parameter', [query.split('=')[0]!]);
  });

  it('when asked as CSV, then the header is fixed and sources are joined with ;', async () => {
    await japan();
    const res = await api.get('/v1/positions?sort=startDate&format=csv').expect(200);
    const [header, first] = res.text.split('\r\n');
    expect(header).toBe('id,personId,office,organizationId,startDate,endDate,sourceUrls,note,createdAt,updatedAt,version');
    expect(first).toContain(`,Prime Minister,`);
    expect(first).toContain(`,2021-10-04,2024-10-01,${KANTEI},`);
  });
});

describe('GET /v1/participants/{id}/positions', () => {
  it('when a person’s positions are listed, then only theirs, in the order asked', async () => {
    const { kishida, country } = await japan();
    await post('/v1/positions', { personId: kishida.id, office: 'Minister for Foreign Affairs', organizationId: country.id, startDate: '2012-12-26', endDate: '2017-08-03' });
    const res = await api.get(`/v1/participants/${kishida.id}/positions?sort=startDate`).expect(200);
    expect(res.body).toMatchObject({
      data: [
        { office: 'Minister for Foreign Affairs', personId: kishida.id },
        { office: 'Prime Minister', personId: kishida.id },
      ],
      hasMore: false,
    });
    expect(res.body.data).toHaveLength(2);
  });

  it('when the participant does not exist, then 404', async () => {
    expectProblem(await api.get(`/v1/participants/${missingId('par')}/positions`), 404, 'not_found');
  });
});

describe('PATCH, PUT and DELETE /v1/positions/{id}', () => {
  it('when an open term is closed by a merge patch with If-Match, then version 2; a stale If-Match is 412', async () => {
    const { ishibaPm } = await japan();
    const res = await api.patch(`/v1/positions/${ishibaPm.id}`).set('If-Match', '"1"').send({ endDate: '2025-10-21' }).expect(200);
    expect(res.body).toMatchObject({ endDate: '2025-10-21', version: 2, sourceUrls: [ISHIBA_SOURCE] });
    expect(res.headers.etag).toBe('"2"');
    const stale = await expectNoWrite(db, () => api.patch(`/v1/positions/${ishibaPm.id}`).set('If-Match', '"1"').send({ endDate: null }));
    expectProblem(stale, 412, 'precondition_failed');
  });

  it('when a patch moves the end before the start, then 422', async () => {
    const { kishidaPm } = await japan();
    expectProblem(await api.patch(`/v1/positions/${kishidaPm.id}`).send({ endDate: '2020' }), 422, 'validation_error', ['#/endDate']);
  });

  it('when a patch clears the office, then 422: it is required', async () => {
    const { kishidaPm } = await japan();
    expectProblem(await api.patch(`/v1/positions/${kishidaPm.id}`).send({ office: null }), 422, 'validation_error', ['#/office']);
  });

  it('when a position is replaced with a person as organization, then 422', async () => {
    const { kishidaPm, kishida, ishiba } = await japan();
    const res = await api.put(`/v1/positions/${kishidaPm.id}`).send({ personId: kishida.id, office: 'Aide', organizationId: ishiba.id, startDate: '2021' });
    expectProblem(res, 422, 'validation_error', ['#/organizationId']);
  });

  it('when a position is deleted, then 204 and it is gone', async () => {
    const { kishidaPm } = await japan();
    await api.delete(`/v1/positions/${kishidaPm.id}`).expect(204);
    expectProblem(await api.get(`/v1/positions/${kishidaPm.id}`), 404, 'not_found');
  });
});

describe('officeHeld in participations', () => {
  it('when Kishida took part in the G7 Hiroshima summit, then the participation shows him as Prime Minister of Japan', async () => {
    const { country, kishida, kishidaPm, hiroshima } = await japan();
    await api.put(`/v1/summits/${hiroshima.id}/participants/${country.id}`).send({ role: 'member' }).expect(201);
    await api.put(`/v1/summits/${hiroshima.id}/participants/${kishida.id}`).send({ role: 'member', onBehalfOfId: country.id, isHeadOfDelegation: true }).expect(201);
    const res = await api.get(`/v1/summits/${hiroshima.id}/participants?sort=createdAt`).expect(200);
    expect(res.body.data).toMatchObject([
      { participantId: country.id, officeHeld: null },
      { participantId: kishida.id, officeHeld: [{ id: kishidaPm.id, office: 'Prime Minister', organizationId: country.id, startDate: '2021-10-04', endDate: '2024-10-01' }] },
    ]);
    const one = await api.get(`/v1/summits/${hiroshima.id}/participants/${kishida.id}`).expect(200);
    expect(one.body).toMatchObject({ officeHeld: [{ id: kishidaPm.id }] });
    const expanded = await api.get(`/v1/summits/${hiroshima.id}?expand=participants`).expect(200);
    expect(expanded.body.participants).toMatchObject([{ officeHeld: null }, { officeHeld: [{ id: kishidaPm.id, office: 'Prime Minister' }] }]);
  });

  it('when Kishida’s title and office change after the summit, then the old participation still shows the office he held then', async () => {
    const { country, kishida, kishidaPm, hiroshima } = await japan();
    await api.put(`/v1/summits/${hiroshima.id}/participants/${kishida.id}`).send({ role: 'member' }).expect(201);
    await api.patch(`/v1/participants/${kishida.id}`).send({ title: 'Former Prime Minister of Japan' }).expect(200);
    const later = await createSummit(api, { name: 'A later summit', startDate: '2025-06' });
    await api.put(`/v1/summits/${later.id}/participants/${kishida.id}`).send({ role: 'guest' }).expect(201);
    const then = await api.get(`/v1/summits/${hiroshima.id}/participants/${kishida.id}`).expect(200);
    expect(then.body.officeHeld).toMatchObject([{ id: kishidaPm.id, office: 'Prime Minister', organizationId: country.id }]);
    const now = await api.get(`/v1/summits/${later.id}/participants/${kishida.id}`).expect(200);
    expect(now.body.officeHeld).toBeNull();
  });

  it('when the summit has no date, then officeHeld is null', async () => {
    const { kishida } = await japan();
    const undated = await createSummit(api);
    await api.put(`/v1/summits/${undated.id}/participants/${kishida.id}`).send({ role: 'member' }).expect(201);
    expect((await api.get(`/v1/summits/${undated.id}/participants`).expect(200)).body.data).toMatchObject([{ officeHeld: null }]);
  });
});

describe('positions and their participants', () => {
  it('when a person with positions is deleted, then the positions go with them', async () => {
    const { ishiba, ishibaPm } = await japan();
    await api.delete(`/v1/participants/${ishiba.id}`).expect(204);
    expectProblem(await api.get(`/v1/positions/${ishibaPm.id}`), 404, 'not_found');
  });

  it('when a country whose offices are recorded is deleted, then 409 counts the positions and nothing is deleted', async () => {
    const { country } = await japan();
    const res = await expectNoWrite(db, () => api.delete(`/v1/participants/${country.id}`));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body).toMatchObject({ dependents: { positions: 2 } });
  });

  it('when a person holding positions would become an organization, or an office-holding country a person, then 422', async () => {
    const { country, kishida } = await japan();
    expectProblem(await api.put(`/v1/participants/${kishida.id}`).send({ kind: 'organization', name: 'Kishida Office' }), 422, 'validation_error', ['#/kind']);
    expectProblem(await api.put(`/v1/participants/${country.id}`).send({ kind: 'person', name: 'Japan' }), 422, 'validation_error', ['#/kind']);
  });
});
