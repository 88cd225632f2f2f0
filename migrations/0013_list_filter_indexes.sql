DROP INDEX `summits_series_idx`;--> statement-breakpoint
CREATE INDEX `summits_series_idx` ON `summits` ("series" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `commitment_targets_type_idx` ON `commitment_targets` (`target_type`,`commitment_id`);