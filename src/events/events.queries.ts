// The change feed in the database: events are written by the query functions that make the
// changes, in their transactions, and read in the order they were written.
//
// Order: an event's id is a ULID taken while its transaction runs, from a generator that never
// goes backwards within the process (src/db/ids.ts). better-sqlite3 runs each transaction to its
// end before the next begins, so within one process id order is commit order, and a consumer
// that reads `id > after` never skips an event committed after its last read. That holds for
// the writes of one process: a second process writing to the same file at the same time (the
// seed command while the service serves writes) takes ids from its own clock, which may
// interleave with the service's.
import { and, asc, gt, inArray, lt, sql } from 'drizzle-orm';
import { encodeTime } from 'ulid';
import type { Tx } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { ID_PREFIX, stamp } from '../db/ids.js';
import { events } from '../db/schema.js';
import type { Page } from '../http/list.js';
import type { EventData, EventResource, EventType, EventsQuery } from './events.schemas.js';

export interface ChangeEvent {
  id: string;
  type: EventType;
  occurredAt: string;
  resourceId: string;
  data: Record<string, unknown>;
}

/** A participation has no id of its own: it is named by its summit and participant, as in its path. */
function resourceIdOf(data: EventData[keyof EventData]): string {
  return 'id' in data ? data.id : `${data.summitId}/${data.participantId}`;
}

type PreparedRun = { run: (values: Record<string, unknown>) => unknown };
/** The insert of an event, built once per connection: a bulk create writes a thousand of them. */
const eventInsert = perConnection((tx) => {
  const placeholders = Object.fromEntries(['id', 'type', 'occurredAt', 'resourceId', 'data'].map((key) => [key, sql.placeholder(key)]));
  return tx.insert(events).values(placeholders as unknown as typeof events.$inferInsert).prepare() as unknown as PreparedRun;
});

function insertEvent(tx: Tx, event: ChangeEvent): void {
  const insert = eventInsert(tx);
  insert.run(event as unknown as Record<string, unknown>);
}

/**
 * Records that a resource was created, updated or deleted, in the caller's transaction: `data` is
 * the resource as the API shows it after the change, or before it for a delete. Call it only
 * when something changed: a write that leaves the resource as it was is no event.
 */
export function recordEvent<T extends EventType>(tx: Tx, type: T, data: EventData[EventResource<T>]): void {
  const { id, at } = stamp(ID_PREFIX.event);
  insertEvent(tx, { id, type, occurredAt: at, resourceId: resourceIdOf(data), data: data as unknown as Record<string, unknown> });
}

/** recordEvent for each record: the children a delete takes with it. */
export function recordEvents<T extends EventType>(tx: Tx, type: T, records: readonly EventData[EventResource<T>][]): void {
  for (const record of records) recordEvent(tx, type, record);
}

/**
 * The events after `after`, in the order they were written, of the given types. The primary key
 * is walked from `after` and a types filter is applied on the way, so a consumer following one
 * rare type reads each event at most once over all its pages.
 */
export function listEvents(db: Tx, query: Pick<EventsQuery, 'after' | 'types'> & { limit: number }): Page<ChangeEvent> {
  const rows = db
    .select({ id: events.id, type: events.type, occurredAt: events.occurredAt, resourceId: events.resourceId, data: events.data })
    .from(events)
    .where(and(query.after ? gt(events.id, query.after) : undefined, query.types ? inArray(events.type, query.types) : undefined))
    .orderBy(asc(events.id))
    .limit(query.limit + 1)
    .all();
  const hasMore = rows.length > query.limit;
  const data = rows.slice(0, query.limit);
  return { data, hasMore, nextCursor: hasMore ? data.at(-1)!.id : null };
}

/**
 * Deletes up to `limit` events that occurred before `cutoff`, oldest first, and returns how many.
 * An id's first ten characters after the prefix encode its time, so "occurred before the cutoff"
 * is "id below the smallest id of the cutoff's millisecond": a range of the primary key.
 */
export function pruneEvents(tx: Tx, cutoff: Date, limit: number): number {
  const bound = `${ID_PREFIX.event}_${encodeTime(Math.max(0, cutoff.getTime()), 10)}`;
  const oldest = tx.select({ id: events.id }).from(events).where(lt(events.id, bound)).orderBy(asc(events.id)).limit(limit);
  return tx.delete(events).where(inArray(events.id, oldest)).run().changes;
}
