import { Hono } from "hono";
import { Resend } from "resend";
import * as z from "zod";
import { auditStatement } from "../audit";
import { publicRoute } from "../auth/guard";
import type { AppEnv } from "../http/context";
import { AppError } from "../platform/errors";
import { errorBody } from "../platform/http-errors";

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

export type WebhookCheck = "ok" | "missing_headers" | "stale_timestamp" | "bad_signature";

// Verification needs no API key; the SDK's constructor insists on one, so it gets a placeholder.
const verifier = new Resend("re_webhook_verification_only");

export const resendEvent = z.object({
  type: z.string().min(1).max(100),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().optional(),
      to: z.union([z.array(z.string()), z.string()]).optional(),
      bounce: z.object({ message: z.string().optional(), type: z.string().optional() }).loose().optional(),
    })
    .loose(),
});

const MESSAGES: Record<Exclude<WebhookCheck, "ok">, string> = {
  missing_headers: "Thiếu tiêu đề chữ ký webhook (svix-id, svix-timestamp, svix-signature)",
  stale_timestamp: "Thời điểm ký webhook lệch quá 5 phút",
  bad_signature: "Chữ ký webhook không hợp lệ",
};

/** Resend delivery events: bounces and complaints flag the person; deliveries go on the audit trail. */
export const webhookRoutes = new Hono<AppEnv>();

webhookRoutes.post("/webhooks/resend", publicRoute(), async (c) => {
  const secret = c.var.config.resendWebhookSecret;
  if (!secret) throw new AppError("not_found", "not_found", "Webhook chưa được cấu hình");
  const body = await c.req.text();
  const verified = verifyResendWebhook(
    secret,
    {
      id: c.req.header("svix-id"),
      timestamp: c.req.header("svix-timestamp"),
      signature: c.req.header("svix-signature"),
    },
    body,
  );
  if (verified.check !== "ok") {
    return c.json(
      errorBody(new AppError("malformed", `webhook_${verified.check}`, MESSAGES[verified.check])),
      400,
    );
  }
  // A signed body that is not JSON reaches here as `undefined` and fails the schema below.
  const json = verified.payload;
  const parsed = resendEvent.safeParse(json);
  if (!parsed.success) {
    return c.json(
      errorBody(new AppError("malformed", "webhook_payload_invalid", "Nội dung webhook không hợp lệ")),
      400,
    );
  }
  const event = parsed.data;
  const svixId = c.req.header("svix-id")!;
  const now = c.var.now;
  const db = c.env.DB;

  // Replays (Svix retries the same message id) are stored once and otherwise ignored.
  const stored = await db
    .prepare(
      "insert into webhook_events (id, type, received_at, payload) values (?, ?, ?, ?) on conflict(id) do nothing returning id",
    )
    .bind(svixId, event.type, now, body)
    .first<{ id: string }>();
  if (!stored) return c.json({ ok: true, duplicate: true });

  const to = event.data.to;
  const addresses = (Array.isArray(to) ? to : to ? [to] : []).map((a) => a.trim().toLowerCase());
  const emailId = event.data.email_id ?? null;
  const notification = emailId
    ? await db
        .prepare("select id from notifications where provider_id = ? limit 1")
        .bind(emailId)
        .first<{ id: string }>()
    : null;
  const statements: D1PreparedStatement[] = [];

  if (event.type === "email.bounced" || event.type === "email.complained") {
    const reason =
      event.type === "email.complained"
        ? "Người nhận đánh dấu thư là thư rác"
        : [event.data.bounce?.type, event.data.bounce?.message].filter(Boolean).join(": ") ||
          "Thư bị trả lại";
    for (const address of addresses) {
      const person = await db
        .prepare("select id from people where email = ?")
        .bind(address)
        .first<{ id: string }>();
      if (!person) continue;
      statements.push(
        db
          .prepare("update people set bounced_at = ?, bounce_reason = ?, updated_at = ? where id = ?")
          .bind(now, reason.slice(0, 500), now, person.id),
        auditStatement(db, {
          at: now,
          actorKind: "system",
          action: event.type === "email.bounced" ? "person.email_bounced" : "person.email_complained",
          entityType: "person",
          entityId: person.id,
          reason,
          data: { address, emailId, notificationId: notification?.id ?? null, svixId },
        }),
      );
    }
  }
  if (notification && event.type.startsWith("email.")) {
    statements.push(
      auditStatement(db, {
        at: now,
        actorKind: "system",
        action: event.type,
        entityType: "notification",
        entityId: notification.id,
        data: { emailId, svixId },
      }),
    );
  }
  if (statements.length > 0) await db.batch(statements);
  return c.json({ ok: true });
});
