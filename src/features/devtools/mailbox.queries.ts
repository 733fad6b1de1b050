/**
 * The local mailbox's and the send ledger's reads (development and tests only). Drizzle's query
 * builder; the recipient filter compares lower-cased addresses.
 */
import { desc, eq, sql } from "drizzle-orm";
import { columnsOf, orm } from "../../db/client";
import { notifications, outboxMessages } from "../../db/schema";

/** The newest messages of the local mailbox, for one recipient (lower-cased) or all. */
export function listOutbox(db: D1Database, to: string | undefined, limit: number) {
  return orm(db)
    .select()
    .from(outboxMessages)
    .where(to ? eq(sql`lower(${outboxMessages.toAddress})`, to) : undefined)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(limit);
}

export type OutboxRow = Awaited<ReturnType<typeof listOutbox>>[number];

/** One message of the local mailbox, or undefined. */
export async function findOutboxMessage(db: D1Database, id: string): Promise<OutboxRow | undefined> {
  const rows = await orm(db).select().from(outboxMessages).where(eq(outboxMessages.id, id)).limit(1);
  return rows[0];
}

export type LedgerStatus = (typeof notifications.status.enumValues)[number];

/** The newest rows of the send ledger, of one status or all. */
export function listLedger(db: D1Database, status: LedgerStatus | undefined, limit: number) {
  return orm(db)
    .select(
      columnsOf(
        notifications,
        "id",
        "toAddress",
        "template",
        "subject",
        "status",
        "attempts",
        "nextAttemptAt",
        "providerId",
        "lastError",
        "createdAt",
        "sentAt",
      ),
    )
    .from(notifications)
    .where(status ? eq(notifications.status, status) : undefined)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export type LedgerRow = Awaited<ReturnType<typeof listLedger>>[number];
