/** What Resend posts to the webhook (Svix-signed), as far as this product reads it. */
import * as z from "zod";

export const resendEvent = z
  .object({
    type: z.string().min(1).max(100),
    created_at: z.string().optional(),
    data: z
      .object({
        email_id: z.string().optional(),
        to: z.union([z.array(z.string()), z.string()]).optional(),
        bounce: z.object({ message: z.string().optional(), type: z.string().optional() }).loose().optional(),
      })
      .loose(),
  })
  .meta({ id: "ResendEvent" });
export type ResendEvent = z.infer<typeof resendEvent>;

export const webhookAck = z.object({
  ok: z.literal(true),
  duplicate: z.literal(true).optional().describe("Sự kiện đã nhận trước đó (cùng svix-id), bỏ qua"),
});
