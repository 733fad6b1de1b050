/** Reads and writes of one row by its id, written once for the features' queries. */
import { eq } from "drizzle-orm";
import type { SelectedFields, SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { orm } from "./client";

/** A table whose rows are named by an `id` column. */
type TableWithId = SQLiteTable & { id: SQLiteColumn };

/** `fields` of the row of `table` whose id is `id`, or null when there is none. */
export async function rowById<F extends SelectedFields>(
  db: D1Database | D1DatabaseSession,
  table: TableWithId,
  fields: F,
  id: string,
) {
  const [row] = await orm(db).select(fields).from(table).where(eq(table.id, id));
  return row ?? null;
}
