CREATE TABLE `review_remarks` (
	`id` text PRIMARY KEY NOT NULL,
	`obligation_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_remarks_obligation_idx` ON `review_remarks` (`obligation_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `reporting_schedules` ADD `lower_commissions_may_comment` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `review_decisions` ADD `decided_by_organisation_id` text REFERENCES organisations(id);