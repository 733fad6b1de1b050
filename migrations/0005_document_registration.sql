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
DROP INDEX `documents_number_uq`;--> statement-breakpoint
ALTER TABLE `documents` ADD `issuer_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `term` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `issued_year` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `documents` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `documents` ADD `withdrawn_by` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `withdrawal_reason` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `updated_at` integer;--> statement-breakpoint
-- Data: fill the registration key of existing rows (see src/domain/document-registry.ts).
UPDATE `documents` SET `issued_year` = cast(substr(`issued_on`, 1, 4) as integer), `issuer_key` = coalesce(`organisation_id`, 'issuer:' || `issuer`);--> statement-breakpoint
UPDATE `documents` SET `term` = (
  (`issued_year` - (((`issued_year` - 2011) % 5 + 5) % 5)
    - CASE WHEN (((`issued_year` - 2011) % 5 + 5) % 5) = 0 AND `issued_on` < CASE `issued_year`
        WHEN 2011 THEN '2011-01-19' WHEN 2016 THEN '2016-01-28' WHEN 2021 THEN '2021-02-01' WHEN 2026 THEN '2026-01-23'
        ELSE `issued_year` || '-02-01' END THEN 5 ELSE 0 END)
  || '-' ||
  (`issued_year` - (((`issued_year` - 2011) % 5 + 5) % 5) + 5
    - CASE WHEN (((`issued_year` - 2011) % 5 + 5) % 5) = 0 AND `issued_on` < CASE `issued_year`
        WHEN 2011 THEN '2011-01-19' WHEN 2016 THEN '2016-01-28' WHEN 2021 THEN '2021-02-01' WHEN 2026 THEN '2026-01-23'
        ELSE `issued_year` || '-02-01' END THEN 5 ELSE 0 END))
WHERE instr(`number`, '-') > 0 AND instr(`number`, '-') < instr(`number`, '/') AND `number` LIKE '%TW';--> statement-breakpoint
UPDATE `documents` SET `term` = (
  (`issued_year` - (((`issued_year` - 2010) % 5 + 5) % 5)
    - CASE WHEN (((`issued_year` - 2010) % 5 + 5) % 5) = 0 AND `issued_on` < `issued_year` || '-10-01' THEN 5 ELSE 0 END)
  || '-' ||
  (`issued_year` - (((`issued_year` - 2010) % 5 + 5) % 5) + 5
    - CASE WHEN (((`issued_year` - 2010) % 5 + 5) % 5) = 0 AND `issued_on` < `issued_year` || '-10-01' THEN 5 ELSE 0 END))
WHERE instr(`number`, '-') > 0 AND instr(`number`, '-') < instr(`number`, '/') AND `number` NOT LIKE '%TW';--> statement-breakpoint
UPDATE `documents` SET `doc_type` = 'LUAT' WHERE `doc_type` = 'L' AND `number` LIKE '%/QH%';--> statement-breakpoint
CREATE UNIQUE INDEX `documents_registration_uq` ON `documents` (`issuer_key`,`number`,`issued_year`,`term`) WHERE withdrawn_at is null;--> statement-breakpoint
CREATE INDEX `documents_number_idx` ON `documents` (`number`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `seat` text;--> statement-breakpoint
ALTER TABLE `organisations` ADD `document_symbol` text;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `document_number` text;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `document_date` text;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `signer_name` text;--> statement-breakpoint
ALTER TABLE `report_versions` ADD `signer_role` text;