// Emission targets, which agreements and commitments both carry, derived from the target table.
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { agreementTargets } from '../db/schema.js';
import { line, prose, withColumnDefaults } from '../http/fields.js';
import type { FilterSpec } from '../http/filters.js';
import type { SortSpec } from '../http/list.js';

const year = () => z.int().min(1900).max(2200);
/** What places a target in its owner's list, not part of the target itself. */
const placement = { agreementId: true, position: true } as const;

export const targetBody = withColumnDefaults(
  createInsertSchema(agreementTargets, {
    targetYear: year,
    baselineYear: year,
    reductionPct: () => z.number().min(0).max(100),
    intensityBasis: () =>
      line(100).meta({ description: 'What an intensity target is per unit of; required when measure is intensity', example: 'GDP' }),
    indicator: () =>
      line(200).meta({ description: 'What an increase target measures; required for targetType increase', example: 'renewable power generation capacity' }),
    multiple: () => z.number().positive().max(1000).meta({ description: 'For increase targets: 3 is tripling', example: 3 }),
    quantity: () => z.number().min(0).meta({ description: 'The amount aimed at, in unit', example: 11000 }),
    unit: () => line(40).meta({ description: 'The unit of quantity', example: 'GW' }),
    note: () => prose(2000),
  }).omit(placement),
  agreementTargets,
)
  .strict()
  .superRefine((t, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (t.baselineYear != null && t.baselineYear >= t.targetYear) issue('baselineYear', 'must be before targetYear');
    if (t.measure === 'intensity' && t.intensityBasis == null) issue('intensityBasis', 'is required for an intensity target (GDP, say)');
    if (t.measure !== 'intensity' && t.intensityBasis != null) issue('intensityBasis', 'is only for targets whose measure is intensity');
    if (t.quantity != null && t.unit == null) issue('unit', 'is required with quantity');
    if (t.unit != null && t.quantity == null) issue('quantity', 'is required with unit');
    if (t.targetType === 'increase') {
      if (t.indicator == null) issue('indicator', 'is required for an increase target: what grows');
      if (t.multiple == null && t.quantity == null) issue('multiple', 'an increase target needs a multiple, a quantity, or both');
    } else if (t.multiple != null) {
      issue('multiple', 'is only for increase targets');
    }
  })
  .meta({
    id: 'TargetInput',
    description:
      'A quantified aim. Reductions take reductionPct against baselineYear; increase targets name their indicator with a multiple and/or a quantity in a unit (tripling renewable capacity to 11,000 GW by 2030); emissions_peak targets name the year emissions stop rising. yearQualifier: by, in, before (ahead of the year), at_the_latest (the year is a deadline), or_later, around. yearBasis fiscal: targetYear and baselineYear are fiscal years (FY2013 to FY2030). measure intensity: per unit of intensityBasis (GDP), not an absolute amount. conditional: the target depends on outside support (finance, technology); its unconditional counterpart is a target of its own.',
    example: { targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2', legalStatus: 'declaration_pledge' },
  });
export type TargetInput = z.infer<typeof targetBody>;

export const targetSchema = createSelectSchema(agreementTargets, {
  targetYear: () => z.int(),
  baselineYear: () => z.int(),
  reductionPct: () => z.number(),
  multiple: () => z.number(),
  quantity: () => z.number(),
})
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

/** A table of targets (agreement_targets, commitment_targets) and the column naming their owner. */
interface TargetsOf {
  table: SQLiteTable & { targetYear: SQLiteColumn; targetType: SQLiteColumn & { enumValues: readonly string[] } };
  /** The target's owner id (agreement_targets.agreement_id) and the owner's id (agreements.id). */
  ownerId: SQLiteColumn;
  owner: SQLiteColumn;
}

/**
 * The target filters of an owner of targets, by the same-target rule: targetYear and targetType
 * share one subquery, so given together they must hold on the same target (net_zero by 2050, not
 * net_zero by 2060 and a 2050 reduction).
 */
export function targetFilters({ table, ownerId, owner }: TargetsOf): Record<'targetYear' | 'targetType', FilterSpec> {
  const { targetYear, targetType } = table;
  const via = { group: 'target', wrap: (condition: SQL) => sql`${owner} IN (SELECT ${ownerId} FROM ${table} WHERE ${condition})` };
  return {
    targetYear: { type: 'integer', column: targetYear, via, description: 'The year of a target; with targetType, of the same target', example: 'gte.2050' },
    targetType: {
      type: 'enum',
      column: targetType,
      values: targetType.enumValues,
      via,
      description: 'The type of a target; with targetYear, of the same target',
      example: 'net_zero',
    },
  };
}

/**
 * Sorting by the earliest targetYear of an owner's targets; owners without targets come last in
 * either direction (ascending, their key is a year after every target year).
 */
export function earliestTargetYearSort({ table, ownerId, owner }: TargetsOf): SortSpec {
  const earliest = sql`(SELECT min(${table.targetYear}) FROM ${table} WHERE ${ownerId} = ${owner})`;
  return {
    description: 'targetYear sorts by the earliest targetYear of its targets, those without targets last (in either direction)',
    computed: (desc) => (desc ? { expression: earliest, nullable: true } : { expression: sql`coalesce(${earliest}, 9999)`, nullable: false }),
  };
}
