ALTER TABLE `calendar_days` ADD `source` text;--> statement-breakpoint
ALTER TABLE `calendar_days` ADD `updated_at` integer;--> statement-breakpoint
ALTER TABLE `calendar_days` ADD `updated_by` text;
--> statement-breakpoint
-- Data: the 2026 calendar corrected for Quốc khánh (Thông báo 9441/TB-BNV ngày 16/10/2025: Mon
-- 31/08 swapped with Sat 22/08, break 29/08 - 02/09/2026), and the document each seeded day
-- comes from (SOURCES in src/domain/holidays-vn.ts). Only a database that holds the 2026
-- calendar is corrected, and rows already there are kept as they are.
-- Ngày Văn hóa Việt Nam (24/11) is deliberately not added: the Labour Code 2019 (art. 112) in
-- force does not list it; see NOT_SEEDED in src/domain/holidays-vn.ts.
INSERT OR IGNORE INTO calendar_days (day, kind, name, source)
SELECT v.column1, v.column2, v.column3, v.column4 FROM (VALUES
  ('2026-08-22', 'work', 'Làm bù cho ngày nghỉ 31/08/2026', 'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ: hoán đổi thứ Hai 31/8 với thứ Bảy 22/8/2026, nghỉ từ 29/8 đến hết 02/9/2026 (theo phương án Bộ Nội vụ trình và báo chí dẫn thông báo; cần đối chiếu nguyên văn)'),
  ('2026-08-31', 'off', 'Nghỉ hoán đổi dịp Quốc khánh', 'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ: hoán đổi thứ Hai 31/8 với thứ Bảy 22/8/2026, nghỉ từ 29/8 đến hết 02/9/2026 (theo phương án Bộ Nội vụ trình và báo chí dẫn thông báo; cần đối chiếu nguyên văn)')
) v
WHERE EXISTS (SELECT 1 FROM calendar_days c WHERE c.day BETWEEN '2026-01-01' AND '2026-12-31');
--> statement-breakpoint
UPDATE calendar_days SET source = CASE
    WHEN day IN ('2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07', '2025-04-26', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02') THEN 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024 (ý kiến Thủ tướng về nghỉ Tết Âm lịch và một số dịp lễ năm 2025); Bộ luật Lao động 2019, Điều 111, 112'
    WHEN day IN ('2026-01-01', '2026-01-02', '2026-01-10') THEN 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025 (hoán đổi ngày làm việc dịp Tết Dương lịch 2026); cần đối chiếu nguyên văn'
    WHEN day IN ('2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-09-01', '2026-09-02') THEN 'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ (lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026)'
    WHEN day IN ('2026-08-22', '2026-08-31') THEN 'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ: hoán đổi thứ Hai 31/8 với thứ Bảy 22/8/2026, nghỉ từ 29/8 đến hết 02/9/2026 (theo phương án Bộ Nội vụ trình và báo chí dẫn thông báo; cần đối chiếu nguyên văn)'
    WHEN day IN ('2026-04-27', '2026-04-30', '2026-05-01') THEN 'Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù) và Điều 112'
    WHEN day IN ('2027-01-01', '2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-04-16', '2027-04-30', '2027-05-03', '2027-09-02', '2027-09-03') THEN 'Bộ luật Lao động 2019, Điều 111 khoản 3 và Điều 112 (chưa có thông báo lịch nghỉ năm 2027: áp dụng quy tắc, cần đối chiếu khi có văn bản)'
  END
WHERE source IS NULL AND updated_at IS NULL AND day IN ('2025-01-01', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-04-07', '2025-04-26', '2025-04-30', '2025-05-01', '2025-05-02', '2025-09-01', '2025-09-02', '2026-01-01', '2026-01-02', '2026-01-10', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-08-22', '2026-08-31', '2026-09-01', '2026-09-02', '2027-01-01', '2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-04-16', '2027-04-30', '2027-05-03', '2027-09-02', '2027-09-03');
--> statement-breakpoint
-- The effective due dates under the corrected calendar: the same recomputation as
-- 0006_deadline_effective_day (Civil Code 2015, art. 148(5); the application's one rule is
-- `deadlineOf` in src/domain/deadline.ts, and test/integration/deadline-migration.test.ts checks
-- that this SQL agrees with it), then the stored on-time flags re-decided against it.
WITH RECURSIVE nominal(day) AS (
  SELECT DISTINCT coalesce(extended_due_on, due_on) FROM obligations
),
walk(nominal, day, steps) AS (
  SELECT day, day, 0 FROM nominal
  UNION ALL
  SELECT w.nominal, date(w.day, '+1 day'), w.steps + 1 FROM walk w
  WHERE w.steps < 366 AND NOT coalesce(
    (SELECT c.kind = 'work' FROM calendar_days c WHERE c.day = w.day),
    strftime('%w', w.day) NOT IN ('0', '6')
  )
),
effective(nominal, day) AS (
  SELECT nominal, max(day) FROM walk GROUP BY nominal
)
UPDATE obligations SET effective_due_on = (
  SELECT e.day FROM effective e WHERE e.nominal = coalesce(obligations.extended_due_on, obligations.due_on)
);
--> statement-breakpoint
UPDATE obligations
SET on_time = (first_submitted_at < (cast(strftime('%s', effective_due_on) AS integer) + 61200) * 1000)
WHERE first_submitted_at IS NOT NULL;
--> statement-breakpoint
UPDATE report_versions
SET on_time = (
  SELECT report_versions.submitted_at < (cast(strftime('%s', o.effective_due_on) AS integer) + 61200) * 1000
  FROM obligations o WHERE o.id = report_versions.obligation_id
)
WHERE EXISTS (
  SELECT 1 FROM obligations o WHERE o.id = report_versions.obligation_id AND o.extended_due_on IS NULL
);
