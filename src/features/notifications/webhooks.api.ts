/**
 * `POST /webhooks/resend`: Resend's delivery events. Public, but only a body signed with the
 * configured secret is read; the body is described by reference (not validated by the router),
 * because the signature covers the raw text and is checked before any parsing.
 */
import * as z from "zod";
import { publicRoute } from "../../auth/guard";
import { AppError } from "../../platform/errors";
import { createApi, errorResponse, jsonResponse, routesTagged } from "../../platform/openapi";
import { resendEvent, webhookAck } from "./webhooks.schemas";
import { recordResendEvent, verifyResendWebhook, type WebhookCheck } from "./webhooks.service";

const MESSAGES: Record<Exclude<WebhookCheck, "ok">, string> = {
  missing_headers: "Thiếu tiêu đề chữ ký webhook (svix-id, svix-timestamp, svix-signature)",
  stale_timestamp: "Thời điểm ký webhook lệch quá 5 phút",
  bad_signature: "Chữ ký webhook không hợp lệ",
};

const route = routesTagged("webhooks");

export const resendWebhookRoute = route.post("/webhooks/resend", {
  summary: "Sự kiện gửi thư từ Resend (ký theo chuẩn Svix)",
  security: [],
  middleware: [publicRoute()],
  request: {
    headers: z.object({
      "svix-id": z.string().optional().describe("Mã thông điệp (trùng mã: sự kiện gửi lại, bỏ qua)"),
      "svix-timestamp": z.string().optional().describe("Thời điểm ký (giây Unix), lệch tối đa 5 phút"),
      "svix-signature": z
        .string()
        .optional()
        .describe("Chữ ký v1,<base64> (có thể nhiều, cách nhau dấu cách)"),
    }),
    body: {
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/ResendEvent" } } },
    },
  },
  responses: {
    200: jsonResponse(webhookAck, "Đã ghi nhận"),
    400: errorResponse("Thiếu chữ ký, chữ ký sai hoặc quá hạn, hoặc nội dung không hợp lệ"),
    404: errorResponse("Webhook chưa được cấu hình"),
  },
});

export const webhookApi = createApi();
// The event's schema as a component, referenced by the route above.
webhookApi.openAPIRegistry.register("ResendEvent", resendEvent);

webhookApi.openapi(resendWebhookRoute, async (c) => {
  const secret = c.var.config.resendWebhookSecret;
  if (!secret) throw new AppError("not_found", "not_found", "Webhook chưa được cấu hình");
  const body = await c.req.text();
  const headers = c.req.valid("header");
  const verified = verifyResendWebhook(
    secret,
    { id: headers["svix-id"], timestamp: headers["svix-timestamp"], signature: headers["svix-signature"] },
    body,
  );
  if (verified.check !== "ok") {
    throw new AppError("malformed", `webhook_${verified.check}`, MESSAGES[verified.check]);
  }
  // A signed body that is not JSON reaches here as `undefined` and fails the schema.
  const parsed = resendEvent.safeParse(verified.payload);
  if (!parsed.success) {
    throw new AppError("malformed", "webhook_payload_invalid", "Nội dung webhook không hợp lệ");
  }
  const { duplicate } = await recordResendEvent(c.env.DB, parsed.data, {
    svixId: headers["svix-id"]!,
    body,
    now: c.var.now,
  });
  return c.json(duplicate ? { ok: true as const, duplicate: true as const } : { ok: true as const }, 200);
});
