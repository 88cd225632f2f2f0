import { z } from 'zod';
import { agreementActions, agreements } from '../db/schema.js';
import { targetBody, targetSchema } from '../domain/targets.js';
import { line, notBefore, partialDate, prose, recordId, recordStamps, ref, requiredLine, requiredProse, sourceUrls, themes } from '../http/fields.js';

const fields = {
  title: requiredLine(500),
  type: z.enum(agreements.type.enumValues),
  ambit: z.enum(agreements.ambit.enumValues).nullish(),
  legalForce: z.enum(agreements.legalForce.enumValues).default('not_specified'),
  status: z.enum(agreements.status.enumValues).default('adopted'),
  summitId: ref('smt').nullish(),
  adoptedDate: partialDate().nullish(),
  entryIntoForceDate: partialDate().nullish(),
  terminationDate: partialDate().nullish(),
  dateNote: line(500).nullish(),
  summary: prose(5000).nullish(),
  text: prose(200000).nullish().meta({ description: 'The operative text' }),
  themes: themes().default([]),
  targets: z.array(targetBody).max(20).default([]),
  sourceUrls: sourceUrls().default([]),
};

/** Dates that must come in order, each with the one it must not precede. */
const DATE_ORDER = [
  ['entryIntoForceDate', 'adoptedDate'],
  ['terminationDate', 'entryIntoForceDate'],
  ['terminationDate', 'adoptedDate'],
] as const;

export const agreementBody = z
  .strictObject(fields)
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

export const agreementSchema = z
  .object({
    ...recordId,
    title: z.string(),
    type: fields.type,
    ambit: z.enum(agreements.ambit.enumValues).nullable(),
    legalForce: z.enum(agreements.legalForce.enumValues),
    status: z.enum(agreements.status.enumValues),
    summitId: z.string().nullable(),
    adoptedDate: z.string().nullable(),
    entryIntoForceDate: z.string().nullable(),
    terminationDate: z.string().nullable(),
    dateNote: z.string().nullable(),
    summary: z.string().nullable(),
    text: z.string().nullable(),
    themes: z.array(z.string()),
    targets: z.array(targetSchema),
    sourceUrls: z.array(z.string()),
    ...recordStamps,
  })
  .meta({ id: 'Agreement' });
export type Agreement = z.infer<typeof agreementSchema>;

export const actionBody = z
  .strictObject({
    participantId: ref('par'),
    action: z.enum(agreementActions.action.enumValues),
    actionDate: partialDate().nullish(),
    effectiveDate: partialDate().nullish(),
    note: requiredProse(2000).nullish(),
  })
  .superRefine((a, ctx) => {
    if (a.actionDate && a.effectiveDate && !notBefore(a.effectiveDate, a.actionDate)) {
      ctx.addIssue({ code: 'custom', path: ['effectiveDate'], message: 'must not be before actionDate' });
    }
  })
  .meta({ id: 'AgreementActionInput', example: { participantId: 'par_01HZY000000000000000000000', action: 'endorsed' } });
export type ActionInput = z.infer<typeof actionBody>;

export const actionSchema = z
  .object({
    ...recordId,
    agreementId: z.string(),
    participantId: z.string(),
    action: z.enum(agreementActions.action.enumValues),
    actionDate: z.string().nullable(),
    effectiveDate: z.string().nullable(),
    note: z.string().nullable(),
    ...recordStamps,
  })
  .meta({ id: 'AgreementAction' });
export type AgreementAction = z.infer<typeof actionSchema>;

export const partyStandingSchema = z
  .object({
    participantId: z.string(),
    status: z.enum(['endorsed', 'signatory', 'party', 'withdrawn']),
    since: z.string().nullable(),
    actions: z.int(),
  })
  .meta({ id: 'PartyStanding' });
export type PartyStanding = z.infer<typeof partyStandingSchema>;
