// The list query language through HTTP (../API.md §1 "Lists" and §2): keyset paging over every
// whitelisted sort, cursors, counts, field projection, expansion, full-text search, /v1/search
// and /v1/themes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

type Item = Record<string, unknown> & { id: string };
type Body = Record<string, unknown>;
type SortKey = { name: string; desc: boolean };

let api: Api;
beforeEach(() => {
  ({ api } = makeApp());
});
afterEach(() => {
  vi.useRealTimers();
});

/* ---------- helpers ---------- */

/** Freezes the clock: rows created until the next `tick()` share one createdAt (ties on createdAt). */
function freezeClock(): void {
  vi.useFakeTimers({ toFake: ['Date'] });
}
function tick(): void {
  vi.setSystemTime(Date.now() + 1);
}

async function bulk(path: string, items: Body[]): Promise<Item[]> {
  const res = await api.post(path).send(items);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data as Item[];
}

/** Creates `items` in groups of `group`, each group with its own createdAt. */
async function bulkInGroups(path: string, items: Body[], group = 3): Promise<Item[]> {
  freezeClock();
  const created: Item[] = [];
  for (let i = 0; i < items.length; i += group) {
    created.push(...(await bulk(path, items.slice(i, i + group))));
    tick();
  }
  vi.useRealTimers();
  return created;
}

function parseSort(sort: string | undefined): SortKey[] {
  if (!sort) return [{ name: 'createdAt', desc: true }];
  return sort.split(',').map((s) => (s.startsWith('-') ? { name: s.slice(1), desc: true } : { name: s, desc: false }));
}

/** Nulls are the smallest values; strings compare as SQLite's BINARY collation does for ASCII. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return String(a) < String(b) ? -1 : 1;
}

/**
 * The full order the API promises: each sort key in turn, then the id as the final tie-breaker
 * (in the direction of the first key, as the service documents it).
 */
function expectedOrder(rows: Item[], sort: string | undefined, idOf: (row: Item) => string = (r) => r.id): Item[] {
  const keys = parseSort(sort);
  const idDesc = keys[0]!.desc;
  return [...rows].sort((x, y) => {
    for (const key of keys) {
      const c = compareValues(x[key.name], y[key.name]);
      if (c !== 0) return key.desc ? -c : c;
    }
    const c = compareValues(idOf(x), idOf(y));
    return idDesc ? -c : c;
  });
}

function nextLink(link: string | undefined): URL {
  // Relative to the request: the service has no public base URL configured in tests.
  expect(link).toMatch(/^<\/v1\/[^>]+>; rel="next"$/);
  return new URL(/^<([^>]+)>/.exec(link!)![1]!, 'http://client.example');
}

const otherParams = (url: URL) =>
  [...url.searchParams].filter(([name]) => name !== 'cursor').map(([name, value]) => `${name}=${value}`).sort();

/**
 * Follows every page from `path` by the Link header, checking each page: full pages while
 * `hasMore`, a nextCursor and a Link to the same list with that cursor; none on the last page.
 */
async function walk(path: string, headers: Record<string, string> = {}): Promise<{ rows: Item[]; pages: Record<string, unknown>[] }> {
  const limit = Number(new URL(path, 'http://localhost').searchParams.get('limit') ?? 50);
  const rows: Item[] = [];
  const pages: Record<string, unknown>[] = [];
  let url: string | undefined = path;
  while (url) {
    const res = await api.get(url).set(headers);
    expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
    pages.push(res.body);
    expect(pages.length).toBeLessThan(100);
    rows.push(...(res.body.data as Item[]));
    if (res.body.hasMore) {
      expect(res.body.data).toHaveLength(limit);
      expect(res.body.nextCursor).toEqual(expect.any(String));
      const next = nextLink(res.headers.link);
      const current = new URL(url, 'http://localhost');
      expect(next.pathname).toBe(current.pathname);
      expect(next.searchParams.getAll('cursor')).toEqual([res.body.nextCursor]);
      expect(otherParams(next)).toEqual(otherParams(current));
      url = `${next.pathname}${next.search}`;
    } else {
      expect(res.body.nextCursor).toBeNull();
      expect(res.headers.link).toBeUndefined();
      if (pages.length > 1) expect(res.body.data.length).toBeGreaterThan(0);
      url = undefined;
    }
  }
  return { rows, pages };
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const enc = encodeURIComponent;
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const decodeCursor = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { f: string; k: unknown[] };

/* ---------- seeds with ties and nulls ---------- */

async function seedParticipants(): Promise<Item[]> {
  const names = ['Mali', 'Chad', 'Mali', 'Oman', 'Chad', 'Mali', 'Peru', 'Chad', 'Oman', 'Mali'];
  return bulkInGroups(
    '/v1/participants',
    names.map((name) => ({ kind: 'organization', name })),
  );
}

async function seedSummits(): Promise<Item[]> {
  const names = ['Astana', 'Tokyo', 'Astana', 'Bishkek', 'Tokyo', 'Astana', 'Dushanbe', 'Bishkek', 'Tokyo', 'Astana', 'Tokyo'];
  const starts = ['2024', null, '2024-05', '2023', null, '2024', '2024-05-19', '2023', null, '2024-05', '2024'];
  return bulkInGroups(
    '/v1/summits',
    names.map((name, i) => ({ name, kind: 'leaders_summit', startDate: starts[i] })),
  );
}

async function seedAgreements(): Promise<Item[]> {
  const titles = ['Accord', 'Charter', 'Accord', 'Compact', 'Charter', 'Accord', 'Treaty', 'Compact', 'Accord', 'Charter', 'Accord'];
  const adopted = [null, '2023', '2023-06', null, '2023', '2024-01-15', null, '2023-06', '2022', '2023', null];
  return bulkInGroups(
    '/v1/agreements',
    titles.map((title, i) => ({ title, type: 'joint_statement', adoptedDate: adopted[i] })),
  );
}

async function seedCommitments(): Promise<Item[]> {
  const summit = await createSummit(api);
  const japan = await createCountry(api, { name: 'Japan' });
  const made = [null, '2022', '2022', null, '2023-03', '2022', '2021', null, '2023-03', '2022', null];
  const due = ['2030', null, '2030', '2030-06', null, '2030', '2025', null, '2030-06', '2030', '2030'];
  return bulkInGroups(
    '/v1/commitments',
    made.map((madeDate, i) => ({
      text: `Commitment ${i}`,
      scope: 'collective',
      summitId: summit.id,
      parties: [{ participantId: japan.id, role: 'pledger' }],
      madeDate,
      dueDate: due[i],
    })),
  );
}

async function seedActions(): Promise<{ path: string; rows: Item[] }> {
  const agreement = await createAgreement(api);
  const other = await createAgreement(api);
  const kz = await createCountry(api, { name: 'Kazakhstan' });
  const dates = [null, '2024', '2024-03', null, '2024', '2023-12-01', null, '2024-03', '2024', null];
  const actions = ['signed', 'ratified', 'endorsed', 'withdrew', 'acceded', 'signed', 'ratified', 'endorsed', 'signed', 'approved'];
  const path = `/v1/agreements/${agreement.id}/actions`;
  freezeClock();
  const rows: Item[] = [];
  for (const [i, actionDate] of dates.entries()) {
    const res = await api.post(path).send({ participantId: kz.id, action: actions[i], actionDate });
    expect(res.status).toBe(201);
    rows.push(res.body as Item);
    // An action of another agreement, which must never show in this list.
    if (i % 3 === 0) expect((await api.post(`/v1/agreements/${other.id}/actions`).send({ participantId: kz.id, action: 'signed' })).status).toBe(201);
    if (i % 2 === 1) tick();
  }
  vi.useRealTimers();
  return { path, rows };
}

async function seedParticipations(): Promise<{ path: string; rows: Item[] }> {
  const summit = await createSummit(api);
  const other = await createSummit(api, { name: 'Other' });
  const members = await bulk(
    '/v1/participants',
    Array.from({ length: 8 }, (_, i) => ({ kind: 'organization', name: `Member ${i}` })),
  );
  const path = `/v1/summits/${summit.id}/participants`;
  freezeClock();
  const rows: Item[] = [];
  // Put in an order that differs from the participant ids' order, so createdAt and id disagree.
  for (const [i, index] of [5, 2, 7, 0, 3, 6, 1, 4].entries()) {
    const res = await api.put(`${path}/${members[index]!.id}`).send({ role: 'member' });
    expect(res.status).toBe(201);
    // As the list shows it: with the office held on the summit's date (none: these are organizations).
    rows.push({ ...res.body, officeHeld: null } as Item);
    if (index % 2 === 0) expect((await api.put(`/v1/summits/${other.id}/participants/${members[index]!.id}`).send({ role: 'guest' })).status).toBe(201);
    if (i % 3 === 2) tick();
  }
  vi.useRealTimers();
  return { path, rows };
}

/* ---------- sorting and paging ---------- */

const COLLECTIONS: {
  name: string;
  seed: () => Promise<{ path: string; rows: Item[] }>;
  sorts: (string | undefined)[];
  idOf?: (row: Item) => string;
}[] = [
  {
    name: 'participants',
    seed: async () => ({ path: '/v1/participants', rows: await seedParticipants() }),
    sorts: [undefined, 'name', '-name', 'createdAt', '-createdAt', 'name,-createdAt', '-name,createdAt'],
  },
  {
    name: 'summits',
    seed: async () => ({ path: '/v1/summits', rows: await seedSummits() }),
    sorts: [
      undefined,
      'startDate',
      '-startDate',
      'name',
      '-name',
      'createdAt',
      '-createdAt',
      '-startDate,name',
      'startDate,-name',
      'name,startDate',
      '-name,-startDate,createdAt',
    ],
  },
  {
    name: 'agreements',
    seed: async () => ({ path: '/v1/agreements', rows: await seedAgreements() }),
    sorts: [undefined, 'adoptedDate', '-adoptedDate', 'title', '-title', 'createdAt', '-createdAt', '-adoptedDate,title', 'title,-adoptedDate'],
  },
  {
    name: 'commitments',
    seed: async () => ({ path: '/v1/commitments', rows: await seedCommitments() }),
    sorts: [
      undefined,
      'dueDate',
      '-dueDate',
      'madeDate',
      '-madeDate',
      'createdAt',
      '-createdAt',
      'dueDate,-madeDate',
      '-madeDate,dueDate',
      '-dueDate,-madeDate,createdAt',
    ],
  },
  {
    name: 'agreement actions',
    seed: seedActions,
    sorts: [undefined, 'actionDate', '-actionDate', 'createdAt', '-createdAt', 'actionDate,-createdAt', '-actionDate,createdAt'],
  },
  {
    name: 'summit participations',
    seed: seedParticipations,
    sorts: [undefined, 'createdAt', '-createdAt'],
    idOf: (row) => row.participantId as string,
  },
];

describe.each(COLLECTIONS)('GET $name sorted and paged', ({ seed, sorts, idOf }) => {
  const cases = sorts.flatMap((sort) => [2, 3].map((limit) => ({ sort, limit })));
  it.each(cases)(
    'when sorted by $sort and every page of $limit is followed, then the pages concatenate to the full order once each',
    async ({ sort, limit }) => {
      const { path, rows } = await seed();
      const query = sort === undefined ? `limit=${limit}` : `sort=${enc(sort)}&limit=${limit}`;
      const { rows: walked, pages } = await walk(`${path}?${query}`);
      const expected = expectedOrder(rows, sort, idOf);
      const key = idOf ?? ((r: Item) => r.id);
      expect(walked.map(key)).toEqual(expected.map(key));
      expect(new Set(walked.map(key)).size).toBe(rows.length);
      expect(walked).toEqual(expected);
      expect(pages).toHaveLength(Math.ceil(rows.length / limit));
    },
  );
});

describe('GET lists: the sort data has the ties and nulls the paging tests rely on', () => {
  it('when the seeds are made, then sort fields repeat, hold nulls and createdAt repeats', async () => {
    const summits = await seedSummits();
    const count = (values: unknown[]) => values.length - new Set(values).size;
    expect(summits.filter((s) => s.startDate === null).length).toBeGreaterThan(1);
    expect(count(summits.map((s) => s.startDate))).toBeGreaterThan(3);
    expect(count(summits.map((s) => s.name))).toBeGreaterThan(3);
    expect(count(summits.map((s) => s.createdAt))).toBeGreaterThan(3);
  });
});

describe('GET lists: the next-page link', () => {
  it('when the client sends Host: evil.example, then the Link header is relative and names no host', async () => {
    for (let i = 0; i < 3; i++) await createSummit(api, { name: `Summit ${i}` });
    const res = await api.get('/v1/summits?limit=2&sort=name').set('Host', 'evil.example').expect(200);
    expect(res.headers.link).toBe(`</v1/summits?limit=2&sort=name&cursor=${res.body.nextCursor}>; rel="next"`);
    expect(res.headers.link).not.toContain('evil');
  });

  it('when a public base URL is configured, then the Link header is absolute under it, whatever Host says', async () => {
    const configured = makeApp(undefined, { publicBaseUrl: 'https://api.example.org/tracker' }).api;
    for (let i = 0; i < 3; i++) await createSummit(configured, { name: `Summit ${i}` });
    const res = await configured.get('/v1/summits?limit=2').set('Host', 'evil.example').expect(200);
    expect(res.headers.link).toBe(`<https://api.example.org/tracker/v1/summits?limit=2&cursor=${res.body.nextCursor}>; rel="next"`);
  });

  it('when a CSV page has more, then its Link is relative too', async () => {
    for (let i = 0; i < 3; i++) await createSummit(api, { name: `Summit ${i}` });
    const res = await api.get('/v1/summits?limit=2&format=csv').set('Host', 'evil.example').expect(200);
    expect(res.headers.link).toMatch(/^<\/v1\/summits\?limit=2&format=csv&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
  });
});

describe('GET lists: default order and rows written while paging', () => {
  it('when no sort is given, then the list is newest first (-createdAt, then id descending)', async () => {
    const first = await createSummit(api, { name: 'First' });
    const second = await createSummit(api, { name: 'Second' });
    const third = await createSummit(api, { name: 'Third' });
    const res = await api.get('/v1/summits');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [third, second, first], hasMore: false, nextCursor: null });
    expect(res.headers.link).toBeUndefined();
  });

  it('when rows are created between pages of the default order, then no row is repeated or skipped', async () => {
    const rows = await seedSummits();
    const expected = ids(expectedOrder(rows, undefined));
    const seen: string[] = [];
    let res = await api.get('/v1/summits?limit=3');
    seen.push(...ids(res.body.data));
    while (res.body.hasMore) {
      await createSummit(api, { name: 'Astana' });
      await bulk('/v1/summits', [{ name: 'Tokyo', kind: 'other' }, { name: 'Aaa', kind: 'other' }]);
      res = await api.get(`/v1/summits?limit=3&cursor=${res.body.nextCursor}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res.body.data));
    }
    expect(seen).toEqual(expected);
  });

  it('when rows are created between pages sorted by createdAt ascending, then old rows come once and new ones once at the end', async () => {
    const rows = await seedSummits();
    const seen: string[] = [];
    const added: string[] = [];
    let res = await api.get('/v1/summits?sort=createdAt&limit=4');
    seen.push(...ids(res.body.data));
    while (res.body.hasMore) {
      if (added.length < 4) added.push((await createSummit(api, { name: `New ${added.length}` })).id);
      res = await api.get(`/v1/summits?sort=createdAt&limit=4&cursor=${res.body.nextCursor}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res.body.data));
    }
    expect(seen).toEqual([...ids(expectedOrder(rows, 'createdAt')), ...added]);
  });

  it('when rows are created between pages sorted by name, then rows before the cursor never show and rows after it show once', async () => {
    const rows = await seedSummits();
    let res = await api.get('/v1/summits?sort=name&limit=4');
    const seen = ids(res.body.data);
    const before = await createSummit(api, { name: 'Aaaa' });
    const after = await createSummit(api, { name: 'Zzzz' });
    while (res.body.hasMore) {
      res = await api.get(`/v1/summits?sort=name&limit=4&cursor=${res.body.nextCursor}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res.body.data));
    }
    expect(seen).toEqual([...ids(expectedOrder(rows, 'name')), after.id]);
    expect(seen).not.toContain(before.id);
  });

  it('when the last row of a page is deleted before the next page, then paging continues after it', async () => {
    const rows = await seedSummits();
    const expected = ids(expectedOrder(rows, '-startDate,name'));
    const first = await api.get('/v1/summits?sort=-startDate,name&limit=3');
    expect(ids(first.body.data)).toEqual(expected.slice(0, 3));
    expect((await api.delete(`/v1/summits/${expected[2]}`)).status).toBe(204);
    const { rows: rest } = await walk(`/v1/summits?sort=-startDate,name&limit=3&cursor=${first.body.nextCursor}`);
    expect(ids(rest)).toEqual(expected.slice(3));
  });

  it('when a page ends exactly at the last row, then hasMore is false and there is no Link', async () => {
    await bulk('/v1/summits', [{ name: 'A', kind: 'other' }, { name: 'B', kind: 'other' }, { name: 'C', kind: 'other' }, { name: 'D', kind: 'other' }]);
    const first = await api.get('/v1/summits?limit=2');
    expect(first.body.hasMore).toBe(true);
    const second = await api.get(`/v1/summits?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ hasMore: false, nextCursor: null });
    expect(second.body.data).toHaveLength(2);
    expect(second.headers.link).toBeUndefined();
  });

  it('when the list is empty, then data is empty, hasMore false and nextCursor null', async () => {
    const res = await api.get('/v1/agreements?sort=title&limit=2');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], hasMore: false, nextCursor: null });
  });

  it('when a cursor is reused with another limit, fields or expand, then it continues the same list', async () => {
    const rows = await seedSummits();
    const expected = ids(expectedOrder(rows, 'name'));
    const first = await api.get('/v1/summits?sort=name&limit=2');
    const second = await api.get(`/v1/summits?sort=name&limit=5&fields=name&expand=agreements&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(ids(second.body.data)).toEqual(expected.slice(2, 7));
    expect(Object.keys(second.body.data[0]).sort()).toEqual(['agreements', 'id', 'name']);
  });

  it('when a filtered list is paged, then the pages hold exactly the matching rows in order', async () => {
    const rows = await seedSummits();
    const { rows: walked } = await walk(`/v1/summits?startDate=gte.2024&sort=${enc('-startDate,name')}&limit=2`);
    const matching = rows.filter((r) => r.startDate !== null && (r.startDate as string) >= '2024');
    expect(ids(walked)).toEqual(ids(expectedOrder(matching, '-startDate,name')));
  });
});

/* ---------- cursors and sort errors ---------- */

describe('GET lists: cursors that do not belong to the request', () => {
  async function firstCursor(path: string): Promise<string> {
    const res = await api.get(path);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    return res.body.nextCursor as string;
  }

  it.each([
    ['other filters', '/v1/summits?kind=leaders_summit&limit=2', '/v1/summits?kind=other&limit=2'],
    ['the filters dropped', '/v1/summits?kind=leaders_summit&limit=2', '/v1/summits?limit=2'],
    ['a changed filter operator', '/v1/summits?startDate=gte.2021&limit=2', '/v1/summits?startDate=gt.2021&limit=2'],
    ['a different sort', '/v1/summits?sort=name&limit=2', '/v1/summits?sort=-name&limit=2'],
    ['another sort field', '/v1/summits?sort=name&limit=2', '/v1/summits?sort=startDate&limit=2'],
    ['an added sort key', '/v1/summits?sort=name&limit=2', '/v1/summits?sort=name,startDate&limit=2'],
    ['the sort dropped', '/v1/summits?sort=createdAt&limit=2', '/v1/summits?limit=2'],
    ['a different q', '/v1/summits?q=astana&limit=2', '/v1/summits?q=tokyo&limit=2'],
    ['q dropped', '/v1/summits?q=astana&limit=2', '/v1/summits?limit=2'],
    ['q added', '/v1/summits?limit=2', '/v1/summits?q=astana&limit=2'],
    ['another collection with the same sort', '/v1/summits?sort=createdAt&limit=2', '/v1/participants?sort=createdAt&limit=2'],
  ])('when a cursor is reused with %s, then 400 names cursor', async (_case, from, to) => {
    await bulk('/v1/summits', Array.from({ length: 5 }, (_, i) => ({ name: `Astana Tokyo ${i}`, kind: 'leaders_summit', startDate: `202${i}` })));
    await bulk('/v1/summits', [{ name: 'Astana Tokyo', kind: 'other' }]);
    await bulk('/v1/agreements', Array.from({ length: 3 }, (_, i) => ({ title: `Agreement ${i}`, type: 'mou' })));
    await bulk('/v1/participants', Array.from({ length: 3 }, (_, i) => ({ kind: 'organization', name: `Org ${i}` })));
    const cursor = await firstCursor(from);
    const res = await api.get(`${to}&cursor=${cursor}`);
    expectProblem(res, 400, 'invalid_parameter', ['cursor']);
  });

  it('when the same filters are given in another parameter order, then the cursor is still accepted', async () => {
    await bulk('/v1/summits', Array.from({ length: 5 }, (_, i) => ({ name: `S${i}`, kind: 'leaders_summit', startDate: `202${i}` })));
    const cursor = await firstCursor('/v1/summits?kind=leaders_summit&startDate=gte.2021&limit=2');
    const res = await api.get(`/v1/summits?startDate=gte.2021&limit=2&kind=leaders_summit&cursor=${cursor}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
  });

  describe('forged or garbled cursors', () => {
    async function realCursor(): Promise<{ cursor: string; f: string; k: unknown[] }> {
      await bulk('/v1/summits', Array.from({ length: 4 }, (_, i) => ({ name: `S${i}`, kind: 'other' })));
      const cursor = await firstCursor('/v1/summits?limit=2');
      return { cursor, ...decodeCursor(cursor) };
    }

    it.each([
      ['random text', () => 'garbage'],
      ['characters outside base64url', () => '!!!***'],
      ['base64 of text that is not JSON', () => b64('not json at all')],
      ['base64 of a JSON array', () => b64([1, 2])],
      ['base64 of JSON null', () => b64(null)],
      ['a foreign fingerprint', () => b64({ f: 'someone-elses-list', k: ['2024-01-01T00:00:00.000Z', 'smt_x'] })],
    ])('when the cursor is %s, then 400 names cursor', async (_case, make) => {
      await realCursor();
      expectProblem(await api.get(`/v1/summits?limit=2&cursor=${enc(make())}`), 400, 'invalid_parameter', ['cursor']);
    });

    it('when the cursor is over 2,000 characters, then 400 says it is too long', async () => {
      const res = await api.get(`/v1/summits?limit=2&cursor=${'A'.repeat(2001)}`);
      expectProblem(res, 400, 'invalid_parameter', ['cursor']);
      expect(res.body.errors).toEqual([{ parameter: 'cursor', detail: 'is too long: a cursor this service issues has at most 2000 characters' }]);
    });

    it('when a real cursor is truncated, then 400 names cursor', async () => {
      const { cursor } = await realCursor();
      expectProblem(await api.get(`/v1/summits?limit=2&cursor=${cursor.slice(0, cursor.length - 5)}`), 400, 'invalid_parameter', ['cursor']);
    });

    it('when a real cursor has its keys dropped or extended, then 400 names cursor', async () => {
      const { f, k } = await realCursor();
      for (const keys of [[], [k[0]], [...k, 'extra']]) {
        expectProblem(await api.get(`/v1/summits?limit=2&cursor=${b64({ f, k: keys })}`), 400, 'invalid_parameter', ['cursor']);
      }
    });

    it('when a real cursor has an object or array as key value, then 400 names cursor', async () => {
      const { f, k } = await realCursor();
      for (const bad of [{ a: 1 }, [1]]) {
        expectProblem(await api.get(`/v1/summits?limit=2&cursor=${b64({ f, k: [bad, k[1]] })}`), 400, 'invalid_parameter', ['cursor']);
      }
    });

    it('when a real cursor has a boolean key value, then the answer is a 400 and never a 500', async () => {
      const { f, k } = await realCursor();
      const res = await api.get(`/v1/summits?limit=2&cursor=${b64({ f, k: [true, k[1]] })}`);
      expectProblem(res, 400, 'invalid_parameter', ['cursor']);
    });
  });
});

describe('GET lists: sort parameter errors', () => {
  it.each([
    ['/v1/summits?sort=location', 'a field that is not whitelisted'],
    ['/v1/summits?sort=id', 'the id'],
    ['/v1/summits?sort=nope', 'an unknown field'],
    ['/v1/summits?sort=-nope,name', 'an unknown descending field among known ones'],
    ['/v1/summits?sort=', 'an empty value'],
    ['/v1/summits?sort=name,', 'a trailing comma'],
    ['/v1/summits?sort=%2Bname', 'a + prefix'],
    ['/v1/summits?sort=--name', 'a double minus'],
    ['/v1/summits?sort=name,name', 'a field named twice'],
    ['/v1/summits?sort=name,-name', 'a field named twice in both directions'],
    ['/v1/summits?sort=-startDate,name,-startDate', 'a field named twice among others'],
    ['/v1/summits?sort=name&sort=startDate', 'the parameter given twice'],
    ['/v1/participants?sort=startDate', 'another collection’s field'],
    ['/v1/agreements?sort=name', 'another collection’s field'],
    ['/v1/commitments?sort=title', 'another collection’s field'],
    ['/v1/commitments?sort=dueDate,dueDate', 'a field named twice'],
  ])('when GET %s (%s), then 400 names sort', async (url) => {
    expectProblem(await api.get(url), 400, 'invalid_parameter', ['sort']);
  });

  it('when the sort of agreement actions names an unknown field, then 400 names sort', async () => {
    const a = await createAgreement(api);
    expectProblem(await api.get(`/v1/agreements/${a.id}/actions?sort=action`), 400, 'invalid_parameter', ['sort']);
    expectProblem(await api.get(`/v1/agreements/${a.id}/actions?sort=actionDate,-actionDate`), 400, 'invalid_parameter', ['sort']);
  });

  it('when a sort is bad and so is the limit, then both are reported at once', async () => {
    expectProblem(await api.get('/v1/summits?sort=nope&limit=0'), 400, 'invalid_parameter', ['sort', 'limit']);
  });
});

/* ---------- counts ---------- */

describe('GET lists: Prefer: count=exact', () => {
  async function seed() {
    await bulk('/v1/summits', [
      ...Array.from({ length: 5 }, (_, i) => ({ name: `Hydrogen forum ${i}`, kind: 'leaders_summit' })),
      ...Array.from({ length: 3 }, (_, i) => ({ name: `Water forum ${i}`, kind: 'other' })),
      { name: 'Hydrogen working group', kind: 'working_group' },
    ]);
  }

  it('when a filtered list is asked with count=exact, then totalCount is the full filtered count on every page', async () => {
    await seed();
    const { pages } = await walk('/v1/summits?kind=leaders_summit&limit=2', { Prefer: 'count=exact' });
    expect(pages).toHaveLength(3);
    for (const page of pages) expect(page.totalCount).toBe(5);
    const res = await api.get('/v1/summits?kind=leaders_summit&limit=2').set('Prefer', 'count=exact');
    expect(res.headers['preference-applied']).toBe('count=exact');
    expect(res.body.data).toHaveLength(2);
  });

  it('when the whole collection is counted, then totalCount counts every row', async () => {
    await seed();
    const res = await api.get('/v1/summits?limit=1').set('Prefer', 'count=exact');
    expect(res.body).toMatchObject({ totalCount: 9, hasMore: true });
    expect(res.headers['preference-applied']).toBe('count=exact');
  });

  it('when a search is counted, then totalCount is the number of hits with the filters', async () => {
    await seed();
    const res = await api.get('/v1/summits?q=hydrogen&limit=2').set('Prefer', 'count=exact');
    expect(res.body.totalCount).toBe(6);
    const filtered = await api.get('/v1/summits?q=hydrogen&kind=working_group&limit=2').set('Prefer', 'count=exact');
    expect(filtered.body).toMatchObject({ totalCount: 1, hasMore: false });
  });

  it('when nothing matches, then totalCount is 0', async () => {
    await seed();
    const res = await api.get('/v1/summits?kind=ministerial_meeting').set('Prefer', 'count=exact');
    expect(res.body).toEqual({ data: [], hasMore: false, nextCursor: null, totalCount: 0 });
  });

  it('when count=exact comes with other preferences, then it is still applied', async () => {
    await seed();
    const res = await api.get('/v1/summits?limit=2').set('Prefer', 'return=minimal, count=exact');
    expect(res.body.totalCount).toBe(9);
    expect(res.headers['preference-applied']).toBe('count=exact');
  });

  it('when no Prefer is sent, or another count preference, then there is no totalCount and no Preference-Applied', async () => {
    await seed();
    for (const prefer of [undefined, 'count=estimated', 'count=exactly']) {
      const req = api.get('/v1/summits?limit=2');
      const res = prefer ? await req.set('Prefer', prefer) : await req;
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('totalCount');
      expect(res.headers['preference-applied']).toBeUndefined();
    }
  });

  it('when sub-collections are counted, then totalCount counts only that parent’s rows', async () => {
    const { path, rows } = await seedActions();
    const res = await api.get(`${path}?limit=2`).set('Prefer', 'count=exact');
    expect(res.body.totalCount).toBe(rows.length);
    const signed = await api.get(`${path}?action=signed&limit=1`).set('Prefer', 'count=exact');
    expect(signed.body.totalCount).toBe(rows.filter((r) => r.action === 'signed').length);
    const participations = await seedParticipations();
    const p = await api.get(`${participations.path}?limit=2`).set('Prefer', 'count=exact');
    expect(p.body.totalCount).toBe(participations.rows.length);
  });
});

/* ---------- fields ---------- */

describe('GET lists and reads: fields', () => {
  it('when fields=id,name is asked, then each item has only id and name', async () => {
    const rows = await seedSummits();
    const res = await api.get('/v1/summits?fields=id,name&sort=name');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(expectedOrder(rows, 'name').map((r) => ({ id: r.id, name: r.name })));
  });

  it('when fields omits id, then id is still included', async () => {
    const summit = await createSummit(api, { name: 'Astana', startDate: '2024' });
    const res = await api.get('/v1/summits?fields=name,startDate');
    expect(res.body.data).toEqual([{ id: summit.id, name: 'Astana', startDate: '2024' }]);
  });

  it('when fields names a null member, then it is present as null', async () => {
    const summit = await createSummit(api);
    const res = await api.get('/v1/summits?fields=location');
    expect(res.body.data).toEqual([{ id: summit.id, location: null }]);
  });

  it.each([
    ['/v1/participants', 'name,kind', async () => createCountry(api, { name: 'Japan' })],
    ['/v1/agreements', 'title,themes', async () => createAgreement(api, { themes: ['energy'] })],
  ])('when %s is listed with fields=%s, then only those and id are returned', async (path, fields, make) => {
    const created = await make();
    const res = await api.get(`${path}?fields=${fields}`);
    const wanted = ['id', ...fields.split(',')];
    expect(res.body.data).toEqual([Object.fromEntries(wanted.map((f) => [f, created[f]]))]);
  });

  it('when commitments are listed with fields=parties,progressStatus, then those derived members come back', async () => {
    const japan = await createCountry(api);
    const summit = await createSummit(api);
    const c = await createCommitment(api, { summitId: summit.id, parties: [{ participantId: japan.id, role: 'pledger' }] });
    const res = await api.get('/v1/commitments?fields=parties,progressStatus');
    expect(res.body.data).toEqual([{ id: c.id, parties: [{ participantId: japan.id, role: 'pledger' }], progressStatus: 'not_yet_rated' }]);
  });

  it('when participations are listed with fields=role, then the summit and participant ids stay as their key', async () => {
    const summit = await createSummit(api);
    const japan = await createCountry(api);
    await api.put(`/v1/summits/${summit.id}/participants/${japan.id}`).send({ role: 'host' });
    const res = await api.get(`/v1/summits/${summit.id}/participants?fields=role`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([{ summitId: summit.id, participantId: japan.id, role: 'host' }]);
  });

  it('when fields is used while paging, then every page is projected', async () => {
    const rows = await seedAgreements();
    const { rows: walked } = await walk('/v1/agreements?fields=title&sort=title&limit=3');
    expect(walked).toEqual(expectedOrder(rows, 'title').map((r) => ({ id: r.id, title: r.title })));
  });

  it.each([
    ['/v1/summits?fields=name,nope', 'an unknown field'],
    ['/v1/summits?fields=title', 'another collection’s field'],
    ['/v1/summits?fields=', 'an empty list'],
    ['/v1/summits?fields=name,', 'a trailing comma'],
    ['/v1/summits?fields=participants', 'an expansion name'],
    ['/v1/summits?fields=name&fields=id', 'the parameter twice'],
  ])('when GET %s (%s), then 400 names fields', async (url) => {
    await createSummit(api);
    expectProblem(await api.get(url), 400, 'invalid_parameter', ['fields']);
  });

  it('when a single summit is read with fields=name, then only id and name come back, with its ETag', async () => {
    const summit = await createSummit(api, { name: 'Astana', location: 'Astana' });
    const res = await api.get(`/v1/summits/${summit.id}?fields=name`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: summit.id, name: 'Astana' });
    expect(res.headers.etag).toBe('"1"');
  });

  it.each([
    ['participants', async () => createCountry(api, { name: 'Japan' }), 'name,iso3'],
    ['agreements', async () => createAgreement(api, { adoptedDate: '2024' }), 'title,adoptedDate'],
  ])('when a single %s item is read with fields, then only those members and id come back', async (collection, make, fields) => {
    const created = await make();
    const res = await api.get(`/v1/${collection}/${created.id}?fields=${fields}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(Object.fromEntries(['id', ...fields.split(',')].map((f) => [f, created[f]])));
  });

  it('when a single read names an unknown field, then 400 names fields', async () => {
    const summit = await createSummit(api);
    expectProblem(await api.get(`/v1/summits/${summit.id}?fields=name,nope`), 400, 'invalid_parameter', ['fields']);
    const commitmentRes = await api.get(`/v1/commitments/${missingId('cmt')}?fields=nope`);
    expect([400, 404]).toContain(commitmentRes.status);
  });

  it('when a single action is read with fields, then only those members and id come back', async () => {
    const { path, rows } = await seedActions();
    const action = rows[1]!;
    const res = await api.get(`${path}/${action.id}?fields=action,actionDate`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: action.id, action: action.action, actionDate: action.actionDate });
  });
});

/* ---------- expand ---------- */

describe('GET lists and reads: expand', () => {
  async function read(path: string): Promise<Item> {
    const res = await api.get(path);
    expect(res.status).toBe(200);
    return res.body as Item;
  }

  it('when participants are listed with expand=affiliation, then each has its affiliation or null', async () => {
    const japan = await createCountry(api, { name: 'Japan' });
    const pm = await createParticipant(api, { kind: 'person', name: 'Prime Minister', affiliationId: japan.id });
    const loner = await createParticipant(api, { kind: 'person', name: 'Independent' });
    const res = await api.get('/v1/participants?expand=affiliation');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { ...loner, affiliation: null },
      { ...pm, affiliation: japan },
      { ...japan, affiliation: null },
    ]);
    const single = await api.get(`/v1/participants/${pm.id}?expand=affiliation`);
    expect(single.body).toEqual({ ...pm, affiliation: japan });
    expect((await api.get(`/v1/participants/${pm.id}`)).body).not.toHaveProperty('affiliation');
  });

  async function summitWithEverything() {
    const summit = await createSummit(api, { name: 'Astana summit' });
    const empty = await createSummit(api, { name: 'Empty summit' });
    const japan = await createCountry(api, { name: 'Japan' });
    const kz = await createCountry(api, { name: 'Kazakhstan' });
    await api.put(`/v1/summits/${summit.id}/participants/${kz.id}`).send({ role: 'host' });
    await api.put(`/v1/summits/${summit.id}/participants/${japan.id}`).send({ role: 'member', level: 'head_of_state_or_government' });
    const agreement = await createAgreement(api, { title: 'Astana declaration', summitId: summit.id, themes: ['energy'] });
    const commitment = await createCommitment(api, {
      summitId: summit.id,
      agreementId: agreement.id,
      parties: [
        { participantId: japan.id, role: 'pledger' },
        { participantId: kz.id, role: 'beneficiary' },
      ],
    });
    const participations = (await api.get(`/v1/summits/${summit.id}/participants?sort=createdAt`)).body.data as Item[];
    return { summit, empty, japan, kz, agreement, commitment, participations };
  }

  it('when summits are listed with expand=participants,agreements,commitments, then each has them as arrays', async () => {
    const s = await summitWithEverything();
    const res = await api.get('/v1/summits?expand=participants,agreements,commitments');
    expect(res.status).toBe(200);
    const byId = new Map((res.body.data as Item[]).map((item) => [item.id, item]));
    const agreement = await read(`/v1/agreements/${s.agreement.id}`);
    const commitment = await read(`/v1/commitments/${s.commitment.id}`);
    expect(byId.get(s.summit.id)).toEqual({
      ...(await read(`/v1/summits/${s.summit.id}`)),
      participants: [
        { ...s.participations[0], participant: s.kz },
        { ...s.participations[1], participant: s.japan },
      ],
      agreements: [agreement],
      commitments: [commitment],
    });
    expect(byId.get(s.empty.id)).toEqual({ ...s.empty, participants: [], agreements: [], commitments: [] });
  });

  it('when a single summit is read with expand=participants, then the participations carry their participant', async () => {
    const s = await summitWithEverything();
    const res = await api.get(`/v1/summits/${s.summit.id}?expand=participants`);
    expect(res.status).toBe(200);
    expect(res.body.participants).toEqual([
      { ...s.participations[0], participant: s.kz },
      { ...s.participations[1], participant: s.japan },
    ]);
    expect(res.body).not.toHaveProperty('agreements');
  });

  it('when agreements are listed with expand=summit,parties, then the summit is an object or null and parties are the standings', async () => {
    const s = await summitWithEverything();
    const loose = await createAgreement(api, { title: 'Loose' });
    const actions = `/v1/agreements/${s.agreement.id}/actions`;
    expect((await api.post(actions).send({ participantId: s.kz.id, action: 'signed', actionDate: '2024-01' })).status).toBe(201);
    expect((await api.post(actions).send({ participantId: s.kz.id, action: 'ratified', actionDate: '2024-06' })).status).toBe(201);
    expect((await api.post(actions).send({ participantId: s.japan.id, action: 'endorsed', actionDate: '2024-02' })).status).toBe(201);
    const standings = (await api.get(`/v1/agreements/${s.agreement.id}/parties`)).body.data as Item[];
    expect(standings).toHaveLength(2);
    const res = await api.get('/v1/agreements?expand=summit,parties');
    expect(res.status).toBe(200);
    const summit = await read(`/v1/summits/${s.summit.id}`);
    // The contract does not fix the order of the embedded standings: compare them as a set.
    expect(res.body.data).toEqual([
      { ...loose, summit: null, parties: [] },
      { ...(await read(`/v1/agreements/${s.agreement.id}`)), summit, parties: expect.arrayContaining(standings) },
    ]);
    expect(res.body.data[1].parties).toHaveLength(standings.length);
    const single = await api.get(`/v1/agreements/${s.agreement.id}?expand=parties`);
    expect(single.body.parties).toHaveLength(standings.length);
    expect(single.body.parties).toEqual(expect.arrayContaining(standings));
    expect(single.body.parties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ participantId: s.kz.id, status: 'party', actions: 2 }),
        expect.objectContaining({ participantId: s.japan.id, status: 'endorsed', actions: 1 }),
      ]),
    );
  });

  it('when commitments are listed with expand=summit,agreement,parties, then each party carries its participant', async () => {
    const s = await summitWithEverything();
    const onlyAgreement = await createCommitment(api, {
      text: 'Agreement only',
      agreementId: s.agreement.id,
      parties: [{ participantId: s.kz.id, role: 'pledger' }],
    });
    const onlySummit = await createCommitment(api, {
      text: 'Summit only',
      summitId: s.summit.id,
      parties: [{ participantId: s.japan.id, role: 'pledger' }],
    });
    const res = await api.get('/v1/commitments?expand=summit,agreement,parties');
    expect(res.status).toBe(200);
    const summit = await read(`/v1/summits/${s.summit.id}`);
    const agreement = await read(`/v1/agreements/${s.agreement.id}`);
    expect(res.body.data).toEqual([
      {
        ...onlySummit,
        summit,
        agreement: null,
        parties: [{ participantId: s.japan.id, role: 'pledger', participant: s.japan }],
      },
      {
        ...onlyAgreement,
        summit: null,
        agreement,
        parties: [{ participantId: s.kz.id, role: 'pledger', participant: s.kz }],
      },
      {
        ...s.commitment,
        summit,
        agreement,
        parties: [
          { participantId: s.japan.id, role: 'pledger', participant: s.japan },
          { participantId: s.kz.id, role: 'beneficiary', participant: s.kz },
        ],
      },
    ]);
    const single = await api.get(`/v1/commitments/${onlyAgreement.id}?expand=summit,agreement`);
    expect(single.body).toEqual({ ...onlyAgreement, summit: null, agreement });
  });

  it('when agreement actions are listed with expand=participant, then each carries its participant', async () => {
    const kz = await createCountry(api, { name: 'Kazakhstan' });
    const jp = await createCountry(api, { name: 'Japan' });
    const a = await createAgreement(api);
    const first = (await api.post(`/v1/agreements/${a.id}/actions`).send({ participantId: kz.id, action: 'signed' })).body;
    const second = (await api.post(`/v1/agreements/${a.id}/actions`).send({ participantId: jp.id, action: 'endorsed' })).body;
    const res = await api.get(`/v1/agreements/${a.id}/actions?expand=participant`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { ...second, participant: jp },
      { ...first, participant: kz },
    ]);
    const single = await api.get(`/v1/agreements/${a.id}/actions/${first.id}?expand=participant`);
    expect(single.status).toBe(200);
    expect(single.body).toEqual({ ...first, participant: kz });
  });

  it('when participations are listed with expand=participant, then each carries its participant', async () => {
    const s = await summitWithEverything();
    const res = await api.get(`/v1/summits/${s.summit.id}/participants?expand=participant&sort=createdAt`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { ...s.participations[0], participant: s.kz },
      { ...s.participations[1], participant: s.japan },
    ]);
  });

  it('when a single participation is read with expand=participant, then it carries its participant', async () => {
    const s = await summitWithEverything();
    const res = await api.get(`/v1/summits/${s.summit.id}/participants/${s.kz.id}?expand=participant`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...s.participations[0], participant: s.kz });
  });

  it.each([
    ['/v1/summits?expand=nope', 'an unknown name'],
    ['/v1/summits?expand=participants,nope', 'an unknown name among known ones'],
    ['/v1/summits?expand=summit', 'another collection’s expansion'],
    ['/v1/participants?expand=participants', 'another collection’s expansion'],
    ['/v1/agreements?expand=commitments', 'an expansion not offered'],
    ['/v1/commitments?expand=progress,nope', 'an unknown name'],
    ['/v1/summits?expand=', 'an empty value'],
  ])('when GET %s (%s), then 400 names expand', async (url) => {
    expectProblem(await api.get(url), 400, 'invalid_parameter', ['expand']);
  });

  it('when a single read asks an unknown expansion, then 400 names expand', async () => {
    const summit = await createSummit(api);
    expectProblem(await api.get(`/v1/summits/${summit.id}?expand=nope`), 400, 'invalid_parameter', ['expand']);
    const kz = await createCountry(api);
    expectProblem(await api.get(`/v1/participants/${kz.id}?expand=summit`), 400, 'invalid_parameter', ['expand']);
  });

  it('when sub-collections are asked an unknown expansion, then 400 names expand', async () => {
    const s = await summitWithEverything();
    expectProblem(await api.get(`/v1/summits/${s.summit.id}/participants?expand=summit`), 400, 'invalid_parameter', ['expand']);
    expectProblem(await api.get(`/v1/agreements/${s.agreement.id}/actions?expand=agreement`), 400, 'invalid_parameter', ['expand']);
  });

  it('when expand and fields are used together on a list, then only the fields, id and the expansion are returned', async () => {
    const s = await summitWithEverything();
    const res = await api.get(`/v1/summits?fields=name&expand=agreements&sort=name`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { id: s.summit.id, name: 'Astana summit', agreements: [await read(`/v1/agreements/${s.agreement.id}`)] },
      { id: s.empty.id, name: 'Empty summit', agreements: [] },
    ]);
    const commitments = await api.get('/v1/commitments?fields=text&expand=summit');
    expect(commitments.body.data).toEqual([{ id: s.commitment.id, text: s.commitment.text, summit: await read(`/v1/summits/${s.summit.id}`) }]);
  });

  it('when expand and fields are used together on a single read, then only the fields, id and the expansion are returned', async () => {
    const s = await summitWithEverything();
    const res = await api.get(`/v1/agreements/${s.agreement.id}?fields=title&expand=summit`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: s.agreement.id, title: 'Astana declaration', summit: await read(`/v1/summits/${s.summit.id}`) });
    const participant = await api.get(`/v1/participants/${s.kz.id}?fields=name&expand=affiliation`);
    expect(participant.body).toEqual({ id: s.kz.id, name: 'Kazakhstan', affiliation: null });
  });

  it('when expand is used while paging, then every page is expanded', async () => {
    const kz = await createCountry(api, { name: 'Kazakhstan' });
    const people = await bulk(
      '/v1/participants',
      Array.from({ length: 5 }, (_, i) => ({ kind: 'person', name: `Person ${i}`, affiliationId: i % 2 ? kz.id : null })),
    );
    const { rows } = await walk('/v1/participants?expand=affiliation&sort=name&limit=2');
    // Sorted by name: Kazakhstan, then Person 0 … Person 4.
    expect(rows).toEqual([{ ...kz, affiliation: null }, ...people.map((p) => ({ ...p, affiliation: p.affiliationId ? kz : null }))]);
  });
});

/* ---------- full-text search on lists ---------- */

describe('GET lists: q full-text search', () => {
  const WORD = 'Zephyrine';

  let summit: Item;
  let japan: Item;
  async function anchors() {
    summit = await createSummit(api, { name: 'Anchor' });
    japan = await createCountry(api, { name: 'Anchorland' });
  }

  /** A valid body of `collection` with `overrides`, and nothing else that could match. */
  function bodyOf(collection: string, overrides: Body): Body {
    switch (collection) {
      case 'summits':
        return { name: 'Plain meeting', kind: 'other', ...overrides };
      case 'agreements':
        return { title: 'Plain statement', type: 'joint_statement', ...overrides };
      case 'commitments':
        return { text: 'Plain pledge', scope: 'collective', summitId: summit.id, parties: [{ participantId: japan.id, role: 'pledger' }], ...overrides };
      default:
        return { kind: 'person', name: 'Plain person', ...overrides };
    }
  }

  it.each([
    ['summits', 'name', `${WORD} summit`],
    ['summits', 'series', `${WORD} series`],
    ['summits', 'description', `A long day, and then ${WORD} talks.`],
    ['summits', 'location', `${WORD} city`],
    ['agreements', 'title', `${WORD} declaration`],
    ['agreements', 'summary', `About ${WORD}`],
    ['agreements', 'text', `Article 1. The parties shall promote ${WORD}.`],
    ['commitments', 'text', `We commit to ${WORD}`],
    ['commitments', 'summary', `${WORD} summary`],
    ['commitments', 'code', `${WORD}-7`],
    ['participants', 'name', `${WORD} Org`],
    ['participants', 'shortName', WORD],
    ['participants', 'title', `Minister of ${WORD}`],
    ['participants', 'description', `Known for ${WORD}`],
  ])('when %s hold the word in %s, then q finds that row and only it', async (collection, field, value) => {
    await anchors();
    const [hit] = await bulk(`/v1/${collection}`, [bodyOf(collection, { [field]: value }), bodyOf(collection, {}), bodyOf(collection, {})]);
    for (const q of [WORD, WORD.toLowerCase(), WORD.toUpperCase()]) {
      const res = await api.get(`/v1/${collection}?q=${q}`);
      expect(res.status).toBe(200);
      expect(ids(res.body.data)).toEqual([hit!.id]);
    }
  });

  it.each([
    ['summits', 'dateNote'],
    ['agreements', 'dateNote'],
  ])('when %s hold the word only in %s, which is not searched, then q does not find it', async (collection, field) => {
    await anchors();
    await bulk(`/v1/${collection}`, [bodyOf(collection, { [field]: `${WORD} note` })]);
    const res = await api.get(`/v1/${collection}?q=${WORD}`);
    expect(res.body.data).toEqual([]);
  });

  it('when q has several words, then only rows holding every word match, in any field', async () => {
    const [both, split] = await bulk('/v1/summits', [
      { name: 'Solar summit', kind: 'other', description: 'wind and more' },
      { name: 'Solar only', kind: 'other', location: 'Wind city' },
      { name: 'Solar day', kind: 'other' },
      { name: 'Wind day', kind: 'other' },
    ]);
    const res = await api.get('/v1/summits?q=solar%20wind');
    expect(ids(res.body.data).sort()).toEqual([both!.id, split!.id].sort());
    expect((await api.get('/v1/summits?q=solar%20wind%20water')).body.data).toEqual([]);
  });

  it('when a word ends with *, then it matches as a prefix, and without * it does not', async () => {
    const [hydrogen, hydropower] = await bulk('/v1/summits', [
      { name: 'Hydrogen forum', kind: 'other' },
      { name: 'Hydropower forum', kind: 'other' },
      { name: 'Hybrid forum', kind: 'other' },
    ]);
    const res = await api.get('/v1/summits?q=hydro*');
    expect(ids(res.body.data).sort()).toEqual([hydrogen!.id, hydropower!.id].sort());
    expect((await api.get('/v1/summits?q=hydro')).body.data).toEqual([]);
    expect(ids((await api.get('/v1/summits?q=hydrog*%20forum')).body.data)).toEqual([hydrogen!.id]);
  });

  it('when the query is a plural and the text a singular, then stemming finds it', async () => {
    await anchors();
    const [one] = await bulk('/v1/commitments', [
      bodyOf('commitments', { text: 'A binding commitment on water' }),
      bodyOf('commitments', { text: 'Unrelated pledge' }),
    ]);
    expect(ids((await api.get('/v1/commitments?q=commitments')).body.data)).toEqual([one!.id]);
    expect(ids((await api.get('/v1/commitments?q=committed')).body.data)).toEqual([one!.id]);
    const agreements = await bulk('/v1/agreements', [{ title: 'Agreements on emissions', type: 'other' }]);
    expect(ids((await api.get('/v1/agreements?q=agreement%20emission')).body.data)).toEqual([agreements[0]!.id]);
  });

  it('when the text has accents the query lacks, then it still matches', async () => {
    const [s] = await bulk('/v1/summits', [{ name: 'Sommet de Genève', kind: 'other' }, { name: 'Other', kind: 'other' }]);
    expect(ids((await api.get('/v1/summits?q=geneve')).body.data)).toEqual([s!.id]);
  });

  it('when the text is Cyrillic and the query in another case, then it matches', async () => {
    const [s] = await bulk('/v1/summits', [{ name: 'Саммит в Астане', kind: 'other' }, { name: 'Other', kind: 'other' }]);
    expect(ids((await api.get(`/v1/summits?q=${enc('АСТАНЕ')}`)).body.data)).toEqual([s!.id]);
  });

  it('when the text is in a script with combining vowel signs (Hindi), then a whole word of it matches', async () => {
    const [india] = await bulk('/v1/participants', [
      { kind: 'organization', name: 'India', description: 'भारत गणराज्य' },
      { kind: 'organization', name: 'Other', description: 'गणराज्य' },
    ]);
    const res = await api.get(`/v1/participants?q=${enc('भारत')}`);
    expect(res.status).toBe(200);
    expect(ids(res.body.data)).toEqual([india!.id]);
  });

  it('when the query is typed in decomposed Unicode (NFD), then it matches the composed text', async () => {
    const [s] = await bulk('/v1/summits', [{ name: 'Sommet de Genève', kind: 'other' }, { name: 'Other', kind: 'other' }]);
    expect(ids((await api.get(`/v1/summits?q=${enc('Genève'.normalize('NFD'))}`)).body.data)).toEqual([s!.id]);
  });

  it('when q has no sort, then rows rank by relevance: many mentions in a short field before one in a long text', async () => {
    const filler = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const [weakFirst, strong, weakLast] = await bulk('/v1/summits', [
      { name: 'Energy forum', kind: 'other', description: `${filler} hydrogen ${filler}` },
      { name: 'Hydrogen hydrogen hydrogen', kind: 'other' },
      { name: 'Energy talks', kind: 'other', description: `${filler} ${filler} hydrogen` },
    ]);
    const res = await api.get('/v1/summits?q=hydrogen');
    expect(res.status).toBe(200);
    expect(ids(res.body.data)[0]).toBe(strong!.id);
    expect(ids(res.body.data).sort()).toEqual([weakFirst!.id, strong!.id, weakLast!.id].sort());
  });

  it('when ranked participants are listed, then the best match comes first', async () => {
    const people = await bulk('/v1/participants', [
      { kind: 'organization', name: 'Agency', description: `${'Various tasks. '.repeat(30)}Climate.` },
      { kind: 'organization', name: 'Climate Climate Council', shortName: 'Climate' },
      { kind: 'organization', name: 'Fund', description: `${'More tasks. '.repeat(30)}Climate.` },
    ]);
    const res = await api.get('/v1/participants?q=climate');
    expect(ids(res.body.data)[0]).toBe(people[1]!.id);
    expect(res.body.data).toHaveLength(3);
  });

  it('when q comes with an explicit sort, then the sort wins over relevance', async () => {
    const rows = await bulk('/v1/summits', [
      { name: 'Beta', kind: 'other', description: 'hydrogen once in a longer description of the meeting' },
      { name: 'Gamma hydrogen hydrogen', kind: 'other' },
      { name: 'Alpha', kind: 'other', location: 'hydrogen valley', startDate: '2020' },
      { name: 'Delta', kind: 'other' },
    ]);
    const hits = rows.filter((r) => r.name !== 'Delta');
    const byName = await api.get('/v1/summits?q=hydrogen&sort=name');
    expect(ids(byName.body.data)).toEqual(ids(expectedOrder(hits, 'name')));
    const byDate = await api.get('/v1/summits?q=hydrogen&sort=-startDate');
    expect(ids(byDate.body.data)).toEqual(ids(expectedOrder(hits, '-startDate')));
    const byCreated = await api.get('/v1/summits?q=hydrogen&sort=-createdAt');
    expect(ids(byCreated.body.data)).toEqual(ids(expectedOrder(hits, '-createdAt')));
  });

  it('when q is combined with filters, then both must hold', async () => {
    const [a, , c] = await bulk('/v1/summits', [
      { name: 'Hydrogen summit', kind: 'leaders_summit', startDate: '2024' },
      { name: 'Hydrogen meeting', kind: 'other', startDate: '2024' },
      { name: 'Hydrogen summit 2', kind: 'leaders_summit', startDate: '2021' },
      { name: 'Water summit', kind: 'leaders_summit', startDate: '2024' },
    ]);
    expect(ids((await api.get('/v1/summits?q=hydrogen&kind=leaders_summit&sort=-startDate')).body.data)).toEqual([a!.id, c!.id]);
    expect(ids((await api.get('/v1/summits?q=hydrogen&kind=leaders_summit&startDate=gte.2023')).body.data)).toEqual([a!.id]);
  });

  it('when ranked results are paged with a small limit, then every hit comes once, in the unpaged order', async () => {
    const texts = [
      'hydrogen',
      'hydrogen hydrogen',
      'hydrogen economy and trade',
      'hydrogen',
      'the hydrogen valley of the steppe and its many winds',
      'hydrogen hydrogen',
      'hydrogen',
      'no match here',
      'a hydrogen road map',
    ];
    await bulk(
      '/v1/summits',
      texts.map((name) => ({ name, kind: 'other' })),
    );
    const whole = await api.get('/v1/summits?q=hydrogen');
    expect(whole.body.data).toHaveLength(8);
    for (const limit of [1, 2, 3]) {
      const { rows } = await walk(`/v1/summits?q=hydrogen&limit=${limit}`);
      expect(ids(rows)).toEqual(ids(whole.body.data));
    }
    const filtered = await walk('/v1/summits?q=hydrogen&kind=other&limit=2');
    expect(ids(filtered.rows)).toEqual(ids(whole.body.data));
  });

  // Relevance (BM25) depends on the whole collection, so writes shift every score: a ranked walk is
  // only stable while nothing changes. The documented way to walk search results under writes is
  // an explicit sort, which this test holds to the paging promise.
  it('when matching rows are created while search results sorted by createdAt are paged, then no hit that existed is repeated or skipped', async () => {
    await bulk(
      '/v1/summits',
      ['hydrogen', 'hydrogen hydrogen', 'hydrogen economy', 'a hydrogen road map for the region', 'hydrogen', 'hydrogen valley'].map((name) => ({
        name,
        kind: 'other',
      })),
    );
    const before = ids((await api.get('/v1/summits?q=hydrogen')).body.data);
    let res = await api.get('/v1/summits?q=hydrogen&sort=-createdAt&limit=2');
    const seen = ids(res.body.data);
    while (res.body.hasMore) {
      await createSummit(api, { name: 'hydrogen hydrogen hydrogen', kind: 'other' });
      await createSummit(api, { name: 'Hydrogen', kind: 'other', description: 'long '.repeat(50) });
      res = await api.get(`/v1/summits?q=hydrogen&sort=-createdAt&limit=2&cursor=${res.body.nextCursor}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res.body.data));
    }
    expect([...seen].sort()).toEqual([...before].sort());
  });

  it.each([
    ['q=%21%21', 'only punctuation'],
    ['q=', 'an empty value'],
    ['q=%20%20', 'only spaces'],
    ['q=*', 'a lone star'],
    [`q=${'a'.repeat(501)}`, 'over 500 characters'],
    ['q=a&q=b', 'the parameter twice'],
  ])('when GET /v1/summits?%s (%s), then 400 names q', async (query) => {
    expectProblem(await api.get(`/v1/summits?${query}`), 400, 'invalid_parameter', ['q']);
  });

  it('when q is used on a list without search, then 400 names q', async () => {
    const a = await createAgreement(api);
    expectProblem(await api.get(`/v1/agreements/${a.id}/actions?q=signed`), 400, 'invalid_parameter', ['q']);
  });

  it.each([
    ['hydrogen"', 'a stray double quote'],
    ['(hydrogen', 'a parenthesis'],
    ['name:hydrogen', 'a column filter'],
    ['hydrogen OR water', 'an OR'],
    ['NEAR(hydrogen water)', 'a NEAR group'],
    ['-hydrogen', 'a leading minus'],
    ['hydrogen^', 'a caret'],
    ["hydrogen's", 'an apostrophe'],
  ])('when q holds FTS5 syntax (%s: %s), then it is taken as words and never fails', async (q) => {
    await bulk('/v1/summits', [{ name: 'Hydrogen summit', kind: 'other' }]);
    const res = await api.get(`/v1/summits?q=${enc(q)}`);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.data)).toBe(true);
  });
});

/* ---------- the search index follows writes ---------- */

describe('GET lists: the search index follows every write', () => {
  const CASES: { collection: string; field: string; make: () => Promise<Item> }[] = [
    { collection: 'summits', field: 'name', make: async () => createSummit(api, { name: 'Oldword summit' }) },
    { collection: 'agreements', field: 'title', make: async () => createAgreement(api, { title: 'Oldword declaration' }) },
    {
      collection: 'commitments',
      field: 'text',
      make: async () => {
        const s = await createSummit(api, { name: 'Anchor' });
        const jp = await createCountry(api, { name: 'Anchorland' });
        return createCommitment(api, { text: 'Oldword pledge', summitId: s.id, parties: [{ participantId: jp.id, role: 'pledger' }] });
      },
    },
    { collection: 'participants', field: 'name', make: async () => createParticipant(api, { kind: 'organization', name: 'Oldword agency' }) },
  ];

  const found = async (collection: string, q: string) => ids((await api.get(`/v1/${collection}?q=${q}`)).body.data);
  const foundAnywhere = async (q: string) => ((await api.get(`/v1/search?q=${q}`)).body.data as Item[]).map((h) => h.id);

  it.each(CASES)('when $collection are PATCHed with a new $field, then the old word no longer matches and the new one does', async ({ collection, field, make }) => {
    const item = await make();
    expect(await found(collection, 'oldword')).toEqual([item.id]);
    const res = await api.patch(`/v1/${collection}/${item.id}`).send({ [field]: 'Newword text' });
    expect(res.status).toBe(200);
    expect(await found(collection, 'oldword')).toEqual([]);
    expect(await found(collection, 'newword')).toEqual([item.id]);
    expect(await foundAnywhere('oldword')).toEqual([]);
    expect(await foundAnywhere('newword')).toEqual([item.id]);
  });

  it.each(CASES)('when $collection are replaced by PUT with a new $field, then the index follows', async ({ collection, field, make }) => {
    const item = await make();
    const current = (await api.get(`/v1/${collection}/${item.id}`)).body as Item;
    const { id: _id, createdAt: _c, updatedAt: _u, version: _v, progressStatus: _p, ...writable } = current;
    const res = await api.put(`/v1/${collection}/${item.id}`).send({ ...writable, [field]: 'Newword text' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await found(collection, 'oldword')).toEqual([]);
    expect(await found(collection, 'newword')).toEqual([item.id]);
  });

  it.each(CASES)('when $collection are DELETEd, then they are gone from the results', async ({ collection, make }) => {
    const item = await make();
    expect(await found(collection, 'oldword')).toEqual([item.id]);
    expect((await api.delete(`/v1/${collection}/${item.id}`)).status).toBe(204);
    expect(await found(collection, 'oldword')).toEqual([]);
    expect(await foundAnywhere('oldword')).toEqual([]);
  });

  it('when an optional searchable field is cleared with null, then its words no longer match', async () => {
    const s = await createSummit(api, { name: 'Plain', description: 'Oldword inside' });
    expect(await found('summits', 'oldword')).toEqual([s.id]);
    expect((await api.patch(`/v1/summits/${s.id}`).send({ description: null })).status).toBe(200);
    expect(await found('summits', 'oldword')).toEqual([]);
    expect(await found('summits', 'plain')).toEqual([s.id]);
  });

  it('when a PATCH changes a field that is not searched, then the row still matches its words', async () => {
    const s = await createSummit(api, { name: 'Oldword summit' });
    expect((await api.patch(`/v1/summits/${s.id}`).send({ status: 'held' })).status).toBe(200);
    expect(await found('summits', 'oldword')).toEqual([s.id]);
  });
});

/* ---------- /v1/search ---------- */

describe('GET /v1/search', () => {
  const WORD = 'Zephyrine';

  async function everyType() {
    const summit = await createSummit(api, { name: `${WORD} summit` });
    const agreement = await createAgreement(api, { title: `${WORD} declaration` });
    const japan = await createCountry(api, { name: `${WORD} republic` });
    const commitment = await createCommitment(api, {
      text: `We shall promote ${WORD} across the region.`,
      summary: 'Promotion pledge',
      summitId: summit.id,
      parties: [{ participantId: japan.id, role: 'pledger' }],
    });
    await createSummit(api, { name: 'Unrelated summit' });
    return { summit, agreement, japan, commitment };
  }

  it('when the word occurs in every type, then a hit of each type comes back with its title and a marked snippet', async () => {
    const s = await everyType();
    const res = await api.get(`/v1/search?q=${WORD.toLowerCase()}`);
    expect(res.status).toBe(200);
    const hits = res.body.data as { type: string; id: string; title: string; snippet: string }[];
    expect(hits).toHaveLength(4);
    const byType = Object.fromEntries(hits.map((h) => [h.type, h]));
    expect(byType).toEqual({
      summits: { type: 'summits', id: s.summit.id, title: `${WORD} summit`, snippet: expect.any(String) },
      agreements: { type: 'agreements', id: s.agreement.id, title: `${WORD} declaration`, snippet: expect.any(String) },
      participants: { type: 'participants', id: s.japan.id, title: `${WORD} republic`, snippet: expect.any(String) },
      commitments: { type: 'commitments', id: s.commitment.id, title: 'Promotion pledge', snippet: expect.any(String) },
    });
    for (const hit of hits) expect(hit.snippet).toContain(`<mark>${WORD}</mark>`);
  });

  it('when a commitment has no summary or code, then its title is the start of its text', async () => {
    const s = await createSummit(api);
    const jp = await createCountry(api);
    const text = `${WORD} ${'and more words '.repeat(20)}`.trim();
    const c = await createCommitment(api, { text, summitId: s.id, parties: [{ participantId: jp.id, role: 'pledger' }] });
    const res = await api.get(`/v1/search?q=${WORD}&types=commitments`);
    expect(res.body.data).toEqual([{ type: 'commitments', id: c.id, title: text.slice(0, 120), snippet: expect.stringContaining('<mark>') }]);
  });

  it('when types=summits,commitments is given, then only those types come back', async () => {
    const s = await everyType();
    const res = await api.get(`/v1/search?q=${WORD}&types=summits,commitments`);
    expect(res.status).toBe(200);
    expect((res.body.data as Item[]).map((h) => `${h.type}:${h.id}`).sort()).toEqual(
      [`commitments:${s.commitment.id}`, `summits:${s.summit.id}`].sort(),
    );
    const one = await api.get(`/v1/search?q=${WORD}&types=participants`);
    expect(one.body.data).toEqual([expect.objectContaining({ type: 'participants', id: s.japan.id })]);
  });

  it('when limit is given, then at most that many hits come back, the best first', async () => {
    await bulk(
      '/v1/summits',
      Array.from({ length: 5 }, (_, i) => ({ name: `${WORD} meeting ${i}`, kind: 'other', description: 'filler text '.repeat(20) })),
    );
    const best = await createSummit(api, { name: `${WORD} ${WORD} ${WORD}` });
    const res = await api.get(`/v1/search?q=${WORD}&limit=2`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect(res.body.data[0].id).toBe(best.id);
    expect((await api.get(`/v1/search?q=${WORD}`)).body.data).toHaveLength(6);
  });

  it('when the query uses a prefix and a plural, then it matches like the lists do', async () => {
    const s = await everyType();
    const prefix = await api.get(`/v1/search?q=zephyr*&types=summits`);
    expect(ids(prefix.body.data)).toEqual([s.summit.id]);
    const plural = await api.get(`/v1/search?q=declarations&types=agreements`);
    expect(ids(plural.body.data)).toEqual([s.agreement.id]);
  });

  it('when nothing matches, then data is empty', async () => {
    await everyType();
    const res = await api.get('/v1/search?q=nothingmatchesthis');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [] });
  });

  it.each([
    ['', ['q'], 'q missing'],
    ['?q=%21%21', ['q'], 'q without a word'],
    ['?q=', ['q'], 'q empty'],
    [`?q=${WORD}&types=summits,nope`, ['types'], 'an unknown type'],
    [`?q=${WORD}&types=`, ['types'], 'empty types'],
  ])('when GET /v1/search%s (%s), then 400 names the parameter', async (query, parameters) => {
    expectProblem(await api.get(`/v1/search${query}`), 400, 'invalid_parameter', parameters);
  });
});

/* ---------- /v1/themes ---------- */

describe('GET /v1/themes', () => {
  it('when nothing carries a theme, then data is empty', async () => {
    await createAgreement(api);
    const res = await api.get('/v1/themes');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [] });
  });

  async function themed() {
    const summit = await createSummit(api);
    const japan = await createCountry(api);
    const parties = [{ participantId: japan.id, role: 'pledger' }];
    const a1 = await createAgreement(api, { themes: ['energy', 'climate.net_zero'] });
    const a2 = await createAgreement(api, { themes: ['energy.nuclear_power', 'energy'] });
    const c1 = await createCommitment(api, { summitId: summit.id, parties, themes: ['energy', 'water'] });
    const c2 = await createCommitment(api, { summitId: summit.id, parties, themes: ['water', 'climate'] });
    return { a1, a2, c1, c2 };
  }

  it('when agreements and commitments carry themes, then each theme is counted and the list is sorted by slug', async () => {
    await themed();
    const res = await api.get('/v1/themes');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [
        { theme: 'climate', agreements: 0, commitments: 1 },
        { theme: 'climate.net_zero', agreements: 1, commitments: 0 },
        { theme: 'energy', agreements: 2, commitments: 1 },
        { theme: 'energy.nuclear_power', agreements: 1, commitments: 0 },
        { theme: 'water', agreements: 0, commitments: 2 },
      ],
    });
  });

  it('when themes are PATCHed, then the counts follow and unused themes disappear', async () => {
    const t = await themed();
    expect((await api.patch(`/v1/agreements/${t.a1.id}`).send({ themes: ['water'] })).status).toBe(200);
    expect((await api.patch(`/v1/commitments/${t.c2.id}`).send({ themes: [] })).status).toBe(200);
    const res = await api.get('/v1/themes');
    expect(res.body.data).toEqual([
      { theme: 'energy', agreements: 1, commitments: 1 },
      { theme: 'energy.nuclear_power', agreements: 1, commitments: 0 },
      { theme: 'water', agreements: 1, commitments: 1 },
    ]);
  });

  it('when themed rows are deleted, then their themes are no longer counted', async () => {
    const t = await themed();
    expect((await api.delete(`/v1/commitments/${t.c1.id}`)).status).toBe(204);
    expect((await api.delete(`/v1/agreements/${t.a2.id}`)).status).toBe(204);
    const res = await api.get('/v1/themes');
    expect(res.body.data).toEqual([
      { theme: 'climate', agreements: 0, commitments: 1 },
      { theme: 'climate.net_zero', agreements: 1, commitments: 0 },
      { theme: 'energy', agreements: 1, commitments: 0 },
      { theme: 'water', agreements: 0, commitments: 1 },
    ]);
  });
});
