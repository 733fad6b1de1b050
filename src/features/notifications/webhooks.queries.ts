/** The webhook's reads and writes: the event log (one row per Svix message id), bounces. */
import { eq } from "drizzle-orm";
import { orm, statementOf } from "../../db/client";
import { notifications, people, webhookEvents } from "../../db/schema";

/** Stores the event once; false when this Svix message id was already stored (a retry). */
export async function storeWebhookEvent(
  db: D1Database,
  event: { id: string; type: string; receivedAt: number; payload: string },
): Promise<boolean> {
  const stored = await orm(db)
    .insert(webhookEvents)
    .values(event)
    .onConflictDoNothing({ target: webhookEvents.id })
    .returning({ id: webhookEvents.id });
  return stored.length > 0;
}

export async function notificationIdOfProviderMessage(db: D1Database, providerId: string) {
  const [row] = await orm(db)
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.providerId, providerId))
    .limit(1);
  return row?.id ?? null;
}

export async function personIdByEmail(db: D1Database, email: string) {
  const [row] = await orm(db).select({ id: people.id }).from(people).where(eq(people.email, email)).limit(1);
  return row?.id ?? null;
}

export function bounceStatement(db: D1Database, personId: string, reason: string, now: number) {
  return statementOf(
    db,
    orm(db)
      .update(people)
      .set({ bouncedAt: now, bounceReason: reason, updatedAt: now })
      .where(eq(people.id, personId)),
  );
}
