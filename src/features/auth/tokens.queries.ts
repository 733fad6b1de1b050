/**
 * API tokens' queries (the only place their SQL lives): the Drizzle query builder for the
 * reads and the writes, and the condition that keeps a revocation's audit row to the request
 * that revoked. Decisions are in tokens.service.ts.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { columnsOf, orm, statementOf } from "../../db/client";
import { apiTokens, people, type Role } from "../../db/schema";

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

export interface NewTokenRow {
  id: string;
  tokenHash: string;
  name: string;
  createdBy: string;
  organisationId: string;
  role: Role;
  createdAt: number;
  expiresAt: number | null;
}

function selectTokens(db: D1Database) {
  return orm(db)
    .select({
      ...columnsOf(apiTokens, "id", "name", "role", "organisationId", "createdBy"),
      createdByName: people.fullName,
      ...columnsOf(apiTokens, "createdAt", "lastUsedAt", "expiresAt", "revokedAt"),
    })
    .from(apiTokens)
    .leftJoin(people, eq(people.id, apiTokens.createdBy));
}

/** The organisation's tokens, newest first (never the hash). */
export async function listTokens(
  db: D1Database,
  organisationId: string,
  limit: number,
): Promise<TokenListItem[]> {
  return selectTokens(db)
    .where(eq(apiTokens.organisationId, organisationId))
    .orderBy(desc(apiTokens.createdAt), apiTokens.id)
    .limit(limit);
}

export async function getToken(db: D1Database, id: string): Promise<TokenListItem | null> {
  const [row] = await selectTokens(db).where(eq(apiTokens.id, id)).limit(1);
  return row ?? null;
}

export function insertTokenStatement(db: D1Database, row: NewTokenRow): D1PreparedStatement {
  return statementOf(db, orm(db).insert(apiTokens).values(row));
}

/** Revokes the token if it is the organisation's and still active; returns its id only then. */
export function revokeTokenStatement(
  db: D1Database,
  tokenId: string,
  organisationId: string,
  now: number,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(
        and(
          eq(apiTokens.id, tokenId),
          eq(apiTokens.organisationId, organisationId),
          isNull(apiTokens.revokedAt),
        ),
      )
      .returning({ id: apiTokens.id }),
  );
}

/** The audit row's condition, in the same batch after the update: only if this request revoked it. */
export function revokedNowCondition(tokenId: string, now: number) {
  return {
    sql: "exists (select 1 from api_tokens where id = ? and revoked_at = ?) and not exists (select 1 from audit_events where entity_type = 'api_token' and entity_id = ? and action = 'token.revoked')",
    params: [tokenId, now, tokenId],
  };
}
