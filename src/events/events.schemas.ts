// The change feed's events: one event type per resource and change, each carrying the resource in
// the same shape as the API's own reads of it.
import type { Agreement, AgreementAction } from '../agreements/agreements.schemas.js';
import type { Commitment } from '../commitments/commitments.schemas.js';
import type { Assessment, ComplianceReport } from '../compliance/compliance.schemas.js';
import { EVENT_TYPES } from '../db/schema.js';
import type { Participant } from '../participants/participants.schemas.js';
import type { ProgressUpdate } from '../progress/progress.schemas.js';
import type { Participation, Summit } from '../summits/summits.schemas.js';

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
}

/** `summit` of `summit.updated`. */
export type EventResource<T extends EventType = EventType> = T extends `${infer R extends keyof EventData}.${string}` ? R : never;
