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
