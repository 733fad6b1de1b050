/**
 * The demo loaders' queries: the generic seed insert (raw, see below) and the demo reporting's
 * reads and writes on Drizzle's query builder.
 */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { columnsOf, orm, statementOf } from "../db/client";
import { withOrganisation } from "../db/joins";
import { obligations, organisations, people, periods } from "../db/schema";
import { CHASED_STATUSES } from "../domain/ladder";
import type { Value } from "./seed-helpers";

/**
 * One `insert ... on conflict do nothing` per row; rows are objects keyed by column. Raw: the
 * demo data is written as rows of any table keyed by SQL column name, which the query builder
 * (typed per table, keyed by field) does not take.
 */
export function insertStatements(
  db: D1Database,
  table: string,
  rows: Record<string, Value>[],
): D1PreparedStatement[] {
  return rows.map((row) => {
    const columns = Object.keys(row);
    return db
      .prepare(
        `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")}) on conflict do nothing`,
      )
      .bind(...columns.map((c) => row[c] ?? null));
  });
}

export async function countPeriodsOf(db: D1Database, scheduleId: string): Promise<number> {
  const row = await orm(db)
    .select({ n: count() })
    .from(periods)
    .where(eq(periods.scheduleId, scheduleId))
    .get();
  return row?.n ?? 0;
}

export async function selectPersonIds(db: D1Database): Promise<string[]> {
  return (await orm(db).select({ id: people.id }).from(people)).map((p) => p.id);
}

/** A period's obligations with their organisation's population, in tree order. */
export async function selectDemoObligations(db: D1Database, periodId: string) {
  const query = orm(db)
    .select({
      ...columnsOf(obligations, "id", "organisationId", "effectiveDueOn"),
      population: organisations.population,
    })
    .from(obligations)
    .$dynamic();
  return withOrganisation(query).where(eq(obligations.periodId, periodId)).orderBy(asc(organisations.path));
}

/** Closes a past period; the chase of a closed period is over. */
export async function closeDemoPeriod(db: D1Database, periodId: string): Promise<void> {
  await db.batch([
    statementOf(db, orm(db).update(periods).set({ status: "closed" }).where(eq(periods.id, periodId))),
    statementOf(
      db,
      orm(db).update(obligations).set({ nextActionAt: null }).where(eq(obligations.periodId, periodId)),
    ),
  ]);
}

/** The period's chased obligations are examined at the next engine tick (`at`). */
export async function chaseDemoPeriodAt(db: D1Database, periodId: string, at: number): Promise<void> {
  await orm(db)
    .update(obligations)
    .set({ nextActionAt: at })
    .where(and(eq(obligations.periodId, periodId), inArray(obligations.status, [...CHASED_STATUSES])));
}
