/**
 * Sessions' and API tokens' queries (the only place their SQL lives), with the Drizzle query
 * builder. Lifetimes and touch intervals are decided in session.ts.
 */
import { and, eq, gt, isNull, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { columnsOf, orm, statementOf } from "../db/client";
import { apiTokens, memberships, organisations, people, sessions } from "../db/schema";
import type { Grant } from "./policy";

/**
 * A person's grants. A commission serves its parent committee's subtree (Ban TG&DV Trung ương ->
 * the whole tree, Ban TG&DV Thành ủy Hà Nội -> Hà Nội), so its staff's grant covers that subtree.
 */
export async function selectGrants(db: D1Database, personId: string): Promise<Grant[]> {
  const parent = alias(organisations, "parent");
  return orm(db)
    .select({
      ...columnsOf(memberships, "role", "organisationId"),
      path: sql<string>`case when ${memberships.role} in ('commission_staff', 'commission_leader') and ${organisations.kind} = 'commission'
        then coalesce(${parent.path}, ${organisations.path}) else ${organisations.path} end`,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(parent, eq(parent.id, organisations.parentId))
    .where(eq(memberships.personId, personId));
}

/** A live session by its token's hash (not revoked, not expired, seen after `idleSince`, person enabled). */
export async function selectLiveSession(db: D1Database, tokenHash: string, now: number, idleSince: number) {
  return orm(db)
    .select({
      ...columnsOf(sessions, "id", "personId", "csrfToken", "lastSeenAt"),
      ...columnsOf(people, "email", "fullName"),
    })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, idleSince),
        isNull(people.disabledAt),
      ),
    )
    .get();
}

export async function touchSession(db: D1Database, sessionId: string, now: number): Promise<void> {
  await orm(db).update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId));
}

/** A live API token by its hash, with its organisation's path and its creator (who must be enabled). */
export async function selectLiveApiToken(db: D1Database, tokenHash: string, now: number) {
  return orm(db)
    .select({
      ...columnsOf(apiTokens, "id", "createdBy", "organisationId", "role", "lastUsedAt"),
      path: organisations.path,
      ...columnsOf(people, "email", "fullName"),
    })
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .innerJoin(people, eq(people.id, apiTokens.createdBy))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        isNull(people.disabledAt),
      ),
    )
    .get();
}

export async function touchApiToken(db: D1Database, tokenId: string, now: number): Promise<void> {
  await orm(db).update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
}

export function insertSessionStatement(
  db: D1Database,
  row: typeof sessions.$inferInsert,
): D1PreparedStatement {
  return statementOf(db, orm(db).insert(sessions).values(row));
}

/** Revokes the sessions that `which` picks and are not revoked yet. */
function revokeStatement(db: D1Database, which: SQL, now: number): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(which, isNull(sessions.revokedAt))),
  );
}

export function revokeSessionStatement(db: D1Database, sessionId: string, now: number): D1PreparedStatement {
  return revokeStatement(db, eq(sessions.id, sessionId), now);
}

export function revokeAllSessionsStatement(
  db: D1Database,
  personId: string,
  now: number,
): D1PreparedStatement {
  return revokeStatement(db, eq(sessions.personId, personId), now);
}
