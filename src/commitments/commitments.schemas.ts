import { z } from 'zod';
import { commitmentParties, commitments } from '../db/schema.js';
import { targetBody, targetSchema } from '../domain/targets.js';
import { line, notBefore, partialDate, prose, recordMeta, ref, requiredProse, sourceUrls, themes } from '../http/fields.js';

const partyBody = z.strictObject({
  participantId: ref('par'),
  role: z.enum(commitmentParties.role.enumValues),
});

const fields = {
  text: requiredProse(10000).meta({ description: 'Verbatim where a source gives it' }),
  summary: prose(500).nullish(),
  code: line(40).nullish().meta({ description: 'Unique within its summit', example: 'CAJ-2024-7' }),
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
  .superRefine((c, ctx) => {
    if (!c.summitId && !c.agreementId) {
      ctx.addIssue({ code: 'custom', path: ['summitId'], message: 'summitId or agreementId is required' });
    }
    if (c.madeDate && c.dueDate && !notBefore(c.dueDate, c.madeDate)) {
      ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'must not be before madeDate' });
    }
    const seen = new Set<string>();
    c.parties.forEach((party, i) => {
      if (seen.has(party.participantId)) {
        ctx.addIssue({ code: 'custom', path: ['parties', i, 'participantId'], message: 'is already a party to this commitment' });
      }
      seen.add(party.participantId);
    });
  })
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
    ...recordMeta,
    text: z.string(),
    summary: z.string().nullable(),
    code: z.string().nullable(),
    summitId: z.string().nullable(),
    agreementId: z.string().nullable(),
    scope: fields.scope,
    status: z.enum(commitments.status.enumValues),
    parties: z.array(z.object({ participantId: z.string(), role: z.enum(commitmentParties.role.enumValues) })),
    proposedById: z.string().nullable(),
    madeDate: z.string().nullable(),
    dueDate: z.string().nullable(),
    isPriority: z.boolean(),
    themes: z.array(z.string()),
    targets: z.array(targetSchema),
    sourceUrls: z.array(z.string()),
    progressStatus: z
      .enum(commitments.progressStatus.enumValues)
      .meta({ description: 'Status of the latest progress update; not_yet_rated when none' }),
  })
  .meta({ id: 'Commitment' });
export type Commitment = z.infer<typeof commitmentSchema>;
