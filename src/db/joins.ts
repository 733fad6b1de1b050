/** Joins that several features' queries start from, written once. */
import { eq, sql } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { obligations, periods, reportForms, reportingSchedules } from "./schema";

/**
 * An obligation's period, its schedule and the form the period was opened with (older periods:
 * the schedule's): the joins every read of one report starts from. For a `$dynamic()` select
 * from `obligations`.
 */
export function withPeriodScheduleAndForm<T extends SQLiteSelect>(query: T) {
  return query
    .innerJoin(periods, eq(periods.id, obligations.periodId))
    .innerJoin(reportingSchedules, eq(reportingSchedules.id, periods.scheduleId))
    .innerJoin(
      reportForms,
      eq(reportForms.id, sql`coalesce(${periods.formId}, ${reportingSchedules.formId})`),
    );
}
