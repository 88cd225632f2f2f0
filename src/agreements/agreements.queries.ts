// Agreements and their party actions in the database: plain functions taking a database or a transaction first.
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { countRows, type Tx } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { ID_PREFIX, stamp } from '../db/ids.js';
import { columnValues, replaceVersioned } from '../db/records.js';
import { recordEvent, recordEvents } from '../events/events.queries.js';
import { agreementActions, agreements, agreementTargets, agreementThemes, commitments } from '../db/schema.js';
import { endsOnOrBefore } from '../domain/dates.js';
import { DependentsError, NotFoundError, RuleViolation } from '../domain/errors.js';
import { groupBy, presentTarget } from '../domain/targets.js';
import { dateCondition } from '../http/filters.js';
import { getParticipant } from '../participants/participants.queries.js';
import { getSummit } from '../summits/summits.queries.js';
import type { ActionInput, Agreement, AgreementAction, AgreementInput, PartyStanding } from './agreements.schemas.js';

type AgreementRow = typeof agreements.$inferSelect;

/** Agreements with their themes and targets, two queries for any number of rows. */
export function presentAgreements(db: Tx, rows: AgreementRow[]): Agreement[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const themes = groupBy(
    db.select().from(agreementThemes).where(inArray(agreementThemes.agreementId, ids)).orderBy(asc(agreementThemes.position)).all(),
    (t) => t.agreementId,
  );
  const targets = groupBy(
    db.select().from(agreementTargets).where(inArray(agreementTargets.agreementId, ids)).orderBy(asc(agreementTargets.position)).all(),
    (t) => t.agreementId,
  );
  return rows.map((row) => ({
    ...row,
    themes: (themes.get(row.id) ?? []).map((t) => t.theme),
    targets: (targets.get(row.id) ?? []).map(presentTarget),
  }));
}

/** Every agreement matching `where`, newest first, with its children. */
export function agreementsWhere(db: Tx, where: SQL): Agreement[] {
  return presentAgreements(db, db.select().from(agreements).where(where).orderBy(desc(agreements.createdAt), desc(agreements.id)).all());
}

const agreementById = perConnection((db) => db.select().from(agreements).where(eq(agreements.id, sql.placeholder('id'))).prepare());
export function getAgreement(db: Tx, id: string): Agreement | undefined {
  const row = agreementById(db).get({ id });
  return row ? presentAgreements(db, [row])[0] : undefined;
}

/** The summit must exist, and an agreement moved to a summit must not leave its commitments at another. */
function checkAgreementRefs(db: Tx, input: AgreementInput, selfId?: string): void {
  if (input.summitId && !getSummit(db, input.summitId)) {
    throw new RuleViolation([{ path: ['summitId'], detail: `summit ${input.summitId} does not exist` }]);
  }
  if (selfId && input.summitId) {
    const elsewhere = countRows(
      db,
      commitments,
      and(eq(commitments.agreementId, selfId), isNotNull(commitments.summitId), ne(commitments.summitId, input.summitId)),
    );
    if (elsewhere > 0) {
      throw new RuleViolation([
        { path: ['summitId'], detail: `${elsewhere} commitment${elsewhere === 1 ? '' : 's'} of this agreement belong${elsewhere === 1 ? 's' : ''} to another summit` },
      ]);
    }
  }
}

/** Replaces the themes and targets of an agreement with those of `input`. */
function writeChildren(tx: Tx, agreementId: string, input: AgreementInput): void {
  tx.delete(agreementThemes).where(eq(agreementThemes.agreementId, agreementId)).run();
  tx.delete(agreementTargets).where(eq(agreementTargets.agreementId, agreementId)).run();
  if (input.themes.length > 0) {
    tx.insert(agreementThemes).values(input.themes.map((theme, position) => ({ agreementId, theme, position }))).run();
  }
  if (input.targets.length > 0) {
    tx.insert(agreementTargets).values(input.targets.map((t, position) => ({ ...columnValues(agreementTargets, t), agreementId, position }))).run();
  }
}

export function createAgreement(tx: Tx, input: AgreementInput): Agreement {
  checkAgreementRefs(tx, input);
  const { id, at } = stamp(ID_PREFIX.agreement);
  tx.insert(agreements).values({ id, ...columnValues(agreements, input), createdAt: at, updatedAt: at, version: 1 }).run();
  writeChildren(tx, id, input);
  const agreement = getAgreement(tx, id)!;
  recordEvent(tx, 'agreement.created', agreement);
  return agreement;
}

export function replaceAgreement(
  tx: Tx,
  id: string,
  prepare: (current: Agreement) => AgreementInput,
  precondition: (version: number) => void,
): Agreement {
  return replaceVersioned({
    tx,
    event: 'agreement.updated',
    current: getAgreement(tx, id),
    notFound: `Agreement ${id} does not exist`,
    precondition,
    prepare,
    check: (input) => checkAgreementRefs(tx, input, id),
    write: (input, change) => {
      tx.update(agreements)
        .set({ ...columnValues(agreements, input), ...change })
        .where(eq(agreements.id, id))
        .run();
      writeChildren(tx, id, input);
      return getAgreement(tx, id)!;
    },
  });
}

/** Deletes an agreement with its themes, targets and party actions; refused while commitments refer to it. */
export function deleteAgreement(tx: Tx, id: string, precondition: (version: number) => void): void {
  const current = getAgreement(tx, id);
  if (!current) throw new NotFoundError(`Agreement ${id} does not exist`);
  precondition(current.version);
  const dependents = DependentsError.of('Agreement', id, {
    commitments: countRows(tx, commitments, eq(commitments.agreementId, id)),
  });
  if (dependents) throw dependents;
  // The actions go with the agreement (ON DELETE CASCADE): each is a change of its own.
  const actions = tx
    .select()
    .from(agreementActions)
    .where(eq(agreementActions.agreementId, id))
    .orderBy(asc(agreementActions.createdAt), asc(agreementActions.id))
    .all();
  tx.delete(agreements).where(eq(agreements.id, id)).run();
  recordEvents(tx, 'agreementAction.deleted', actions);
  recordEvent(tx, 'agreement.deleted', current);
}

/* ---------- party actions ---------- */

export function requireAgreement(db: Tx, id: string): void {
  if (!db.select({ id: agreements.id }).from(agreements).where(eq(agreements.id, id)).get()) {
    throw new NotFoundError(`Agreement ${id} does not exist`);
  }
}

const actionById = perConnection((db) =>
  db
    .select()
    .from(agreementActions)
    .where(and(eq(agreementActions.agreementId, sql.placeholder('agreementId')), eq(agreementActions.id, sql.placeholder('actionId'))))
    .prepare(),
);
export function getAction(db: Tx, agreementId: string, actionId: string): AgreementAction | undefined {
  return actionById(db).get({ agreementId, actionId });
}

export function createAction(tx: Tx, agreementId: string, input: ActionInput): AgreementAction {
  requireAgreement(tx, agreementId);
  const participant = getParticipant(tx, input.participantId);
  if (!participant) {
    throw new RuleViolation([{ path: ['participantId'], detail: `participant ${input.participantId} does not exist` }]);
  }
  // Parties to an agreement are states and organizations; a person signs on behalf of one of them.
  if (participant.kind === 'person') {
    throw new RuleViolation([{ path: ['participantId'], detail: 'must be a country or an organization, not a person: a person acts for its government' }]);
  }
  const { id, at } = stamp(ID_PREFIX.agreementAction);
  const action = tx
    .insert(agreementActions)
    .values({ id, ...columnValues(agreementActions, input), agreementId, createdAt: at, updatedAt: at, version: 1 })
    .returning()
    .get();
  recordEvent(tx, 'agreementAction.created', action);
  return action;
}

export function deleteAction(tx: Tx, agreementId: string, actionId: string, precondition: (version: number) => void): void {
  requireAgreement(tx, agreementId);
  const current = getAction(tx, agreementId, actionId);
  if (!current) throw new NotFoundError(`Agreement action ${actionId} does not exist`);
  precondition(current.version);
  tx.delete(agreementActions).where(eq(agreementActions.id, actionId)).run();
  recordEvent(tx, 'agreementAction.deleted', current);
}

const STANDING: Record<AgreementAction['action'], PartyStanding['status']> = {
  endorsed: 'endorsed',
  signed: 'signatory',
  ratified: 'party',
  accepted: 'party',
  approved: 'party',
  acceded: 'party',
  withdrew: 'withdrawn',
};

/**
 * Whether an action is in effect on `day`: when the whole period of its effectiveDate (without one,
 * its actionDate) lies on or before `day`, the rule of date filters (a withdrawal effective "2026"
 * counts from 2026-12-31). An undated action always counts.
 */
function inEffect(action: AgreementAction, day: string): boolean {
  const from = action.effectiveDate ?? action.actionDate;
  return from === null || endsOnOrBefore(from, day);
}

/**
 * Each participant's standing in each agreement on `day` (in participant id order), from the
 * actions in effect by then: the latest is the one with the latest actionDate (an undated action
 * counts as the oldest), ties going to the one recorded last. A withdrawal notified but not yet
 * effective leaves the party a party; a participant with no action in effect has no standing.
 */
export function partyStandings(db: Tx, agreementIds: string[], day: string): Map<string, PartyStanding[]> {
  const byAgreement = new Map<string, Map<string, PartyStanding>>(agreementIds.map((id) => [id, new Map()]));
  if (agreementIds.length === 0) return new Map();
  const actions = db
    .select()
    .from(agreementActions)
    .where(inArray(agreementActions.agreementId, agreementIds))
    .orderBy(desc(agreementActions.actionDate), desc(agreementActions.createdAt), desc(agreementActions.id))
    .all();
  for (const action of actions) {
    if (!inEffect(action, day)) continue;
    const standings = byAgreement.get(action.agreementId)!;
    const known = standings.get(action.participantId);
    if (known) known.actions += 1;
    else {
      standings.set(action.participantId, {
        participantId: action.participantId,
        status: STANDING[action.action],
        since: action.effectiveDate ?? action.actionDate,
        actions: 1,
      });
    }
  }
  const byParticipant = (a: PartyStanding, b: PartyStanding) => (a.participantId < b.participantId ? -1 : 1);
  return new Map([...byAgreement].map(([id, standings]) => [id, [...standings.values()].sort(byParticipant)]));
}

/* ---------- standings in SQL, for filters ---------- */

/** The standing an action gives (STANDING), as an SQL expression over an action column. */
export function standingOf(action: typeof agreementActions.action): SQL {
  const cases = Object.entries(STANDING).map(([from, to]) => sql`WHEN ${sql.raw(`'${from}'`)} THEN ${sql.raw(`'${to}'`)}`);
  return sql`(CASE ${action} ${sql.join(cases, sql` `)} END)`;
}

/** The columns of agreement_actions, of the table or of an alias of it. */
type ActionColumns = Record<'agreementId' | 'participantId' | 'actionDate' | 'effectiveDate' | 'createdAt' | 'id', SQLiteColumn>;

/** inEffect in SQL: the period of the effectiveDate (else the actionDate) ends on or before `day`, or the action is undated. */
function inEffectSql(a: ActionColumns, day: string): SQL {
  return or(and(isNull(a.effectiveDate), isNull(a.actionDate)), dateCondition(sql`coalesce(${a.effectiveDate}, ${a.actionDate})`, 'lte', day))!;
}

/** `later` comes before `a` in the order of partyStandings: latest actionDate first (undated last), then the one recorded last. */
function comesLater(later: ActionColumns, a: ActionColumns): SQL {
  return or(
    and(isNotNull(later.actionDate), or(isNull(a.actionDate), gt(later.actionDate, a.actionDate))),
    and(
      sql`${later.actionDate} IS ${a.actionDate}`,
      or(gt(later.createdAt, a.createdAt), and(eq(later.createdAt, a.createdAt), gt(later.id, a.id))),
    ),
  )!;
}

const LATER = 'later_action';
const laterAction = alias(agreementActions, LATER);

/**
 * Agreements in which some participant's standing on `day` (the latest of its actions in effect,
 * as partyStandings derives it) meets `condition`, a condition on that action's row
 * (agreement_actions.participant_id, standingOf(agreement_actions.action)).
 */
export function withStanding(condition: SQL, day: string): SQL {
  const a = agreementActions;
  return sql`${agreements.id} IN (SELECT ${a.agreementId} FROM ${a} WHERE ${and(
    condition,
    inEffectSql(a, day),
    // In a template an alias renders as its name alone, so the FROM clause names both.
    sql`NOT EXISTS (SELECT 1 FROM ${agreementActions} AS ${sql.identifier(LATER)} WHERE ${and(
      eq(laterAction.agreementId, a.agreementId),
      eq(laterAction.participantId, a.participantId),
      inEffectSql(laterAction, day),
      comesLater(laterAction, a),
    )})`,
  )})`;
}
