// Compliance reports and assessments in the database, and the figures computed from them.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { countRows, type Tx } from '../db/client.js';
import { perConnection } from '../db/prepared.js';
import { ID_PREFIX, now, stamp } from '../db/ids.js';
import { columnValues, insertRecord, isUnchanged, replaceVersioned } from '../db/records.js';
import { recordEvent, recordEvents } from '../events/events.queries.js';
import { agreements, assessments, commitmentParties, commitments, complianceReports } from '../db/schema.js';
import { NotFoundError, RuleViolation, type Violation } from '../domain/errors.js';
import { getSummit } from '../summits/summits.queries.js';
import type { Assessment, AssessmentInput, ComplianceFigures, ComplianceReport, ReportInput, StatsQuery } from './compliance.schemas.js';

const reportById = perConnection((db) => db.select().from(complianceReports).where(eq(complianceReports.id, sql.placeholder('id'))).prepare());
export function getReport(db: Tx, id: string): ComplianceReport | undefined {
  return reportById(db).get({ id });
}

export function requireReport(db: Tx, id: string): ComplianceReport {
  const report = getReport(db, id);
  if (!report) throw new NotFoundError(`Compliance report ${id} does not exist`);
  return report;
}

function checkReportRules(db: Tx, input: ReportInput, self?: ComplianceReport): void {
  if (!getSummit(db, input.summitId)) throw new RuleViolation([{ path: ['summitId'], detail: `summit ${input.summitId} does not exist` }]);
  if (self && self.summitId !== input.summitId) {
    const scored = countRows(db, assessments, eq(assessments.reportId, self.id));
    if (scored > 0) {
      throw new RuleViolation([{ path: ['summitId'], detail: `cannot move to another summit: ${scored} assessments score commitments of ${self.summitId}` }]);
    }
  }
}

export function createReport(tx: Tx, input: ReportInput): ComplianceReport {
  checkReportRules(tx, input);
  const { id, at } = stamp(ID_PREFIX.complianceReport);
  const report = insertRecord(tx, complianceReports, { id, ...columnValues(complianceReports, input), createdAt: at, updatedAt: at, version: 1 });
  recordEvent(tx, 'complianceReport.created', report);
  return report;
}

export function replaceReport(
  tx: Tx,
  id: string,
  prepare: (current: ComplianceReport) => ReportInput,
  precondition: (version: number) => void,
): ComplianceReport {
  return replaceVersioned({
    tx,
    event: 'complianceReport.updated',
    current: getReport(tx, id),
    notFound: `Compliance report ${id} does not exist`,
    precondition,
    prepare,
    check: (input, current) => checkReportRules(tx, input, current),
    write: (input, change) =>
      tx
        .update(complianceReports)
        .set({ ...columnValues(complianceReports, input), ...change })
        .where(eq(complianceReports.id, id))
        .returning()
        .get()!,
  });
}

/** Deletes a report; its assessments go with it (ON DELETE CASCADE), each a change of its own. */
export function deleteReport(tx: Tx, id: string, precondition: (version: number) => void): void {
  const current = requireReport(tx, id);
  precondition(current.version);
  const scored = tx
    .select()
    .from(assessments)
    .where(eq(assessments.reportId, id))
    .orderBy(asc(assessments.createdAt), asc(assessments.id))
    .all() as Assessment[];
  tx.delete(complianceReports).where(eq(complianceReports.id, id)).run();
  recordEvents(tx, 'assessment.deleted', scored);
  recordEvent(tx, 'complianceReport.deleted', current);
}

const assessmentById = perConnection((db) =>
  db
    .select()
    .from(assessments)
    .where(and(eq(assessments.reportId, sql.placeholder('reportId')), eq(assessments.id, sql.placeholder('id'))))
    .prepare(),
);
export function getAssessment(db: Tx, reportId: string, id: string): Assessment | undefined {
  return assessmentById(db).get({ reportId, id }) as Assessment | undefined;
}

/**
 * Creates or replaces the report's assessments by (commitment, participant), all or none. Each
 * commitment must belong to the report's summit (directly or through its agreement) and each
 * participant must be one of its parties. A few queries for the whole batch, none per item.
 */
export function upsertAssessments(tx: Tx, reportId: string, items: AssessmentInput[]): Assessment[] {
  const report = requireReport(tx, reportId);
  const commitmentIds = [...new Set(items.map((i) => i.commitmentId))];
  const found = new Map(
    tx
      .select({ id: commitments.id, summitId: commitments.summitId, agreementSummitId: agreements.summitId })
      .from(commitments)
      .leftJoin(agreements, eq(agreements.id, commitments.agreementId))
      .where(inArray(commitments.id, commitmentIds))
      .all()
      .map((c) => [c.id, c]),
  );
  const parties = new Set(
    tx
      .select({ commitmentId: commitmentParties.commitmentId, participantId: commitmentParties.participantId })
      .from(commitmentParties)
      .where(inArray(commitmentParties.commitmentId, commitmentIds))
      .all()
      .map((p) => `${p.commitmentId} ${p.participantId}`),
  );
  const invalid: Violation[] = [];
  items.forEach((item, index) => {
    const commitment = found.get(item.commitmentId);
    if (!commitment) invalid.push({ path: [index, 'commitmentId'], detail: `commitment ${item.commitmentId} does not exist` });
    else if (commitment.summitId !== report.summitId && commitment.agreementSummitId !== report.summitId) {
      invalid.push({ path: [index, 'commitmentId'], detail: `commitment ${item.commitmentId} was not made at summit ${report.summitId}, which the report covers` });
    } else if (!parties.has(`${item.commitmentId} ${item.participantId}`)) {
      invalid.push({ path: [index, 'participantId'], detail: `${item.participantId} is not a party to commitment ${item.commitmentId}` });
    }
  });
  if (invalid.length > 0) throw new RuleViolation(invalid);

  const existing = new Map(
    (tx.select().from(assessments).where(eq(assessments.reportId, reportId)).all() as Assessment[]).map((a) => [`${a.commitmentId} ${a.participantId}`, a]),
  );
  return items.map((item) => {
    const current = existing.get(`${item.commitmentId} ${item.participantId}`);
    const columns = { ...columnValues(assessments, item), reportId };
    if (!current) {
      const { id, at } = stamp(ID_PREFIX.assessment);
      const created = insertRecord(tx, assessments, { id, ...columns, createdAt: at, updatedAt: at, version: 1 }) as Assessment;
      recordEvent(tx, 'assessment.created', created);
      return created;
    }
    if (isUnchanged(current, columns)) return current;
    const updated = tx
      .update(assessments)
      .set({ ...columns, updatedAt: now(), version: current.version + 1 })
      .where(eq(assessments.id, current.id))
      .returning()
      .get() as Assessment;
    recordEvent(tx, 'assessment.updated', updated);
    return updated;
  });
}

/* ---------- figures ---------- */

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The counts and the mean of scores as the API shows them: compliancePct from the unrounded mean. */
export function figures(row: { assessed: number; full: number; partial: number; none: number; total: number }): ComplianceFigures {
  const mean = row.assessed > 0 ? row.total / row.assessed : null;
  return {
    assessed: row.assessed,
    full: row.full,
    partial: row.partial,
    none: row.none,
    averageScore: mean === null ? null : round(mean, 2),
    compliancePct: mean === null ? null : round(((mean + 1) / 2) * 100, 1),
  };
}

export interface ScoreFilter {
  reportKind: 'interim' | 'final' | 'special';
  summitId?: string;
  participantId?: string;
  theme?: string;
  isPriority?: boolean;
}

const themeMatch = (column: SQL, theme: string) => sql`(${column} = ${theme} OR ${column} LIKE ${`${theme.replaceAll('_', '\\_')}.%`} ESCAPE '\\')`;

/**
 * The assessments that count, as a subquery: those of the latest report of the kind per summit
 * (by publishedDate, undated last, then creation), on commitments neither proposed nor withdrawn.
 */
function countedScores(filter: ScoreFilter): SQL {
  const conditions: SQL[] = [sql`c.status NOT IN ('proposed', 'withdrawn')`];
  if (filter.summitId) conditions.push(sql`r.summit_id = ${filter.summitId}`);
  if (filter.participantId) conditions.push(sql`a.participant_id = ${filter.participantId}`);
  if (filter.isPriority !== undefined) conditions.push(sql`c.is_priority = ${filter.isPriority ? 1 : 0}`);
  if (filter.theme) {
    conditions.push(sql`EXISTS (SELECT 1 FROM commitment_themes ft WHERE ft.commitment_id = c.id AND ${themeMatch(sql`ft.theme`, filter.theme)})`);
  }
  return sql`
    SELECT a.commitment_id, a.participant_id, a.score, r.summit_id, c.summary, c.code, c.text
    FROM compliance_reports r
    JOIN assessments a ON a.report_id = r.id
    JOIN commitments c ON c.id = a.commitment_id
    WHERE r.kind = ${filter.reportKind}
      AND r.id = (
        SELECT r2.id FROM compliance_reports r2
        WHERE r2.summit_id = r.summit_id AND r2.kind = r.kind
        ORDER BY r2.published_date IS NULL, r2.published_date DESC, r2.created_at DESC, r2.id DESC
        LIMIT 1)
      AND ${sql.join(conditions, sql` AND `)}`;
}

const TALLY = sql`count(s.score) AS assessed,
  coalesce(sum(s.score = 1), 0) AS "full", coalesce(sum(s.score = 0), 0) AS partial, coalesce(sum(s.score = -1), 0) AS "none",
  coalesce(sum(s.score), 0) AS total`;

type Tally = { assessed: number; full: number; partial: number; none: number; total: number };

/** Compliance figures grouped by participant, commitment, theme or summit: one query. */
export function complianceStats(db: Tx, query: StatsQuery): ({ key: string; label: string } & ComplianceFigures)[] {
  const filter: ScoreFilter = {
    reportKind: query.reportKind,
    ...(query.summitId ? { summitId: query.summitId } : {}),
    ...(query.participantId ? { participantId: query.participantId } : {}),
    ...(query.theme ? { theme: query.theme } : {}),
    ...(query.isPriority ? { isPriority: query.isPriority === 'true' } : {}),
  };
  const scores = countedScores(filter);
  const grouped: Record<StatsQuery['groupBy'], SQL> = {
    participant: sql`SELECT s.participant_id AS key, p.name AS label, ${TALLY} FROM (${scores}) s JOIN participants p ON p.id = s.participant_id GROUP BY s.participant_id`,
    commitment: sql`SELECT s.commitment_id AS key, coalesce(s.summary, s.code, substr(s.text, 1, 120)) AS label, ${TALLY} FROM (${scores}) s GROUP BY s.commitment_id`,
    summit: sql`SELECT s.summit_id AS key, sm.name AS label, ${TALLY} FROM (${scores}) s JOIN summits sm ON sm.id = s.summit_id GROUP BY s.summit_id`,
    // A commitment counts under each of its themes; with a theme filter, only under those of that subtree.
    theme: sql`SELECT t.theme AS key, t.theme AS label, ${TALLY} FROM (${scores}) s
      JOIN commitment_themes t ON t.commitment_id = s.commitment_id
      ${query.theme ? sql`WHERE ${themeMatch(sql`t.theme`, query.theme)}` : sql``}
      GROUP BY t.theme`,
  };
  const rows = db.all<{ key: string; label: string } & Tally>(sql`${grouped[query.groupBy]} ORDER BY label, key`);
  return rows.map((row) => ({ key: row.key, label: row.label, ...figures(row) }));
}

/** The figures of one participant over every summit: the profile's compliance part. */
export function participantCompliance(db: Tx, participantId: string, reportKind: ScoreFilter['reportKind'] = 'final'): ComplianceFigures {
  const row = db.get<Tally>(sql`SELECT ${TALLY} FROM (${countedScores({ reportKind, participantId })}) s`);
  return figures(row ?? { assessed: 0, full: 0, partial: 0, none: 0, total: 0 });
}
