// The participant's body and record, derived from its table and refined for the API.
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { participants } from '../db/schema.js';
import { line, prose, recordColumns, ref, requiredLine, serverOwned, sourceUrls, withColumnDefaults } from '../http/fields.js';

/** The writable representation, for POST and PUT (and a PATCH once merged). */
export const participantBody = withColumnDefaults(
  createInsertSchema(participants, {
    name: () => requiredLine(200),
    shortName: () => line(60),
    iso3: () => z.string().regex(/^[A-Z]{3}$/, 'must be three capital letters (ISO 3166-1 alpha-3)'),
    affiliationId: () =>
      ref('par').meta({
        description:
          'Deprecated: a country or organization, e.g. the person’s government. Kept readable and writable for existing clients; record offices as /v1/positions and groups as /v1/memberships, which carry dates and sources',
        deprecated: true,
      }),
    title: () =>
      line(200).meta({
        description: 'Persons only: a label as of now. What office a person held when is recorded as /v1/positions',
        example: 'Prime Minister of Japan',
      }),
    description: () => prose(5000),
    wikidataId: () => z.string().regex(/^Q[0-9]+$/, 'must be a Wikidata id such as Q17'),
    sourceUrls: () => sourceUrls().default([]).meta({ description: 'Where the facts about the participant come from' }),
  }).omit(serverOwned),
  participants,
)
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind === 'country' && !p.iso3) ctx.addIssue({ code: 'custom', path: ['iso3'], message: 'is required for a country' });
    if (p.kind !== 'country' && p.iso3) ctx.addIssue({ code: 'custom', path: ['iso3'], message: 'is only for countries' });
    if (p.kind !== 'person' && p.title) ctx.addIssue({ code: 'custom', path: ['title'], message: 'is only for persons' });
  })
  .meta({
    id: 'ParticipantInput',
    example: { kind: 'country', name: 'Japan', iso3: 'JPN', wikidataId: 'Q17' },
  });

export type ParticipantInput = z.infer<typeof participantBody>;

export const participantSchema = createSelectSchema(participants, { ...recordColumns, sourceUrls: z.array(z.string()) }).meta({ id: 'Participant' });

export type Participant = z.infer<typeof participantSchema>;
