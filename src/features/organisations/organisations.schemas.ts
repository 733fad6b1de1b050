/** What the organisation tree's routes accept (zod, Vietnamese messages per field). */
import * as z from "zod";
import { ORGANISATION_KINDS } from "../../domain/enums";
import { MAX_QUERY_LENGTH } from "../../domain/org-tree";
import { optionalDateField } from "../../http/date-field";

const CODE_RE = /^[\p{L}\d][\p{L}\d._-]*$/u;

/** An organisation's code: letters (any script), digits, `.`, `-`, `_`; unique across the tree. */
export const codeSchema = z
  .string()
  .trim()
  .min(1, "Chưa có mã tổ chức")
  .max(40, "Mã tổ chức quá dài (tối đa 40 ký tự)")
  .regex(CODE_RE, "Mã tổ chức chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới");

export const listQuery = z.object({
  parent: z.string().max(64).optional(),
  q: z.string().trim().max(MAX_QUERY_LENGTH, `Từ khóa tối đa ${MAX_QUERY_LENGTH} ký tự`).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const csvQuery = listQuery.pick({ parent: true });

export const createSchema = z.object({
  code: codeSchema,
  name: z
    .string()
    .trim()
    .min(1, "Vui lòng nhập tên tổ chức")
    .max(200, "Tên tổ chức quá dài (tối đa 200 ký tự)"),
  kind: z.enum(ORGANISATION_KINDS, { error: "Loại tổ chức không hợp lệ" }),
  parentId: z.string().min(1).max(64).nullable().optional(),
  email: z.email("Địa chỉ thư điện tử không hợp lệ").max(200).nullable().optional(),
  phone: z.string().trim().max(30, "Số điện thoại quá dài").nullable().optional(),
  population: z.coerce.number().int().min(0).max(1e10).nullable().optional(),
  openedOn: optionalDateField("Ngày thành lập"),
});
export type OrganisationCreate = z.output<typeof createSchema>;

export const patchSchema = z
  .object({
    parentId: z.string().min(1).max(64).optional(),
    closedOn: optionalDateField("Ngày giải thể/sáp nhập"),
    name: z.string().trim().min(1).max(200, "Tên tổ chức quá dài (tối đa 200 ký tự)").optional(),
    email: z.email("Địa chỉ thư điện tử không hợp lệ").max(200).nullable().optional(),
    phone: z.string().trim().max(30, "Số điện thoại quá dài").nullable().optional(),
    population: z.coerce.number().int().min(0).max(1e10).nullable().optional(),
  })
  .strict();
export type OrganisationPatch = z.output<typeof patchSchema>;

/** An organisation as the JSON API returns it. */
export const organisationJson = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    kind: z.enum(ORGANISATION_KINDS),
    parentId: z.string().nullable(),
    level: z.number().int().describe("Cấp trong cây, gốc là 0"),
    path: z.string().describe("Đường dẫn từ gốc, ví dụ /tw/hn/"),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    population: z.number().int().nullable(),
    openedOn: z.string().nullable().describe("YYYY-MM-DD"),
    closedOn: z.string().nullable().describe("YYYY-MM-DD; có giá trị khi đã giải thể/sáp nhập"),
  })
  .meta({ id: "Organisation" });

export const organisationPage = z.object({
  items: z.array(organisationJson),
  nextCursor: z.string().nullable().describe("Truyền lại qua tham số cursor để lấy trang sau"),
});
