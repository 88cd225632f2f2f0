// How agreements and their party actions are listed, filtered, sorted, searched and expanded.
import { eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { agreementActions, agreements, agreementTargets, agreementThemes } from '../db/schema.js';
import { agreementsFts } from '../db/search.js';
import type { FilterContext } from '../http/filters.js';
import type { ListSpec } from '../http/list.js';
import { viewSchema } from '../http/list.js';
import { participantsById } from '../participants/participants.queries.js';
import { participantSchema, type Participant } from '../participants/participants.schemas.js';
import { summitFilters } from '../summits/summits.list.js';
import { summitsById } from '../summits/summits.queries.js';
import { summitSchema, type Summit } from '../summits/summits.schemas.js';
import { targetFilters } from '../domain/targets.js';
import { partyStandings, presentAgreements, standingOf, withStanding } from './agreements.queries.js';
import {
  actionSchema,
  agreementSchema,
  partyStandingSchema,
  type Agreement,
  type AgreementAction,
  type PartyStanding,
} from './agreements.schemas.js';

type AgreementRow = typeof agreements.$inferSelect;
export type AgreementItem = Agreement & { summit?: Summit | null; parties?: PartyStanding[] };
export type ActionItem = AgreementAction & { participant?: Participant };

// EXISTS rather than IN: a theme subtree can hold most rows, and walking the sort order's index
// with a probe per row finds a page at once, where IN would first collect every match.
const viaTheme = (condition: SQL) =>
  sql`EXISTS (SELECT 1 FROM ${agreementThemes} WHERE ${agreementThemes.agreementId} = ${agreements.id} AND ${condition})`;

// A standing is today's, by the app's clock (FilterContext).
const viaStanding = (condition: SQL, { today }: FilterContext) => withStanding(condition, today);

export const agreementList: ListSpec<AgreementRow, AgreementItem> = {
  name: 'agreements',
  table: agreements,
  idColumn: agreements.id,
  idOf: (a) => a.id,
  keyFields: ['id'],
  createdAt: agreements.createdAt,
  filters: {
    title: { type: 'string', column: agreements.title },
    type: { type: 'enum', column: agreements.type, values: agreements.type.enumValues },
    ambit: { type: 'enum', column: agreements.ambit, values: agreements.ambit.enumValues },
    legalForce: { type: 'enum', column: agreements.legalForce, values: agreements.legalForce.enumValues },
    status: { type: 'enum', column: agreements.status, values: agreements.status.enumValues },
    summitId: { type: 'id', idPrefix: 'smt', column: agreements.summitId },
    adoptedDate: { type: 'date', column: agreements.adoptedDate },
    ...summitFilters(agreements.summitId),
    participantId: {
      type: 'id',
      idPrefix: 'par',
      column: agreementActions.participantId,
      via: { group: 'standing', wrap: viaStanding },
      example: 'par_01HZY000000000000000000000',
      description: 'Agreements in which the participant has a standing today: an action in effect, as GET /v1/agreements/{id}/parties shows it',
    },
    partyStatus: {
      type: 'enum',
      column: standingOf(agreementActions.action),
      values: partyStandingSchema.shape.status.options,
      via: { group: 'standing', wrap: viaStanding },
      requires: 'participantId',
      example: 'party',
      description:
        'The standing of participantId today, from its latest action in effect: party (ratified, accepted, approved or acceded), signatory (signed), endorsed, withdrawn. participantId=…&partyStatus=party: what it is a party to',
    },
    theme: {
      type: 'theme',
      column: agreementThemes.theme,
      via: { group: 'theme', wrap: viaTheme },
      description: 'A theme slug; matches the slug and its children (energy matches energy.nuclear_power)',
    },
    ...targetFilters({ table: agreementTargets, ownerId: agreementTargets.agreementId, owner: agreements.id }),
  },
  sorts: {
    adoptedDate: { column: agreements.adoptedDate, nullable: true },
    title: { column: agreements.title, nullable: false },
    createdAt: { column: agreements.createdAt, nullable: false },
  },
  search: { table: agreementsFts, fields: ['title', 'summary', 'text'] },
  expand: {
    summit: {
      description: 'the summit that adopted it',
      load: (db, items) => {
        const found = summitsById(db, items.map((i) => i.summitId));
        for (const item of items) item.summit = item.summitId ? (found.get(item.summitId) ?? null) : null;
      },
      csv: { summitName: (i) => i.summit?.name },
    },
    parties: {
      description: 'each participant’s standing today, derived from its latest action in effect',
      load: (db, items, { today }) => {
        const standings = partyStandings(db, items.map((i) => i.id), today);
        for (const item of items) item.parties = standings.get(item.id) ?? [];
      },
    },
  },
  fields: Object.keys(agreementSchema.shape),
  present: presentAgreements,
};

export const agreementView = viewSchema('AgreementView', agreementSchema, {
  summit: z.union([summitSchema, z.null()]),
  parties: z.array(partyStandingSchema),
});

export const actionList: ListSpec<AgreementAction, ActionItem> = {
  name: 'agreements/actions',
  fileName: 'agreement-actions',
  table: agreementActions,
  idColumn: agreementActions.id,
  idOf: (a) => a.id,
  keyFields: ['id'],
  createdAt: agreementActions.createdAt,
  filters: {
    participantId: { type: 'id', idPrefix: 'par', column: agreementActions.participantId },
    action: { type: 'enum', column: agreementActions.action, values: agreementActions.action.enumValues },
    actionDate: { type: 'date', column: agreementActions.actionDate },
  },
  sorts: {
    actionDate: { column: agreementActions.actionDate, nullable: true },
    createdAt: { column: agreementActions.createdAt, nullable: false },
  },
  expand: {
    participant: {
      description: 'the participant that acted',
      load: (db, items) => {
        const found = participantsById(db, items.map((i) => i.participantId));
        for (const item of items) item.participant = found.get(item.participantId)!;
      },
      csv: { participantName: (i) => i.participant?.name },
    },
  },
  fields: Object.keys(actionSchema.shape),
  present: (_db, rows) => rows,
};

export const actionView = viewSchema('AgreementActionView', actionSchema, { participant: participantSchema });

/** The actions of one agreement. */
export const ofAgreement = (agreementId: string) => ({ scope: eq(agreementActions.agreementId, agreementId), scopeKey: agreementId });
