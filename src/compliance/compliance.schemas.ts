// Compliance reports, their assessments and the compliance figures: bodies and records derived
// from the tables, and the shapes of the statistics.
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { assessments, complianceReports } from '../db/schema.js';
import { once } from '../http/list.js';
import { httpUrl, idPattern, line, notBefore, partialDate, prose, recordColumns, ref, serverOwned, THEME_SLUG, withColumnDefaults } from '../http/fields.js';

export const reportBody = withColumnDefaults(
  createInsertSchema(complianceReports, {
    summitId: () => ref('smt'),
    periodStart: partialDate,
    periodEnd: partialDate,
    publishedDate: partialDate,
    assessor: () => line(200).meta({ example: 'G7 Research Group' }),
    url: () => httpUrl(),
  }).omit(serverOwned),
  complianceReports,
)
  .strict()
  .superRefine((r, ctx) => {
    if (r.periodStart && r.periodEnd && !notBefore(r.periodEnd, r.periodStart)) {
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'must not be before periodStart' });
    }
  })
  .meta({
    id: 'ComplianceReportInput',
    example: { summitId: 'smt_01HZY000000000000000000000', kind: 'final', periodStart: '2024-08', periodEnd: '2025-06', assessor: 'G7 Research Group' },
  });
export type ReportInput = z.infer<typeof reportBody>;

export const reportSchema = createSelectSchema(complianceReports, recordColumns).meta({ id: 'ComplianceReport' });
export type ComplianceReport = z.infer<typeof reportSchema>;

const SCORE = z
  .union([z.literal(-1), z.literal(0), z.literal(1), z.null()], { error: 'must be -1, 0, 1 or null' })
  .meta({ description: '-1 no compliance, 0 partial or in progress, +1 full or nearly full; null: not assessable (never counted)' });

export const assessmentItemBody = createInsertSchema(assessments, {
  commitmentId: () => ref('cmt'),
  participantId: () => ref('par'),
  rationale: () => prose(5000),
  sourceUrl: () => httpUrl(),
})
  .omit({ ...serverOwned, reportId: true })
  .extend({ score: SCORE })
  .strict()
  .meta({ id: 'AssessmentInput' });
export type AssessmentInput = z.infer<typeof assessmentItemBody>;

/** PUT body: the assessments to create or replace, each pair of commitment and participant once. */
export const assessmentsBody = z
  .array(assessmentItemBody)
  .min(1)
  .max(1000)
  .superRefine((items, ctx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const key = `${item.commitmentId} ${item.participantId}`;
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index], message: `assesses the same commitment and participant as item ${first}` });
      else seen.set(key, index);
    });
  })
  .meta({
    example: [{ commitmentId: 'cmt_01HZY000000000000000000000', participantId: 'par_01HZY000000000000000000000', score: 1, sourceUrl: 'https://www.example.org/report' }],
  });

export const assessmentSchema = createSelectSchema(assessments, recordColumns)
  .extend({ score: z.union([z.literal(-1), z.literal(0), z.literal(1), z.null()]) })
  .meta({ id: 'Assessment' });
export type Assessment = z.infer<typeof assessmentSchema>;


export const statsQuery = z.strictObject({
  groupBy: z
    .enum(['participant', 'commitment', 'theme', 'summit'], { error: 'must be participant, commitment, theme or summit' })
    .default('participant'),
  summitId: once.regex(idPattern('smt'), 'must be a summit id').optional(),
  reportKind: z
    .enum(['interim', 'final', 'special'], { error: 'must be interim, final or special' })
    .default('final')
    .meta({ description: 'The latest report of this kind per summit counts (by publishedDate, then creation)' }),
  participantId: once.regex(idPattern('par'), 'must be a participant id').optional(),
  theme: once.max(100).regex(THEME_SLUG, 'must be a theme slug').optional().meta({ description: 'Commitments with the theme or one of its children' }),
  isPriority: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
});
export type StatsQuery = z.infer<typeof statsQuery>;

export const complianceFigures = z.object({
  assessed: z.int().meta({ description: 'Assessments with a score (not null)' }),
  full: z.int(),
  partial: z.int(),
  none: z.int(),
  averageScore: z.number().nullable().meta({ description: 'Mean score, -1 to +1, to two decimals; null when nothing was assessed' }),
  compliancePct: z.number().nullable().meta({ description: '(averageScore + 1) / 2 × 100 from the unrounded mean, to one decimal' }),
});
export type ComplianceFigures = z.infer<typeof complianceFigures>;

export const statsRow = complianceFigures.extend({ key: z.string(), label: z.string() }).meta({ id: 'ComplianceStatsRow' });
export const statsSchema = z.object({ data: z.array(statsRow) }).meta({ id: 'ComplianceStats' });
