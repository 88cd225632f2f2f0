// CSV export and import, and bulk create from a JSON array, through HTTP (API.md §1 "Lists" and "Bulk create").
import { parse } from 'csv-parse/sync';
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
  TARGET_DEFAULTS,
  missingId,
  snapshot,
  type Api,
} from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
beforeEach(() => {
  ({ api, db } = makeApp());
});

/* ---------- helpers of this file ---------- */

type Json = Record<string, unknown>;
type CsvRow = Record<string, string>;

const READ_ONLY = ['id', 'createdAt', 'updatedAt', 'version', 'progressStatus'];

/** The columns of each export (the members of the resource schema). */
const META = ['id', 'createdAt', 'updatedAt', 'version'];
const COLUMNS = {
  participants: [...META, 'kind', 'name', 'shortName', 'iso3', 'affiliationId', 'title', 'description', 'wikidataId', 'sourceUrls'],
  summits: [...META, 'name', 'kind', 'status', 'series', 'number', 'startDate', 'endDate', 'dateNote', 'hostCountryId', 'city', 'location', 'description', 'sourceUrls'],
  agreements: [
    ...META,
    'title',
    'type',
    'ambit',
    'legalForce',
    'status',
    'summitId',
    'adoptedDate',
    'entryIntoForceDate',
    'terminationDate',
    'dateNote',
    'summary',
    'text',
    'themes',
    'targets',
    'sourceUrls',
  ],
  commitments: [
    ...META,
    'text',
    'summary',
    'code',
    'summitId',
    'agreementId',
    'scope',
    'status',
    'parties',
    'proposedById',
    'madeDate',
    'dueDate',
    'isPriority',
    'themes',
    'targets',
    'sourceUrls',
    'progressStatus',
  ],
  participations: [
    'summitId',
    'participantId',
    'role',
    'level',
    'attendance',
    'onBehalfOfId',
    'isHeadOfDelegation',
    'note',
    'sourceUrls',
    'createdAt',
    'updatedAt',
    'version',
    'officeHeld',
  ],
  actions: [...META, 'agreementId', 'participantId', 'action', 'actionDate', 'effectiveDate', 'note', 'sourceUrls'],
} as const;

/** Parses a CSV document (RFC 4180) into its header and its rows keyed by column. */
function parseCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const records = parse(text, { bom: true }) as string[][];
  const [header = [], ...rest] = records;
  for (const record of rest) expect(record).toHaveLength(header.length);
  return { header, rows: rest.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']))) };
}

/** RFC 4180 writer, independent of the service's: every cell quoted, quotes doubled, CRLF between records. */
function toCsv(header: readonly string[], rows: readonly CsvRow[]): string {
  const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
  return [header, ...rows.map((row) => header.map((column) => row[column] ?? ''))].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

const withQuery = (url: string, query: string) => (query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url);

/** GETs the list as CSV, asked for either way; checks what every CSV answer carries. */
async function getCsv(url: string, how: 'accept' | 'format' = 'accept') {
  const res = how === 'accept' ? await api.get(url).set('Accept', 'text/csv') : await api.get(withQuery(url, 'format=csv'));
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  return { res, ...parseCsv(res.text) };
}

/** Every item of a JSON list, following nextCursor. */
async function jsonAll(url: string): Promise<Json[]> {
  const items: Json[] = [];
  let next: string | undefined = withQuery(url, 'limit=500');
  while (next) {
    const res = await api.get(next);
    expect(res.status).toBe(200);
    items.push(...(res.body.data as Json[]));
    next = res.body.hasMore ? withQuery(url, `limit=500&cursor=${encodeURIComponent(res.body.nextCursor as string)}`) : undefined;
  }
  return items;
}

/** What one JSON value must look like as a CSV cell (JSON cells are compared as parsed JSON). */
function expectCell(cell: string | undefined, value: unknown, where: string): void {
  if (value === null || value === undefined) return void expect(cell, where).toBe('');
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
    return void expect(JSON.parse(cell ?? ''), where).toEqual(value);
  }
  if (Array.isArray(value)) return void expect(cell, where).toBe(value.join(';'));
  if (typeof value === 'object') return void expect(JSON.parse(cell ?? ''), where).toEqual(value);
  expect(cell, where).toBe(String(value));
}

/** A CSV row with every cell checked against the JSON item (the column order is checked elsewhere). */
function expectRowMatches(row: CsvRow | undefined, item: Json): void {
  expect(row).toBeDefined();
  expect(Object.keys(row!).sort()).toEqual(Object.keys(item).sort());
  for (const [key, value] of Object.entries(item)) expectCell(row![key], value, key);
}

/** The URL a `Link: <…>; rel="next"` header names. */
function nextUrl(link: string | undefined): URL {
  const match = /^<([^>]+)>; rel="next"$/.exec(link ?? '');
  expect(match, `Link: ${link}`).not.toBeNull();
  return new URL(match![1]!, 'http://client.example');
}

const writable = (row: CsvRow): CsvRow => Object.fromEntries(Object.entries(row).filter(([column]) => !READ_ONLY.includes(column)));

async function postCsv(target: Api, url: string, text: string) {
  return target.post(url).set('Content-Type', 'text/csv').send(text);
}

/* ---------- a small world holding rows of every exportable collection ---------- */

interface World {
  summitId: string;
  emptySummitId: string;
  agreementId: string;
  emptyAgreementId: string;
}

async function seedWorld(): Promise<World> {
  const japan = await createCountry(api, { name: 'Japan', shortName: 'JP', wikidataId: 'Q17' });
  const kazakhstan = await createCountry(api, { name: 'Kazakhstan' });
  const uzbekistan = await createCountry(api, { name: 'Uzbekistan', description: 'Doubly landlocked, "in the heart", of Central Asia' });
  const jica = await createParticipant(api, { kind: 'organization', name: 'JICA' });
  await createParticipant(api, { kind: 'person', name: 'Fumio Kishida', title: 'Prime Minister of Japan', affiliationId: japan.id });

  const summit = await createSummit(api, {
    name: 'Central Asia + Japan Summit, Astana',
    status: 'held',
    series: 'Central Asia + Japan',
    startDate: '2024-08-09',
    endDate: '2024-08-10',
    location: 'Astana, Kazakhstan',
    description: 'Leaders met; they "agreed", among other things,\non a new format.\r\nSecond paragraph.',
    sourceUrls: ['https://www.mofa.go.jp/a.html', 'https://example.org/b?x=1,2'],
  });
  await createSummit(api, { name: 'Ministerial dialogue', kind: 'ministerial_meeting', startDate: '2023' });
  await createSummit(api, { name: 'Aral Sea working group', kind: 'working_group', startDate: '2022-05' });
  await createSummit(api, { name: 'An earlier summit', startDate: '2006-06' });
  const emptySummit = await createSummit(api, { name: 'Nobody came' });

  for (const [participant, role] of [
    [japan, 'host'],
    [kazakhstan, 'co_host'],
    [uzbekistan, 'member'],
    [jica, 'observer'],
  ] as const) {
    const res = await api
      .put(`/v1/summits/${summit.id}/participants/${participant.id}`)
      .send({ role, level: role === 'observer' ? null : 'head_of_state_or_government', isHeadOfDelegation: role !== 'observer', note: 'a, "b"' });
    expect(res.status).toBe(201);
  }

  const agreement = await createAgreement(api, {
    title: 'Astana declaration',
    summitId: summit.id,
    adoptedDate: '2024-08-10',
    themes: ['climate.net_zero', 'energy.transition'],
    targets: [
      { targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2' },
      { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 2013, reductionPct: 46.5, note: 'a "note", too' },
    ],
  });
  await createAgreement(api, { title: 'Energy ministers statement', themes: ['energy'], adoptedDate: '2023-11' });
  await createAgreement(api, { title: 'Another climate text', themes: ['climate'] });
  const emptyAgreement = await createAgreement(api, { title: 'Nobody signed' });

  for (const [participant, action, actionDate] of [
    [japan, 'signed', '2024-08-10'],
    [kazakhstan, 'signed', '2024-08'],
    [japan, 'ratified', '2025'],
    [uzbekistan, 'endorsed', null],
  ] as const) {
    const res = await api.post(`/v1/agreements/${agreement.id}/actions`).send({ participantId: participant.id, action, actionDate });
    expect(res.status).toBe(201);
  }

  await createCommitment(api, {
    summitId: summit.id,
    agreementId: agreement.id,
    code: 'CAJ-2024-1',
    isPriority: true,
    dueDate: '2030',
    themes: ['climate.net_zero'],
    parties: [
      { participantId: japan.id, role: 'pledger' },
      { participantId: kazakhstan.id, role: 'beneficiary' },
    ],
  });
  await createCommitment(api, {
    summitId: summit.id,
    isPriority: true,
    dueDate: '2027-12',
    parties: [{ participantId: uzbekistan.id, role: 'pledger' }],
  });
  await createCommitment(api, { agreementId: agreement.id, parties: [{ participantId: jica.id, role: 'pledger' }] });

  return { summitId: summit.id, emptySummitId: emptySummit.id, agreementId: agreement.id, emptyAgreementId: emptyAgreement.id };
}

interface Collection {
  name: string;
  path: (w: World) => string;
  emptyPath: (w: World) => string;
  columns: readonly string[];
  key: string;
  filename: RegExp;
  /** Filters and sort that pick some rows, in an order other than the default. */
  query: string;
  /** A fields= selection, and the columns it must give. */
  fields: [string, string[]];
  /** An expansion, and the columns it adds to the CSV. */
  expand: string;
  expandColumns: string[];
}

const COLLECTIONS: Collection[] = [
  {
    name: 'participants',
    path: () => '/v1/participants',
    emptyPath: () => '/v1/participants?kind=organization&name=nobody',
    columns: COLUMNS.participants,
    key: 'id',
    filename: /^attachment; filename="participants\.csv"$/,
    query: 'kind=country&sort=-name',
    fields: ['name,iso3', ['id', 'name', 'iso3']],
    expand: 'affiliation',
    expandColumns: ['affiliationName'],
  },
  {
    name: 'summits',
    path: () => '/v1/summits',
    emptyPath: () => '/v1/summits?status=cancelled',
    columns: COLUMNS.summits,
    key: 'id',
    filename: /^attachment; filename="summits\.csv"$/,
    query: 'kind=leaders_summit&sort=startDate',
    fields: ['startDate,name', ['id', 'name', 'startDate']],
    expand: 'participants',
    expandColumns: ['participantNames'],
  },
  {
    name: 'agreements',
    path: () => '/v1/agreements',
    emptyPath: () => '/v1/agreements?type=treaty',
    columns: COLUMNS.agreements,
    key: 'id',
    filename: /^attachment; filename="agreements\.csv"$/,
    query: 'theme=climate&sort=title',
    fields: ['themes,title', ['id', 'title', 'themes']],
    expand: 'summit',
    expandColumns: ['summitName'],
  },
  {
    name: 'commitments',
    path: () => '/v1/commitments',
    emptyPath: () => '/v1/commitments?status=withdrawn',
    columns: COLUMNS.commitments,
    key: 'id',
    filename: /^attachment; filename="commitments\.csv"$/,
    query: 'isPriority=true&sort=dueDate',
    fields: ['parties,isPriority', ['id', 'isPriority', 'parties']],
    expand: 'parties',
    expandColumns: ['partyNames'],
  },
  {
    name: 'summit participations',
    path: (w) => `/v1/summits/${w.summitId}/participants`,
    emptyPath: (w) => `/v1/summits/${w.emptySummitId}/participants`,
    columns: COLUMNS.participations,
    key: 'participantId',
    // The file holds participations, not summits: named after the nested collection.
    filename: /^attachment; filename="([a-z]+-)?participants\.csv"$/,
    query: 'isHeadOfDelegation=true&sort=-createdAt',
    fields: ['role', ['summitId', 'participantId', 'role']],
    expand: 'participant',
    expandColumns: ['participantName', 'participantKind'],
  },
  {
    name: 'agreement actions',
    path: (w) => `/v1/agreements/${w.agreementId}/actions`,
    emptyPath: (w) => `/v1/agreements/${w.emptyAgreementId}/actions`,
    columns: COLUMNS.actions,
    key: 'id',
    // The file holds party actions, not agreements: named after the nested collection.
    filename: /^attachment; filename="([a-z]+-)?actions\.csv"$/,
    query: 'action=signed&sort=actionDate',
    fields: ['action', ['id', 'action']],
    expand: 'participant',
    expandColumns: ['participantName'],
  },
];

/* ---------- CSV export ---------- */

describe.each(COLLECTIONS)('CSV export of $name', (c) => {
  it.each(['accept', 'format'] as const)('when asked for CSV by %s, then 200 text/csv as an attachment named after the collection', async (how) => {
    const world = await seedWorld();
    const { res } = await getCsv(c.path(world), how);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8$/);
    expect(res.headers['content-disposition']).toMatch(c.filename);
  });

  it('when CSV is asked for, then the header has the columns of the schema, in the member order of the JSON resource', async () => {
    const world = await seedWorld();
    const [resource] = await jsonAll(c.path(world));
    const { header } = await getCsv(c.path(world));
    expect([...header].sort()).toEqual([...c.columns].sort());
    expect(header).toEqual(Object.keys(resource!));
  });

  it.each(['accept', 'format'] as const)('when asked for CSV by %s, then every row of the JSON list comes out, in its order, cell for cell', async (how) => {
    const world = await seedWorld();
    const url = c.path(world);
    const json = await jsonAll(url);
    expect(json.length).toBeGreaterThan(1);

    const { rows } = await getCsv(url, how);
    expect(rows.map((r) => r[c.key])).toEqual(json.map((item) => item[c.key]));
    json.forEach((item, i) => expectRowMatches(rows[i], item));
  });

  it('when filters and a sort are given, then the CSV holds exactly the rows of the JSON list, in its order', async () => {
    const world = await seedWorld();
    const url = withQuery(c.path(world), c.query);
    const json = await jsonAll(url);
    const all = await jsonAll(c.path(world));
    expect(json.length).toBeGreaterThan(1);
    expect(json.length).toBeLessThan(all.length);

    const byAccept = await getCsv(url, 'accept');
    const byFormat = await getCsv(url, 'format');
    expect(byAccept.rows.map((r) => r[c.key])).toEqual(json.map((item) => item[c.key]));
    expect(byFormat.rows.map((r) => r[c.key])).toEqual(json.map((item) => item[c.key]));
    expect(byFormat.res.text).toBe(byAccept.res.text);
  });

  it('when no row matches, then the CSV is the same header row alone', async () => {
    const world = await seedWorld();
    const json = await api.get(c.emptyPath(world));
    expect(json.status).toBe(200);
    expect(json.body.data).toEqual([]);
    const full = await getCsv(c.path(world));

    const { res, header, rows } = await getCsv(c.emptyPath(world));
    expect(res.text.split('\r\n').filter(Boolean)).toHaveLength(1);
    expect(header).toEqual(full.header);
    expect([...header].sort()).toEqual([...c.columns].sort());
    expect(rows).toEqual([]);
  });

  it('when fields= is given, then only those columns (and the key) come out, in the JSON member order', async () => {
    const world = await seedWorld();
    const [fields, columns] = c.fields;
    const url = withQuery(c.path(world), `fields=${fields}`);
    const json = await jsonAll(url);
    const { header, rows } = await getCsv(url);
    expect(header).toEqual(columns);
    expect(header).toEqual(Object.keys(json[0]!));
    expect(rows).toHaveLength(json.length);
    json.forEach((item, i) => expectRowMatches(rows[i], item));
  });

  it.each(['accept', 'format'] as const)(
    'when expand= is asked for with CSV (by %s), then its columns follow the schema’s, whose cells stay as without it',
    async (how) => {
      const world = await seedWorld();
      const plain = await getCsv(c.path(world), how);
      const expanded = await getCsv(withQuery(c.path(world), `expand=${c.expand}`), how);
      expect(expanded.header).toEqual([...plain.header, ...c.expandColumns]);
      expect(expanded.rows.map((row) => Object.fromEntries(plain.header.map((column) => [column, row[column]])))).toEqual(plain.rows);
      expect(expanded.rows.some((row) => c.expandColumns.every((column) => row[column] !== ''))).toBe(true);
    },
  );
});

describe('CSV export: cells', () => {
  it('when text holds commas, double quotes and line breaks, then it is quoted per RFC 4180 and survives a parse', async () => {
    const description = 'Leaders met; they "agreed", among other things,\non a new format.\r\nSecond paragraph.';
    const name = 'Summit, "Central Asia + Japan"';
    const summit = await createSummit(api, { name, description });
    const { res, rows } = await getCsv('/v1/summits');
    expect(res.text).toContain('"Summit, ""Central Asia + Japan"""');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: summit.id, name, description });
  });

  it('when a resource has lists, objects, nulls, booleans and numbers, then they are ;-joined, JSON, empty, true/false and digits', async () => {
    const japan = await createCountry(api);
    const summit = await createSummit(api, { sourceUrls: ['https://a.example.org/x', 'https://b.example.org/y'] });
    const targets = [
      { targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2' },
      { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 2013, reductionPct: 46.5 },
    ];
    const agreement = await createAgreement(api, { themes: ['climate.net_zero', 'energy.transition'], targets });
    const parties = [{ participantId: japan.id, role: 'pledger' }];
    await createCommitment(api, { summitId: summit.id, parties, isPriority: true });
    await createCommitment(api, { summitId: summit.id, parties, text: 'Second' });

    const summits = (await getCsv('/v1/summits')).rows;
    expect(summits[0]).toMatchObject({ sourceUrls: 'https://a.example.org/x;https://b.example.org/y', series: '', startDate: '', version: '1' });

    const agreements = (await getCsv('/v1/agreements')).rows;
    expect(agreements[0]).toMatchObject({ id: agreement.id, themes: 'climate.net_zero;energy.transition', sourceUrls: '', summitId: '' });
    expect(JSON.parse(agreements[0]!.targets!)).toEqual([
      { targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', baselineYear: null, reductionPct: null, ...TARGET_DEFAULTS, gasCoverage: 'co2', legalStatus: null, note: null },
      {
        targetType: 'emissions_reduction',
        targetYear: 2030,
        yearQualifier: 'by',
        baselineYear: 2013,
        reductionPct: 46.5,
        ...TARGET_DEFAULTS,
        gasCoverage: 'unspecified',
        legalStatus: null,
        note: null,
      },
    ]);

    const commitments = (await getCsv('/v1/commitments?sort=createdAt')).rows;
    expect(commitments.map((r) => r.isPriority)).toEqual(['true', 'false']);
    expect(JSON.parse(commitments[0]!.parties!)).toEqual(parties);
    expect(commitments[0]).toMatchObject({ themes: '', targets: '', agreementId: '', progressStatus: 'not_yet_rated' });
  });
});

describe('CSV export: size and paging', () => {
  it('when 120 rows match and no limit is given, then all of them come out in one CSV, in the JSON order', async () => {
    const items = Array.from({ length: 120 }, (_, i) => ({ name: `Summit ${String(i).padStart(3, '0')}`, kind: 'other' }));
    expect((await api.post('/v1/summits').send(items)).status).toBe(201);
    const json = await jsonAll('/v1/summits');
    expect(json).toHaveLength(120);
    const page = await api.get('/v1/summits');
    expect(page.body.hasMore).toBe(true);

    const { res, rows } = await getCsv('/v1/summits');
    expect(res.headers.link).toBeUndefined();
    expect(rows.map((r) => r.id)).toEqual(json.map((s) => s.id));
  });

  it('when more rows than one export chunk match, then every one comes out once, in the JSON order', async () => {
    const items = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ name: `Summit ${from + i}`, kind: 'other' }));
    expect((await api.post('/v1/summits').send(items(0, 1000))).status).toBe(201);
    expect((await api.post('/v1/summits').send(items(1000, 7))).status).toBe(201);
    const json = await jsonAll('/v1/summits?sort=name');
    expect(json).toHaveLength(1007);

    const { rows } = await getCsv('/v1/summits?sort=name');
    expect(rows.map((r) => r.id)).toEqual(json.map((s) => s.id));
    expect(new Set(rows.map((r) => r.id)).size).toBe(1007);
  });

  it('when limit=2 is given, then the CSV holds one page and Link names the next, which continues it', async () => {
    for (const name of ['A', 'B', 'C', 'D', 'E']) await createSummit(api, { name });
    const json = await jsonAll('/v1/summits?sort=name');

    const first = await getCsv('/v1/summits?sort=name&limit=2');
    expect(first.rows.map((r) => r.name)).toEqual(['A', 'B']);
    expect(first.res.headers.link).toMatch(/^<\/v1\/[^>]+>; rel="next"$/);
    const next = nextUrl(first.res.headers.link);
    expect(next.pathname).toBe('/v1/summits');
    expect(next.searchParams.get('cursor')).toBeTruthy();
    expect(next.searchParams.get('limit')).toBe('2');

    const second = await getCsv(`${next.pathname}${next.search}`);
    const afterSecond = nextUrl(second.res.headers.link);
    expect(second.rows.map((r) => r.name)).toEqual(['C', 'D']);
    const third = await getCsv(`${afterSecond.pathname}${afterSecond.search}`);
    expect(third.rows.map((r) => r.name)).toEqual(['E']);
    expect(third.res.headers.link).toBeUndefined();
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.id)).toEqual(json.map((s) => s.id));
  });

  it('when format=csv is combined with limit=2, then the same paging applies', async () => {
    for (const name of ['A', 'B', 'C']) await createSummit(api, { name });
    const first = await getCsv('/v1/summits?sort=name&limit=2', 'format');
    expect(first.rows.map((r) => r.name)).toEqual(['A', 'B']);
    expect(first.res.headers.link).toMatch(/format=csv/);
  });
});

/* ---------- CSV round trip ---------- */

/** Exports `url` from `from`, imports the writable columns into a new app, exports again: the writable cells must be equal. */
async function roundTrip(url: string, expectedRows: number) {
  const exported = await getCsv(url);
  expect(exported.rows).toHaveLength(expectedRows);
  const header = exported.header.filter((column) => !READ_ONLY.includes(column));
  const original = exported.rows.map(writable);

  const target = makeApp();
  const imported = await postCsv(target.api, url.split('?')[0]!, toCsv(header, original));
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
  expect(imported.body.data).toHaveLength(expectedRows);

  const again = await target.api.get(url).set('Accept', 'text/csv');
  expect(again.status).toBe(200);
  const reparsed = parseCsv(again.text);
  expect(reparsed.header).toEqual(exported.header);
  expect(reparsed.rows.map(writable)).toEqual(original);
  // And the new ids are the ones the import answered with, in the order sent.
  expect(reparsed.rows.map((r) => r.id)).toEqual((imported.body.data as Json[]).map((item) => item.id));
  return { original, imported: imported.body.data as Json[] };
}

describe('CSV round trip', () => {
  it('when summits are exported, stripped of read-only columns and posted as CSV into a new app, then a new export has the same writable cells', async () => {
    await createSummit(api, {
      name: 'Central Asia + Japan Summit, "first"',
      kind: 'leaders_summit',
      status: 'held',
      series: 'Central Asia + Japan',
      startDate: '2024-08-09',
      endDate: '2024-08-10',
      dateNote: 'as reported, "last year"',
      location: 'Astana, Kazakhstan',
      description: 'Commas, here; "quotes" here,\nand a line break.\r\nAnd a CRLF.',
      sourceUrls: ['https://www.mofa.go.jp/a.html', 'https://example.org/b?x=1,2'],
    });
    await createSummit(api, { name: 'Ministerial', kind: 'ministerial_meeting', status: 'planned', startDate: '2026' });
    await createSummit(api, { name: 'Working group', kind: 'working_group', status: 'cancelled', series: 'WG', startDate: '2025-03', endDate: '2025-04' });

    const { original } = await roundTrip('/v1/summits?sort=createdAt', 3);
    expect(original[0]).toMatchObject({
      description: 'Commas, here; "quotes" here,\nand a line break.\r\nAnd a CRLF.',
      sourceUrls: 'https://www.mofa.go.jp/a.html;https://example.org/b?x=1,2',
    });
  });

  it('when agreements without a summit (with themes and targets) make the round trip, then the writable cells are identical', async () => {
    await createAgreement(api, {
      title: 'Joint statement, "energy"',
      type: 'joint_statement',
      ambit: 'interministerial',
      legalForce: 'politically_binding',
      status: 'signed',
      adoptedDate: '2023-12',
      entryIntoForceDate: '2024',
      dateNote: 'signed, then "in force"',
      summary: 'Summary, with commas;\nand lines.',
      text: 'Article 1.\r\nThe parties, "together",\nshall…',
      themes: ['climate.net_zero', 'energy.transition'],
      targets: [
        { targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2', legalStatus: 'declaration_pledge' },
        { targetType: 'emissions_reduction', targetYear: 2030, baselineYear: 2013, reductionPct: 46.5, note: 'a "note", with commas' },
      ],
      sourceUrls: ['https://example.org/one', 'https://example.org/two'],
    });
    await createAgreement(api, { title: 'Bare', type: 'mou' });
    await createAgreement(api, { title: 'Themed', type: 'communique', themes: ['water'] });

    const { imported } = await roundTrip('/v1/agreements?sort=createdAt', 3);
    expect(imported[0]).toMatchObject({
      themes: ['climate.net_zero', 'energy.transition'],
      targets: [expect.objectContaining({ targetYear: 2050 }), expect.objectContaining({ reductionPct: 46.5, baselineYear: 2013 })],
      summitId: null,
    });
  });

  it('when participants without affiliations make the round trip, then the writable cells are identical', async () => {
    await createCountry(api, { name: 'Japan', shortName: 'JP', wikidataId: 'Q17', description: 'Islands, "many",\nin the Pacific.' });
    await createCountry(api, { name: 'Kazakhstan, Republic of' });
    await createParticipant(api, { kind: 'organization', name: 'JICA', wikidataId: 'Q1339425' });
    await createParticipant(api, { kind: 'person', name: 'Kishida, Fumio', title: 'Prime Minister of Japan' });

    await roundTrip('/v1/participants?sort=createdAt', 4);
  });
});

/* ---------- CSV import errors ---------- */

describe('CSV formula injection', () => {
  const DANGEROUS = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1:A2)', '\tTabbed', '\rReturned', "'Quoted already"];

  it.each(DANGEROUS)('when a text cell begins like %j, then the export puts a leading quote before it', async (text) => {
    const created = await createParticipant(api, { kind: 'organization', name: 'Org', description: text });
    const exported = await getCsv(`/v1/participants?fields=description`);
    const row = exported.rows.find((r) => r.id === created.id)!;
    expect(row.description).toBe(`'${text}`);
  });

  it('when numbers and safe text are exported, then nothing is prefixed', async () => {
    await createParticipant(api, { kind: 'organization', name: 'Plain name', description: 'Safe - inside' });
    const exported = await getCsv('/v1/participants?fields=name,description');
    expect(exported.rows[0]).toMatchObject({ name: 'Plain name', description: 'Safe - inside' });
  });

  it('when dangerous cells are exported and imported into a new app, then every value comes back exactly', async () => {
    for (const [i, text] of DANGEROUS.entries()) {
      await createParticipant(api, { kind: 'organization', name: i % 2 ? text.replace(/[\t\r]/, '') : `Org ${i}`, description: text });
    }
    const { original } = await roundTrip('/v1/participants?sort=createdAt', DANGEROUS.length);
    const target = (await jsonAll('/v1/participants?sort=createdAt')).map((p) => p.description);
    expect(target).toEqual(DANGEROUS);
    expect(original.every((row) => !/^[=+\-@]/.test(row.description ?? ''))).toBe(true);
  });

  it('when an imported cell begins with one quote, then the quote is removed; with two, one stays', async () => {
    const res = await postCsv(api, '/v1/participants', 'kind,name,description\r\norganization,"\'=1+1","\'\'quoted"\r\n');
    expect(res.status, res.text).toBe(201);
    expect(res.body.data[0]).toMatchObject({ name: '=1+1', description: "'quoted" });
  });
});

describe('CSV import errors', () => {
  const header = ['name', 'kind', 'startDate'];

  it('when one row fails validation, then 422 points at #/<row>/<column> and nothing is written', async () => {
    await createSummit(api);
    const csv = toCsv(header, [
      { name: 'ok', kind: 'other', startDate: '2024' },
      { name: 'ok too', kind: 'other', startDate: '2025-02-30' },
      { name: 'bad kind', kind: 'summitish', startDate: '' },
    ]);
    const res = await expectNoWrite(db, () => postCsv(api, '/v1/summits', csv));
    expectProblem(res, 422, 'validation_error', ['#/1/startDate', '#/2/kind']);
  });

  it('when a row fails a database rule, then 422 points at its row and nothing is written', async () => {
    const csv = toCsv(['title', 'type', 'summitId'], [
      { title: 'ok', type: 'mou', summitId: '' },
      { title: 'orphan', type: 'mou', summitId: missingId('smt') },
    ]);
    const res = await expectNoWrite(db, () => postCsv(api, '/v1/agreements', csv));
    expectProblem(res, 422, 'validation_error', ['#/1/summitId']);
  });

  it('when a JSON cell does not decode, then 422 points at it', async () => {
    const csv = toCsv(['title', 'type', 'targets'], [{ title: 'x', type: 'mou', targets: '[{"targetType":' }]);
    const res = await expectNoWrite(db, () => postCsv(api, '/v1/agreements', csv));
    expectProblem(res, 422, 'validation_error', ['#/0/targets']);
  });

  it('when a read-only column holds a value, then 422 #/0/id says it is read-only', async () => {
    const csv = toCsv(['id', 'name', 'kind'], [{ id: 'smt_01HZY000000000000000000000', name: 'x', kind: 'other' }]);
    const res = await expectNoWrite(db, () => postCsv(api, '/v1/summits', csv));
    expectProblem(res, 422, 'validation_error', ['#/0/id']);
    expect(res.body.errors).toEqual([{ pointer: '#/0/id', detail: 'is read-only' }]);
  });

  it('when a column is unknown, then 422 names it', async () => {
    const csv = toCsv(['name', 'kind', 'flag'], [{ name: 'x', kind: 'other', flag: 'red' }]);
    const res = await expectNoWrite(db, () => postCsv(api, '/v1/summits', csv));
    expectProblem(res, 422, 'validation_error', ['#/0/flag']);
    expect(res.body.errors[0].detail).toBe('is not a known field');
  });

  it('when the CSV is malformed (an unclosed quote), then 400 and nothing is written', async () => {
    const res = await expectNoWrite(db, () => postCsv(api, '/v1/summits', 'name,kind\r\n"unclosed,other\r\n'));
    expectProblem(res, 400, 'bad_request');
  });

  it('when a row has more cells than the header, then 400 and nothing is written', async () => {
    const res = await expectNoWrite(db, () => postCsv(api, '/v1/summits', 'name,kind\r\nA,other,extra\r\n'));
    expectProblem(res, 400, 'bad_request');
  });

  it('when a column is named twice, then the request is refused rather than one of the cells silently dropped', async () => {
    const before = snapshot(db);
    const res = await postCsv(api, '/v1/summits', 'name,name,kind\r\nFirst,Second,other\r\n');
    expect([400, 422], `got ${res.status}: ${JSON.stringify(res.body)}`).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(snapshot(db)).toBe(before);
  });

  it('when the CSV starts with a byte order mark (as spreadsheets write it), then the first column is still recognised', async () => {
    const res = await postCsv(api, '/v1/summits', '\ufeffname,kind\r\nA,other\r\n');
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual([expect.objectContaining({ name: 'A', kind: 'other' })]);
  });

  it('when the CSV has a header but no rows, then 422: at least 1 item', async () => {
    const res = await expectNoWrite(db, () => postCsv(api, '/v1/summits', 'name,kind\r\n'));
    expectProblem(res, 422, 'validation_error');
    expect(JSON.stringify(res.body.errors)).toMatch(/at least 1 item/);
  });
});

/* ---------- JSON array bulk create ---------- */

interface BulkCase {
  collection: string;
  /** `n` valid items, given what setup made. */
  valid: (n: number, ctx: Json) => Json[];
  /** An item that fails validation, and the member it fails at. */
  invalid: [Json, string];
  setup: () => Promise<Json>;
}

const BULK: BulkCase[] = [
  {
    collection: 'participants',
    setup: async () => ({}),
    valid: (n) => Array.from({ length: n }, (_, i) => ({ kind: 'organization', name: `Organization ${i}` })),
    invalid: [{ kind: 'organization', name: 'x', wikidataId: 'not-q' }, 'wikidataId'],
  },
  {
    collection: 'summits',
    setup: async () => ({}),
    valid: (n) => Array.from({ length: n }, (_, i) => ({ name: `Summit ${i}`, kind: 'other', startDate: `${2000 + i}` })),
    invalid: [{ name: 'x', kind: 'other', startDate: '2024-13' }, 'startDate'],
  },
  {
    collection: 'agreements',
    setup: async () => ({}),
    valid: (n) => Array.from({ length: n }, (_, i) => ({ title: `Agreement ${i}`, type: 'mou', themes: ['trade'] })),
    invalid: [{ title: 'x', type: 'pact' }, 'type'],
  },
  {
    collection: 'commitments',
    setup: async () => {
      const summit = await createSummit(api);
      const country = await createCountry(api);
      return { summitId: summit.id, participantId: country.id };
    },
    valid: (n, ctx) =>
      Array.from({ length: n }, (_, i) => ({
        text: `Commitment ${i}`,
        scope: 'individual',
        summitId: ctx.summitId,
        parties: [{ participantId: ctx.participantId, role: 'pledger' }],
      })),
    invalid: [{ text: 'x', scope: 'collective', summitId: missingId('smt'), parties: [] }, 'parties'],
  },
];

describe.each(BULK)('bulk create of $collection from a JSON array', (b) => {
  const url = `/v1/${b.collection}`;

  it('when every item is valid, then 201 {data} in the order sent, and each one can be read', async () => {
    const ctx = await b.setup();
    const items = b.valid(4, ctx);
    const res = await api.post(url).send(items);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['data']);
    const data = res.body.data as Json[];
    expect(data).toHaveLength(4);
    data.forEach((created, i) => expect(created).toMatchObject({ ...items[i], version: 1 }));
    expect(new Set(data.map((d) => d.id)).size).toBe(4);
    for (const created of data) {
      const read = await api.get(`${url}/${created.id as string}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created);
    }
  });

  it('when item 3 fails validation, then 422 points at #/3/<field> and nothing is written, though items 0-2 were valid', async () => {
    const ctx = await b.setup();
    const [bad, field] = b.invalid;
    const items = [...b.valid(3, ctx), bad];
    const res = await expectNoWrite(db, () => api.post(url).send(items));
    expectProblem(res, 422, 'validation_error', [`#/3/${field}`]);
  });

  it('when items 0 and 2 fail validation, then both are listed and nothing is written', async () => {
    const ctx = await b.setup();
    const [bad, field] = b.invalid;
    const items = [bad, ...b.valid(1, ctx), bad, ...b.valid(1, ctx)];
    const res = await expectNoWrite(db, () => api.post(url).send(items));
    expectProblem(res, 422, 'validation_error', [`#/0/${field}`, `#/2/${field}`]);
  });

  it('when items fail validation, then the detail says how many items of how many failed', async () => {
    const ctx = await b.setup();
    const [bad, field] = b.invalid;
    // Item 0 fails on two members, item 2 on one: two items failed, not three.
    const items = [{ ...bad, flag: 1 }, ...b.valid(1, ctx), bad];
    const res = await expectNoWrite(db, () => api.post(url).send(items));
    expectProblem(res, 422, 'validation_error', [`#/0/${field}`, '#/0/flag', `#/2/${field}`]);
    expect(res.body.detail).toMatch(/\b2 of 3 items\b/);
  });

  it('when an item names a read-only or unknown field, then 422 as for a single create', async () => {
    const ctx = await b.setup();
    const [first, second] = b.valid(2, ctx);
    const res = await expectNoWrite(db, () =>
      api.post(url).send([{ ...first, id: 'x_1' }, { ...second, flag: 'red' }]),
    );
    expectProblem(res, 422, 'validation_error', ['#/0/id', '#/1/flag']);
    expect(res.body.errors).toContainEqual({ pointer: '#/0/id', detail: 'is read-only' });
    expect(res.body.errors).toContainEqual({ pointer: '#/1/flag', detail: 'is not a known field' });
  });

  it('when an item is not an object, then 422 points at its index', async () => {
    const ctx = await b.setup();
    const res = await expectNoWrite(db, () => api.post(url).send([...b.valid(1, ctx), 'text']));
    expectProblem(res, 422, 'validation_error', ['#/1']);
  });

  it('when the array is empty, then 422 and nothing is written', async () => {
    await b.setup();
    const res = await expectNoWrite(db, () => api.post(url).send([]));
    expectProblem(res, 422, 'validation_error');
    expect(JSON.stringify(res.body.errors)).toMatch(/at least 1 item/);
  });
});

describe('bulk create: size limits', () => {
  it('when 1000 items are sent, then all are created', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ kind: 'organization', name: `Organization ${i}` }));
    const res = await api.post('/v1/participants').send(items);
    expect(res.status).toBe(201);
    expect(res.body.data).toHaveLength(1000);
    expect((res.body.data as Json[]).map((p) => p.name)).toEqual(items.map((p) => p.name));
    const count = await api.get('/v1/participants?limit=1').set('Prefer', 'count=exact');
    expect(count.body.totalCount).toBe(1000);
  });

  it('when 1001 items are sent, then 422 and nothing is written', async () => {
    await createSummit(api);
    const before = snapshot(db);
    const items = Array.from({ length: 1001 }, (_, i) => ({ name: `Summit ${i}`, kind: 'other' }));
    const res = await api.post('/v1/summits').send(items);
    expectProblem(res, 422, 'validation_error');
    expect(JSON.stringify(res.body.errors)).toMatch(/at most 1000 items/);
    expect(snapshot(db)).toBe(before);
  });

  it('when 1001 rows are sent as CSV, then 422 and nothing is written', async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => ({ name: `Summit ${i}`, kind: 'other' }));
    const res = await expectNoWrite(db, () => postCsv(api, '/v1/summits', toCsv(['name', 'kind'], rows)));
    expectProblem(res, 422, 'validation_error');
  });
});

describe('bulk create: database rules', () => {
  it('when item 3 names an unknown summit, then 422 at #/3/summitId and the valid items before it are not written', async () => {
    const summit = await createSummit(api);
    const items = [
      { title: 'A', type: 'mou', summitId: summit.id },
      { title: 'B', type: 'mou' },
      { title: 'C', type: 'mou', summitId: summit.id },
      { title: 'D', type: 'mou', summitId: missingId('smt') },
    ];
    const res = await expectNoWrite(db, () => api.post('/v1/agreements').send(items));
    expectProblem(res, 422, 'validation_error', ['#/3/summitId']);
    expect(res.body.detail).toMatch(/\b1 of 4 items\b/);
    expect((await api.get('/v1/agreements')).body.data).toEqual([]);
  });

  it('when commitments name an unknown summit and an unknown party, then both are listed at their indexes', async () => {
    const summit = await createSummit(api);
    const country = await createCountry(api);
    const item = { text: 'x', scope: 'collective', summitId: summit.id, parties: [{ participantId: country.id, role: 'pledger' }] };
    const items = [
      item,
      { ...item, summitId: missingId('smt') },
      item,
      { ...item, parties: [{ participantId: missingId('par'), role: 'pledger' }] },
    ];
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send(items));
    expectProblem(res, 422, 'validation_error', ['#/1/summitId', '#/3/parties/0/participantId']);
    expect(res.body.detail).toMatch(/\b2 of 4 items\b/);
  });

  it('when item 2 repeats the iso3 of an existing participant, then 409 at #/2/iso3 and nothing is written', async () => {
    const japan = await createCountry(api);
    const items = [
      { kind: 'organization', name: 'A' },
      { kind: 'country', name: 'B', iso3: 'BBB' },
      { kind: 'country', name: 'Japan again', iso3: japan.iso3 },
    ];
    const res = await expectNoWrite(db, () => api.post('/v1/participants').send(items));
    expectProblem(res, 409, 'conflict', ['#/2/iso3']);
    expect(res.body.detail).toMatch(/\b1 of 3 items\b/);
  });

  it('when two items of the batch share an iso3, then 409 at the second and nothing is written', async () => {
    const items = [
      { kind: 'country', name: 'A', iso3: 'AAA' },
      { kind: 'country', name: 'B', iso3: 'AAA' },
      { kind: 'organization', name: 'C' },
    ];
    const res = await expectNoWrite(db, () => api.post('/v1/participants').send(items));
    expectProblem(res, 409, 'conflict', ['#/1/iso3']);
  });

  it('when two commitments of the batch share a code within a summit, then 409 at the second', async () => {
    const summit = await createSummit(api);
    const country = await createCountry(api);
    const item = { text: 'x', scope: 'collective', summitId: summit.id, code: 'CAJ-1', parties: [{ participantId: country.id, role: 'pledger' }] };
    const res = await expectNoWrite(db, () => api.post('/v1/commitments').send([item, { ...item, code: 'CAJ-2' }, item]));
    expectProblem(res, 409, 'conflict', ['#/2/code']);
  });

  it('when item 0 fails its schema and item 2 a database rule, then both are listed at once', async () => {
    const items = [
      { title: 'x', type: 'pact' },
      { title: 'y', type: 'mou' },
      { title: 'z', type: 'mou', summitId: missingId('smt') },
    ];
    const res = await expectNoWrite(db, () => api.post('/v1/agreements').send(items));
    expectProblem(res, 422, 'validation_error', ['#/0/type', '#/2/summitId']);
    expect(res.body.detail).toMatch(/\b2 of 3 items\b/);
  });

  it('when one item clashes on uniqueness and another is invalid, then 422 lists both', async () => {
    const japan = await createCountry(api);
    const items = [
      { kind: 'country', name: 'Japan again', iso3: japan.iso3 },
      { kind: 'person', name: 'P', affiliationId: missingId('par') },
    ];
    const res = await expectNoWrite(db, () => api.post('/v1/participants').send(items));
    expectProblem(res, 422, 'validation_error', ['#/0/iso3', '#/1/affiliationId']);
    expect(res.body.detail).toMatch(/\b2 of 2 items\b/);
  });
});
