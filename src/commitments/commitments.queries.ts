// Commitments with their parties, themes and targets in the database: plain functions taking a database or a transaction first.
import { and, asc, desc, eq, inArray, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import { countRows, type Tx } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { ID_PREFIX, stamp } from '../db/ids.js';
import { columnValues, replaceVersioned } from '../db/records.js';
import { recordEvent } from '../events/events.queries.js';
import {
  agreements,
  assessments,
  commitmentParties,
  commitments,
  commitmentTargets,
  commitmentThemes,
  participants,
  progressUpdates,
} from '../db/schema.js';
import { groupBy, presentTarget } from '../domain/targets.js';
import { ConflictError, DependentsError, NotFoundError, RuleViolation, type Violation } from '../domain/errors.js';
import { getSummit } from '../summits/summits.queries.js';
import type { Commitment, CommitmentInput } from './commitments.schemas.js';

type CommitmentRow = typeof commitments.$inferSelect;

/** Commitments with their parties, themes and targets: three queries for any number of rows. */
export function presentCommitments(db: Tx, rows: CommitmentRow[]): Commitment[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const parties = groupBy(
    db.select().from(commitmentParties).where(inArray(commitmentParties.commitmentId, ids)).orderBy(asc(commitmentParties.position)).all(),
    (p) => p.commitmentId,
  );
  const themes = groupBy(
    db.select().from(commitmentThemes).where(inArray(commitmentThemes.commitmentId, ids)).orderBy(asc(commitmentThemes.position)).all(),
    (t) => t.commitmentId,
  );
  const targets = groupBy(
    db.select().from(commitmentTargets).where(inArray(commitmentTargets.commitmentId, ids)).orderBy(asc(commitmentTargets.position)).all(),
    (t) => t.commitmentId,
  );
  return rows.map((row) => ({
    ...row,
    parties: (parties.get(row.id) ?? []).map((p) => ({ participantId: p.participantId, role: p.role })),
    themes: (themes.get(row.id) ?? []).map((t) => t.theme),
    targets: (targets.get(row.id) ?? []).map(presentTarget),
  }));
}

/** Every commitment matching `where`, newest first, with its children. */
export function commitmentsWhere(db: Tx, where: SQL): Commitment[] {
  return presentCommitments(db, db.select().from(commitments).where(where).orderBy(desc(commitments.createdAt), desc(commitments.id)).all());
}

const commitmentById = perConnection((db) => db.select().from(commitments).where(eq(commitments.id, sql.placeholder('id'))).prepare());
export function getCommitment(db: Tx, id: string): Commitment | undefined {
  const row = commitmentById(db).get({ id });
  return row ? presentCommitments(db, [row])[0] : undefined;
}

/**
 * A change must not orphan the record of whether the commitment was kept: a party that progress
 * updates or assessments name stays a party, and the commitment stays at the summits whose
 * compliance reports assess it (directly or through its agreement).
 */
function evidenceKept(db: Tx, id: string, input: CommitmentInput): Violation[] {
  const invalid: Violation[] = [];
  const parties = new Set(input.parties.map((p) => p.participantId));
  const named = db.all<{ participantId: string; n: number }>(sql`
    SELECT participant_id AS participantId, count(*) AS n FROM (
      SELECT participant_id FROM progress_updates WHERE commitment_id = ${id} AND participant_id IS NOT NULL
      UNION ALL SELECT participant_id FROM assessments WHERE commitment_id = ${id})
    GROUP BY participant_id`);
  for (const { participantId, n } of named) {
    if (!parties.has(participantId)) {
      invalid.push({ path: ['parties'], detail: `must keep ${participantId}: ${n} progress updates or assessments of this commitment name it` });
    }
  }
  const assessedAt = db.all<{ summitId: string }>(sql`
    SELECT DISTINCT r.summit_id AS summitId FROM assessments a JOIN compliance_reports r ON r.id = a.report_id WHERE a.commitment_id = ${id}`);
  if (assessedAt.length > 0) {
    const agreementSummit = input.agreementId
      ? db.select({ summitId: agreements.summitId }).from(agreements).where(eq(agreements.id, input.agreementId)).get()?.summitId
      : undefined;
    for (const { summitId } of assessedAt) {
      if (summitId !== input.summitId && summitId !== agreementSummit) {
        invalid.push({ path: ['summitId'], detail: `must stay at summit ${summitId}, whose compliance report assesses this commitment` });
      }
    }
  }
  return invalid;
}

/** Every referenced record must exist, an agreement's summit is the commitment's, and a code is unique within its summit. */
function checkCommitmentRules(db: Tx, input: CommitmentInput, selfId?: string): void {
  const invalid: Violation[] = [];
  if (input.summitId && !getSummit(db, input.summitId)) {
    invalid.push({ path: ['summitId'], detail: `summit ${input.summitId} does not exist` });
  }
  if (input.agreementId) {
    const agreement = db.select({ summitId: agreements.summitId }).from(agreements).where(eq(agreements.id, input.agreementId)).get();
    if (!agreement) invalid.push({ path: ['agreementId'], detail: `agreement ${input.agreementId} does not exist` });
    // A commitment made in an agreement was made where the agreement was adopted.
    else if (agreement.summitId && input.summitId && agreement.summitId !== input.summitId) {
      invalid.push({ path: ['agreementId'], detail: `was adopted at summit ${agreement.summitId}, not at the commitment's summit ${input.summitId}` });
    }
  }
  const referenced = [...input.parties.map((p) => p.participantId), ...(input.proposedById ? [input.proposedById] : [])];
  const known = new Set(
    db
      .select({ id: participants.id })
      .from(participants)
      .where(inArray(participants.id, referenced))
      .all()
      .map((p) => p.id),
  );
  input.parties.forEach((party, i) => {
    if (!known.has(party.participantId)) {
      invalid.push({ path: ['parties', i, 'participantId'], detail: `participant ${party.participantId} does not exist` });
    }
  });
  if (input.proposedById && !known.has(input.proposedById)) {
    invalid.push({ path: ['proposedById'], detail: `participant ${input.proposedById} does not exist` });
  }
  if (selfId) invalid.push(...evidenceKept(db, selfId, input));
  if (invalid.length > 0) throw new RuleViolation(invalid);

  if (input.code && input.summitId) {
    const clash = db
      .select({ id: commitments.id })
      .from(commitments)
      .where(
        and(
          eq(commitments.summitId, input.summitId),
          eq(commitments.code, input.code),
          isNotNull(commitments.code),
          selfId ? ne(commitments.id, selfId) : undefined,
        ),
      )
      .get();
    if (clash) {
      throw new ConflictError(`Code ${input.code} is already used in summit ${input.summitId}`, [
        { path: ['code'], detail: `is already used by ${clash.id}` },
      ]);
    }
  }
}

/** Replaces the parties, themes and targets of a commitment with those of `input`. */
function writeChildren(tx: Tx, commitmentId: string, input: CommitmentInput): void {
  tx.delete(commitmentParties).where(eq(commitmentParties.commitmentId, commitmentId)).run();
  tx.delete(commitmentThemes).where(eq(commitmentThemes.commitmentId, commitmentId)).run();
  tx.delete(commitmentTargets).where(eq(commitmentTargets.commitmentId, commitmentId)).run();
  tx.insert(commitmentParties)
    .values(input.parties.map((p, position) => ({ commitmentId, participantId: p.participantId, role: p.role, position })))
    .run();
  if (input.themes.length > 0) {
    tx.insert(commitmentThemes).values(input.themes.map((theme, position) => ({ commitmentId, theme, position }))).run();
  }
  if (input.targets.length > 0) {
    tx.insert(commitmentTargets).values(input.targets.map((t, position) => ({ ...columnValues(commitmentTargets, t), commitmentId, position }))).run();
  }
}

export function createCommitment(tx: Tx, input: CommitmentInput): Commitment {
  checkCommitmentRules(tx, input);
  const { id, at } = stamp(ID_PREFIX.commitment);
  tx.insert(commitments).values({ id, ...columnValues(commitments, input), createdAt: at, updatedAt: at, version: 1 }).run();
  writeChildren(tx, id, input);
  const commitment = getCommitment(tx, id)!;
  recordEvent(tx, 'commitment.created', commitment);
  return commitment;
}

export function replaceCommitment(
  tx: Tx,
  id: string,
  prepare: (current: Commitment) => CommitmentInput,
  precondition: (version: number) => void,
): Commitment {
  return replaceVersioned({
    tx,
    event: 'commitment.updated',
    current: getCommitment(tx, id),
    notFound: `Commitment ${id} does not exist`,
    precondition,
    prepare,
    check: (input) => checkCommitmentRules(tx, input, id),
    write: (input, change) => {
      tx.update(commitments)
        .set({ ...columnValues(commitments, input), ...change })
        .where(eq(commitments.id, id))
        .run();
      writeChildren(tx, id, input);
      return getCommitment(tx, id)!;
    },
  });
}

/** Deletes a commitment with its parties, themes and targets. */
export function deleteCommitment(tx: Tx, id: string, precondition: (version: number) => void): void {
  const current = getCommitment(tx, id);
  if (!current) throw new NotFoundError(`Commitment ${id} does not exist`);
  precondition(current.version);
  // Evidence and scores are the record of whether it was kept: withdraw it instead.
  const dependents = DependentsError.of('Commitment', id, {
    progressUpdates: countRows(tx, progressUpdates, eq(progressUpdates.commitmentId, id)),
    assessments: countRows(tx, assessments, eq(assessments.commitmentId, id)),
  });
  if (dependents) throw dependents;
  tx.delete(commitments).where(eq(commitments.id, id)).run();
  recordEvent(tx, 'commitment.deleted', current);
}
