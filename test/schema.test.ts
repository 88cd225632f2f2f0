// The database enforces the data model by itself: these inserts bypass the API on purpose.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../src/db/client.js';

let db: Db;
beforeEach(() => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  const at = '2024-01-01T00:00:00.000Z';
  db.$client.exec(`
    INSERT INTO participants (id, kind, name, iso3, created_at, updated_at) VALUES ('par_c', 'country', 'Japan', 'JPN', '${at}', '${at}');
    INSERT INTO participants (id, kind, name, created_at, updated_at) VALUES ('par_p', 'person', 'Someone', '${at}', '${at}');
    INSERT INTO summits (id, name, kind, created_at, updated_at) VALUES ('smt_s', 'Summit', 'other', '${at}', '${at}');
    INSERT INTO agreements (id, title, type, created_at, updated_at) VALUES ('agr_a', 'Agreement', 'other', '${at}', '${at}');
  `);
});

const at = "'2024-01-01T00:00:00.000Z'";

function constraintCode(statement: string): string | undefined {
  try {
    db.$client.exec(statement);
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe('CHECK constraints', () => {
  it.each([
    ['an unknown participant kind', `INSERT INTO participants (id, kind, name, created_at, updated_at) VALUES ('par_x', 'city', 'x', ${at}, ${at})`],
    ['a country without iso3', `INSERT INTO participants (id, kind, name, created_at, updated_at) VALUES ('par_x', 'country', 'x', ${at}, ${at})`],
    ['a person with iso3', `INSERT INTO participants (id, kind, name, iso3, created_at, updated_at) VALUES ('par_x', 'person', 'x', 'ABC', ${at}, ${at})`],
    ['a lowercase iso3', `INSERT INTO participants (id, kind, name, iso3, created_at, updated_at) VALUES ('par_x', 'country', 'x', 'abc', ${at}, ${at})`],
    ['a title on an organization', `INSERT INTO participants (id, kind, name, title, created_at, updated_at) VALUES ('par_x', 'organization', 'x', 'Chair', ${at}, ${at})`],
    ['an unknown summit status', `INSERT INTO summits (id, name, kind, status, created_at, updated_at) VALUES ('smt_x', 'x', 'other', 'maybe', ${at}, ${at})`],
    ['a calendar-invalid date', `INSERT INTO summits (id, name, kind, start_date, created_at, updated_at) VALUES ('smt_x', 'x', 'other', '2025-02-30', ${at}, ${at})`],
    ['month 13', `INSERT INTO summits (id, name, kind, start_date, created_at, updated_at) VALUES ('smt_x', 'x', 'other', '2025-13', ${at}, ${at})`],
    ['an end before the start', `INSERT INTO summits (id, name, kind, start_date, end_date, created_at, updated_at) VALUES ('smt_x', 'x', 'other', '2024-05-19', '2024-05-18', ${at}, ${at})`],
    ['termination before adoption', `INSERT INTO agreements (id, title, type, adopted_date, termination_date, created_at, updated_at) VALUES ('agr_x', 'x', 'other', '2024', '2023', ${at}, ${at})`],
    ['a target year out of range', `INSERT INTO agreement_targets (agreement_id, position, target_type, target_year) VALUES ('agr_a', 0, 'net_zero', 2300)`],
    ['a baseline not before the target', `INSERT INTO agreement_targets (agreement_id, position, target_type, target_year, baseline_year) VALUES ('agr_a', 0, 'net_zero', 2050, 2050)`],
    ['a reduction over 100%', `INSERT INTO agreement_targets (agreement_id, position, target_type, target_year, reduction_pct) VALUES ('agr_a', 0, 'emissions_reduction', 2030, 101)`],
    ['an uppercase theme', `INSERT INTO agreement_themes (agreement_id, theme, position) VALUES ('agr_a', 'Energy', 0)`],
    ['a commitment with neither summit nor agreement', `INSERT INTO commitments (id, text, scope, created_at, updated_at) VALUES ('cmt_x', 'x', 'collective', ${at}, ${at})`],
    ['an unknown party role', `INSERT INTO commitments (id, text, scope, summit_id, created_at, updated_at) VALUES ('cmt_x', 'x', 'collective', 'smt_s', ${at}, ${at}); INSERT INTO commitment_parties (commitment_id, participant_id, role, position) VALUES ('cmt_x', 'par_c', 'sponsor', 0)`],
    ['an unknown participation role', `INSERT INTO summit_participations (summit_id, participant_id, role, created_at, updated_at) VALUES ('smt_s', 'par_c', 'chair', ${at}, ${at})`],
  ])('when a row has %s, then SQLite refuses it', (_case, statement) => {
    expect(constraintCode(statement)).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it('when partial dates of different precision share a prefix, then they are in order', () => {
    expect(
      constraintCode(`INSERT INTO summits (id, name, kind, start_date, end_date, created_at, updated_at) VALUES ('smt_x', 'x', 'other', '2024-05', '2024', ${at}, ${at})`),
    ).toBeUndefined();
  });
});

describe('foreign keys', () => {
  it('when a row refers to a missing record, then SQLite refuses it', () => {
    expect(
      constraintCode(`INSERT INTO agreements (id, title, type, summit_id, created_at, updated_at) VALUES ('agr_x', 'x', 'other', 'smt_missing', ${at}, ${at})`),
    ).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });

  it('when onBehalfOf names a participant not in the same summit, then SQLite refuses it', () => {
    expect(
      constraintCode(`INSERT INTO summit_participations (summit_id, participant_id, role, on_behalf_of_id, created_at, updated_at) VALUES ('smt_s', 'par_p', 'member', 'par_c', ${at}, ${at})`),
    ).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });
});

describe('connection settings', () => {
  it('when a database file is opened, then it uses WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-'));
    try {
      const fileDb = openDatabase(join(dir, 'a', 'b.db'));
      expect(fileDb.$client.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(fileDb.$client.pragma('synchronous', { simple: true })).toBe(2);
      expect(fileDb.$client.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(fileDb.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
      fileDb.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when migrations run twice, then the second run changes nothing', () => {
    const before = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get();
    migrateDatabase(db);
    expect(db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get()).toEqual(before);
  });
});
