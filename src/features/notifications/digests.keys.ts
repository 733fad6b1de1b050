/**
 * The digests' kinds, sizes and ledger keys. Each message is recorded under
 * `digest:<kind>:<personId>:<periodKey>` (ISO week `2026-W48` for the weekly digest, the local
 * date for the morning one), so a re-run, a retried step or a changed weekday never sends twice.
 */
import { addDays, daysBetween, isoWeekday, localDate } from "../../domain/time";

export type DigestKind = "weekly_compliance" | "morning_deadlines";
export const DIGEST_BATCH_SIZE = 100;
/** Recipients listed per step: 1,000 ids (~30 KB) keep each step result far under the 1 MiB limit. */
export const RECIPIENT_PAGE_SIZE = 1_000;
/** The morning digest lists what is due within this many days (and anything overdue). */
export const MORNING_HORIZON_DAYS = 7;
/** ISO 8601 week of a local date: `2026-W48`. */
export function isoWeekKey(date: string): string {
  // The week belongs to the year of its Thursday.
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function digestPeriodKey(kind: DigestKind, now: number): string {
  const today = localDate(now);
  return kind === "weekly_compliance" ? isoWeekKey(today) : today;
}

export function digestKey(kind: DigestKind, personId: string, periodKey: string): string {
  return `digest:${kind}:${personId}:${periodKey}`;
}
