// The change feed's events and its query: one event type per resource and change, each carrying
// the resource in the same shape as the API's own reads of it.
import { z } from 'zod';
import { actionSchema, agreementSchema, type Agreement, type AgreementAction } from '../agreements/agreements.schemas.js';
import { commitmentSchema, type Commitment } from '../commitments/commitments.schemas.js';
import { assessmentSchema, reportSchema, type Assessment, type ComplianceReport } from '../compliance/compliance.schemas.js';
import { EVENT_TYPES } from '../db/schema.js';
import { idPattern } from '../http/fields.js';
import { limitParam, once } from '../http/list.js';
import { membershipSchema, type Membership } from '../memberships/memberships.schemas.js';
import { participantSchema, type Participant } from '../participants/participants.schemas.js';
import { positionSchema, type Position } from '../positions/positions.schemas.js';
import { progressSchema, type ProgressUpdate } from '../progress/progress.schemas.js';
import { participationSchema, summitSchema, type Participation, type Summit } from '../summits/summits.schemas.js';

export { EVENT_TYPES };
export type EventType = (typeof EVENT_TYPES)[number];

/** The resource each event carries, by the name its types begin with. */
export interface EventData {
  participant: Participant;
  summit: Summit;
  participation: Participation;
  agreement: Agreement;
  agreementAction: AgreementAction;
  commitment: Commitment;
  progressUpdate: ProgressUpdate;
  complianceReport: ComplianceReport;
  assessment: Assessment;
  position: Position;
  membership: Membership;
}

/** `summit` of `summit.updated`. */
export type EventResource<T extends EventType = EventType> = T extends `${infer R extends keyof EventData}.${string}` ? R : never;

const RESOURCE_SCHEMAS: Record<keyof EventData, z.ZodObject> = {
  participant: participantSchema,
  summit: summitSchema,
  participation: participationSchema,
  agreement: agreementSchema,
  agreementAction: actionSchema,
  commitment: commitmentSchema,
  progressUpdate: progressSchema,
  complianceReport: reportSchema,
  assessment: assessmentSchema,
  position: positionSchema,
  membership: membershipSchema,
};

const EVENT_ID_EXAMPLE = 'evt_01HZY000000000000000000000';

/** The events of one resource: their types, and the resource as its own reads show it. */
function eventOf(resource: keyof EventData, data: z.ZodObject) {
  const types = EVENT_TYPES.filter((type) => type.startsWith(`${resource}.`));
  return z
    .object({
      id: z.string().regex(idPattern('evt')).meta({ example: EVENT_ID_EXAMPLE }),
      type: z.enum(types as [EventType, ...EventType[]]),
      occurredAt: z.string().meta({ example: '2024-05-19T09:30:00.000Z' }),
      resourceId: z.string().meta({
        description:
          resource === 'participation'
            ? 'summitId/participantId: a participation is named by its summit and participant'
            : `The ${resource}’s id`,
      }),
      data,
    })
    .meta({ id: `${resource[0]!.toUpperCase()}${resource.slice(1)}Event` });
}

export const eventSchema = z
  .union(Object.entries(RESOURCE_SCHEMAS).map(([resource, data]) => eventOf(resource as keyof EventData, data)))
  .meta({
    id: 'Event',
    description: 'One change of one resource: created, updated or deleted. data is the resource as its own reads show it after the change; before it, for a delete',
  });


export const eventsQuery = z.strictObject({
  after: once
    .regex(idPattern('evt'), 'must be an event id: evt_ and 26 characters')
    .optional()
    .meta({
      description:
        'An event id: only the events after it. The id of the last event a consumer processed is its position; an id whose event was pruned still marks the same position',
      example: EVENT_ID_EXAMPLE,
    }),
  types: once
    .transform((value, ctx) => {
      const types = value.split(',').map((t) => t.trim());
      const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
      if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown type ${unknown.join(', ')}; types: ${EVENT_TYPES.join(', ')}` });
      return [...new Set(types)] as EventType[];
    })
    .optional()
    .meta({ description: `Comma list of event types; all by default. Types: ${EVENT_TYPES.join(', ')}`, type: 'string', example: 'summit.created,commitment.updated' }),
  limit: limitParam,
});
export type EventsQuery = z.infer<typeof eventsQuery>;
