/** What the home page shows: the person's open reports, the plans they keep, the figures in scope. */
import { count, eq, inArray } from "drizzle-orm";
import { type ActionScope, scopeSql } from "../../auth/policy";
import { orm } from "../../db/client";
import { directives, type ObligationStatus, organisations, periods } from "../../db/schema";

export interface TodoRow {
  id: string;
  organisation_name: string;
  period_label: string;
  effective_due_on: string;
  due_on: string;
  extended_due_on: string | null;
  status: ObligationStatus;
}

/** Reports still to finish in open periods, soonest deadline first (a scoped path-range query). */
export async function openReportsIn(db: D1Database, scope: ActionScope): Promise<TodoRow[]> {
  const where = scopeSql(scope, "o");
  const { results } = await db
    .prepare(
      `select ob.id, o.name as organisation_name, pe.label as period_label, ob.effective_due_on, ob.due_on,
         ob.extended_due_on, ob.status
       from obligations ob
       join periods pe on pe.id = ob.period_id
       join organisations o on o.id = ob.organisation_id
       where pe.status = 'open' and ob.status not in ('accepted', 'waived') and ${where.sql}
       order by ob.effective_due_on, o.name limit 100`,
    )
    .bind(...where.params)
    .all<TodoRow>();
  return results;
}

export async function organisationNames(db: D1Database, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return orm(db)
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]))
    .orderBy(organisations.name);
}

export interface ScopeCounts {
  expected: number;
  submitted: number;
  late: number;
  missing: number;
}

/**
 * Open periods in scope: expected, every non-waived obligation; submitted, ever submitted; late,
 * submitted after the deadline; missing, not submitted and past its effective day (`today` is
 * the local date, so a deadline's day itself is not yet missed).
 */
export async function openPeriodCounts(
  db: D1Database,
  scope: ActionScope,
  today: string,
): Promise<ScopeCounts> {
  const where = scopeSql(scope, "o");
  const counts = await db
    .prepare(
      `select
         count(*) as expected,
         coalesce(sum(case when ob.first_submitted_at is not null then 1 else 0 end), 0) as submitted,
         coalesce(sum(case when ob.first_submitted_at is not null and ob.on_time = 0 then 1 else 0 end), 0) as late,
         coalesce(sum(case when ob.first_submitted_at is null and ob.effective_due_on < ? then 1 else 0 end), 0) as missing
       from obligations ob
       join periods pe on pe.id = ob.period_id
       join organisations o on o.id = ob.organisation_id
       where pe.status = 'open' and ob.status != 'waived' and ${where.sql}`,
    )
    .bind(today, ...where.params)
    .first<ScopeCounts>();
  return counts ?? { expected: 0, submitted: 0, late: 0, missing: 0 };
}

/** The public landing page's figures. */
export async function landingCounts(db: D1Database) {
  const [[d], [o], [p]] = await orm(db).batch([
    orm(db).select({ n: count() }).from(directives),
    orm(db).select({ n: count() }).from(organisations),
    orm(db).select({ n: count() }).from(periods).where(eq(periods.status, "open")),
  ]);
  return { directives: d?.n ?? 0, organisations: o?.n ?? 0, openPeriods: p?.n ?? 0 };
}
