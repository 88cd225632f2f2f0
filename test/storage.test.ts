// The database file as the operating system sees it: who may read it, a disk that fills up, and
// other connections writing to the same file.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../src/db/client.js';
import { makeApp } from './helpers.js';

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
