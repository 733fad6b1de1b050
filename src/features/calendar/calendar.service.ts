/**
 * The working calendar's decisions: add, change or remove a day (with the document that decided
 * it) and warn when next year has no entries. Every change
 * re-decides the deadlines that depend on it with the domain's one rule (`deadlineOf`), so a
 * holiday added later moves the effective due dates (and the chase) of the reports it touches.
 */
import { auditStatement } from "../../audit";
import type { Principal } from "../../auth/policy";
import { loadCalendar } from "../../db/calendar";
import { chunk } from "../../db/client";
import { deadlineOf } from "../../domain/deadline";
import { addDays, isoWeekday, type LocalDate, localDate } from "../../domain/time";
import { AppError, invalidField } from "../../platform/errors";
import {
  type CalendarEntry,
  deleteDayStatement,
  entryOn,
  moveDeadlineStatements,
  openDeadlinesBetween,
  upsertDayStatement,
  yearHasEntries,
} from "./calendar.queries";
import type { CalendarEntryInput } from "./calendar.schemas";

export type { CalendarEntry } from "./calendar.queries";

/** The next year (after today's, Hà Nội time) when it has no calendar entry at all, else null. */
export async function missingNextYear(
  db: D1Database | D1DatabaseSession,
  now: number,
): Promise<number | null> {
  const next = Number(localDate(now).slice(0, 4)) + 1;
  return (await yearHasEntries(db, next)) ? null : next;
}

/** The warning shown on the calendar page, the dashboard and the weekly digest, or null. */
export function missingYearWarning(year: number | null): string | null {
  return year === null
    ? null
    : `Lịch ngày nghỉ năm ${year} chưa có dữ liệu: hạn nộp rơi vào Tết và các ngày lễ năm ${year} sẽ bị tính như ngày làm việc. Đề nghị quản trị viên cập nhật lịch (Quản trị › Lịch ngày nghỉ).`;
}

/** Who is told about a missing year: administrators and Commission staff and leaders. */
export function keepsWatchOnCalendar(principal: Principal | null): boolean {
  return (
    principal?.grants.some((g) => ["admin", "commission_staff", "commission_leader"].includes(g.role)) ??
    false
  );
}

/** A weekday marked `work`, or a weekend day marked `off`, changes nothing: refuse it with why. */
function checkMeaningful(input: CalendarEntryInput): void {
  const weekend = isoWeekday(input.day) >= 6;
  if (input.kind === "work" && !weekend) {
    throw invalidField(
      "kind",
      "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật (thứ Hai đến thứ Sáu vốn là ngày làm việc)",
    );
  }
  if (input.kind === "off" && weekend) {
    throw invalidField(
      "kind",
      "Thứ Bảy, Chủ nhật vốn là ngày nghỉ; ngày lễ trùng cuối tuần được nghỉ bù: đồng chí hãy ghi ngày nghỉ bù (ngày thường) thay vì ngày này",
    );
  }
}

export interface CalendarChange {
  entry: CalendarEntry | null;
  /** Obligations whose effective due date changed. */
  deadlinesMoved: number;
}

interface Actor {
  personId: string;
  kind: "person" | "token";
}

export async function saveCalendarDay(
  db: D1Database,
  input: CalendarEntryInput,
  actor: Actor,
  now: number,
  ip: string | null = null,
): Promise<CalendarChange> {
  checkMeaningful(input);
  const previous = await entryOn(db, input.day);
  await db.batch([
    upsertDayStatement(db, input, actor.personId, now),
    auditStatement(db, {
      at: now,
      actorPersonId: actor.personId,
      actorKind: actor.kind,
      action: previous ? "calendar_day.updated" : "calendar_day.created",
      entityType: "calendar_day",
      entityId: input.day,
      data: { before: previous, after: { kind: input.kind, name: input.name, source: input.source } },
      ip,
    }),
  ]);
  const deadlinesMoved = await recomputeDeadlinesAround(db, input.day, now);
  return { entry: await entryOn(db, input.day), deadlinesMoved };
}

export async function deleteCalendarDay(
  db: D1Database,
  day: LocalDate,
  actor: Actor,
  now: number,
  ip: string | null = null,
): Promise<CalendarChange> {
  const previous = await entryOn(db, day);
  if (!previous) throw new AppError("not_found", "not_found", "Không có ngày này trong lịch");
  const [deleted] = await db.batch([
    deleteDayStatement(db, day),
    auditStatement(
      db,
      {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: "calendar_day.deleted",
        entityType: "calendar_day",
        entityId: day,
        data: { before: previous },
        ip,
      },
      { sql: "changes() = 1", params: [] },
    ),
  ]);
  if ((deleted?.meta.changes ?? 0) === 0)
    throw new AppError("not_found", "not_found", "Không có ngày này trong lịch");
  return { entry: null, deadlinesMoved: await recomputeDeadlinesAround(db, day, now) };
}

/** The longest run of days off a calendar edit can bridge (Tết with weekends and swaps, with room). */
const REACH_DAYS = 45;

/**
 * Re-decides, with `deadlineOf`, the effective due date of the obligations of open periods whose
 * nominal date (schedule or extension) could be affected by a change on `day` (nominal dates up
 * to REACH_DAYS before it). Chased obligations that moved are re-planned by the engine at its
 * next tick (`next_action_at` = now); submitted ones get their on-time flags re-decided from
 * the submission instants. Closed periods keep their history. Returns the rows changed.
 */
export async function recomputeDeadlinesAround(db: D1Database, day: LocalDate, now: number): Promise<number> {
  const calendar = await loadCalendar(db);
  const results = await openDeadlinesBetween(db, addDays(day, -REACH_DAYS), day);
  const statements: D1PreparedStatement[] = [];
  for (const r of results) {
    const deadline = deadlineOf(r.nominal, calendar);
    if (deadline.effectiveOn === r.effective) continue;
    statements.push(...moveDeadlineStatements(db, r, deadline, now));
  }
  let moved = 0;
  for (const part of chunk(statements, 50)) {
    const res = await db.batch(part);
    // Every second statement is the obligations update.
    for (let i = 1; i < res.length; i += 2) moved += res[i]?.meta.changes ?? 0;
  }
  return moved;
}
