CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`name` text NOT NULL,
	`created_by` text NOT NULL,
	`organisation_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`expires_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_uq` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `app_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`obligation_id` text NOT NULL,
	`object_key` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`uploaded_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_obligation_idx` ON `attachments` (`obligation_id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_person_id` text,
	`actor_kind` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`organisation_id` text,
	`reason` text,
	`data` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_events` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
CREATE INDEX `audit_org_idx` ON `audit_events` (`organisation_id`,`at`);--> statement-breakpoint
CREATE TABLE `calendar_days` (
	`day` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `consolidated_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`period_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consolidated_reports_period_idx` ON `consolidated_reports` (`period_id`,`organisation_id`);--> statement-breakpoint
CREATE TABLE `digest_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`kind` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`weekday` integer,
	`reminders_in_digest` integer DEFAULT false NOT NULL,
	`unsubscribed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_subscriptions_uq` ON `digest_subscriptions` (`person_id`,`kind`);--> statement-breakpoint
CREATE TABLE `directive_sections` (
	`id` text PRIMARY KEY NOT NULL,
	`directive_id` text NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`is_task_group` integer NOT NULL,
	FOREIGN KEY (`directive_id`) REFERENCES `directives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `directive_sections_number_uq` ON `directive_sections` (`directive_id`,`number`);--> statement-breakpoint
CREATE TABLE `directives` (
	`id` text PRIMARY KEY NOT NULL,
	`document_id` text NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`issued_on` text NOT NULL,
	`summary` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `directives_code_uq` ON `directives` (`code`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`doc_type` text NOT NULL,
	`issuer` text NOT NULL,
	`issued_on` text NOT NULL,
	`title` text NOT NULL,
	`directive_id` text,
	`parent_document_id` text,
	`organisation_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`parent_document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_number_uq` ON `documents` (`number`);--> statement-breakpoint
CREATE INDEX `documents_parent_idx` ON `documents` (`parent_document_id`);--> statement-breakpoint
CREATE INDEX `documents_directive_org_idx` ON `documents` (`directive_id`,`organisation_id`);--> statement-breakpoint
CREATE TABLE `engine_ticks` (
	`id` text PRIMARY KEY NOT NULL,
	`scheduled_at` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`obligations_examined` integer DEFAULT 0 NOT NULL,
	`notifications_recorded` integer DEFAULT 0 NOT NULL,
	`notifications_sent` integer DEFAULT 0 NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE TABLE `escalation_policies` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `escalation_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`policy_id` text NOT NULL,
	`offset_days` integer NOT NULL,
	`audience` text NOT NULL,
	`template` text NOT NULL,
	FOREIGN KEY (`policy_id`) REFERENCES `escalation_policies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalation_steps_uq` ON `escalation_steps` (`policy_id`,`offset_days`,`audience`);--> statement-breakpoint
CREATE TABLE `extensions` (
	`id` text PRIMARY KEY NOT NULL,
	`obligation_id` text NOT NULL,
	`previous_due_on` text NOT NULL,
	`new_due_on` text NOT NULL,
	`reason` text NOT NULL,
	`granted_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `extensions_obligation_idx` ON `extensions` (`obligation_id`);--> statement-breakpoint
CREATE TABLE `indicator_targets` (
	`indicator_id` text NOT NULL,
	`year` integer NOT NULL,
	`value` real NOT NULL,
	`comparator` text NOT NULL,
	`note` text,
	PRIMARY KEY(`indicator_id`, `year`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `indicator_values` (
	`version_id` text NOT NULL,
	`obligation_id` text NOT NULL,
	`indicator_id` text NOT NULL,
	`value` real NOT NULL,
	PRIMARY KEY(`version_id`, `indicator_id`),
	FOREIGN KEY (`version_id`) REFERENCES `report_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_values_obligation_idx` ON `indicator_values` (`obligation_id`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` text PRIMARY KEY NOT NULL,
	`directive_id` text NOT NULL,
	`section_id` text,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`value_kind` text NOT NULL,
	`aggregation` text NOT NULL,
	`baseline_value` real,
	`baseline_year` integer,
	`min_value` real,
	`max_value` real,
	FOREIGN KEY (`directive_id`) REFERENCES `directives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`section_id`) REFERENCES `directive_sections`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_code_uq` ON `indicators` (`directive_id`,`code`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`id` text PRIMARY KEY NOT NULL,
	`person_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `memberships_person_org_role_uq` ON `memberships` (`person_id`,`organisation_id`,`role`);--> statement-breakpoint
CREATE INDEX `memberships_org_role_idx` ON `memberships` (`organisation_id`,`role`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`person_id` text,
	`to_address` text NOT NULL,
	`template` text NOT NULL,
	`subject` text NOT NULL,
	`payload` text NOT NULL,
	`obligation_id` text,
	`step_key` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`provider_id` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_idempotency_uq` ON `notifications` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `notifications_status_next_idx` ON `notifications` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `notifications_obligation_idx` ON `notifications` (`obligation_id`);--> statement-breakpoint
CREATE INDEX `notifications_person_idx` ON `notifications` (`person_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `obligations` (
	`id` text PRIMARY KEY NOT NULL,
	`period_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`due_on` text NOT NULL,
	`extended_due_on` text,
	`effective_due_on` text NOT NULL,
	`status` text NOT NULL,
	`chase_cycle` integer DEFAULT 0 NOT NULL,
	`policy_snapshot` text NOT NULL,
	`next_action_at` integer,
	`first_submitted_at` integer,
	`last_submitted_at` integer,
	`on_time` integer,
	`accepted_at` integer,
	`returned_at` integer,
	`current_version_id` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `periods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `obligations_period_org_uq` ON `obligations` (`period_id`,`organisation_id`);--> statement-breakpoint
CREATE INDEX `obligations_org_idx` ON `obligations` (`organisation_id`,`period_id`);--> statement-breakpoint
CREATE INDEX `obligations_period_status_idx` ON `obligations` (`period_id`,`status`);--> statement-breakpoint
CREATE INDEX `obligations_next_action_idx` ON `obligations` (`next_action_at`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`short_name` text,
	`kind` text NOT NULL,
	`parent_id` text,
	`level` integer NOT NULL,
	`path` text NOT NULL,
	`email` text,
	`phone` text,
	`address` text,
	`population` integer,
	`opened_on` text,
	`closed_on` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_code_uq` ON `organisations` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_path_uq` ON `organisations` (`path`);--> statement-breakpoint
CREATE INDEX `organisations_parent_idx` ON `organisations` (`parent_id`,`sort_order`);--> statement-breakpoint
CREATE INDEX `organisations_kind_idx` ON `organisations` (`kind`);--> statement-breakpoint
CREATE INDEX `organisations_name_idx` ON `organisations` (`name`);--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`idempotency_key` text NOT NULL,
	`to_address` text NOT NULL,
	`from_address` text NOT NULL,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`headers` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_uq` ON `outbox_messages` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_to_idx` ON `outbox_messages` (`to_address`,`created_at`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`full_name` text NOT NULL,
	`phone` text,
	`title` text,
	`bounced_at` integer,
	`bounce_reason` text,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_email_uq` ON `people` (`email`);--> statement-breakpoint
CREATE TABLE `periods` (
	`id` text PRIMARY KEY NOT NULL,
	`schedule_id` text NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`cutoff_start` text NOT NULL,
	`cutoff_end` text NOT NULL,
	`due_on` text NOT NULL,
	`opens_on` text NOT NULL,
	`status` text NOT NULL,
	`opened_at` integer,
	`obligation_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`schedule_id`) REFERENCES `reporting_schedules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `periods_schedule_key_uq` ON `periods` (`schedule_id`,`key`);--> statement-breakpoint
CREATE INDEX `periods_status_opens_idx` ON `periods` (`status`,`opens_on`);--> statement-breakpoint
CREATE TABLE `plan_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`section_id` text,
	`title` text NOT NULL,
	`owner` text,
	`start_on` text,
	`due_on` text,
	`progress` integer DEFAULT 0 NOT NULL,
	`completed_on` text,
	`notes` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`section_id`) REFERENCES `directive_sections`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "plan_tasks_progress_ck" CHECK("plan_tasks"."progress" between 0 and 100)
);
--> statement-breakpoint
CREATE INDEX `plan_tasks_plan_idx` ON `plan_tasks` (`plan_id`,`sort_order`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`directive_id` text NOT NULL,
	`document_number` text,
	`document_date` text,
	`title` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`directive_id`) REFERENCES `directives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plans_org_directive_uq` ON `plans` (`organisation_id`,`directive_id`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_drafts` (
	`obligation_id` text PRIMARY KEY NOT NULL,
	`content` text NOT NULL,
	`revision` integer NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `report_forms` (
	`id` text PRIMARY KEY NOT NULL,
	`directive_id` text NOT NULL,
	`name` text NOT NULL,
	`definition` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`directive_id`) REFERENCES `directives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `report_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`obligation_id` text NOT NULL,
	`version_no` integer NOT NULL,
	`content` text NOT NULL,
	`submitted_by` text,
	`submitted_at` integer NOT NULL,
	`on_time` integer NOT NULL,
	`receipt_no` text NOT NULL,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_versions_no_uq` ON `report_versions` (`obligation_id`,`version_no`);--> statement-breakpoint
CREATE TABLE `reporting_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`directive_id` text NOT NULL,
	`name` text NOT NULL,
	`frequency` text NOT NULL,
	`report_kind` text NOT NULL,
	`due_rule_kind` text NOT NULL,
	`due_rule_days` integer NOT NULL,
	`scope_root_id` text NOT NULL,
	`scope_kinds` text NOT NULL,
	`reviewer_organisation_id` text NOT NULL,
	`form_id` text NOT NULL,
	`policy_id` text NOT NULL,
	`reporter_may_submit` integer DEFAULT false NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text,
	`one_off_cutoff_start` text,
	`one_off_cutoff_end` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`directive_id`) REFERENCES `directives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scope_root_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`form_id`) REFERENCES `report_forms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`policy_id`) REFERENCES `escalation_policies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reporting_schedules_directive_idx` ON `reporting_schedules` (`directive_id`);--> statement-breakpoint
CREATE TABLE `review_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`obligation_id` text NOT NULL,
	`version_id` text,
	`decision` text NOT NULL,
	`comments` text,
	`reviewer_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`obligation_id`) REFERENCES `obligations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `report_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_decisions_obligation_idx` ON `review_decisions` (`obligation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`person_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`user_agent` text,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_hash_uq` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_person_idx` ON `sessions` (`person_id`);--> statement-breakpoint
CREATE TABLE `signin_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`email` text NOT NULL,
	`person_id` text,
	`redirect_to` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signin_tokens_hash_uq` ON `signin_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL,
	`payload` text NOT NULL
);
