/**
 * Resend's delivery events: verified with the SDK's `webhooks.verify` (Standard Webhooks), stored
 * once per Svix message id; bounces and complaints flag the person, every email event of a
 * message we sent goes on that notification's audit trail.
 */
import { Resend } from "resend";
import { auditStatement } from "../../audit";
import {
  bounceStatement,
  notificationIdOfProviderMessage,
  personIdByEmail,
  storeWebhookEvent,
} from "./webhooks.queries";
import type { ResendEvent } from "./webhooks.schemas";

export type WebhookCheck = "ok" | "missing_headers" | "stale_timestamp" | "bad_signature";

// Verification needs no API key; the SDK's constructor insists on one, so it gets a placeholder.
const verifier = new Resend("re_webhook_verification_only");

/**
 * Verifies a Resend (Svix / Standard Webhooks) delivery with the SDK's `webhooks.verify`:
 * HMAC-SHA256 over `${id}.${timestamp}.${body}`, any one of the space-separated `v1,<base64>`
 * signatures may match (secret rotation), and the timestamp must be within 5 minutes of the
 * real clock (never the simulated one: a replayed delivery stays stale however the clock moves).
 */
export function verifyResendWebhook(
  secret: string,
  headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined },
  body: string,
): { check: "ok"; payload: unknown } | { check: Exclude<WebhookCheck, "ok"> } {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { check: "missing_headers" };
  try {
    return {
      check: "ok",
      payload: verifier.webhooks.verify({
        payload: body,
        headers: { id, timestamp, signature },
        webhookSecret: secret,
      }),
    };
  } catch (err) {
    if (err instanceof SyntaxError) return { check: "ok", payload: undefined };
    const message = err instanceof Error ? err.message : "";
    return { check: /timestamp/i.test(message) ? "stale_timestamp" : "bad_signature" };
  }
}

/** Records a verified event; a retry of a stored message id changes nothing. */
export async function recordResendEvent(
  db: D1Database,
  event: ResendEvent,
  delivery: { svixId: string; body: string; now: number },
): Promise<{ duplicate: boolean }> {
  const { svixId, now } = delivery;
  const fresh = await storeWebhookEvent(db, {
    id: svixId,
    type: event.type,
    receivedAt: now,
    payload: delivery.body,
  });
  if (!fresh) return { duplicate: true };

  const to = event.data.to;
  const addresses = (Array.isArray(to) ? to : to ? [to] : []).map((a) => a.trim().toLowerCase());
  const emailId = event.data.email_id ?? null;
  const notificationId = emailId ? await notificationIdOfProviderMessage(db, emailId) : null;
  const statements: D1PreparedStatement[] = [];

  if (event.type === "email.bounced" || event.type === "email.complained") {
    const reason =
      event.type === "email.complained"
        ? "Người nhận đánh dấu thư là thư rác"
        : [event.data.bounce?.type, event.data.bounce?.message].filter(Boolean).join(": ") ||
          "Thư bị trả lại";
    for (const address of addresses) {
      const personId = await personIdByEmail(db, address);
      if (!personId) continue;
      statements.push(
        bounceStatement(db, personId, reason.slice(0, 500), now),
        auditStatement(db, {
          at: now,
          actorKind: "system",
          action: event.type === "email.bounced" ? "person.email_bounced" : "person.email_complained",
          entityType: "person",
          entityId: personId,
          reason,
          data: { address, emailId, notificationId, svixId },
        }),
      );
    }
  }
  if (notificationId && event.type.startsWith("email.")) {
    statements.push(
      auditStatement(db, {
        at: now,
        actorKind: "system",
        action: event.type,
        entityType: "notification",
        entityId: notificationId,
        data: { emailId, svixId },
      }),
    );
  }
  if (statements.length > 0) await db.batch(statements);
  return { duplicate: false };
}
