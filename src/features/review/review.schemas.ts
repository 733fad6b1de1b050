/** What the review routes accept (zod, Vietnamese messages per field). */
import * as z from "zod";
import { requiredText } from "../../domain/required-text";
import { dateField } from "../../http/date-field";

export const QUEUE_STATUSES = ["submitted", "returned", "accepted"] as const;

const text = (max: number, what: string) =>
  z
    .string({ error: `${what} phải là văn bản` })
    .trim()
    .max(max, { error: `${what} dài quá ${max} ký tự` });

const commentsSchema = z.strictObject(
  {
    general: text(5000, "Ý kiến chung").optional(),
    sections: z.record(z.string().max(64), text(5000, "Ý kiến theo mục")).optional(),
  },
  { error: "Ý kiến không hợp lệ" },
);

export const reviewSchema = z.strictObject({
  decision: z.enum(["accepted", "returned", "reopened"], {
    error: "Quyết định phải là accepted (tiếp nhận), returned (trả lại) hoặc reopened (mở lại)",
  }),
  comments: commentsSchema.nullish(),
  reason: text(1000, "Lý do").optional(),
});
export type ReviewRequest = z.infer<typeof reviewSchema>;

export const extensionSchema = z.strictObject({
  newDueOn: dateField("Hạn mới"),
  reason: requiredText("Vui lòng nhập lý do gia hạn", 1000, "Lý do dài quá 1000 ký tự"),
});
export type ExtensionInput = z.output<typeof extensionSchema>;

export const remarkSchema = z.strictObject({
  body: requiredText("Vui lòng nhập ý kiến", 5000, "Ý kiến dài quá 5000 ký tự"),
});

export const queueQuery = z.object({
  ky: z.string().max(200).optional(),
  trang_thai: z.enum(QUEUE_STATUSES).optional().catch(undefined),
});
