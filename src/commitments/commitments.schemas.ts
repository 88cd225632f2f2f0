import { z } from 'zod';
import { commitmentParties, commitments } from '../db/schema.js';
import { targetBody, targetSchema } from '../domain/targets.js';
import { isCalendarDate, notBefore, partialDate, prose, recordId, recordStamps, ref, requiredLine, requiredProse, sourceUrls, themes } from '../http/fields.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isDate = (value: unknown): value is string => typeof value === 'string' && isCalendarDate(value);

const partyBody = z.strictObject({
  participantId: ref('par'),
  role: z.enum(commitmentParties.role.enumValues),
});

const fields = {
  text: requiredProse(10000).meta({ description: 'Verbatim where a source gives it' }),
  summary: prose(500).nullish(),
  code: requiredLine(40).nullish().meta({ description: 'Unique within its summit', example: 'CAJ-2024-7' }),
  summitId: ref('smt').nullish(),
  agreementId: ref('agr').nullish(),
  scope: z.enum(commitments.scope.enumValues),
  status: z.enum(commitments.status.enumValues).default('adopted'),
  parties: z.array(partyBody).min(1).max(200),
  proposedById: ref('par').nullish(),
  madeDate: partialDate().nullish(),
  dueDate: partialDate().nullish(),
  isPriority: z.boolean().default(false).meta({ description: 'Selected for compliance monitoring' }),
  themes: themes().default([]),
  targets: z.array(targetBody).max(20).default([]),
  sourceUrls: sourceUrls().default([]),
};

export const commitmentBody = z
  .strictObject(fields)
  // Runs even when some members failed, so that every problem is listed at once; hence the guards.
  .superRefine(
    (c: Partial<Record<keyof typeof fields, unknown>>, ctx) => {
      if (!c.summitId && !c.agreementId) {
        ctx.addIssue({ code: 'custom', path: ['summitId'], message: 'summitId or agreementId is required' });
      }
      const { madeDate, dueDate } = c;
      if (isDate(madeDate) && isDate(dueDate) && !notBefore(dueDate, madeDate)) {
        ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'must not be before madeDate' });
      }
      if (!Array.isArray(c.parties)) return;
      const seen = new Set<string>();
      c.parties.forEach((party: unknown, i) => {
        const id = isRecord(party) && typeof party.participantId === 'string' ? party.participantId : undefined;
        if (id === undefined) return;
        if (seen.has(id)) {
          ctx.addIssue({ code: 'custom', path: ['parties', i, 'participantId'], message: 'is already a party to this commitment' });
        }
        seen.add(id);
      });
    },
    { when: (payload) => isRecord(payload.value) },
  )
  .meta({
    id: 'CommitmentInput',
    example: {
      text: 'Target net-zero carbon emissions by 2050 or later, leveraging energy transition technologies.',
      scope: 'collective',
      agreementId: 'agr_01HZY000000000000000000000',
      parties: [{ participantId: 'par_01HZY000000000000000000000', role: 'pledger' }],
      themes: ['climate.net_zero'],
    },
  });
export type CommitmentInput = z.infer<typeof commitmentBody>;

export const commitmentSchema = z
  .object({
    ...recordId,
    text: z.string(),
    summary: z.string().nullable(),
    code: z.string().nullable(),
    summitId: z.string().nullable(),
    agreementId: z.string().nullable(),
    scope: fields.scope,
    status: z.enum(commitments.status.enumValues),
    proposedById: z.string().nullable(),
    madeDate: z.string().nullable(),
    dueDate: z.string().nullable(),
    isPriority: z.boolean(),
    parties: z.array(z.object({ participantId: z.string(), role: z.enum(commitmentParties.role.enumValues) })),
    themes: z.array(z.string()),
    targets: z.array(targetSchema),
    sourceUrls: z.array(z.string()),
    progressStatus: z
      .enum(commitments.progressStatus.enumValues)
      .meta({ description: 'Status of the latest progress update; not_yet_rated when none' }),
    ...recordStamps,
  })
  .meta({ id: 'Commitment' });
export type Commitment = z.infer<typeof commitmentSchema>;
