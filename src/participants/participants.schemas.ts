import { z } from 'zod';
import { participants } from '../db/schema.js';
import { line, prose, recordId, recordStamps, ref, requiredLine } from '../http/fields.js';

const fields = {
  kind: z.enum(participants.kind.enumValues),
  name: requiredLine(200),
  shortName: line(60).nullish(),
  iso3: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be three capital letters (ISO 3166-1 alpha-3)')
    .nullish(),
  affiliationId: ref('par').nullish().meta({ description: 'A country or organization, e.g. the person’s government' }),
  title: line(200).nullish().meta({ description: 'Persons only', example: 'Prime Minister of Japan' }),
  description: prose(5000).nullish(),
  wikidataId: z.string().regex(/^Q[0-9]+$/, 'must be a Wikidata id such as Q17').nullish(),
};

/** The writable representation, for POST and PUT (and a PATCH once merged). */
export const participantBody = z
  .strictObject(fields)
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

export const participantSchema = z
  .object({
    ...recordId,
    kind: fields.kind,
    name: z.string(),
    shortName: z.string().nullable(),
    iso3: z.string().nullable(),
    affiliationId: z.string().nullable(),
    title: z.string().nullable(),
    description: z.string().nullable(),
    wikidataId: z.string().nullable(),
    ...recordStamps,
  })
  .meta({ id: 'Participant' });

export type Participant = z.infer<typeof participantSchema>;
