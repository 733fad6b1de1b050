/**
 * API tokens for machine clients (`Authorization: Bearer <token>`): create, list, revoke. Only
 * the SHA-256 hash is stored; the token itself is returned once, by `createApiToken`. The JSON
 * API (`src/routes/tokens.ts`) and the organisation's "Khóa API" page
 * (`src/routes/token-pages.tsx`) both call these functions.
 */
import * as z from "zod";
import { auditStatement } from "../audit";
import type { OrgRef } from "../auth/guard";
import { mayIssueToken, type Principal, TOKEN_ROLES } from "../auth/policy";
import type { Role } from "../db/schema";
import { MS_PER_DAY } from "../domain/time";
import { newId, newToken, sha256Hex } from "../ids";
import { AppError } from "../platform/errors";

export const MAX_TOKEN_DAYS = 730;

export const createSchema = z.object({
  name: z.string().trim().min(1, "Vui lòng nhập tên").max(100, "Tên quá dài (tối đa 100 ký tự)"),
  role: z.enum(TOKEN_ROLES, { error: "Vai trò không hợp lệ cho mã truy cập" }),
  expiresInDays: z
    .number({ error: `Số ngày hiệu lực phải là số nguyên từ 1 đến ${MAX_TOKEN_DAYS}` })
    .int(`Số ngày hiệu lực phải là số nguyên từ 1 đến ${MAX_TOKEN_DAYS}`)
    .min(1, `Số ngày hiệu lực phải là số nguyên từ 1 đến ${MAX_TOKEN_DAYS}`)
    .max(MAX_TOKEN_DAYS, `Số ngày hiệu lực phải là số nguyên từ 1 đến ${MAX_TOKEN_DAYS}`)
    .optional(),
});

export type CreateTokenInput = z.infer<typeof createSchema>;

export interface TokenActionMeta {
  actor: Principal;
  now: number;
  ip: string;
}

export interface CreatedToken {
  id: string;
  /** The secret: shown once, never stored. */
  token: string;
  name: string;
  organisationId: string;
  role: Role;
  expiresAt: number | null;
}

/** The token roles `actor` may give to a token of the organisation at `orgPath`, in display order. */
export function grantableTokenRoles(actor: Principal, orgPath: string): Role[] {
  return TOKEN_ROLES.filter((role) => mayIssueToken(actor, role, orgPath));
}

/** Creates a token (one batch with its audit event). Refuses a role the actor may not give (403, field `role`). */
export async function createApiToken(
  db: D1Database,
  org: OrgRef,
  input: CreateTokenInput,
  meta: TokenActionMeta,
): Promise<CreatedToken> {
  if (!mayIssueToken(meta.actor, input.role, org.path)) {
    throw new AppError(
      "forbidden",
      "role_not_allowed",
      "Đồng chí không được cấp vai trò này cho mã truy cập",
      [{ field: "role", message: "Đồng chí không được cấp vai trò này cho mã truy cập của tổ chức này" }],
    );
  }
  const id = newId("tok_");
  const token = newToken();
  const expiresAt = input.expiresInDays ? meta.now + input.expiresInDays * MS_PER_DAY : null;
  await db.batch([
    db
      .prepare(
        `insert into api_tokens (id, token_hash, name, created_by, organisation_id, role, created_at, expires_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        id,
        await sha256Hex(token),
        input.name,
        meta.actor.personId,
        org.id,
        input.role,
        meta.now,
        expiresAt,
      ),
    auditStatement(db, {
      at: meta.now,
      actorPersonId: meta.actor.personId,
      actorKind: meta.actor.kind,
      action: "token.created",
      entityType: "api_token",
      entityId: id,
      organisationId: org.id,
      data: { name: input.name, role: input.role, expiresAt },
      ip: meta.ip,
    }),
  ]);
  return { id, token, name: input.name, organisationId: org.id, role: input.role, expiresAt };
}

export interface TokenListItem {
  id: string;
  name: string;
  role: Role;
  organisationId: string;
  createdBy: string;
  createdByName: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
}

const LIST_COLUMNS = `t.id, t.name, t.role, t.organisation_id as organisationId, t.created_by as createdBy,
  p.full_name as createdByName, t.created_at as createdAt, t.last_used_at as lastUsedAt,
  t.expires_at as expiresAt, t.revoked_at as revokedAt`;

/** The organisation's tokens, newest first (never the hash). */
export async function listApiTokens(
  db: D1Database,
  organisationId: string,
  limit = 500,
): Promise<TokenListItem[]> {
  const { results } = await db
    .prepare(
      `select ${LIST_COLUMNS} from api_tokens t left join people p on p.id = t.created_by
       where t.organisation_id = ? order by t.created_at desc, t.id limit ?`,
    )
    .bind(organisationId, limit)
    .all<TokenListItem>();
  return results;
}

export async function getApiToken(db: D1Database, id: string): Promise<TokenListItem | null> {
  return db
    .prepare(
      `select ${LIST_COLUMNS} from api_tokens t left join people p on p.id = t.created_by where t.id = ?`,
    )
    .bind(id)
    .first<TokenListItem>();
}

/**
 * Revokes a token of `organisationId` (the caller has authorised `tokens.manage` there). The
 * audit event is written only when this call revoked it; revoking twice is not an error.
 */
export async function revokeApiToken(
  db: D1Database,
  tokenId: string,
  organisationId: string,
  meta: TokenActionMeta,
): Promise<{ alreadyRevoked: boolean }> {
  const [updated] = await db.batch<{ id: string }>([
    db
      .prepare(
        "update api_tokens set revoked_at = ? where id = ? and organisation_id = ? and revoked_at is null returning id",
      )
      .bind(meta.now, tokenId, organisationId),
    auditStatement(
      db,
      {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "token.revoked",
        entityType: "api_token",
        entityId: tokenId,
        organisationId,
        ip: meta.ip,
      },
      // Written in the same batch, after the update: only if this request revoked the token.
      {
        sql: "exists (select 1 from api_tokens where id = ? and revoked_at = ?) and not exists (select 1 from audit_events where entity_type = 'api_token' and entity_id = ? and action = 'token.revoked')",
        params: [tokenId, meta.now, tokenId],
      },
    ),
  ]);
  return { alreadyRevoked: (updated?.results.length ?? 0) === 0 };
}

export type TokenStatus = "active" | "revoked" | "expired";

export const TOKEN_STATUS_LABELS: Record<TokenStatus, string> = {
  active: "Đang hoạt động",
  revoked: "Đã thu hồi",
  expired: "Hết hạn",
};

export function tokenStatus(
  t: { revokedAt: number | null; expiresAt: number | null },
  now: number,
): TokenStatus {
  if (t.revokedAt !== null) return "revoked";
  if (t.expiresAt !== null && t.expiresAt <= now) return "expired";
  return "active";
}
