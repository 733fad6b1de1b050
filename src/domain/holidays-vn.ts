/**
 * Vietnam's official non-working days for 2025-2027, as exceptions to the Monday-Friday
 * working week (rows of `calendar_days`): `off` marks a weekday without work, `work` a
 * Saturday/Sunday made into a working day (làm bù). Holidays that fall on a weekend have
 * no row of their own; their compensatory weekday (nghỉ bù) does.
 *
 * Legal basis: Labour Code 2019, art. 112 (Tết Dương lịch 1 day, Tết Âm lịch 5 days,
 * 30/4 1 day, 1/5 1 day, Quốc khánh 2/9 plus one adjacent day, Giỗ Tổ Hùng Vương 10/3
 * lunar 1 day) and art. 111(3) (a holiday on a weekly rest day gives a compensatory day
 * on the next working day). The Government fixes the exact Tết and Quốc khánh days and any
 * swaps (hoán đổi) each year; where a decision was not known to us we apply the rule and
 * say so below. The table is editable data: correct it when a decision is published.
 */

export type CalendarDayKind = "off" | "work";

export interface CalendarDay {
  /** `YYYY-MM-DD` in Asia/Ho_Chi_Minh. */
  day: string;
  kind: CalendarDayKind;
  /** Vietnamese name shown to users. */
  name: string;
}

const NEW_YEAR = "Tết Dương lịch";
const TET = "Tết Nguyên đán";
const HUNG_KINGS = "Giỗ Tổ Hùng Vương";
const REUNIFICATION = "Ngày Giải phóng miền Nam, thống nhất đất nước";
const LABOUR_DAY = "Ngày Quốc tế Lao động";
const NATIONAL_DAY = "Quốc khánh";

const off = (day: string, name: string): CalendarDay => ({ day, kind: "off", name });
const work = (day: string, name: string): CalendarDay => ({ day, kind: "work", name });

export const HOLIDAYS_2025: readonly CalendarDay[] = [
  off("2025-01-01", NEW_YEAR),
  // Tết Ất Tỵ: mùng 1 = 29/01/2025; break Sat 25/01 - Sun 02/02 (5 Tết weekdays, no swap).
  off("2025-01-27", TET),
  off("2025-01-28", TET),
  off("2025-01-29", TET),
  off("2025-01-30", TET),
  off("2025-01-31", TET),
  off("2025-04-07", HUNG_KINGS),
  // 30/4-1/5: Fri 02/05 swapped with Sat 26/04 (break 30/04 - 04/05/2025).
  work("2025-04-26", "Làm bù cho ngày nghỉ 02/05/2025"),
  off("2025-04-30", REUNIFICATION),
  off("2025-05-01", LABOUR_DAY),
  off("2025-05-02", "Nghỉ hoán đổi dịp 30/4 - 1/5"),
  // Quốc khánh: Mon 01/09 and Tue 02/09/2025.
  off("2025-09-01", NATIONAL_DAY),
  off("2025-09-02", NATIONAL_DAY),
];

export const HOLIDAYS_2026: readonly CalendarDay[] = [
  // Tết Dương lịch: Fri 02/01 swapped with Sat 10/01 (văn bản 12729/VPCP-KGVX, 25/12/2025).
  off("2026-01-01", NEW_YEAR),
  off("2026-01-02", `Nghỉ hoán đổi dịp ${NEW_YEAR}`),
  work("2026-01-10", "Làm bù cho ngày nghỉ 02/01/2026"),
  // Tết Bính Ngọ: mùng 1 = Tue 17/02/2026; official break Sat 14/02 - Sun 22/02
  // (Thông báo 9441/TB-BNV, 16/10/2025): weekdays 16/02 (29 tháng Chạp) - 20/02 (mùng 4).
  off("2026-02-16", TET),
  off("2026-02-17", TET),
  off("2026-02-18", TET),
  off("2026-02-19", TET),
  off("2026-02-20", TET),
  // Giỗ Tổ (10/3 lunar) is Sun 26/04/2026: compensatory Monday.
  off("2026-04-27", `Nghỉ bù ${HUNG_KINGS}`),
  off("2026-04-30", REUNIFICATION),
  off("2026-05-01", LABOUR_DAY),
  // Quốc khánh 2/9 is a Wednesday. We were not certain of the adjacent day chosen for 2026;
  // we use Tue 01/09 (the day before, as in 2025). Check against the published decision.
  off("2026-09-01", NATIONAL_DAY),
  off("2026-09-02", NATIONAL_DAY),
];

export const HOLIDAYS_2027: readonly CalendarDay[] = [
  off("2027-01-01", NEW_YEAR),
  // Tết Đinh Mùi: mùng 1 = Sat 06/02/2027. No decision known to us; Labour Code rule (5 Tết
  // days, weekend days compensated) with the 2024 precedent (mùng 1 also a Saturday: break
  // 29 tháng Chạp - mùng 5): off Thu 04/02 - Wed 10/02/2027, i.e. 5 weekdays.
  off("2027-02-04", TET),
  off("2027-02-05", TET),
  off("2027-02-08", TET),
  off("2027-02-09", TET),
  off("2027-02-10", TET),
  off("2027-04-16", HUNG_KINGS),
  off("2027-04-30", REUNIFICATION),
  // 1/5/2027 is a Saturday: compensatory Monday 03/05 (art. 111(3)).
  off("2027-05-03", `Nghỉ bù ${LABOUR_DAY}`),
  // Quốc khánh 2/9 is a Thursday; no decision known: we take Fri 03/09 as the adjacent day
  // (as in 2021, when 2/9 was also a Thursday).
  off("2027-09-02", NATIONAL_DAY),
  off("2027-09-03", NATIONAL_DAY),
];

/** All seeded exceptions, sorted by day. */
export const VN_HOLIDAYS: readonly CalendarDay[] = [...HOLIDAYS_2025, ...HOLIDAYS_2026, ...HOLIDAYS_2027];
