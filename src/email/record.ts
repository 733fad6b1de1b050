/**
 * Recording notifications in the send ledger (`notifications`): each draft is rendered into
 * its row at once, so a retry sends the same message. Public entry: `./ledger`.
 */
import { newId } from "../ids";
import { insertNotificationStatement, type RecordGuard } from "./ledger.queries";
import type { NotificationDraft } from "./types";

export type { RecordGuard };

/**
 * Records notifications in the send ledger. The unique idempotency key makes a second
 * recording of the same notification a no-op; returns the ids of rows that are new.
 */
export async function recordNotifications(
  db: D1Database,
  drafts: NotificationDraft[],
  now: number,
): Promise<string[]> {
  return (await recordNotificationsFor(db, drafts, now)).map((r) => r.id);
}

/**
 * The statements that record `drafts` (one each; the unique idempotency key makes a repeat a
 * no-op), to run in the batch of the change they announce. With `guard`, a row is recorded only
 * when the guard holds at that point of the batch. Each statement returns the new row's id.
 */
export function notificationStatements(
  db: D1Database,
  drafts: NotificationDraft[],
  now: number,
  guard?: RecordGuard,
): { ids: string[]; statements: D1PreparedStatement[] } {
  const ids = drafts.map(() => newId("n_"));
  const statements = drafts.map((d, i) =>
    insertNotificationStatement(
      db,
      {
        id: ids[i]!,
        idempotencyKey: d.idempotencyKey,
        personId: d.personId,
        toAddress: d.to,
        template: d.template,
        subject: d.subject,
        payload: JSON.stringify({
          html: d.html,
          text: d.text,
          headers: d.headers ?? {},
          ...(d.bundle === undefined ? {} : { bundle: d.bundle }),
        }),
        obligationId: d.obligationId ?? null,
        stepKey: d.stepKey ?? null,
        status: d.status ?? "pending",
        attempts: 0,
        nextAttemptAt: d.status === "superseded" ? null : (d.sendAt ?? now),
        createdAt: now,
        updatedAt: now,
      },
      guard,
    ),
  );
  return { ids, statements };
}

/** As `recordNotifications`, with the recipient of each new row (to group one person's mail). */
export async function recordNotificationsFor(
  db: D1Database,
  drafts: NotificationDraft[],
  now: number,
): Promise<{ id: string; personId: string | null }[]> {
  if (drafts.length === 0) return [];
  const { ids, statements } = notificationStatements(db, drafts, now);
  const results = await db.batch<{ id: string }>(statements);
  const personOf = new Map(ids.map((id, i) => [id, drafts[i]!.personId]));
  return results.flatMap((r) =>
    r.results.map((row) => ({ id: row.id, personId: personOf.get(row.id) ?? null })),
  );
}
