/** Reads of the organisation tree as a whole that several features make. */
import { asc, isNull } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { orm } from "./client";
import { organisations } from "./schema";

/** The id of the first root of the tree in `order` (display order, or by id), or null when there is none. */
export async function firstRootIdBy(
  db: D1Database | D1DatabaseSession,
  order: SQLiteColumn,
): Promise<string | null> {
  const root = await orm(db)
    .select({ id: organisations.id })
    .from(organisations)
    .where(isNull(organisations.parentId))
    .orderBy(asc(order))
    .limit(1)
    .get();
  return root?.id ?? null;
}
