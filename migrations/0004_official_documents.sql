CREATE TABLE `extension_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`obligation_id` text NOT NULL,
	`requested_by` text,
	`requested_due_on` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`granted_due_on` text,
	`decision_note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `extension_requests_obligation_idx` ON `extension_requests` (`obligation_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `extension_requests_pending_uq` ON `extension_requests` (`obligation_id`) WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE `organisations` ADD `seat` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `document_symbol` text;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `document_number` text;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `document_date` text;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `signer_name` text;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `signer_role` text;