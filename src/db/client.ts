/**
 * D1 helpers. The Worker talks to D1 with prepared statements and `db.batch()` (no ORM at run
 * time: drizzle's runtime cost ~70 KB minified and no route used it); `schema.ts` stays the
 * source of the migrations.
 */

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
