/** Sign-in and session schemas (zod): the sign-in request, "who am I", and the plain acknowledgements. */
import * as z from "zod";
import { ROLES } from "../../db/schema";

export const signinRequestSchema = z.object({
  email: z.email({ error: "Địa chỉ thư điện tử không hợp lệ" }).max(254, "Địa chỉ thư điện tử quá dài"),
  next: z.string().max(500).optional(),
});

export const signinAcceptedJson = z.object({ ok: z.literal(true), message: z.string() });

export const okJson = z.object({ ok: z.literal(true) });

export const meJson = z
  .object({
    kind: z.enum(["person", "token"]).describe("person: phiên đăng nhập; token: mã truy cập API"),
    personId: z.string(),
    email: z.string(),
    fullName: z.string(),
    grants: z.array(
      z.object({
        role: z.enum(ROLES),
        roleLabel: z.string(),
        organisationId: z.string(),
        path: z.string().describe("Đường dẫn của tổ chức trong cây, ví dụ /tw/hn/"),
      }),
    ),
    csrfToken: z.string().nullable().describe("Gửi lại trong tiêu đề x-csrf-token (phiên trình duyệt)"),
  })
  .meta({ id: "Me" });
