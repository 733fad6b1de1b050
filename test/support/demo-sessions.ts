/** Sessions for the demo people (loaded by `seedDemo`), for tests that act as them. */
import { env } from "cloudflare:test";
import { newSessionStatement } from "../../src/auth/session";
import { setClockOffset } from "../../src/clock";
import type { Session } from "./auth-fixtures";

/** Opens a session for a demo person id (e.g. `p-canbo`), valid at `now`. */
export async function demoSession(personId: string, now: number): Promise<Session> {
  const s = await newSessionStatement(env.DB, personId, "test", now);
  await s.statement.run();
  const row = await env.DB.prepare("select csrf_token from sessions where id = ?")
    .bind(s.id)
    .first<{ csrf_token: string }>();
  return { cookie: `sid=${s.token}`, csrf: row!.csrf_token, sessionId: s.id };
}

/** Moves the Worker's simulated clock so that requests see `now`. */
export async function pinClock(now: number): Promise<void> {
  await setClockOffset(env.DB, now - Date.now());
}
