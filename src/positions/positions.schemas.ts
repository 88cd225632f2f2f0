// The position's body and record, derived from its table and refined for the API.
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { positions } from '../db/schema.js';
import { notBefore, partialDate, prose, recordColumns, ref, requiredLine, serverOwned, sourceUrls, withColumnDefaults } from '../http/fields.js';

export const positionBody = withColumnDefaults(
  createInsertSchema(positions, {
    personId: () => ref('par').meta({ description: 'The person who held the office (a participant of kind person)' }),
    office: () => requiredLine(200).meta({ description: 'The office as sources name it', example: 'Prime Minister' }),
    organizationId: () =>
      ref('par').meta({ description: 'The country or organization whose office it is (Japan for its Prime Minister)' }),
    startDate: () => partialDate().meta({ description: 'When the office was taken up: YYYY, YYYY-MM or YYYY-MM-DD', example: '2021-10-04' }),
    endDate: () =>
      partialDate().meta({ description: 'When the office was left; absent or null while it is still held', example: '2024-10-01' }),
    sourceUrls: () => sourceUrls().default([]).meta({ description: 'Where the facts come from: up to 20 http(s) URLs' }),
    note: () => prose(2000),
  }).omit(serverOwned),
  positions,
)
  .strict()
  .superRefine((p, ctx) => {
    if (p.endDate && !notBefore(p.endDate, p.startDate)) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
    if (p.personId === p.organizationId) ctx.addIssue({ code: 'custom', path: ['organizationId'], message: 'must not be the person' });
  })
  .meta({
    id: 'PositionInput',
    example: {
      personId: 'par_01HZY000000000000000000001',
      office: 'Prime Minister',
      organizationId: 'par_01HZY000000000000000000000',
      startDate: '2021-10-04',
      endDate: '2024-10-01',
      sourceUrls: ['https://japan.kantei.go.jp/101_kishida/'],
    },
  });
export type PositionInput = z.infer<typeof positionBody>;

export const positionSchema = createSelectSchema(positions, { ...recordColumns, sourceUrls: z.array(z.string()) }).meta({ id: 'Position' });
export type Position = z.infer<typeof positionSchema>;
