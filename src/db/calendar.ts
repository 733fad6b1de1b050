/** Loading the working calendar from D1, and seeding Vietnam's official holidays. */
import { calendarFromRows, type WorkingCalendar } from "../domain/calendar";
import { type CalendarDay, VN_HOLIDAYS } from "../domain/holidays-vn";
import { insertCalendarDayStatement, type Preparer, selectCalendarDays } from "./calendar.queries";

export async function loadCalendar(db: Preparer): Promise<WorkingCalendar> {
  return calendarFromRows(await selectCalendarDays(db));
}

/**
 * One insert per holiday row (a day already there is left alone), for a `db.batch`: rows an
 * administrator already edited are kept as they are.
 */
export function calendarSeedStatements(
  db: D1Database,
  days: readonly CalendarDay[] = VN_HOLIDAYS,
): D1PreparedStatement[] {
  return days.map((d) =>
    insertCalendarDayStatement(db, { day: d.day, kind: d.kind, name: d.name, source: d.source ?? null }),
  );
}
