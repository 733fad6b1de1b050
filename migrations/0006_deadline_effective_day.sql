-- Civil Code 2015, art. 148(5): a deadline that falls on a day off ends at the end of the next
-- working day. `obligations.effective_due_on` now stores that working day (the application's
-- one rule is `deadlineOf` in src/domain/deadline.ts; the nominal date stays in
-- `coalesce(extended_due_on, due_on)`). This one-off recomputation of existing rows mirrors the
-- rule with the calendar in `calendar_days` (test/integration/deadline-migration.test.ts checks
-- that it agrees with `deadlineOf`), then re-decides the stored on-time flags against it.
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
SET on_time = 1
WHERE on_time = 0 AND EXISTS (
  SELECT 1 FROM obligations o
  WHERE o.id = report_versions.obligation_id AND o.extended_due_on IS NULL
    AND report_versions.submitted_at < (cast(strftime('%s', o.effective_due_on) AS integer) + 61200) * 1000
);
