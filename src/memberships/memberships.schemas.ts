// The membership's body and record, derived from its table and refined for the API.
import { createInsertSchema, createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { memberships } from '../db/schema.js';
import { notBefore, partialDate, prose, recordColumns, ref, serverOwned, sourceUrls, withColumnDefaults } from '../http/fields.js';

export const membershipBody = withColumnDefaults(
  createInsertSchema(memberships, {
    memberId: () => ref('par').meta({ description: 'The member: a country, an organization or a person' }),
    groupId: () => ref('par').meta({ description: 'The group it belongs to: a participant of kind organization (the EU, the G7, NATO)' }),
    startDate: () => partialDate().meta({ description: 'When the membership began: YYYY, YYYY-MM or YYYY-MM-DD', example: '1958-01-01' }),
    endDate: () => partialDate().meta({ description: 'When it ended; absent or null while it lasts', example: '2020-01-31' }),
    sourceUrls: () => sourceUrls().default([]).meta({ description: 'Where the facts come from: up to 20 http(s) URLs' }),
    note: () => prose(2000),
  }).omit(serverOwned),
  memberships,
)
  .strict()
  .superRefine((m, ctx) => {
    if (m.endDate && !notBefore(m.endDate, m.startDate)) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before startDate' });
    if (m.memberId === m.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'must not be the member itself' });
  })
  .meta({
    id: 'MembershipInput',
    example: {
      memberId: 'par_01HZY000000000000000000000',
      groupId: 'par_01HZY000000000000000000002',
      startDate: '1949-04-04',
      sourceUrls: ['https://www.nato.int/cps/en/natohq/topics_52044.htm'],
    },
  });
export type MembershipInput = z.infer<typeof membershipBody>;

export const membershipSchema = createSelectSchema(memberships, { ...recordColumns, sourceUrls: z.array(z.string()) }).meta({ id: 'Membership' });
export type Membership = z.infer<typeof membershipSchema>;
