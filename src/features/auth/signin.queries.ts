/**
 * Sign-in queries (the only place their SQL lives): the fixed-window rate-limit counter (one
 * upsert, so concurrent requests cannot both see a stale count), the person an address names,
 * and the sign-in tokens (stored as hashes; consumed once by a compare-and-swap). Decisions are
 * in signin.service.ts.
 */
import { and, eq, isNull } from "drizzle-orm";
import { orm, statementOf } from "../../db/client";
import { people, signinTokens } from "../../db/schema";

/** Counts one request under `key` in the window starting at `windowStart`; returns the count. */
export async function countRequest(db: D1Database, key: string, windowStart: number): Promise<number> {
  // In SQLite's upsert every SET expression sees the old row, so `count` restarts with a new window.
  const row = await db
    .prepare(
      `insert into rate_limits (key, window_start, count) values (?, ?, 1)
       on conflict(key) do update set
         count = case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end,
         window_start = excluded.window_start
       returning count`,
    )
    .bind(key, windowStart)
    .first<{ count: number }>();
  return row?.count ?? 1;
}

export interface SigninPerson {
  id: string;
  email: string;
  fullName: string;
  title: string | null;
}

/** The person (not disabled) whose address this is, or null. */
export async function activePersonByEmail(db: D1Database, email: string): Promise<SigninPerson | null> {
  const [row] = await orm(db)
    .select({ id: people.id, email: people.email, fullName: people.fullName, title: people.title })
    .from(people)
    .where(and(eq(people.email, email), isNull(people.disabledAt)))
    .limit(1);
  return row ?? null;
}

export interface NewSigninToken {
  id: string;
  tokenHash: string;
  email: string;
  personId: string | null;
  redirectTo: string | null;
  expiresAt: number;
  createdAt: number;
}

export function insertSigninTokenStatement(db: D1Database, row: NewSigninToken): D1PreparedStatement {
  return statementOf(db, orm(db).insert(signinTokens).values(row));
}

export interface SigninTokenRow {
  id: string;
  email: string;
  person_id: string | null;
  redirect_to: string | null;
  expires_at: number;
  used_at: number | null;
  disabled_at: number | null;
}

export function signinTokenByHash(db: D1Database, tokenHash: string): Promise<SigninTokenRow | null> {
  return db
    .prepare(
      `select t.id, t.email, t.person_id, t.redirect_to, t.expires_at, t.used_at, p.disabled_at
       from signin_tokens t left join people p on p.id = t.person_id where t.token_hash = ?`,
    )
    .bind(tokenHash)
    .first<SigninTokenRow>();
}

/** Compare-and-swap: of two concurrent uses, only one consumes the token (true for that one). */
export async function consumeSigninToken(db: D1Database, id: string, now: number): Promise<boolean> {
  const consumed = await db
    .prepare(
      "update signin_tokens set used_at = ? where id = ? and used_at is null and expires_at > ? returning id",
    )
    .bind(now, id, now)
    .first<{ id: string }>();
  return consumed !== null;
}
