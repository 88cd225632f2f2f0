// What every stored record shares: its own columns written from a validated input.
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

const SERVER_OWNED = new Set(['id', 'createdAt', 'updatedAt', 'version']);

/**
 * The values of a record's own columns, taken from a validated input: a member the input leaves
 * out is stored as NULL where the column allows it, so that a replacement clears it. Columns the
 * input does not carry and that cannot be NULL (a parent's key, a derived status) are the caller's.
 */
export function columnValues<T extends SQLiteTable>(
  table: T,
  input: object,
): Omit<T['$inferInsert'], 'id' | 'createdAt' | 'updatedAt' | 'version'> {
  const values: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (SERVER_OWNED.has(key)) continue;
    if (key in input) values[key] = (input as Record<string, unknown>)[key] ?? null;
    else if (!column.notNull) values[key] = null;
  }
  return values as Omit<T['$inferInsert'], 'id' | 'createdAt' | 'updatedAt' | 'version'>;
}
