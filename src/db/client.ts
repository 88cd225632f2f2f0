import { closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database, { type Statement } from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { count, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { keep, recall } from '../lru.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** A database handle or a transaction: every query function accepts either. */
export type Tx = Pick<Db, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | 'run' | 'all' | 'get'>;

/** How the query builder names columns; anything that renders SQL apart from a handle uses the same. */
export const CASING = 'snake_case';

/**
 * The SQLite connection of a handle or of a transaction on it (they share one session). For the
 * queries the builder does not serve well: a statement kept and run by its SQL text.
 */
export function clientOf(db: Tx): Database.Database {
  return (db as unknown as { session: { client: Database.Database } }).session.client;
}

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Opens the SQLite file with the settings every write relies on: WAL with synchronous=FULL, so a
 * commit that was acknowledged survives a crash and a power loss; foreign keys enforced; and a busy
 * timeout so a second process (a backup, the key command) waits instead of failing.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true });
    createOwnerOnly(path);
  }
  return configured(new Database(path));
}

/**
 * An in-memory database made from the bytes of another (`serialize()`), with the same settings as
 * openDatabase: the tests copy one migrated database instead of migrating one each.
 */
export function openDatabaseFrom(image: Buffer): Db {
  return configured(new Database(image));
}

function configured(client: Database.Database): Db {
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = FULL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  // SQLite's lower() and LIKE fold ASCII letters only; list filters use this for every script.
  client.function('unicode_lower', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  reuseStatements(client);
  return writeTransactionsFirst(drizzle({ client, schema, casing: CASING }) as Db);
}

/**
 * Makes every transaction begin with BEGIN IMMEDIATE unless it asks for another behavior. A
 * transaction that began DEFERRED reads first and asks for the write lock only at its first
 * write; when another connection (a second process on the same file, during a rolling restart)
 * holds it or has committed since that read, SQLite answers SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT at
 * once, without waiting out busy_timeout. Taking the lock at BEGIN waits for it instead. Every
 * transaction of the service writes; reads outside transactions are not affected.
 */
function writeTransactionsFirst(db: Db): Db {
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => transaction(run, { behavior: 'immediate', ...config })) as Db['transaction'];
  return db;
}

/**
 * Creates the database file, if it does not exist yet, readable and writable by its owner only:
 * it holds everything the service stores. SQLite gives the -wal and -shm files it creates next to
 * it the same mode. An existing file keeps the mode it has.
 */
function createOwnerOnly(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // SQLite would only say "unable to open database file".
    if (statSync(path).isDirectory()) throw new Error('it is a directory, not a file');
  }
}

/** How many compiled statements a connection keeps: every query shape of the API, with room to spare. */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * Makes `prepare` reuse the statement already compiled for the same SQL text. The query builder
 * prepares its SQL again on every call, and compiling it costs as much as running a simple query
 * (a create of 1,000 participants spent a fifth of its time there). A cached statement comes back
 * in its default modes; one still busy (an open iterator) is not shared, and the least recently
 * used one is dropped past STATEMENT_CACHE_SIZE.
 */
function reuseStatements(client: Database.Database): void {
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Statement>();
  client.prepare = ((source: string) => {
    const cached = recall(cache, source);
    if (cached && !cached.busy) {
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached.safeIntegers(false);
    }
    const statement = prepare(source);
    if (!cached) keep(cache, source, statement, STATEMENT_CACHE_SIZE);
    return statement;
  }) as typeof client.prepare;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder });
}

/** True when every migration in `migrations/` has been applied. */
export function migrationsApplied(db: Db): boolean {
  try {
    const row = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    return row.n >= migrationCount();
  } catch {
    return false;
  }
}

let journalEntries: number | undefined;
function migrationCount(): number {
  journalEntries ??= (
    JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: unknown[] }
  ).entries.length;
  return journalEntries;
}

/** How many rows of `table` match `where`. */
export function countRows(db: Tx, table: SQLiteTable, where: SQL | undefined): number {
  return db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
}
