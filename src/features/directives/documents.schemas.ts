/** What the register of documents' routes accept and answer. */
import * as z from "zod";
import { isValidDate } from "../../domain/time";

const reason = z
  .string({ error: "Vui lòng ghi lý do" })
  .trim()
  .min(5, "Vui lòng ghi lý do (ít nhất 5 ký tự)")
  .max(500, "Lý do quá dài (tối đa 500 ký tự)");
const revision = z.coerce.number({ error: "Thiếu phiên bản" }).int().min(1);

/**
 * What a document is registered or corrected with, in this order (errors are listed in it);
 * `issuedOn` is each form's own date rule.
 */
export function documentInputFields<D extends z.ZodType>(issuedOn: D) {
  return {
    number: z.string().max(100, "Số hiệu văn bản quá dài"),
    docType: z.string().trim().max(10).optional(),
    issuer: z
      .string()
      .trim()
      .min(1, "Vui lòng nhập cơ quan ban hành")
      .max(200, "Tên cơ quan ban hành quá dài"),
    issuedOn,
    title: z
      .string()
      .trim()
      .min(1, "Vui lòng nhập trích yếu")
      .max(500, "Trích yếu quá dài (tối đa 500 ký tự)"),
    term: z.string().trim().max(20, "Nhiệm kỳ viết dạng 2025-2030").optional(),
    parentDocumentId: z.string().max(64).nullable().optional(),
  };
}

export const correctDocSchema = z.object({
  ...documentInputFields(z.string().refine(isValidDate, "Ngày ban hành phải là ngày hợp lệ dạng YYYY-MM-DD")),
  revision,
  reason,
});
export const withdrawDocSchema = z.object({ revision, reason });
/** A missing number is read as "" (an invalid number), as before. */
export const checkNumberQuery = z.object({ number: z.string().max(200).default("") });

export const documentIdParams = z.object({ id: z.string().min(1).max(64).describe("Mã văn bản") });

export const numberCheckJson = z.union([
  z.object({ valid: z.literal(false), message: z.string(), suggestion: z.string().nullable() }),
  z.object({
    valid: z.literal(true),
    normalized: z.string(),
    format: z.string(),
    issuer: z.string(),
    year: z.number().int().nullable(),
    kinds: z.array(z.object({ code: z.string(), label: z.string() })),
  }),
]);

/** The first fields of every document the API answers with. */
export const documentHeadFields = {
  id: z.string(),
  number: z.string(),
  docType: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  title: z.string(),
};

export const documentJson = z.object({
  ...documentHeadFields,
  term: z.string().nullable(),
  directiveId: z.string().nullable(),
  parentDocumentId: z.string().nullable(),
  organisationId: z.string().nullable(),
  revision: z.number().int(),
  withdrawnAt: z.number().int().nullable(),
  withdrawalReason: z.string().nullable(),
  kind: z.string(),
  withdrawn: z.boolean(),
});

export const documentBody = z.object({ document: documentJson });

export const documentWithHistory = documentBody.extend({
  history: z.array(
    z.object({
      at: z.number().int(),
      action: z.string(),
      reason: z.string().nullable(),
      data: z.unknown(),
      actor: z.string().nullable(),
    }),
  ),
});

/**
 * A conflict: for a stale revision, the error with the current version and what was sent; for
 * the others (duplicate number, already withdrawn, still in use) the error only.
 */
export const staleRevisionJson = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string(), label: z.string().optional() })),
    moreFields: z.number().int().optional(),
  }),
  current: documentJson.nullable().optional(),
  submitted: z.unknown().optional(),
});
