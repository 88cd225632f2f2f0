CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`commitment_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`score` integer,
	`rationale` text,
	`source_url` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `compliance_reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "assessments_score_check" CHECK("assessments"."score" IS NULL OR "assessments"."score" IN (-1, 0, 1))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessments_report_commitment_participant_unique` ON `assessments` (`report_id`,`commitment_id`,`participant_id`);--> statement-breakpoint
CREATE INDEX `assessments_report_created_idx` ON `assessments` (`report_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `assessments_commitment_idx` ON `assessments` (`commitment_id`,`participant_id`);--> statement-breakpoint
CREATE INDEX `assessments_participant_idx` ON `assessments` (`participant_id`);--> statement-breakpoint
CREATE TABLE `compliance_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`summit_id` text NOT NULL,
	`kind` text NOT NULL,
	`period_start` text,
	`period_end` text,
	`published_date` text,
	`assessor` text,
	`is_preliminary` integer DEFAULT false NOT NULL,
	`url` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`summit_id`) REFERENCES `summits`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "compliance_reports_kind_check" CHECK("compliance_reports"."kind" IS NULL OR "compliance_reports"."kind" IN ('interim', 'final', 'special')),
	CONSTRAINT "compliance_reports_period_start_check" CHECK("compliance_reports"."period_start" IS NULL
      OR (length("compliance_reports"."period_start") = 4 AND "compliance_reports"."period_start" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("compliance_reports"."period_start") = 7 AND date("compliance_reports"."period_start" || '-01') IS ("compliance_reports"."period_start" || '-01'))
      OR (length("compliance_reports"."period_start") = 10 AND date("compliance_reports"."period_start") IS "compliance_reports"."period_start")),
	CONSTRAINT "compliance_reports_period_end_check" CHECK("compliance_reports"."period_end" IS NULL
      OR (length("compliance_reports"."period_end") = 4 AND "compliance_reports"."period_end" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("compliance_reports"."period_end") = 7 AND date("compliance_reports"."period_end" || '-01') IS ("compliance_reports"."period_end" || '-01'))
      OR (length("compliance_reports"."period_end") = 10 AND date("compliance_reports"."period_end") IS "compliance_reports"."period_end")),
	CONSTRAINT "compliance_reports_published_date_check" CHECK("compliance_reports"."published_date" IS NULL
      OR (length("compliance_reports"."published_date") = 4 AND "compliance_reports"."published_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("compliance_reports"."published_date") = 7 AND date("compliance_reports"."published_date" || '-01') IS ("compliance_reports"."published_date" || '-01'))
      OR (length("compliance_reports"."published_date") = 10 AND date("compliance_reports"."published_date") IS "compliance_reports"."published_date")),
	CONSTRAINT "compliance_reports_period_order_check" CHECK("compliance_reports"."period_end" IS NULL OR "compliance_reports"."period_start" IS NULL
    OR substr("compliance_reports"."period_end", 1, min(length("compliance_reports"."period_end"), length("compliance_reports"."period_start"))) >= substr("compliance_reports"."period_start", 1, min(length("compliance_reports"."period_end"), length("compliance_reports"."period_start"))))
);
--> statement-breakpoint
CREATE INDEX `compliance_reports_summit_idx` ON `compliance_reports` (`summit_id`,`kind`,`published_date`);--> statement-breakpoint
CREATE INDEX `compliance_reports_created_at_idx` ON `compliance_reports` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `compliance_reports_published_date_idx` ON `compliance_reports` (`published_date`,`id`);--> statement-breakpoint
CREATE TABLE `progress_updates` (
	`id` text PRIMARY KEY NOT NULL,
	`commitment_id` text NOT NULL,
	`participant_id` text,
	`as_of_date` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`source_url` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "progress_updates_status_check" CHECK("progress_updates"."status" IS NULL OR "progress_updates"."status" IN ('not_started', 'in_progress', 'stalled', 'delayed', 'partially_fulfilled', 'fulfilled', 'not_fulfilled')),
	CONSTRAINT "progress_updates_as_of_date_check" CHECK("progress_updates"."as_of_date" IS NULL
      OR (length("progress_updates"."as_of_date") = 4 AND "progress_updates"."as_of_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("progress_updates"."as_of_date") = 7 AND date("progress_updates"."as_of_date" || '-01') IS ("progress_updates"."as_of_date" || '-01'))
      OR (length("progress_updates"."as_of_date") = 10 AND date("progress_updates"."as_of_date") IS "progress_updates"."as_of_date"))
);
--> statement-breakpoint
CREATE INDEX `progress_updates_commitment_latest_idx` ON `progress_updates` (`commitment_id`,`as_of_date`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `progress_updates_commitment_created_idx` ON `progress_updates` (`commitment_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `progress_updates_participant_idx` ON `progress_updates` (`participant_id`);