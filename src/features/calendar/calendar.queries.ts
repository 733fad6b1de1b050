/**
 * The working calendar's queries (the only place they live): the year's exceptions, one day, and
 * the statements a change makes. Ordinary ones are Drizzle's query builder; the deadline moves
 * stay SQL (one set-based update per deadline). Decisions are in calendar.service.ts.
 */
import { between, eq } from "drizzle-orm";
import { orm, statementOf } from "../../db/client";
import { calendarDays } from "../../db/schema";
import type { LocalDate } from "../../domain/time";

export type CalendarEntry = typeof calendarDays.$inferSelect;

export async function listCalendarYear(db: D1Database, year: number): Promise<CalendarEntry[]> {
  return orm(db)
    .select()
    .from(calendarDays)
    .where(between(calendarDays.day, `${year}-01-01`, `${year}-12-31`))
    .orderBy(calendarDays.day);
}

/** Whether `year` has at least one calendar entry. */
export async function yearHasEntries(
  db: Pick<D1Database, "prepare"> | D1DatabaseSession,
  year: number,
): Promise<boolean> {
  const row = await db
    .prepare("select exists (select 1 from calendar_days where day >= ? and day <= ?) as found")
    .bind(`${year}-01-01`, `${year}-12-31`)
    .first<{ found: number }>();
  return row?.found === 1;
}

export async function entryOn(db: D1Database, day: LocalDate): Promise<CalendarEntry | null> {
  const [entry] = await orm(db).select().from(calendarDays).where(eq(calendarDays.day, day));
  return entry ?? null;
}

/** Adds or changes one day (the audit goes in the same batch). */
export function upsertDayStatement(
  db: D1Database,
  entry: { day: LocalDate; kind: "off" | "work"; name: string; source: string | null },
  personId: string,
  now: number,
): D1PreparedStatement {
  const row = { ...entry, updatedAt: now, updatedBy: personId };
  return statementOf(
    db,
    orm(db).insert(calendarDays).values(row).onConflictDoUpdate({ target: calendarDays.day, set: row }),
  );
}

export function deleteDayStatement(db: D1Database, day: LocalDate): D1PreparedStatement {
  return statementOf(db, orm(db).delete(calendarDays).where(eq(calendarDays.day, day)));
}

/** Distinct nominal deadlines of open periods between `from` and `to`, with their stored effective day. */
export async function openDeadlinesBetween(
  db: D1Database,
  from: LocalDate,
  to: LocalDate,
): Promise<{ periodId: string; nominal: string; effective: string }[]> {
  const { results } = await db
    .prepare(
      `select distinct o.period_id as periodId, coalesce(o.extended_due_on, o.due_on) as nominal,
         o.effective_due_on as effective
       from periods p join obligations o on o.period_id = p.id
       where p.status in ('opening', 'open') and coalesce(o.extended_due_on, o.due_on) between ? and ?`,
    )
    .bind(from, to)
    .all<{ periodId: string; nominal: string; effective: string }>();
  return results;
}

/**
 * The two statements that move one nominal deadline of a period from `effective` to `next`:
 * report versions' on-time flags, then the obligations (effective day, chase re-planned at `now`).
 */
export function moveDeadlineStatements(
  db: D1Database,
  r: { periodId: string; nominal: string; effective: string },
  next: { effectiveOn: LocalDate; endsAt: number },
  now: number,
): [D1PreparedStatement, D1PreparedStatement] {
  return [
    db
      .prepare(
        `update report_versions set on_time = (submitted_at < ?4)
           where obligation_id in (select id from obligations where period_id = ?1 and extended_due_on is null
             and due_on = ?2 and effective_due_on = ?3)`,
      )
      .bind(r.periodId, r.nominal, r.effective, next.endsAt),
    db
      .prepare(
        `update obligations set effective_due_on = ?4,
             next_action_at = case when status in ('pending', 'draft', 'returned') then ?5 else next_action_at end,
             on_time = case when first_submitted_at is null then on_time else (first_submitted_at < ?6) end,
             updated_at = ?5
           where period_id = ?1 and coalesce(extended_due_on, due_on) = ?2 and effective_due_on = ?3`,
      )
      .bind(r.periodId, r.nominal, r.effective, next.effectiveOn, now, next.endsAt),
  ];
}
