/** Vietnamese display formats for the account pages, on top of the shared Vietnam-time helpers. */
import { formatDateTimeVi, formatDateVi as formatLocalDate, isValidDate, localDate } from "../domain/time";

/** `2026-11-03` -> `03/11/2026` (anything else is shown as it is). */
export function formatDateVi(isoDate: string): string {
  return isValidDate(isoDate) ? formatLocalDate(isoDate) : isoDate;
}

/** An instant as `HH:MM ngày dd/mm/yyyy` in Vietnam. */
export function formatInstantVi(ms: number): string {
  return formatDateTimeVi(ms).replace(" ", " ngày ");
}

/** The calendar date (YYYY-MM-DD) in Vietnam at an instant. */
export const vnDate = localDate;

/**
 * An address with most of its local part hidden, e.g. `bithu.hanoi@demo.vn` -> `bi***@demo.vn`:
 * enough for the owner to recognise it on a page that anyone holding the link can open.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  const local = email.slice(0, at);
  const shown = [...local].slice(0, local.length > 4 ? 2 : 1).join("");
  return `${shown}***${email.slice(at)}`;
}
