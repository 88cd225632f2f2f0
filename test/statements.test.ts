// The connection reuses compiled statements by SQL text (src/db/client.ts): what a reused one must
// still do, since every query of the service goes through it.
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, STATEMENT_CACHE_SIZE } from '../src/db/client.js';

function database() {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const client = db.$client;
  client.exec("INSERT INTO participants (id, kind, name, created_at, updated_at) VALUES ('par_1', 'organization', 'ASEAN', 'a', 'a'), ('par_2', 'organization', 'EU', 'a', 'a')");
  return client;
}

describe('reused statements', () => {
  it('when the same SQL is prepared twice, then the compiled statement is reused', () => {
    const client = database();
    const sql = 'SELECT name FROM participants WHERE id = ?';
    expect(client.prepare(sql)).toBe(client.prepare(sql));
    expect(client.prepare(sql)).not.toBe(client.prepare(`${sql} `));
  });

  it('when a statement was left in raw, pluck or expand mode, then it comes back in its default mode', () => {
    const client = database();
    const sql = "SELECT id, name FROM participants WHERE id = 'par_1'";
    expect(client.prepare(sql).raw().get()).toEqual(['par_1', 'ASEAN']);
    expect(client.prepare(sql).get()).toEqual({ id: 'par_1', name: 'ASEAN' });
    expect(client.prepare(sql).pluck().get()).toBe('par_1');
    expect(client.prepare(sql).get()).toEqual({ id: 'par_1', name: 'ASEAN' });
    client.prepare(sql).safeIntegers();
    expect(client.prepare("SELECT count(*) AS n FROM participants WHERE id = 'par_1'").get()).toEqual({ n: 1 });
  });

  it('when a statement is busy with an open iterator, then the same SQL gets a statement of its own', () => {
    const client = database();
    const sql = 'SELECT id FROM participants ORDER BY id';
    const open = client.prepare(sql);
    const iterator = open.iterate();
    expect(iterator.next().value).toEqual({ id: 'par_1' });
    const other = client.prepare(sql);
    expect(other).not.toBe(open);
    expect(other.all()).toEqual([{ id: 'par_1' }, { id: 'par_2' }]);
    expect(iterator.next().value).toEqual({ id: 'par_2' });
    iterator.return?.();
  });

  it('when a write statement is reused, then each run binds its own parameters', () => {
    const client = database();
    const sql = 'UPDATE participants SET name = ? WHERE id = ?';
    client.prepare(sql).run('Association of Southeast Asian Nations', 'par_1');
    client.prepare(sql).run('European Union', 'par_2');
    expect(client.prepare('SELECT name FROM participants ORDER BY id').pluck().all()).toEqual(['Association of Southeast Asian Nations', 'European Union']);
  });

  it('when more SQL texts than the cache holds are prepared, then the least recently used is compiled again', () => {
    const client = database();
    const first = client.prepare('SELECT 0 AS n');
    const kept = client.prepare('SELECT 1 AS n');
    for (let i = 2; i <= STATEMENT_CACHE_SIZE; i++) {
      client.prepare(`SELECT ${i} AS n`);
      if (i % 100 === 0) client.prepare('SELECT 1 AS n'); // used again: stays
    }
    expect(client.prepare('SELECT 1 AS n')).toBe(kept);
    expect(client.prepare('SELECT 0 AS n')).not.toBe(first);
    expect(client.prepare('SELECT 0 AS n').get()).toEqual({ n: 0 });
  });
});
