/** What an extension request and its decision carry (form or JSON). */
import * as z from "zod";

export const extensionRequestSchema = z.object({
  requestedDueOn: z.string({ error: "Vui lòng chọn hạn đề nghị" }).max(10),
  reason: z.string({ error: "Vui lòng nêu lý do" }).max(2000, "Lý do quá dài"),
});
export const extensionDecisionSchema = z.object({
  decision: z.enum(["grant", "refuse"], { error: "Chọn chấp thuận hoặc không chấp thuận" }),
  grantedDueOn: z.string().max(10).optional(),
  note: z.string().max(2000, "Ý kiến quá dài").optional(),
});

/** `:id` of the routes under an obligation. */
export const obligationIdParams = z.object({ id: z.string().describe("Mã nghĩa vụ báo cáo") });
/** `:id` of an extension request. */
export const extensionRequestIdParams = z.object({ id: z.string().describe("Mã đề nghị gia hạn") });
