// Backups taken while the service writes (npm run backup): consistent, restorable, and made with
// SQLite's online backup API rather than a file copy.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../src/cli/backup.js';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { createCountry, createSummit, makeApp } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backupDatabase', () => {
  it('when a backup is taken while commitments are written, then the copy is consistent: every commitment has its parties, counts lie between before and after', async () => {
    const db = openDatabase(join(dir, 'live.db'));
    migrateDatabase(db);
    const { api } = makeApp(db);
    const [summit, japan] = [await createSummit(api), await createCountry(api, { name: 'Japan' })];
    const batch = (n: number) =>
      Array.from({ length: 200 }, (_, i) => ({
        text: `Commitment ${n}-${i}: ${'cooperation on carbon-free technology '.repeat(5)}`,
        scope: 'individual',
        summitId: summit.id,
        themes: ['energy.carbon_free_technology'],
        parties: [{ participantId: japan.id, role: 'pledger' }],
      }));
    for (let n = 0; n < 5; n++) await api.post('/v1/commitments').send(batch(n)).expect(201);
    const count = (on: { prepare: (sql: string) => { get: () => unknown } }) => (on.prepare('SELECT count(*) AS n FROM commitments').get() as { n: number }).n;
    const before = count(db.$client);

    let writing = true;
    const writer = (async () => {
      for (let n = 5; writing && n < 40; n++) await api.post('/v1/commitments').send(batch(n)).expect(201);
    })();
    const { pages } = await backupDatabase(db, join(dir, 'copy.db'));
    writing = false;
    await writer;
    const after = count(db.$client);

    expect(pages).toBeGreaterThan(100); // more than one step: writes could come between them
    const copy = new Database(join(dir, 'copy.db'), { readonly: true });
    const copied = count(copy);
    expect(copied).toBeGreaterThanOrEqual(before);
    expect(copied).toBeLessThanOrEqual(after);
    expect(copied % 200).toBe(0); // whole bulk creates only: each is one transaction
    const orphans = copy.prepare('SELECT count(*) AS n FROM commitments c WHERE NOT EXISTS (SELECT 1 FROM commitment_parties p WHERE p.commitment_id = c.id)').get() as { n: number };
    expect(orphans.n).toBe(0);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    db.$client.close();
  }, 60_000);

  it('when a backup is restored as the database file, then the service serves the same records', async () => {
    const db = openDatabase(join(dir, 'source.db'));
    migrateDatabase(db);
    const { api } = makeApp(db);
    const summit = await createSummit(api, { name: 'Central Asia + Japan Summit' });
    await backupDatabase(db, join(dir, 'restore-me.db'));
    db.$client.close();

    copyFileSync(join(dir, 'restore-me.db'), join(dir, 'restored.db'));
    const restored = openDatabase(join(dir, 'restored.db'));
    migrateDatabase(restored);
    const served = await makeApp(restored).api.get(`/v1/summits/${summit.id}`);
    expect(served.status).toBe(200);
    expect(served.body).toEqual(summit);
    restored.$client.close();
  });
});

describe('npm run backup', () => {
  it('when run with a target file, then it copies DATABASE_PATH there and says so; without one, it explains the usage', () => {
    const source = join(dir, 'cli.db');
    const db = openDatabase(source);
    migrateDatabase(db);
    db.$client.close();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/backup.ts', ...args], { env: { ...process.env, DATABASE_PATH: source }, encoding: 'utf8' });
    const done = run(join(dir, 'cli-copy.db'));
    expect(done.status).toBe(0);
    expect(done.stdout).toContain('integrity checked');
    const usage = run();
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run backup -- <file>');
  });
});
