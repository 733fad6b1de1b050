/** Loading the working calendar from D1, and seeding Vietnam's official holidays. */
import { calendarFromRows, type WorkingCalendar } from "../domain/calendar";
import { type CalendarDay, VN_HOLIDAYS } from "../domain/holidays-vn";

export async function loadCalendar(
  db: Pick<D1Database, "prepare"> | D1DatabaseSession,
): Promise<WorkingCalendar> {
  const { results } = await db
    .prepare("select day, kind, name from calendar_days")
    .all<{ day: string; kind: string; name: string }>();
  return calendarFromRows(results);
}

/**
 * One `insert or ignore` per holiday row (4 parameters each), for a `db.batch`: rows an
 * administrator already edited are kept as they are.
 */
export function calendarSeedStatements(
  db: D1Database,
  days: readonly CalendarDay[] = VN_HOLIDAYS,
): D1PreparedStatement[] {
  const stmt = db.prepare(
    "insert or ignore into calendar_days (day, kind, name, source) values (?, ?, ?, ?)",
  );
  return days.map((d) => stmt.bind(d.day, d.kind, d.name, d.source ?? null));
}
