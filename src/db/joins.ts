/** Joins that several features' queries start from, written once. */
import { eq, sql } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { obligations, organisations, periods, reportForms, reportingSchedules } from "./schema";

/** An obligation's organisation. For a `$dynamic()` select from (or joined to) `obligations`. */
export function withOrganisation<T extends SQLiteSelect>(query: T) {
  return query.innerJoin(organisations, eq(organisations.id, obligations.organisationId));
}

/** An obligation's period and its schedule. For a `$dynamic()` select from (or joined to) `obligations`. */
export function withPeriodAndSchedule<T extends SQLiteSelect>(query: T) {
  return query
    .innerJoin(periods, eq(periods.id, obligations.periodId))
    .innerJoin(reportingSchedules, eq(reportingSchedules.id, periods.scheduleId));
}

/**
 * An obligation's period, its schedule and the form the period was opened with (older periods:
 * the schedule's): the joins every read of one report starts from. For a `$dynamic()` select
 * from `obligations`.
 */
export function withPeriodScheduleAndForm<T extends SQLiteSelect>(query: T) {
  return withPeriodAndSchedule(query).innerJoin(
    reportForms,
    eq(reportForms.id, sql`coalesce(${periods.formId}, ${reportingSchedules.formId})`),
  );
}
