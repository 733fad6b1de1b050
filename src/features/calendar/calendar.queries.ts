/**
 * The working calendar's queries (the only place they live): the year's exceptions, one day, and
 * the statements a change makes, through Drizzle's query builder (a deadline moves in one
 * set-based update per table). Decisions are in calendar.service.ts.
 */
import { and, between, eq, inArray, isNull, sql } from "drizzle-orm";
import { orm, statementOf } from "../../db/client";
import { calendarDays, obligations, periods, reportVersions } from "../../db/schema";
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
export async function yearHasEntries(db: D1Database | D1DatabaseSession, year: number): Promise<boolean> {
  const row = await orm(db)
    .select({ day: calendarDays.day })
    .from(calendarDays)
    .where(between(calendarDays.day, `${year}-01-01`, `${year}-12-31`))
    .limit(1)
    .get();
  return row !== undefined;
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
export async function openDeadlinesBetween(db: D1Database, from: LocalDate, to: LocalDate) {
  const nominal = sql<string>`coalesce(${obligations.extendedDueOn}, ${obligations.dueOn})`;
  return orm(db)
    .selectDistinct({ periodId: obligations.periodId, nominal, effective: obligations.effectiveDueOn })
    .from(periods)
    .innerJoin(obligations, eq(obligations.periodId, periods.id))
    .where(and(inArray(periods.status, ["opening", "open"]), between(nominal, from, to)));
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
  const q = orm(db);
  const ob = obligations;
  const moved = q
    .select({ id: ob.id })
    .from(ob)
    .where(
      and(
        eq(ob.periodId, r.periodId),
        isNull(ob.extendedDueOn),
        eq(ob.dueOn, r.nominal),
        eq(ob.effectiveDueOn, r.effective),
      ),
    );
  return [
    statementOf(
      db,
      q
        .update(reportVersions)
        .set({ onTime: sql`(${reportVersions.submittedAt} < ${next.endsAt})` })
        .where(inArray(reportVersions.obligationId, moved)),
    ),
    statementOf(
      db,
      q
        .update(ob)
        .set({
          effectiveDueOn: next.effectiveOn,
          nextActionAt: sql`case when ${ob.status} in ('pending', 'draft', 'returned') then ${now} else ${ob.nextActionAt} end`,
          onTime: sql`case when ${ob.firstSubmittedAt} is null then ${ob.onTime} else (${ob.firstSubmittedAt} < ${next.endsAt}) end`,
          updatedAt: now,
        })
        .where(
          and(
            eq(ob.periodId, r.periodId),
            sql`coalesce(${ob.extendedDueOn}, ${ob.dueOn}) = ${r.nominal}`,
            eq(ob.effectiveDueOn, r.effective),
          ),
        ),
    ),
  ];
}
