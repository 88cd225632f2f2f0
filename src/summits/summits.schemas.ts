// The bodies and records of summits and participations, derived from their tables and refined.
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { summitParticipations, summits } from '../db/schema.js';
import { line, notBefore, partialDate, prose, recordColumns, ref, requiredLine, serverOwned, sourceUrls, withColumnDefaults } from '../http/fields.js';

export const summitBody = withColumnDefaults(
  createInsertSchema(summits, {
    name: () => requiredLine(300),
    series: () => line(200).meta({ example: 'Central Asia + Japan' }),
    number: () => z.int().min(1).max(100000).meta({ description: 'Its place in the series: the 49th G7 summit is 49', example: 49 }),
    hostCountryId: () => ref('par').meta({ description: 'The country that hosts it (a participant of kind country)' }),
    city: () => line(200).meta({ example: 'Hiroshima' }),
    startDate: partialDate,
    endDate: partialDate,
    dateNote: () => line(500),
    location: () => line(200),
    description: () => prose(10000),
    sourceUrls: () => sourceUrls().default([]),
  }).omit(serverOwned),
  summits,
)
  .strict()
  .superRefine((s, ctx) => {
    if (s.startDate && s.endDate && !notBefore(s.endDate, s.startDate)) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
    }
  })
  .meta({
    id: 'SummitInput',
    example: {
      name: 'Central Asia + Japan Summit',
      kind: 'leaders_summit',
      status: 'planned',
      series: 'Central Asia + Japan',
      sourceUrls: [],
    },
  });
export type SummitInput = z.infer<typeof summitBody>;

export const summitSchema = createSelectSchema(summits, { ...recordColumns, sourceUrls: z.array(z.string()) }).meta({ id: 'Summit' });
export type Summit = z.infer<typeof summitSchema>;

export const participationBody = withColumnDefaults(
  createInsertSchema(summitParticipations, {
    onBehalfOfId: () => ref('par').meta({ description: 'A participant that itself takes part in the same summit' }),
    note: () => prose(2000),
    sourceUrls: () => sourceUrls().default([]).meta({ description: 'Where the participation is recorded' }),
  }).omit({ createdAt: true, updatedAt: true, version: true, summitId: true, participantId: true }),
  summitParticipations,
)
  .strict()
  .meta({ id: 'ParticipationInput', example: { role: 'host', level: 'head_of_state_or_government', isHeadOfDelegation: true } });
export type ParticipationInput = z.infer<typeof participationBody>;

export const participationSchema = createSelectSchema(summitParticipations, { ...recordColumns, sourceUrls: z.array(z.string()) }).meta({
  id: 'Participation',
});
export type Participation = z.infer<typeof participationSchema>;
