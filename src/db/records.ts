// What every stored record shares: its own columns written from a validated input, and a
// replacement that bumps the version only when the content changes.
import { getTableColumns, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Tx } from './client.js';
import { perConnection } from './prepared.js';
import { NotFoundError } from '../domain/errors.js';
import { recordEvent } from '../events/events.queries.js';
import type { EventData, EventResource, EventType } from '../events/events.schemas.js';
import { now } from './ids.js';

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

type PreparedInsert = { get: (values: Record<string, unknown>) => unknown };
/** The insert of each table, built once per connection. */
const insertsOf = perConnection(() => new Map<SQLiteTable, PreparedInsert>());

/**
 * Inserts one record, every column given, and returns it as stored. The statement is built once
 * per connection and table with placeholders, not by the query builder on every call: a bulk
 * create of 1,000 records spent more time building the same INSERT than running it.
 */
export function insertRecord<T extends SQLiteTable>(tx: Tx, table: T, record: T['$inferInsert']): T['$inferSelect'] {
  const inserts = insertsOf(tx);
  const columns = Object.keys(getTableColumns(table));
  let insert = inserts.get(table);
  if (!insert) {
    const placeholders = Object.fromEntries(columns.map((key) => [key, sql.placeholder(key)]));
    insert = tx.insert(table).values(placeholders as T['$inferInsert']).returning().prepare() as unknown as PreparedInsert;
    inserts.set(table, insert);
  }
  for (const key of columns) {
    if ((record as Record<string, unknown>)[key] === undefined) throw new Error(`insertRecord: no value for ${key}`);
  }
  return insert.get(record as Record<string, unknown>) as T['$inferSelect'];
}

/** Members the server owns or derives: never written by a client, never compared as content. */
export const READ_ONLY_FIELDS = new Set([...SERVER_OWNED, 'progressStatus', 'officeHeld']);

/** The writable part of a stored representation: what a PUT would send back. */
export function writableOf(resource: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => !READ_ONLY_FIELDS.has(key)));
}

/** A value with object keys sorted and null or absent members dropped, for comparing content. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] != null)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * Whether a replacement would leave the stored resource as it is. Such a write changes nothing,
 * so it keeps its version: an idle PUT or an empty PATCH does not invalidate everyone's ETag.
 */
export function isUnchanged(current: object, input: object): boolean {
  return JSON.stringify(canonical(writableOf(current))) === JSON.stringify(canonical(input));
}

type UpdateEvent = Extract<EventType, `${string}.updated`>;

/**
 * Replaces a versioned record: load it, let the caller refuse on its version (If-Match), turn it
 * into the input to write (a PUT body, or a merge patch applied to it), check the rules, and write
 * it with the next version, unless nothing would change. A change is recorded as `event` in the
 * change feed, with the record as written; no change, no event. Runs in the caller's transaction.
 */
export function replaceVersioned<E extends UpdateEvent, Input extends object>(steps: {
  tx: Tx;
  event: E;
  current: EventData[EventResource<E>] | undefined;
  notFound: string;
  precondition: (version: number) => void;
  prepare: (current: EventData[EventResource<E>]) => Input;
  check?: (input: Input, current: EventData[EventResource<E>]) => void;
  write: (input: Input, change: { updatedAt: string; version: number }) => EventData[EventResource<E>];
}): EventData[EventResource<E>] {
  const { current } = steps;
  if (!current) throw new NotFoundError(steps.notFound);
  steps.precondition(current.version);
  const input = steps.prepare(current);
  steps.check?.(input, current);
  if (isUnchanged(current, input)) return current;
  const written = steps.write(input, { updatedAt: now(), version: current.version + 1 });
  recordEvent(steps.tx, steps.event, written);
  return written;
}
