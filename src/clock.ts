import { selectSetting, upsertSetting } from "./clock.queries";
import type { Config } from "./platform/config";

export const CLOCK_OFFSET_KEY = "clock_offset_ms";

/**
 * The current instant. Outside production a simulated clock offset (set from the
 * development tools page or tests) moves "now" so a demo can walk a reporting period.
 */
export async function currentTime(db: D1Database, config: Config, realNow = Date.now()): Promise<number> {
  if (config.appEnv === "production") return realNow;
  const value = await selectSetting(db, CLOCK_OFFSET_KEY);
  const offset = value === null ? 0 : Number(value);
  return realNow + (Number.isFinite(offset) ? offset : 0);
}

export async function setClockOffset(db: D1Database, offsetMs: number, realNow = Date.now()): Promise<void> {
  await upsertSetting(db, CLOCK_OFFSET_KEY, String(offsetMs), realNow);
}
