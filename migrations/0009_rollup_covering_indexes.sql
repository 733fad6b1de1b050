DROP INDEX `obligations_org_idx`;--> statement-breakpoint
CREATE INDEX `obligations_org_rollup_idx` ON `obligations` (`organisation_id`,`period_id`,`status`,`first_submitted_at`,`on_time`,`effective_due_on`,`current_version_id`);--> statement-breakpoint
DROP INDEX `organisations_path_id_idx`;--> statement-breakpoint
CREATE INDEX `organisations_path_rollup_idx` ON `organisations` (`path`,`id`,`opened_on`,`closed_on`,`population`);