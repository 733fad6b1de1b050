/** The working calendar's rows: reading them all, and seeding official holidays (Drizzle). */
import { columnsOf, orm, statementOf } from "./client";
import { calendarDays } from "./schema";

/** Any handle that prepares statements (the binding, a read session, a capturing wrapper). */
export type Preparer = Pick<D1Database, "prepare"> | D1DatabaseSession;

/** What the working calendar is built from (`calendarFromRows`). */
export const CALENDAR_DAY_FIELDS = columnsOf(calendarDays, "day", "kind", "name");

export async function selectCalendarDays(db: Preparer) {
  // Drizzle only prepares statements on the handle it is given (no batch here).
  return orm(db as D1Database)
    .select(CALENDAR_DAY_FIELDS)
    .from(calendarDays);
}

/** A day unless the calendar already has it (rows an administrator edited are kept as they are). */
export function insertCalendarDayStatement(
  db: D1Database,
  row: typeof calendarDays.$inferInsert,
): D1PreparedStatement {
  return statementOf(db, orm(db).insert(calendarDays).values(row).onConflictDoNothing());
}
