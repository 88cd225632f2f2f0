// Emission targets, and the theme slugs, that agreements and commitments both carry.
import { z } from 'zod';
import { agreementTargets } from '../db/schema.js';
import { prose } from '../http/fields.js';

const year = z.int().min(1900).max(2200);

export const targetBody = z
  .strictObject({
    targetType: z.enum(agreementTargets.targetType.enumValues),
    targetYear: year,
    yearQualifier: z.enum(agreementTargets.yearQualifier.enumValues).default('by'),
    baselineYear: year.nullish(),
    reductionPct: z.number().min(0).max(100).nullish(),
    gasCoverage: z.enum(agreementTargets.gasCoverage.enumValues).default('unspecified'),
    legalStatus: z.enum(agreementTargets.legalStatus.enumValues).nullish(),
    note: prose(2000).nullish(),
  })
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

export const targetSchema = z
  .object({
    targetType: z.enum(agreementTargets.targetType.enumValues),
    targetYear: z.int(),
    yearQualifier: z.enum(agreementTargets.yearQualifier.enumValues),
    baselineYear: z.int().nullable(),
    reductionPct: z.number().nullable(),
    gasCoverage: z.enum(agreementTargets.gasCoverage.enumValues),
    legalStatus: z.enum(agreementTargets.legalStatus.enumValues).nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'Target' });
export type Target = z.infer<typeof targetSchema>;

/** The stored columns of the target at `position` of its owner's list. */
export const targetColumns = (target: TargetInput, position: number) => ({
  position,
  targetType: target.targetType,
  targetYear: target.targetYear,
  yearQualifier: target.yearQualifier,
  baselineYear: target.baselineYear ?? null,
  reductionPct: target.reductionPct ?? null,
  gasCoverage: target.gasCoverage,
  legalStatus: target.legalStatus ?? null,
  note: target.note ?? null,
});

export const presentTarget = (row: Target & { position: number }): Target => ({
  targetType: row.targetType,
  targetYear: row.targetYear,
  yearQualifier: row.yearQualifier,
  baselineYear: row.baselineYear,
  reductionPct: row.reductionPct,
  gasCoverage: row.gasCoverage,
  legalStatus: row.legalStatus,
  note: row.note,
});

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
