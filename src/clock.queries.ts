/** The settings row that holds the simulated clock's offset. */
import { eq } from "drizzle-orm";
import { orm } from "./db/client";
import { appSettings } from "./db/schema";

export async function selectSetting(db: D1Database, key: string): Promise<string | null> {
  const row = await orm(db)
    .select({ value: appSettings.value })
    .from(appSettings)
    .where(eq(appSettings.key, key))
    .get();
  return row?.value ?? null;
}

export async function upsertSetting(db: D1Database, key: string, value: string, now: number): Promise<void> {
  await orm(db)
    .insert(appSettings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: now } });
}
