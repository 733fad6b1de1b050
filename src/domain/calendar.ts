/**
 * Working days and sending hours in Asia/Ho_Chi_Minh.
 *
 * Monday-Friday are working days unless marked `off`; Saturday/Sunday are days off unless
 * marked `work` (make-up Saturdays). Exceptions come from the `calendar_days` table.
 */
import type { CalendarDay } from "./holidays-vn";
import {
  addDays,
  instantAt,
  isoWeekday,
  isValidDate,
  isWeekend,
  type LocalDate,
  localDate,
  localMinutesOfDay,
} from "./time";

/** A safety bound: no real calendar has a year without working days. */
const MAX_SCAN_DAYS = 366;

export class WorkingCalendar {
  private readonly exceptions: ReadonlyMap<LocalDate, CalendarDay>;

  constructor(exceptions: Iterable<CalendarDay> = []) {
    const map = new Map<LocalDate, CalendarDay>();
    for (const e of exceptions) map.set(e.day, e);
    this.exceptions = map;
  }

  /** The exception row for a date, if any (e.g. to show the holiday's name). */
  exception(date: LocalDate): CalendarDay | undefined {
    return this.exceptions.get(date);
  }

  isWorkingDay(date: LocalDate): boolean {
    const e = this.exceptions.get(date);
    if (e) return e.kind === "work";
    return !isWeekend(date);
  }

  /** The date itself when it is a working day, otherwise the next working day. */
  nextWorkingDay(date: LocalDate): LocalDate {
    let d = date;
    for (let i = 0; i <= MAX_SCAN_DAYS; i++) {
      if (this.isWorkingDay(d)) return d;
      d = addDays(d, 1);
    }
    throw new RangeError(`No working day within a year after ${date}`);
  }

  /** The date itself when it is a working day, otherwise the previous working day. */
  previousWorkingDay(date: LocalDate): LocalDate {
    let d = date;
    for (let i = 0; i <= MAX_SCAN_DAYS; i++) {
      if (this.isWorkingDay(d)) return d;
      d = addDays(d, -1);
    }
    throw new RangeError(`No working day within a year before ${date}`);
  }

  /**
   * Moves `n` working days from `date`. n > 0 counts working days after the date (Friday + 1
   * = Monday; Saturday + 1 = Monday); n < 0 counts working days before it; n = 0 is the date
   * itself rolled forward to a working day.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be an integer: ${n}`);
    if (n === 0) return this.nextWorkingDay(date);
    const step = n > 0 ? 1 : -1;
    let d = date;
    let left = Math.abs(n);
    while (left > 0) {
      d = step > 0 ? this.nextWorkingDay(addDays(d, 1)) : this.previousWorkingDay(addDays(d, -1));
      left--;
    }
    return d;
  }

  /**
   * Working days in the half-open range (a, b] when b >= a; the negated count of (b, a]
   * otherwise. For working days a and b: addWorkingDays(a, workingDaysBetween(a, b)) = b.
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    if (a === b) return 0;
    const [from, to, sign] = a < b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
      if (this.isWorkingDay(d)) count++;
    }
    return sign * count;
  }
}

/** Local hours during which reminder emails may go out: [start, end), minutes since midnight. */
export interface SendingWindow {
  startMinutes: number;
  endMinutes: number;
}

/**
 * When scheduled email goes out: the one setting (README, "When email is sent"). All of it
 * only on working days of the calendar (`calendar_days`):
 * - reminders, escalations and manual nudges inside `window` (08:00-17:00); a nudge asked
 *   for outside it waits for the next window;
 * - the morning deadlines digest from `morningDigestAt` (07:00), the weekly compliance digest
 *   from `weeklyDigestAt` (07:30) on the weekday each person chose; a weekly digest whose
 *   weekday is a day off goes out on the next working day; no digest is started after the
 *   window closes (a long outage does not send "morning" mail at night).
 */
export const SEND_SCHEDULE = {
  window: { startMinutes: 8 * 60, endMinutes: 17 * 60 } as SendingWindow,
  morningDigestAt: 7 * 60,
  weeklyDigestAt: 7 * 60 + 30,
} as const;

export const DEFAULT_SENDING_WINDOW: SendingWindow = SEND_SCHEDULE.window;

/**
 * The ISO weekdays whose weekly digest goes out on `today`: today's own and those of the days
 * off just before it (their digest moves to this next working day). None on a day off.
 */
export function weeklyDigestWeekdaysOn(today: LocalDate, calendar: WorkingCalendar): number[] {
  if (!calendar.isWorkingDay(today)) return [];
  const weekdays = [isoWeekday(today)];
  for (let d = addDays(today, -1), i = 0; i < 6 && !calendar.isWorkingDay(d); d = addDays(d, -1), i++) {
    if (!weekdays.includes(isoWeekday(d))) weekdays.push(isoWeekday(d));
  }
  return weekdays.sort((a, b) => a - b);
}

/** Throws when a window is empty or outside a day. */
export function assertSendingWindow(window: SendingWindow): void {
  const { startMinutes: s, endMinutes: e } = window;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > 24 * 60 || s >= e) {
    throw new RangeError(`Invalid sending window ${s}-${e}`);
  }
}

/** The instant the sending window opens on a date. */
export function windowStartOn(date: LocalDate, window: SendingWindow = DEFAULT_SENDING_WINDOW): number {
  return instantAt(date, 0, window.startMinutes);
}

/** True when `ms` is inside the sending window of a working day. */
export function isSendingTime(
  ms: number,
  calendar: WorkingCalendar,
  window: SendingWindow = DEFAULT_SENDING_WINDOW,
): boolean {
  const minutes = localMinutesOfDay(ms);
  return (
    calendar.isWorkingDay(localDate(ms)) && minutes >= window.startMinutes && minutes < window.endMinutes
  );
}

/**
 * `ms` itself when it is inside the sending window of a working day, otherwise the start of
 * the next window on a working day (later the same day if it is still early morning).
 */
export function nextSendingInstant(
  ms: number,
  calendar: WorkingCalendar,
  window: SendingWindow = DEFAULT_SENDING_WINDOW,
): number {
  assertSendingWindow(window);
  if (isSendingTime(ms, calendar, window)) return ms;
  const today = localDate(ms);
  if (calendar.isWorkingDay(today) && localMinutesOfDay(ms) < window.startMinutes) {
    return windowStartOn(today, window);
  }
  return windowStartOn(calendar.nextWorkingDay(addDays(today, 1)), window);
}

/** Builds a calendar from rows, ignoring malformed ones (the table is editable data). */
export function calendarFromRows(
  rows: Iterable<{ day: string; kind: string; name: string }>,
): WorkingCalendar {
  const days: CalendarDay[] = [];
  for (const r of rows) {
    if (isValidDate(r.day) && (r.kind === "off" || r.kind === "work")) {
      days.push({ day: r.day, kind: r.kind, name: r.name });
    }
  }
  return new WorkingCalendar(days);
}
