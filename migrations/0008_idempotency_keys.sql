CREATE TABLE `idempotency_keys` (
	`owner` text NOT NULL,
	`key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`state` text NOT NULL,
	`status` integer,
	`headers` text,
	`body` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`owner`, `key`),
	CONSTRAINT "idempotency_keys_state_check" CHECK("idempotency_keys"."state" IS NULL OR "idempotency_keys"."state" IN ('in_flight', 'done'))
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_at_idx` ON `idempotency_keys` (`created_at`);