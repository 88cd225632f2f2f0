// The commitment's body and record, derived from its table (and its parties') and refined.
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { commitmentParties, commitments } from '../db/schema.js';
import { targetBody, targetSchema } from '../domain/targets.js';
import {
  isCalendarDate,
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isDate = (value: unknown): value is string => typeof value === 'string' && isCalendarDate(value);

const partyBody = createInsertSchema(commitmentParties, { participantId: () => ref('par') })
  .pick({ participantId: true, role: true })
  .strict();

const children = {
  parties: z.array(partyBody).min(1).max(200),
  themes: themes().default([]),
  targets: z.array(targetBody).max(20).default([]),
};

export const commitmentBody = withColumnDefaults(
  createInsertSchema(commitments, {
    text: () => requiredProse(10000).meta({ description: 'Verbatim where a source gives it' }),
    summary: () => prose(500),
    code: () => requiredLine(40).meta({ description: 'Unique within its summit', example: 'CAJ-2024-7' }),
    summitId: () => ref('smt'),
    agreementId: () => ref('agr'),
    proposedById: () => ref('par'),
    madeDate: partialDate,
    dueDate: partialDate,
    isPriority: (s) => s.meta({ description: 'Selected for compliance monitoring' }),
    sourceUrls: () => sourceUrls().default([]),
  }).omit({ ...serverOwned, progressStatus: true }),
  commitments,
)
  .extend(children)
  .strict()
  // Runs even when some members failed, so that every problem is listed at once; hence the guards.
  .superRefine(
    (c: Record<string, unknown>, ctx) => {
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
      summitId: 'smt_01HZY000000000000000000000',
      agreementId: 'agr_01HZY000000000000000000000',
      parties: [{ participantId: 'par_01HZY000000000000000000000', role: 'pledger' }],
      themes: ['climate.net_zero'],
    },
  });
export type CommitmentInput = z.infer<typeof commitmentBody>;

export const commitmentSchema = createSelectSchema(commitments, {
  ...recordColumns,
  sourceUrls: z.array(z.string()),
  progressStatus: (s) => s.meta({ description: 'Status of the latest progress update; not_yet_rated when none' }),
})
  .extend({
    parties: z.array(createSelectSchema(commitmentParties).pick({ participantId: true, role: true })),
    themes: z.array(z.string()),
    targets: z.array(targetSchema),
  })
  .meta({ id: 'Commitment' });
export type Commitment = z.infer<typeof commitmentSchema>;
