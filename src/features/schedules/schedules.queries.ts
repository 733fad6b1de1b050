/**
 * The reporting schedules' queries (the only place they live), through Drizzle's query builder
 * with row types inferred from the schema; scoped reads filter with `scopeWhere`. Decisions are
 * in schedules.service.ts.
 */
import { and, asc, desc, eq, getTableColumns, inArray, isNull, lte, sql } from "drizzle-orm";
import { alias, type SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type ActionScope, scopeWhere } from "../../auth/policy";
import { columnsOf, orm, statementOf } from "../../db/client";
import { reviewer, withOrganisation, withReviewer } from "../../db/joins";
import {
  directives,
  escalationPolicies,
  obligations,
  organisations,
  periods,
  reportForms,
  reportingSchedules,
} from "../../db/schema";
import type { ScheduleInput } from "./schedules.schemas";

const root = alias(organisations, "root");

/** A schedule with the names of what it refers to (its scope root, reviewer, form, policy, directive). */
function selectSchedules(db: D1Database) {
  const query = orm(db)
    .select({
      ...getTableColumns(reportingSchedules),
      scopeRootName: root.name,
      scopeRootPath: root.path,
      reviewerName: reviewer.name,
      formName: reportForms.name,
      policyName: escalationPolicies.name,
      directiveCode: directives.code,
    })
    .from(reportingSchedules)
    .innerJoin(root, eq(root.id, reportingSchedules.scopeRootId))
    .$dynamic();
  return withReviewer(query)
    .innerJoin(reportForms, eq(reportForms.id, reportingSchedules.formId))
    .innerJoin(escalationPolicies, eq(escalationPolicies.id, reportingSchedules.policyId))
    .innerJoin(directives, eq(directives.id, reportingSchedules.directiveId));
}

export type ScheduleRow = Awaited<ReturnType<ReturnType<typeof selectSchedules>["all"]>>[number];

export async function loadSchedule(db: D1Database, id: string): Promise<ScheduleRow | null> {
  return (await selectSchedules(db).where(eq(reportingSchedules.id, id)).get()) ?? null;
}

/** At most 200 schedules, by name (`"name"`) or active ones first (`"active-first"`). */
export async function listSchedules(db: D1Database, order: "name" | "active-first"): Promise<ScheduleRow[]> {
  const byName = asc(reportingSchedules.name);
  return selectSchedules(db)
    .orderBy(...(order === "name" ? [byName] : [desc(reportingSchedules.active), byName]))
    .limit(200);
}

/** What a schedule refers to, counted in one read (a foreign key failure would otherwise be a 500). */
export async function referencesOf(db: D1Database, v: ScheduleInput) {
  const openOrg = (id: string) =>
    sql<number>`(select count(*) from ${organisations} where ${organisations.id} = ${id} and ${organisations.closedOn} is null)`;
  const [row] = await orm(db)
    .select({
      directive: sql<number>`(select count(*) from ${directives} where ${directives.id} = ${v.directiveId})`,
      root: openOrg(v.scopeRootId),
      reviewer: openOrg(v.reviewerOrganisationId),
      formDirective: sql<
        string | null
      >`(select ${reportForms.directiveId} from ${reportForms} where ${reportForms.id} = ${v.formId})`,
      policy: sql<number>`(select count(*) from ${escalationPolicies} where ${escalationPolicies.id} = ${v.policyId})`,
    })
    .from(sql`(select 1)`);
  return row ?? null;
}

/** What a schedule is stored as, but for its id and times. */
export type ScheduleColumns = Omit<typeof reportingSchedules.$inferInsert, "id" | "createdAt" | "updatedAt">;

/** Changes the schedule `id` when it `exists`, else adds it (the audit goes in the same batch). */
export function saveScheduleStatement(
  db: D1Database,
  id: string,
  exists: boolean,
  columns: ScheduleColumns,
  now: number,
): D1PreparedStatement {
  const q = orm(db);
  return statementOf(
    db,
    exists
      ? q
          .update(reportingSchedules)
          .set({ ...columns, updatedAt: now })
          .where(eq(reportingSchedules.id, id))
      : q.insert(reportingSchedules).values({ id, ...columns, createdAt: now, updatedAt: now }),
  );
}

/** `ids` as one JSON parameter (a list may be longer than D1's 100 bound parameters). */
const inJson = (column: SQLiteColumn, ids: readonly string[]) =>
  sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;

/** Of the schedules `ids`, those with reports from organisations in `scope`. */
export async function schedulesWithReportsIn(
  db: D1Database,
  ids: string[],
  scope: ActionScope,
): Promise<Set<string>> {
  const query = orm(db)
    .selectDistinct({ scheduleId: periods.scheduleId })
    .from(obligations)
    .innerJoin(periods, eq(periods.id, obligations.periodId))
    .$dynamic();
  const results = await withOrganisation(query).where(
    and(
      inJson(periods.scheduleId, ids),
      scopeWhere(scope, { path: organisations.path, id: organisations.id }),
    ),
  );
  return new Set(results.map((r) => r.scheduleId));
}

/** The newest `perSchedule` periods of each schedule, newest first (without counts). */
export async function latestPeriods(db: D1Database, scheduleIds: string[], perSchedule: number) {
  const ranked = orm(db)
    .select({
      ...columnsOf(
        periods,
        "id",
        "scheduleId",
        "label",
        "cutoffStart",
        "cutoffEnd",
        "dueOn",
        "opensOn",
        "status",
        "obligationCount",
      ),
      rn: sql<number>`row_number() over (partition by ${periods.scheduleId} order by ${periods.cutoffEnd} desc)`.as(
        "rn",
      ),
    })
    .from(periods)
    .where(inJson(periods.scheduleId, scheduleIds))
    .as("ranked");
  const { rn: _, ...fields } = ranked._.selectedFields;
  return orm(db)
    .select(fields)
    .from(ranked)
    .where(lte(ranked.rn, perSchedule))
    .orderBy(asc(ranked.scheduleId), desc(ranked.cutoffEnd));
}

/** A period of a schedule with its obligation counts. */
export type PeriodRow = Awaited<ReturnType<typeof latestPeriods>>[number] & {
  submitted: number;
  accepted: number;
};

/** Obligations of the periods `ids` from organisations in `scope` (all of them when null), counted. */
export async function obligationCounts(db: D1Database, ids: string[], scope: ActionScope | null) {
  if (ids.length === 0) return [];
  const query = orm(db)
    .select({
      periodId: obligations.periodId,
      total: sql<number>`count(*)`,
      submitted: sql<number>`sum(${obligations.status} in ('submitted','accepted'))`,
      accepted: sql<number>`sum(${obligations.status} = 'accepted')`,
    })
    .from(obligations)
    .$dynamic();
  return withOrganisation(query)
    .where(
      and(
        inJson(obligations.periodId, ids),
        scope ? scopeWhere(scope, { path: organisations.path, id: organisations.id }) : undefined,
      ),
    )
    .groupBy(obligations.periodId);
}

/** The newest form of a directive, or null. */
export async function newestFormOf(db: D1Database, directiveId: string): Promise<{ id: string } | null> {
  const [form] = await orm(db)
    .select({ id: reportForms.id })
    .from(reportForms)
    .where(eq(reportForms.directiveId, directiveId))
    .orderBy(desc(reportForms.createdAt), desc(reportForms.version))
    .limit(1);
  return form ?? null;
}

export interface ScheduleOptions {
  directives: { id: string; code: string }[];
  forms: { id: string; name: string }[];
  policies: { id: string; name: string }[];
  roots: { id: string; name: string }[];
  reviewers: { id: string; name: string }[];
}

/** What the schedule form offers to choose from, in one round trip. */
export async function scheduleOptions(db: D1Database): Promise<ScheduleOptions> {
  const q = orm(db);
  const open = isNull(organisations.closedOn);
  const [d, f, p, roots, reviewers] = await db.batch([
    statementOf(
      db,
      q
        .select({ id: directives.id, code: directives.code })
        .from(directives)
        .orderBy(desc(directives.issuedOn))
        .limit(100),
    ),
    // Only the version in force of each form (older versions stay with the periods that used them).
    statementOf(
      db,
      q
        .select({
          id: reportForms.id,
          name: sql<string>`${reportForms.name} || ' (phiên bản ' || ${reportForms.version} || ')'`.as(
            "name",
          ),
        })
        .from(reportForms)
        .where(
          eq(
            reportForms.version,
            sql`(select max(g.version) from report_forms g
                 where coalesce(g.family_id, g.id) = coalesce(${reportForms.familyId}, ${reportForms.id}))`,
          ),
        )
        .orderBy(reportForms.name)
        .limit(200),
    ),
    statementOf(
      db,
      q
        .select({ id: escalationPolicies.id, name: escalationPolicies.name })
        .from(escalationPolicies)
        .orderBy(escalationPolicies.name)
        .limit(100),
    ),
    statementOf(
      db,
      q
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(
          and(
            open,
            inArray(organisations.kind, [
              "secretariat",
              "commission",
              "central_committee",
              "provincial_committee",
              "committee",
            ]),
          ),
        )
        .orderBy(organisations.path)
        .limit(500),
    ),
    statementOf(
      db,
      q
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(and(open, eq(organisations.kind, "commission")))
        .orderBy(organisations.path)
        .limit(500),
    ),
  ]);
  return {
    directives: (d?.results ?? []) as ScheduleOptions["directives"],
    forms: (f?.results ?? []) as ScheduleOptions["forms"],
    policies: (p?.results ?? []) as ScheduleOptions["policies"],
    roots: (roots?.results ?? []) as ScheduleOptions["roots"],
    reviewers: (reviewers?.results ?? []) as ScheduleOptions["reviewers"],
  };
}
