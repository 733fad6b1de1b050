/** API tokens' request and response schemas (zod): the JSON API's and the "Khóa API" form's. */
import * as z from "zod";
import { TOKEN_ROLES } from "../../auth/policy";
import { ROLES } from "../../db/schema";

export const MAX_TOKEN_DAYS = 730;

const daysMessage = `Số ngày hiệu lực phải là số nguyên từ 1 đến ${MAX_TOKEN_DAYS}`;

export const createSchema = z.object({
  name: z.string().trim().min(1, "Vui lòng nhập tên").max(100, "Tên quá dài (tối đa 100 ký tự)"),
  role: z.enum(TOKEN_ROLES, { error: "Vai trò không hợp lệ cho mã truy cập" }),
  expiresInDays: z
    .number({ error: daysMessage })
    .int(daysMessage)
    .min(1, daysMessage)
    .max(MAX_TOKEN_DAYS, daysMessage)
    .optional(),
});

export type CreateTokenInput = z.infer<typeof createSchema>;

const instant = (what: string) => z.number().int().describe(`${what} (mili giây kể từ 1970-01-01 UTC)`);

/** A new token: the secret is in this answer only. */
export const createdTokenJson = z
  .object({
    id: z.string(),
    token: z.string().describe("Giá trị bí mật của mã truy cập: chỉ trả về một lần"),
    name: z.string(),
    organisationId: z.string(),
    role: z.enum(ROLES),
    expiresAt: instant("Hết hạn lúc").nullable(),
  })
  .meta({ id: "CreatedApiToken" });

/** A stored token, never its secret nor its hash. */
export const tokenJson = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    organisationId: z.string(),
    createdBy: z.string(),
    createdByName: z.string().nullable(),
    createdAt: instant("Tạo lúc"),
    lastUsedAt: instant("Dùng lần cuối lúc").nullable(),
    expiresAt: instant("Hết hạn lúc").nullable(),
    revokedAt: instant("Thu hồi lúc").nullable(),
  })
  .meta({ id: "ApiToken" });

export const tokenListJson = z.object({ tokens: z.array(tokenJson) });

export const revokedTokenJson = z.object({
  ok: z.literal(true),
  alreadyRevoked: z.boolean().describe("true nếu mã đã bị thu hồi từ trước (không ghi lại lần nữa)"),
});
