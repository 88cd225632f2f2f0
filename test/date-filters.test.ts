// Partial dates in list filters (API.md §1 "Lists"): a stored date and a filter's bound each name a
// period (2024 is the whole year, 2024-05 the whole month), and a comparison holds only when the
// whole stored period satisfies it. Every operator is checked against years, months and days on
// both sides, for a summit's startDate, a commitment's dueDate and an agreement's adoptedDate;
// the expected rows come from the definition, written here with first and last days,
// independently of the SQL that serves it.
import { beforeEach, describe, expect, it } from 'vitest';
import { createCountry, createSummit, makeApp, type Api } from './helpers.js';

let api: Api;
beforeEach(() => {
  ({ api } = makeApp());
});

/** Stored values: years, months and days at the edges and inside of 2024, and around it. */
const STORED = [
  '2023',
  '2023-12',
  '2023-12-31',
  '2024',
  '2024-01',
  '2024-01-01',
  '2024-05',
  '2024-05-01',
  '2024-05-19',
  '2024-05-31',
  '2024-06',
  '2024-12',
  '2024-12-31',
  '2025',
  '2025-01-01',
  '2025-03',
] as const;

/** Bounds: a year, months and days, some on the first or last day of a coarser period. */
const BOUNDS = ['2024', '2024-01', '2024-05', '2024-01-01', '2024-05-01', '2024-05-19', '2024-05-31', '2024-12-31'] as const;

const firstDay = (date: string) => (date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date);
function lastDay(date: string): string {
  if (date.length === 4) return `${date}-12-31`;
  if (date.length === 10) return date;
  const [year, month] = date.split('-').map(Number) as [number, number];
  return `${date}-${String(new Date(Date.UTC(year, month, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** The definition: whether the whole period of `stored` satisfies `op` against the period of `bound`. */
const HOLDS: Record<string, (stored: string, bound: string) => boolean> = {
  eq: (v, b) => firstDay(v) >= firstDay(b) && lastDay(v) <= lastDay(b),
  ne: (v, b) => !HOLDS.eq!(v, b),
  gte: (v, b) => firstDay(v) >= firstDay(b),
  gt: (v, b) => firstDay(v) > lastDay(b),
  lte: (v, b) => lastDay(v) <= lastDay(b),
  lt: (v, b) => lastDay(v) < firstDay(b),
};

/** Every operator with every bound; in and nin with a pair of bounds of different precision. */
const CASES: [string, (stored: string) => boolean][] = [
  ...['eq', 'ne', 'gte', 'gt', 'lte', 'lt'].flatMap((op) =>
    BOUNDS.map((bound): [string, (v: string) => boolean] => [`${op}.${bound}`, (v) => HOLDS[op]!(v, bound)]),
  ),
  ...[
    ['2023', '2024-05'],
    ['2024-01-01', '2024-12'],
    ['2024-05-19', '2025'],
  ].flatMap(([a, b]): [string, (v: string) => boolean][] => [
    [`in.(${a},${b})`, (v) => HOLDS.eq!(v, a!) || HOLDS.eq!(v, b!)],
    [`nin.(${a},${b})`, (v) => !HOLDS.eq!(v, a!) && !HOLDS.eq!(v, b!)],
  ]),
];

type Collection = 'summits' | 'commitments' | 'agreements';
type Seeded = { path: string; field: string; byDate: Map<string, string> };
const FIELD: Record<Collection, string> = { summits: 'startDate', commitments: 'dueDate', agreements: 'adoptedDate' };

/** One record per date (null: one without), created in one bulk request; their ids by date ('none' for null). */
async function seed(collection: Collection, dates: readonly (string | null)[] = [...STORED, null]): Promise<Seeded> {
  const summit = await createSummit(api, { name: 'Seed' });
  const japan = await createCountry(api, { name: 'Japan' });
  const items = dates.map((date, i) =>
    collection === 'summits'
      ? { name: `Summit ${i}`, kind: 'leaders_summit', startDate: date }
      : collection === 'agreements'
        ? { title: `Agreement ${i}`, type: 'joint_statement', adoptedDate: date }
        : { text: `Commitment ${i}`, scope: 'individual', summitId: summit.id, parties: [{ participantId: japan.id, role: 'pledger' }], dueDate: date },
  );
  const res = await api.post(`/v1/${collection}`).send(items);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const byDate = new Map<string, string>((res.body.data as { id: string }[]).map((item, i) => [dates[i] ?? 'none', item.id]));
  return { path: `/v1/${collection}`, field: FIELD[collection], byDate };
}

/** The stored dates of the records a filter returns, in the order of STORED. */
async function datesFound({ path, field, byDate }: Seeded, condition: string): Promise<string[]> {
  const res = await api.get(`${path}?${field}=${encodeURIComponent(condition)}&limit=500`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const found = new Set((res.body.data as { id: string }[]).map((item) => item.id));
  return [...byDate].filter(([, id]) => found.has(id)).map(([date]) => date);
}

describe.each(['summits', 'commitments', 'agreements'] as const)('GET /v1/%s with a partial-date filter', (collection) => {
  it.each(CASES)('when the condition is %s, then exactly the stored periods that wholly satisfy it are returned', async (condition, holds) => {
    const seeded = await seed(collection);
    expect(await datesFound(seeded, condition)).toEqual(STORED.filter(holds));
  });

  it.each<[string, string[], string[]]>([
    ['gte.2024-08-01', ['2024-08', '2024-08-01', '2024-09'], ['2024', '2024-07', '2024-07-31']],
    ['gt.2024-07-31', ['2024-08', '2024-08-01', '2024-09'], ['2024', '2024-07', '2024-07-31']],
    ['gte.2030-01-01', ['2030', '2030-01', '2030-01-01'], ['2029', '2029-12-31']],
    ['gte.2023', ['2023', '2023-05-19', '2024'], ['2022', '2022-12-31']],
    ['lt.2025', ['2024', '2024-12-31'], ['2025', '2025-03', '2025-01-01']],
    ['lte.2024-05', ['2024-05', '2024-05-31', '2024-04'], ['2024', '2024-06-01']],
    ['lt.2024-05-20', ['2024-05-19', '2024-04'], ['2024', '2024-05', '2024-05-20']],
    ['eq.2024-05-19', ['2024-05-19'], ['2024', '2024-05']],
  ])('when the condition is %s, then %j are found and %j are not', async (condition, found, missed) => {
    const dates = [...new Set([...found, ...missed])];
    const seeded = await seed(collection, dates);
    expect((await datesFound(seeded, condition)).sort()).toEqual([...found].sort());
  });

  it('when a bound is at the edge of the calendar, then the comparisons still hold', async () => {
    const seeded = await seed(collection, ['0000', '0000-01-01', '9999', '9999-12-31']);
    expect(await datesFound(seeded, 'gt.9999')).toEqual([]);
    expect(await datesFound(seeded, 'gt.9999-12-30')).toEqual(['9999-12-31']);
    expect(await datesFound(seeded, 'lte.9999')).toEqual(['0000', '0000-01-01', '9999', '9999-12-31']);
    expect(await datesFound(seeded, 'lt.0000')).toEqual([]);
    expect(await datesFound(seeded, 'lt.0000-01-02')).toEqual(['0000-01-01']);
    expect(await datesFound(seeded, 'gte.0000')).toEqual(['0000', '0000-01-01', '9999', '9999-12-31']);
  });

  it('when gte and lt (or gt and lte) share a bound, then they never both find a value, and miss only periods that straddle it', async () => {
    const seeded = await seed(collection);
    for (const bound of BOUNDS) {
      for (const [low, high, edge] of [
        ['lt', 'gte', firstDay(bound)],
        ['lte', 'gt', lastDay(bound)],
      ] as const) {
        const below = await datesFound(seeded, `${low}.${bound}`);
        const above = await datesFound(seeded, `${high}.${bound}`);
        expect(below.filter((d) => above.includes(d)), `${low} and ${high} ${bound}`).toEqual([]);
        const missed = STORED.filter((d) => !below.includes(d) && !above.includes(d));
        const straddles = (d: string) =>
          low === 'lt' ? firstDay(d) < edge && lastDay(d) >= edge : firstDay(d) <= edge && lastDay(d) > edge;
        expect(missed, `${low} and ${high} ${bound}`).toEqual(STORED.filter(straddles));
      }
    }
  });
});
