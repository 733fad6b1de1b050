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

/** Opens a session for a demo person id (e.g. `p-canbo`), valid at `now`. */
export const demoSession = (personId: string, now: number = DEMO_NOW): Promise<Session> =>
  sessionOf(personId, now);

/** Moves the Worker's simulated clock so that requests see `now`. */
export async function pinClock(now: number): Promise<void> {
  await setClockOffset(env.DB, now - Date.now());
}
