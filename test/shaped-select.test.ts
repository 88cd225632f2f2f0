// A page query built once per shape (src/db/shaped-select.ts) must answer exactly as the query
// builder does for every call's values, whichever shape was seen before it.
import { and, asc, desc, eq, getTableColumns, gte, inArray, like, sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { clientOf, migrateDatabase, openDatabase, type Db } from '../src/db/client.js';
import { summitParticipations, summits } from '../src/db/schema.js';
import { selectShaped, type Shape } from '../src/db/shaped-select.js';

function database(): Db {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const at = '2025-01-01T00:00:00.000Z';
  db.$client.exec(`INSERT INTO participants (id, kind, name, created_at, updated_at) VALUES ('par_1', 'organization', 'ASEAN', '${at}', '${at}')`);
  const kinds = ['leaders_summit', 'ministerial_meeting'] as const;
  for (let i = 0; i < 30; i++) {
    db.insert(summits)
      .values({
        id: `smt_${String(i).padStart(2, '0')}`,
        name: `Summit ${i}${i % 7 === 0 ? ' ?' : ''}`,
        kind: kinds[i % 2]!,
        status: 'held',
        startDate: i % 5 === 0 ? null : `20${10 + (i % 12)}-0${1 + (i % 9)}-1${i % 10}`,
        sourceUrls: i % 3 === 0 ? [] : [`https://example.org/${i}`],
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      .run();
    if (i % 2 === 0) {
      db.insert(summitParticipations)
        .values({ summitId: `smt_${String(i).padStart(2, '0')}`, participantId: 'par_1', role: 'member', isHeadOfDelegation: i % 4 === 0, createdAt: at, updatedAt: at, version: 1 })
        .run();
    }
  }
  return db;
}

/** The summits shaped as a list of them is: every column, and a computed key with a constant of its own. */
function summitShape(db: Db, order: 'asc' | 'desc'): Shape {
  const fields = { ...getTableColumns(summits), _sort_year: sql<number>`coalesce(substr(${summits.startDate}, 1, 4), ${'9999'})` };
  return {
    fields,
    build: (where, limit) =>
      db
        .select(fields)
        .from(summits)
        .where(where)
        .orderBy(order === 'asc' ? asc(fields._sort_year) : desc(fields._sort_year), asc(summits.id))
        .limit(limit),
  };
}

function builderRows(db: Db, shape: Shape, where: SQL | undefined, limit: number) {
  return shape.build(where, limit).all();
}

describe('shaped selects', () => {
  it('when calls of one shape bring other values, then each gets the rows the query builder gives for its own', () => {
    const db = database();
    const owner = {};
    const shape = summitShape(db, 'asc');
    const prepared = new Set<string>();
    const client = clientOf(db);
    const prepare = client.prepare.bind(client);
    client.prepare = ((source: string) => {
      prepared.add(source);
      return prepare(source);
    }) as typeof client.prepare;
    for (const [kind, since, limit] of [
      ['leaders_summit', '2012', 5],
      ['ministerial_meeting', '2015', 3],
      ['leaders_summit', '2020', 30],
    ] as const) {
      const where = and(eq(summits.kind, kind), gte(summits.startDate, since));
      const rows = selectShaped(db, owner, 'asc', shape, where, limit);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows).toEqual(builderRows(db, shape, where, limit));
    }
    // One statement served the three calls.
    expect(prepared.size).toBe(1);
  });

  it('when the conditions change shape, then each shape is built for itself and the keys keep sorts apart', () => {
    const db = database();
    const owner = {};
    const wheres: (SQL | undefined)[] = [
      undefined,
      eq(summits.kind, 'leaders_summit'),
      inArray(summits.id, ['smt_01', 'smt_02', 'smt_03']),
      inArray(summits.id, ['smt_04', 'smt_05']),
      and(like(summits.name, 'Summit 1%'), eq(summits.kind, 'ministerial_meeting')),
      sql`${summits.id} IN (SELECT ${summitParticipations.summitId} FROM ${summitParticipations} WHERE ${eq(summitParticipations.isHeadOfDelegation, true)})`,
    ];
    for (const order of ['asc', 'desc'] as const) {
      const shape = summitShape(db, order);
      for (const where of wheres) {
        for (const limit of [1, 4, 50]) {
          const rows = selectShaped(db, owner, order, shape, where, limit);
          expect(rows).toEqual(builderRows(db, shape, where, limit));
        }
      }
    }
  });

  it('when a row is read, then its columns come decoded as the query builder decodes them: JSON arrays, booleans, nulls', () => {
    const db = database();
    const rows = selectShaped(db, {}, 'asc', summitShape(db, 'asc'), eq(summits.id, 'smt_00'), 1);
    expect(rows).toEqual([expect.objectContaining({ id: 'smt_00', sourceUrls: [], startDate: null, _sort_year: '9999' })]);
    const fields = getTableColumns(summitParticipations);
    const participations: Shape = {
      fields,
      build: (where, limit) => db.select(fields).from(summitParticipations).where(where).orderBy(asc(summitParticipations.summitId)).limit(limit),
    };
    const read = selectShaped(db, {}, 'p', participations, undefined, 3);
    expect(read.map((r) => r.isHeadOfDelegation)).toEqual([true, false, true]);
    expect(read).toEqual(participations.build(undefined, 3).all());
  });

  it('when the WHERE text holds a ? that is not a value, then the query builder answers it as it is', () => {
    const db = database();
    const shape = summitShape(db, 'asc');
    const where = and(sql`${summits.name} LIKE '%?'`, eq(summits.kind, 'leaders_summit'));
    const rows = selectShaped(db, {}, 'asc', shape, where, 10);
    expect(rows.map((r) => r.id)).toEqual(['smt_14', 'smt_28', 'smt_00']);
    expect(rows).toEqual(builderRows(db, shape, where, 10));
  });
});

describe('shaped selects of long conditions', () => {
  it('when the WHERE text is longer than is kept, then the rows are still those the query builder gives', () => {
    const db = database();
    const shape = summitShape(db, 'desc');
    const ids = Array.from({ length: 150 }, (_, i) => `smt_${String(i).padStart(2, '0')}`);
    const where = and(inArray(summits.id, ids), eq(summits.kind, 'leaders_summit'));
    const rows = selectShaped(db, {}, 'desc', shape, where, 20);
    expect(rows.length).toBe(15);
    expect(rows).toEqual(builderRows(db, shape, where, 20));
  });
});

describe('shaped selects kept', () => {
  it('when more shapes than are kept come, then the least recently used is built again and one used again is not', () => {
    const db = database();
    const owner = {};
    let builds = 0;
    const base = summitShape(db, 'asc');
    const shape: Shape = { fields: base.fields, build: (where, limit) => (builds++, base.build(where, limit)) };
    const run = (n: number) => selectShaped(db, owner, 'asc', shape, and(eq(summits.kind, 'leaders_summit'), sql.raw(`${n} = ${n}`)), 3);
    run(0);
    for (let i = 1; i <= 600; i++) {
      run(i);
      if (i % 100 === 0) run(0); // used again: stays
    }
    const before = builds;
    run(0);
    run(600);
    expect(builds).toBe(before);
    run(1);
    expect(builds).toBe(before + 1);
    expect(run(1)).toEqual(builderRows(db, shape, and(eq(summits.kind, 'leaders_summit'), sql.raw('1 = 1')), 3));
  });
});
