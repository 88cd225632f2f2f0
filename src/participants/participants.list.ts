// How participants are listed, filtered, sorted, searched and expanded.
import { sql, type SQL } from 'drizzle-orm';
import { memberships, participants } from '../db/schema.js';
import { participantsFts } from '../db/search.js';
import { z } from 'zod';
import { heldOnCondition } from '../http/filters.js';
import type { ExpandSpec, ListSpec } from '../http/list.js';
import { viewSchema } from '../http/list.js';
import { participantsById } from './participants.queries.js';
import { participantSchema, type Participant } from './participants.schemas.js';

/** Participants some membership of which matches `condition`. */
const viaMembership = (condition: SQL) =>
  sql`${participants.id} IN (SELECT ${memberships.memberId} FROM ${memberships} WHERE ${condition})`;

/**
 * An expansion that embeds, as `to`, the participant each item names in `from` (null where `from`
 * names none): one query for a page.
 */
export function participantExpansion<Item extends object>(description: string, from: keyof Item, to: keyof Item): ExpandSpec<Item> {
  return {
    description,
    load: (db, items) => {
      const found = participantsById(db, items.map((i) => i[from] as string | null));
      for (const item of items) {
        const id = item[from] as string | null;
        (item as Record<keyof Item, unknown>)[to] = id === null ? null : (found.get(id) ?? null);
      }
    },
  };
}

export type ParticipantItem = Participant & { affiliation?: Participant | null };

export const participantList: ListSpec<Participant, ParticipantItem> = {
  name: 'participants',
  table: participants,
  idColumn: participants.id,
  idOf: (p) => p.id,
  keyFields: ['id'],
  createdAt: participants.createdAt,
  filters: {
    id: { type: 'id', idPrefix: 'par', column: participants.id, description: 'The participant ids: id=in.(par_…,par_…) reads many at once', example: 'in.(par_01HZY000000000000000000000,par_01HZY000000000000000000001)' },
    kind: { type: 'enum', column: participants.kind, values: participants.kind.enumValues },
    iso3: { type: 'string', column: participants.iso3 },
    affiliationId: {
      type: 'id',
      idPrefix: 'par',
      column: participants.affiliationId,
      description: 'Deprecated: filter on memberOf (groups) or list /v1/positions (offices) instead',
    },
    memberOf: {
      type: 'id',
      idPrefix: 'par',
      column: memberships.groupId,
      via: { group: 'membership', wrap: viaMembership },
      description: 'Participants that are or were members of this group (with activeOn: on that date)',
    },
    activeOn: {
      type: 'date',
      column: memberships.startDate,
      build: (date) => heldOnCondition(memberships.startDate, memberships.endDate, date),
      via: { group: 'membership', wrap: viaMembership },
      requires: 'memberOf',
      description:
        'With memberOf: only members on some day of this date (YYYY, YYYY-MM or YYYY-MM-DD; no operators), as activeOn on /v1/memberships counts them',
    },
    name: { type: 'string', column: participants.name },
    createdAt: { type: 'timestamp', column: participants.createdAt },
  },
  sorts: {
    name: { column: participants.name, nullable: false },
    createdAt: { column: participants.createdAt, nullable: false },
  },
  search: { table: participantsFts, fields: ['name', 'shortName', 'title', 'description'] },
  expand: {
    affiliation: {
      ...participantExpansion<ParticipantItem>('the participant named by affiliationId', 'affiliationId', 'affiliation'),
      csv: { affiliationName: (i) => i.affiliation?.name },
    },
  },
  fields: Object.keys(participantSchema.shape),
  present: (_db, rows) => rows,
};

export const participantView = viewSchema('ParticipantView', participantSchema, { affiliation: z.union([participantSchema, z.null()]) });
