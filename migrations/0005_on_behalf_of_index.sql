DROP INDEX `summit_participations_on_behalf_idx`;--> statement-breakpoint
CREATE INDEX `summit_participations_on_behalf_of_idx` ON `summit_participations` (`on_behalf_of_id`,`summit_id`);