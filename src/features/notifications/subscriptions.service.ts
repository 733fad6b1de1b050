/**
 * A person's email preferences and one-click unsubscribes. Each list touches only its own
 * setting: unsubscribing from one must never turn another back on.
 */
import { auditStatement } from "../../audit";
import type { UnsubscribeKind } from "../../email/unsubscribe";
import {
  personExists,
  preferenceStatement,
  remindersToDigestStatement,
  subscriptionsOf,
  unsubscribedStatement,
} from "./subscriptions.queries";
import type { Preferences, PreferencesInput } from "./subscriptions.schemas";

/** No row means the defaults: both digests on, weekly on Monday, reminders sent separately. */
export async function loadPreferences(db: D1Database, personId: string): Promise<Preferences> {
  const rows = await subscriptionsOf(db, personId);
  const weekly = rows.find((r) => r.kind === "weekly_compliance");
  const morning = rows.find((r) => r.kind === "morning_deadlines");
  const on = (r: (typeof rows)[number] | undefined) => !r || (r.enabled && r.unsubscribedAt === null);
  return {
    weekly: on(weekly),
    weekday: weekly?.weekday ?? 1,
    morning: on(morning),
    remindersInDigest: morning?.remindersInDigest === true,
  };
}

export async function savePreferences(
  db: D1Database,
  actor: { personId: string; kind: "person" | "token" },
  input: PreferencesInput,
  now: number,
): Promise<void> {
  const { personId } = actor;
  await db.batch([
    preferenceStatement(
      db,
      personId,
      "weekly_compliance",
      { enabled: input.weekly, weekday: input.weekday, remindersInDigest: false },
      now,
    ),
    preferenceStatement(
      db,
      personId,
      "morning_deadlines",
      { enabled: input.morning, weekday: null, remindersInDigest: input.reminders_in_digest },
      now,
    ),
    auditStatement(db, {
      at: now,
      actorKind: actor.kind,
      actorPersonId: personId,
      action: "subscription.updated",
      entityType: "person",
      entityId: personId,
      data: input,
    }),
  ]);
}

/**
 * Applies a signed unsubscribe link. A digest is switched off (its row created in the off state if
 * the person never saved preferences); `reminders` only gathers reminders into the morning digest;
 * `escalations` stop coming as separate mail. False when the person no longer exists.
 */
export async function unsubscribe(
  db: D1Database,
  request: { personId: string; kind: UnsubscribeKind; oneClick: boolean; ip: string | null },
  now: number,
): Promise<boolean> {
  const { personId, kind } = request;
  if (!(await personExists(db, personId))) return false;
  await db.batch([
    kind === "reminders"
      ? remindersToDigestStatement(db, personId, now)
      : unsubscribedStatement(db, personId, kind, now),
    auditStatement(db, {
      at: now,
      actorKind: "person",
      actorPersonId: personId,
      action:
        kind === "reminders"
          ? "subscription.reminders_to_digest"
          : kind === "escalations"
            ? "subscription.escalations_to_digest"
            : "subscription.unsubscribed",
      entityType: "person",
      entityId: personId,
      data: { kind, oneClick: request.oneClick },
      ip: request.ip,
    }),
  ]);
  return true;
}
