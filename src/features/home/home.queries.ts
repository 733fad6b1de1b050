/**
 * What the home page shows: the person's open reports, the plans they keep, the figures in scope
 * (Drizzle's query builder; scoped reads filter with `scopeWhere`).
 */
import { and, asc, count, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { type ActionScope, scopeWhere } from "../../auth/policy";
import { orm } from "../../db/client";
import { withOrganisation } from "../../db/joins";
import { OBLIGATION_DEADLINE } from "../../db/obligation-fields";
import { directives, obligations, organisations, periods } from "../../db/schema";

/** Reports still to finish in open periods, soonest deadline first (a scoped path-range query). */
export async function openReportsIn(db: D1Database, scope: ActionScope) {
  const ob = obligations;
  const query = orm(db)
    .select({ ...OBLIGATION_DEADLINE, organisationName: organisations.name, periodLabel: periods.label })
    .from(ob)
    .$dynamic();
  return withPeriodAndOrganisation(query)
    .where(and(eq(periods.status, "open"), notInArray(ob.status, ["accepted", "waived"]), inScope(scope)))
    .orderBy(asc(ob.effectiveDueOn), asc(organisations.name))
    .limit(100);
}

export type TodoRow = Awaited<ReturnType<typeof openReportsIn>>[number];

/** Each obligation's period and organisation: what both scoped reads join. For a `$dynamic()` select from `obligations`. */
function withPeriodAndOrganisation<T extends SQLiteSelect>(query: T) {
  return withOrganisation(query.innerJoin(periods, eq(periods.id, obligations.periodId)));
}

/** The scope's path-range condition over the organisation of each obligation. */
const inScope = (scope: ActionScope) => scopeWhere(scope, { path: organisations.path, id: organisations.id });

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
  const ob = obligations;
  const submitted = sql`${ob.firstSubmittedAt} is not null`;
  const query = orm(db)
    .select({
      expected: sql<number>`count(*)`,
      submitted: sql<number>`coalesce(sum(case when ${submitted} then 1 else 0 end), 0)`,
      late: sql<number>`coalesce(sum(case when ${submitted} and ${ob.onTime} = 0 then 1 else 0 end), 0)`,
      missing: sql<number>`coalesce(sum(case when ${ob.firstSubmittedAt} is null and ${ob.effectiveDueOn} < ${today} then 1 else 0 end), 0)`,
    })
    .from(ob)
    .$dynamic();
  const [counts] = await withPeriodAndOrganisation(query).where(
    and(eq(periods.status, "open"), ne(ob.status, "waived"), inScope(scope)),
  );
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
