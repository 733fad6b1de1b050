/**
 * Opening periods' queries (the only place their SQL lives): Drizzle's query builder for the
 * reads and the period rows; raw SQL for the scope page (its plan is chosen, see below) and
 * for closing the opening with its compare-and-swap audit row.
 */
import { asc, eq } from "drizzle-orm";
import { auditStatement } from "../audit";
import { columnsOf, orm, statementOf } from "../db/client";
import { escalationSteps, organisations, periods, reportingSchedules } from "../db/schema";

export type ScheduleRow = typeof reportingSchedules.$inferSelect;

export async function selectActiveSchedules(db: D1Database): Promise<ScheduleRow[]> {
  return orm(db).select().from(reportingSchedules).where(eq(reportingSchedules.active, true));
}

/** A period in state `opening`; a re-run of the same (schedule, key) does nothing. */
export function insertOpeningPeriodStatement(
  db: D1Database,
  row: Omit<typeof periods.$inferInsert, "status">,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .insert(periods)
      .values({ ...row, status: "opening" })
      .onConflictDoNothing({ target: [periods.scheduleId, periods.key] }),
  );
}

export async function selectOpeningPeriodIds(db: D1Database): Promise<string[]> {
  const rows = await orm(db)
    .select({ id: periods.id })
    .from(periods)
    .where(eq(periods.status, "opening"))
    .orderBy(asc(periods.id));
  return rows.map((r) => r.id);
}

/** A period with what opening it needs: its dates, the scope's root path and kinds, the policy. */
export async function selectPeriodScope(db: D1Database, id: string) {
  const row = await orm(db)
    .select({
      ...columnsOf(periods, "id", "dueOn", "cutoffStart", "cutoffEnd"),
      scopeRootPath: organisations.path,
      ...columnsOf(reportingSchedules, "scopeKinds", "policyId"),
    })
    .from(periods)
    .innerJoin(reportingSchedules, eq(reportingSchedules.id, periods.scheduleId))
    .innerJoin(organisations, eq(organisations.id, reportingSchedules.scopeRootId))
    .where(eq(periods.id, id))
    .get();
  return row ?? null;
}

/** The policy's steps in snapshot order (offset, then audience). */
export async function selectPolicySteps(db: D1Database, policyId: string) {
  return orm(db)
    .select(columnsOf(escalationSteps, "offsetDays", "audience", "template"))
    .from(escalationSteps)
    .where(eq(escalationSteps.policyId, policyId))
    .orderBy(asc(escalationSteps.offsetDays), asc(escalationSteps.audience));
}

/**
 * One page of the scope: organisations in the subtree after `from`, of a kind that reports, opened
 * by the end of the cut-off and not closed by `today`. Raw for its plan: `+kind` keeps the
 * planner on the path index (ordered, stops at the page size) instead of the kind index, which
 * read every commune and grassroots organisation and sorted them on every page.
 */
export async function selectScopePage(
  db: D1Database,
  scope: { from: string; rootPath: string; kinds: string[]; cutoffEnd: string; today: string; limit: number },
): Promise<{ id: string; path: string }[]> {
  const { results } = await db
    .prepare(
      `select id, path from organisations
       where path > ? and path < ? and +kind in (${scope.kinds.map(() => "?").join(",")})
         and (opened_on is null or opened_on <= ?) and (closed_on is null or closed_on > ?)
       order by path limit ?`,
    )
    .bind(scope.from, `${scope.rootPath}~`, ...scope.kinds, scope.cutoffEnd, scope.today, scope.limit)
    .all<{ id: string; path: string }>();
  return results;
}

/**
 * The period becomes open with its obligation count, and its audit row is written only if this
 * call made it so. Raw: the audit row's guard reads `changes()` of the update just before it.
 */
export function markPeriodOpenStatements(db: D1Database, id: string, now: number): D1PreparedStatement[] {
  return [
    db
      .prepare(
        "update periods set status = 'open', opened_at = coalesce(opened_at, ?2), obligation_count = (select count(*) from obligations where period_id = ?1) where id = ?1 and status = 'opening'",
      )
      .bind(id, now),
    auditStatement(
      db,
      { at: now, actorKind: "system", action: "period.opened", entityType: "period", entityId: id },
      { sql: "changes() = 1", params: [] },
    ),
  ];
}
