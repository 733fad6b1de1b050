/** The local mailbox's queries: storing a sent message once per idempotency key, and finding the stored ids. */
import { inArray } from "drizzle-orm";
import { orm, statementOf } from "../db/client";
import { outboxMessages } from "../db/schema";

export function insertOutboxMessageStatement(
  db: D1Database,
  row: typeof outboxMessages.$inferInsert,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db).insert(outboxMessages).values(row).onConflictDoNothing({ target: outboxMessages.idempotencyKey }),
  );
}

/** The stored messages' ids by idempotency key (at most 100 keys: D1's 100 parameters). */
export async function selectOutboxIds(db: D1Database, keys: string[]) {
  return orm(db)
    .select({ id: outboxMessages.id, idempotencyKey: outboxMessages.idempotencyKey })
    .from(outboxMessages)
    .where(inArray(outboxMessages.idempotencyKey, keys));
}
