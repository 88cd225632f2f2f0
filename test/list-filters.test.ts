// The filter language of list queries (API.md §1 "Lists" and the "Filters:" line of each resource),
// tested through HTTP: every operator on every type, partial dates (the full matrix is in date-filters.test.ts), relational filters,
// themes, overdue, and the 400 problems of malformed filters.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createAgreement,
  createCommitment,
  createCountry,
  createParticipant,
  createSummit,
  expectProblem,
  makeApp,
  missingId,
  type Api,
} from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

type Created = { id: string } & Record<string, unknown>;

/** Creates every item in one bulk POST and returns them in order. */
async function bulk(path: string, items: Record<string, unknown>[]): Promise<Created[]> {
  const res = await api.post(path).send(items);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Created[];
}

/** GETs a list, expects 200, and returns the sorted ids of its items. */
async function idsOf(path: string): Promise<string[]> {
  const res = await api.get(path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.hasMore).toBe(false);
  return (res.body.data as { id: string }[]).map((item) => item.id).sort();
}

/** The sorted ids of the given resources. */
const ids = (...items: { id: string }[]) => items.map((item) => item.id).sort();

/** A query string from name/value pairs, each value percent-encoded. */
const query = (...pairs: [string, string][]) => pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');

/* ---------- participants: strings, enums, ids, timestamps ---------- */

describe('GET /v1/participants filters', () => {
  async function seed() {
    const [japan, kazakhstan, kyrgyzstan, club100Pct, club100, netUnderscore, netX, commonwealth] = await bulk('/v1/participants', [
      { kind: 'country', name: 'Japan', iso3: 'JPN' },
      { kind: 'country', name: 'Kazakhstan', iso3: 'KAZ' },
      { kind: 'country', name: 'Kyrgyz Republic', iso3: 'KGZ' },
      { kind: 'organization', name: 'Club 100% Green' },
      { kind: 'organization', name: 'Club 100 Green' },
      { kind: 'organization', name: 'Net_Zero Alliance' },
      { kind: 'organization', name: 'NetXZero Alliance' },
      { kind: 'organization', name: 'Commonwealth, The' },
    ]);
    const countries = [japan!, kazakhstan!, kyrgyzstan!];
    const organizations = [club100Pct!, club100!, netUnderscore!, netX!, commonwealth!];
    return { japan: japan!, kazakhstan: kazakhstan!, kyrgyzstan: kyrgyzstan!, club100Pct: club100Pct!, club100: club100!, netUnderscore: netUnderscore!, netX: netX!, commonwealth: commonwealth!, countries, organizations };
  }
  type Seed = Awaited<ReturnType<typeof seed>>;

  it.each<[string, (s: Seed) => { id: string }[]]>([
    ['iso3=JPN', (s) => [s.japan]],
    ['iso3=eq.JPN', (s) => [s.japan]],
    ['kind=country&iso3=ne.KAZ', (s) => [s.japan, s.kyrgyzstan]],
    ['iso3=gt.KAZ', (s) => [s.kyrgyzstan]],
    ['iso3=gte.KAZ', (s) => [s.kazakhstan, s.kyrgyzstan]],
    ['iso3=lt.KAZ', (s) => [s.japan]],
    ['iso3=lte.KAZ', (s) => [s.japan, s.kazakhstan]],
    ['iso3=in.(JPN,KGZ)', (s) => [s.japan, s.kyrgyzstan]],
    ['kind=country&iso3=nin.(JPN,KGZ)', (s) => [s.kazakhstan]],
    ['iso3=is.null', (s) => s.organizations],
    ['iso3=is.notnull', (s) => s.countries],
    ['name=Japan', (s) => [s.japan]],
    ['name=eq.Japan', (s) => [s.japan]],
    ['kind=country&name=ne.Japan', (s) => [s.kazakhstan, s.kyrgyzstan]],
    ['name=gte.Kazakhstan&name=lt.L', (s) => [s.kazakhstan, s.kyrgyzstan]],
    ['name=like.japan', (s) => [s.japan]],
    ['name=like.JAPAN', (s) => [s.japan]],
    ['name=like.k*', (s) => [s.kazakhstan, s.kyrgyzstan]],
    ['name=like.*REPUBLIC', (s) => [s.kyrgyzstan]],
    ['name=like.*zero*', (s) => [s.netUnderscore, s.netX]],
    ['name=like.Kazak', () => []],
  ])('when the query is %s, then exactly the matching participants are returned', async (q, expected) => {
    const s = await seed();
    expect(await idsOf(`/v1/participants?${q}`)).toEqual(ids(...expected(s)));
  });

  it('when like contains a literal %, then % is not a wildcard', async () => {
    const s = await seed();
    expect(await idsOf(`/v1/participants?${query(['name', 'like.*100%*'])}`)).toEqual(ids(s.club100Pct));
    expect(await idsOf(`/v1/participants?${query(['name', 'like.%'])}`)).toEqual([]);
  });

  it('when like contains a literal _, then _ is not a wildcard', async () => {
    const s = await seed();
    expect(await idsOf(`/v1/participants?${query(['name', 'like.net_zero*'])}`)).toEqual(ids(s.netUnderscore));
    expect(await idsOf(`/v1/participants?${query(['name', 'like.Jap_n'])}`)).toEqual([]);
  });

  it('when like matches letters outside ASCII in another case, then it still matches (case-insensitive)', async () => {
    const turkiye = await createCountry(api, { name: 'Türkiye', iso3: 'TUR' });
    await createCountry(api, { name: 'Tuvalu', iso3: 'TUV' });
    expect(await idsOf(`/v1/participants?${query(['name', 'like.*ÜRK*'])}`)).toEqual(ids(turkiye));
  });

  it('when in.() quotes a value with a comma, then the comma belongs to the value', async () => {
    const s = await seed();
    expect(await idsOf(`/v1/participants?${query(['name', 'in.("Commonwealth, The",Japan)'])}`)).toEqual(ids(s.commonwealth, s.japan));
    expect(await idsOf(`/v1/participants?${query(['name', 'Commonwealth, The'])}`)).toEqual(ids(s.commonwealth));
  });

  it.each<[string, (s: Seed) => { id: string }[]]>([
    ['kind=country', (s) => s.countries],
    ['kind=eq.organization', (s) => s.organizations],
    ['kind=ne.country', (s) => s.organizations],
    ['kind=in.(country,person)', (s) => s.countries],
    ['kind=nin.(country,person)', (s) => s.organizations],
    ['kind=person', () => []],
  ])('when the enum query is %s, then exactly the matching participants are returned', async (q, expected) => {
    const s = await seed();
    expect(await idsOf(`/v1/participants?${q}`)).toEqual(ids(...expected(s)));
  });

  it('when kind and name filters are combined, then both must hold', async () => {
    const s = await seed();
    expect(await idsOf(`/v1/participants?kind=organization&name=like.*green`)).toEqual(ids(s.club100, s.club100Pct));
    expect(await idsOf(`/v1/participants?kind=country&name=like.*green`)).toEqual([]);
    expect(await idsOf(`/v1/participants?kind=country&iso3=in.(JPN,KAZ)&name=like.k*`)).toEqual(ids(s.kazakhstan));
  });

  it.each([
    ['an unknown enum value', 'kind=city', 'kind'],
    ['an unknown value in an in list', 'kind=in.(country,city)', 'kind'],
    ['gt on an enum', 'kind=gt.country', 'kind'],
    ['like on an enum', 'kind=like.count*', 'kind'],
    ['in without parentheses', 'iso3=in.JPN,KAZ', 'iso3'],
    ['nin without parentheses', 'iso3=nin.JPN', 'iso3'],
    ['an empty in list', 'iso3=in.()', 'iso3'],
    ['an empty item in an in list', 'iso3=in.(JPN,)', 'iso3'],
    ['an unclosed quote in an in list', 'name=in.(%22Japan,Kazakhstan)', 'name'],
    ['is with something other than null or notnull', 'iso3=is.maybe', 'iso3'],
    ['is with true', 'iso3=is.true', 'iso3'],
    ['a string over 500 characters', `name=like.${'x'.repeat(501)}`, 'name'],
    ['a field that is not filterable', 'title=x', 'title'],
    ['a malformed affiliationId', 'affiliationId=japan', 'affiliationId'],
    ['an affiliationId with the wrong prefix', `affiliationId=${missingId('smt')}`, 'affiliationId'],
    ['gt on an id', `affiliationId=gt.${missingId('par')}`, 'affiliationId'],
    ['a non-date createdAt', 'createdAt=gte.yesterday', 'createdAt'],
    ['a calendar-invalid createdAt', 'createdAt=gte.2024-02-30', 'createdAt'],
    ['like on a timestamp', 'createdAt=like.2024*', 'createdAt'],
    ['an hour 25 in a timestamp', 'createdAt=gte.2024-05-19T25:00:00.000Z', 'createdAt'],
    ['minute 99 in a timestamp', 'createdAt=lt.2024-05-19T09:99', 'createdAt'],
  ])('when the query has %s, then 400 names the parameter', async (_case, q, parameter) => {
    await seed();
    const res = await api.get(`/v1/participants?${q}`);
    expectProblem(res, 400, 'invalid_parameter', [parameter]);
    expect((res.body.errors as { detail: string }[])[0]!.detail).toEqual(expect.any(String));
  });

  it('when affiliationId is eq, in or is.null, then the persons of those governments (or of none) are returned', async () => {
    const s = await seed();
    const [minister, envoy, expert] = await bulk('/v1/participants', [
      { kind: 'person', name: 'Minister', affiliationId: s.japan.id },
      { kind: 'person', name: 'Envoy', affiliationId: s.kazakhstan.id },
      { kind: 'person', name: 'Expert' },
    ]);
    expect(await idsOf(`/v1/participants?affiliationId=${s.japan.id}`)).toEqual(ids(minister!));
    expect(await idsOf(`/v1/participants?affiliationId=eq.${s.kazakhstan.id}`)).toEqual(ids(envoy!));
    expect(await idsOf(`/v1/participants?affiliationId=in.(${s.japan.id},${s.kazakhstan.id})`)).toEqual(ids(minister!, envoy!));
    expect(await idsOf(`/v1/participants?affiliationId=is.notnull`)).toEqual(ids(minister!, envoy!));
    expect(await idsOf(`/v1/participants?kind=person&affiliationId=is.null`)).toEqual(ids(expert!));
    expect(await idsOf(`/v1/participants?affiliationId=is.null`)).toEqual(ids(expert!, ...s.countries, ...s.organizations));
    expect(await idsOf(`/v1/participants?affiliationId=${missingId('par')}`)).toEqual([]);
  });

  it('when createdAt=gte.<this year>, then everything created now is returned, and lt.<this year> returns nothing', async () => {
    const s = await seed();
    const year = new Date().getUTCFullYear();
    const all = ids(...s.countries, ...s.organizations);
    expect(await idsOf(`/v1/participants?createdAt=gte.${year}`)).toEqual(all);
    expect(await idsOf(`/v1/participants?createdAt=${year}`)).toEqual(all);
    expect(await idsOf(`/v1/participants?createdAt=lt.${year}`)).toEqual([]);
    expect(await idsOf(`/v1/participants?createdAt=gt.${year}`)).toEqual([]);
    expect(await idsOf(`/v1/participants?createdAt=gte.${year + 1}`)).toEqual([]);
  });

  describe('with known creation times', () => {
    async function stamped() {
      const [early, middle, late] = await bulk('/v1/participants', [
        { kind: 'organization', name: 'Early' },
        { kind: 'organization', name: 'Middle' },
        { kind: 'organization', name: 'Late' },
      ]);
      const stamp = db.$client.prepare('UPDATE participants SET created_at = ?, updated_at = ? WHERE id = ?');
      stamp.run('2023-03-01T10:00:00.000Z', '2023-03-01T10:00:00.000Z', early!.id);
      stamp.run('2024-05-19T09:30:00.000Z', '2024-05-19T09:30:00.000Z', middle!.id);
      stamp.run('2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', late!.id);
      return { early: early!, middle: middle!, late: late! };
    }
    type Stamped = Awaited<ReturnType<typeof stamped>>;

    it.each<[string, (s: Stamped) => { id: string }[]]>([
      ['createdAt=gte.2024', (s) => [s.middle, s.late]],
      ['createdAt=gt.2024', (s) => [s.late]],
      ['createdAt=lt.2024', (s) => [s.early]],
      ['createdAt=lte.2024', (s) => [s.early, s.middle]],
      ['createdAt=2024-05-19', (s) => [s.middle]],
      ['createdAt=eq.2024-05', (s) => [s.middle]],
      ['createdAt=ne.2024', (s) => [s.early, s.late]],
      ['createdAt=in.(2023,2025-01-01)', (s) => [s.early, s.late]],
      ['createdAt=gte.2024-05-19T09:30:00.000Z', (s) => [s.middle, s.late]],
      ['createdAt=gt.2024-05-19T09:30:00.000Z', (s) => [s.late]],
      ['createdAt=lt.2024-05-19T09:30:00.000Z', (s) => [s.early]],
      ['createdAt=lte.2024-05-19T09:30:00.000Z', (s) => [s.early, s.middle]],
      ['createdAt=eq.2024-05-19T09:30:00.000Z', (s) => [s.middle]],
      ['createdAt=eq.2024-05-19T09:30', (s) => [s.middle]],
      ['createdAt=gte.2023&createdAt=lt.2025', (s) => [s.early, s.middle]],
    ])('when the query is %s, then exactly the participants created in that range are returned', async (q, expected) => {
      const s = await stamped();
      expect(await idsOf(`/v1/participants?${q}`)).toEqual(ids(...expected(s)));
    });

    // RFC 3339 allows a timestamp without fractional seconds; it names the same instant as .000Z.
    it.each<[string, (s: Stamped) => { id: string }[]]>([
      ['createdAt=gte.2024-05-19T09:30:00Z', (s) => [s.middle, s.late]],
      ['createdAt=eq.2024-05-19T09:30:00Z', (s) => [s.middle]],
      ['createdAt=lt.2024-05-19T09:30:00Z', (s) => [s.early]],
      ['createdAt=gte.2024-05-19T09:30:00.0Z', (s) => [s.middle, s.late]],
    ])('when the timestamp %s has no milliseconds, then it compares as the same instant', async (q, expected) => {
      const s = await stamped();
      expect(await idsOf(`/v1/participants?${q}`)).toEqual(ids(...expected(s)));
    });
  });
});

/* ---------- summits: partial dates, strings, enums, participations ---------- */

describe('GET /v1/summits filters', () => {
  const DATES = ['2022-12-31', '2023', '2023-05-19', '2024', '2024-01-01', '2024-05', '2024-05-19', '2024-05-31', '2025-02', null] as const;
  type Key = NonNullable<(typeof DATES)[number]> | 'none';

  /** One summit per start date, keyed by that date ('none' for the one without). */
  async function summitsStarting(dates: readonly (string | null)[]): Promise<Record<string, string>> {
    const rows = await bulk(
      '/v1/summits',
      dates.map((startDate, i) => ({ name: `Summit ${i}`, kind: 'leaders_summit', ...(startDate ? { startDate } : {}) })),
    );
    return Object.fromEntries(dates.map((d, i) => [d ?? 'none', rows[i]!.id]));
  }

  it.each<[string, Key[]]>([
    ['startDate=2024', ['2024', '2024-01-01', '2024-05', '2024-05-19', '2024-05-31']],
    ['startDate=eq.2024', ['2024', '2024-01-01', '2024-05', '2024-05-19', '2024-05-31']],
    ['startDate=eq.2024-05', ['2024-05', '2024-05-19', '2024-05-31']],
    ['startDate=eq.2024-05-19', ['2024-05-19']],
    ['startDate=gte.2023', ['2023', '2023-05-19', '2024', '2024-01-01', '2024-05', '2024-05-19', '2024-05-31', '2025-02']],
    ['startDate=gt.2023', ['2024', '2024-01-01', '2024-05', '2024-05-19', '2024-05-31', '2025-02']],
    ['startDate=lt.2024', ['2022-12-31', '2023', '2023-05-19']],
    ['startDate=lte.2023', ['2022-12-31', '2023', '2023-05-19']],
    ['startDate=lte.2024', ['2022-12-31', '2023', '2023-05-19', '2024', '2024-01-01', '2024-05', '2024-05-19', '2024-05-31']],
    ['startDate=gte.2024-05-19', ['2024-05-19', '2024-05-31', '2025-02']],
    ['startDate=gt.2024-05-19', ['2024-05-31', '2025-02']],
    ['startDate=in.(2023,2025)', ['2023', '2023-05-19', '2025-02']],
    ['startDate=in.(2022-12,2024-05-31)', ['2022-12-31', '2024-05-31']],
    ['startDate=ne.2024&startDate=is.notnull', ['2022-12-31', '2023', '2023-05-19', '2025-02']],
    ['startDate=nin.(2023,2024)&startDate=is.notnull', ['2022-12-31', '2025-02']],
    ['startDate=is.null', ['none']],
    ['startDate=is.notnull', ['2022-12-31', '2023', '2023-05-19', '2024', '2024-01-01', '2024-05', '2024-05-19', '2024-05-31', '2025-02']],
    ['startDate=gte.2023&startDate=lt.2025', ['2023', '2023-05-19', '2024', '2024-01-01', '2024-05', '2024-05-19', '2024-05-31']],
    ['startDate=gte.2024&startDate=lte.2023', []],
    ['startDate=2021', []],
  ])('when the query is %s, then the partial dates compare as periods', async (q, expected) => {
    const s = await summitsStarting(DATES);
    expect(await idsOf(`/v1/summits?${q}`)).toEqual(expected.map((k) => s[k]!).sort());
  });

  it('when lte and gt take a month, then every day of that month is on or before it', async () => {
    const s = await summitsStarting(['2023', '2024-04-30', '2024-05', '2024-05-01', '2024-05-31', '2024-06-01']);
    expect(await idsOf('/v1/summits?startDate=lte.2024-05')).toEqual(
      [s['2023']!, s['2024-04-30']!, s['2024-05']!, s['2024-05-01']!, s['2024-05-31']!].sort(),
    );
    expect(await idsOf('/v1/summits?startDate=gt.2024-05')).toEqual([s['2024-06-01']!]);
    expect(await idsOf('/v1/summits?startDate=lt.2024-05')).toEqual([s['2023']!, s['2024-04-30']!].sort());
  });

  it('when endDate is filtered, then its partial dates are periods too', async () => {
    const [a, b, c] = await bulk('/v1/summits', [
      { name: 'A', kind: 'leaders_summit', startDate: '2023-05-19', endDate: '2023-05-21' },
      { name: 'B', kind: 'leaders_summit', startDate: '2024-05', endDate: '2024-06' },
      { name: 'C', kind: 'leaders_summit' },
    ]);
    expect(await idsOf('/v1/summits?endDate=2023-05')).toEqual(ids(a!));
    // All of June 2024 is on or after its first day; not all of it is on or after the second.
    expect(await idsOf('/v1/summits?endDate=gte.2024-06-01')).toEqual(ids(b!));
    expect(await idsOf('/v1/summits?endDate=gte.2024-06-02')).toEqual([]);
    expect(await idsOf('/v1/summits?endDate=gte.2024')).toEqual(ids(b!));
    expect(await idsOf('/v1/summits?endDate=is.null')).toEqual(ids(c!));
    expect(await idsOf('/v1/summits?startDate=2024&endDate=lte.2024-06')).toEqual(ids(b!));
  });

  it.each([
    ['a calendar-invalid day', 'startDate=2023-02-30'],
    ['a calendar-invalid day behind an operator', 'startDate=gte.2023-02-30'],
    ['February 29 of a common year', 'startDate=lt.2023-02-29'],
    ['month 13', 'startDate=2023-13'],
    ['a date without dashes', 'startDate=20230519'],
    ['a two-digit year', 'startDate=ne.23'],
    ['a calendar-invalid day in an in list', 'startDate=in.(2023,2023-02-30)'],
    ['like on a date', 'startDate=like.2023*'],
    ['a full timestamp on a date', 'startDate=gte.2024-05-19T00:00:00.000Z'],
    ['is.maybe', 'startDate=is.maybe'],
  ])('when the date filter has %s, then 400 names startDate', async (_case, q) => {
    const res = await api.get(`/v1/summits?${q}`);
    expectProblem(res, 400, 'invalid_parameter', ['startDate']);
  });

  it('when one of two repeated parameters is bad, then 400 names it', async () => {
    const res = await api.get('/v1/summits?startDate=gte.2023&startDate=lt.2025-02-30');
    expectProblem(res, 400, 'invalid_parameter', ['startDate']);
  });

  it('when string and enum filters are combined, then every one must hold', async () => {
    const [hiroshima, astana, tokyo, online] = await bulk('/v1/summits', [
      { name: 'G7 Hiroshima Summit', kind: 'leaders_summit', status: 'held', series: 'G7', location: 'Hiroshima' },
      { name: 'Central Asia + Japan Summit', kind: 'leaders_summit', status: 'planned', series: 'Central Asia + Japan', location: 'Astana' },
      { name: 'Central Asia + Japan Dialogue', kind: 'ministerial_meeting', status: 'held', series: 'Central Asia + Japan', location: 'Tokyo' },
      { name: 'Working group call', kind: 'working_group', status: 'cancelled' },
    ]);
    expect(await idsOf('/v1/summits?kind=leaders_summit')).toEqual(ids(hiroshima!, astana!));
    expect(await idsOf('/v1/summits?kind=ne.leaders_summit')).toEqual(ids(tokyo!, online!));
    expect(await idsOf('/v1/summits?status=in.(held,cancelled)')).toEqual(ids(hiroshima!, tokyo!, online!));
    expect(await idsOf('/v1/summits?status=nin.(held,cancelled)')).toEqual(ids(astana!));
    expect(await idsOf('/v1/summits?kind=leaders_summit&status=held')).toEqual(ids(hiroshima!));
    expect(await idsOf(`/v1/summits?${query(['series', 'Central Asia + Japan'])}&status=held`)).toEqual(ids(tokyo!));
    expect(await idsOf(`/v1/summits?${query(['name', 'like.*summit'])}&location=ne.Hiroshima`)).toEqual(ids(astana!));
    expect(await idsOf('/v1/summits?location=is.null')).toEqual(ids(online!));
    expect(await idsOf('/v1/summits?series=is.notnull&location=gte.Hiroshima')).toEqual(ids(hiroshima!, tokyo!));
    expect(await idsOf('/v1/summits?series=like.g7&kind=ministerial_meeting')).toEqual([]);
  });

  describe('participantId and role', () => {
    async function seed() {
      const japan = await createCountry(api, { name: 'Japan' });
      const kazakhstan = await createCountry(api, { name: 'Kazakhstan' });
      const kyrgyzstan = await createCountry(api, { name: 'Kyrgyzstan' });
      const astana = await createSummit(api, { name: 'Astana' });
      const tokyo = await createSummit(api, { name: 'Tokyo' });
      const bishkek = await createSummit(api, { name: 'Bishkek' });
      await createSummit(api, { name: 'Nobody came' });
      const take = async (summit: Created, participant: Created, body: Record<string, unknown>) => {
        const res = await api.put(`/v1/summits/${summit.id}/participants/${participant.id}`).send(body);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      };
      await take(astana, kazakhstan, { role: 'host', isHeadOfDelegation: true });
      await take(astana, japan, { role: 'member' });
      await take(tokyo, japan, { role: 'host' });
      await take(tokyo, kazakhstan, { role: 'member' });
      await take(tokyo, kyrgyzstan, { role: 'observer' });
      await take(bishkek, kyrgyzstan, { role: 'host' });
      return { japan, kazakhstan, kyrgyzstan, astana, tokyo, bishkek };
    }

    it('when participantId is given, then exactly the summits it took part in are returned', async () => {
      const s = await seed();
      expect(await idsOf(`/v1/summits?participantId=${s.japan.id}`)).toEqual(ids(s.astana, s.tokyo));
      expect(await idsOf(`/v1/summits?participantId=eq.${s.kyrgyzstan.id}`)).toEqual(ids(s.tokyo, s.bishkek));
      expect(await idsOf(`/v1/summits?participantId=in.(${s.japan.id},${s.kyrgyzstan.id})`)).toEqual(ids(s.astana, s.tokyo, s.bishkek));
      expect(await idsOf(`/v1/summits?participantId=${missingId('par')}`)).toEqual([]);
    });

    it('when participantId and role are given, then both must hold on the same participation', async () => {
      const s = await seed();
      expect(await idsOf(`/v1/summits?participantId=${s.japan.id}&role=host`)).toEqual(ids(s.tokyo));
      expect(await idsOf(`/v1/summits?participantId=${s.kazakhstan.id}&role=host`)).toEqual(ids(s.astana));
      expect(await idsOf(`/v1/summits?participantId=${s.kazakhstan.id}&role=member`)).toEqual(ids(s.tokyo));
      expect(await idsOf(`/v1/summits?participantId=${s.kyrgyzstan.id}&role=in.(observer,guest)`)).toEqual(ids(s.tokyo));
      expect(await idsOf(`/v1/summits?participantId=in.(${s.japan.id},${s.kyrgyzstan.id})&role=host`)).toEqual(ids(s.tokyo, s.bishkek));
      expect(await idsOf(`/v1/summits?participantId=${s.japan.id}&role=observer`)).toEqual([]);
    });

    it('when participantId is combined with a column filter, then both hold', async () => {
      const s = await seed();
      expect(await idsOf(`/v1/summits?participantId=${s.kyrgyzstan.id}&name=Bishkek`)).toEqual(ids(s.bishkek));
    });

    it('when participantId is repeated, then the summits both took part in are returned (repeated parameters are ANDed)', async () => {
      const s = await seed();
      expect(await idsOf(`/v1/summits?participantId=${s.japan.id}&participantId=${s.kazakhstan.id}`)).toEqual(ids(s.astana, s.tokyo));
    });

    it('when role is given without participantId, then 400 names role', async () => {
      await seed();
      expectProblem(await api.get('/v1/summits?role=host'), 400, 'invalid_parameter', ['role']);
    });

    it.each([
      ['a malformed participantId', () => 'participantId=japan', ['participantId']],
      ['a participantId with the wrong prefix', () => `participantId=${missingId('smt')}`, ['participantId']],
      ['an unknown role', (s: { japan: Created }) => `participantId=${s.japan.id}&role=king`, ['role']],
      ['gt on a role', (s: { japan: Created }) => `participantId=${s.japan.id}&role=gt.host`, ['role']],
    ])('when the query has %s, then 400 names it', async (_case, q, parameters) => {
      const s = await seed();
      expectProblem(await api.get(`/v1/summits?${q(s)}`), 400, 'invalid_parameter', parameters);
    });

    it('when the participations of a summit are filtered by role, then only those participations are returned', async () => {
      const s = await seed();
      const list = async (q: string) => {
        const res = await api.get(`/v1/summits/${s.tokyo.id}/participants?${q}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return (res.body.data as { summitId: string; participantId: string }[]).map((p) => {
          expect(p.summitId).toBe(s.tokyo.id);
          return p.participantId;
        }).sort();
      };
      expect(await list('role=host')).toEqual(ids(s.japan));
      expect(await list('role=in.(member,observer)')).toEqual(ids(s.kazakhstan, s.kyrgyzstan));
      expect(await list('role=ne.host')).toEqual(ids(s.kazakhstan, s.kyrgyzstan));
      expect(await list('role=guest')).toEqual([]);
      expect(await list(`participantId=${s.kazakhstan.id}`)).toEqual(ids(s.kazakhstan));
      const astana = await api.get(`/v1/summits/${s.astana.id}/participants?isHeadOfDelegation=true`);
      expect(astana.status).toBe(200);
      expect((astana.body.data as { participantId: string }[]).map((p) => p.participantId)).toEqual([s.kazakhstan.id]);
    });

    it('when the participations list gets a bad filter, then 400 names each', async () => {
      const s = await seed();
      expectProblem(await api.get(`/v1/summits/${s.tokyo.id}/participants?role=king`), 400, 'invalid_parameter', ['role']);
      expectProblem(
        await api.get(`/v1/summits/${s.tokyo.id}/participants?kind=country&isHeadOfDelegation=yes`),
        400,
        'invalid_parameter',
        ['kind', 'isHeadOfDelegation'],
      );
    });
  });
});

/* ---------- agreements: enums, ids, integers, themes, targets, party actions ---------- */

describe('GET /v1/agreements filters', () => {
  async function seed() {
    const hiroshima = await createSummit(api, { name: 'Hiroshima' });
    const astana = await createSummit(api, { name: 'Astana' });
    const [statement, treaty, mou, communique] = await bulk('/v1/agreements', [
      {
        title: 'Hiroshima Leaders Statement',
        type: 'joint_statement',
        ambit: 'bilateral',
        legalForce: 'non_binding',
        summitId: hiroshima.id,
        adoptedDate: '2023-05-20',
        themes: ['energy'],
        targets: [
          { targetType: 'net_zero', targetYear: 2060 },
          { targetType: 'emissions_reduction', targetYear: 2050, baselineYear: 2013, reductionPct: 46 },
        ],
      },
      {
        title: 'Nuclear cooperation treaty',
        type: 'treaty',
        ambit: 'multilateral',
        legalForce: 'legally_binding',
        status: 'in_force',
        summitId: astana.id,
        adoptedDate: '2024',
        themes: ['energy.nuclear_power'],
        targets: [{ targetType: 'net_zero', targetYear: 2050 }],
      },
      {
        title: 'Memorandum on policy',
        type: 'mou',
        themes: ['energyx', 'energy_policy', 'climate'],
      },
      {
        title: 'Astana communique',
        type: 'communique',
        ambit: 'regional',
        summitId: astana.id,
        adoptedDate: '2024-12',
        themes: ['climate.net_zero', 'energy'],
        targets: [{ targetType: 'carbon_neutral', targetYear: 2045 }],
      },
    ]);
    return { hiroshima, astana, statement: statement!, treaty: treaty!, mou: mou!, communique: communique! };
  }
  type Seed = Awaited<ReturnType<typeof seed>>;

  it.each<[string, (s: Seed) => string, (s: Seed) => { id: string }[]]>([
    ['type eq', () => 'type=treaty', (s) => [s.treaty]],
    ['type ne', () => 'type=ne.treaty', (s) => [s.statement, s.mou, s.communique]],
    ['type in', () => 'type=in.(treaty,mou)', (s) => [s.treaty, s.mou]],
    ['type nin', () => 'type=nin.(treaty,mou)', (s) => [s.statement, s.communique]],
    ['ambit eq', () => 'ambit=bilateral', (s) => [s.statement]],
    ['ambit in', () => 'ambit=in.(bilateral,regional)', (s) => [s.statement, s.communique]],
    ['ambit is.null', () => 'ambit=is.null', (s) => [s.mou]],
    ['ambit is.notnull', () => 'ambit=is.notnull', (s) => [s.statement, s.treaty, s.communique]],
    ['legalForce default', () => 'legalForce=not_specified', (s) => [s.mou, s.communique]],
    ['status', () => 'status=ne.adopted', (s) => [s.treaty]],
    ['summitId eq', (s) => `summitId=${s.hiroshima.id}`, (s) => [s.statement]],
    ['summitId eq.', (s) => `summitId=eq.${s.astana.id}`, (s) => [s.treaty, s.communique]],
    ['summitId in', (s) => `summitId=in.(${s.hiroshima.id},${s.astana.id})`, (s) => [s.statement, s.treaty, s.communique]],
    ['summitId is.null', () => 'summitId=is.null', (s) => [s.mou]],
    ['summitId of nothing', () => `summitId=${missingId('smt')}`, () => []],
    ['adoptedDate', () => 'adoptedDate=2024', (s) => [s.treaty, s.communique]],
    ['adoptedDate range', () => 'adoptedDate=gte.2023-05&adoptedDate=lt.2024', (s) => [s.statement]],
    ['title like', () => 'title=like.*treaty*', (s) => [s.treaty]],
    ['combined', (s) => `summitId=${s.astana.id}&type=communique&ambit=regional`, (s) => [s.communique]],
  ])('when filtering by %s, then exactly the matching agreements are returned', async (_case, q, expected) => {
    const s = await seed();
    expect(await idsOf(`/v1/agreements?${q(s)}`)).toEqual(ids(...expected(s)));
  });

  it.each<[string, string, (s: Seed) => { id: string }[]]>([
    ['theme=energy', 'theme=energy', (s) => [s.statement, s.treaty, s.communique]],
    ['theme=eq.energy', 'theme=eq.energy', (s) => [s.statement, s.treaty, s.communique]],
    ['theme=energy.nuclear_power', 'theme=energy.nuclear_power', (s) => [s.treaty]],
    ['theme=climate', 'theme=climate', (s) => [s.mou, s.communique]],
    ['theme=energy_policy', 'theme=energy_policy', (s) => [s.mou]],
    ['theme=energ', 'theme=energ', () => []],
    ['theme=in.(energy.nuclear_power,climate.net_zero)', 'theme=in.(energy.nuclear_power,climate.net_zero)', (s) => [s.treaty, s.communique]],
    ['theme=in.(energyx,climate)', 'theme=in.(energyx,climate)', (s) => [s.mou, s.communique]],
    ['theme with type', 'theme=energy&type=ne.communique', (s) => [s.statement, s.treaty]],
  ])('when %s, then the slug and its children match, never a longer slug', async (_case, q, expected) => {
    const s = await seed();
    expect(await idsOf(`/v1/agreements?${q}`)).toEqual(ids(...expected(s)));
  });

  it('when theme is repeated, then only agreements with both themes are returned (repeated parameters are ANDed)', async () => {
    const s = await seed();
    expect(await idsOf('/v1/agreements?theme=energy&theme=climate')).toEqual(ids(s.communique));
  });

  it.each<[string, (s: Seed) => { id: string }[]]>([
    ['targetYear=2050', (s) => [s.statement, s.treaty]],
    ['targetYear=eq.2045', (s) => [s.communique]],
    ['targetYear=in.(2045,2060)', (s) => [s.statement, s.communique]],
    ['targetType=net_zero', (s) => [s.statement, s.treaty]],
    ['targetType=in.(carbon_neutral,climate_neutral)', (s) => [s.communique]],
    ['targetYear=2050&targetType=net_zero', (s) => [s.treaty]],
    ['targetYear=2060&targetType=net_zero', (s) => [s.statement]],
    ['targetYear=2050&targetType=emissions_reduction', (s) => [s.statement]],
    ['targetYear=2045&targetType=net_zero', () => []],
    ['targetYear=2050&type=treaty', (s) => [s.treaty]],
  ])('when the target query is %s, then year and type must match the same target', async (q, expected) => {
    const s = await seed();
    expect(await idsOf(`/v1/agreements?${q}`)).toEqual(ids(...expected(s)));
  });

  it.each<[string, (s: Seed) => { id: string }[]]>([
    ['targetYear=gte.2050', (s) => [s.statement, s.treaty]],
    ['targetYear=gt.2050', (s) => [s.statement]],
    ['targetYear=lt.2050', (s) => [s.communique]],
    ['targetYear=lte.2050', (s) => [s.statement, s.treaty, s.communique]],
    ['targetYear=gte.2050&targetYear=lt.2060', (s) => [s.statement, s.treaty]],
    ['targetYear=lt.2055&targetType=net_zero', (s) => [s.treaty]],
  ])('when the integer range query is %s, then the targets in range match', async (q, expected) => {
    const s = await seed();
    expect(await idsOf(`/v1/agreements?${q}`)).toEqual(ids(...expected(s)));
  });

  it.each([
    ['an unknown ambit', 'ambit=global', ['ambit']],
    ['gt on an enum', 'type=gt.treaty', ['type']],
    ['a non-integer targetYear', 'targetYear=2050.5', ['targetYear']],
    ['a word for targetYear', 'targetYear=soon', ['targetYear']],
    ['a non-integer in a targetYear list', 'targetYear=in.(2050,x)', ['targetYear']],
    ['an unknown targetType', 'targetType=zero', ['targetType']],
    ['a malformed summitId', 'summitId=smt_123', ['summitId']],
    ['a summitId with the wrong prefix', `summitId=${missingId('agr')}`, ['summitId']],
    ['an uppercase theme', 'theme=Energy', ['theme']],
    ['a theme ending with a dot', 'theme=energy.', ['theme']],
    ['like on a theme', 'theme=like.energy*', ['theme']],
    ['a calendar-invalid adoptedDate', 'adoptedDate=2024-04-31', ['adoptedDate']],
    ['a field that is not filterable', 'summary=x', ['summary']],
    ['several bad filters', 'ambit=global&targetYear=x&theme=Energy&colour=red', ['ambit', 'targetYear', 'theme', 'colour']],
  ])('when the query has %s, then 400 names it', async (_case, q, parameters) => {
    await seed();
    expectProblem(await api.get(`/v1/agreements?${q}`), 400, 'invalid_parameter', parameters);
  });

  describe('party actions', () => {
    it('when actions are filtered by participantId and action, then exactly those actions are returned', async () => {
      const agreement = await createAgreement(api);
      const other = await createAgreement(api);
      const japan = await createCountry(api, { name: 'Japan' });
      const kazakhstan = await createCountry(api, { name: 'Kazakhstan' });
      const record = async (agreementId: string, body: Record<string, unknown>) => {
        const res = await api.post(`/v1/agreements/${agreementId}/actions`).send(body);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        return res.body as Created;
      };
      const japanSigned = await record(agreement.id, { participantId: japan.id, action: 'signed', actionDate: '2023-05' });
      const japanRatified = await record(agreement.id, { participantId: japan.id, action: 'ratified', actionDate: '2024-02-01' });
      const kazakhstanSigned = await record(agreement.id, { participantId: kazakhstan.id, action: 'signed', actionDate: '2023-05-20' });
      await record(other.id, { participantId: japan.id, action: 'signed' });
      const path = `/v1/agreements/${agreement.id}/actions`;

      expect(await idsOf(`${path}?participantId=${japan.id}`)).toEqual(ids(japanSigned, japanRatified));
      expect(await idsOf(`${path}?action=signed`)).toEqual(ids(japanSigned, kazakhstanSigned));
      expect(await idsOf(`${path}?participantId=${japan.id}&action=signed`)).toEqual(ids(japanSigned));
      expect(await idsOf(`${path}?participantId=${kazakhstan.id}&action=ratified`)).toEqual([]);
      expect(await idsOf(`${path}?action=in.(ratified,withdrew)`)).toEqual(ids(japanRatified));
      expect(await idsOf(`${path}?action=ne.signed`)).toEqual(ids(japanRatified));
      expect(await idsOf(`${path}?participantId=in.(${japan.id},${kazakhstan.id})&action=signed`)).toEqual(ids(japanSigned, kazakhstanSigned));
      expect(await idsOf(`${path}?actionDate=2023-05`)).toEqual(ids(japanSigned, kazakhstanSigned));
      expect(await idsOf(`${path}?actionDate=gte.2024`)).toEqual(ids(japanRatified));

      expectProblem(await api.get(`${path}?action=joined`), 400, 'invalid_parameter', ['action']);
      expectProblem(await api.get(`${path}?participantId=${missingId('smt')}&action=gt.signed`), 400, 'invalid_parameter', [
        'participantId',
        'action',
      ]);
      expectProblem(await api.get(`${path}?role=host`), 400, 'invalid_parameter', ['role']);
    });
  });
});

/* ---------- commitments: ids, enums, parties, themes, booleans, overdue ---------- */

describe('GET /v1/commitments filters', () => {
  const now = new Date();
  const year = now.getUTCFullYear();
  const today = now.toISOString().slice(0, 10);
  const dayOffset = (days: number) => new Date(Date.UTC(year, now.getUTCMonth(), now.getUTCDate() + days)).toISOString().slice(0, 10);
  const yesterday = dayOffset(-1);
  const tomorrow = dayOffset(1);
  const thisMonth = today.slice(0, 7);
  const lastMonth = new Date(Date.UTC(year, now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

  async function seed() {
    const hiroshima = await createSummit(api, { name: 'Hiroshima' });
    const astana = await createSummit(api, { name: 'Astana' });
    const statement = await createAgreement(api, { title: 'Statement' });
    const japan = await createCountry(api, { name: 'Japan' });
    const kazakhstan = await createCountry(api, { name: 'Kazakhstan' });
    const kyrgyzstan = await createCountry(api, { name: 'Kyrgyzstan' });
    const tajikistan = await createCountry(api, { name: 'Tajikistan' });
    const [energy, nuclear, policy, climate] = await bulk('/v1/commitments', [
      {
        text: 'Energy transition',
        scope: 'collective',
        summitId: hiroshima.id,
        parties: [
          { participantId: japan.id, role: 'pledger' },
          { participantId: kazakhstan.id, role: 'partner' },
        ],
        themes: ['energy'],
        isPriority: true,
        dueDate: String(year + 5),
      },
      {
        text: 'Nuclear safety',
        scope: 'individual',
        summitId: astana.id,
        agreementId: statement.id,
        parties: [{ participantId: kazakhstan.id, role: 'pledger' }],
        themes: ['energy.nuclear_power'],
        dueDate: `${year + 3}-06`,
      },
      {
        text: 'Energy policy dialogue',
        scope: 'group',
        status: 'proposed',
        agreementId: statement.id,
        parties: [
          { participantId: japan.id, role: 'beneficiary' },
          { participantId: kyrgyzstan.id, role: 'pledger' },
        ],
        themes: ['energyx', 'energy_policy'],
      },
      {
        text: 'Climate finance',
        scope: 'group',
        summitId: hiroshima.id,
        // Tajikistan pledges; no filter below names it.
        parties: [
          { participantId: tajikistan.id, role: 'pledger' },
          { participantId: kyrgyzstan.id, role: 'partner' },
        ],
        themes: ['climate', 'energy'],
        isPriority: false,
      },
    ]);
    return { hiroshima, astana, statement, japan, kazakhstan, kyrgyzstan, energy: energy!, nuclear: nuclear!, policy: policy!, climate: climate! };
  }
  type Seed = Awaited<ReturnType<typeof seed>>;

  it.each<[string, (s: Seed) => string, (s: Seed) => { id: string }[]]>([
    ['summitId', (s) => `summitId=${s.hiroshima.id}`, (s) => [s.energy, s.climate]],
    ['summitId in', (s) => `summitId=in.(${s.hiroshima.id},${s.astana.id})`, (s) => [s.energy, s.nuclear, s.climate]],
    ['summitId is.null', () => 'summitId=is.null', (s) => [s.policy]],
    ['agreementId', (s) => `agreementId=${s.statement.id}`, (s) => [s.nuclear, s.policy]],
    ['agreementId is.null', () => 'agreementId=is.null', (s) => [s.energy, s.climate]],
    ['agreementId of nothing', () => `agreementId=${missingId('agr')}`, () => []],
    ['scope', () => 'scope=group', (s) => [s.policy, s.climate]],
    ['scope nin', () => 'scope=nin.(group,individual)', (s) => [s.energy]],
    ['status', () => 'status=proposed', (s) => [s.policy]],
    ['status ne', () => 'status=ne.proposed', (s) => [s.energy, s.nuclear, s.climate]],
    ['dueDate is.null', () => 'dueDate=is.null', (s) => [s.policy, s.climate]],
    ['dueDate gt', () => `dueDate=gt.${year + 3}`, (s) => [s.energy]],
    ['dueDate eq by year', () => `dueDate=${year + 3}`, (s) => [s.nuclear]],
    ['isPriority=true', () => 'isPriority=true', (s) => [s.energy]],
    ['isPriority=false', () => 'isPriority=false', (s) => [s.nuclear, s.policy, s.climate]],
    ['isPriority=eq.true', () => 'isPriority=eq.true', (s) => [s.energy]],
    ['isPriority=ne.true', () => 'isPriority=ne.true', (s) => [s.nuclear, s.policy, s.climate]],
    ['progressStatus=not_yet_rated', () => 'progressStatus=not_yet_rated', (s) => [s.energy, s.nuclear, s.policy, s.climate]],
    ['progressStatus=fulfilled', () => 'progressStatus=fulfilled', () => []],
    ['combined', (s) => `summitId=${s.hiroshima.id}&scope=group&isPriority=false`, (s) => [s.climate]],
  ])('when filtering by %s, then exactly the matching commitments are returned', async (_case, q, expected) => {
    const s = await seed();
    expect(await idsOf(`/v1/commitments?${q(s)}`)).toEqual(ids(...expected(s)));
  });

  it('when a commitment is new, then progressStatus=not_yet_rated finds it and other statuses do not', async () => {
    const summit = await createSummit(api);
    const japan = await createCountry(api);
    const c = await createCommitment(api, { summitId: summit.id, parties: [{ participantId: japan.id, role: 'pledger' }] });
    expect(c.progressStatus).toBe('not_yet_rated');
    expect(await idsOf('/v1/commitments?progressStatus=not_yet_rated')).toEqual(ids(c));
    expect(await idsOf('/v1/commitments?progressStatus=in.(in_progress,fulfilled)')).toEqual([]);
    expect(await idsOf('/v1/commitments?progressStatus=ne.not_yet_rated')).toEqual([]);
  });

  it.each<[string, (s: Seed) => string, (s: Seed) => { id: string }[]]>([
    ['participantId', (s) => `participantId=${s.japan.id}`, (s) => [s.energy, s.policy]],
    ['participantId in', (s) => `participantId=in.(${s.japan.id},${s.kazakhstan.id})`, (s) => [s.energy, s.nuclear, s.policy]],
    ['participantId and role', (s) => `participantId=${s.japan.id}&role=pledger`, (s) => [s.energy]],
    ['participantId and another role', (s) => `participantId=${s.japan.id}&role=beneficiary`, (s) => [s.policy]],
    ['a role of another party', (s) => `participantId=${s.japan.id}&role=partner`, () => []],
    ['kazakhstan as partner', (s) => `participantId=${s.kazakhstan.id}&role=partner`, (s) => [s.energy]],
    ['kyrgyzstan in roles', (s) => `participantId=${s.kyrgyzstan.id}&role=in.(partner,beneficiary)`, (s) => [s.climate]],
    ['participantId of nothing', () => `participantId=${missingId('par')}`, () => []],
    ['participantId with summitId', (s) => `participantId=${s.kyrgyzstan.id}&summitId=${s.hiroshima.id}`, (s) => [s.climate]],
  ])('when filtering by %s, then the party must match on the same party row', async (_case, q, expected) => {
    const s = await seed();
    expect(await idsOf(`/v1/commitments?${q(s)}`)).toEqual(ids(...expected(s)));
  });

  it.each<[string, (s: Seed) => { id: string }[]]>([
    ['theme=energy', (s) => [s.energy, s.nuclear, s.climate]],
    ['theme=energy.nuclear_power', (s) => [s.nuclear]],
    ['theme=energyx', (s) => [s.policy]],
    ['theme=in.(energy.nuclear_power,climate)', (s) => [s.nuclear, s.climate]],
    ['theme=in.(energy_policy,climate)', (s) => [s.policy, s.climate]],
    ['theme=energy&scope=individual', (s) => [s.nuclear]],
  ])('when %s, then the slug and its children match, never a longer slug', async (q, expected) => {
    const s = await seed();
    expect(await idsOf(`/v1/commitments?${q}`)).toEqual(ids(...expected(s)));
  });

  it.each([
    ['role without participantId', () => 'role=pledger', ['role']],
    ['an unknown role', (s: Seed) => `participantId=${s.japan.id}&role=host`, ['role']],
    ['isPriority=yes', () => 'isPriority=yes', ['isPriority']],
    ['isPriority=1', () => 'isPriority=1', ['isPriority']],
    ['isPriority=is.null', () => 'isPriority=is.null', ['isPriority']],
    ['an unknown progressStatus', () => 'progressStatus=done', ['progressStatus']],
    ['a malformed agreementId', () => `agreementId=${missingId('smt')}`, ['agreementId']],
    ['a malformed participantId', () => 'participantId=par_123', ['participantId']],
    ['a calendar-invalid dueDate', () => 'dueDate=lt.2030-02-30', ['dueDate']],
    ['an uppercase theme', () => 'theme=Climate', ['theme']],
    ['a filter of another collection', () => 'kind=country', ['kind']],
    [
      'several bad parameters at once',
      () => 'isPriority=yes&overdue=maybe&scope=in.group&progressStatus=is.maybe&limit=0',
      ['isPriority', 'overdue', 'scope', 'progressStatus', 'limit'],
    ],
  ])('when the query has %s, then 400 names it', async (_case, q, parameters) => {
    const s = await seed();
    expectProblem(await api.get(`/v1/commitments?${q(s)}`), 400, 'invalid_parameter', parameters);
  });

  describe('overdue', () => {
    async function dueSeed() {
      const summit = await createSummit(api);
      const japan = await createCountry(api);
      const base = { text: 'Commitment', scope: 'individual', summitId: summit.id, parties: [{ participantId: japan.id, role: 'pledger' }] };
      const [lastYear, thisYear, dueYesterday, dueLastMonth, dueThisMonth, dueToday, dueTomorrow, fulfilledLastYear, inProgressLastYear, noDue] =
        await bulk('/v1/commitments', [
          { ...base, dueDate: String(year - 1) },
          { ...base, dueDate: String(year) },
          { ...base, dueDate: yesterday },
          { ...base, dueDate: lastMonth },
          { ...base, dueDate: thisMonth },
          { ...base, dueDate: today },
          { ...base, dueDate: tomorrow },
          { ...base, dueDate: String(year - 1), isPriority: true },
          { ...base, dueDate: String(year - 1), isPriority: true },
          { ...base },
        ]);
      const setStatus = db.$client.prepare('UPDATE commitments SET progress_status = ? WHERE id = ?');
      setStatus.run('fulfilled', fulfilledLastYear!.id);
      setStatus.run('in_progress', inProgressLastYear!.id);
      return {
        lastYear: lastYear!,
        thisYear: thisYear!,
        dueYesterday: dueYesterday!,
        dueLastMonth: dueLastMonth!,
        dueThisMonth: dueThisMonth!,
        dueToday: dueToday!,
        dueTomorrow: dueTomorrow!,
        fulfilledLastYear: fulfilledLastYear!,
        inProgressLastYear: inProgressLastYear!,
        noDue: noDue!,
      };
    }

    it('when overdue=true, then commitments due before today at their own precision and not fulfilled are returned', async () => {
      const s = await dueSeed();
      expect(await idsOf('/v1/commitments?overdue=true')).toEqual(ids(s.lastYear, s.dueYesterday, s.dueLastMonth, s.inProgressLastYear));
    });

    it('when overdue=false, then the complement is returned, commitments without a dueDate included', async () => {
      const s = await dueSeed();
      expect(await idsOf('/v1/commitments?overdue=false')).toEqual(
        ids(s.thisYear, s.dueThisMonth, s.dueToday, s.dueTomorrow, s.fulfilledLastYear, s.noDue),
      );
    });

    it('when overdue is combined with other filters, then both hold', async () => {
      const s = await dueSeed();
      expect(await idsOf('/v1/commitments?overdue=true&isPriority=true')).toEqual(ids(s.inProgressLastYear));
      expect(await idsOf('/v1/commitments?overdue=false&isPriority=true')).toEqual(ids(s.fulfilledLastYear));
      expect(await idsOf('/v1/commitments?overdue=true&progressStatus=not_yet_rated')).toEqual(ids(s.lastYear, s.dueYesterday, s.dueLastMonth));
    });

    it.each(['maybe', 'yes', 'TRUE', 'eq.true', ''])('when overdue=%s, then 400 names overdue', async (value) => {
      await dueSeed();
      expectProblem(await api.get(`/v1/commitments?overdue=${value}`), 400, 'invalid_parameter', ['overdue']);
    });
  });
});

/* ---------- errors common to every list ---------- */

describe('list filter errors', () => {
  it('when several parameters are bad at once, then every one is listed', async () => {
    const res = await api.get('/v1/summits?colour=red&startDate=2023-02-30&kind=gt.other&status=is.maybe&location=in.a,b&limit=0');
    expectProblem(res, 400, 'invalid_parameter', ['colour', 'startDate', 'kind', 'status', 'location', 'limit']);
  });

  it('when a filter names a real field of another collection, then 400 (unknown for this one)', async () => {
    expectProblem(await api.get('/v1/participants?startDate=2024'), 400, 'invalid_parameter', ['startDate']);
    expectProblem(await api.get('/v1/summits?targetYear=2050'), 400, 'invalid_parameter', ['targetYear']);
  });

  it('when a filter is valid but matches nothing, then 200 with an empty list', async () => {
    await createSummit(api, { startDate: '2024' });
    const res = await api.get('/v1/summits?startDate=1999');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ data: [], hasMore: false });
  });

  it('when only persons are asked for, then the person is returned and the country is not', async () => {
    const person = await createParticipant(api, { kind: 'person', name: 'Someone' });
    await createCountry(api);
    expect(await idsOf('/v1/participants?kind=person')).toEqual(ids(person));
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])(
    'when the parameter is named %s (a name every JavaScript object has), then 400 names it',
    async (name) => {
      await createSummit(api);
      const res = await api.get(`/v1/summits?${name}=x`);
      expectProblem(res, 400, 'invalid_parameter', [name]);
    },
  );

  it('when Prefer: count=exact is sent with filters, then totalCount counts only the matching rows', async () => {
    const [a, b] = await bulk('/v1/summits', [
      { name: 'A', kind: 'leaders_summit', startDate: '2024-05' },
      { name: 'B', kind: 'leaders_summit', startDate: '2024' },
      { name: 'C', kind: 'working_group', startDate: '2024-06' },
      { name: 'D', kind: 'leaders_summit', startDate: '2025' },
    ]);
    const res = await api.get('/v1/summits?startDate=2024&kind=leaders_summit&limit=1').set('Prefer', 'count=exact');
    expect(res.status).toBe(200);
    expect(res.headers['preference-applied']).toBe('count=exact');
    expect(res.body.totalCount).toBe(2);
    expect(res.body.hasMore).toBe(true);
    const next = await api.get(`/v1/summits?startDate=2024&kind=leaders_summit&limit=1&cursor=${encodeURIComponent(res.body.nextCursor)}`);
    expect(next.status).toBe(200);
    expect(next.body.hasMore).toBe(false);
    expect([...res.body.data, ...next.body.data].map((s: { id: string }) => s.id).sort()).toEqual(ids(a!, b!));
  });

  it('when a cursor issued for one filter is used with another, then 400 names cursor', async () => {
    await bulk('/v1/summits', [
      { name: 'A', kind: 'leaders_summit', startDate: '2024' },
      { name: 'B', kind: 'leaders_summit', startDate: '2024' },
    ]);
    const first = await api.get('/v1/summits?startDate=2024&limit=1');
    expect(first.body.hasMore).toBe(true);
    const res = await api.get(`/v1/summits?startDate=2025&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expectProblem(res, 400, 'invalid_parameter', ['cursor']);
  });

  it('when a filtered list is asked for as CSV, then it holds the same rows', async () => {
    const [a, b] = await bulk('/v1/summits', [
      { name: 'A', kind: 'leaders_summit', startDate: '2024-05' },
      { name: 'B', kind: 'leaders_summit', startDate: '2024' },
      { name: 'C', kind: 'leaders_summit', startDate: '2023' },
    ]);
    const res = await api.get('/v1/summits?startDate=2024&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split(/\r?\n/);
    const idColumn = lines[0]!.split(',').indexOf('id');
    expect(idColumn).toBeGreaterThanOrEqual(0);
    expect(lines.slice(1).map((line) => line.split(',')[idColumn]).sort()).toEqual(ids(a!, b!));
  });
});
