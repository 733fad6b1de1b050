/**
 * The reminder tick's queries (the only place its SQL lives): the due page (raw, its plan is
 * measured in test/integration/digest-run.test.ts), the planning reads and the `next_action_at`
 * moves, on Drizzle's query builder.
 */
import { and, eq, inArray, isNotNull, notInArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { columnsOf, orm, statementOf } from "../db/client";
import { OBLIGATION_DEADLINE } from "../db/obligation-fields";
import {
  digestSubscriptions,
  notifications,
  obligations,
  organisations,
  periods,
  reportingSchedules,
} from "../db/schema";
import { CHASED_STATUSES } from "../domain/ladder";

/** The due page: walks `obligations_next_action_id_idx` in order, no sort (bind now, limit). */
export const DUE_OBLIGATIONS_SQL =
  "select id from obligations where next_action_at is not null and next_action_at <= ? order by next_action_at, id limit ?";

/** Ids of chased obligations whose next ladder step is due. Raw: the plan above is measured. */
export async function selectDueObligationIds(db: D1Database, now: number, limit: number): Promise<string[]> {
  const { results } = await db.prepare(DUE_OBLIGATIONS_SQL).bind(now, limit).all<{ id: string }>();
  return results.map((r) => r.id);
}

const parent = alias(organisations, "parent");

/** What planning reads of each obligation: its ladder state, organisation, period and schedule. */
function planRowsQuery(db: D1Database, ids: string[]) {
  return orm(db)
    .select({
      ...OBLIGATION_DEADLINE,
      ...columnsOf(obligations, "chaseCycle", "policySnapshot", "organisationId"),
      // Named apart: a D1 batch hands rows back by column name, and three columns are `name`.
      organisationName: sql<string>`${organisations.name}`.as("organisation_name"),
      organisationPath: organisations.path,
      parentName: sql<string | null>`${parent.name}`.as("parent_name"),
      periodLabel: periods.label,
      scheduleName: sql<string>`${reportingSchedules.name}`.as("schedule_name"),
    })
    .from(obligations)
    .innerJoin(organisations, eq(organisations.id, obligations.organisationId))
    .leftJoin(parent, eq(parent.id, organisations.parentId))
    .innerJoin(periods, eq(periods.id, obligations.periodId))
    .innerJoin(reportingSchedules, eq(reportingSchedules.id, periods.scheduleId))
    .where(inArray(obligations.id, ids));
}

/** An obligation as the planner reads it, with what its emails name. */
export type PlanRow = Awaited<ReturnType<typeof planRowsQuery>>[number];

/**
 * The obligations (at most 90 ids: D1's 100 parameters) and the ladder steps already recorded
 * for them, in one batch.
 */
export async function selectPlanPage(db: D1Database, ids: string[]) {
  const [rows, recorded] = await orm(db).batch([
    planRowsQuery(db, ids),
    orm(db)
      .selectDistinct({ obligationId: notifications.obligationId, stepKey: notifications.stepKey })
      .from(notifications)
      .where(and(inArray(notifications.obligationId, ids), isNotNull(notifications.stepKey))),
  ]);
  return { rows, recorded };
}

/** People who read chasing in a digest: reminders in the morning digest, or no escalation mail. */
export async function selectChaseDigestPreferences(db: D1Database) {
  return orm(db)
    .select({ personId: digestSubscriptions.personId, kind: digestSubscriptions.kind })
    .from(digestSubscriptions)
    .where(
      or(
        and(
          eq(digestSubscriptions.kind, "morning_deadlines"),
          eq(digestSubscriptions.enabled, true),
          eq(digestSubscriptions.remindersInDigest, true),
        ),
        and(eq(digestSubscriptions.kind, "escalations"), eq(digestSubscriptions.enabled, false)),
      ),
    );
}

/** Each commission's name with the path of the committee it serves (its parent). */
export async function selectCommissionsByServedPath(db: D1Database) {
  const served = alias(organisations, "served");
  return orm(db)
    .select({ name: organisations.name, path: served.path })
    .from(organisations)
    .innerJoin(served, eq(served.id, organisations.parentId))
    .where(eq(organisations.kind, "commission"));
}

/** Of these obligations, the ones no longer chased (submitted, accepted, waived). */
export async function selectObligationsNotChased(db: D1Database, ids: string[]): Promise<string[]> {
  const rows = await orm(db)
    .select({ id: obligations.id })
    .from(obligations)
    .where(
      and(
        // json_each: one parameter however many ids a send batch re-checks.
        sql`${obligations.id} in (select value from json_each(${JSON.stringify(ids)}))`,
        notInArray(obligations.status, [...CHASED_STATUSES]),
      ),
    );
  return rows.map((r) => r.id);
}

export function setNextActionStatement(db: D1Database, id: string, at: number | null): D1PreparedStatement {
  return statementOf(db, orm(db).update(obligations).set({ nextActionAt: at }).where(eq(obligations.id, id)));
}
