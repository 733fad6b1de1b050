/**
 * API tokens for machine clients: `Authorization: Bearer <token>`. Only the SHA-256 hash
 * is stored; the token is shown once, at creation. A token acts with its role at its
 * organisation; it can be revoked, and records when it was last used.
 * Managed by administrators and by the organisation's secretary (`tokens.manage`).
 * The operations live in `src/services/api-tokens.ts`, shared with the "Khóa API" page.
 */
import { Hono } from "hono";
import { orgFromParam, orgOfRow, requirePolicy } from "../auth/guard";
import { clientIp } from "../auth/web";
import type { AppEnv } from "../http/context";
import { AppError, validationError } from "../platform/errors";
import { createApiToken, createSchema, listApiTokens, revokeApiToken } from "../services/api-tokens";

export { createSchema };

export const tokenRoutes = new Hono<AppEnv>();

tokenRoutes.post(
  "/api/organisations/:id/tokens",
  requirePolicy("tokens.manage", orgFromParam("id")),
  async (c) => {
    const json = await c.req.json().catch(() => {
      throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
    });
    const parsed = createSchema.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const created = await createApiToken(c.env.DB, c.var.targetOrg!, parsed.data, {
      actor: c.var.principal!,
      now: c.var.now,
      ip: clientIp(c),
    });
    return c.json(created, 201);
  },
);

tokenRoutes.get(
  "/api/organisations/:id/tokens",
  requirePolicy("tokens.manage", orgFromParam("id")),
  async (c) => c.json({ tokens: await listApiTokens(c.env.DB, c.var.targetOrg!.id) }),
);

tokenRoutes.delete(
  "/api/tokens/:id",
  requirePolicy("tokens.manage", orgOfRow("api_tokens", "id")),
  async (c) => {
    const result = await revokeApiToken(c.env.DB, c.req.param("id"), c.var.targetOrg!.id, {
      actor: c.var.principal!,
      now: c.var.now,
      ip: clientIp(c),
    });
    return c.json({ ok: true, ...result });
  },
);
