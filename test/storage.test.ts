// The database file as the operating system sees it: who may read it, a disk that fills up, and
// other connections writing to the same file.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../src/db/client.js';
import { summits } from '../src/db/schema.js';
import { expectNoWrite, expectProblem, makeApp } from './helpers.js';

const dirs: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.$client.open) db.$client.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A migrated database on a fresh file. */
function fileDatabase(path = join(tempDir(), 'nested', 'test.db')): { db: Db; path: string } {
  const db = openDatabase(path);
  open.push(db);
  migrateDatabase(db);
  return { db, path };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'summit-tracker-'));
  dirs.push(dir);
  return dir;
}

describe('file permissions', () => {
  it('when the database is created and written, then it and its -wal and -shm files are readable by their owner only', async () => {
    const { db, path } = fileDatabase();
    const { api } = makeApp(db);
    expect((await api.post('/v1/summits').send({ name: 'Private', kind: 'other' })).status).toBe(201);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect({ file, mode: (statSync(file).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
    }
  });
});

describe('a full disk', () => {
  // SQLite's page limit stands in for the disk: max_page_count caps how far the file may grow, and
  // a write past it fails with SQLITE_FULL as it would on a full filesystem.
  const pageCount = (db: Db) => db.$client.pragma('page_count', { simple: true }) as number;
  const limitGrowth = (db: Db, pages: number) => db.$client.pragma(`max_page_count = ${pageCount(db) + pages}`);
  /** A body under the 1 MB limit whose summits take about 1.5 MB in the database (360 pages of 4 KiB). */
  const manySummits = () =>
    Array.from({ length: 300 }, (_, i) => ({ name: `Summit ${i}`, kind: 'other', description: `Minutes of meeting ${i}. `.repeat(120) }));

  it('when the database cannot grow, then a write gets 507 and writes nothing, /readyz fails, and both recover once space is freed', async () => {
    const { db } = fileDatabase();
    const { api } = makeApp(db);
    expect(await api.get('/readyz')).toMatchObject({ status: 200, body: { status: 'pass', checks: { database: 'pass', storage: 'pass' } } });

    limitGrowth(db, 0);
    const full = await expectNoWrite(db, () => api.post('/v1/summits').send(manySummits()));
    expectProblem(full, 507, 'insufficient_storage');
    expect(full.body.detail).toBe('The storage of the database is full; nothing was written. Retry once space has been freed');
    expect(await api.get('/readyz')).toMatchObject({ status: 503, body: { status: 'fail', checks: { database: 'pass', storage: 'fail' } } });

    limitGrowth(db, 10_000);
    expect(await api.get('/readyz')).toMatchObject({ status: 200, body: { status: 'pass', checks: { storage: 'pass' } } });
    expect((await api.post('/v1/summits').send(manySummits())).status).toBe(201);
  });

  it('when a write failed for want of more room than the margin, then /readyz fails until that much more is freed', async () => {
    const { db } = fileDatabase();
    const { api } = makeApp(db);
    // Room for about 1.2 MB: above the 1 MiB that /readyz asks for, below what the bulk needs.
    limitGrowth(db, 300);
    expect((await api.get('/readyz')).status).toBe(200);
    expectProblem(await api.post('/v1/summits').send(manySummits()), 507, 'insufficient_storage');
    expect((await api.get('/readyz')).status).toBe(503);
    limitGrowth(db, 10_000);
    expect((await api.get('/readyz')).status).toBe(200);
    expect((await api.post('/v1/summits').send(manySummits())).status).toBe(201);
  });

  it('when a single write finds no room, then it too gets 507', async () => {
    const { db } = fileDatabase();
    const { api } = makeApp(db);
    limitGrowth(db, 0);
    // Creates fill the pages the file already has; the first that needs a new one is refused.
    let res = await api.post('/v1/summits').send({ name: 'Fits', kind: 'other', description: 'x'.repeat(3000) });
    for (let i = 0; res.status === 201 && i < 100; i++) {
      res = await api.post('/v1/summits').send({ name: `Fits ${i}`, kind: 'other', description: 'x'.repeat(3000) });
    }
    expectProblem(res, 507, 'insufficient_storage');
  });
});

describe('another connection on the same file', () => {
  /** Two connections to one migrated file, as two processes of the service would have. */
  function twoConnections() {
    const first = fileDatabase();
    const second = fileDatabase(first.path);
    return { db: first.db, other: second.db };
  }

  it('when a transaction begins, then it takes the write lock at once instead of at its first write', () => {
    const { db, other } = twoConnections();
    other.$client.exec('BEGIN IMMEDIATE');
    db.$client.pragma('busy_timeout = 0');
    // A transaction that only reads still asks for the lock: none can read, then fail to write.
    expect(() => db.transaction((tx) => tx.select().from(summits).all())).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    other.$client.exec('ROLLBACK');
    expect(db.transaction((tx) => tx.select().from(summits).all())).toEqual([]);
  });

  it('when the other connection holds the write lock past busy_timeout, then 503 with Retry-After, nothing written, and the retry succeeds', async () => {
    const { db, other } = twoConnections();
    const { api } = makeApp(db);
    db.$client.pragma('busy_timeout = 50');
    other.$client.exec('BEGIN IMMEDIATE');
    const res = await expectNoWrite(other, () => api.post('/v1/summits').send({ name: 'Waits', kind: 'other' }));
    expectProblem(res, 503, 'unavailable');
    expect(res.headers['retry-after']).toBe('1');
    other.$client.exec('COMMIT');
    expect((await api.post('/v1/summits').send({ name: 'Waits', kind: 'other' })).status).toBe(201);
  });

  it('when a write finds its snapshot outdated (SQLITE_BUSY_SNAPSHOT), then 503 with Retry-After rather than 500', async () => {
    const { db, other } = twoConnections();
    const { api } = makeApp(db);
    // A read transaction left open on the service's connection, then a commit by the other one:
    // the service's next write cannot build on what it read.
    db.$client.exec('BEGIN');
    db.$client.prepare('SELECT count(*) FROM summits').get();
    other.$client.prepare("INSERT INTO summits (id, name, kind, created_at, updated_at, version) VALUES ('smt_other', 'Other', 'other', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', 1)").run();
    const res = await api.post('/v1/summits').send({ name: 'Stale', kind: 'other' });
    db.$client.exec('ROLLBACK');
    expectProblem(res, 503, 'unavailable');
    expect(res.headers['retry-after']).toBe('1');
  });
});
