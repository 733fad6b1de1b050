import { Hono } from "hono";
import * as z from "zod";
import { auditStatement } from "../audit";
import { publicRoute } from "../auth/guard";
import type { AppEnv } from "../http/context";
import { AppError, errorBody } from "../http/errors";

/** Svix refuses deliveries whose timestamp is further than this from now. */
export const WEBHOOK_TOLERANCE_MS = 5 * 60_000;

const encoder = new TextEncoder();

function base64ToBytes(b64: string): Uint8Array | null {
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  const raw = base64ToBytes(secret.startsWith("whsec_") ? secret.slice(6) : secret);
  if (!raw || raw.length === 0) throw new Error("RESEND_WEBHOOK_SECRET is not whsec_<base64>");
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

/** Signs like Svix: base64(HMAC-SHA256(secret, `${id}.${timestamp}.${body}`)). For tests and tools. */
export async function svixSignature(secret: string, id: string, timestamp: string, body: string) {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await hmacKey(secret),
    encoder.encode(`${id}.${timestamp}.${body}`),
  );
  return `v1,${btoa(String.fromCharCode(...new Uint8Array(mac)))}`;
}

export type SvixCheck = "ok" | "missing_headers" | "stale_timestamp" | "bad_signature";

/**
 * Verifies a Svix-signed delivery. `crypto.subtle.verify` compares in constant time;
 * any one of the space-separated `v1,<base64>` signatures may match (secret rotation).
 */
export async function verifySvix(
  secret: string,
  headers: { id: string | undefined; timestamp: string | undefined; signature: string | undefined },
  body: string,
  now: number,
): Promise<SvixCheck> {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return "missing_headers";
  if (!/^\d{1,12}$/.test(timestamp)) return "stale_timestamp";
  if (Math.abs(now - Number(timestamp) * 1000) > WEBHOOK_TOLERANCE_MS) return "stale_timestamp";
  const key = await hmacKey(secret);
  const signed = encoder.encode(`${id}.${timestamp}.${body}`);
  for (const entry of signature.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) continue;
    const mac = base64ToBytes(value);
    if (mac && (await crypto.subtle.verify("HMAC", key, mac, signed))) return "ok";
  }
  return "bad_signature";
}

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

const MESSAGES: Record<Exclude<SvixCheck, "ok">, string> = {
  missing_headers: "Thiếu tiêu đề chữ ký webhook (svix-id, svix-timestamp, svix-signature)",
  stale_timestamp: "Thời điểm ký webhook lệch quá 5 phút",
  bad_signature: "Chữ ký webhook không hợp lệ",
};

/** Resend delivery events: bounces and complaints flag the person; deliveries go on the audit trail. */
export const webhookRoutes = new Hono<AppEnv>();

webhookRoutes.post("/webhooks/resend", publicRoute(), async (c) => {
  const secret = c.var.config.resendWebhookSecret;
  if (!secret) throw new AppError(404, "not_found", "Webhook chưa được cấu hình");
  const body = await c.req.text();
  const check = await verifySvix(
    secret,
    {
      id: c.req.header("svix-id"),
      timestamp: c.req.header("svix-timestamp"),
      signature: c.req.header("svix-signature"),
    },
    body,
    c.var.now,
  );
  if (check !== "ok") {
    return c.json(errorBody(new AppError(400, `webhook_${check}`, MESSAGES[check])), 400);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const parsed = resendEvent.safeParse(json);
  if (!parsed.success) {
    return c.json(
      errorBody(new AppError(400, "webhook_payload_invalid", "Nội dung webhook không hợp lệ")),
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
