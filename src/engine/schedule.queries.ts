/** The cron entry's queries: claiming a tick, and whether anyone takes the weekly digest on given weekdays. */
import { and, eq, inArray, sql } from "drizzle-orm";
import { orm } from "../db/client";
import { digestSubscriptions, engineTicks } from "../db/schema";

/** Claims the tick (unique id): true for the first claim, false when it was already claimed. */
export async function claimTick(
  db: D1Database,
  id: string,
  scheduledAt: number,
  startedAt: number,
): Promise<boolean> {
  const claimed = await orm(db)
    .insert(engineTicks)
    .values({ id, scheduledAt, startedAt })
    .onConflictDoNothing({ target: engineTicks.id })
    .returning({ id: engineTicks.id })
    .get();
  return claimed !== undefined;
}

/** What a finished tick did, for the development tools and the benchmarks. */
export async function recordTickFinished(
  db: D1Database,
  id: string,
  finishedAt: number,
  counts: { examined: number; recorded: number; sent: number },
): Promise<void> {
  await orm(db)
    .update(engineTicks)
    .set({
      finishedAt,
      obligationsExamined: counts.examined,
      notificationsRecorded: counts.recorded,
      notificationsSent: counts.sent,
    })
    .where(eq(engineTicks.id, id))
    .run();
}

/** Does anyone take the weekly compliance digest on one of these ISO weekdays? */
export async function weeklyDigestWantedOn(db: D1Database, weekdays: number[]): Promise<boolean> {
  const row = await orm(db)
    .select({ x: sql<number>`1` })
    .from(digestSubscriptions)
    .where(
      and(
        eq(digestSubscriptions.kind, "weekly_compliance"),
        eq(digestSubscriptions.enabled, true),
        inArray(digestSubscriptions.weekday, weekdays),
      ),
    )
    .limit(1)
    .get();
  return row !== undefined;
}
