/**
 * Audit, sign-in and sessions, API tokens, rate limits, engine ticks and settings.
 * Conventions: see `./index.ts`.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { ROLES } from "../../domain/enums";
import { createdAt, primaryId, refersTo, updatedAt } from "./columns";
import { organisations, people, personRef } from "./organisations";

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: primaryId(),
    at: integer("at").notNull(),
    actorPersonId: text("actor_person_id"),
    actorKind: text("actor_kind", { enum: ["person", "token", "system", "anonymous"] }).notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    organisationId: text("organisation_id"),
    reason: text("reason"),
    data: text("data"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_entity_idx").on(t.entityType, t.entityId),
    index("audit_at_idx").on(t.at),
    index("audit_org_idx").on(t.organisationId, t.at),
  ],
);

export const signinTokens = sqliteTable(
  "signin_tokens",
  {
    id: primaryId(),
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    personId: personRef("person_id"),
    redirectTo: text("redirect_to"),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("signin_tokens_hash_uq").on(t.tokenHash)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: primaryId(),
    tokenHash: text("token_hash").notNull(),
    personId: refersTo("person_id", () => people.id),
    csrfToken: text("csrf_token").notNull(),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("sessions_hash_uq").on(t.tokenHash), index("sessions_person_idx").on(t.personId)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: primaryId(),
    tokenHash: text("token_hash").notNull(),
    name: text("name").notNull(),
    createdBy: refersTo("created_by", () => people.id),
    organisationId: refersTo("organisation_id", () => organisations.id),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at"),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash)],
);

/** Fixed-window counters for rate limits (sign-in per address and per client). */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});

/** One row per engine tick (also the catch-up watermark after an outage). */
export const engineTicks = sqliteTable("engine_ticks", {
  id: primaryId(),
  scheduledAt: integer("scheduled_at").notNull(),
  startedAt: integer("started_at").notNull(),
  finishedAt: integer("finished_at"),
  obligationsExamined: integer("obligations_examined").notNull().default(0),
  notificationsRecorded: integer("notifications_recorded").notNull().default(0),
  notificationsSent: integer("notifications_sent").notNull().default(0),
  error: text("error"),
});

/** Key/value settings; in development holds the simulated clock offset. */
export const appSettings = sqliteTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: updatedAt(),
});
