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

const PARTY_ROLES = commitmentParties.role.enumValues;

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
      // A pledge made outside a summit or an agreement (a speech, a law) stands on its date and source.
      if (!c.summitId && !c.agreementId) {
        if (!c.madeDate) {
          ctx.addIssue({ code: 'custom', path: ['madeDate'], message: 'is required for a commitment made outside a summit or agreement' });
        }
        if (Array.isArray(c.sourceUrls) && c.sourceUrls.length === 0) {
          ctx.addIssue({ code: 'custom', path: ['sourceUrls'], message: 'needs a source for a commitment made outside a summit or agreement' });
        }
      }
      const { madeDate, dueDate } = c;
      if (isDate(madeDate) && isDate(dueDate) && !notBefore(dueDate, madeDate)) {
        ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'must not be before madeDate' });
      }
      if (!Array.isArray(c.parties)) return;
      // Counted only over a list that is otherwise valid, so that one mistake is not reported twice.
      const roles = c.parties.map((party: unknown) => (isRecord(party) ? party.role : undefined));
      const rolesValid = c.parties.length >= 1 && c.parties.length <= 200 && roles.every((r) => PARTY_ROLES.includes(r as never));
      const pledgers = roles.filter((r) => r === 'pledger').length;
      if (rolesValid && pledgers === 0) {
        ctx.addIssue({ code: 'custom', path: ['parties'], message: 'needs at least one pledger: who makes the commitment' });
      } else if (rolesValid && c.scope === 'individual' && pledgers > 1) {
        ctx.addIssue({ code: 'custom', path: ['parties'], message: `an individual commitment has exactly one pledger, not ${pledgers}` });
      }
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
