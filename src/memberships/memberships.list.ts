// How memberships are listed, filtered, sorted and expanded.
import { eq } from 'drizzle-orm';
import { memberships } from '../db/schema.js';
import { heldOnCondition } from '../http/filters.js';
import type { ListSpec } from '../http/list.js';
import { viewSchema } from '../http/list.js';
import { participantExpansion } from '../participants/participants.list.js';
import { participantSchema, type Participant } from '../participants/participants.schemas.js';
import { membershipSchema, type Membership } from './memberships.schemas.js';

export type MembershipItem = Membership & { member?: Participant; group?: Participant };

/** What activeOn means, on memberships and on participants' memberOf. */
export const ACTIVE_ON =
  'Memberships certainly in force on some day of this date (YYYY, YYYY-MM or YYYY-MM-DD; no operators): begun by the time it ends (a startDate of 1975 counts from 1975-12-31) and not ended before it begins (no endDate: still in force)';

export const membershipList: ListSpec<Membership, MembershipItem> = {
  name: 'memberships',
  table: memberships,
  idColumn: memberships.id,
  idOf: (m) => m.id,
  keyFields: ['id'],
  createdAt: memberships.createdAt,
  filters: {
    memberId: { type: 'id', idPrefix: 'par', column: memberships.memberId },
    groupId: { type: 'id', idPrefix: 'par', column: memberships.groupId, description: 'The group (an organization)' },
    startDate: { type: 'date', column: memberships.startDate },
    endDate: { type: 'date', column: memberships.endDate, description: 'When the membership ended; endDate=is.null: memberships in force' },
    activeOn: {
      type: 'date',
      column: memberships.startDate,
      build: (date) => heldOnCondition(memberships.startDate, memberships.endDate, date),
      description: ACTIVE_ON,
    },
  },
  sorts: {
    startDate: { column: memberships.startDate, nullable: false },
    createdAt: { column: memberships.createdAt, nullable: false },
  },
  expand: {
    member: participantExpansion('the member', 'memberId', 'member'),
    group: participantExpansion('the group', 'groupId', 'group'),
  },
  fields: Object.keys(membershipSchema.shape),
  present: (_db, rows) => rows,
};

export const membershipView = viewSchema('MembershipView', membershipSchema, { member: participantSchema, group: participantSchema });

/** The memberships of one member. */
export const ofMember = (memberId: string) => ({ scope: eq(memberships.memberId, memberId), scopeKey: memberId });
