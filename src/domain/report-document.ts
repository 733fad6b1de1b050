/**
 * A committee's report as an official document: its own number (a Báo cáo, "125-BC/TU"),
 * date and signer, given when it is submitted. All optional (a report may go up before it is
 * numbered), but what is given must be right: the number must be a Báo cáo's, the date a real
 * day not after the submission.
 */
import * as z from "zod";
import { parseDocumentNumber } from "./document-number";
import { isValidDate } from "./time";

export const SIGNER_ROLES = ["head", "deputy"] as const;

export interface ReportDocumentMeta {
  number: string | null;
  date: string | null;
  signerName: string | null;
  signerRole: (typeof SIGNER_ROLES)[number] | null;
}

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The schema for `document` on submission; `today` bounds the date. */
export function reportDocumentSchema(today: string): z.ZodType<ReportDocumentMeta> {
  return z
    .object({
      number: z.preprocess(
        blank,
        z
          .string({ error: "Số báo cáo phải là văn bản" })
          .max(60)
          .transform((s, ctx) => {
            const parsed = parseDocumentNumber(s);
            if (!parsed.ok) {
              ctx.addIssue({ code: "custom", message: parsed.message });
              return z.NEVER;
            }
            if (parsed.type !== "BC") {
              ctx.addIssue({
                code: "custom",
                message: `Số ${parsed.normalized} không phải số của một báo cáo (…-BC/…)`,
              });
              return z.NEVER;
            }
            return parsed.normalized;
          })
          .optional(),
      ),
      date: z.preprocess(
        blank,
        z
          .string()
          .refine(isValidDate, "Ngày báo cáo phải là ngày hợp lệ dạng YYYY-MM-DD")
          .refine((d) => d <= today, "Ngày báo cáo không được sau ngày nộp")
          .optional(),
      ),
      signerName: z.preprocess(blank, z.string().trim().max(100, "Họ tên người ký quá dài").optional()),
      signerRole: z.preprocess(
        blank,
        z.enum(SIGNER_ROLES, { error: "Người ký là người đứng đầu (head) hoặc cấp phó (deputy)" }).optional(),
      ),
    })
    .transform((d) => ({
      number: d.number ?? null,
      date: d.date ?? null,
      signerName: d.signerName ?? null,
      signerRole: d.signerRole ?? null,
    }));
}
