// Participants in the database: plain functions taking a database or a transaction first.
import { and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { countRows, type Tx } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { ID_PREFIX, stamp } from '../db/ids.js';
import { columnValues, insertRecord, replaceVersioned } from '../db/records.js';
import { recordEvent } from '../events/events.queries.js';
import {
  agreementActions,
  assessments,
  commitmentParties,
  commitments,
  memberships,
  participants,
  positions,
  progressUpdates,
  summitParticipations,
  summits,
} from '../db/schema.js';
import { ConflictError, DependentsError, NotFoundError, RuleViolation, type Violation } from '../domain/errors.js';
import { deleteMembershipsOf } from '../memberships/memberships.queries.js';
import { deletePositionsOf } from '../positions/positions.queries.js';
import type { Participant, ParticipantInput } from './participants.schemas.js';

/** The participants with these ids (nulls and repeats skipped), by id: one query for a page. */
export function participantsById(db: Tx, ids: Iterable<string | null>): Map<string, Participant> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  return new Map(db.select().from(participants).where(inArray(participants.id, wanted)).all().map((p) => [p.id, p]));
}

const participantById = perConnection((db) => db.select().from(participants).where(eq(participants.id, sql.placeholder('id'))).prepare());
export function getParticipant(db: Tx, id: string): Participant | undefined {
  return participantById(db).get({ id });
}

/** The rules that need the database: the affiliation, uniqueness, and what a change of kind would break. */
function checkParticipantRules(db: Tx, input: ParticipantInput, self?: Participant): void {
  const invalid: Violation[] = [];
  if (input.affiliationId) {
    const affiliation = getParticipant(db, input.affiliationId);
    if (!affiliation) invalid.push({ path: ['affiliationId'], detail: `participant ${input.affiliationId} does not exist` });
    else if (affiliation.id === self?.id) invalid.push({ path: ['affiliationId'], detail: 'must not be the participant itself' });
    else if (affiliation.kind === 'person') invalid.push({ path: ['affiliationId'], detail: 'must be a country or an organization' });
  }
  if (self && input.kind === 'person' && self.kind !== 'person') {
    const affiliated = countRows(db, participants, eq(participants.affiliationId, self.id));
    if (affiliated > 0) {
      invalid.push({ path: ['kind'], detail: `cannot become a person: ${affiliated} participants name it as their affiliation` });
    }
    const hosting = countRows(
      db,
      summitParticipations,
      and(eq(summitParticipations.participantId, self.id), inArray(summitParticipations.role, ['host', 'co_host'])),
    );
    if (hosting > 0) invalid.push({ path: ['kind'], detail: `cannot become a person: it hosts ${hosting} summits` });
    // Only countries and organizations can be parties to an agreement (createAction).
    const acted = countRows(db, agreementActions, eq(agreementActions.participantId, self.id));
    if (acted > 0) invalid.push({ path: ['kind'], detail: `cannot become a person: it has ${acted} agreement action${acted === 1 ? '' : 's'}` });
    const offices = countRows(db, positions, eq(positions.organizationId, self.id));
    if (offices > 0) invalid.push({ path: ['kind'], detail: `cannot become a person: ${offices} positions are offices of it` });
  }
  if (self && self.kind === 'person' && input.kind !== 'person') {
    const held = countRows(db, positions, eq(positions.personId, self.id));
    if (held > 0) invalid.push({ path: ['kind'], detail: `cannot stop being a person: it holds ${held} positions` });
  }
  if (self && self.kind === 'organization' && input.kind !== 'organization') {
    const members = countRows(db, memberships, eq(memberships.groupId, self.id));
    if (members > 0) invalid.push({ path: ['kind'], detail: `cannot stop being an organization: ${members} memberships name it as their group` });
  }
  if (self && self.kind === 'country' && input.kind !== 'country') {
    const hosted = countRows(db, summits, eq(summits.hostCountryId, self.id));
    if (hosted > 0) invalid.push({ path: ['kind'], detail: `must stay a country: it is the host country of ${hosted} summit${hosted === 1 ? '' : 's'}` });
  }
  if (invalid.length > 0) throw new RuleViolation(invalid);

  // Without an identifier there is nothing to clash with; an empty OR would match every row.
  if (!input.iso3 && !input.wikidataId) return;
  const conflicts: Violation[] = [];
  const clashes = db
    .select({ id: participants.id, iso3: participants.iso3, wikidataId: participants.wikidataId })
    .from(participants)
    .where(
      and(
        self ? ne(participants.id, self.id) : undefined,
        or(
          input.iso3 ? eq(participants.iso3, input.iso3) : undefined,
          input.wikidataId ? eq(participants.wikidataId, input.wikidataId) : undefined,
        ),
      ),
    )
    .all();
  for (const clash of clashes) {
    if (input.iso3 && clash.iso3 === input.iso3) conflicts.push({ path: ['iso3'], detail: `${input.iso3} is already used by ${clash.id}` });
    if (input.wikidataId && clash.wikidataId === input.wikidataId) {
      conflicts.push({ path: ['wikidataId'], detail: `${input.wikidataId} is already used by ${clash.id}` });
    }
  }
  if (conflicts.length > 0) throw new ConflictError('Another participant already has this identifier', conflicts);
}

export function createParticipant(tx: Tx, input: ParticipantInput): Participant {
  checkParticipantRules(tx, input);
  const { id, at } = stamp(ID_PREFIX.participant);
  const participant = insertRecord(tx, participants, { id, ...columnValues(participants, input), createdAt: at, updatedAt: at, version: 1 });
  recordEvent(tx, 'participant.created', participant);
  return participant;
}

/**
 * Replaces a participant. `precondition` sees the stored version first and may refuse (If-Match);
 * `prepare` turns the stored record into the input to write (a merge patch does that).
 */
export function replaceParticipant(
  tx: Tx,
  id: string,
  prepare: (current: Participant) => ParticipantInput,
  precondition: (version: number) => void,
): Participant {
  return replaceVersioned({
    tx,
    event: 'participant.updated',
    current: getParticipant(tx, id),
    notFound: `Participant ${id} does not exist`,
    precondition,
    prepare,
    check: (input, current) => checkParticipantRules(tx, input, current),
    write: (input, change) =>
      tx
        .update(participants)
        .set({ ...columnValues(participants, input), ...change })
        .where(eq(participants.id, id))
        .returning()
        .get()!,
  });
}

export function deleteParticipant(tx: Tx, id: string, precondition: (version: number) => void): void {
  const current = getParticipant(tx, id);
  if (!current) throw new NotFoundError(`Participant ${id} does not exist`);
  precondition(current.version);
  const dependents = DependentsError.of('Participant', id, {
    // Two counts, each served by its own index; one OR of both would walk the whole table. A
    // delegation never acts on its own behalf (a CHECK), so no row is counted twice.
    summitParticipations:
      countRows(tx, summitParticipations, eq(summitParticipations.participantId, id)) +
      countRows(tx, summitParticipations, eq(summitParticipations.onBehalfOfId, id)),
    agreementActions: countRows(tx, agreementActions, eq(agreementActions.participantId, id)),
    commitmentParties: countRows(tx, commitmentParties, eq(commitmentParties.participantId, id)),
    proposedCommitments: countRows(tx, commitments, eq(commitments.proposedById, id)),
    affiliatedParticipants: countRows(tx, participants, eq(participants.affiliationId, id)),
    hostedSummits: countRows(tx, summits, eq(summits.hostCountryId, id)),
    progressUpdates: countRows(tx, progressUpdates, eq(progressUpdates.participantId, id)),
    assessments: countRows(tx, assessments, eq(assessments.participantId, id)),
    // Offices of it held by others, and members of it: facts about other participants.
    positions: countRows(tx, positions, eq(positions.organizationId, id)),
    memberships: countRows(tx, memberships, eq(memberships.groupId, id)),
  });
  if (dependents) throw dependents;
  // Its own positions and memberships are facts about it alone: they go with it, each recorded.
  deletePositionsOf(tx, id);
  deleteMembershipsOf(tx, id);
  tx.delete(participants).where(eq(participants.id, id)).run();
  recordEvent(tx, 'participant.deleted', current);
}
