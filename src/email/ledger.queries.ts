/**
 * The send ledger's queries (the only place its SQL lives): recording notifications, claiming
 * them (compare-and-swap on status and `next_attempt_at`, with `returning` naming the rows won),
 * loading what to send and recording each outcome, on Drizzle's query builder. Only a guarded
 * recording stays raw (an insert … select gated by the caller's SQL condition).
 */
import { and, asc, eq, inArray, lte, type SQL } from "drizzle-orm";
import { columnsOf, orm, statementOf } from "../db/client";
import { notifications } from "../db/schema";

export type NotificationRow = typeof notifications.$inferInsert;

/** A condition a recorded notification depends on (e.g. the decision it announces exists). */
export interface RecordGuard {
  sql: string;
  params: unknown[];
}

/**
 * Records one notification unless its idempotency key is already there; returns the new row's
 * id (no row on a repeat). With `guard`, only when the guard holds at that point of the batch.
 */
export function insertNotificationStatement(db: D1Database, row: NotificationRow, guard?: RecordGuard) {
  if (!guard) {
    return statementOf(
      db,
      orm(db)
        .insert(notifications)
        .values(row)
        .onConflictDoNothing({ target: notifications.idempotencyKey })
        .returning({ id: notifications.id }),
    );
  }
  // Raw: constants inserted under the caller's SQL condition (insert … select … where), which
  // the query builder cannot write without a source table.
  return db
    .prepare(
      `insert into notifications (id, idempotency_key, person_id, to_address, template, subject, payload, obligation_id, step_key, status, attempts, next_attempt_at, created_at, updated_at)
       select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ? where ${guard.sql}
       on conflict(idempotency_key) do nothing returning id`,
    )
    .bind(
      row.id,
      row.idempotencyKey,
      row.personId ?? null,
      row.toAddress,
      row.template,
      row.subject,
      row.payload,
      row.obligationId ?? null,
      row.stepKey ?? null,
      row.status,
      row.nextAttemptAt ?? null,
      row.createdAt,
      row.updatedAt,
      ...guard.params,
    );
}

/** Claims these rows if still pending and due (a claim hides a row for `leaseUntil`); returns the ids won. */
export function claimIdsStatement(db: D1Database, ids: string[], now: number, leaseUntil: number) {
  return statementOf(
    db,
    orm(db)
      .update(notifications)
      .set({ nextAttemptAt: leaseUntil, updatedAt: now })
      .where(
        and(
          inArray(notifications.id, ids),
          eq(notifications.status, "pending"),
          lte(notifications.nextAttemptAt, now),
        ),
      )
      .returning({ id: notifications.id }),
  );
}

/** Claims up to `limit` due rows in one atomic statement (on the status/next index); returns the ids won. */
export async function claimDue(
  db: D1Database,
  now: number,
  leaseUntil: number,
  limit: number,
): Promise<string[]> {
  const due = and(eq(notifications.status, "pending"), lte(notifications.nextAttemptAt, now));
  const page = orm(db)
    .select({ id: notifications.id })
    .from(notifications)
    .where(due)
    .orderBy(asc(notifications.nextAttemptAt), asc(notifications.id))
    .limit(limit);
  const rows = await orm(db)
    .update(notifications)
    .set({ nextAttemptAt: leaseUntil, updatedAt: now })
    .where(and(inArray(notifications.id, page), due))
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

/** What sending a row needs. */
function pendingRowsQuery(db: D1Database, ids: string[]) {
  return orm(db)
    .select(
      columnsOf(
        notifications,
        "id",
        "idempotencyKey",
        "toAddress",
        "subject",
        "payload",
        "attempts",
        "template",
        "personId",
        "obligationId",
        "stepKey",
      ),
    )
    .from(notifications)
    .where(and(eq(notifications.status, "pending"), inArray(notifications.id, ids)));
}

export type LedgerRow = Awaited<ReturnType<typeof pendingRowsQuery>>[number];

/** The pending rows among these ids, in one batch of slices (each at most 90 ids: D1's 100 parameters). */
export async function selectPendingRows(db: D1Database, slices: string[][]): Promise<LedgerRow[]> {
  const [first, ...rest] = slices.map((slice) => pendingRowsQuery(db, slice));
  if (!first) return [];
  return (await orm(db).batch([first, ...rest])).flat();
}

/** Marks these rows superseded (the re-check before sending said they must not go out). */
export function supersedeStatement(db: D1Database, ids: string[], now: number) {
  return statementOf(
    db,
    orm(db)
      .update(notifications)
      .set({ status: "superseded", nextAttemptAt: null, updatedAt: now })
      .where(and(eq(notifications.status, "pending"), inArray(notifications.id, ids))),
  );
}

/** The obligation's pending notifications are cancelled (`why`), if `guard` holds (the batch's write went through). */
export function cancelPendingNotificationsStatement(
  db: D1Database,
  obligationId: string,
  why: string,
  now: number,
  guard: SQL,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .update(notifications)
      .set({ status: "cancelled", lastError: why, updatedAt: now })
      .where(and(eq(notifications.obligationId, obligationId), eq(notifications.status, "pending"), guard)),
  );
}

/** An attempt's outcome written on row `id` (with `whilePending`, only if the row is still `pending`). */
function outcomeStatement(
  db: D1Database,
  id: string,
  outcome: Partial<NotificationRow>,
  whilePending = false,
) {
  return statementOf(
    db,
    orm(db)
      .update(notifications)
      .set(outcome)
      .where(and(eq(notifications.id, id), whilePending ? eq(notifications.status, "pending") : undefined)),
  );
}

/** The last attempt on row `id`: its final `status`, the attempts counted, no next attempt, and `more`. */
function finalStatement(
  db: D1Database,
  id: string,
  status: "sent" | "failed",
  attempt: { attempts: number; now: number },
  more: Partial<NotificationRow>,
) {
  return outcomeStatement(db, id, {
    ...more,
    status,
    attempts: attempt.attempts,
    nextAttemptAt: null,
    updatedAt: attempt.now,
  });
}

export function markSentStatement(
  db: D1Database,
  id: string,
  sent: { providerId: string; attempts: number; now: number },
) {
  return finalStatement(db, id, "sent", sent, {
    providerId: sent.providerId,
    sentAt: sent.now,
    lastError: null,
  });
}

export function markFailedStatement(
  db: D1Database,
  id: string,
  failed: { attempts: number; error: string; now: number },
) {
  return finalStatement(db, id, "failed", failed, { lastError: failed.error });
}

/** A failed attempt to retry at `retryAt`, unless the row left `pending` meanwhile. */
export function markRetryStatement(
  db: D1Database,
  id: string,
  retry: { attempts: number; error: string; retryAt: number; now: number },
) {
  return outcomeStatement(
    db,
    id,
    { attempts: retry.attempts, lastError: retry.error, nextAttemptAt: retry.retryAt, updatedAt: retry.now },
    true,
  );
}
