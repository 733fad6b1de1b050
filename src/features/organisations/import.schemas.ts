/**
 * What the CSV import accepts and answers: the columns, each row's cells (zod, Vietnamese
 * messages naming the column), and the JSON of a result.
 */
import * as z from "zod";
import { ROLE_LABELS } from "../../auth/policy";
import { ORGANISATION_KINDS, ROLES } from "../../domain/enums";
import { ORGANISATION_KIND_LABELS as KIND_LABELS } from "../../domain/status-labels";
import { dateInputError, parseDateInput } from "../../domain/time";
import { codeSchema } from "./organisations.schemas";

export const MAX_IMPORT_ROWS = 2000;
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export const ORG_COLUMNS_CSV = [
  "code",
  "name",
  "kind",
  "parent_code",
  "email",
  "phone",
  "population",
  "opened_on",
  "closed_on",
] as const;
export const PEOPLE_COLUMNS_CSV = [
  "email",
  "full_name",
  "phone",
  "title",
  "organisation_code",
  "role",
] as const;

export const importIssue = z.object({
  line: z.number().int().describe("Số dòng trong tệp (1 là dòng tiêu đề; 0: cả tệp)"),
  column: z.string().nullable(),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof importIssue>;

export const importPreviewItem = z.object({
  line: z.number().int(),
  key: z.string().describe("Mã tổ chức, hoặc thư điện tử · mã tổ chức · vai trò"),
  action: z.enum(["create", "update", "unchanged"]),
  changes: z.array(z.string()).describe("Các trường thay đổi"),
});
export type ImportPreviewItem = z.infer<typeof importPreviewItem>;

export const importSuccess = z.object({
  ok: z.literal(true),
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  items: z.array(importPreviewItem),
});

export type ImportResult =
  | z.infer<typeof importSuccess>
  /** `badEncoding`: the file is not UTF-8 (nothing else was checked). */
  | { ok: false; issues: ImportIssue[]; badEncoding?: true };

/** A rejected file: the usual error body, plus every issue with its line and column. */
export const importRejected = z.object({
  error: z.object({
    code: z.enum(["import_invalid", "bad_encoding"]),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })),
  }),
  issues: z.array(importIssue),
});

export const importQuery = z.object({
  dryRun: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .describe("1 hoặc true: chỉ kiểm tra và xem trước, không ghi dữ liệu"),
});

export type ImportKind = "organisations" | "people";

const optText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} quá dài (tối đa ${max} ký tự)`)
    .transform((s) => (s === "" ? null : s));

const optDate = (label: string) =>
  z
    .string()
    .trim()
    .refine((s) => s === "" || parseDateInput(s) !== null, dateInputError(label))
    .transform((s) => (s === "" ? null : parseDateInput(s)));

export const orgRowSchema = z.object({
  code: codeSchema,
  name: z.string().trim().min(1, "Chưa có tên tổ chức").max(200, "Tên tổ chức quá dài (tối đa 200 ký tự)"),
  kind: z.enum(ORGANISATION_KINDS, {
    error: `Loại tổ chức không hợp lệ; dùng một trong các mã: ${ORGANISATION_KINDS.map((k) => `${k} (${KIND_LABELS[k]})`).join(", ")}`,
  }),
  parent_code: z
    .string()
    .trim()
    .max(40, "Mã tổ chức cấp trên quá dài (tối đa 40 ký tự)")
    .transform((s) => (s === "" ? null : s)),
  email: z
    .string()
    .trim()
    .max(200, "Thư điện tử quá dài (tối đa 200 ký tự)")
    .refine((s) => s === "" || z.email().safeParse(s).success, "Địa chỉ thư điện tử không hợp lệ")
    .transform((s) => (s === "" ? null : s.toLowerCase())),
  phone: optText(30, "Số điện thoại"),
  population: z
    .string()
    .trim()
    .refine(
      (s) => s === "" || /^\d{1,10}$/.test(s.replace(/[.\s]/g, "")),
      "Dân số phải là số nguyên không âm",
    )
    .transform((s) => (s === "" ? null : Number(s.replace(/[.\s]/g, "")))),
  opened_on: optDate("Ngày thành lập"),
  closed_on: optDate("Ngày giải thể/sáp nhập"),
});
export type OrgCsvRow = z.infer<typeof orgRowSchema>;

export const personRowSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Chưa có địa chỉ thư điện tử")
    .max(200, "Thư điện tử quá dài (tối đa 200 ký tự)")
    .pipe(z.email("Địa chỉ thư điện tử không hợp lệ"))
    .transform((s) => s.toLowerCase()),
  full_name: z.string().trim().min(1, "Chưa có họ tên").max(120, "Họ tên quá dài (tối đa 120 ký tự)"),
  phone: optText(30, "Số điện thoại"),
  title: optText(200, "Chức vụ"),
  organisation_code: codeSchema,
  role: z.enum(ROLES, {
    error: `Vai trò không hợp lệ; dùng một trong các mã: ${ROLES.map((r) => `${r} (${ROLE_LABELS[r]})`).join(", ")}`,
  }),
});
export type PersonCsvRow = z.infer<typeof personRowSchema>;
