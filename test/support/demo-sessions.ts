/** Sessions for the demo people (loaded by `seedDemo`), for tests that act as them. */
import { env } from "cloudflare:test";
import { setClockOffset } from "../../src/clock";
import { seedDemo } from "../../src/demo/seed";
import { type Session, sessionOf } from "./auth-fixtures";

/** 10:00 on 24/11/2026 in Hà Nội, the demo's "today". */
export const DEMO_NOW = Date.UTC(2026, 10, 24, 3);

let seeded = false;

/** Loads the demo once per test file and moves the Worker's clock to DEMO_NOW. */
export async function seedDemoOnce(): Promise<void> {
  if (seeded) return;
  seeded = true;
  await seedDemo(env.DB, DEMO_NOW);
  await pinClock(DEMO_NOW);
}

/**
 * Loads the demo as of `now`, moves the Worker's clock there and opens a session (valid at `now`)
 * for each named demo person, the set-up of most tests on the demo data:
 * `({ admin, staff } = await demoWithSessions(NOW, { admin: "p-admin", staff: "p-canbo" }))`.
 */
export async function demoWithSessions<K extends string>(
  now: number,
  people: Record<K, string>,
): Promise<Record<K, Session>> {
  if (now === DEMO_NOW) await seedDemoOnce();
  else {
    await seedDemo(env.DB, now);
    await pinClock(now);
  }
  const sessions = {} as Record<K, Session>;
  for (const [key, id] of Object.entries(people) as [K, string][]) sessions[key] = await demoSession(id, now);
  return sessions;
}

/** Opens a session for a demo person id (e.g. `p-canbo`), valid at `now`. */
export const demoSession = (personId: string, now: number = DEMO_NOW): Promise<Session> =>
  sessionOf(personId, now);

/** Moves the Worker's simulated clock so that requests see `now`. */
export async function pinClock(now: number): Promise<void> {
  await setClockOffset(env.DB, now - Date.now());
}
