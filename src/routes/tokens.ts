/**
 * API tokens for machine clients: `Authorization: Bearer <token>`. Only the SHA-256 hash
 * is stored; the token is shown once, at creation. A token acts with its role at its
 * organisation; it can be revoked, and records when it was last used.
 * Managed by administrators and by the organisation's secretary (`tokens.manage`).
 */
import { Hono } from "hono";
import { z } from "zod";
import { auditStatement } from "../audit";
import { orgFromParam, orgOfRow, requirePolicy } from "../auth/guard";
import { mayIssueToken, TOKEN_ROLES } from "../auth/policy";
import { clientIp } from "../auth/web";
import type { AppEnv } from "../http/context";
import { AppError, forbidden, validationError } from "../http/errors";
import { newId, newToken, sha256Hex } from "../ids";

export const createSchema = z.object({
  name: z.string().trim().min(1, "Vui lòng nhập tên").max(100, "Tên quá dài (tối đa 100 ký tự)"),
  role: z.enum(TOKEN_ROLES, { error: "Vai trò không hợp lệ cho mã truy cập" }),
  expiresInDays: z.number().int().min(1).max(730).optional(),
});

const DAY_MS = 24 * 60 * 60 * 1000;

export const tokenRoutes = new Hono<AppEnv>();

tokenRoutes.post(
  "/api/organisations/:id/tokens",
  requirePolicy("tokens.manage", orgFromParam("id")),
  async (c) => {
    const json = await c.req.json().catch(() => {
      throw new AppError(400, "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
    });
    const parsed = createSchema.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error);
    const org = c.var.targetOrg!;
    const principal = c.var.principal!;
    if (!mayIssueToken(principal, parsed.data.role, org.path)) throw forbidden();
    const now = c.var.now;
    const id = newId("tok_");
    const token = newToken();
    const expiresAt = parsed.data.expiresInDays ? now + parsed.data.expiresInDays * DAY_MS : null;
    const db = c.env.DB;
    await db.batch([
      db
        .prepare(
          `insert into api_tokens (id, token_hash, name, created_by, organisation_id, role, created_at, expires_at)
           values (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          id,
          await sha256Hex(token),
          parsed.data.name,
          principal.personId,
          org.id,
          parsed.data.role,
          now,
          expiresAt,
        ),
      auditStatement(db, {
        at: now,
        actorPersonId: principal.personId,
        actorKind: "person",
        action: "token.created",
        entityType: "api_token",
        entityId: id,
        organisationId: org.id,
        data: { name: parsed.data.name, role: parsed.data.role, expiresAt },
        ip: clientIp(c),
      }),
    ]);
    return c.json(
      { id, token, name: parsed.data.name, organisationId: org.id, role: parsed.data.role, expiresAt },
      201,
    );
  },
);

tokenRoutes.get(
  "/api/organisations/:id/tokens",
  requirePolicy("tokens.manage", orgFromParam("id")),
  async (c) => {
    const { results } = await c.env.DB.prepare(
      `select id, name, role, organisation_id as organisationId, created_by as createdBy, created_at as createdAt,
            last_used_at as lastUsedAt, expires_at as expiresAt, revoked_at as revokedAt
     from api_tokens where organisation_id = ? order by created_at desc limit 500`,
    )
      .bind(c.var.targetOrg!.id)
      .all();
    return c.json({ tokens: results });
  },
);

tokenRoutes.delete(
  "/api/tokens/:id",
  requirePolicy("tokens.manage", orgOfRow("api_tokens", "id")),
  async (c) => {
    const db = c.env.DB;
    const now = c.var.now;
    const id = c.req.param("id");
    const principal = c.var.principal!;
    const [updated] = await db.batch<{ id: string }>([
      db
        .prepare("update api_tokens set revoked_at = ? where id = ? and revoked_at is null returning id")
        .bind(now, id),
      auditStatement(db, {
        at: now,
        actorPersonId: principal.personId,
        actorKind: "person",
        action: "token.revoked",
        entityType: "api_token",
        entityId: id,
        organisationId: c.var.targetOrg!.id,
        ip: clientIp(c),
      }),
    ]);
    return c.json({ ok: true, alreadyRevoked: (updated?.results.length ?? 0) === 0 });
  },
);
