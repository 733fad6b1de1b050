/** Sessions for the demo people (seedDemo), for tests that use the demo tree instead of the auth fixtures. */
import { env } from "cloudflare:test";
import { newSessionStatement } from "../../src/auth/session";
import { setClockOffset } from "../../src/clock";
import { seedDemo } from "../../src/demo/seed";
import type { Session } from "./auth-fixtures";

/** 10:00 on 24/11/2026 in Hà Nội, the demo's "today". */
export const DEMO_NOW = Date.UTC(2026, 10, 24, 3);

let seeded = false;

/** Loads the demo once per test file and moves the Worker's clock to DEMO_NOW. */
export async function seedDemoOnce(): Promise<void> {
  if (seeded) return;
  seeded = true;
  await seedDemo(env.DB, DEMO_NOW);
  await setClockOffset(env.DB, DEMO_NOW - Date.now());
}

export async function demoSession(personId: string): Promise<Session> {
  const s = await newSessionStatement(env.DB, personId, "test", DEMO_NOW);
  await s.statement.run();
  const row = await env.DB.prepare("select csrf_token from sessions where id = ?")
    .bind(s.id)
    .first<{ csrf_token: string }>();
  return { cookie: `sid=${s.token}`, csrf: row!.csrf_token, sessionId: s.id };
}
