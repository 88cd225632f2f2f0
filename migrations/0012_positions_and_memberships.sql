CREATE TABLE `memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`group_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`source_urls` text DEFAULT '[]' NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "memberships_start_date_check" CHECK("memberships"."start_date" IS NULL
      OR (length("memberships"."start_date") = 4 AND "memberships"."start_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("memberships"."start_date") = 7 AND date("memberships"."start_date" || '-01') IS ("memberships"."start_date" || '-01'))
      OR (length("memberships"."start_date") = 10 AND date("memberships"."start_date") IS "memberships"."start_date")),
	CONSTRAINT "memberships_end_date_check" CHECK("memberships"."end_date" IS NULL
      OR (length("memberships"."end_date") = 4 AND "memberships"."end_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("memberships"."end_date") = 7 AND date("memberships"."end_date" || '-01') IS ("memberships"."end_date" || '-01'))
      OR (length("memberships"."end_date") = 10 AND date("memberships"."end_date") IS "memberships"."end_date")),
	CONSTRAINT "memberships_date_order_check" CHECK("memberships"."end_date" IS NULL OR "memberships"."start_date" IS NULL
    OR substr("memberships"."end_date", 1, min(length("memberships"."end_date"), length("memberships"."start_date"))) >= substr("memberships"."start_date", 1, min(length("memberships"."end_date"), length("memberships"."start_date")))),
	CONSTRAINT "memberships_member_check" CHECK("memberships"."member_id" <> "memberships"."group_id")
);
--> statement-breakpoint
CREATE INDEX `memberships_member_idx` ON `memberships` (`member_id`,`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `memberships_group_idx` ON `memberships` (`group_id`,`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `memberships_start_date_idx` ON `memberships` (`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `memberships_created_at_idx` ON `memberships` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `positions` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`office` text NOT NULL,
	`organization_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`source_urls` text DEFAULT '[]' NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organization_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "positions_start_date_check" CHECK("positions"."start_date" IS NULL
      OR (length("positions"."start_date") = 4 AND "positions"."start_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("positions"."start_date") = 7 AND date("positions"."start_date" || '-01') IS ("positions"."start_date" || '-01'))
      OR (length("positions"."start_date") = 10 AND date("positions"."start_date") IS "positions"."start_date")),
	CONSTRAINT "positions_end_date_check" CHECK("positions"."end_date" IS NULL
      OR (length("positions"."end_date") = 4 AND "positions"."end_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("positions"."end_date") = 7 AND date("positions"."end_date" || '-01') IS ("positions"."end_date" || '-01'))
      OR (length("positions"."end_date") = 10 AND date("positions"."end_date") IS "positions"."end_date")),
	CONSTRAINT "positions_date_order_check" CHECK("positions"."end_date" IS NULL OR "positions"."start_date" IS NULL
    OR substr("positions"."end_date", 1, min(length("positions"."end_date"), length("positions"."start_date"))) >= substr("positions"."start_date", 1, min(length("positions"."end_date"), length("positions"."start_date")))),
	CONSTRAINT "positions_office_check" CHECK(length(trim("positions"."office")) > 0),
	CONSTRAINT "positions_person_check" CHECK("positions"."person_id" <> "positions"."organization_id")
);
--> statement-breakpoint
CREATE INDEX `positions_person_idx` ON `positions` (`person_id`,`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `positions_organization_idx` ON `positions` (`organization_id`,`office`,`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `positions_start_date_idx` ON `positions` (`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `positions_created_at_idx` ON `positions` (`created_at`,`id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`resource_id` text NOT NULL,
	`occurred_at` text NOT NULL,
	`data` text NOT NULL,
	CONSTRAINT "events_type_check" CHECK("__new_events"."type" IS NULL OR "__new_events"."type" IN ('participant.created', 'participant.updated', 'participant.deleted', 'summit.created', 'summit.updated', 'summit.deleted', 'participation.created', 'participation.updated', 'participation.deleted', 'agreement.created', 'agreement.updated', 'agreement.deleted', 'agreementAction.created', 'agreementAction.deleted', 'commitment.created', 'commitment.updated', 'commitment.deleted', 'progressUpdate.created', 'complianceReport.created', 'complianceReport.updated', 'complianceReport.deleted', 'assessment.created', 'assessment.updated', 'assessment.deleted', 'position.created', 'position.updated', 'position.deleted', 'membership.created', 'membership.updated', 'membership.deleted'))
);
--> statement-breakpoint
INSERT INTO `__new_events`("id", "type", "resource_id", "occurred_at", "data") SELECT "id", "type", "resource_id", "occurred_at", "data" FROM `events`;--> statement-breakpoint
DROP TABLE `events`;--> statement-breakpoint
ALTER TABLE `__new_events` RENAME TO `events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;