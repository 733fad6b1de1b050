/**
 * The development tools' queries (/dev): engine-tick progress, a period's obligations, the
 * sign-in rate-limit counters. Drizzle's query builder throughout.
 */
import { eq } from "drizzle-orm";
import { columnsOf, orm } from "../../db/client";
import { withOrganisation } from "../../db/joins";
import { engineTicks, obligations, organisations, rateLimits } from "../../db/schema";

/** Clears every sign-in rate-limit counter. */
export async function clearRateLimits(db: D1Database): Promise<void> {
  await orm(db).delete(rateLimits).run();
}

/** An engine tick's times and counters, under the snake_case names the dev pages show. */
export const TICK_FIELDS = {
  id: engineTicks.id,
  scheduled_at: engineTicks.scheduledAt,
  started_at: engineTicks.startedAt,
  finished_at: engineTicks.finishedAt,
  obligations_examined: engineTicks.obligationsExamined,
  notifications_recorded: engineTicks.notificationsRecorded,
  notifications_sent: engineTicks.notificationsSent,
};

/** An engine tick's row with its counters, or undefined. */
export async function findTick(db: D1Database, id: string) {
  const rows = await orm(db).select(TICK_FIELDS).from(engineTicks).where(eq(engineTicks.id, id)).limit(1);
  return rows[0];
}

export type TickRow = NonNullable<Awaited<ReturnType<typeof findTick>>>;

/** A period's obligations with their organisation's name, in tree order. */
export function listPeriodObligations(db: D1Database, periodId: string) {
  const query = orm(db)
    .select({
      ...columnsOf(obligations, "id", "organisationId"),
      organisationName: organisations.name,
      status: obligations.status,
      dueOn: obligations.effectiveDueOn,
    })
    .from(obligations)
    .$dynamic();
  return withOrganisation(query).where(eq(obligations.periodId, periodId)).orderBy(organisations.path);
}
