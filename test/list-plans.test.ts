// Every documented filter and sort is served by an index: the main list queries are run through
// HTTP, captured, and their EXPLAIN QUERY PLAN checked for full scans and sorts in temporary trees.
import type { Statement } from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCountry, makeApp, type Api } from './helpers.js';

let api: Api;
let db: ReturnType<typeof makeApp>['db'];
const ids: Record<string, string> = {};

/** Runs `action` and returns every SELECT it prepared, with the parameters it ran with. */
async function capture(action: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  const seen: { sql: string; params: unknown[] }[] = [];
  const client = db.$client;
  const prepare = client.prepare.bind(client);
  client.prepare = ((source: string) => {
    const statement = prepare(source) as Statement;
    if (!/^\s*select/i.test(source)) return statement;
    for (const method of ['all', 'get', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...params: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        seen.push({ sql: source, params });
        return original(...params);
      };
    }
    return statement;
  }) as typeof client.prepare;
  try {
    await action();
  } finally {
    client.prepare = prepare as typeof client.prepare;
  }
  return seen;
}

function plan(sql: string, params: unknown[]): string[] {
  return (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);
}

beforeAll(async () => {
  ({ api, db } = makeApp());
  const japan = await createCountry(api, { name: 'Japan' });
  ids.japan = japan.id;
  const others = await Promise.all(Array.from({ length: 20 }, (_, i) => createCountry(api, { name: `Country ${i}` })));
  const summits = (
    await api.post('/v1/summits').send(
      Array.from({ length: 200 }, (_, i) => ({
        name: `Summit ${i}`,
        kind: i % 2 ? 'leaders_summit' : 'ministerial_meeting',
        startDate: `${2000 + (i % 25)}-0${1 + (i % 9)}`,
        series: i % 3 ? 'Central Asia + Japan' : null,
      })),
    )
  ).body.data as { id: string }[];
  ids.summit = summits[0]!.id;
  await api.put(`/v1/summits/${ids.summit}/participants/${japan.id}`).send({ role: 'host' }).expect(201);
  for (const [i, summit] of summits.slice(1, 60).entries()) {
    for (const country of others.slice(0, 1 + (i % 8))) {
      await api.put(`/v1/summits/${summit.id}/participants/${country.id}`).send({ role: 'member' }).expect(201);
    }
  }
  const agreements = (
    await api.post('/v1/agreements').send(
      Array.from({ length: 200 }, (_, i) => ({
        title: `Agreement ${i}`,
        type: 'joint_statement',
        summitId: summits[i % 50]!.id,
        adoptedDate: `${2000 + (i % 25)}`,
        themes: [i % 2 ? 'energy.nuclear_power' : 'climate.net_zero'],
        targets: [{ targetType: 'net_zero', targetYear: 2030 + (i % 40) }],
      })),
    )
  ).body.data as { id: string }[];
  await api
    .post('/v1/commitments')
    .send(
      Array.from({ length: 400 }, (_, i) => ({
        text: `Commitment ${i} on energy`,
        scope: 'collective',
        summitId: summits[i % 100]!.id,
        agreementId: agreements[i % 100]!.id,
        dueDate: `${2020 + (i % 30)}`,
        themes: ['energy'],
        parties: [{ participantId: japan.id, role: i % 2 ? 'pledger' : 'partner' }],
      })),
    )
    .expect(201);
  db.$client.exec('ANALYZE');
});

const MAIN_TABLE = /^(participants|summits|agreements|commitments|summit_participations|agreement_actions)$/;

/**
 * No full scan: a collection table may only be walked in the order of an index (which a LIMIT
 * stops early), and a related table inside a filter's subquery must be searched, never scanned.
 */
function expectIndexed(lines: string[]): void {
  let inSubquery = false;
  for (const line of lines) {
    if (/SUBQUERY/.test(line)) inSubquery = true;
    const scan = /^SCAN (\w+)/.exec(line);
    if (!scan) continue;
    const walkedInOrder = MAIN_TABLE.test(scan[1]!) && /USING (COVERING )?INDEX/.test(line) && !inSubquery;
    if (!walkedInOrder) throw new Error(`full scan: ${line}\n${lines.join('\n')}`);
  }
}

describe('query plans of the main list queries', () => {
  it.each([
    ['/v1/commitments', true],
    ['/v1/commitments?sort=dueDate', true],
    ['/v1/commitments?dueDate=gte.2030&dueDate=lt.2035', false],
    ['/v1/commitments?summitId={summit}', false],
    ['/v1/commitments?participantId={japan}&role=pledger', false],
    ['/v1/commitments?theme=energy', false],
    ['/v1/commitments?isPriority=true', false],
    ['/v1/commitments?isPriority=true&sort=dueDate', true],
    ['/v1/commitments?status=adopted&sort=-dueDate', true],
    ['/v1/summits?kind=leaders_summit&sort=-startDate', true],
    ['/v1/agreements?type=joint_statement&sort=adoptedDate', true],
    ['/v1/commitments?progressStatus=fulfilled', false],
    ['/v1/summits?sort=-startDate,name', false],
    ['/v1/summits?sort=name', true],
    ['/v1/summits?startDate=gte.2010', false],
    ['/v1/summits?kind=leaders_summit', false],
    ['/v1/summits?participantId={japan}', false],
    ['/v1/agreements?targetYear=2050&targetType=net_zero', false],
    ['/v1/agreements?theme=energy', false],
    ['/v1/agreements?sort=adoptedDate', true],
    ['/v1/agreements?summitId={summit}', false],
    ['/v1/participants?kind=country', false],
    ['/v1/participants?sort=name', true],
    ['/v1/participants?iso3=JPN', false],
  ])('when listing %s, then no collection table is scanned in full', async (template, sortedByIndex) => {
    const url = template.replace(/\{(\w+)\}/g, (_m, key: string) => ids[key]!);
    const queries = await capture(async () => expect((await api.get(url)).status).toBe(200));
    const main = queries[0]!;
    const lines = plan(main.sql, main.params);
    if (process.env.SHOW_PLANS) console.log(url, '\n  ' + lines.join('\n  '));
    expectIndexed(lines);
    if (sortedByIndex) expect(lines.join('\n')).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it('when searching with q, then the FTS index answers the match', async () => {
    const queries = await capture(async () => expect((await api.get('/v1/commitments?q=energy&limit=5')).status).toBe(200));
    expect(plan(queries[0]!.sql, queries[0]!.params).join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
  });
});

describe('query plans of participant writes', () => {
  it.each([
    ['an organization with no identifier', { kind: 'organization', name: 'ASEAN' }],
    ['a person with no identifier', { kind: 'person', name: 'Aida Aidarkulova' }],
    ['an organization with a Wikidata id', { kind: 'organization', name: 'European Union', wikidataId: 'Q458' }],
  ])('when creating and replacing %s, then no read scans a collection table', async (_what, body) => {
    const queries = await capture(async () => {
      const created = await api.post('/v1/participants').send(body);
      expect(created.status).toBe(201);
      expect((await api.put(`/v1/participants/${created.body.id}`).send({ ...body, name: `${body.name} (renamed)` })).status).toBe(200);
    });
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      const lines = plan(query.sql, query.params);
      const scans = lines.filter((line) => /^SCAN (participants|summits|agreements|commitments|summit_participations|agreement_actions)\b/.test(line));
      expect(scans, `${query.sql}\n${lines.join('\n')}`).toEqual([]);
    }
  });
});
