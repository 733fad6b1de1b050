/** Memberships' (roles') request and response schemas (zod): the JSON API's and the page form's. */
import * as z from "zod";
import { ROLES } from "../../db/schema";

export const grantSchema = z
  .object({
    personId: z.string().min(1).max(100).optional(),
    email: z.email({ error: "Địa chỉ thư điện tử không hợp lệ" }).max(254).optional(),
    organisationId: z.string().min(1, "Vui lòng chọn tổ chức").max(100),
    role: z.enum(ROLES, { error: "Vai trò không hợp lệ" }),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.personId !== undefined || v.email !== undefined, {
    message: "Cần mã người dùng hoặc địa chỉ thư điện tử",
    path: ["email"],
  });

export type GrantInput = z.infer<typeof grantSchema>;

export const listQuery = z.object({
  organisationId: z.string().max(100).optional(),
  personId: z.string().max(100).optional(),
  q: z.string().trim().max(254).optional(),
});

/** The page's form: a person by address, an organisation by code. */
export const grantFormSchema = z.object({
  email: z.email({ error: "Địa chỉ thư điện tử không hợp lệ" }).max(254),
  organisationCode: z.string().trim().min(1, "Vui lòng nhập mã tổ chức").max(100),
  role: z.enum(ROLES, { error: "Vai trò không hợp lệ" }),
  reason: z.string().trim().max(500).optional(),
});

export type GrantFormInput = z.infer<typeof grantFormSchema>;

export const membershipJson = z
  .object({
    id: z.string(),
    role: z.enum(ROLES),
    createdAt: z.number().int().describe("Cấp lúc (mili giây kể từ 1970-01-01 UTC)"),
    personId: z.string(),
    email: z.string(),
    fullName: z.string(),
    organisationId: z.string(),
    organisationCode: z.string(),
    organisationName: z.string(),
  })
  .meta({ id: "Membership" });

export const membershipListJson = z.object({
  memberships: z.array(membershipJson).describe("Tối đa 200 dòng, theo tổ chức rồi họ tên"),
});

export const grantedJson = z.object({
  id: z.string(),
  personId: z.string(),
  organisationId: z.string(),
  role: z.enum(ROLES),
});
