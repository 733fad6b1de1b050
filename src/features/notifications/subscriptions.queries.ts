/** A person's digest subscriptions (`digest_subscriptions`, one row per person and kind). */
import { eq, sql } from "drizzle-orm";
import type { SQLiteUpdateSetSource } from "drizzle-orm/sqlite-core";
import { columnsOf, orm, statementOf } from "../../db/client";
import { digestSubscriptions, people } from "../../db/schema";
import type { DIGEST_KINDS } from "../../domain/enums";
import { newId } from "../../ids";

type DigestKind = (typeof DIGEST_KINDS)[number];

export async function subscriptionsOf(db: D1Database, personId: string) {
  return orm(db)
    .select(
      columnsOf(digestSubscriptions, "kind", "enabled", "weekday", "remindersInDigest", "unsubscribedAt"),
    )
    .from(digestSubscriptions)
    .where(eq(digestSubscriptions.personId, personId));
}

export async function personExists(db: D1Database, personId: string): Promise<boolean> {
  const [row] = await orm(db).select({ id: people.id }).from(people).where(eq(people.id, personId)).limit(1);
  return row !== undefined;
}

const onePerPersonAndKind = [digestSubscriptions.personId, digestSubscriptions.kind];

type SubscriptionRow = typeof digestSubscriptions.$inferInsert;

/** A person's row of a kind: inserted as `row`, or, when there is one, updated by `set`. */
function upsertSubscription(
  db: D1Database,
  personId: string,
  kind: DigestKind,
  row: Pick<SubscriptionRow, "enabled" | "weekday" | "remindersInDigest" | "unsubscribedAt">,
  now: number,
  set: SQLiteUpdateSetSource<typeof digestSubscriptions>,
) {
  return statementOf(
    db,
    orm(db)
      .insert(digestSubscriptions)
      .values({ id: newId("ds_"), personId, kind, ...row, updatedAt: now })
      .onConflictDoUpdate({
        target: onePerPersonAndKind,
        set: { ...set, updatedAt: sql`excluded.updated_at` },
      }),
  );
}

/** Saving preferences: switching a digest on clears a one-click unsubscribe. */
export function preferenceStatement(
  db: D1Database,
  personId: string,
  kind: DigestKind,
  setting: { enabled: boolean; weekday: number | null; remindersInDigest: boolean },
  now: number,
) {
  return upsertSubscription(db, personId, kind, { ...setting, unsubscribedAt: null }, now, {
    enabled: sql`excluded.enabled`,
    weekday: sql`excluded.weekday`,
    remindersInDigest: sql`excluded.reminders_in_digest`,
    unsubscribedAt: sql`case when excluded.enabled = 1 then null else ${digestSubscriptions.unsubscribedAt} end`,
  });
}

/** Reminders gathered into the morning digest; that digest stays on or off as it was (no row: on). */
export function remindersToDigestStatement(db: D1Database, personId: string, now: number) {
  return upsertSubscription(
    db,
    personId,
    "morning_deadlines",
    { enabled: true, remindersInDigest: true, unsubscribedAt: null },
    now,
    { remindersInDigest: true },
  );
}

/** A digest (or a kind of separate mail) switched off; the first unsubscribe time is kept. */
export function unsubscribedStatement(db: D1Database, personId: string, kind: DigestKind, now: number) {
  return upsertSubscription(
    db,
    personId,
    kind,
    { enabled: false, remindersInDigest: false, unsubscribedAt: now },
    now,
    {
      enabled: false,
      unsubscribedAt: sql`coalesce(${digestSubscriptions.unsubscribedAt}, excluded.unsubscribed_at)`,
    },
  );
}
