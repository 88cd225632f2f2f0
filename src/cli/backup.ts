// `npm run backup -- <file>`: a consistent copy of the database at DATABASE_PATH, taken with
// SQLite's online backup API while the service keeps running, then checked. Never copy the file
// itself: a copy taken during a write, or without its -wal file, can be torn.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../db/client.js';
import { configuredDatabasePath, invokedAsCommand } from './command.js';

/** Copies `db` into `file` page by page (writers are not blocked between steps) and checks the copy. */
export async function backupDatabase(db: Db, file: string): Promise<{ pages: number }> {
  let pages = 0;
  await db.$client.backup(file, {
    progress: ({ totalPages }) => {
      pages = totalPages;
      return 100; // pages per step; the service writes between steps
    },
  });
  const copy = new Database(file, { readonly: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the copy failed its integrity check: ${String(integrity)}`);
    const dangling = copy.pragma('foreign_key_check') as unknown[];
    if (dangling.length > 0) throw new Error(`the copy has ${dangling.length} dangling references`);
  } finally {
    copy.close();
  }
  return { pages };
}

async function main(): Promise<number> {
  const target = process.argv[2];
  if (!target || process.argv.length > 3) {
    console.error('Usage: npm run backup -- <file>   (copies the database at DATABASE_PATH into <file>)');
    return 2;
  }
  const databasePath = configuredDatabasePath();
  if (databasePath === undefined) return 1;
  if (!existsSync(databasePath)) {
    console.error(`DATABASE_PATH: there is no database at ${databasePath}`);
    return 1;
  }
  if (existsSync(target) && resolve(target) === resolve(databasePath)) {
    console.error('The backup must go to another file than the database itself');
    return 2;
  }
  const db = openDatabase(databasePath);
  try {
    const { pages } = await backupDatabase(db, target);
    console.log(`Backed up ${databasePath} to ${target} (${pages} pages), integrity checked.`);
    return 0;
  } catch (err) {
    console.error(`Backup failed: ${(err as Error).message}`);
    return 1;
  } finally {
    db.$client.close();
  }
}

if (invokedAsCommand(import.meta.url)) process.exitCode = await main();
