/** Joins that several features' queries start from, written once. */
import { eq, sql } from "drizzle-orm";
import { alias, type SQLiteColumn, type SQLiteSelect } from "drizzle-orm/sqlite-core";
import { obligations, organisations, people, periods, reportForms, reportingSchedules } from "./schema";

/** The organisation `organisationId` (a column of the rows selected) names. For a `$dynamic()` select. */
export function withOrganisationOf<T extends SQLiteSelect>(query: T, organisationId: SQLiteColumn) {
  return query.innerJoin(organisations, eq(organisations.id, organisationId));
}

/** An obligation's organisation. For a `$dynamic()` select from (or joined to) `obligations`. */
export function withOrganisation<T extends SQLiteSelect>(query: T) {
  return withOrganisationOf(query, obligations.organisationId);
}

/**
 * The person `personId` (a column of the rows selected) names; rows without one are left out.
 * For a `$dynamic()` select. (A left join stays written out: a dynamic select would not make the
 * person's columns nullable in its type.)
 */
export function withPersonOf<T extends SQLiteSelect>(query: T, personId: SQLiteColumn) {
  return query.innerJoin(people, eq(people.id, personId));
}

/** A schedule's reviewing organisation, aliased `rev` as in the raw statements that read it. */
export const reviewer = alias(organisations, "rev");

/** A schedule's reviewing organisation (`reviewer`). For a `$dynamic()` select from (or joined to) `reportingSchedules`. */
export function withReviewer<T extends SQLiteSelect>(query: T) {
  return query.innerJoin(reviewer, eq(reviewer.id, reportingSchedules.reviewerOrganisationId));
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
