/** Formatting for email text: Vietnamese conventions, dates dd/mm/yyyy, times in Asia/Ho_Chi_Minh (UTC+7, no DST). */

import { formatViPercent } from "../src/domain/numbers";
import { formatDateTimeVi, formatDateVi, isValidDate } from "../src/domain/time";

/** `YYYY-MM-DD` -> `dd/mm/yyyy`; a template handed anything else is a bug, so it throws. */
export function formatDate(on: string): string {
  if (!isValidDate(on)) throw new Error(`not a calendar date: ${on}`);
  return formatDateVi(on);
}

/** An instant (ms UTC) -> `HH:mm dd/mm/yyyy` in Vietnam time. */
export const formatDateTime = formatDateTimeVi;

/** A rate 0..1 -> `87,5%` (Vietnamese decimal comma). */
export function formatPercent(rate: number): string {
  return formatViPercent(Math.round(rate * 1000) / 10);
}

/** A change of a rate in percentage points -> `+2,5 điểm %`, `−1,0 điểm %`, `không đổi`. */
export function formatChange(delta: number): string {
  const points = Math.round(delta * 1000) / 10;
  if (points === 0) return "không đổi";
  return `${points > 0 ? "+" : "−"}${Math.abs(points).toFixed(1).replace(".", ",")} điểm %`;
}

/** Subjects and header values must never carry a line break (header injection). */
export function oneLine(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/\s{2,}/g, " ")
    .trim();
}
