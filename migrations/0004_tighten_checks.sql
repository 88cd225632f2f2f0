-- Tightens three CHECKs to what the API already enforces: participants.wikidata_id is Q and
-- digits only (Q12abc was let through), and a theme slug has no empty segment (.energy, energy.
-- and energy..x were let through). Any existing row that breaks them stops the migration.
--
-- SQLite cannot change a CHECK in place, so each table is rebuilt. The migrator runs inside one
-- transaction, where PRAGMA foreign_keys cannot be switched off; so instead of drizzle-kit's
-- copy-drop-rename, each table's rows are set aside, the table is dropped and created again
-- under its own name, and the rows are put back with their rowids (participants_fts, an FTS5
-- index over participants, is keyed by rowid). Dropping participants leaves the rows that refer
-- to it dangling until they are put back: defer_foreign_keys holds that check until the commit,
-- by which point every reference is whole again.
PRAGMA defer_foreign_keys = ON;
--> statement-breakpoint
CREATE TABLE `__old_agreement_themes` AS SELECT rowid AS `old_rowid`, `agreement_id`, `theme`, `position` FROM `agreement_themes`;
--> statement-breakpoint
DROP TABLE `agreement_themes`;
--> statement-breakpoint
CREATE TABLE `agreement_themes` (
	`agreement_id` text NOT NULL,
	`theme` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`agreement_id`, `theme`),
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agreement_themes_theme_check" CHECK(length("agreement_themes"."theme") > 0 AND "agreement_themes"."theme" NOT GLOB '*[^a-z0-9_.]*' AND "agreement_themes"."theme" NOT GLOB '.*' AND "agreement_themes"."theme" NOT GLOB '*.' AND "agreement_themes"."theme" NOT GLOB '*..*')
);
--> statement-breakpoint
INSERT INTO `agreement_themes`(rowid, `agreement_id`, `theme`, `position`) SELECT `old_rowid`, `agreement_id`, `theme`, `position` FROM `__old_agreement_themes` ORDER BY `old_rowid`;
--> statement-breakpoint
DROP TABLE `__old_agreement_themes`;
--> statement-breakpoint
CREATE INDEX `agreement_themes_theme_idx` ON `agreement_themes` (`theme`,`agreement_id`);
--> statement-breakpoint
CREATE TABLE `__old_commitment_themes` AS SELECT rowid AS `old_rowid`, `commitment_id`, `theme`, `position` FROM `commitment_themes`;
--> statement-breakpoint
DROP TABLE `commitment_themes`;
--> statement-breakpoint
CREATE TABLE `commitment_themes` (
	`commitment_id` text NOT NULL,
	`theme` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`commitment_id`, `theme`),
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "commitment_themes_theme_check" CHECK(length("commitment_themes"."theme") > 0 AND "commitment_themes"."theme" NOT GLOB '*[^a-z0-9_.]*' AND "commitment_themes"."theme" NOT GLOB '.*' AND "commitment_themes"."theme" NOT GLOB '*.' AND "commitment_themes"."theme" NOT GLOB '*..*')
);
--> statement-breakpoint
INSERT INTO `commitment_themes`(rowid, `commitment_id`, `theme`, `position`) SELECT `old_rowid`, `commitment_id`, `theme`, `position` FROM `__old_commitment_themes` ORDER BY `old_rowid`;
--> statement-breakpoint
DROP TABLE `__old_commitment_themes`;
--> statement-breakpoint
CREATE INDEX `commitment_themes_theme_idx` ON `commitment_themes` (`theme`,`commitment_id`);
--> statement-breakpoint
CREATE TABLE `__old_participants` AS SELECT rowid AS `old_rowid`, `id`, `kind`, `name`, `short_name`, `iso3`, `affiliation_id`, `title`, `description`, `wikidata_id`, `created_at`, `updated_at`, `version` FROM `participants`;
--> statement-breakpoint
DROP TABLE `participants`;
--> statement-breakpoint
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
	CONSTRAINT "participants_wikidata_check" CHECK("participants"."wikidata_id" IS NULL OR ("participants"."wikidata_id" GLOB 'Q[0-9]*' AND substr("participants"."wikidata_id", 2) NOT GLOB '*[^0-9]*')),
	CONSTRAINT "participants_affiliation_check" CHECK("participants"."affiliation_id" IS NULL OR "participants"."affiliation_id" <> "participants"."id")
);
--> statement-breakpoint
INSERT INTO `participants`(rowid, `id`, `kind`, `name`, `short_name`, `iso3`, `affiliation_id`, `title`, `description`, `wikidata_id`, `created_at`, `updated_at`, `version`) SELECT `old_rowid`, `id`, `kind`, `name`, `short_name`, `iso3`, `affiliation_id`, `title`, `description`, `wikidata_id`, `created_at`, `updated_at`, `version` FROM `__old_participants` ORDER BY `old_rowid`;
--> statement-breakpoint
DROP TABLE `__old_participants`;
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_iso3_unique` ON `participants` (`iso3`);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_wikidata_id_unique` ON `participants` (`wikidata_id`);
--> statement-breakpoint
CREATE INDEX `participants_affiliation_id_idx` ON `participants` (`affiliation_id`);
--> statement-breakpoint
CREATE INDEX `participants_created_at_idx` ON `participants` (`created_at`,`id`);
--> statement-breakpoint
CREATE INDEX `participants_name_idx` ON `participants` (`name`,`id`);
--> statement-breakpoint
CREATE INDEX `participants_kind_idx` ON `participants` (`kind`);
--> statement-breakpoint
CREATE TRIGGER `participants_fts_insert` AFTER INSERT ON `participants` BEGIN
  INSERT INTO `participants_fts`(rowid, name, short_name, title, description) VALUES (new.rowid, new.name, new.short_name, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `participants_fts_delete` AFTER DELETE ON `participants` BEGIN
  INSERT INTO `participants_fts`(`participants_fts`, rowid, name, short_name, title, description) VALUES ('delete', old.rowid, old.name, old.short_name, old.title, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `participants_fts_update` AFTER UPDATE ON `participants` BEGIN
  INSERT INTO `participants_fts`(`participants_fts`, rowid, name, short_name, title, description) VALUES ('delete', old.rowid, old.name, old.short_name, old.title, old.description);
  INSERT INTO `participants_fts`(rowid, name, short_name, title, description) VALUES (new.rowid, new.name, new.short_name, new.title, new.description);
END;
--> statement-breakpoint
INSERT INTO `participants_fts`(`participants_fts`) VALUES ('rebuild');
