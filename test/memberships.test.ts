// Memberships of groups over time (/v1/memberships), with the real example: France, a member of
// the EU (from 1958-01-01, the European Economic Community), the G7 (from 1975) and NATO (from
// 1949-04-04); and the participant filter memberOf.
import { beforeEach, describe, expect, it } from 'vitest';
import { createCountry, createParticipant, expectNoWrite, expectProblem, makeApp, missingId, type Api } from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

const SOURCES = {
  eu: 'https://european-union.europa.eu/principles-countries-history/eu-countries/france_en',
  g7: 'https://www.elysee.fr/en/g7',
  nato: 'https://www.nato.int/cps/en/natohq/topics_52044.htm',
};

/** France and the three groups it belongs to; the United Kingdom, in the EU until 2020-01-31. */
async function france() {
  const fra = await createCountry(api, { name: 'France' });
  const gbr = await createCountry(api, { name: 'United Kingdom' });
  const eu = await createParticipant(api, { kind: 'organization', name: 'European Union', shortName: 'EU' });
  const g7 = await createParticipant(api, { kind: 'organization', name: 'Group of Seven', shortName: 'G7' });
  const nato = await createParticipant(api, { kind: 'organization', name: 'North Atlantic Treaty Organization', shortName: 'NATO' });
  const created = (
    await api
      .post('/v1/memberships')
      .send([
        { memberId: fra.id, groupId: eu.id, startDate: '1958-01-01', sourceUrls: [SOURCES.eu], note: 'A founding member of the European Economic Community' },
        { memberId: fra.id, groupId: g7.id, startDate: '1975', sourceUrls: [SOURCES.g7] },
        { memberId: fra.id, groupId: nato.id, startDate: '1949-04-04', sourceUrls: [SOURCES.nato] },
        { memberId: gbr.id, groupId: eu.id, startDate: '1973-01-01', endDate: '2020-01-31' },
      ])
      .expect(201)
  ).body.data as { id: string }[];
  return { fra, gbr, eu, g7, nato, memberships: created };
}

describe('POST /v1/memberships', () => {
  it('when France joins NATO on 1949-04-04, then 201 with every field, Location and ETag', async () => {
    const fra = await createCountry(api, { name: 'France' });
    const nato = await createParticipant(api, { kind: 'organization', name: 'NATO' });
    const res = await api.post('/v1/memberships').send({ memberId: fra.id, groupId: nato.id, startDate: '1949-04-04', sourceUrls: [SOURCES.nato] });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^mbr_[0-9A-HJKMNP-TV-Z]{26}$/),
      memberId: fra.id,
      groupId: nato.id,
      startDate: '1949-04-04',
      endDate: null,
      sourceUrls: [SOURCES.nato],
      note: null,
      createdAt: expect.any(String),
      updatedAt: res.body.createdAt,
      version: 1,
    });
    expect(res.headers.location).toBe(`/v1/memberships/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect((await api.get(res.headers.location!).expect(200)).body).toEqual(res.body);
  });

  it('when the group is a country or a person, then 422 and nothing is written', async () => {
    const fra = await createCountry(api, { name: 'France' });
    const deu = await createCountry(api, { name: 'Germany' });
    const person = await createParticipant(api, { kind: 'person', name: 'Emmanuel Macron' });
    for (const groupId of [deu.id, person.id]) {
      const res = await expectNoWrite(db, () => api.post('/v1/memberships').send({ memberId: fra.id, groupId, startDate: '1963' }));
      expectProblem(res, 422, 'validation_error', ['#/groupId']);
    }
  });

  it.each([
    ['an unknown member', (ids: Record<string, string>) => ({ memberId: missingId('par'), groupId: ids.group }), ['#/memberId']],
    ['the group as its own member', (ids: Record<string, string>) => ({ memberId: ids.group, groupId: ids.group }), ['#/groupId']],
    ['an end before the start', (ids: Record<string, string>) => ({ memberId: ids.member, groupId: ids.group, endDate: '1950' }), ['#/endDate']],
    ['no start', (ids: Record<string, string>) => ({ memberId: ids.member, groupId: ids.group, startDate: null }), ['#/startDate']],
    ['a source that is not a URL', (ids: Record<string, string>) => ({ memberId: ids.member, groupId: ids.group, sourceUrls: ['nato.int'] }), ['#/sourceUrls/0']],
  ])('when the body has %s, then 422', async (_case, make, pointers) => {
    const member = await createCountry(api);
    const group = await createParticipant(api, { kind: 'organization', name: 'NATO' });
    const body = { startDate: '1958-01-01', ...make({ member: member.id, group: group.id }) };
    const res = await expectNoWrite(db, () => api.post('/v1/memberships').send(body));
    expectProblem(res, 422, 'validation_error', pointers);
  });
});

describe('GET /v1/memberships and /v1/participants/{id}/memberships', () => {
  it('when France’s memberships are listed, then the EU, the G7 and NATO, with their dates and sources', async () => {
    const { fra, eu, g7, nato } = await france();
    const res = await api.get(`/v1/participants/${fra.id}/memberships?sort=startDate&expand=group`).expect(200);
    expect(res.body).toMatchObject({
      data: [
        { groupId: nato.id, startDate: '1949-04-04', endDate: null, sourceUrls: [SOURCES.nato], group: { shortName: 'NATO' } },
        { groupId: eu.id, startDate: '1958-01-01', sourceUrls: [SOURCES.eu], group: { shortName: 'EU' } },
        { groupId: g7.id, startDate: '1975', sourceUrls: [SOURCES.g7], group: { shortName: 'G7' } },
      ],
      hasMore: false,
    });
    expect(res.body.data).toHaveLength(3);
  });

  it.each([
    ['1960', ['fra']],
    ['1990', ['fra', 'gbr']],
    ['2020-01-31', ['fra', 'gbr']],
    ['2020-02-01', ['fra']],
    ['1957', []],
  ])('when the EU’s members are asked for activeOn=%s, then those members then', async (date, expected) => {
    const fixture = await france();
    const ids = { fra: fixture.fra.id, gbr: fixture.gbr.id } as Record<string, string>;
    const res = await api.get(`/v1/memberships?groupId=${fixture.eu.id}&activeOn=${date}`).expect(200);
    expect(res.body.data.map((m: { memberId: string }) => m.memberId).sort()).toEqual(expected.map((n) => ids[n]).sort());
  });

  it('when a membership is dated by its year alone, then activeOn counts it from the end of that year', async () => {
    const { g7 } = await france();
    const on = async (date: string) => (await api.get(`/v1/memberships?groupId=${g7.id}&activeOn=${date}`).expect(200)).body.data.length;
    expect(await on('1975-11-15')).toBe(0); // the first summit, Rambouillet: "1975" does not say it was by then
    expect(await on('1975')).toBe(1);
    expect(await on('1976')).toBe(1);
  });

  it('when the member does not exist, then 404', async () => {
    expectProblem(await api.get(`/v1/participants/${missingId('par')}/memberships`), 404, 'not_found');
  });

  it('when activeOn has an operator, then 400 names it', async () => {
    expectProblem(await api.get('/v1/memberships?activeOn=lt.2020'), 400, 'invalid_parameter', ['activeOn']);
  });
});

describe('GET /v1/participants?memberOf=', () => {
  it('when participants are filtered by memberOf, then the members of the group, past ones included', async () => {
    const { fra, gbr, eu } = await france();
    const res = await api.get(`/v1/participants?memberOf=${eu.id}&sort=name`).expect(200);
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual([fra.id, gbr.id]);
  });

  it('when memberOf comes with activeOn, then only the members on that date', async () => {
    const { fra, eu } = await france();
    const res = await api.get(`/v1/participants?memberOf=${eu.id}&activeOn=2024`).expect(200);
    expect(res.body).toMatchObject({ data: [{ id: fra.id, name: 'France' }], hasMore: false });
    expect(res.body.data).toHaveLength(1);
  });

  it('when memberOf is given for two groups, then the participants in both', async () => {
    const { fra, eu, nato } = await france();
    const res = await api.get(`/v1/participants?memberOf=${eu.id}&memberOf=${nato.id}`).expect(200);
    expect(res.body.data.map((p: { id: string }) => p.id)).toEqual([fra.id]);
  });

  it('when activeOn comes without memberOf, then 400', async () => {
    expectProblem(await api.get('/v1/participants?activeOn=2024'), 400, 'invalid_parameter', ['activeOn']);
  });
});

describe('writes to memberships and their participants', () => {
  it('when a membership gets a note by a merge patch with If-Match, then version 2 and the rest as it was; a stale one is 412', async () => {
    const { fra, nato, memberships } = await france();
    const note = 'Left NATO’s integrated military command 1966–2009, remaining a member';
    const res = await api.patch(`/v1/memberships/${memberships[2]!.id}`).set('If-Match', '"1"').send({ note }).expect(200);
    expect(res.body).toMatchObject({ memberId: fra.id, groupId: nato.id, startDate: '1949-04-04', endDate: null, note, sourceUrls: [SOURCES.nato], version: 2 });
    const stale = await expectNoWrite(db, () => api.patch(`/v1/memberships/${memberships[2]!.id}`).set('If-Match', '"1"').send({ endDate: '2009' }));
    expectProblem(stale, 412, 'precondition_failed');
  });

  it('when a group with members is deleted, then 409 counts the memberships and nothing is deleted', async () => {
    const { eu } = await france();
    const res = await expectNoWrite(db, () => api.delete(`/v1/participants/${eu.id}`));
    expectProblem(res, 409, 'has_dependents');
    expect(res.body).toMatchObject({ dependents: { memberships: 2 } });
  });

  it('when a member is deleted, then its memberships go with it', async () => {
    const { gbr, eu } = await france();
    await api.delete(`/v1/participants/${gbr.id}`).expect(204);
    expect((await api.get(`/v1/memberships?groupId=${eu.id}`).expect(200)).body.data).toHaveLength(1);
  });

  it('when a group with members would become a country, then 422', async () => {
    const { g7 } = await france();
    expectProblem(await api.put(`/v1/participants/${g7.id}`).send({ kind: 'country', name: 'G7', iso3: 'GSV' }), 422, 'validation_error', ['#/kind']);
  });

  it('when a membership is deleted, then 204 and it is gone', async () => {
    const { memberships } = await france();
    await api.delete(`/v1/memberships/${memberships[0]!.id}`).expect(204);
    expectProblem(await api.get(`/v1/memberships/${memberships[0]!.id}`), 404, 'not_found');
  });
});

describe('affiliationId, kept for existing clients', () => {
  it('when a person is written with an affiliation, then it is still stored and read as before', async () => {
    const fra = await createCountry(api, { name: 'France' });
    const macron = await createParticipant(api, { kind: 'person', name: 'Emmanuel Macron', affiliationId: fra.id });
    expect(macron).toMatchObject({ affiliationId: fra.id });
    expect((await api.get(`/v1/participants?affiliationId=${fra.id}`).expect(200)).body.data).toMatchObject([{ id: macron.id }]);
  });
});
