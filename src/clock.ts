import type { Config } from "./platform/config";

export const CLOCK_OFFSET_KEY = "clock_offset_ms";

/**
 * The current instant. Outside production a simulated clock offset (set from the
 * development tools page or tests) moves "now" so a demo can walk a reporting period.
 */
export async function currentTime(db: D1Database, config: Config, realNow = Date.now()): Promise<number> {
  if (config.appEnv === "production") return realNow;
  const row = await db
    .prepare("select value from app_settings where key = ?")
    .bind(CLOCK_OFFSET_KEY)
    .first<{ value: string }>();
  const offset = row ? Number(row.value) : 0;
  return realNow + (Number.isFinite(offset) ? offset : 0);
}

export async function setClockOffset(db: D1Database, offsetMs: number, realNow = Date.now()): Promise<void> {
  await db
    .prepare(
      "insert into app_settings (key, value, updated_at) values (?, ?, ?) on conflict(key) do update set value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(CLOCK_OFFSET_KEY, String(offsetMs), realNow)
    .run();
}
