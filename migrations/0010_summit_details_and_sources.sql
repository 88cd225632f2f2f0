-- Summits gain their number in a series, their host country and city; participations two more
-- kinds of attendance (in_person, virtual); participants, participations and agreement actions
-- their sources.
--
-- Written by hand from drizzle-kit's output, for two reasons. Its copy-drop-rename of summits
-- would fire the ON DELETE CASCADE of summit_participations when summits is dropped (the migrator
-- runs inside one transaction, where PRAGMA foreign_keys cannot be switched off) and drop the
-- full-text triggers on summits; and its copy of the rows selects the new columns from the old
-- tables, which do not have them. So summits only gains columns (SQLite checks an added column's
-- CHECK against existing rows), and summit_participations, whose attendance CHECK must change, is
-- rebuilt as 0004 rebuilt tables: rows set aside, the table dropped and created again under its
-- own name, the rows put back. Only its own delegations refer to it; defer_foreign_keys holds
-- that check until the commit.
PRAGMA defer_foreign_keys = ON;
--> statement-breakpoint
CREATE TABLE `__old_summit_participations` AS SELECT rowid AS `old_rowid`, `summit_id`, `participant_id`, `role`, `level`, `attendance`, `on_behalf_of_id`, `is_head_of_delegation`, `note`, `created_at`, `updated_at`, `version` FROM `summit_participations`;
--> statement-breakpoint
DROP TABLE `summit_participations`;
--> statement-breakpoint
CREATE TABLE `summit_participations` (
	`summit_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`role` text NOT NULL,
	`level` text,
	`attendance` text DEFAULT 'expected' NOT NULL,
	`on_behalf_of_id` text,
	`is_head_of_delegation` integer DEFAULT false NOT NULL,
	`note` text,
	`source_urls` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`summit_id`, `participant_id`),
	FOREIGN KEY (`summit_id`) REFERENCES `summits`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`summit_id`,`on_behalf_of_id`) REFERENCES `summit_participations`(`summit_id`,`participant_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "summit_participations_role_check" CHECK("summit_participations"."role" IS NULL OR "summit_participations"."role" IN ('host', 'co_host', 'member', 'observer', 'guest')),
	CONSTRAINT "summit_participations_level_check" CHECK("summit_participations"."level" IS NULL OR "summit_participations"."level" IN ('head_of_state_or_government', 'minister', 'senior_official', 'expert', 'other')),
	CONSTRAINT "summit_participations_attendance_check" CHECK("summit_participations"."attendance" IS NULL OR "summit_participations"."attendance" IN ('expected', 'attended', 'in_person', 'virtual', 'absent', 'withdrew')),
	CONSTRAINT "summit_participations_on_behalf_check" CHECK("summit_participations"."on_behalf_of_id" IS NULL OR "summit_participations"."on_behalf_of_id" <> "summit_participations"."participant_id")
);
--> statement-breakpoint
INSERT INTO `summit_participations`(rowid, `summit_id`, `participant_id`, `role`, `level`, `attendance`, `on_behalf_of_id`, `is_head_of_delegation`, `note`, `created_at`, `updated_at`, `version`) SELECT `old_rowid`, `summit_id`, `participant_id`, `role`, `level`, `attendance`, `on_behalf_of_id`, `is_head_of_delegation`, `note`, `created_at`, `updated_at`, `version` FROM `__old_summit_participations` ORDER BY `old_rowid`;
--> statement-breakpoint
DROP TABLE `__old_summit_participations`;
--> statement-breakpoint
CREATE INDEX `summit_participations_participant_idx` ON `summit_participations` (`participant_id`,`role`);
--> statement-breakpoint
CREATE INDEX `summit_participations_on_behalf_of_idx` ON `summit_participations` (`on_behalf_of_id`,`summit_id`);
--> statement-breakpoint
CREATE INDEX `summit_participations_created_at_idx` ON `summit_participations` (`summit_id`,`created_at`,`participant_id`);
--> statement-breakpoint
ALTER TABLE `agreement_actions` ADD `source_urls` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
ALTER TABLE `participants` ADD `source_urls` text DEFAULT '[]' NOT NULL;
--> statement-breakpoint
ALTER TABLE `summits` ADD `number` integer CONSTRAINT "summits_number_check" CHECK("number" IS NULL OR "number" >= 1);
--> statement-breakpoint
ALTER TABLE `summits` ADD `host_country_id` text REFERENCES `participants`(`id`);
--> statement-breakpoint
ALTER TABLE `summits` ADD `city` text;
--> statement-breakpoint
CREATE INDEX `summits_number_idx` ON `summits` (`number`);
--> statement-breakpoint
CREATE INDEX `summits_host_country_idx` ON `summits` (`host_country_id`);
--> statement-breakpoint
CREATE INDEX `summits_city_idx` ON `summits` (`city`);
