// How compliance reports and their assessments are listed, filtered, sorted and expanded.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { commitmentsWhere } from '../commitments/commitments.queries.js';
import { commitmentSchema, type Commitment } from '../commitments/commitments.schemas.js';
import { assessments, commitments, complianceReports } from '../db/schema.js';
import { viewSchema, type ListSpec } from '../http/list.js';
import { participantsById } from '../participants/participants.queries.js';
import { participantSchema, type Participant } from '../participants/participants.schemas.js';
import { summitsById } from '../summits/summits.queries.js';
import { summitSchema, type Summit } from '../summits/summits.schemas.js';
import { assessmentSchema, reportSchema, type Assessment, type ComplianceReport } from './compliance.schemas.js';

export type ReportItem = ComplianceReport & { summit?: Summit };

export const reportList: ListSpec<ComplianceReport, ReportItem> = {
  name: 'compliance-reports',
  table: complianceReports,
  idColumn: complianceReports.id,
  idOf: (r) => r.id,
  keyFields: ['id'],
  createdAt: complianceReports.createdAt,
  filters: {
    summitId: { type: 'id', idPrefix: 'smt', column: complianceReports.summitId },
    kind: { type: 'enum', column: complianceReports.kind, values: complianceReports.kind.enumValues },
    publishedDate: { type: 'date', column: complianceReports.publishedDate },
    isPreliminary: { type: 'boolean', column: complianceReports.isPreliminary },
  },
  sorts: {
    publishedDate: { column: complianceReports.publishedDate, nullable: true },
    createdAt: { column: complianceReports.createdAt, nullable: false },
  },
  expand: {
    summit: {
      description: 'the summit whose commitments it assesses',
      load: (db, items) => {
        const found = summitsById(db, items.map((i) => i.summitId));
        for (const item of items) item.summit = found.get(item.summitId)!;
      },
    },
  },
  fields: Object.keys(reportSchema.shape),
  present: (_db, rows) => rows,
};

export const reportView = viewSchema('ComplianceReportView', reportSchema, { summit: summitSchema });

export type AssessmentItem = Assessment & { commitment?: Commitment; participant?: Participant };

export const assessmentList: ListSpec<Assessment, AssessmentItem> = {
  name: 'compliance-reports/assessments',
  fileName: 'assessments',
  table: assessments,
  idColumn: assessments.id,
  idOf: (a) => a.id,
  keyFields: ['id'],
  createdAt: assessments.createdAt,
  filters: {
    commitmentId: { type: 'id', idPrefix: 'cmt', column: assessments.commitmentId },
    participantId: { type: 'id', idPrefix: 'par', column: assessments.participantId },
    score: { type: 'integer', column: assessments.score },
  },
  sorts: {
    createdAt: { column: assessments.createdAt, nullable: false },
    score: { column: assessments.score, nullable: true },
  },
  expand: {
    commitment: {
      description: 'the commitment assessed',
      load: (db, items) => {
        const ids = [...new Set(items.map((i) => i.commitmentId))];
        const found = new Map((ids.length ? commitmentsWhere(db, inArray(commitments.id, ids)) : []).map((c) => [c.id, c]));
        for (const item of items) item.commitment = found.get(item.commitmentId)!;
      },
    },
    participant: {
      description: 'the member assessed',
      load: (db, items) => {
        const found = participantsById(db, items.map((i) => i.participantId));
        for (const item of items) item.participant = found.get(item.participantId)!;
      },
    },
  },
  fields: Object.keys(assessmentSchema.shape),
  present: (_db, rows) => rows,
};

export const assessmentView = viewSchema('AssessmentView', assessmentSchema, { commitment: commitmentSchema, participant: participantSchema });

/** The assessments of one report. */
export const ofReport = (reportId: string) => ({ scope: eq(assessments.reportId, reportId), scopeKey: reportId });

export const assessmentPage = z.object({ data: z.array(assessmentSchema) }).meta({ id: 'AssessmentBatch' });
