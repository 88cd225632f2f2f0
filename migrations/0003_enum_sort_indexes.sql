DROP INDEX `agreements_type_idx`;--> statement-breakpoint
DROP INDEX `agreements_ambit_idx`;--> statement-breakpoint
DROP INDEX `agreements_legal_force_idx`;--> statement-breakpoint
DROP INDEX `agreements_status_idx`;--> statement-breakpoint
CREATE INDEX `agreements_type_idx` ON `agreements` (`type`,`adopted_date`,`id`);--> statement-breakpoint
CREATE INDEX `agreements_ambit_idx` ON `agreements` (`ambit`,`adopted_date`,`id`);--> statement-breakpoint
CREATE INDEX `agreements_legal_force_idx` ON `agreements` (`legal_force`,`adopted_date`,`id`);--> statement-breakpoint
CREATE INDEX `agreements_status_idx` ON `agreements` (`status`,`adopted_date`,`id`);--> statement-breakpoint
DROP INDEX `commitments_scope_idx`;--> statement-breakpoint
DROP INDEX `commitments_status_idx`;--> statement-breakpoint
DROP INDEX `commitments_progress_status_idx`;--> statement-breakpoint
DROP INDEX `commitments_is_priority_idx`;--> statement-breakpoint
CREATE INDEX `commitments_scope_idx` ON `commitments` (`scope`,`due_date`,`id`);--> statement-breakpoint
CREATE INDEX `commitments_status_idx` ON `commitments` (`status`,`due_date`,`id`);--> statement-breakpoint
CREATE INDEX `commitments_progress_status_idx` ON `commitments` (`progress_status`,`due_date`,`id`);--> statement-breakpoint
CREATE INDEX `commitments_is_priority_idx` ON `commitments` (`is_priority`,`due_date`,`id`);--> statement-breakpoint
DROP INDEX `summits_kind_idx`;--> statement-breakpoint
DROP INDEX `summits_status_idx`;--> statement-breakpoint
CREATE INDEX `summits_kind_idx` ON `summits` (`kind`,`start_date`,`id`);--> statement-breakpoint
CREATE INDEX `summits_status_idx` ON `summits` (`status`,`start_date`,`id`);