// Summits and their participations in the database: plain functions taking a database or a transaction first.
import { and, asc, eq, inArray, sql, type Placeholder } from 'drizzle-orm';
import { countRows, type Tx } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { ID_PREFIX, now, stamp } from '../db/ids.js';
import { columnValues, insertRecord, isUnchanged, replaceVersioned } from '../db/records.js';
import { recordEvent, recordEvents } from '../events/events.queries.js';
import { agreements, commitments, complianceReports, summitParticipations, summits } from '../db/schema.js';
import { DependentsError, NotFoundError, RuleViolation, type Violation } from '../domain/errors.js';
import { getParticipant } from '../participants/participants.queries.js';
import type { Participation, ParticipationInput, Summit, SummitInput } from './summits.schemas.js';

/** The summits with these ids (nulls and repeats skipped), by id: one query for a page. */
export function summitsById(db: Tx, ids: Iterable<string | null>): Map<string, Summit> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  return new Map(db.select().from(summits).where(inArray(summits.id, wanted)).all().map((s) => [s.id, s]));
}

const summitById = perConnection((db) => db.select().from(summits).where(eq(summits.id, sql.placeholder('id'))).prepare());
export function getSummit(db: Tx, id: string): Summit | undefined {
  return summitById(db).get({ id });
}

/** The rule that needs the database: a summit is hosted by a country. */
function checkSummitRules(db: Tx, input: SummitInput): void {
  if (!input.hostCountryId) return;
  const host = getParticipant(db, input.hostCountryId);
  if (!host) throw new RuleViolation([{ path: ['hostCountryId'], detail: `participant ${input.hostCountryId} does not exist` }]);
  if (host.kind !== 'country') throw new RuleViolation([{ path: ['hostCountryId'], detail: `must be a country, not a ${host.kind}` }]);
}

export function createSummit(tx: Tx, input: SummitInput): Summit {
  checkSummitRules(tx, input);
  const { id, at } = stamp(ID_PREFIX.summit);
  const summit = insertRecord(tx, summits, { id, ...columnValues(summits, input), createdAt: at, updatedAt: at, version: 1 });
  recordEvent(tx, 'summit.created', summit);
  return summit;
}

export function replaceSummit(
  tx: Tx,
  id: string,
  prepare: (current: Summit) => SummitInput,
  precondition: (version: number) => void,
): Summit {
  return replaceVersioned({
    tx,
    event: 'summit.updated',
    current: getSummit(tx, id),
    notFound: `Summit ${id} does not exist`,
    precondition,
    prepare,
    check: (input) => checkSummitRules(tx, input),
    write: (input, change) =>
      tx
        .update(summits)
        .set({ ...columnValues(summits, input), ...change })
        .where(eq(summits.id, id))
        .returning()
        .get()!,
  });
}

/** Deletes a summit with its participations; refused while agreements or commitments refer to it. */
export function deleteSummit(tx: Tx, id: string, precondition: (version: number) => void): void {
  const current = getSummit(tx, id);
  if (!current) throw new NotFoundError(`Summit ${id} does not exist`);
  precondition(current.version);
  const dependents = DependentsError.of('Summit', id, {
    agreements: countRows(tx, agreements, eq(agreements.summitId, id)),
    commitments: countRows(tx, commitments, eq(commitments.summitId, id)),
    complianceReports: countRows(tx, complianceReports, eq(complianceReports.summitId, id)),
  });
  if (dependents) throw dependents;
  // The participations go with the summit (ON DELETE CASCADE): each is a change of its own.
  const participations = tx
    .select()
    .from(summitParticipations)
    .where(eq(summitParticipations.summitId, id))
    .orderBy(asc(summitParticipations.createdAt), asc(summitParticipations.participantId))
    .all();
  tx.delete(summits).where(eq(summits.id, id)).run();
  recordEvents(tx, 'participation.deleted', participations);
  recordEvent(tx, 'summit.deleted', current);
}

/* ---------- participations ---------- */

const participationKey = (summitId: string | Placeholder, participantId: string | Placeholder) =>
  and(eq(summitParticipations.summitId, summitId), eq(summitParticipations.participantId, participantId));

const participationByKey = perConnection((db) =>
  db.select().from(summitParticipations).where(participationKey(sql.placeholder('summitId'), sql.placeholder('participantId'))).prepare(),
);
export function getParticipation(db: Tx, summitId: string, participantId: string): Participation | undefined {
  return participationByKey(db).get({ summitId, participantId });
}

export function requireSummit(db: Tx, summitId: string): Summit {
  const summit = getSummit(db, summitId);
  if (!summit) throw new NotFoundError(`Summit ${summitId} does not exist`);
  return summit;
}

/**
 * Creates or replaces one participation; `created` tells which. `precondition` also runs when none
 * exists yet (with `undefined`), so that an `If-Match` naming a vanished version is refused.
 */
export function putParticipation(
  tx: Tx,
  summitId: string,
  participantId: string,
  input: ParticipationInput,
  precondition: (version: number | undefined) => void,
): { participation: Participation; created: boolean } {
  requireSummit(tx, summitId);
  const participant = getParticipant(tx, participantId);
  if (!participant) throw new NotFoundError(`Participant ${participantId} does not exist`);
  const current = getParticipation(tx, summitId, participantId);
  precondition(current?.version);

  const invalid: Violation[] = [];
  if ((input.role === 'host' || input.role === 'co_host') && participant.kind === 'person') {
    invalid.push({ path: ['role'], detail: `a ${input.role} must be a country or an organization, not a person` });
  }
  if (input.onBehalfOfId) {
    if (input.onBehalfOfId === participantId) {
      invalid.push({ path: ['onBehalfOfId'], detail: 'must not be the participant itself' });
    } else if (!getParticipation(tx, summitId, input.onBehalfOfId)) {
      invalid.push({ path: ['onBehalfOfId'], detail: `${input.onBehalfOfId} does not take part in summit ${summitId}` });
    }
  }
  if (invalid.length > 0) throw new RuleViolation(invalid);
  if (current && isUnchanged(current, { summitId, participantId, ...input })) return { participation: current, created: false };

  const columns = columnValues(summitParticipations, input);
  if (current) {
    const participation = tx
      .update(summitParticipations)
      .set({ ...columns, updatedAt: now(), version: current.version + 1 })
      .where(participationKey(summitId, participantId))
      .returning()
      .get();
    recordEvent(tx, 'participation.updated', participation);
    return { participation, created: false };
  }
  const at = now();
  const participation = tx
    .insert(summitParticipations)
    .values({ ...columns, summitId, participantId, createdAt: at, updatedAt: at, version: 1 })
    .returning()
    .get();
  recordEvent(tx, 'participation.created', participation);
  return { participation, created: true };
}

export function deleteParticipation(tx: Tx, summitId: string, participantId: string, precondition: (version: number) => void): void {
  requireSummit(tx, summitId);
  const current = getParticipation(tx, summitId, participantId);
  if (!current) throw new NotFoundError(`Participant ${participantId} does not take part in summit ${summitId}`);
  precondition(current.version);
  const dependents = DependentsError.of('Participation of', participantId, {
    delegationsOnBehalf: countRows(
      tx,
      summitParticipations,
      and(eq(summitParticipations.summitId, summitId), eq(summitParticipations.onBehalfOfId, participantId)),
    ),
  });
  if (dependents) throw dependents;
  tx.delete(summitParticipations).where(participationKey(summitId, participantId)).run();
  recordEvent(tx, 'participation.deleted', current);
}
