// How summits and their participations are listed, filtered, sorted, searched and expanded.
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { agreementsWhere } from '../agreements/agreements.queries.js';
import { agreementSchema, type Agreement } from '../agreements/agreements.schemas.js';
import { commitmentsWhere } from '../commitments/commitments.queries.js';
import { commitmentSchema, type Commitment } from '../commitments/commitments.schemas.js';
import type { Tx } from '../db/client.js';
import { agreements, commitments, participants, summitParticipations, summits } from '../db/schema.js';
import { summitsFts } from '../db/search.js';
import { groupBy } from '../domain/targets.js';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { FilterSpec } from '../http/filters.js';
import type { ListSpec } from '../http/list.js';
import { viewSchema } from '../http/list.js';
import { participantsById } from '../participants/participants.queries.js';
import { participantExpansion } from '../participants/participants.list.js';
import { participantSchema, type Participant } from '../participants/participants.schemas.js';
import { officeHeldSchema } from '../positions/positions.list.js';
import { officesHeld } from '../positions/positions.queries.js';
import type { Position } from '../positions/positions.schemas.js';
import { summitsById } from './summits.queries.js';
import { participationSchema, summitSchema, type Participation, type Summit } from './summits.schemas.js';

export type ParticipationItem = Participation & { officeHeld?: Position[] | null; participant?: Participant };
export type SummitItem = Summit & { hostCountry?: Participant | null; participants?: ParticipationItem[]; agreements?: Agreement[]; commitments?: Commitment[] };

/** Summits some participation of which matches `condition`. */
const viaParticipation = (condition: SQL) =>
  sql`${summits.id} IN (SELECT ${summitParticipations.summitId} FROM ${summitParticipations} WHERE ${condition})`;

function loadParticipants(db: Tx, items: ParticipationItem[]): void {
  const found = participantsById(db, items.map((i) => i.participantId));
  for (const item of items) item.participant = found.get(item.participantId)!;
}

/** Participations as reads show them: with the office each person held on the summit's startDate. */
export function withOfficeHeld(db: Tx, rows: Participation[], startDates?: Map<string, string | null>): ParticipationItem[] {
  const dates = startDates ?? new Map([...summitsById(db, rows.map((r) => r.summitId)).values()].map((s) => [s.id, s.startDate]));
  const held = officesHeld(db, rows.map((r) => ({ personId: r.participantId, date: dates.get(r.summitId) ?? null })));
  return rows.map((row, i) => ({ ...row, officeHeld: held[i]! }));
}

const participationRead = participationSchema.extend({ officeHeld: officeHeldSchema });

export const participationView = participationRead.extend({ participant: participantSchema.optional() }).meta({ id: 'ParticipationView' });

export const summitList: ListSpec<Summit, SummitItem> = {
  name: 'summits',
  table: summits,
  idColumn: summits.id,
  idOf: (s) => s.id,
  keyFields: ['id'],
  createdAt: summits.createdAt,
  filters: {
    name: { type: 'string', column: summits.name },
    kind: { type: 'enum', column: summits.kind, values: summits.kind.enumValues },
    status: { type: 'enum', column: summits.status, values: summits.status.enumValues },
    series: { type: 'string', column: summits.series, caseInsensitive: true, description: 'The series, in any ASCII case (g7 finds G7)', example: 'G7' },
    startDate: { type: 'date', column: summits.startDate },
    endDate: { type: 'date', column: summits.endDate },
    location: { type: 'string', column: summits.location },
    number: { type: 'integer', column: summits.number },
    hostCountryId: { type: 'id', idPrefix: 'par', column: summits.hostCountryId },
    city: { type: 'string', column: summits.city },
    participantId: {
      type: 'id',
      idPrefix: 'par',
      column: summitParticipations.participantId,
      via: { group: 'participation', wrap: viaParticipation },
      description: 'Summits the participant took part in',
    },
    role: {
      type: 'enum',
      column: summitParticipations.role,
      values: summitParticipations.role.enumValues,
      via: { group: 'participation', wrap: viaParticipation },
      requires: 'participantId',
      description: 'The role of participantId at the summit',
    },
  },
  sorts: {
    startDate: { column: summits.startDate, nullable: true },
    name: { column: summits.name, nullable: false },
    createdAt: { column: summits.createdAt, nullable: false },
  },
  search: { table: summitsFts, fields: ['name', 'series', 'description', 'location'] },
  expand: {
    hostCountry: participantExpansion<SummitItem>('the participant named by hostCountryId', 'hostCountryId', 'hostCountry'),
    participants: {
      description: 'who takes part, each with its participant',
      load: (db, items) => {
        const ids = items.map((i) => i.id);
        const rows = withOfficeHeld(
          db,
          ids.length
            ? db.select().from(summitParticipations).where(inArray(summitParticipations.summitId, ids)).orderBy(summitParticipations.createdAt).all()
            : [],
          new Map(items.map((i) => [i.id, i.startDate])),
        );
        loadParticipants(db, rows);
        const bySummit = groupBy(rows, (p) => p.summitId);
        for (const item of items) item.participants = bySummit.get(item.id) ?? [];
      },
      csv: { participantNames: (i) => i.participants?.map((p) => p.participant?.name) },
    },
    agreements: {
      description: 'the agreements it adopted',
      load: (db, items) => {
        const bySummit = groupBy(
          agreementsWhere(db, inArray(agreements.summitId, items.map((i) => i.id))),
          (a) => a.summitId!,
        );
        for (const item of items) item.agreements = bySummit.get(item.id) ?? [];
      },
    },
    commitments: {
      description: 'the commitments made at it',
      load: (db, items) => {
        const bySummit = groupBy(
          commitmentsWhere(db, inArray(commitments.summitId, items.map((i) => i.id))),
          (c) => c.summitId!,
        );
        for (const item of items) item.commitments = bySummit.get(item.id) ?? [];
      },
    },
  },
  fields: Object.keys(summitSchema.shape),
  present: (_db, rows) => rows,
};

const SUMMIT_EXAMPLES = { series: 'G7', kind: 'leaders_summit', status: 'held', startDate: 'gte.2020' };

/**
 * The summit filters that a record made at a summit (a commitment, an agreement) offers as
 * `summit.<name>`: the same operators and date rules as on /v1/summits, on the one summit named by
 * `summitId`. A record without a summit matches none of them.
 */
export function summitFilters(summitId: SQLiteColumn): Record<string, FilterSpec> {
  const wrap = (condition: SQL) => sql`${summitId} IN (SELECT ${summits.id} FROM ${summits} WHERE ${condition})`;
  return Object.fromEntries(
    (['series', 'kind', 'status', 'startDate'] as const).map((name) => {
      const filter = summitList.filters[name]!;
      return [
        `summit.${name}`,
        { ...filter, example: SUMMIT_EXAMPLES[name], via: { group: 'summit', wrap, toOne: true }, description: `The ${name} of its summit${filter.description ? ` (${filter.description})` : ''}; a record without a summit matches no summit filter` },
      ];
    }),
  );
}

export const summitView = viewSchema('SummitView', summitSchema, {
  hostCountry: z.union([participantSchema, z.null()]),
  participants: z.array(participationView),
  agreements: z.array(agreementSchema),
  commitments: z.array(commitmentSchema),
});

export const participationList: ListSpec<Participation, ParticipationItem> = {
  name: 'summits/participants',
  fileName: 'summit-participants',
  table: summitParticipations,
  idColumn: summitParticipations.participantId,
  idOf: (p) => p.participantId,
  keyFields: ['summitId', 'participantId'],
  createdAt: summitParticipations.createdAt,
  filters: {
    participantId: { type: 'id', idPrefix: 'par', column: summitParticipations.participantId },
    role: { type: 'enum', column: summitParticipations.role, values: summitParticipations.role.enumValues },
    level: { type: 'enum', column: summitParticipations.level, values: summitParticipations.level.enumValues },
    attendance: { type: 'enum', column: summitParticipations.attendance, values: summitParticipations.attendance.enumValues },
    isHeadOfDelegation: { type: 'boolean', column: summitParticipations.isHeadOfDelegation },
    'participant.kind': {
      type: 'enum',
      column: participants.kind,
      values: participants.kind.enumValues,
      via: {
        group: 'participant',
        toOne: true,
        wrap: (condition) => sql`${summitParticipations.participantId} IN (SELECT ${participants.id} FROM ${participants} WHERE ${condition})`,
      },
      example: 'person',
      description: 'The kind of the participant: participant.kind=person lists the persons, participant.kind=ne.person the delegations of states and organizations',
    },
  },
  sorts: { createdAt: { column: summitParticipations.createdAt, nullable: false } },
  expand: {
    participant: {
      description: 'the participant',
      load: loadParticipants,
      csv: { participantName: (i) => i.participant?.name, participantKind: (i) => i.participant?.kind },
    },
  },
  fields: Object.keys(participationRead.shape),
  present: withOfficeHeld,
};

export const participationListView = viewSchema('ParticipationListItem', participationRead, { participant: participantSchema }, [
  'summitId',
  'participantId',
]);

/** The participations of one summit. */
export const ofSummit = (summitId: string) => ({ scope: eq(summitParticipations.summitId, summitId), scopeKey: summitId });
