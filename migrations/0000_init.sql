CREATE TABLE `agreement_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`agreement_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`action` text NOT NULL,
	`action_date` text,
	`effective_date` text,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "agreement_actions_action_check" CHECK("agreement_actions"."action" IS NULL OR "agreement_actions"."action" IN ('endorsed', 'signed', 'ratified', 'accepted', 'approved', 'acceded', 'withdrew')),
	CONSTRAINT "agreement_actions_action_date_check" CHECK("agreement_actions"."action_date" IS NULL
      OR (length("agreement_actions"."action_date") = 4 AND "agreement_actions"."action_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("agreement_actions"."action_date") = 7 AND date("agreement_actions"."action_date" || '-01') IS ("agreement_actions"."action_date" || '-01'))
      OR (length("agreement_actions"."action_date") = 10 AND date("agreement_actions"."action_date") IS "agreement_actions"."action_date")),
	CONSTRAINT "agreement_actions_effective_date_check" CHECK("agreement_actions"."effective_date" IS NULL
      OR (length("agreement_actions"."effective_date") = 4 AND "agreement_actions"."effective_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("agreement_actions"."effective_date") = 7 AND date("agreement_actions"."effective_date" || '-01') IS ("agreement_actions"."effective_date" || '-01'))
      OR (length("agreement_actions"."effective_date") = 10 AND date("agreement_actions"."effective_date") IS "agreement_actions"."effective_date")),
	CONSTRAINT "agreement_actions_date_order_check" CHECK("agreement_actions"."effective_date" IS NULL OR "agreement_actions"."action_date" IS NULL
    OR substr("agreement_actions"."effective_date", 1, min(length("agreement_actions"."effective_date"), length("agreement_actions"."action_date"))) >= substr("agreement_actions"."action_date", 1, min(length("agreement_actions"."effective_date"), length("agreement_actions"."action_date"))))
);
--> statement-breakpoint
CREATE INDEX `agreement_actions_agreement_created_idx` ON `agreement_actions` (`agreement_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `agreement_actions_participant_idx` ON `agreement_actions` (`participant_id`);--> statement-breakpoint
CREATE TABLE `agreement_targets` (
	`agreement_id` text NOT NULL,
	`position` integer NOT NULL,
	`target_type` text NOT NULL,
	`target_year` integer NOT NULL,
	`year_qualifier` text DEFAULT 'by' NOT NULL,
	`baseline_year` integer,
	`reduction_pct` real,
	`gas_coverage` text DEFAULT 'unspecified' NOT NULL,
	`legal_status` text,
	`note` text,
	PRIMARY KEY(`agreement_id`, `position`),
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agreement_targets_target_type_check" CHECK("agreement_targets"."target_type" IS NULL OR "agreement_targets"."target_type" IN ('net_zero', 'carbon_neutral', 'climate_neutral', 'emissions_reduction', 'other')),
	CONSTRAINT "agreement_targets_year_qualifier_check" CHECK("agreement_targets"."year_qualifier" IS NULL OR "agreement_targets"."year_qualifier" IN ('by', 'in', 'or_later', 'around')),
	CONSTRAINT "agreement_targets_gas_coverage_check" CHECK("agreement_targets"."gas_coverage" IS NULL OR "agreement_targets"."gas_coverage" IN ('co2', 'all_ghg', 'unspecified')),
	CONSTRAINT "agreement_targets_legal_status_check" CHECK("agreement_targets"."legal_status" IS NULL OR "agreement_targets"."legal_status" IN ('in_law', 'in_policy_document', 'declaration_pledge', 'proposed', 'achieved')),
	CONSTRAINT "agreement_targets_target_year_check" CHECK("agreement_targets"."target_year" BETWEEN 1900 AND 2200),
	CONSTRAINT "agreement_targets_baseline_year_check" CHECK("agreement_targets"."baseline_year" IS NULL OR "agreement_targets"."baseline_year" < "agreement_targets"."target_year"),
	CONSTRAINT "agreement_targets_reduction_pct_check" CHECK("agreement_targets"."reduction_pct" IS NULL OR "agreement_targets"."reduction_pct" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE INDEX `agreement_targets_year_idx` ON `agreement_targets` (`target_year`);--> statement-breakpoint
CREATE TABLE `agreement_themes` (
	`agreement_id` text NOT NULL,
	`theme` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`agreement_id`, `theme`),
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agreement_themes_theme_check" CHECK(length("agreement_themes"."theme") > 0 AND "agreement_themes"."theme" NOT GLOB '*[^a-z0-9_.]*')
);
--> statement-breakpoint
CREATE INDEX `agreement_themes_theme_idx` ON `agreement_themes` (`theme`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`type` text NOT NULL,
	`ambit` text,
	`legal_force` text DEFAULT 'not_specified' NOT NULL,
	`status` text DEFAULT 'adopted' NOT NULL,
	`summit_id` text,
	`adopted_date` text,
	`entry_into_force_date` text,
	`termination_date` text,
	`date_note` text,
	`summary` text,
	`text` text,
	`source_urls` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`summit_id`) REFERENCES `summits`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "agreements_type_check" CHECK("agreements"."type" IS NULL OR "agreements"."type" IN ('treaty', 'agreement', 'protocol', 'mou', 'joint_declaration', 'joint_statement', 'communique', 'action_plan', 'chair_summary', 'resolution', 'other')),
	CONSTRAINT "agreements_ambit_check" CHECK("agreements"."ambit" IS NULL OR "agreements"."ambit" IN ('bilateral', 'regional', 'multilateral', 'interregional', 'interministerial')),
	CONSTRAINT "agreements_legal_force_check" CHECK("agreements"."legal_force" IS NULL OR "agreements"."legal_force" IN ('legally_binding', 'politically_binding', 'non_binding', 'not_specified')),
	CONSTRAINT "agreements_status_check" CHECK("agreements"."status" IS NULL OR "agreements"."status" IN ('under_negotiation', 'adopted', 'signed', 'in_force', 'terminated', 'superseded')),
	CONSTRAINT "agreements_adopted_date_check" CHECK("agreements"."adopted_date" IS NULL
      OR (length("agreements"."adopted_date") = 4 AND "agreements"."adopted_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("agreements"."adopted_date") = 7 AND date("agreements"."adopted_date" || '-01') IS ("agreements"."adopted_date" || '-01'))
      OR (length("agreements"."adopted_date") = 10 AND date("agreements"."adopted_date") IS "agreements"."adopted_date")),
	CONSTRAINT "agreements_entry_into_force_date_check" CHECK("agreements"."entry_into_force_date" IS NULL
      OR (length("agreements"."entry_into_force_date") = 4 AND "agreements"."entry_into_force_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("agreements"."entry_into_force_date") = 7 AND date("agreements"."entry_into_force_date" || '-01') IS ("agreements"."entry_into_force_date" || '-01'))
      OR (length("agreements"."entry_into_force_date") = 10 AND date("agreements"."entry_into_force_date") IS "agreements"."entry_into_force_date")),
	CONSTRAINT "agreements_termination_date_check" CHECK("agreements"."termination_date" IS NULL
      OR (length("agreements"."termination_date") = 4 AND "agreements"."termination_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("agreements"."termination_date") = 7 AND date("agreements"."termination_date" || '-01') IS ("agreements"."termination_date" || '-01'))
      OR (length("agreements"."termination_date") = 10 AND date("agreements"."termination_date") IS "agreements"."termination_date")),
	CONSTRAINT "agreements_date_order_check" CHECK(("agreements"."entry_into_force_date" IS NULL OR "agreements"."adopted_date" IS NULL
    OR substr("agreements"."entry_into_force_date", 1, min(length("agreements"."entry_into_force_date"), length("agreements"."adopted_date"))) >= substr("agreements"."adopted_date", 1, min(length("agreements"."entry_into_force_date"), length("agreements"."adopted_date")))) AND ("agreements"."termination_date" IS NULL OR "agreements"."entry_into_force_date" IS NULL
    OR substr("agreements"."termination_date", 1, min(length("agreements"."termination_date"), length("agreements"."entry_into_force_date"))) >= substr("agreements"."entry_into_force_date", 1, min(length("agreements"."termination_date"), length("agreements"."entry_into_force_date")))) AND ("agreements"."termination_date" IS NULL OR "agreements"."adopted_date" IS NULL
    OR substr("agreements"."termination_date", 1, min(length("agreements"."termination_date"), length("agreements"."adopted_date"))) >= substr("agreements"."adopted_date", 1, min(length("agreements"."termination_date"), length("agreements"."adopted_date")))))
);
--> statement-breakpoint
CREATE INDEX `agreements_summit_id_idx` ON `agreements` (`summit_id`);--> statement-breakpoint
CREATE INDEX `agreements_created_at_idx` ON `agreements` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `commitment_parties` (
	`commitment_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`role` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`commitment_id`, `participant_id`),
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "commitment_parties_role_check" CHECK("commitment_parties"."role" IS NULL OR "commitment_parties"."role" IN ('pledger', 'partner', 'beneficiary'))
);
--> statement-breakpoint
CREATE INDEX `commitment_parties_participant_idx` ON `commitment_parties` (`participant_id`,`role`);--> statement-breakpoint
CREATE TABLE `commitment_targets` (
	`commitment_id` text NOT NULL,
	`position` integer NOT NULL,
	`target_type` text NOT NULL,
	`target_year` integer NOT NULL,
	`year_qualifier` text DEFAULT 'by' NOT NULL,
	`baseline_year` integer,
	`reduction_pct` real,
	`gas_coverage` text DEFAULT 'unspecified' NOT NULL,
	`legal_status` text,
	`note` text,
	PRIMARY KEY(`commitment_id`, `position`),
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "commitment_targets_target_type_check" CHECK("commitment_targets"."target_type" IS NULL OR "commitment_targets"."target_type" IN ('net_zero', 'carbon_neutral', 'climate_neutral', 'emissions_reduction', 'other')),
	CONSTRAINT "commitment_targets_year_qualifier_check" CHECK("commitment_targets"."year_qualifier" IS NULL OR "commitment_targets"."year_qualifier" IN ('by', 'in', 'or_later', 'around')),
	CONSTRAINT "commitment_targets_gas_coverage_check" CHECK("commitment_targets"."gas_coverage" IS NULL OR "commitment_targets"."gas_coverage" IN ('co2', 'all_ghg', 'unspecified')),
	CONSTRAINT "commitment_targets_legal_status_check" CHECK("commitment_targets"."legal_status" IS NULL OR "commitment_targets"."legal_status" IN ('in_law', 'in_policy_document', 'declaration_pledge', 'proposed', 'achieved')),
	CONSTRAINT "commitment_targets_target_year_check" CHECK("commitment_targets"."target_year" BETWEEN 1900 AND 2200),
	CONSTRAINT "commitment_targets_baseline_year_check" CHECK("commitment_targets"."baseline_year" IS NULL OR "commitment_targets"."baseline_year" < "commitment_targets"."target_year"),
	CONSTRAINT "commitment_targets_reduction_pct_check" CHECK("commitment_targets"."reduction_pct" IS NULL OR "commitment_targets"."reduction_pct" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE INDEX `commitment_targets_year_idx` ON `commitment_targets` (`target_year`);--> statement-breakpoint
CREATE TABLE `commitment_themes` (
	`commitment_id` text NOT NULL,
	`theme` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`commitment_id`, `theme`),
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "commitment_themes_theme_check" CHECK(length("commitment_themes"."theme") > 0 AND "commitment_themes"."theme" NOT GLOB '*[^a-z0-9_.]*')
);
--> statement-breakpoint
CREATE INDEX `commitment_themes_theme_idx` ON `commitment_themes` (`theme`);--> statement-breakpoint
CREATE TABLE `commitments` (
	`id` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`summary` text,
	`code` text,
	`summit_id` text,
	`agreement_id` text,
	`scope` text NOT NULL,
	`status` text DEFAULT 'adopted' NOT NULL,
	`proposed_by_id` text,
	`made_date` text,
	`due_date` text,
	`is_priority` integer DEFAULT false NOT NULL,
	`source_urls` text DEFAULT '[]' NOT NULL,
	`progress_status` text DEFAULT 'not_yet_rated' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`summit_id`) REFERENCES `summits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "commitments_anchor_check" CHECK("commitments"."summit_id" IS NOT NULL OR "commitments"."agreement_id" IS NOT NULL),
	CONSTRAINT "commitments_scope_check" CHECK("commitments"."scope" IS NULL OR "commitments"."scope" IN ('collective', 'group', 'individual')),
	CONSTRAINT "commitments_status_check" CHECK("commitments"."status" IS NULL OR "commitments"."status" IN ('proposed', 'adopted', 'withdrawn', 'superseded')),
	CONSTRAINT "commitments_progress_status_check" CHECK("commitments"."progress_status" IS NULL OR "commitments"."progress_status" IN ('not_yet_rated', 'not_started', 'in_progress', 'stalled', 'delayed', 'partially_fulfilled', 'fulfilled', 'not_fulfilled')),
	CONSTRAINT "commitments_made_date_check" CHECK("commitments"."made_date" IS NULL
      OR (length("commitments"."made_date") = 4 AND "commitments"."made_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("commitments"."made_date") = 7 AND date("commitments"."made_date" || '-01') IS ("commitments"."made_date" || '-01'))
      OR (length("commitments"."made_date") = 10 AND date("commitments"."made_date") IS "commitments"."made_date")),
	CONSTRAINT "commitments_due_date_check" CHECK("commitments"."due_date" IS NULL
      OR (length("commitments"."due_date") = 4 AND "commitments"."due_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("commitments"."due_date") = 7 AND date("commitments"."due_date" || '-01') IS ("commitments"."due_date" || '-01'))
      OR (length("commitments"."due_date") = 10 AND date("commitments"."due_date") IS "commitments"."due_date")),
	CONSTRAINT "commitments_date_order_check" CHECK("commitments"."due_date" IS NULL OR "commitments"."made_date" IS NULL
    OR substr("commitments"."due_date", 1, min(length("commitments"."due_date"), length("commitments"."made_date"))) >= substr("commitments"."made_date", 1, min(length("commitments"."due_date"), length("commitments"."made_date"))))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commitments_summit_code_unique` ON `commitments` (`summit_id`,`code`);--> statement-breakpoint
CREATE INDEX `commitments_agreement_id_idx` ON `commitments` (`agreement_id`);--> statement-breakpoint
CREATE INDEX `commitments_proposed_by_idx` ON `commitments` (`proposed_by_id`);--> statement-breakpoint
CREATE INDEX `commitments_created_at_idx` ON `commitments` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `participants` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`short_name` text,
	`iso3` text,
	`affiliation_id` text,
	`title` text,
	`description` text,
	`wikidata_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`affiliation_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "participants_kind_check" CHECK("participants"."kind" IS NULL OR "participants"."kind" IN ('country', 'organization', 'person')),
	CONSTRAINT "participants_iso3_check" CHECK(("participants"."kind" = 'country') = ("participants"."iso3" IS NOT NULL) AND ("participants"."iso3" IS NULL OR "participants"."iso3" GLOB '[A-Z][A-Z][A-Z]')),
	CONSTRAINT "participants_title_check" CHECK("participants"."title" IS NULL OR "participants"."kind" = 'person'),
	CONSTRAINT "participants_wikidata_check" CHECK("participants"."wikidata_id" IS NULL OR "participants"."wikidata_id" GLOB 'Q[0-9]*'),
	CONSTRAINT "participants_affiliation_check" CHECK("participants"."affiliation_id" IS NULL OR "participants"."affiliation_id" <> "participants"."id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_iso3_unique` ON `participants` (`iso3`);--> statement-breakpoint
CREATE UNIQUE INDEX `participants_wikidata_id_unique` ON `participants` (`wikidata_id`);--> statement-breakpoint
CREATE INDEX `participants_affiliation_id_idx` ON `participants` (`affiliation_id`);--> statement-breakpoint
CREATE INDEX `participants_created_at_idx` ON `participants` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `summit_participations` (
	`summit_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`role` text NOT NULL,
	`level` text,
	`attendance` text DEFAULT 'expected' NOT NULL,
	`on_behalf_of_id` text,
	`is_head_of_delegation` integer DEFAULT false NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`summit_id`, `participant_id`),
	FOREIGN KEY (`summit_id`) REFERENCES `summits`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`summit_id`,`on_behalf_of_id`) REFERENCES `summit_participations`(`summit_id`,`participant_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "summit_participations_role_check" CHECK("summit_participations"."role" IS NULL OR "summit_participations"."role" IN ('host', 'co_host', 'member', 'observer', 'guest')),
	CONSTRAINT "summit_participations_level_check" CHECK("summit_participations"."level" IS NULL OR "summit_participations"."level" IN ('head_of_state_or_government', 'minister', 'senior_official', 'expert', 'other')),
	CONSTRAINT "summit_participations_attendance_check" CHECK("summit_participations"."attendance" IS NULL OR "summit_participations"."attendance" IN ('expected', 'attended', 'absent', 'withdrew')),
	CONSTRAINT "summit_participations_on_behalf_check" CHECK("summit_participations"."on_behalf_of_id" IS NULL OR "summit_participations"."on_behalf_of_id" <> "summit_participations"."participant_id")
);
--> statement-breakpoint
CREATE INDEX `summit_participations_participant_idx` ON `summit_participations` (`participant_id`);--> statement-breakpoint
CREATE INDEX `summit_participations_on_behalf_idx` ON `summit_participations` (`summit_id`,`on_behalf_of_id`);--> statement-breakpoint
CREATE INDEX `summit_participations_created_at_idx` ON `summit_participations` (`summit_id`,`created_at`,`participant_id`);--> statement-breakpoint
CREATE TABLE `summits` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`series` text,
	`start_date` text,
	`end_date` text,
	`date_note` text,
	`location` text,
	`description` text,
	`source_urls` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	CONSTRAINT "summits_kind_check" CHECK("summits"."kind" IS NULL OR "summits"."kind" IN ('leaders_summit', 'ministerial_meeting', 'senior_officials_meeting', 'working_group', 'other')),
	CONSTRAINT "summits_status_check" CHECK("summits"."status" IS NULL OR "summits"."status" IN ('planned', 'confirmed', 'held', 'postponed', 'cancelled')),
	CONSTRAINT "summits_start_date_check" CHECK("summits"."start_date" IS NULL
      OR (length("summits"."start_date") = 4 AND "summits"."start_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("summits"."start_date") = 7 AND date("summits"."start_date" || '-01') IS ("summits"."start_date" || '-01'))
      OR (length("summits"."start_date") = 10 AND date("summits"."start_date") IS "summits"."start_date")),
	CONSTRAINT "summits_end_date_check" CHECK("summits"."end_date" IS NULL
      OR (length("summits"."end_date") = 4 AND "summits"."end_date" GLOB '[0-9][0-9][0-9][0-9]')
      OR (length("summits"."end_date") = 7 AND date("summits"."end_date" || '-01') IS ("summits"."end_date" || '-01'))
      OR (length("summits"."end_date") = 10 AND date("summits"."end_date") IS "summits"."end_date")),
	CONSTRAINT "summits_date_order_check" CHECK("summits"."end_date" IS NULL OR "summits"."start_date" IS NULL
    OR substr("summits"."end_date", 1, min(length("summits"."end_date"), length("summits"."start_date"))) >= substr("summits"."start_date", 1, min(length("summits"."end_date"), length("summits"."start_date"))))
);
--> statement-breakpoint
CREATE INDEX `summits_created_at_idx` ON `summits` (`created_at`,`id`);