/**
 * The one deadline rule of the application, as pure functions.
 *
 * Civil Code 2015, art. 148(5): when the last day of a period falls on a weekly rest day or a
 * public holiday, the period ends at the end of the next working day. A report "due" on
 * Sunday 20/12/2026 is therefore on time until 24:00 on Monday 21/12/2026.
 *
 * - the nominal date is the one written in the schedule (or in the extension granted);
 * - the effective date is the nominal one moved to the next working day of the calendar;
 * - a submission is on time when it is made before the end of the effective date (Vietnam
 *   time);
 * - lateness and time left are counted in WORKING days, and every text says so.
 *
 * Every consumer (the ladder, submission, receipts, dashboards and rollups, late lists,
 * digests, nudges, exports, the consolidated report) calls these functions; nothing else
 * decides whether a report is late or by how much.
 */
import type { WorkingCalendar } from "./calendar";
import { capitalise } from "./text";
import { addDays, formatDateVi, isoWeekday, type LocalDate, localDate, startOfLocalDay } from "./time";

export interface Deadline {
  /** The date as set by the schedule or the last extension. */
  nominalOn: LocalDate;
  /** The last day counted: the nominal date, or the next working day when it is a day off. */
  effectiveOn: LocalDate;
  /** The first instant after the effective date (local midnight, ms UTC): on time means before it. */
  endsAt: number;
}

/** The deadline of a nominal due date under the calendar (art. 148(5) of the Civil Code). */
export function deadlineOf(nominalOn: LocalDate, calendar: WorkingCalendar): Deadline {
  const effectiveOn = calendar.nextWorkingDay(nominalOn);
  return { nominalOn, effectiveOn, endsAt: startOfLocalDay(addDays(effectiveOn, 1)) };
}

/**
 * The latest nominal due date whose deadline has passed by `today`: `deadlineOf(d).effectiveOn`
 * is before `today` exactly when `d <= lastPassedDueOn(today)`, the last working day before
 * today. Lets a query select periods past their deadline by the one rule (a deadline on Sunday
 * 20/12 has not passed on Monday 21/12).
 */
export function lastPassedDueOn(today: LocalDate, calendar: WorkingCalendar): LocalDate {
  return calendar.previousWorkingDay(addDays(today, -1));
}

/** A deadline whose effective date is already known (stored on the obligation). */
export function deadlineFromStored(nominalOn: LocalDate, effectiveOn: LocalDate): Deadline {
  return { nominalOn, effectiveOn, endsAt: startOfLocalDay(addDays(effectiveOn, 1)) };
}

/** True when `at` (ms UTC) is before the end of the effective date. */
export function isOnTime(deadline: Pick<Deadline, "endsAt">, at: number): boolean {
  return at < deadline.endsAt;
}

/** Where an instant stands against a deadline. */
export type DeadlineStanding =
  /** Before the effective date: at least one working day after today remains. */
  | { kind: "upcoming"; workingDaysLeft: number }
  /** Today is the effective date (the last day counted). */
  | { kind: "due_today" }
  /** After the effective date: at least 1 working day late. */
  | { kind: "overdue"; workingDaysLate: number };

/**
 * The standing of `at` against the deadline. Days left are the working days after today up to
 * and including the effective date (on Friday before a Monday deadline: 1). Lateness is the
 * working days after the effective date up to and including the day of `at`, at least 1 (a
 * submission on the Saturday after a Friday deadline is 1 working day late).
 */
export function deadlineStanding(
  deadline: Deadline,
  at: number,
  calendar: WorkingCalendar,
): DeadlineStanding {
  const today = localDate(at);
  if (today === deadline.effectiveOn) return { kind: "due_today" };
  if (today < deadline.effectiveOn) {
    return {
      kind: "upcoming",
      workingDaysLeft: Math.max(1, calendar.workingDaysBetween(today, deadline.effectiveOn)),
    };
  }
  return {
    kind: "overdue",
    workingDaysLate: Math.max(1, calendar.workingDaysBetween(deadline.effectiveOn, today)),
  };
}

/** Working days late at `at` (0 when on time). */
export function workingDaysLate(deadline: Deadline, at: number, calendar: WorkingCalendar): number {
  if (isOnTime(deadline, at)) return 0;
  const s = deadlineStanding(deadline, at, calendar);
  return s.kind === "overdue" ? s.workingDaysLate : 1;
}

/**
 * A signed number for sorting and compact tables: working days left (> 0), 0 on the effective
 * date, minus the working days late (< 0).
 */
export function workingDaysLeftSigned(deadline: Deadline, at: number, calendar: WorkingCalendar): number {
  const s = deadlineStanding(deadline, at, calendar);
  if (s.kind === "upcoming") return s.workingDaysLeft;
  if (s.kind === "overdue") return -s.workingDaysLate;
  return 0;
}

// ---- Wording (one place, so every page and email says the same thing) ----

const WEEKDAY_NAMES = ["", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"];

/** "Thứ Hai" ... "Chủ nhật". */
export function weekdayNameVi(date: LocalDate): string {
  return WEEKDAY_NAMES[isoWeekday(date)]!;
}

/** "quá hạn 3 ngày làm việc". */
export function formatLateness(workingDays: number): string {
  return `quá hạn ${workingDays} ngày làm việc`;
}

/** "còn 2 ngày làm việc". */
export function formatRemaining(workingDays: number): string {
  return `còn ${workingDays} ngày làm việc`;
}

/** "nộp muộn 1 ngày làm việc". */
export function formatSubmittedLate(workingDays: number): string {
  return `nộp muộn ${workingDays} ngày làm việc`;
}

/**
 * A late submission at the start of a line or in a badge: "Nộp muộn 1 ngày làm việc" ("Nộp muộn"
 * when there is no count, e.g. an extension granted after the submission).
 */
export function formatSubmittedLateLabel(workingDays: number): string {
  return capitalise(workingDays > 0 ? formatSubmittedLate(workingDays) : "nộp muộn");
}

/** The standing from a signed count of working days: left (> 0), today (0) or late (< 0). */
export function standingOfWorkingDays(workingDaysLeft: number): DeadlineStanding {
  if (workingDaysLeft === 0) return { kind: "due_today" };
  return workingDaysLeft > 0
    ? { kind: "upcoming", workingDaysLeft }
    : { kind: "overdue", workingDaysLate: -workingDaysLeft };
}

/**
 * "còn 2 ngày làm việc" / "hôm nay là ngày cuối của hạn" / "quá hạn 3 ngày làm việc": the one
 * wording of a deadline's standing, on the pages and in every email.
 */
export function formatStanding(standing: DeadlineStanding): string {
  switch (standing.kind) {
    case "upcoming":
      return formatRemaining(standing.workingDaysLeft);
    case "due_today":
      return "hôm nay là ngày cuối của hạn";
    case "overdue":
      return formatLateness(standing.workingDaysLate);
  }
}

/**
 * The deadline as people read it: "20/12/2026 (Chủ nhật), tính đến hết 21/12/2026" when the
 * nominal date is a day off (a holiday's name is given instead of the weekday), otherwise
 * just "21/12/2026".
 */
export function formatDeadline(
  deadline: Pick<Deadline, "nominalOn" | "effectiveOn">,
  calendar?: WorkingCalendar,
): string {
  const nominal = formatDateVi(deadline.nominalOn);
  if (deadline.effectiveOn === deadline.nominalOn) return nominal;
  return `${nominal} (${dayOffName(deadline.nominalOn, calendar)}), tính đến hết ${formatDateVi(deadline.effectiveOn)}`;
}

/** Why a date is not a working day: the holiday's name, else the weekday ("Chủ nhật"). */
export function dayOffName(date: LocalDate, calendar?: WorkingCalendar): string {
  const exception = calendar?.exception(date);
  if (exception && exception.kind === "off") return exception.name;
  return isoWeekday(date) >= 6 || calendar ? weekdayNameVi(date) : "ngày nghỉ";
}

/** The deadline text of a stored obligation (nominal = extension or schedule date). */
export function formatStoredDeadline(
  o: { dueOn: LocalDate; extendedDueOn?: LocalDate | null; effectiveDueOn: LocalDate },
  calendar?: WorkingCalendar,
): string {
  return formatDeadline({ nominalOn: o.extendedDueOn ?? o.dueOn, effectiveOn: o.effectiveDueOn }, calendar);
}
