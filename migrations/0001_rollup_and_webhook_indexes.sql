CREATE INDEX `notifications_provider_idx` ON `notifications` (`provider_id`);--> statement-breakpoint
CREATE INDEX `organisations_path_id_idx` ON `organisations` (`path`,`id`);