// How commitments are listed, filtered, sorted, searched and expanded.
import { and, inArray, isNotNull, ne, not, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { agreementsWhere } from '../agreements/agreements.queries.js';
import { agreementSchema, type Agreement } from '../agreements/agreements.schemas.js';
import { agreements, commitmentParties, commitments, commitmentTargets, commitmentThemes, progressUpdates } from '../db/schema.js';
import { commitmentsFts } from '../db/search.js';
import { dateCondition, type FilterContext } from '../http/filters.js';
import type { ListSpec } from '../http/list.js';
import { viewSchema } from '../http/list.js';
import { participantsById } from '../participants/participants.queries.js';
import { participantSchema, type Participant } from '../participants/participants.schemas.js';
import { summitFilters } from '../summits/summits.list.js';
import { summitsById } from '../summits/summits.queries.js';
import { summitSchema, type Summit } from '../summits/summits.schemas.js';
import { earliestTargetYearSort, groupBy, targetFilters } from '../domain/targets.js';
import { latestFirst } from '../progress/progress.queries.js';
import { progressSchema, type ProgressUpdate } from '../progress/progress.schemas.js';
import { presentCommitments } from './commitments.queries.js';
import { commitmentSchema, type Commitment } from './commitments.schemas.js';

type CommitmentRow = typeof commitments.$inferSelect;
type Party = Commitment['parties'][number];
export type CommitmentItem = Omit<Commitment, 'parties'> & {
  parties: (Party & { participant?: Participant })[];
  summit?: Summit | null;
  agreement?: Agreement | null;
  progress?: ProgressUpdate[];
};

const viaParty = (condition: SQL) =>
  sql`${commitments.id} IN (SELECT ${commitmentParties.commitmentId} FROM ${commitmentParties} WHERE ${condition})`;
// EXISTS rather than IN: a theme subtree can hold most rows, and walking the sort order's index
// with a probe per row finds a page at once, where IN would first collect every match.
const viaTheme = (condition: SQL) =>
  sql`EXISTS (SELECT 1 FROM ${commitmentThemes} WHERE ${commitmentThemes.commitmentId} = ${commitments.id} AND ${condition})`;

/**
 * Overdue: due before today and not fulfilled. "Before today" is `dueDate=lt.<today>`, by the
 * same rule as the filter (src/http/filters.ts): the whole period of the due date has passed, so a
 * commitment due "2026" is overdue from 2027.
 */
function overdue(value: string, { today }: FilterContext): SQL {
  const condition = and(isNotNull(commitments.dueDate), dateCondition(commitments.dueDate, 'lt', today), ne(commitments.progressStatus, 'fulfilled'))!;
  return value === 'true' ? condition : not(condition);
}

function byId<T extends { id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((r) => [r.id, r]));
}

const targetsOfCommitments = { table: commitmentTargets, ownerId: commitmentTargets.commitmentId, owner: commitments.id };

export const commitmentList: ListSpec<CommitmentRow, CommitmentItem> = {
  name: 'commitments',
  table: commitments,
  idColumn: commitments.id,
  idOf: (c) => c.id,
  keyFields: ['id'],
  createdAt: commitments.createdAt,
  filters: {
    summitId: { type: 'id', idPrefix: 'smt', column: commitments.summitId },
    agreementId: { type: 'id', idPrefix: 'agr', column: commitments.agreementId },
    scope: { type: 'enum', column: commitments.scope, values: commitments.scope.enumValues },
    status: { type: 'enum', column: commitments.status, values: commitments.status.enumValues },
    participantId: {
      type: 'id',
      idPrefix: 'par',
      column: commitmentParties.participantId,
      via: { group: 'party', wrap: viaParty },
      description: 'Commitments the participant is a party to',
    },
    role: {
      type: 'enum',
      column: commitmentParties.role,
      values: commitmentParties.role.enumValues,
      via: { group: 'party', wrap: viaParty },
      requires: 'participantId',
      description: 'The role of participantId in the commitment',
    },
    theme: {
      type: 'theme',
      column: commitmentThemes.theme,
      via: { group: 'theme', wrap: viaTheme },
      description: 'A theme slug; matches the slug and its children',
    },
    ...targetFilters(targetsOfCommitments),
    ...summitFilters(commitments.summitId),
    dueDate: { type: 'date', column: commitments.dueDate },
    isPriority: { type: 'boolean', column: commitments.isPriority },
    progressStatus: { type: 'enum', column: commitments.progressStatus, values: commitments.progressStatus.enumValues },
    overdue: {
      type: 'boolean',
      column: commitments.dueDate,
      build: overdue,
      description: 'true: due before today and not fulfilled, as dueDate=lt.<today> finds it (due 2026 is overdue from 2027); false: every other commitment, those without a dueDate included',
    },
  },
  sorts: {
    dueDate: { column: commitments.dueDate, nullable: true },
    madeDate: { column: commitments.madeDate, nullable: true },
    progressStatus: { column: commitments.progressStatus, nullable: false },
    targetYear: earliestTargetYearSort(targetsOfCommitments),
    createdAt: { column: commitments.createdAt, nullable: false },
  },
  search: { table: commitmentsFts, fields: ['text', 'summary', 'code'] },
  expand: {
    summit: {
      description: 'the summit it was made at',
      load: (db, items) => {
        const found = summitsById(db, items.map((i) => i.summitId));
        for (const item of items) item.summit = item.summitId ? (found.get(item.summitId) ?? null) : null;
      },
      csv: { summitName: (i) => i.summit?.name },
    },
    agreement: {
      description: 'the agreement it belongs to',
      load: (db, items) => {
        const ids = [...new Set(items.map((i) => i.agreementId).filter((id): id is string => id !== null))];
        const found = byId(ids.length ? agreementsWhere(db, inArray(agreements.id, ids)) : []);
        for (const item of items) item.agreement = item.agreementId ? (found.get(item.agreementId) ?? null) : null;
      },
      csv: { agreementTitle: (i) => i.agreement?.title },
    },
    progress: {
      description: 'its progress updates, newest asOfDate first',
      load: (db, items) => {
        const ids = items.map((i) => i.id);
        const updates = groupBy(
          ids.length
            ? db
                .select()
                .from(progressUpdates)
                .where(inArray(progressUpdates.commitmentId, ids))
                .orderBy(...latestFirst())
                .all()
            : [],
          (u) => u.commitmentId,
        );
        for (const item of items) item.progress = updates.get(item.id) ?? [];
      },
    },
    parties: {
      description: 'each party with its participant',
      load: (db, items) => {
        const found = participantsById(db, items.flatMap((i) => i.parties.map((p) => p.participantId)));
        for (const item of items) item.parties = item.parties.map((p) => ({ ...p, participant: found.get(p.participantId)! }));
      },
      csv: { partyNames: (i) => i.parties.map((p) => p.participant?.name) },
    },
  },
  long: {
    description: 'commitment and party',
    expand: 'parties',
    replaces: 'parties',
    columns: ['participantId', 'participantName', 'role'],
    rows: (item) => item.parties.map((p) => ({ participantId: p.participantId, participantName: p.participant?.name, role: p.role })),
  },
  fields: Object.keys(commitmentSchema.shape),
  present: presentCommitments,
};

export const commitmentView = viewSchema('CommitmentView', commitmentSchema, {
  summit: z.union([summitSchema, z.null()]),
  agreement: z.union([agreementSchema, z.null()]),
  progress: z.array(progressSchema),
  parties: z.array(
    z.object({ participantId: z.string(), role: commitmentSchema.shape.parties.element.shape.role, participant: participantSchema.optional() }),
  ),
});
