// Positions in the database: plain functions taking a database or a transaction first.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { ID_PREFIX, stamp } from '../db/ids.js';
import { columnValues, insertRecord, replaceVersioned } from '../db/records.js';
import { positions } from '../db/schema.js';
import { heldOn } from '../domain/dates.js';
import { NotFoundError, RuleViolation, type Violation } from '../domain/errors.js';
import { recordEvent, recordEvents } from '../events/events.queries.js';
import { getParticipant } from '../participants/participants.queries.js';
import type { Position, PositionInput } from './positions.schemas.js';

export function getPosition(db: Tx, id: string): Position | undefined {
  return db.select().from(positions).where(eq(positions.id, id)).get();
}

/** The person must be a person; the office must be a country's or an organization's. */
function checkPositionRules(db: Tx, input: PositionInput): void {
  const invalid: Violation[] = [];
  const person = getParticipant(db, input.personId);
  if (!person) invalid.push({ path: ['personId'], detail: `participant ${input.personId} does not exist` });
  else if (person.kind !== 'person') invalid.push({ path: ['personId'], detail: `must be a person; ${input.personId} is a ${person.kind}` });
  const organization = getParticipant(db, input.organizationId);
  if (!organization) invalid.push({ path: ['organizationId'], detail: `participant ${input.organizationId} does not exist` });
  else if (organization.kind === 'person') invalid.push({ path: ['organizationId'], detail: 'must be a country or an organization, not a person' });
  if (invalid.length > 0) throw new RuleViolation(invalid);
}

export function createPosition(tx: Tx, input: PositionInput): Position {
  checkPositionRules(tx, input);
  const { id, at } = stamp(ID_PREFIX.position);
  const position = insertRecord(tx, positions, { id, ...columnValues(positions, input), createdAt: at, updatedAt: at, version: 1 });
  recordEvent(tx, 'position.created', position);
  return position;
}

export function replacePosition(
  tx: Tx,
  id: string,
  prepare: (current: Position) => PositionInput,
  precondition: (version: number) => void,
): Position {
  return replaceVersioned({
    tx,
    event: 'position.updated',
    current: getPosition(tx, id),
    notFound: `Position ${id} does not exist`,
    precondition,
    prepare,
    check: (input) => checkPositionRules(tx, input),
    write: (input, change) =>
      tx
        .update(positions)
        .set({ ...columnValues(positions, input), ...change })
        .where(eq(positions.id, id))
        .returning()
        .get()!,
  });
}

export function deletePosition(tx: Tx, id: string, precondition: (version: number) => void): void {
  const current = getPosition(tx, id);
  if (!current) throw new NotFoundError(`Position ${id} does not exist`);
  precondition(current.version);
  tx.delete(positions).where(eq(positions.id, id)).run();
  recordEvent(tx, 'position.deleted', current);
}

/**
 * Removes a person's positions, each a change of its own, before the person goes (the rows would
 * go anyway, ON DELETE CASCADE; this records them in the change feed).
 */
export function deletePositionsOf(tx: Tx, personId: string): void {
  const held = tx.select().from(positions).where(eq(positions.personId, personId)).orderBy(asc(positions.startDate), asc(positions.id)).all();
  if (held.length === 0) return;
  tx.delete(positions).where(eq(positions.personId, personId)).run();
  recordEvents(tx, 'position.deleted', held);
}

/**
 * The positions each person held on each date (a summit's start), in one query for a whole page:
 * null where the date is unknown or no position is known to cover it (src/domain/dates.ts, heldOn).
 * Derived when read, so a later change of office leaves what was held at an earlier summit as it was.
 */
export function officesHeld(db: Tx, wanted: readonly { personId: string; date: string | null }[]): (Position[] | null)[] {
  const personIds = [...new Set(wanted.filter((w) => w.date !== null).map((w) => w.personId))];
  const rows = personIds.length
    ? db.select().from(positions).where(inArray(positions.personId, personIds)).orderBy(asc(positions.startDate), asc(positions.id)).all()
    : [];
  return wanted.map(({ personId, date }) => {
    if (date === null) return null;
    const held = rows.filter((p) => p.personId === personId && heldOn(p.startDate, p.endDate, date));
    return held.length > 0 ? held : null;
  });
}
