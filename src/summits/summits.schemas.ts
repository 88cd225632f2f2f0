import { z } from 'zod';
import { summitParticipations, summits } from '../db/schema.js';
import { line, notBefore, partialDate, prose, recordId, recordStamps, ref, requiredLine, sourceUrls } from '../http/fields.js';

const fields = {
  name: requiredLine(300),
  kind: z.enum(summits.kind.enumValues),
  status: z.enum(summits.status.enumValues).default('planned'),
  series: line(200).nullish().meta({ example: 'Central Asia + Japan' }),
  startDate: partialDate().nullish(),
  endDate: partialDate().nullish(),
  dateNote: line(500).nullish(),
  location: line(200).nullish(),
  description: prose(10000).nullish(),
  sourceUrls: sourceUrls().default([]),
};

export const summitBody = z
  .strictObject(fields)
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

export const summitSchema = z
  .object({
    ...recordId,
    name: z.string(),
    kind: fields.kind,
    status: z.enum(summits.status.enumValues),
    series: z.string().nullable(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    dateNote: z.string().nullable(),
    location: z.string().nullable(),
    description: z.string().nullable(),
    sourceUrls: z.array(z.string()),
    ...recordStamps,
  })
  .meta({ id: 'Summit' });
export type Summit = z.infer<typeof summitSchema>;

const participationFields = {
  role: z.enum(summitParticipations.role.enumValues),
  level: z.enum(summitParticipations.level.enumValues).nullish(),
  attendance: z.enum(summitParticipations.attendance.enumValues).default('expected'),
  onBehalfOfId: ref('par').nullish().meta({ description: 'A participant that itself takes part in the same summit' }),
  isHeadOfDelegation: z.boolean().default(false),
  note: prose(2000).nullish(),
};

export const participationBody = z
  .strictObject(participationFields)
  .meta({ id: 'ParticipationInput', example: { role: 'host', level: 'head_of_state_or_government', isHeadOfDelegation: true } });
export type ParticipationInput = z.infer<typeof participationBody>;

export const participationSchema = z
  .object({
    summitId: z.string(),
    participantId: z.string(),
    role: participationFields.role,
    level: z.enum(summitParticipations.level.enumValues).nullable(),
    attendance: z.enum(summitParticipations.attendance.enumValues),
    onBehalfOfId: z.string().nullable(),
    isHeadOfDelegation: z.boolean(),
    note: z.string().nullable(),
    ...recordStamps,
  })
  .meta({ id: 'Participation' });
export type Participation = z.infer<typeof participationSchema>;
