DROP INDEX `agreement_targets_year_idx`;--> statement-breakpoint
CREATE INDEX `agreement_targets_type_idx` ON `agreement_targets` (`target_type`,`agreement_id`);--> statement-breakpoint
CREATE INDEX `agreement_targets_year_idx` ON `agreement_targets` (`target_year`,`agreement_id`);--> statement-breakpoint
DROP INDEX `agreement_themes_theme_idx`;--> statement-breakpoint
CREATE INDEX `agreement_themes_theme_idx` ON `agreement_themes` (`theme`,`agreement_id`);--> statement-breakpoint
DROP INDEX `commitment_parties_participant_idx`;--> statement-breakpoint
CREATE INDEX `commitment_parties_participant_idx` ON `commitment_parties` (`participant_id`,`role`,`commitment_id`);--> statement-breakpoint
DROP INDEX `commitment_targets_year_idx`;--> statement-breakpoint
CREATE INDEX `commitment_targets_year_idx` ON `commitment_targets` (`target_year`,`commitment_id`);--> statement-breakpoint
DROP INDEX `commitment_themes_theme_idx`;--> statement-breakpoint
CREATE INDEX `commitment_themes_theme_idx` ON `commitment_themes` (`theme`,`commitment_id`);--> statement-breakpoint
DROP INDEX `summit_participations_participant_idx`;--> statement-breakpoint
CREATE INDEX `summit_participations_participant_idx` ON `summit_participations` (`participant_id`,`role`);--> statement-breakpoint
CREATE INDEX `agreement_actions_agreement_date_idx` ON `agreement_actions` (`agreement_id`,`action_date`,`id`);--> statement-breakpoint
CREATE INDEX `agreement_actions_agreement_participant_idx` ON `agreement_actions` (`agreement_id`,`participant_id`);--> statement-breakpoint
CREATE INDEX `agreement_actions_agreement_action_idx` ON `agreement_actions` (`agreement_id`,`action`);--> statement-breakpoint
CREATE INDEX `agreements_title_idx` ON `agreements` (`title`,`id`);--> statement-breakpoint
CREATE INDEX `agreements_adopted_date_idx` ON `agreements` (`adopted_date`,`id`);--> statement-breakpoint
CREATE INDEX `agreements_type_idx` ON `agreements` (`type`);--> statement-breakpoint
CREATE INDEX `agreements_ambit_idx` ON `agreements` (`ambit`);--> statement-breakpoint
CREATE INDEX `agreements_legal_force_idx` ON `agreements` (`legal_force`);--> statement-breakpoint
CREATE INDEX `agreements_status_idx` ON `agreements` (`status`);--> statement-breakpoint
CREATE INDEX `commitments_due_date_idx` ON `commitments` (`due_date`,`id`);--> statement-breakpoint
CREATE INDEX `commitments_made_date_idx` ON `commitments` (`made_date`,`id`);--> statement-breakpoint
CREATE INDEX `commitments_scope_idx` ON `commitments` (`scope`);--> statement-breakpoint
CREATE INDEX `commitments_status_idx` ON `commitments` (`status`);--> statement-breakpoint
CREATE INDEX `commitments_progress_status_idx` ON `commitments` (`progress_status`);--> statement-breakpoint
CREATE INDEX `commitments_is_priority_idx` ON `commitments` (`is_priority`);--> statement-breakpoint
CREATE INDEX `participants_name_idx` ON `participants` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `participants_kind_idx` ON `participants` (`kind`);--> statement-breakpoint
CREATE INDEX `summits_name_idx` ON `summits` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `summits_start_date_idx` ON `summits` (`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `summits_end_date_idx` ON `summits` (`end_date`);--> statement-breakpoint
CREATE INDEX `summits_kind_idx` ON `summits` (`kind`);--> statement-breakpoint
CREATE INDEX `summits_status_idx` ON `summits` (`status`);--> statement-breakpoint
CREATE INDEX `summits_series_idx` ON `summits` (`series`);--> statement-breakpoint
CREATE INDEX `summits_location_idx` ON `summits` (`location`);