// Progress updates in the database, and the commitment status they set.
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { ID_PREFIX, now, stamp } from '../db/ids.js';
import { columnValues, insertRecord } from '../db/records.js';
import { getCommitment } from '../commitments/commitments.queries.js';
import { recordEvent } from '../events/events.queries.js';
import { commitmentParties, commitments, progressUpdates } from '../db/schema.js';
import { NotFoundError, RuleViolation, type Violation } from '../domain/errors.js';
import { notBefore } from '../http/fields.js';
import type { ProgressInput, ProgressUpdate } from './progress.schemas.js';

export function requireCommitment(db: Tx, id: string): void {
  if (!db.select({ id: commitments.id }).from(commitments).where(eq(commitments.id, id)).get()) {
    throw new NotFoundError(`Commitment ${id} does not exist`);
  }
}

const progressById = perConnection((db) =>
  db
    .select()
    .from(progressUpdates)
    .where(and(eq(progressUpdates.commitmentId, sql.placeholder('commitmentId')), eq(progressUpdates.id, sql.placeholder('id'))))
    .prepare(),
);
export function getProgress(db: Tx, commitmentId: string, id: string): ProgressUpdate | undefined {
  return progressById(db).get({ commitmentId, id });
}

/** Latest evidence first: the latest asOfDate (a year before the dates within it), then the one recorded last. */
export const latestFirst = () => [desc(progressUpdates.asOfDate), desc(progressUpdates.createdAt), desc(progressUpdates.id)];

/**
 * The commitment's progressStatus is the status of its latest update: the latest asOfDate (a
 * year sorts before the dates within it), ties going to the one recorded last. A change of it
 * is a change of the commitment: new version, new ETag, and an event of its own.
 */
function refreshProgressStatus(tx: Tx, commitmentId: string): void {
  const latest = tx
    .select({ status: progressUpdates.status })
    .from(progressUpdates)
    .where(eq(progressUpdates.commitmentId, commitmentId))
    .orderBy(...latestFirst())
    .limit(1)
    .get();
  const status = latest?.status ?? 'not_yet_rated';
  const changed = tx
    .update(commitments)
    .set({ progressStatus: status, updatedAt: now(), version: sql`${commitments.version} + 1` })
    .where(and(eq(commitments.id, commitmentId), ne(commitments.progressStatus, status)))
    .returning({ id: commitments.id })
    .get();
  if (changed) recordEvent(tx, 'commitment.updated', getCommitment(tx, commitmentId)!);
}

/** Appends an update: evidence as of a date that has come, about the commitment or one of its parties. */
export function createProgress(tx: Tx, commitmentId: string, input: ProgressInput, today: string): ProgressUpdate {
  requireCommitment(tx, commitmentId);
  const invalid: Violation[] = [];
  if (!notBefore(today, input.asOfDate)) invalid.push({ path: ['asOfDate'], detail: `must not be after today (${today})` });
  if (input.participantId) {
    const party = tx
      .select({ role: commitmentParties.role })
      .from(commitmentParties)
      .where(and(eq(commitmentParties.commitmentId, commitmentId), eq(commitmentParties.participantId, input.participantId)))
      .get();
    if (!party) invalid.push({ path: ['participantId'], detail: `${input.participantId} is not a party to commitment ${commitmentId}` });
  }
  if (invalid.length > 0) throw new RuleViolation(invalid);
  const { id, at } = stamp(ID_PREFIX.progressUpdate);
  const update = insertRecord(tx, progressUpdates, {
    id,
    ...columnValues(progressUpdates, input),
    commitmentId,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
  recordEvent(tx, 'progressUpdate.created', update);
  refreshProgressStatus(tx, commitmentId);
  return update;
}
