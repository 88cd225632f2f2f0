// Memberships in the database: plain functions taking a database or a transaction first.
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { ID_PREFIX, stamp } from '../db/ids.js';
import { columnValues, insertRecord, replaceVersioned } from '../db/records.js';
import { memberships } from '../db/schema.js';
import { NotFoundError, RuleViolation, type Violation } from '../domain/errors.js';
import { recordEvent, recordEvents } from '../events/events.queries.js';
import { getParticipant } from '../participants/participants.queries.js';
import type { Membership, MembershipInput } from './memberships.schemas.js';

export function getMembership(db: Tx, id: string): Membership | undefined {
  return db.select().from(memberships).where(eq(memberships.id, id)).get();
}

/** The member may be any participant; the group must be an organization. */
function checkMembershipRules(db: Tx, input: MembershipInput): void {
  const invalid: Violation[] = [];
  if (!getParticipant(db, input.memberId)) invalid.push({ path: ['memberId'], detail: `participant ${input.memberId} does not exist` });
  const group = getParticipant(db, input.groupId);
  if (!group) invalid.push({ path: ['groupId'], detail: `participant ${input.groupId} does not exist` });
  else if (group.kind !== 'organization') invalid.push({ path: ['groupId'], detail: `must be an organization; ${input.groupId} is a ${group.kind}` });
  if (invalid.length > 0) throw new RuleViolation(invalid);
}

export function createMembership(tx: Tx, input: MembershipInput): Membership {
  checkMembershipRules(tx, input);
  const { id, at } = stamp(ID_PREFIX.membership);
  const membership = insertRecord(tx, memberships, { id, ...columnValues(memberships, input), createdAt: at, updatedAt: at, version: 1 });
  recordEvent(tx, 'membership.created', membership);
  return membership;
}

export function replaceMembership(
  tx: Tx,
  id: string,
  prepare: (current: Membership) => MembershipInput,
  precondition: (version: number) => void,
): Membership {
  return replaceVersioned({
    tx,
    event: 'membership.updated',
    current: getMembership(tx, id),
    notFound: `Membership ${id} does not exist`,
    precondition,
    prepare,
    check: (input) => checkMembershipRules(tx, input),
    write: (input, change) =>
      tx
        .update(memberships)
        .set({ ...columnValues(memberships, input), ...change })
        .where(eq(memberships.id, id))
        .returning()
        .get()!,
  });
}

export function deleteMembership(tx: Tx, id: string, precondition: (version: number) => void): void {
  const current = getMembership(tx, id);
  if (!current) throw new NotFoundError(`Membership ${id} does not exist`);
  precondition(current.version);
  tx.delete(memberships).where(eq(memberships.id, id)).run();
  recordEvent(tx, 'membership.deleted', current);
}

/** Removes a member's memberships, each a change of its own, before the member goes. */
export function deleteMembershipsOf(tx: Tx, memberId: string): void {
  const held = tx.select().from(memberships).where(eq(memberships.memberId, memberId)).orderBy(asc(memberships.startDate), asc(memberships.id)).all();
  if (held.length === 0) return;
  tx.delete(memberships).where(eq(memberships.memberId, memberId)).run();
  recordEvents(tx, 'membership.deleted', held);
}
