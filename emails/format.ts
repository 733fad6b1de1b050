/** Formatting for email text: Vietnamese conventions, dates dd/mm/yyyy, times in Asia/Ho_Chi_Minh (UTC+7, no DST). */

const VN_OFFSET_MS = 7 * 60 * 60_000;
const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD` -> `dd/mm/yyyy`. */
export function formatDate(on: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(on);
  if (!m) throw new Error(`not a calendar date: ${on}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** An instant (ms UTC) -> `HH:mm dd/mm/yyyy` in Vietnam time. */
export function formatDateTime(at: number): string {
  const d = new Date(at + VN_OFFSET_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** A rate 0..1 -> `87,5%` (Vietnamese decimal comma). */
export function formatPercent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1).replace(".", ",")}%`;
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
