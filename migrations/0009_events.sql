CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`resource_id` text NOT NULL,
	`occurred_at` text NOT NULL,
	`data` text NOT NULL,
	CONSTRAINT "events_type_check" CHECK("events"."type" IS NULL OR "events"."type" IN ('participant.created', 'participant.updated', 'participant.deleted', 'summit.created', 'summit.updated', 'summit.deleted', 'participation.created', 'participation.updated', 'participation.deleted', 'agreement.created', 'agreement.updated', 'agreement.deleted', 'agreementAction.created', 'agreementAction.deleted', 'commitment.created', 'commitment.updated', 'commitment.deleted', 'progressUpdate.created', 'complianceReport.created', 'complianceReport.updated', 'complianceReport.deleted', 'assessment.created', 'assessment.updated', 'assessment.deleted'))
);
