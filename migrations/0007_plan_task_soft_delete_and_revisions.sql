ALTER TABLE `consolidated_reports` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `plan_tasks` ADD `deleted_at` integer;--> statement-breakpoint
ALTER TABLE `plan_tasks` ADD `deleted_by` text REFERENCES people(id);--> statement-breakpoint
-- Data: the Directive 52 report form gets its cross-field rules (insured <= population; coverage = insured / population within 0.5 points).
UPDATE `report_forms` SET `definition` = json_set(`definition`, '$.rules', json('[{"kind":"lte","left":"insured_people","right":"population"},{"kind":"ratio","result":"coverage_pct","numerator":"insured_people","denominator":"population","scale":100,"tolerance":0.5}]')) WHERE json_extract(`definition`, '$.rules') IS NULL AND `definition` LIKE '%"key":"insured_people"%' AND `definition` LIKE '%"key":"population"%' AND `definition` LIKE '%"key":"coverage_pct"%';
