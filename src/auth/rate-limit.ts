/**
 * Fixed-window rate limits in D1 (`rate_limits`): one row per key, counting requests in
 * the current window. The upsert is a single statement, so concurrent requests cannot
 * both see a stale count.
 */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** Per email address from one client address: the lock-out a requester can cause is its own. */
export const SIGNIN_PER_ADDRESS: RateLimit = { limit: 5, windowMs: 15 * 60 * 1000 };
/** Per email address from anywhere: beyond it no more mail is sent (the answer stays the same). */
export const SIGNIN_PER_ADDRESS_ALL: RateLimit = { limit: 20, windowMs: 15 * 60 * 1000 };
export const SIGNIN_PER_IP: RateLimit = { limit: 20, windowMs: 15 * 60 * 1000 };

export function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/** Counts one request under `key`; returns whether it is within the limit, and when the window resets. */
export async function hit(
  db: D1Database,
  key: string,
  rule: RateLimit,
  now: number,
): Promise<{ allowed: boolean; count: number; resetAt: number }> {
  const start = windowStart(now, rule.windowMs);
  // In SQLite's upsert every SET expression sees the old row, so `count` restarts with a new window.
  const row = await db
    .prepare(
      `insert into rate_limits (key, window_start, count) values (?, ?, 1)
       on conflict(key) do update set
         count = case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end,
         window_start = excluded.window_start
       returning count`,
    )
    .bind(key, start)
    .first<{ count: number }>();
  const count = row?.count ?? 1;
  return { allowed: count <= rule.limit, count, resetAt: start + rule.windowMs };
}
