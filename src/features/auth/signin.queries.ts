/**
 * Sign-in queries (the only place they live), through Drizzle's query builder: the fixed-window rate-limit counter (one
 * upsert, so concurrent requests cannot both see a stale count), the person an address names,
 * and the sign-in tokens (stored as hashes; consumed once by a compare-and-swap). Decisions are
 * in signin.service.ts.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { columnsOf, orm, statementOf } from "../../db/client";
import { people, rateLimits, signinTokens } from "../../db/schema";

/** Counts one request under `key` in the window starting at `windowStart`; returns the count. */
export async function countRequest(db: D1Database, key: string, windowStart: number): Promise<number> {
  // In SQLite's upsert every SET expression sees the old row, so `count` restarts with a new window.
  const r = rateLimits;
  const [row] = await orm(db)
    .insert(r)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: r.key,
      set: {
        count: sql`case when ${r.windowStart} = excluded.window_start then ${r.count} + 1 else 1 end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({ count: r.count });
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

export async function signinTokenByHash(db: D1Database, tokenHash: string) {
  const t = signinTokens;
  const row = await orm(db)
    .select({
      ...columnsOf(t, "id", "email", "personId", "redirectTo", "expiresAt", "usedAt"),
      disabledAt: people.disabledAt,
    })
    .from(t)
    .leftJoin(people, eq(people.id, t.personId))
    .where(eq(t.tokenHash, tokenHash))
    .get();
  return row ?? null;
}

export type SigninTokenRow = NonNullable<Awaited<ReturnType<typeof signinTokenByHash>>>;

/** Compare-and-swap: of two concurrent uses, only one consumes the token (true for that one). */
export async function consumeSigninToken(db: D1Database, id: string, now: number): Promise<boolean> {
  const t = signinTokens;
  const consumed = await orm(db)
    .update(t)
    .set({ usedAt: now })
    .where(and(eq(t.id, id), isNull(t.usedAt), gt(t.expiresAt, now)))
    .returning({ id: t.id });
  return consumed.length > 0;
}
