-- Targets gain increases and multiples with a quantity and unit, peaking, intensity, fiscal years,
-- conditional targets and the qualifiers before and at_the_latest; a commitment may stand on its
-- own (a speech, a law) when it has a madeDate and a source.
--
-- Written by hand from drizzle-kit's output, as 0004 and 0010 were: the migrator runs inside one
-- transaction, where PRAGMA foreign_keys cannot be switched off, so dropping commitments fires
-- the ON DELETE CASCADE of its parties and themes. Every table that changes or that the drop
-- empties is set aside with its rowids first, dropped, created again under its own name and
-- filled again; progress updates and assessments, which refer to commitments without a cascade,
-- dangle until the commitments are back, and defer_foreign_keys holds that check until the
-- commit. The full-text index over commitments is keyed by rowid: its triggers are made again
-- and it is rebuilt.
PRAGMA defer_foreign_keys = ON;
--> statement-breakpoint
CREATE TABLE `__old_agreement_targets` AS SELECT rowid AS `old_rowid`, `agreement_id`, `position`, `target_type`, `target_year`, `year_qualifier`, `baseline_year`, `reduction_pct`, `gas_coverage`, `legal_status`, `note` FROM `agreement_targets`;
--> statement-breakpoint
CREATE TABLE `__old_commitment_targets` AS SELECT rowid AS `old_rowid`, `commitment_id`, `position`, `target_type`, `target_year`, `year_qualifier`, `baseline_year`, `reduction_pct`, `gas_coverage`, `legal_status`, `note` FROM `commitment_targets`;
--> statement-breakpoint
CREATE TABLE `__old_commitment_parties` AS SELECT rowid AS `old_rowid`, `commitment_id`, `participant_id`, `role`, `position` FROM `commitment_parties`;
--> statement-breakpoint
CREATE TABLE `__old_commitment_themes` AS SELECT rowid AS `old_rowid`, `commitment_id`, `theme`, `position` FROM `commitment_themes`;
--> statement-breakpoint
CREATE TABLE `__old_commitments` AS SELECT rowid AS `old_rowid`, `id`, `text`, `summary`, `code`, `summit_id`, `agreement_id`, `scope`, `status`, `proposed_by_id`, `made_date`, `due_date`, `is_priority`, `source_urls`, `progress_status`, `created_at`, `updated_at`, `version` FROM `commitments`;
--> statement-breakpoint
DROP TABLE `agreement_targets`;
--> statement-breakpoint
DROP TABLE `commitment_targets`;
--> statement-breakpoint
DROP TABLE `commitments`;
--> statement-breakpoint
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
	CONSTRAINT "commitments_anchor_check" CHECK("commitments"."summit_id" IS NOT NULL OR "commitments"."agreement_id" IS NOT NULL OR ("commitments"."made_date" IS NOT NULL AND "commitments"."source_urls" <> '[]')),
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
INSERT INTO `commitments`(rowid, `id`, `text`, `summary`, `code`, `summit_id`, `agreement_id`, `scope`, `status`, `proposed_by_id`, `made_date`, `due_date`, `is_priority`, `source_urls`, `progress_status`, `created_at`, `updated_at`, `version`) SELECT `old_rowid`, `id`, `text`, `summary`, `code`, `summit_id`, `agreement_id`, `scope`, `status`, `proposed_by_id`, `made_date`, `due_date`, `is_priority`, `source_urls`, `progress_status`, `created_at`, `updated_at`, `version` FROM `__old_commitments` ORDER BY `old_rowid`;
--> statement-breakpoint
DELETE FROM `commitment_parties`;
--> statement-breakpoint
INSERT INTO `commitment_parties`(rowid, `commitment_id`, `participant_id`, `role`, `position`) SELECT `old_rowid`, `commitment_id`, `participant_id`, `role`, `position` FROM `__old_commitment_parties` ORDER BY `old_rowid`;
--> statement-breakpoint
DELETE FROM `commitment_themes`;
--> statement-breakpoint
INSERT INTO `commitment_themes`(rowid, `commitment_id`, `theme`, `position`) SELECT `old_rowid`, `commitment_id`, `theme`, `position` FROM `__old_commitment_themes` ORDER BY `old_rowid`;
--> statement-breakpoint
CREATE TABLE `agreement_targets` (
	`agreement_id` text NOT NULL,
	`position` integer NOT NULL,
	`target_type` text NOT NULL,
	`target_year` integer NOT NULL,
	`year_qualifier` text DEFAULT 'by' NOT NULL,
	`year_basis` text DEFAULT 'calendar' NOT NULL,
	`baseline_year` integer,
	`reduction_pct` real,
	`measure` text DEFAULT 'absolute' NOT NULL,
	`intensity_basis` text,
	`indicator` text,
	`multiple` real,
	`quantity` real,
	`unit` text,
	`conditional` integer DEFAULT false NOT NULL,
	`gas_coverage` text DEFAULT 'unspecified' NOT NULL,
	`legal_status` text,
	`note` text,
	PRIMARY KEY(`agreement_id`, `position`),
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agreement_targets_target_type_check" CHECK("agreement_targets"."target_type" IS NULL OR "agreement_targets"."target_type" IN ('net_zero', 'carbon_neutral', 'climate_neutral', 'emissions_reduction', 'emissions_peak', 'increase', 'other')),
	CONSTRAINT "agreement_targets_year_qualifier_check" CHECK("agreement_targets"."year_qualifier" IS NULL OR "agreement_targets"."year_qualifier" IN ('by', 'in', 'before', 'at_the_latest', 'or_later', 'around')),
	CONSTRAINT "agreement_targets_year_basis_check" CHECK("agreement_targets"."year_basis" IS NULL OR "agreement_targets"."year_basis" IN ('calendar', 'fiscal')),
	CONSTRAINT "agreement_targets_measure_check" CHECK("agreement_targets"."measure" IS NULL OR "agreement_targets"."measure" IN ('absolute', 'intensity')),
	CONSTRAINT "agreement_targets_gas_coverage_check" CHECK("agreement_targets"."gas_coverage" IS NULL OR "agreement_targets"."gas_coverage" IN ('co2', 'all_ghg', 'unspecified')),
	CONSTRAINT "agreement_targets_legal_status_check" CHECK("agreement_targets"."legal_status" IS NULL OR "agreement_targets"."legal_status" IN ('in_law', 'in_policy_document', 'declaration_pledge', 'proposed', 'achieved')),
	CONSTRAINT "agreement_targets_target_year_check" CHECK("agreement_targets"."target_year" BETWEEN 1900 AND 2200),
	CONSTRAINT "agreement_targets_baseline_year_check" CHECK("agreement_targets"."baseline_year" IS NULL OR "agreement_targets"."baseline_year" < "agreement_targets"."target_year"),
	CONSTRAINT "agreement_targets_reduction_pct_check" CHECK("agreement_targets"."reduction_pct" IS NULL OR "agreement_targets"."reduction_pct" BETWEEN 0 AND 100),
	CONSTRAINT "agreement_targets_intensity_check" CHECK(("agreement_targets"."measure" = 'intensity') = ("agreement_targets"."intensity_basis" IS NOT NULL)),
	CONSTRAINT "agreement_targets_quantity_check" CHECK(("agreement_targets"."quantity" IS NULL) = ("agreement_targets"."unit" IS NULL) AND ("agreement_targets"."quantity" IS NULL OR "agreement_targets"."quantity" >= 0)),
	CONSTRAINT "agreement_targets_multiple_check" CHECK("agreement_targets"."multiple" IS NULL OR ("agreement_targets"."multiple" > 0 AND "agreement_targets"."target_type" = 'increase')),
	CONSTRAINT "agreement_targets_increase_check" CHECK("agreement_targets"."target_type" <> 'increase' OR ("agreement_targets"."indicator" IS NOT NULL AND ("agreement_targets"."multiple" IS NOT NULL OR "agreement_targets"."quantity" IS NOT NULL)))
);
--> statement-breakpoint
INSERT INTO `agreement_targets`(rowid, `agreement_id`, `position`, `target_type`, `target_year`, `year_qualifier`, `baseline_year`, `reduction_pct`, `gas_coverage`, `legal_status`, `note`) SELECT `old_rowid`, `agreement_id`, `position`, `target_type`, `target_year`, `year_qualifier`, `baseline_year`, `reduction_pct`, `gas_coverage`, `legal_status`, `note` FROM `__old_agreement_targets` ORDER BY `old_rowid`;
--> statement-breakpoint
CREATE TABLE `commitment_targets` (
	`commitment_id` text NOT NULL,
	`position` integer NOT NULL,
	`target_type` text NOT NULL,
	`target_year` integer NOT NULL,
	`year_qualifier` text DEFAULT 'by' NOT NULL,
	`year_basis` text DEFAULT 'calendar' NOT NULL,
	`baseline_year` integer,
	`reduction_pct` real,
	`measure` text DEFAULT 'absolute' NOT NULL,
	`intensity_basis` text,
	`indicator` text,
	`multiple` real,
	`quantity` real,
	`unit` text,
	`conditional` integer DEFAULT false NOT NULL,
	`gas_coverage` text DEFAULT 'unspecified' NOT NULL,
	`legal_status` text,
	`note` text,
	PRIMARY KEY(`commitment_id`, `position`),
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "commitment_targets_target_type_check" CHECK("commitment_targets"."target_type" IS NULL OR "commitment_targets"."target_type" IN ('net_zero', 'carbon_neutral', 'climate_neutral', 'emissions_reduction', 'emissions_peak', 'increase', 'other')),
	CONSTRAINT "commitment_targets_year_qualifier_check" CHECK("commitment_targets"."year_qualifier" IS NULL OR "commitment_targets"."year_qualifier" IN ('by', 'in', 'before', 'at_the_latest', 'or_later', 'around')),
	CONSTRAINT "commitment_targets_year_basis_check" CHECK("commitment_targets"."year_basis" IS NULL OR "commitment_targets"."year_basis" IN ('calendar', 'fiscal')),
	CONSTRAINT "commitment_targets_measure_check" CHECK("commitment_targets"."measure" IS NULL OR "commitment_targets"."measure" IN ('absolute', 'intensity')),
	CONSTRAINT "commitment_targets_gas_coverage_check" CHECK("commitment_targets"."gas_coverage" IS NULL OR "commitment_targets"."gas_coverage" IN ('co2', 'all_ghg', 'unspecified')),
	CONSTRAINT "commitment_targets_legal_status_check" CHECK("commitment_targets"."legal_status" IS NULL OR "commitment_targets"."legal_status" IN ('in_law', 'in_policy_document', 'declaration_pledge', 'proposed', 'achieved')),
	CONSTRAINT "commitment_targets_target_year_check" CHECK("commitment_targets"."target_year" BETWEEN 1900 AND 2200),
	CONSTRAINT "commitment_targets_baseline_year_check" CHECK("commitment_targets"."baseline_year" IS NULL OR "commitment_targets"."baseline_year" < "commitment_targets"."target_year"),
	CONSTRAINT "commitment_targets_reduction_pct_check" CHECK("commitment_targets"."reduction_pct" IS NULL OR "commitment_targets"."reduction_pct" BETWEEN 0 AND 100),
	CONSTRAINT "commitment_targets_intensity_check" CHECK(("commitment_targets"."measure" = 'intensity') = ("commitment_targets"."intensity_basis" IS NOT NULL)),
	CONSTRAINT "commitment_targets_quantity_check" CHECK(("commitment_targets"."quantity" IS NULL) = ("commitment_targets"."unit" IS NULL) AND ("commitment_targets"."quantity" IS NULL OR "commitment_targets"."quantity" >= 0)),
	CONSTRAINT "commitment_targets_multiple_check" CHECK("commitment_targets"."multiple" IS NULL OR ("commitment_targets"."multiple" > 0 AND "commitment_targets"."target_type" = 'increase')),
	CONSTRAINT "commitment_targets_increase_check" CHECK("commitment_targets"."target_type" <> 'increase' OR ("commitment_targets"."indicator" IS NOT NULL AND ("commitment_targets"."multiple" IS NOT NULL OR "commitment_targets"."quantity" IS NOT NULL)))
);
--> statement-breakpoint
INSERT INTO `commitment_targets`(rowid, `commitment_id`, `position`, `target_type`, `target_year`, `year_qualifier`, `baseline_year`, `reduction_pct`, `gas_coverage`, `legal_status`, `note`) SELECT `old_rowid`, `commitment_id`, `position`, `target_type`, `target_year`, `year_qualifier`, `baseline_year`, `reduction_pct`, `gas_coverage`, `legal_status`, `note` FROM `__old_commitment_targets` ORDER BY `old_rowid`;
--> statement-breakpoint
DROP TABLE `__old_agreement_targets`;
--> statement-breakpoint
DROP TABLE `__old_commitment_targets`;
--> statement-breakpoint
DROP TABLE `__old_commitment_parties`;
--> statement-breakpoint
DROP TABLE `__old_commitment_themes`;
--> statement-breakpoint
DROP TABLE `__old_commitments`;
--> statement-breakpoint
CREATE UNIQUE INDEX `commitments_summit_code_unique` ON `commitments` (`summit_id`,`code`);
--> statement-breakpoint
CREATE INDEX `commitments_agreement_id_idx` ON `commitments` (`agreement_id`);
--> statement-breakpoint
CREATE INDEX `commitments_proposed_by_idx` ON `commitments` (`proposed_by_id`);
--> statement-breakpoint
CREATE INDEX `commitments_created_at_idx` ON `commitments` (`created_at`,`id`);
--> statement-breakpoint
CREATE INDEX `commitments_due_date_idx` ON `commitments` (`due_date`,`id`);
--> statement-breakpoint
CREATE INDEX `commitments_made_date_idx` ON `commitments` (`made_date`,`id`);
--> statement-breakpoint
CREATE INDEX `commitments_scope_idx` ON `commitments` (`scope`,`due_date`,`id`);
--> statement-breakpoint
CREATE INDEX `commitments_status_idx` ON `commitments` (`status`,`due_date`,`id`);
--> statement-breakpoint
CREATE INDEX `commitments_progress_status_idx` ON `commitments` (`progress_status`,`due_date`,`id`);
--> statement-breakpoint
CREATE INDEX `commitments_is_priority_idx` ON `commitments` (`is_priority`,`due_date`,`id`);
--> statement-breakpoint
CREATE INDEX `agreement_targets_year_idx` ON `agreement_targets` (`target_year`,`agreement_id`);
--> statement-breakpoint
CREATE INDEX `agreement_targets_type_idx` ON `agreement_targets` (`target_type`,`agreement_id`);
--> statement-breakpoint
CREATE INDEX `commitment_targets_year_idx` ON `commitment_targets` (`target_year`,`commitment_id`);
--> statement-breakpoint
CREATE TRIGGER `commitments_fts_insert` AFTER INSERT ON `commitments` BEGIN
  INSERT INTO `commitments_fts`(rowid, text, summary, code) VALUES (new.rowid, new.text, new.summary, new.code);
END;
--> statement-breakpoint
CREATE TRIGGER `commitments_fts_delete` AFTER DELETE ON `commitments` BEGIN
  INSERT INTO `commitments_fts`(`commitments_fts`, rowid, text, summary, code) VALUES ('delete', old.rowid, old.text, old.summary, old.code);
END;
--> statement-breakpoint
CREATE TRIGGER `commitments_fts_update` AFTER UPDATE ON `commitments` BEGIN
  INSERT INTO `commitments_fts`(`commitments_fts`, rowid, text, summary, code) VALUES ('delete', old.rowid, old.text, old.summary, old.code);
  INSERT INTO `commitments_fts`(rowid, text, summary, code) VALUES (new.rowid, new.text, new.summary, new.code);
END;
--> statement-breakpoint
INSERT INTO `commitments_fts`(`commitments_fts`) VALUES ('rebuild');
