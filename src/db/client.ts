/**
 * D1 helpers. Ordinary reads and writes go through Drizzle's query builder (`orm`, row types
 * inferred from `schema/`); a change's statements still go in one `db.batch()` with its audit
 * rows, so a built query becomes a D1 statement with `statementOf`. Raw SQL is kept for what a
 * measured plan needs, in a feature's `*.queries.ts`.
 */
import { drizzle } from "drizzle-orm/d1";

/**
 * A query builder over the binding (cheap: it holds no connection), or over a read session
 * (D1 read replication), which answers `prepare` and `batch` the same way.
 */
export function orm(db: D1Database | D1DatabaseSession) {
  return drizzle(db as D1Database);
}

/** A built Drizzle query as a D1 statement, so it joins one `db.batch` with the audit rows. */
export function statementOf(
  db: D1Database,
  query: { toSQL(): { sql: string; params: unknown[] } },
): D1PreparedStatement {
  const { sql, params } = query.toSQL();
  return db.prepare(sql).bind(...params);
}

/** D1 allows at most 100 bound parameters per statement: rows per multi-row insert. */
export const D1_MAX_PARAMS = 100;

export function rowsPerInsert(columnCount: number): number {
  return Math.max(1, Math.floor(D1_MAX_PARAMS / columnCount));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Some of a table's columns under their own names, for a select: `columnsOf(people, "id", "name")`
 * instead of writing `id: people.id, name: people.name` out. Renamed fields stay written out.
 */
export function columnsOf<T extends object, K extends keyof T>(table: T, ...keys: K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = table[key];
  return picked;
}
