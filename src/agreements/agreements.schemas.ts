// The bodies and records of agreements and their party actions, derived from their tables.
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { participantSchema } from '../participants/participants.schemas.js';
import { standingOf } from './agreements.queries.js';
import { agreementActions, agreements } from '../db/schema.js';
import { targetBody, targetSchema } from '../domain/targets.js';
import { filterParam, pageQuery } from '../http/list.js';
import {
  isCalendarDate,
  line,
  notBefore,
  partialDate,
  prose,
  recordColumns,
  ref,
  requiredLine,
  requiredProse,
  serverOwned,
  sourceUrls,
  themes,
  withColumnDefaults,
} from '../http/fields.js';

/** Dates that must come in order, each with the one it must not precede. */
const DATE_ORDER = [
  ['entryIntoForceDate', 'adoptedDate'],
  ['terminationDate', 'entryIntoForceDate'],
  ['terminationDate', 'adoptedDate'],
] as const;

export const agreementBody = withColumnDefaults(
  createInsertSchema(agreements, {
    title: () => requiredLine(500),
    summitId: () => ref('smt'),
    adoptedDate: partialDate,
    entryIntoForceDate: partialDate,
    terminationDate: partialDate,
    dateNote: () => line(500),
    summary: () => prose(5000),
    text: () => prose(200000).meta({ description: 'The operative text' }),
    sourceUrls: () => sourceUrls().default([]),
  }).omit(serverOwned),
  agreements,
)
  .extend({ themes: themes().default([]), targets: z.array(targetBody).max(20).default([]) })
  .strict()
  .superRefine((a, ctx) => {
    for (const [later, earlier] of DATE_ORDER) {
      const l = a[later];
      const e = a[earlier];
      if (l && e && !notBefore(l, e)) ctx.addIssue({ code: 'custom', path: [later], message: `must not be before ${earlier}` });
    }
  })
  .meta({
    id: 'AgreementInput',
    example: {
      title: 'Central Asia + Japan energy ministers: net-zero carbon emissions by 2050 or later',
      type: 'joint_statement',
      ambit: 'interministerial',
      themes: ['climate.net_zero', 'energy.transition'],
      targets: [{ targetType: 'net_zero', targetYear: 2050, yearQualifier: 'or_later', gasCoverage: 'co2' }],
    },
  });
export type AgreementInput = z.infer<typeof agreementBody>;

export const agreementSchema = createSelectSchema(agreements, { ...recordColumns, sourceUrls: z.array(z.string()) })
  .extend({ themes: z.array(z.string()), targets: z.array(targetSchema) })
  .meta({ id: 'Agreement' });
export type Agreement = z.infer<typeof agreementSchema>;

export const actionBody = createInsertSchema(agreementActions, {
  participantId: () => ref('par'),
  actionDate: partialDate,
  effectiveDate: partialDate,
  note: () => requiredProse(2000),
  sourceUrls: () => sourceUrls().default([]).meta({ description: 'Where the action is recorded (a depositary notification, say)' }),
})
  .omit({ ...serverOwned, agreementId: true })
  .strict()
  .superRefine((a, ctx) => {
    if (a.actionDate && a.effectiveDate && !notBefore(a.effectiveDate, a.actionDate)) {
      ctx.addIssue({ code: 'custom', path: ['effectiveDate'], message: 'must not be before actionDate' });
    }
  })
  .meta({ id: 'AgreementActionInput', example: { participantId: 'par_01HZY000000000000000000000', action: 'endorsed' } });
export type ActionInput = z.infer<typeof actionBody>;

export const actionSchema = createSelectSchema(agreementActions, { ...recordColumns, sourceUrls: z.array(z.string()) }).meta({ id: 'AgreementAction' });
export type AgreementAction = z.infer<typeof actionSchema>;

export const partyStandingSchema = z
  .object({
    participantId: z.string(),
    status: z.enum(['endorsed', 'signatory', 'party', 'withdrawn']),
    since: z.string().nullable().meta({ description: 'The effectiveDate (else the actionDate) of the action the standing comes from' }),
    actions: z.int().meta({ description: 'How many of its actions are in effect by the day of the standing' }),
  })
  .meta({ id: 'PartyStanding' });
export type PartyStanding = z.infer<typeof partyStandingSchema>;

/** The day of a standing: a full date, since a standing changes from one day to the next. */
const asOfParam = z
  .string({ error: 'must be given once' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date: YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, 'is not a calendar date')
  .optional()
  .meta({
    description:
      'The day of the standings; today by default. An action counts from its effectiveDate (without one, its actionDate; without either, always), once the whole period of that date is on or before this day: an action effective 2026 counts from 2026-12-31',
    example: '2025-01-01',
  });

export const partiesQuery = pageQuery.extend({
  asOf: asOfParam,
  status: filterParam('status', {
    type: 'enum',
    column: standingOf(agreementActions.action),
    values: partyStandingSchema.shape.status.options,
    description: 'Only the participants of these standings',
  }),
  expand: z
    .literal('participant', { error: 'the one expansion is participant' })
    .optional()
    .meta({ description: 'participant: embeds each participant; in CSV, adds participantName and participantIso3' }),
  format: z
    .enum(['json', 'csv'], { error: 'must be json or csv' })
    .optional()
    .meta({ description: 'csv: the standings as RFC 4180 CSV, every one unless limit or cursor is given (or send Accept: text/csv)' }),
});

export const partyStandingView = partyStandingSchema
  .extend({ participant: participantSchema.optional().meta({ description: 'With expand=participant' }) })
  .meta({ id: 'PartyStandingView' });
