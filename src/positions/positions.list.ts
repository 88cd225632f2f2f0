// How positions are listed, filtered, sorted and expanded.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { positions } from '../db/schema.js';
import { heldOnCondition } from '../http/filters.js';
import type { ListSpec } from '../http/list.js';
import { viewSchema } from '../http/list.js';
import { participantExpansion } from '../participants/participants.list.js';
import { participantSchema, type Participant } from '../participants/participants.schemas.js';
import { positionSchema, type Position } from './positions.schemas.js';

export type PositionItem = Position & { person?: Participant; organization?: Participant };

export const positionList: ListSpec<Position, PositionItem> = {
  name: 'positions',
  table: positions,
  idColumn: positions.id,
  idOf: (p) => p.id,
  keyFields: ['id'],
  createdAt: positions.createdAt,
  filters: {
    personId: { type: 'id', idPrefix: 'par', column: positions.personId },
    organizationId: { type: 'id', idPrefix: 'par', column: positions.organizationId, description: 'The country or organization whose office it is' },
    office: { type: 'string', column: positions.office, description: 'The office: equality, or like.*minister* (case-insensitive)' },
    startDate: { type: 'date', column: positions.startDate },
    endDate: { type: 'date', column: positions.endDate, description: 'When the office was left; endDate=is.null: offices still held' },
    heldOn: {
      type: 'date',
      column: positions.startDate,
      build: (date) => heldOnCondition(positions.startDate, positions.endDate, date),
      description:
        'Positions certainly held on some day of this date (YYYY, YYYY-MM or YYYY-MM-DD; no operators): taken up by the time it ends (a startDate of 2021 counts from 2021-12-31) and not left before it begins (an endDate of 2024 counts until 2024-01-01; no endDate: still held). On a handover day both holders count; heldOn=2022 finds everyone who held the office at some time in 2022',
    },
  },
  sorts: {
    startDate: { column: positions.startDate, nullable: false },
    createdAt: { column: positions.createdAt, nullable: false },
  },
  expand: {
    person: participantExpansion('the person who held the office', 'personId', 'person'),
    organization: participantExpansion('the country or organization whose office it is', 'organizationId', 'organization'),
  },
  fields: Object.keys(positionSchema.shape),
  present: (_db, rows) => rows,
};

export const positionView = viewSchema('PositionView', positionSchema, { person: participantSchema, organization: participantSchema });

/** The positions of one person. */
export const ofPerson = (personId: string) => ({ scope: eq(positions.personId, personId), scopeKey: personId });

/** A participation's officeHeld, as documented with it. */
export const officeHeldSchema = z
  .array(positionSchema)
  .nullable()
  .meta({
    description:
      'The positions the participant held on the summit’s startDate (see heldOn on /v1/positions), usually one: derived when read, so a later change of office leaves this record true. null when the participant is not a person, the summit has no startDate, or no known position covers it',
  });
