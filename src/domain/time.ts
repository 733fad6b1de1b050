/**
 * Vietnam time helpers.
 *
 * Asia/Ho_Chi_Minh has been UTC+7 all year since 1975 (no daylight saving), so a fixed
 * offset is exact for every instant this application handles. That lets us use tiny
 * arithmetic helpers instead of a time-zone library (keeps the Worker bundle small and
 * the behaviour obvious). Calendar dates are plain `YYYY-MM-DD` strings, which compare
 * correctly as strings.
 */

/** Offset of Asia/Ho_Chi_Minh from UTC, in milliseconds. */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
export const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** A calendar date `YYYY-MM-DD` in Asia/Ho_Chi_Minh. */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Splits a date into numbers; throws on anything that is not a real calendar date. */
export function dateParts(date: LocalDate): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(date);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { year, month, day };
  }
  throw new RangeError(`Invalid date: ${date}`);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isValidDate(value: string): boolean {
  try {
    dateParts(value);
    return true;
  } catch {
    return false;
  }
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** Builds a date from parts; out-of-range months and days carry over (month 0 = December of year - 1). */
export function makeDate(year: number, month: number, day: number): LocalDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a calendar date (used for date arithmetic). */
function dayNumber(date: LocalDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The local calendar date of an instant. */
export function localDate(instantMs: number): LocalDate {
  return new Date(instantMs + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The local hour (0-23) of an instant. */
export function localHour(instantMs: number): number {
  return new Date(instantMs + VN_OFFSET_MS).getUTCHours();
}

/** The local minute of the hour (0-59) of an instant. */
export function localMinute(instantMs: number): number {
  return new Date(instantMs + VN_OFFSET_MS).getUTCMinutes();
}

/** Minutes since local midnight (0-1439) of an instant. */
export function localMinutesOfDay(instantMs: number): number {
  return localHour(instantMs) * 60 + localMinute(instantMs);
}

/** The instant (ms UTC) of a local wall-clock time on a local date. */
export function instantAt(date: LocalDate, hour: number, minute = 0): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day, hour, minute) - VN_OFFSET_MS;
}

/** The instant of local midnight starting the date. */
export function startOfLocalDay(date: LocalDate): number {
  return instantAt(date, 0, 0);
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return new Date((dayNumber(date) + n) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const { year, month, day } = dateParts(date);
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isWeekend(date: LocalDate): boolean {
  return isoWeekday(date) >= 6;
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

/** "2026-06-14" -> "14/06/2026" (the Vietnamese way of writing dates). */
export function formatDateVi(date: LocalDate): string {
  const { year, month, day } = dateParts(date);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

/** The clock time of an instant in Vietnam, "08:00". */
function formatClockVi(instantMs: number): string {
  return `${pad2(localHour(instantMs))}:${pad2(localMinute(instantMs))}`;
}

/** An instant as "08:00 14/06/2026" in Vietnam time. */
export function formatDateTimeVi(instantMs: number): string {
  return `${formatClockVi(instantMs)} ${formatDateVi(localDate(instantMs))}`;
}

/** An instant as "14/06/2026 08:00" in Vietnam time, date first (receipts, key lists). */
export function formatDateThenTimeVi(instantMs: number): string {
  return `${formatDateVi(localDate(instantMs))} ${formatClockVi(instantMs)}`;
}

const VI_DATE_RE = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/;

/** "14/06/2026" (or "14/6/2026") -> "2026-06-14"; null when it is not a real date. */
export function parseDateVi(text: string): LocalDate | null {
  const m = VI_DATE_RE.exec(text);
  if (!m) return null;
  const candidate = `${m[3]}-${pad2(Number(m[2]))}-${pad2(Number(m[1]))}`;
  return isValidDate(candidate) ? candidate : null;
}

/**
 * A date typed by a person or sent by a client: "20/12/2026" (or "20/12/2026" with one-digit
 * day/month), or "2026-12-20" (what `<input type="date">` and JSON clients send). Null when it
 * is not a real date.
 */
export function parseDateInput(text: string): LocalDate | null {
  const trimmed = text.trim();
  if (isValidDate(trimmed)) return trimmed;
  return parseDateVi(trimmed);
}

/** The error for a date that cannot be read, naming the field; always asks for dd/mm/yyyy. */
export function dateInputError(label: string): string {
  return `${label} phải là một ngày có thật, viết theo dạng dd/mm/yyyy (ví dụ 20/12/2026)`;
}
