/**
 * API tokens for machine clients (`Authorization: Bearer <token>`): create, list, revoke. Only
 * the SHA-256 hash is stored; the token itself is returned once, by `createApiToken`. The JSON
 * API (tokens.api.ts) and the organisation's "Khóa API" page (tokens.pages.tsx) both call these.
 */
import { auditStatement } from "../../audit";
import type { OrgRef } from "../../auth/guard";
import { mayIssueToken, type Principal, TOKEN_ROLES } from "../../auth/policy";
import type { Role } from "../../db/schema";
import { MS_PER_DAY } from "../../domain/time";
import { newId, newToken, sha256Hex } from "../../ids";
import { AppError } from "../../platform/errors";
import type { ActionMeta } from "./auth.service";
import {
  getToken,
  insertTokenStatement,
  listTokens,
  revokedNowCondition,
  revokeTokenStatement,
  type TokenListItem,
} from "./tokens.queries";
import type { CreateTokenInput } from "./tokens.schemas";

export type { TokenListItem } from "./tokens.queries";

/** Who creates or revokes a token, when, from where. */
export type TokenActionMeta = ActionMeta;

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
    insertTokenStatement(db, {
      id,
      tokenHash: await sha256Hex(token),
      name: input.name,
      createdBy: meta.actor.personId,
      organisationId: org.id,
      role: input.role,
      createdAt: meta.now,
      expiresAt,
    }),
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

/** The organisation's tokens, newest first (never the hash). */
export function listApiTokens(db: D1Database, organisationId: string, limit = 500): Promise<TokenListItem[]> {
  return listTokens(db, organisationId, limit);
}

export function getApiToken(db: D1Database, id: string): Promise<TokenListItem | null> {
  return getToken(db, id);
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
    revokeTokenStatement(db, tokenId, organisationId, meta.now),
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
      revokedNowCondition(tokenId, meta.now),
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

/** The name of a token of `organisationId` that is revoked (for the notice after revoking), or null. */
export async function revokedTokenName(
  db: D1Database,
  organisationId: string,
  tokenId: string | undefined,
): Promise<string | null> {
  if (!tokenId || tokenId.length > 64) return null;
  const t = await getToken(db, tokenId);
  return t && t.organisationId === organisationId && t.revokedAt !== null ? t.name : null;
}
