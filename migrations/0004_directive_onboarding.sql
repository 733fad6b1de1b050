PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_indicator_targets` (
	`indicator_id` text NOT NULL,
	`organisation_id` text NOT NULL,
	`year` integer NOT NULL,
	`value` real NOT NULL,
	`comparator` text NOT NULL,
	`note` text,
	PRIMARY KEY(`indicator_id`, `organisation_id`, `year`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_indicator_targets`("indicator_id", "organisation_id", "year", "value", "comparator", "note") SELECT t."indicator_id", coalesce((select d."organisation_id" from `indicators` i join `directives` dr on dr."id" = i."directive_id" join `documents` d on d."id" = dr."document_id" where i."id" = t."indicator_id"), (select o."id" from `organisations` o where o."parent_id" is null order by o."sort_order" limit 1)), t."year", t."value", t."comparator", t."note" FROM `indicator_targets` t WHERE coalesce((select d."organisation_id" from `indicators` i join `directives` dr on dr."id" = i."directive_id" join `documents` d on d."id" = dr."document_id" where i."id" = t."indicator_id"), (select o."id" from `organisations` o where o."parent_id" is null limit 1)) is not null;--> statement-breakpoint
DROP TABLE `indicator_targets`;--> statement-breakpoint
ALTER TABLE `__new_indicator_targets` RENAME TO `indicator_targets`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `indicator_targets_org_idx` ON `indicator_targets` (`organisation_id`,`year`);--> statement-breakpoint
ALTER TABLE `directive_sections` ADD `title_is_editorial` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `directives` ADD `organisation_id` text REFERENCES organisations(id);--> statement-breakpoint
ALTER TABLE `directives` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `escalation_policies` ADD `organisation_id` text REFERENCES organisations(id);--> statement-breakpoint
ALTER TABLE `escalation_policies` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `periods` ADD `form_id` text REFERENCES report_forms(id);--> statement-breakpoint
ALTER TABLE `report_forms` ADD `family_id` text;--> statement-breakpoint
ALTER TABLE `report_forms` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `report_forms` ADD `created_by` text REFERENCES people(id);--> statement-breakpoint
CREATE UNIQUE INDEX `report_forms_family_version_uq` ON `report_forms` (`family_id`,`version`);--> statement-breakpoint
-- Data: existing directives belong to their document's organisation; existing forms start their own family; open periods keep the form their schedule had.
UPDATE `directives` SET `organisation_id` = (select d.`organisation_id` from `documents` d where d.`id` = `directives`.`document_id`) WHERE `organisation_id` is null;--> statement-breakpoint
UPDATE `report_forms` SET `family_id` = `id` WHERE `family_id` is null;--> statement-breakpoint
UPDATE `periods` SET `form_id` = (select s.`form_id` from `reporting_schedules` s where s.`id` = `periods`.`schedule_id`) WHERE `form_id` is null;
