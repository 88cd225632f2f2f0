// Emission targets, which agreements and commitments both carry, derived from the target table.
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { agreementTargets } from '../db/schema.js';
import { prose, withColumnDefaults } from '../http/fields.js';

const year = () => z.int().min(1900).max(2200);
/** What places a target in its owner's list, not part of the target itself. */
const placement = { agreementId: true, position: true } as const;

export const targetBody = withColumnDefaults(
  createInsertSchema(agreementTargets, {
    targetYear: year,
    baselineYear: year,
    reductionPct: () => z.number().min(0).max(100),
    note: () => prose(2000),
  }).omit(placement),
  agreementTargets,
)
  .strict()
  .superRefine((t, ctx) => {
    if (t.baselineYear != null && t.baselineYear >= t.targetYear) {
      ctx.addIssue({ code: 'custom', path: ['baselineYear'], message: 'must be before targetYear' });
    }
  })
  .meta({
    id: 'TargetInput',
    example: { targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2', legalStatus: 'declaration_pledge' },
  });
export type TargetInput = z.infer<typeof targetBody>;

export const targetSchema = createSelectSchema(agreementTargets, { targetYear: () => z.int(), baselineYear: () => z.int(), reductionPct: () => z.number() })
  .omit(placement)
  .meta({ id: 'Target' });
export type Target = z.infer<typeof targetSchema>;

type TargetRow = Target & { position: number; agreementId?: string; commitmentId?: string };

/** A stored target row as the API shows it: without what places it in its owner's list. */
export const presentTarget = ({ position: _p, agreementId: _a, commitmentId: _c, ...target }: TargetRow): Target => target;

/** Groups child rows by their owner's id, keeping their order. */
export function groupBy<T>(rows: T[], owner: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = owner(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
