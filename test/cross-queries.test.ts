// The cross-queries analysts ask (targets of commitments, standings of agreements, filters through
// the summit, many participants at once, the kinds of participants, series in any case) and the
// spreadsheet-ready CSV (related names as columns, one row per commitment and party, iso3 codes on
// import), on real records: the G7 summits at Biarritz (2019) and Hiroshima (2023), the Paris
// Agreement with the United States' withdrawals and re-entry, Japan's and Kazakhstan's climate
// targets, and the Central Asia + Japan dialogue.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { expectNoWrite, expectProblem, makeApp, type Api } from './helpers.js';

type Json = Record<string, unknown> & { id: string };

const clockAt = (day: string) => () => new Date(`${day}T12:00:00.000Z`);

/** A fresh app whose "today" is `day` (standings depend on it). */
function appOn(day = '2026-06-01') {
  return makeApp(undefined, { clock: clockAt(day) });
}

async function post(api: Api, path: string, body: unknown): Promise<Json> {
  const res = await api.post(path).send(body as object);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Json;
}

async function postAll(api: Api, path: string, items: unknown[]): Promise<Json[]> {
  const res = await api.post(path).send(items as object);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Json[];
}

/** The records every test of this file starts from, each created through the API. */
async function seed(api: Api) {
  const [can, fra, deu, ita, jpn, gbr, usa, kaz, kgz, tjk, tkm, uzb] = await postAll(
    api,
    '/v1/participants',
    [
      ['Canada', 'CAN'],
      ['France', 'FRA'],
      ['Germany', 'DEU'],
      ['Italy', 'ITA'],
      ['Japan', 'JPN'],
      ['United Kingdom', 'GBR'],
      ['United States', 'USA'],
      ['Kazakhstan', 'KAZ'],
      ['Kyrgyzstan', 'KGZ'],
      ['Tajikistan', 'TJK'],
      ['Turkmenistan', 'TKM'],
      ['Uzbekistan', 'UZB'],
    ].map(([name, iso3]) => ({ kind: 'country', name, iso3 })),
  );
  const g7 = [can!, fra!, deu!, ita!, jpn!, gbr!, usa!];
  const centralAsiaAndJapan = [jpn!, kaz!, kgz!, tjk!, tkm!, uzb!];
  const [kishida, biden] = await postAll(api, '/v1/participants', [
    { kind: 'person', name: 'Fumio Kishida', title: 'Prime Minister of Japan', affiliationId: jpn!.id },
    { kind: 'person', name: 'Joe Biden', title: 'President of the United States', affiliationId: usa!.id },
  ]);

  const [biarritz, hiroshima, astana, energyMinisters] = await postAll(api, '/v1/summits', [
    { name: 'G7 Biarritz Summit', kind: 'leaders_summit', status: 'held', series: 'G7', startDate: '2019-08-24', endDate: '2019-08-26', location: 'Biarritz' },
    { name: 'G7 Hiroshima Summit', kind: 'leaders_summit', status: 'held', series: 'G7', startDate: '2023-05-19', endDate: '2023-05-21', location: 'Hiroshima' },
    { name: 'Central Asia + Japan Summit', kind: 'leaders_summit', status: 'postponed', series: 'Central Asia + Japan', startDate: '2024-08', location: 'Astana' },
    { name: 'Central Asia + Japan energy ministers’ meeting', kind: 'ministerial_meeting', status: 'held', series: 'Central Asia + Japan' },
  ]);

  const put = async (summit: Json, participant: Json, body: Record<string, unknown>) => {
    const res = await api.put(`/v1/summits/${summit.id}/participants/${participant.id}`).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  await put(hiroshima!, jpn!, { role: 'host', level: 'head_of_state_or_government', attendance: 'attended' });
  await put(hiroshima!, usa!, { role: 'member', level: 'head_of_state_or_government', attendance: 'attended' });
  await put(hiroshima!, kishida!, { role: 'member', onBehalfOfId: jpn!.id, isHeadOfDelegation: true, attendance: 'attended' });
  await put(hiroshima!, biden!, { role: 'member', onBehalfOfId: usa!.id, isHeadOfDelegation: true, attendance: 'attended' });

  const paris = await post(api, '/v1/agreements', {
    title: 'Paris Agreement',
    type: 'treaty',
    ambit: 'multilateral',
    legalForce: 'legally_binding',
    status: 'in_force',
    adoptedDate: '2015-12-12',
    entryIntoForceDate: '2016-11-04',
    themes: ['climate'],
  });
  const communique = await post(api, '/v1/agreements', {
    title: 'G7 Hiroshima Leaders’ Communiqué',
    type: 'communique',
    summitId: hiroshima!.id,
    adoptedDate: '2023-05-20',
    themes: ['climate.net_zero', 'energy.transition'],
    targets: [
      { targetType: 'net_zero', targetYear: 2050, gasCoverage: 'all_ghg' },
      { targetType: 'other', targetYear: 2035, note: 'a fully or predominantly decarbonized power sector' },
    ],
  });
  const act = (participant: Json, action: string, actionDate: string, effectiveDate?: string) =>
    post(api, `/v1/agreements/${paris.id}/actions`, { participantId: participant.id, action, actionDate, ...(effectiveDate ? { effectiveDate } : {}) });
  await act(usa!, 'signed', '2016-04-22');
  await act(usa!, 'accepted', '2016-09-03', '2016-11-04');
  await act(usa!, 'withdrew', '2019-11-04', '2020-11-04');
  await act(usa!, 'accepted', '2021-01-20', '2021-02-19');
  await act(usa!, 'withdrew', '2025-01-27', '2026-01-27');
  await act(jpn!, 'signed', '2016-04-22');
  await act(jpn!, 'accepted', '2016-11-08', '2016-12-08');
  await act(kaz!, 'signed', '2016-08-02');
  await act(kaz!, 'ratified', '2016-12-06', '2017-01-05');

  const pledgers = (members: Json[]) => members.map((m) => ({ participantId: m.id, role: 'pledger' }));
  const [japanNdc, kazakhstanTargets, g7NetZero, g7Power, g7Tax, caJapanNetZero] = await postAll(api, '/v1/commitments', [
    {
      text: 'Reduce greenhouse gas emissions by 46 percent in fiscal year 2030 from fiscal year 2013 levels, and achieve net-zero emissions by 2050.',
      scope: 'individual',
      agreementId: paris.id,
      madeDate: '2021-10-22',
      parties: pledgers([jpn!]),
      targets: [
        { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 2013, reductionPct: 46, gasCoverage: 'all_ghg' },
        { targetType: 'net_zero', targetYear: 2050, gasCoverage: 'all_ghg', legalStatus: 'in_law' },
      ],
    },
    {
      text: 'Reduce greenhouse gas emissions by 15 percent by 2030 from 1990 levels, and achieve carbon neutrality by 2060.',
      scope: 'individual',
      agreementId: paris.id,
      parties: pledgers([kaz!]),
      targets: [
        { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 1990, reductionPct: 15 },
        { targetType: 'carbon_neutral', targetYear: 2060, legalStatus: 'in_policy_document' },
      ],
    },
    {
      text: 'Achieve net-zero greenhouse gas emissions by 2050 at the latest.',
      scope: 'collective',
      summitId: hiroshima!.id,
      agreementId: communique.id,
      parties: pledgers(g7),
      targets: [{ targetType: 'net_zero', targetYear: 2050, gasCoverage: 'all_ghg' }],
    },
    {
      text: 'Achieve a fully or predominantly decarbonized power sector by 2035.',
      scope: 'collective',
      summitId: hiroshima!.id,
      agreementId: communique.id,
      parties: pledgers(g7),
      targets: [{ targetType: 'other', targetYear: 2035 }],
    },
    {
      text: 'Reach an agreement in 2020 to simplify regulatory barriers and modernize international taxation within the framework of the OECD.',
      scope: 'collective',
      summitId: biarritz!.id,
      dueDate: '2020',
      parties: pledgers(g7),
    },
    {
      text: 'Target net-zero carbon emissions by 2050 or later, leveraging energy transition technologies.',
      scope: 'collective',
      summitId: energyMinisters!.id,
      parties: pledgers(centralAsiaAndJapan),
      targets: [{ targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2' }],
    },
  ]);
  return {
    jpn: jpn!,
    kaz: kaz!,
    usa: usa!,
    kishida: kishida!,
    biden: biden!,
    biarritz: biarritz!,
    hiroshima: hiroshima!,
    astana: astana!,
    energyMinisters: energyMinisters!,
    paris,
    communique,
    japanNdc: japanNdc!,
    kazakhstanTargets: kazakhstanTargets!,
    g7NetZero: g7NetZero!,
    g7Power: g7Power!,
    g7Tax: g7Tax!,
    caJapanNetZero: caJapanNetZero!,
  };
}
type World = Awaited<ReturnType<typeof seed>>;

/** GETs a list (all of it on one page) and returns its ids in the order given. */
async function idsOf(api: Api, path: string): Promise<string[]> {
  const res = await api.get(path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.hasMore).toBe(false);
  return (res.body.data as Json[]).map((item) => item.id);
}
const sorted = (...items: Json[]) => items.map((i) => i.id).sort();
/** The records in the order of their ids, which breaks every tie of a sort. */
const inIdOrder = (...items: Json[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));

function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header = [], ...rest] = parse(text, { bom: true }) as string[][];
  return { header, rows: rest.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']))) };
}

async function getCsv(api: Api, url: string) {
  const res = await api.get(url).set('Accept', 'text/csv');
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  return parseCsv(res.text);
}

describe('GET /v1/commitments?targetType=&targetYear= (the same-target rule)', () => {
  it.each<[string, (w: World) => Json[]]>([
    ['targetType=net_zero&targetYear=2050', (w) => [w.japanNdc, w.g7NetZero, w.caJapanNetZero]],
    // Kazakhstan has an emissions reduction (2030) and carbon neutrality by 2060, not a reduction by 2060.
    ['targetType=emissions_reduction&targetYear=2060', () => []],
    ['targetType=carbon_neutral', (w) => [w.kazakhstanTargets]],
    ['targetYear=lte.2030', (w) => [w.japanNdc, w.kazakhstanTargets]],
    ['targetType=in.(net_zero,carbon_neutral)&targetYear=gte.2055', (w) => [w.kazakhstanTargets]],
    // The G7 communiqué's commitments hold a net-zero target and a 2035 target, but no net zero by 2035.
    ['targetType=net_zero&targetYear=2035', () => []],
  ])('when %s, then exactly the commitments with one target meeting both are returned', async (q, expected) => {
    const { api } = appOn();
    const w = await seed(api);
    expect((await idsOf(api, `/v1/commitments?${q}`)).sort()).toEqual(sorted(...expected(w)));
  });

  it('when targetType names no type, then 400 names it', async () => {
    const { api } = appOn();
    expectProblem(await api.get('/v1/commitments?targetType=zero'), 400, 'invalid_parameter', ['targetType']);
  });
});

describe('GET /v1/commitments?sort=targetYear', () => {
  it('when sorted by targetYear, then by the earliest year of each, those without targets last, in either direction', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const byId = (...items: Json[]) => items.map((i) => i.id);
    const [first2030, second2030] = inIdOrder(w.japanNdc, w.kazakhstanTargets);
    const [first2050, second2050] = inIdOrder(w.g7NetZero, w.caJapanNetZero);
    expect(await idsOf(api, '/v1/commitments?sort=targetYear')).toEqual(byId(first2030!, second2030!, w.g7Power, first2050!, second2050!, w.g7Tax));
    // Descending: Kazakhstan's earliest target is 2030, as Japan's; ties go by id, descending.
    expect(await idsOf(api, '/v1/commitments?sort=-targetYear')).toEqual(byId(second2050!, first2050!, w.g7Power, second2030!, first2030!, w.g7Tax));
  });

  it.each(['targetYear', '-targetYear', 'targetYear,-dueDate'])(
    'when sort=%s is paged through two at a time, then every commitment comes once, in the order of one page',
    async (sort) => {
      const { api } = appOn();
      await seed(api);
      const whole = await idsOf(api, `/v1/commitments?sort=${sort}`);
      const paged: string[] = [];
      let url: string | undefined = `/v1/commitments?sort=${sort}&limit=2`;
      while (url) {
        const res = await api.get(url);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        paged.push(...(res.body.data as Json[]).map((c) => c.id));
        url = res.body.hasMore ? `/v1/commitments?sort=${sort}&limit=2&cursor=${res.body.nextCursor}` : undefined;
      }
      expect(paged).toEqual(whole);
      expect(new Set(paged).size).toBe(6);
    },
  );

  it('when a cursor of sort=targetYear is reused with sort=-targetYear, then 400 names cursor', async () => {
    const { api } = appOn();
    await seed(api);
    const first = await api.get('/v1/commitments?sort=targetYear&limit=2').expect(200);
    expectProblem(await api.get(`/v1/commitments?sort=-targetYear&limit=2&cursor=${first.body.nextCursor}`), 400, 'invalid_parameter', ['cursor']);
  });
});

describe('GET /v1/agreements?participantId=&partyStatus= (standings on the day)', () => {
  it.each<[string, string]>([
    ['2016-12-01', 'party'], // accepted, in force for the United States from 2016-11-04
    ['2020-06-01', 'party'], // withdrawal notified on 2019-11-04, effective only on 2020-11-04
    ['2020-12-01', 'withdrawn'],
    ['2021-03-01', 'party'], // re-entry effective 2021-02-19
    ['2026-06-01', 'withdrawn'], // second withdrawal effective 2026-01-27
  ])('when today is %s, then the United States’ standing in the Paris Agreement is %s', async (day, status) => {
    const { api } = appOn(day);
    const w = await seed(api);
    const others = ['endorsed', 'signatory', 'party', 'withdrawn'].filter((s) => s !== status);
    expect(await idsOf(api, `/v1/agreements?participantId=${w.usa.id}&partyStatus=${status}`)).toEqual([w.paris.id]);
    expect(await idsOf(api, `/v1/agreements?participantId=${w.usa.id}&partyStatus=in.(${others.join(',')})`)).toEqual([]);
    // The same standing as the parties endpoint shows for that day.
    const parties = await api.get(`/v1/agreements/${w.paris.id}/parties`).expect(200);
    expect(parties.body.data).toContainEqual(expect.objectContaining({ participantId: w.usa.id, status }));
  });

  it('when asking what Japan is a party to, then the Paris Agreement (accepted) and nothing it has no action on', async () => {
    const { api } = appOn();
    const w = await seed(api);
    expect(await idsOf(api, `/v1/agreements?participantId=${w.jpn.id}&partyStatus=party`)).toEqual([w.paris.id]);
    expect(await idsOf(api, `/v1/agreements?participantId=${w.jpn.id}`)).toEqual([w.paris.id]);
    expect(await idsOf(api, `/v1/agreements?participantId=${w.kishida.id}`)).toEqual([]);
  });

  it('when today is before Kazakhstan’s ratification took effect, then it is a signatory, and a party after', async () => {
    const before = appOn('2016-12-20');
    const w = await seed(before.api);
    expect(await idsOf(before.api, `/v1/agreements?participantId=${w.kaz.id}&partyStatus=signatory`)).toEqual([w.paris.id]);
    const after = makeApp(before.db, { clock: clockAt('2017-01-05') });
    expect(await idsOf(after.api, `/v1/agreements?participantId=${w.kaz.id}&partyStatus=party`)).toEqual([w.paris.id]);
  });

  it('when two participants are given, then the agreements both are parties to (repeated parameters are ANDed)', async () => {
    const { api } = appOn('2021-03-01');
    const w = await seed(api);
    expect(await idsOf(api, `/v1/agreements?participantId=${w.jpn.id}&participantId=${w.usa.id}&partyStatus=party`)).toEqual([w.paris.id]);
    const later = appOn();
    const v = await seed(later.api);
    expect(await idsOf(later.api, `/v1/agreements?participantId=${v.jpn.id}&participantId=${v.usa.id}&partyStatus=party`)).toEqual([]);
  });

  it('when partyStatus is given without participantId, or names no standing, then 400 names it', async () => {
    const { api } = appOn();
    expectProblem(await api.get('/v1/agreements?partyStatus=party'), 400, 'invalid_parameter', ['partyStatus']);
    expectProblem(await api.get('/v1/agreements?participantId=par_01HZZZZZZZZZZZZZZZZZZZZZZZ&partyStatus=ratified'), 400, 'invalid_parameter', ['partyStatus']);
  });
});

describe('GET /v1/commitments?summit.series=&summit.startDate= (filters through the summit)', () => {
  it.each<[string, (w: World) => Json[]]>([
    ['summit.series=G7&summit.startDate=gte.2020', (w) => [w.g7NetZero, w.g7Power]],
    ['summit.series=g7', (w) => [w.g7NetZero, w.g7Power, w.g7Tax]],
    ['summit.series=ne.G7', (w) => [w.caJapanNetZero]],
    ['summit.startDate=lt.2020', (w) => [w.g7Tax]],
    ['summit.kind=ministerial_meeting', (w) => [w.caJapanNetZero]],
    ['summit.status=held&summit.series=in.(g7,central asia %2B japan)', (w) => [w.g7NetZero, w.g7Power, w.g7Tax, w.caJapanNetZero]],
    ['summit.startDate=is.null', (w) => [w.caJapanNetZero]],
  ])('when %s, then exactly the commitments made at such a summit are returned', async (q, expected) => {
    const { api } = appOn();
    const w = await seed(api);
    expect((await idsOf(api, `/v1/commitments?${q}`)).sort()).toEqual(sorted(...expected(w)));
  });

  it('when agreements are filtered by summit.series, then the Hiroshima communiqué alone', async () => {
    const { api } = appOn();
    const w = await seed(api);
    expect(await idsOf(api, '/v1/agreements?summit.series=G7&summit.startDate=2023')).toEqual([w.communique.id]);
  });

  it('when summit.location or a bad date is asked for, then 400 names each', async () => {
    const { api } = appOn();
    expectProblem(await api.get('/v1/commitments?summit.location=Hiroshima&summit.startDate=gte.2020-13'), 400, 'invalid_parameter', [
      'summit.location',
      'summit.startDate',
    ]);
  });
});

describe('series filters ignore case', () => {
  it.each<[string, (w: World) => Json[]]>([
    ['series=g7', (w) => [w.biarritz, w.hiroshima]],
    ['series=CENTRAL%20ASIA%20%2B%20JAPAN', (w) => [w.astana, w.energyMinisters]],
    ['series=in.(g7,Central Asia %2B Japan)', (w) => [w.biarritz, w.hiroshima, w.astana, w.energyMinisters]],
    ['series=ne.g7', (w) => [w.astana, w.energyMinisters]],
    ['series=nin.(G7)&kind=leaders_summit', (w) => [w.astana]],
  ])('when %s, then the summits of that series in any case are returned', async (q, expected) => {
    const { api } = appOn();
    const w = await seed(api);
    expect((await idsOf(api, `/v1/summits?${q}`)).sort()).toEqual(sorted(...expected(w)));
  });
});

describe('GET /v1/participants?id=in.(…)', () => {
  it('when id=in.(…) names Japan and Kazakhstan, then exactly those two are returned', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const res = await api.get(`/v1/participants?id=in.(${w.jpn.id},${w.kaz.id})&sort=name`).expect(200);
    expect(res.body).toMatchObject({ data: [{ id: w.jpn.id, name: 'Japan' }, { id: w.kaz.id, name: 'Kazakhstan' }], hasMore: false });
  });

  it('when id is not a participant id, then 400 names it', async () => {
    const { api } = appOn();
    expectProblem(await api.get('/v1/participants?id=in.(JPN)'), 400, 'invalid_parameter', ['id']);
  });
});

describe('GET /v1/agreements/{id}/parties?expand=participant&status=', () => {
  it('when status=party with expand=participant, then Japan and Kazakhstan with their participants, not the United States', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const res = await api.get(`/v1/agreements/${w.paris.id}/parties?expand=participant&status=party`).expect(200);
    const expected = [
      { participantId: w.jpn.id, status: 'party', since: '2016-12-08', actions: 2, participant: { id: w.jpn.id, name: 'Japan', iso3: 'JPN' } },
      { participantId: w.kaz.id, status: 'party', since: '2017-01-05', actions: 2, participant: { id: w.kaz.id, name: 'Kazakhstan', iso3: 'KAZ' } },
    ].sort((a, b) => (a.participantId < b.participantId ? -1 : 1));
    expect(res.body).toMatchObject({ data: expected, hasMore: false, nextCursor: null });
    const withdrawn = await api.get(`/v1/agreements/${w.paris.id}/parties?status=in.(withdrawn,signatory)`).expect(200);
    expect(withdrawn.body).toMatchObject({ data: [{ participantId: w.usa.id, status: 'withdrawn', since: '2026-01-27', actions: 5 }] });
  });

  it('when the parties are asked for as CSV with expand=participant, then one row each with the participant’s name and iso3', async () => {
    const { api } = appOn('2021-03-01');
    const w = await seed(api);
    const res = await api.get(`/v1/agreements/${w.paris.id}/parties?expand=participant&format=csv`).expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="agreement-parties.csv"');
    const { header, rows } = parseCsv(res.text);
    expect(header).toEqual(['participantId', 'status', 'since', 'actions', 'participantName', 'participantIso3']);
    expect(rows.map((r) => [r.participantName, r.participantIso3, r.status, r.since, r.actions]).sort()).toEqual([
      ['Japan', 'JPN', 'party', '2016-12-08', '2'],
      ['Kazakhstan', 'KAZ', 'party', '2017-01-05', '2'],
      ['United States', 'USA', 'party', '2021-02-19', '4'],
    ]);
    const plain = await getCsv(api, `/v1/agreements/${w.paris.id}/parties?status=party&limit=1`);
    expect(plain.header).toEqual(['participantId', 'status', 'since', 'actions']);
    expect(plain.rows).toHaveLength(1);
  });

  it('when status names no standing, or expand another member, then 400 names each', async () => {
    const { api } = appOn();
    const w = await seed(api);
    expectProblem(await api.get(`/v1/agreements/${w.paris.id}/parties?status=ratified&expand=agreement`), 400, 'invalid_parameter', ['status', 'expand']);
  });
});

describe('GET /v1/summits/{id}/participants?participant.kind=', () => {
  it('when participant.kind=person, then the leaders who came in person; ne.person, the delegations', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const persons = await api.get(`/v1/summits/${w.hiroshima.id}/participants?participant.kind=person&expand=participant`).expect(200);
    expect((persons.body.data as { participant: { name: string } }[]).map((p) => p.participant.name).sort()).toEqual(['Fumio Kishida', 'Joe Biden']);
    const states = await api.get(`/v1/summits/${w.hiroshima.id}/participants?participant.kind=ne.person`).expect(200);
    expect((states.body.data as { participantId: string }[]).map((p) => p.participantId).sort()).toEqual([w.jpn.id, w.usa.id].sort());
  });

  it('when participant.kind names no kind, then 400 names it', async () => {
    const { api } = appOn();
    const w = await seed(api);
    expectProblem(await api.get(`/v1/summits/${w.hiroshima.id}/participants?participant.kind=leader`), 400, 'invalid_parameter', ['participant.kind']);
  });
});

describe('CSV with expand: the related names as columns', () => {
  it('when commitments are exported with expand=summit,parties, then summitName and partyNames follow the schema’s columns', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const { header, rows } = await getCsv(api, '/v1/commitments?expand=parties,summit&summit.series=G7&sort=dueDate');
    const plain = await getCsv(api, '/v1/commitments?summit.series=G7&sort=dueDate');
    expect(header).toEqual([...plain.header, 'summitName', 'partyNames']);
    expect(rows.map((r) => [r.id, r.summitName, r.partyNames])).toEqual(
      // Without a dueDate first (nulls are the smallest values), by id.
      [...inIdOrder(w.g7NetZero, w.g7Power), w.g7Tax].map((c) => [
        c.id,
        c === w.g7Tax ? 'G7 Biarritz Summit' : 'G7 Hiroshima Summit',
        'Canada;France;Germany;Italy;Japan;United Kingdom;United States',
      ]),
    );
    // Every column of the plain export keeps its cell.
    expect(rows.map((r) => Object.fromEntries(plain.header.map((c) => [c, r[c]])))).toEqual(plain.rows);
  });

  it('when no commitment matches, then the header still has the expansion’s columns', async () => {
    const { api } = appOn();
    const res = await api.get('/v1/commitments?format=csv&expand=summit,agreement').expect(200);
    expect(parseCsv(res.text).header.slice(-2)).toEqual(['summitName', 'agreementTitle']);
  });

  it('when a commitment has no summit, then its summitName cell is empty', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const { rows } = await getCsv(api, `/v1/commitments?expand=summit,agreement&agreementId=${w.paris.id}&fields=text`);
    expect(rows.map((r) => [r.summitName, r.agreementTitle]).sort()).toEqual([
      ['', 'Paris Agreement'],
      ['', 'Paris Agreement'],
    ]);
  });

  it('when participations are exported with expand=participant, then participantName and participantKind are added', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const { header, rows } = await getCsv(api, `/v1/summits/${w.hiroshima.id}/participants?expand=participant&participant.kind=person`);
    expect(header.slice(-2)).toEqual(['participantName', 'participantKind']);
    expect(rows.map((r) => [r.participantName, r.participantKind]).sort()).toEqual([
      ['Fumio Kishida', 'person'],
      ['Joe Biden', 'person'],
    ]);
  });

  it('when an expansion without columns is asked for with CSV, then 400 names expand and nothing is sent as CSV', async () => {
    const { api } = appOn();
    const res = await api.get('/v1/commitments?format=csv&expand=summit,progress');
    expectProblem(res, 400, 'invalid_parameter', ['expand']);
    expect(res.body.errors[0].detail).toMatch(/progress cannot be used with CSV; with CSV, expand takes summit, agreement, parties/);
  });
});

describe('CSV layout=long: one row per commitment and party', () => {
  it('when layout=long, then each party has its row, with participantId, participantName and role in place of parties', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const { header, rows } = await getCsv(api, `/v1/commitments?layout=long&summit.kind=ministerial_meeting&expand=summit`);
    const wide = await getCsv(api, '/v1/commitments?summit.kind=ministerial_meeting');
    const at = wide.header.indexOf('parties');
    expect(header).toEqual([...wide.header.slice(0, at), 'participantId', 'participantName', 'role', ...wide.header.slice(at + 1), 'summitName']);
    expect(rows.map((r) => [r.id, r.participantName, r.role, r.summitName])).toEqual(
      ['Japan', 'Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Turkmenistan', 'Uzbekistan'].map((name) => [
        w.caJapanNetZero.id,
        name,
        'pledger',
        'Central Asia + Japan energy ministers’ meeting',
      ]),
    );
  });

  it('when layout=long is paged with limit, then the limit counts commitments, each with all its party rows', async () => {
    const { api } = appOn();
    await seed(api);
    const { rows } = await getCsv(api, '/v1/commitments?layout=long&summit.series=G7&limit=2');
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
    expect(rows).toHaveLength(14);
  });

  it('when layout=long is asked for as JSON, or layout names no layout, then 400 names layout', async () => {
    const { api } = appOn();
    expectProblem(await api.get('/v1/commitments?layout=long'), 400, 'invalid_parameter', ['layout']);
    expectProblem(await api.get('/v1/commitments?layout=tall&format=csv'), 400, 'invalid_parameter', ['layout']);
    expectProblem(await api.get('/v1/summits?layout=long&format=csv'), 400, 'invalid_parameter', ['layout']);
  });
});

describe('CSV import with iso3 codes', () => {
  const header = 'text,scope,summitId,parties,proposedById';

  it('when parties and proposedById name countries by iso3, then the commitments are created with their participant ids', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const csv =
      `${header}\r\n` +
      `"Target net-zero carbon emissions by 2050 or later, leveraging energy transition technologies.",collective,${w.astana.id},JPN:pledger;KAZ:pledger,JPN\r\n` +
      `Achieve carbon neutrality by 2060.,individual,${w.astana.id},KAZ:pledger;${w.jpn.id}:partner,\r\n`;
    const res = await api.post('/v1/commitments').set('Content-Type', 'text/csv').send(csv);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      data: [
        { proposedById: w.jpn.id, parties: [{ participantId: w.jpn.id, role: 'pledger' }, { participantId: w.kaz.id, role: 'pledger' }] },
        { proposedById: null, parties: [{ participantId: w.kaz.id, role: 'pledger' }, { participantId: w.jpn.id, role: 'partner' }] },
      ],
    });
  });

  it('when an iso3 code names no participant or an entry has no role, then 422 points at the row and nothing is written', async () => {
    const { api, db } = appOn();
    const w = await seed(api);
    const csv = `${header}\r\nOne.,collective,${w.astana.id},JPN:pledger,\r\nTwo.,collective,${w.astana.id},KAZ:pledger;XKZ:pledger,XJP\r\nThree.,collective,${w.astana.id},JPN,\r\n`;
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').set('Content-Type', 'text/csv').send(csv));
    expectProblem(res, 422, 'validation_error', ['#/1/parties/1/participantId', '#/1/proposedById', '#/2/parties/0']);
    expect(res.body.errors).toContainEqual({ pointer: '#/1/parties/1/participantId', detail: 'no participant has iso3 XKZ' });
  });

  it('when the parties cell holds JSON as the export writes it, then it is imported as before', async () => {
    const { api } = appOn();
    const w = await seed(api);
    const parties = JSON.stringify([{ participantId: w.kaz.id, role: 'pledger' }]).replaceAll('"', '""');
    const res = await api.post('/v1/commitments').set('Content-Type', 'text/csv').send(`text,scope,summitId,parties\r\nOne.,individual,${w.astana.id},"${parties}"\r\n`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ data: [{ parties: [{ participantId: w.kaz.id, role: 'pledger' }] }] });
  });
});
