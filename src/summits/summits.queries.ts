import { and, eq, inArray } from 'drizzle-orm';
import { countRows, type Db, type Tx, type Writer } from '../db/client.js';
import { ID_PREFIX, now, stamp } from '../db/ids.js';
import { columnValues } from '../db/records.js';
import { agreements, commitments, summitParticipations, summits } from '../db/schema.js';
import { dependentsProblem, HttpProblem } from '../http/problem.js';
import { isUnchanged } from '../http/resource.js';
import { getParticipant } from '../participants/participants.queries.js';
import type { Participation, ParticipationInput, Summit, SummitInput } from './summits.schemas.js';

/** The summits with these ids (nulls and repeats skipped), by id: one query for a page. */
export function summitsById(db: Tx, ids: Iterable<string | null>): Map<string, Summit> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  return new Map(db.select().from(summits).where(inArray(summits.id, wanted)).all().map((s) => [s.id, s]));
}

export function getSummit(db: Tx, id: string): Summit | undefined {
  return db.select().from(summits).where(eq(summits.id, id)).get();
}

export function createSummit(db: Writer, input: SummitInput): Summit {
  const { id, at } = stamp(ID_PREFIX.summit);
  return db
    .insert(summits)
    .values({ id, ...columnValues(summits, input), createdAt: at, updatedAt: at, version: 1 })
    .returning()
    .get();
}

export function replaceSummit(
  db: Db,
  id: string,
  prepare: (current: Summit) => SummitInput,
  precondition: (version: number) => void,
): Summit {
  return db.transaction((tx) => {
    const current = getSummit(tx, id);
    if (!current) throw HttpProblem.notFound('Summit', id);
    precondition(current.version);
    const input = prepare(current);
    if (isUnchanged(current, input)) return current;
    return tx
      .update(summits)
      .set({ ...columnValues(summits, input), updatedAt: now(), version: current.version + 1 })
      .where(eq(summits.id, id))
      .returning()
      .get();
  });
}

/** Deletes a summit with its participations; refused while agreements or commitments refer to it. */
export function deleteSummit(db: Db, id: string, precondition: (version: number) => void): void {
  db.transaction((tx) => {
    const current = getSummit(tx, id);
    if (!current) throw HttpProblem.notFound('Summit', id);
    precondition(current.version);
    const problem = dependentsProblem('Summit', id, {
      agreements: countRows(tx, agreements, eq(agreements.summitId, id)),
      commitments: countRows(tx, commitments, eq(commitments.summitId, id)),
    });
    if (problem) throw problem;
    tx.delete(summits).where(eq(summits.id, id)).run();
  });
}

/* ---------- participations ---------- */

const participationKey = (summitId: string, participantId: string) =>
  and(eq(summitParticipations.summitId, summitId), eq(summitParticipations.participantId, participantId));

export function getParticipation(db: Tx, summitId: string, participantId: string): Participation | undefined {
  return db.select().from(summitParticipations).where(participationKey(summitId, participantId)).get();
}

function requireSummit(db: Tx, summitId: string): Summit {
  const summit = getSummit(db, summitId);
  if (!summit) throw HttpProblem.notFound('Summit', summitId);
  return summit;
}

/**
 * Creates or replaces one participation; `created` tells which. `precondition` also runs when none
 * exists yet (with `undefined`), so that an `If-Match` naming a vanished version is refused.
 */
export function putParticipation(
  db: Db,
  summitId: string,
  participantId: string,
  input: ParticipationInput,
  precondition: (version: number | undefined) => void,
): { participation: Participation; created: boolean } {
  return db.transaction((tx) => {
    requireSummit(tx, summitId);
    const participant = getParticipant(tx, participantId);
    if (!participant) throw HttpProblem.notFound('Participant', participantId);
    const current = getParticipation(tx, summitId, participantId);
    precondition(current?.version);

    const invalid: { pointer: string; detail: string }[] = [];
    if ((input.role === 'host' || input.role === 'co_host') && participant.kind === 'person') {
      invalid.push({ pointer: '#/role', detail: `a ${input.role} must be a country or an organization, not a person` });
    }
    if (input.onBehalfOfId) {
      if (input.onBehalfOfId === participantId) {
        invalid.push({ pointer: '#/onBehalfOfId', detail: 'must not be the participant itself' });
      } else if (!getParticipation(tx, summitId, input.onBehalfOfId)) {
        invalid.push({ pointer: '#/onBehalfOfId', detail: `${input.onBehalfOfId} does not take part in summit ${summitId}` });
      }
    }
    if (invalid.length > 0) throw HttpProblem.invalid(invalid);
    if (current && isUnchanged(current, { summitId, participantId, ...input })) return { participation: current, created: false };

    const columns = columnValues(summitParticipations, input);
    if (current) {
      const participation = tx
        .update(summitParticipations)
        .set({ ...columns, updatedAt: now(), version: current.version + 1 })
        .where(participationKey(summitId, participantId))
        .returning()
        .get();
      return { participation, created: false };
    }
    const at = now();
    const participation = tx
      .insert(summitParticipations)
      .values({ ...columns, summitId, participantId, createdAt: at, updatedAt: at, version: 1 })
      .returning()
      .get();
    return { participation, created: true };
  });
}

export function deleteParticipation(db: Db, summitId: string, participantId: string, precondition: (version: number) => void): void {
  db.transaction((tx) => {
    requireSummit(tx, summitId);
    const current = getParticipation(tx, summitId, participantId);
    if (!current) throw new HttpProblem('not_found', `Participant ${participantId} does not take part in summit ${summitId}`);
    precondition(current.version);
    const problem = dependentsProblem('Participation of', participantId, {
      delegationsOnBehalf: countRows(
        tx,
        summitParticipations,
        and(eq(summitParticipations.summitId, summitId), eq(summitParticipations.onBehalfOfId, participantId)),
      ),
    });
    if (problem) throw problem;
    tx.delete(summitParticipations).where(participationKey(summitId, participantId)).run();
  });
}

