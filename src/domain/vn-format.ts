/** Display helpers for Asia/Ho_Chi_Minh (UTC+7 all year, no daylight saving since 1975). */
const VN_OFFSET_MS = 7 * 3_600_000;

const pad = (n: number) => String(n).padStart(2, "0");

/** "08:30 24/11/2026" in Vietnam time. */
export function formatInstantVi(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} ${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
