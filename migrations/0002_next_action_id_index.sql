DROP INDEX `obligations_next_action_idx`;--> statement-breakpoint
CREATE INDEX `obligations_next_action_id_idx` ON `obligations` (`next_action_at`,`id`);