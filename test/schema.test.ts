// The database enforces the data model by itself: these inserts bypass the API on purpose.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, migrationsFolder, openDatabase, type Db } from '../src/db/client.js';
import { createParticipant, makeApp } from './helpers.js';

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
    INSERT INTO commitments (id, text, scope, summit_id, created_at, updated_at) VALUES ('cmt_c', 'Commitment', 'collective', 'smt_s', '${at}', '${at}');
  `);
});

const at = "'2024-01-01T00:00:00.000Z'";

function constraintCode(statement: string, on: Db = db): string | undefined {
  try {
    on.$client.exec(statement);
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
    ...['.energy', 'energy.', 'energy..x', '.'].flatMap((theme) => [
      [`an agreement theme ${theme}`, `INSERT INTO agreement_themes (agreement_id, theme, position) VALUES ('agr_a', '${theme}', 0)`],
      [`a commitment theme ${theme}`, `INSERT INTO commitment_themes (commitment_id, theme, position) VALUES ('cmt_c', '${theme}', 0)`],
    ]),
    ...['Q12abc', 'Q', 'Q-1', 'q17', '17'].map((wikidataId) => [
      `the wikidataId ${wikidataId}`,
      `INSERT INTO participants (id, kind, name, wikidata_id, created_at, updated_at) VALUES ('par_x', 'organization', 'x', '${wikidataId}', ${at}, ${at})`,
    ]),
    ['a commitment with neither summit nor agreement', `INSERT INTO commitments (id, text, scope, created_at, updated_at) VALUES ('cmt_x', 'x', 'collective', ${at}, ${at})`],
    ['an unknown party role', `INSERT INTO commitments (id, text, scope, summit_id, created_at, updated_at) VALUES ('cmt_x', 'x', 'collective', 'smt_s', ${at}, ${at}); INSERT INTO commitment_parties (commitment_id, participant_id, role, position) VALUES ('cmt_x', 'par_c', 'sponsor', 0)`],
    ['an unknown participation role', `INSERT INTO summit_participations (summit_id, participant_id, role, created_at, updated_at) VALUES ('smt_s', 'par_c', 'chair', ${at}, ${at})`],
  ])('when a row has %s, then SQLite refuses it', (_case, statement) => {
    expect(constraintCode(statement)).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it.each([
    ['the wikidataIds Q1 and Q1065', `INSERT INTO participants (id, kind, name, wikidata_id, created_at, updated_at) VALUES ('par_x', 'organization', 'x', 'Q1', ${at}, ${at}), ('par_y', 'organization', 'y', 'Q1065', ${at}, ${at})`],
    ['the themes energy, climate.net_zero and a_1.b2.c_', `INSERT INTO agreement_themes (agreement_id, theme, position) VALUES ('agr_a', 'energy', 0), ('agr_a', 'climate.net_zero', 1), ('agr_a', 'a_1.b2.c_', 2)`],
    ['the commitment theme water.sanitation', `INSERT INTO commitment_themes (commitment_id, theme, position) VALUES ('cmt_c', 'water.sanitation', 0)`],
  ])('when a row has %s, then SQLite accepts it', (_case, statement) => {
    expect(constraintCode(statement)).toBeUndefined();
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

/**
 * Records as a release before migration 0004 wrote them, in SQL of that schema (today's API writes
 * columns it lacks): participants that refer to each other with a gap in the rowids, a summit with
 * a participation, an agreement with themes and an action, a commitment with a party and a theme.
 */
const rows = (on: Db, sql: string) => on.$client.prepare(sql).all();
const schemaObjects = (on: Db, type: 'index' | 'trigger') =>
  rows(on, `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = '${type}' ORDER BY name`);

function recordsOfAnEarlierRelease(old: Db): void {
  old.$client.exec(`
    INSERT INTO participants (id, kind, name, wikidata_id, created_at, updated_at) VALUES ('par_gov', 'organization', 'Government of Japan', 'Q1065', ${at}, ${at});
    INSERT INTO participants (id, kind, name, affiliation_id, created_at, updated_at) VALUES ('par_min', 'person', 'Minister Zephyrine', 'par_gov', ${at}, ${at});
    INSERT INTO participants (id, kind, name, iso3, created_at, updated_at) VALUES ('par_jpn', 'country', 'Japan', 'JPN', ${at}, ${at});
    INSERT INTO participants (id, kind, name, iso3, created_at, updated_at) VALUES ('par_gap', 'country', 'Gone', 'XGN', ${at}, ${at});
    DELETE FROM participants WHERE id = 'par_gap';
    INSERT INTO summits (id, name, kind, created_at, updated_at) VALUES ('smt_s', 'Summit', 'leaders_summit', ${at}, ${at});
    INSERT INTO summit_participations (summit_id, participant_id, role, created_at, updated_at) VALUES ('smt_s', 'par_jpn', 'host', ${at}, ${at});
    INSERT INTO agreements (id, title, type, summit_id, created_at, updated_at) VALUES ('agr_a', 'Agreement', 'joint_statement', 'smt_s', ${at}, ${at});
    INSERT INTO agreement_themes (agreement_id, theme, position) VALUES ('agr_a', 'energy', 0), ('agr_a', 'climate.net_zero', 1);
    INSERT INTO agreement_actions (id, agreement_id, participant_id, action, created_at, updated_at) VALUES ('act_a', 'agr_a', 'par_gov', 'signed', ${at}, ${at});
    INSERT INTO commitments (id, text, scope, summit_id, proposed_by_id, created_at, updated_at) VALUES ('cmt_c', 'Commitment', 'collective', 'smt_s', 'par_gov', ${at}, ${at});
    INSERT INTO commitment_parties (commitment_id, participant_id, role, position) VALUES ('cmt_c', 'par_jpn', 'pledger', 0);
    INSERT INTO commitment_themes (commitment_id, theme, position) VALUES ('cmt_c', 'water', 0);
  `);
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A database with the migrations before `tag` applied, as one made by an earlier release. */
/** A copy of the migrations folder whose journal ends just before `tag` (or with it, when `through`). */
function migrationsUpTo(tag: string, through = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-migrations-'));
  dirs.push(dir);
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(index).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, through ? index + 1 : index) }));
  return dir;
}

function databaseBefore(tag: string): Db {
  const old = openDatabase(':memory:');
  migrate(old, { migrationsFolder: migrationsUpTo(tag) });
  // Today's app asks for API keys on every request and writes an event with every change: lend
  // the old schema a key table and an event table, in an attached database, so that migrating
  // the main one later makes its own.
  const createKeys = readFileSync(join(migrationsFolder, '0007_api_keys.sql'), 'utf8').split('--> statement-breakpoint')[0]!;
  const eventsMigration = readdirSync(migrationsFolder).find((name) => name.endsWith('_events.sql'))!;
  const createEvents = readFileSync(join(migrationsFolder, eventsMigration), 'utf8').split('--> statement-breakpoint')[0]!;
  old.$client.exec("ATTACH DATABASE ':memory:' AS lent");
  old.$client.exec(createKeys.replace('CREATE TABLE `api_keys`', 'CREATE TABLE lent.`api_keys`'));
  old.$client.exec(createEvents.replace('CREATE TABLE `events`', 'CREATE TABLE lent.`events`'));
  return old;
}

describe('migration 0004: the tightened CHECKs', () => {
  const TAG = '0004_tighten_checks';
  const ZEPHYRINE = 'par_01HZY00000000000000000000Z';

  it('when a database with records that refer to participants is migrated, then every row, rowid, index and trigger is kept and no reference dangles', async () => {
    const old = databaseBefore(TAG);
    recordsOfAnEarlierRelease(old);
    const before = {
      participants: rows(old, 'SELECT rowid, * FROM participants ORDER BY rowid'),
      agreementThemes: rows(old, 'SELECT rowid, * FROM agreement_themes ORDER BY rowid'),
      commitmentThemes: rows(old, 'SELECT rowid, * FROM commitment_themes ORDER BY rowid'),
      indexes: schemaObjects(old, 'index'),
      triggers: schemaObjects(old, 'trigger'),
    };

    migrate(old, { migrationsFolder: migrationsUpTo(TAG, true) }); // this migration alone: later ones change indexes

    expect(rows(old, 'SELECT rowid, * FROM participants ORDER BY rowid')).toEqual(before.participants);
    expect(rows(old, 'SELECT rowid, * FROM agreement_themes ORDER BY rowid')).toEqual(before.agreementThemes);
    expect(rows(old, 'SELECT rowid, * FROM commitment_themes ORDER BY rowid')).toEqual(before.commitmentThemes);
    expect(schemaObjects(old, 'index')).toEqual(before.indexes);
    expect(schemaObjects(old, 'trigger')).toEqual(before.triggers);
    expect(rows(old, "SELECT name FROM sqlite_master WHERE name GLOB '__old_*'")).toEqual([]);
    expect(old.$client.pragma('foreign_key_check')).toEqual([]);
    expect(old.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(old.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(old.$client.pragma('defer_foreign_keys', { simple: true })).toBe(0);
    expect(constraintCode("UPDATE participants SET wikidata_id = 'Q12abc' WHERE wikidata_id = 'Q1065'", old)).toBe('SQLITE_CONSTRAINT_CHECK');
  });

  it('when a participant was made before the migration, then search still finds it, and the index follows writes made after', async () => {
    const old = databaseBefore(TAG);
    old.$client.exec(`INSERT INTO participants (id, kind, name, created_at, updated_at) VALUES ('${ZEPHYRINE}', 'organization', 'Zephyrine Institute', ${at}, ${at})`);
    const before = { id: ZEPHYRINE };
    migrateDatabase(old);
    const { api } = makeApp(old);
    const search = async (word: string) =>
      ((await api.get(`/v1/search?q=${word}&types=participants`)).body.data as { id: string }[]).map((hit) => hit.id);
    expect(await search('zephyrine')).toEqual([before.id]);
    expect((await api.get('/v1/participants?q=zephyrine')).body.data.map((p: { id: string }) => p.id)).toEqual([before.id]);

    const after = await createParticipant(api, { kind: 'organization', name: 'Zephyrine Council' });
    expect((await search('zephyrine')).sort()).toEqual([before.id, after.id].sort());
    await api.patch(`/v1/participants/${before.id}`).send({ name: 'Aurelian Institute' }).expect(200);
    expect(await search('aurelian')).toEqual([before.id]);
    await api.delete(`/v1/participants/${after.id}`).expect(204);
    expect(await search('zephyrine')).toEqual([]);
  });

  it('when a database holds a value the new CHECKs refuse, then the migration fails and changes nothing', () => {
    const old = databaseBefore(TAG);
    old.$client.exec(`INSERT INTO participants (id, kind, name, wikidata_id, created_at, updated_at) VALUES ('par_x', 'organization', 'x', 'Q12abc', ${at}, ${at})`);
    const applied = rows(old, 'SELECT hash FROM __drizzle_migrations');
    const schema = rows(old, 'SELECT type, name, sql FROM sqlite_master ORDER BY name');
    // drizzle wraps the driver's error; the cause names the CHECK.
    expect(() => migrateDatabase(old)).toThrow(expect.objectContaining({ cause: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK', message: expect.stringContaining('participants_wikidata_check') }) }));
    expect(rows(old, 'SELECT hash FROM __drizzle_migrations')).toEqual(applied);
    expect(rows(old, 'SELECT type, name, sql FROM sqlite_master ORDER BY name')).toEqual(schema);
    expect(rows(old, 'SELECT id, wikidata_id FROM participants')).toEqual([{ id: 'par_x', wikidata_id: 'Q12abc' }]);
  });
});

describe('migration 0010: summit details, attendance kinds and sources', () => {
  const TAG = '0010_summit_details_and_sources';

  it('when a database with summits, participations and delegations is migrated, then every row and trigger is kept and the new columns take their defaults', async () => {
    const old = databaseBefore(TAG);
    recordsOfAnEarlierRelease(old);
    old.$client.exec(`
      INSERT INTO participants (id, kind, name, iso3, created_at, updated_at) VALUES ('par_kaz', 'country', 'Kazakhstan', 'KAZ', ${at}, ${at});
      INSERT INTO summit_participations (summit_id, participant_id, role, attendance, on_behalf_of_id, note, created_at, updated_at)
        VALUES ('smt_s', 'par_min', 'member', 'attended', 'par_jpn', 'for Japan', ${at}, ${at}),
               ('smt_s', 'par_kaz', 'member', 'withdrew', NULL, NULL, ${at}, ${at});
    `);
    const participations = rows(old, 'SELECT rowid, * FROM summit_participations ORDER BY rowid');
    const summits = rows(old, 'SELECT rowid, * FROM summits ORDER BY rowid');
    const triggers = schemaObjects(old, 'trigger');

    migrate(old, { migrationsFolder: migrationsUpTo(TAG, true) });

    expect(rows(old, 'SELECT rowid, * FROM summit_participations ORDER BY rowid')).toEqual(
      participations.map((p) => ({ ...(p as object), source_urls: '[]' })),
    );
    expect(rows(old, 'SELECT rowid, * FROM summits ORDER BY rowid')).toEqual(
      summits.map((s) => ({ ...(s as object), number: null, host_country_id: null, city: null })),
    );
    expect(rows(old, "SELECT source_urls FROM participants WHERE id = 'par_jpn'")).toEqual([{ source_urls: '[]' }]);
    expect(rows(old, "SELECT source_urls FROM agreement_actions WHERE id = 'act_a'")).toEqual([{ source_urls: '[]' }]);
    expect(schemaObjects(old, 'trigger')).toEqual(triggers);
    expect(rows(old, "SELECT name FROM sqlite_master WHERE name GLOB '__old_*'")).toEqual([]);
    expect(old.$client.pragma('foreign_key_check')).toEqual([]);
    expect(old.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(constraintCode("UPDATE summit_participations SET attendance = 'virtual' WHERE participant_id = 'par_kaz'", old)).toBeUndefined();
    expect(constraintCode("UPDATE summit_participations SET attendance = 'remote' WHERE participant_id = 'par_kaz'", old)).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(constraintCode("UPDATE summits SET number = 0 WHERE id = 'smt_s'", old)).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(constraintCode("UPDATE summits SET host_country_id = 'par_nowhere' WHERE id = 'smt_s'", old)).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    // The delegation acting for Japan still refers to Japan's participation.
    expect(constraintCode("DELETE FROM summit_participations WHERE participant_id = 'par_jpn'", old)).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });
});

describe('migration 0011: richer targets and commitments of their own', () => {
  const TAG = '0011_richer_targets_and_standalone_commitments';

  it('when a database with commitments, their parties, themes, targets, evidence and assessments is migrated, then every row, rowid and the search index are kept', async () => {
    const old = databaseBefore(TAG);
    recordsOfAnEarlierRelease(old);
    old.$client.exec(`
      INSERT INTO commitments (id, text, scope, agreement_id, created_at, updated_at) VALUES ('cmt_d', 'Zephyrine nuclear cooperation', 'group', 'agr_a', ${at}, ${at});
      INSERT INTO commitment_parties (commitment_id, participant_id, role, position) VALUES ('cmt_d', 'par_jpn', 'pledger', 0), ('cmt_d', 'par_gov', 'partner', 1);
      INSERT INTO commitment_targets (commitment_id, position, target_type, target_year, year_qualifier, baseline_year, reduction_pct) VALUES ('cmt_d', 0, 'emissions_reduction', 2030, 'by', 2013, 46);
      INSERT INTO agreement_targets (agreement_id, position, target_type, target_year, year_qualifier) VALUES ('agr_a', 0, 'net_zero', 2050, 'or_later');
      INSERT INTO progress_updates (id, commitment_id, as_of_date, status, source_url, created_at, updated_at) VALUES ('prg_p', 'cmt_d', '2025', 'in_progress', 'https://example.org/p', ${at}, ${at});
      INSERT INTO compliance_reports (id, summit_id, kind, created_at, updated_at) VALUES ('rpt_r', 'smt_s', 'final', ${at}, ${at});
      INSERT INTO assessments (id, report_id, commitment_id, participant_id, score, created_at, updated_at) VALUES ('asm_a', 'rpt_r', 'cmt_c', 'par_jpn', 1, ${at}, ${at});
    `);
    const snapshotOf = (table: string) => rows(old, `SELECT rowid, * FROM ${table} ORDER BY rowid`);
    const tables = ['commitments', 'commitment_parties', 'commitment_themes', 'progress_updates', 'assessments'];
    const before = Object.fromEntries(tables.map((t) => [t, snapshotOf(t)]));
    const targetsBefore = { agreement_targets: snapshotOf('agreement_targets'), commitment_targets: snapshotOf('commitment_targets') };
    const triggers = schemaObjects(old, 'trigger');

    migrate(old, { migrationsFolder: migrationsUpTo(TAG, true) });

    for (const table of tables) expect(snapshotOf(table)).toEqual(before[table]);
    const newDefaults = { year_basis: 'calendar', measure: 'absolute', intensity_basis: null, indicator: null, multiple: null, quantity: null, unit: null, conditional: 0 };
    for (const [table, was] of Object.entries(targetsBefore)) {
      expect(snapshotOf(table)).toEqual(was.map((row) => ({ ...(row as object), ...newDefaults })));
    }
    expect(schemaObjects(old, 'trigger')).toEqual(triggers);
    expect(rows(old, "SELECT name FROM sqlite_master WHERE name GLOB '__old_*'")).toEqual([]);
    expect(old.$client.pragma('foreign_key_check')).toEqual([]);
    expect(old.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(rows(old, "SELECT rowid FROM commitments_fts WHERE commitments_fts MATCH 'zephyrine'")).toEqual(
      rows(old, "SELECT rowid FROM commitments WHERE id = 'cmt_d'"),
    );
    // A commitment of its own needs its date and a source; the parties still cascade with their commitment.
    expect(constraintCode(`INSERT INTO commitments (id, text, scope, made_date, created_at, updated_at) VALUES ('cmt_x', 'x', 'individual', '2020', ${at}, ${at})`, old)).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(
      constraintCode(`INSERT INTO commitments (id, text, scope, made_date, source_urls, created_at, updated_at) VALUES ('cmt_y', 'y', 'individual', '2020-10-26', '["https://example.org/s"]', ${at}, ${at})`, old),
    ).toBeUndefined();
    expect(constraintCode("INSERT INTO commitment_targets (commitment_id, position, target_type, target_year, quantity) VALUES ('cmt_y', 0, 'increase', 2030, 11000)", old)).toBe('SQLITE_CONSTRAINT_CHECK');
    old.$client.exec("DELETE FROM commitments WHERE id = 'cmt_y'");
    expect(constraintCode("DELETE FROM commitments WHERE id = 'cmt_d'", old)).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
  });
});
