/** Reads and writes of one row by its id (a guarded update too), written once for the features' queries. */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import type {
  SelectedFields,
  SQLiteColumn,
  SQLiteTable,
  SQLiteUpdateSetSource,
} from "drizzle-orm/sqlite-core";
import { orm } from "./client";

/** A table whose rows are named by an `id` column. */
type TableWithId = SQLiteTable & { id: SQLiteColumn };

/** `fields` of the row of `table` whose id is `id`, or null when there is none. */
export async function rowById<F extends SelectedFields>(
  db: D1Database | D1DatabaseSession,
  table: TableWithId,
  fields: F,
  id: string,
): Promise<SelectResultFields<F> | null> {
  const [row] = await orm(db).select(fields).from(table).where(eq(table.id, id));
  return row ?? null;
}

/** A table whose rows carry a `revision` to compare and swap on, and an `updatedAt`. */
type RevisedTable = TableWithId & { revision: SQLiteColumn; updatedAt: SQLiteColumn };

/**
 * Compare-and-swap on `revision`: `changes` set on row `id` only while it is at `revision` (and
 * `also` holds); the revision goes up by one and `updatedAt` becomes `now`. Stale: no row changed.
 */
export function updateAtRevision<T extends RevisedTable>(
  db: D1Database,
  table: T,
  id: string,
  revision: number,
  changes: SQLiteUpdateSetSource<T>,
  now: number,
  also?: SQL,
) {
  return orm(db)
    .update(table)
    .set({ ...changes, revision: sql`${table.revision} + 1`, updatedAt: now })
    .where(and(eq(table.id, id), eq(table.revision, revision), also));
}

/** `changes` set on row `id` of `table`, stamped with the time `now` (`updatedAt`). */
export function updateById<T extends TableWithId & { updatedAt: SQLiteColumn }>(
  db: D1Database,
  table: T,
  id: string,
  changes: SQLiteUpdateSetSource<T>,
  now: number,
) {
  return orm(db)
    .update(table)
    .set({ ...changes, updatedAt: now })
    .where(eq(table.id, id));
}
