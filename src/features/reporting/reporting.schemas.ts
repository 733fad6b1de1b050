/** The reporting API's request bodies and the response parts several routes share. */
import * as z from "zod";
import { staleWriteJson } from "../../platform/openapi";

export const draftBody = z.object({
  values: z.record(z.string(), z.unknown()),
  baseRevision: z.number().int().min(0),
});

export const submitBody = z.object({
  values: z.record(z.string(), z.unknown()).optional(),
  baseRevision: z.number().int().min(0).optional(),
});

/** An item's value: text, a number, a yes/no answer with its document number, or empty. */
export const formValue = z
  .union([
    z.string(),
    z.number(),
    z.object({ answer: z.boolean().nullable(), documentRef: z.string().nullable().optional() }),
    z.null(),
  ])
  .optional();
export const values = z.record(z.string(), formValue).describe("Giá trị theo mã mục của biểu mẫu");
export const fieldError = z.object({ field: z.string(), message: z.string(), label: z.string().optional() });

export const receiptJson = z
  .object({
    obligationId: z.string(),
    versionId: z.string(),
    versionNo: z.number().int(),
    receiptNo: z.string(),
    submittedAt: z.number().int(),
    onTime: z.boolean(),
    daysLate: z.number().int().describe("Số ngày làm việc nộp muộn (0: đúng hạn)"),
    duplicate: z.boolean().describe("Lần nộp này trùng hệt lần nộp trước: biên nhận cũ"),
  })
  .meta({ id: "Receipt" });

/** The text the caller sent, kept in the 409 so nothing typed is lost. */
export const yoursJson = z.object({ values, baseRevision: z.number().int() });

export const draftConflictJson = staleWriteJson(
  z.object({
    values,
    revision: z.number().int(),
    updatedBy: z.string().nullable(),
    updatedAt: z.number().int(),
    updatedByName: z.string().nullable(),
  }),
  yoursJson,
  z.object({ code: z.literal("draft_conflict"), message: z.string(), fields: z.array(fieldError) }),
);

export const submitConflictJson = staleWriteJson(
  z.object({
    values,
    revision: z.number().int(),
    updatedBy: z.string().nullable(),
    updatedByName: z.string().nullable(),
    updatedAt: z.number().int(),
    versionNo: z.number().int().nullable(),
    receiptNo: z.string().nullable(),
  }),
  yoursJson,
  z.object({
    code: z.literal("submit_conflict"),
    kind: z.enum(["draft_changed", "already_submitted"]),
    message: z.string(),
    fields: z.array(fieldError),
  }),
);
