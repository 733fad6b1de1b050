/**
 * Email: the send ledger, the local mailbox, digest preferences and provider webhooks.
 * Conventions: see `./index.ts`.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { DIGEST_KINDS, NOTIFICATION_STATUSES } from "../../domain/enums";
import { createdAt, primaryId, refersTo, updatedAt } from "./columns";
import { people, personRef } from "./organisations";
import { obligations } from "./schedules";

/**
 * The send ledger. `idempotencyKey` is deterministic (e.g. obligation + cycle + step +
 * person) and unique: recording twice is a no-op, and it is the provider's Idempotency-Key.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: primaryId(),
    idempotencyKey: text("idempotency_key").notNull(),
    personId: personRef("person_id"),
    toAddress: text("to_address").notNull(),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    /** JSON { html, text, headers } rendered when recorded, so a retry sends the same message. */
    payload: text("payload").notNull(),
    obligationId: text("obligation_id").references(() => obligations.id),
    stepKey: text("step_key"),
    status: text("status", { enum: NOTIFICATION_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    providerId: text("provider_id"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: integer("sent_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("notifications_idempotency_uq").on(t.idempotencyKey),
    index("notifications_status_next_idx").on(t.status, t.nextAttemptAt),
    index("notifications_obligation_idx").on(t.obligationId),
    index("notifications_person_idx").on(t.personId, t.createdAt),
    // Delivery webhooks find the notification by the provider's message id.
    index("notifications_provider_idx").on(t.providerId),
  ],
);

/** The local mailbox: what the embedded transport "sent" (development and tests only). */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: primaryId(),
    idempotencyKey: text("idempotency_key").notNull(),
    toAddress: text("to_address").notNull(),
    fromAddress: text("from_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    headers: text("headers").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outbox_idempotency_uq").on(t.idempotencyKey),
    index("outbox_to_idx").on(t.toAddress, t.createdAt),
  ],
);

/** `escalations` is a preference row (enabled = 0: no separate escalation mail), not a digest. */

export const digestSubscriptions = sqliteTable(
  "digest_subscriptions",
  {
    id: primaryId(),
    personId: refersTo("person_id", () => people.id),
    kind: text("kind", { enum: DIGEST_KINDS }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** ISO weekday 1-7 for weekly digests. */
    weekday: integer("weekday"),
    /** Move pre-deadline reminders into the morning digest instead of separate mail. */
    remindersInDigest: integer("reminders_in_digest", { mode: "boolean" }).notNull().default(false),
    unsubscribedAt: integer("unsubscribed_at"),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("digest_subscriptions_uq").on(t.personId, t.kind)],
);

/** Provider webhook deliveries already processed (Svix message ids), to ignore replays. */
export const webhookEvents = sqliteTable("webhook_events", {
  id: primaryId(),
  type: text("type").notNull(),
  receivedAt: integer("received_at").notNull(),
  payload: text("payload").notNull(),
});
