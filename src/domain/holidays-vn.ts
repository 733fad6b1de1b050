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
 * say so below. The table is editable data (administrators keep it at /quan-tri/lich, each day
 * with the document that decided it): correct it when a decision is published.
 *
 * Ngày Văn hóa Việt Nam (24/11) is NOT a day off here. Nghị quyết 80-NQ/TW (07/01/2026) of the
 * Politburo decided, as a policy, that it should be a paid day off, and Nghị quyết 30/NQ-CP
 * (02/2026) tasks the Government with amending art. 112(1) of the Labour Code to say so; the
 * law in force that we could read (Labour Code 2019, art. 112) does not list it, and we found
 * no enacted amendment. When the amending law is in force, an administrator adds the day with
 * that law as its source (see `NOT_SEEDED`).
 */

export type CalendarDayKind = "off" | "work";

export interface CalendarDay {
  /** `YYYY-MM-DD` in Asia/Ho_Chi_Minh. */
  day: string;
  kind: CalendarDayKind;
  /** Vietnamese name shown to users. */
  name: string;
  /** The document that decided the day (shown on /quan-tri/lich); every seeded day has one. */
  source?: string | null;
}

/**
 * The documents the seeded days come from. Where we could not read the document itself, the
 * text says so and what it rests on, so an administrator knows what to check.
 */
export const SOURCES = {
  year2025:
    "Văn bản 8726/VPCP-KGVX ngày 26/11/2024 (ý kiến Thủ tướng về nghỉ Tết Âm lịch và một số dịp lễ năm 2025); Bộ luật Lao động 2019, Điều 111, 112",
  newYear2026:
    "Văn bản 12729/VPCP-KGVX ngày 25/12/2025 (hoán đổi ngày làm việc dịp Tết Dương lịch 2026); cần đối chiếu nguyên văn",
  notice2026:
    "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ (lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026)",
  nationalDaySwap2026:
    "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ: hoán đổi thứ Hai 31/8 với thứ Bảy 22/8/2026, nghỉ từ 29/8 đến hết 02/9/2026 (theo phương án Bộ Nội vụ trình và báo chí dẫn thông báo; cần đối chiếu nguyên văn)",
  labourCode2026: "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù) và Điều 112",
  rule2027:
    "Bộ luật Lao động 2019, Điều 111 khoản 3 và Điều 112 (chưa có thông báo lịch nghỉ năm 2027: áp dụng quy tắc, cần đối chiếu khi có văn bản)",
} as const;

/** Days asked about but deliberately not seeded as days off, with why (shown on /quan-tri/lich). */
export const NOT_SEEDED = [
  {
    date: "24/11",
    name: "Ngày Văn hóa Việt Nam",
    why: "Nghị quyết 80-NQ/TW ngày 07/01/2026 của Bộ Chính trị chủ trương là ngày nghỉ hưởng nguyên lương và Nghị quyết 30/NQ-CP giao sửa khoản 1 Điều 112 Bộ luật Lao động; Bộ luật Lao động 2019 đang có hiệu lực chưa ghi ngày này. Khi luật sửa đổi có hiệu lực, đề nghị thêm ngày nghỉ với văn bản đó làm căn cứ.",
  },
] as const;

const NEW_YEAR = "Tết Dương lịch";
const TET = "Tết Nguyên đán";
const HUNG_KINGS = "Giỗ Tổ Hùng Vương";
const REUNIFICATION = "Ngày Giải phóng miền Nam, thống nhất đất nước";
const LABOUR_DAY = "Ngày Quốc tế Lao động";
const NATIONAL_DAY = "Quốc khánh";

const off = (day: string, name: string, source: string): CalendarDay => ({ day, kind: "off", name, source });
/** Consecutive days off under one name and one decision (the Tết break, Quốc khánh and its adjacent day). */
const offEach = (days: readonly string[], name: string, source: string): CalendarDay[] =>
  days.map((day) => off(day, name, source));
const work = (day: string, name: string, source: string): CalendarDay => ({
  day,
  kind: "work",
  name,
  source,
});

export const HOLIDAYS_2025: readonly CalendarDay[] = [
  off("2025-01-01", NEW_YEAR, SOURCES.year2025),
  // Tết Ất Tỵ: mùng 1 = 29/01/2025; break Sat 25/01 - Sun 02/02 (5 Tết weekdays, no swap).
  ...offEach(["2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"], TET, SOURCES.year2025),
  off("2025-04-07", HUNG_KINGS, SOURCES.year2025),
  // 30/4-1/5: Fri 02/05 swapped with Sat 26/04 (break 30/04 - 04/05/2025).
  work("2025-04-26", "Làm bù cho ngày nghỉ 02/05/2025", SOURCES.year2025),
  off("2025-04-30", REUNIFICATION, SOURCES.year2025),
  off("2025-05-01", LABOUR_DAY, SOURCES.year2025),
  off("2025-05-02", "Nghỉ hoán đổi dịp 30/4 - 1/5", SOURCES.year2025),
  // Quốc khánh: Mon 01/09 and Tue 02/09/2025.
  ...offEach(["2025-09-01", "2025-09-02"], NATIONAL_DAY, SOURCES.year2025),
];

export const HOLIDAYS_2026: readonly CalendarDay[] = [
  // Tết Dương lịch: Fri 02/01 swapped with Sat 10/01 (văn bản 12729/VPCP-KGVX, 25/12/2025).
  off("2026-01-01", NEW_YEAR, SOURCES.newYear2026),
  off("2026-01-02", `Nghỉ hoán đổi dịp ${NEW_YEAR}`, SOURCES.newYear2026),
  work("2026-01-10", "Làm bù cho ngày nghỉ 02/01/2026", SOURCES.newYear2026),
  // Tết Bính Ngọ: mùng 1 = Tue 17/02/2026; official break Sat 14/02 - Sun 22/02
  // (Thông báo 9441/TB-BNV, 16/10/2025): weekdays 16/02 (29 tháng Chạp) - 20/02 (mùng 4).
  ...offEach(["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"], TET, SOURCES.notice2026),
  // Giỗ Tổ (10/3 lunar) is Sun 26/04/2026: compensatory Monday (art. 111(3)); 30/4 and 1/5 are
  // Thursday and Friday, without a swap.
  off("2026-04-27", `Nghỉ bù ${HUNG_KINGS}`, SOURCES.labourCode2026),
  off("2026-04-30", REUNIFICATION, SOURCES.labourCode2026),
  off("2026-05-01", LABOUR_DAY, SOURCES.labourCode2026),
  // Quốc khánh 2/9 is a Wednesday; the adjacent day is Tue 01/09, and Mon 31/08 is swapped with
  // Sat 22/08 (break Sat 29/08 - Wed 02/09/2026), as the Ministry of Home Affairs proposed and
  // the press reports of Thông báo 9441/TB-BNV give it.
  work("2026-08-22", "Làm bù cho ngày nghỉ 31/08/2026", SOURCES.nationalDaySwap2026),
  off("2026-08-31", `Nghỉ hoán đổi dịp ${NATIONAL_DAY}`, SOURCES.nationalDaySwap2026),
  ...offEach(["2026-09-01", "2026-09-02"], NATIONAL_DAY, SOURCES.notice2026),
];

export const HOLIDAYS_2027: readonly CalendarDay[] = [
  off("2027-01-01", NEW_YEAR, SOURCES.rule2027),
  // Tết Đinh Mùi: mùng 1 = Sat 06/02/2027. No decision known to us; Labour Code rule (5 Tết
  // days, weekend days compensated) with the 2024 precedent (mùng 1 also a Saturday: break
  // 29 tháng Chạp - mùng 5): off Thu 04/02 - Wed 10/02/2027, i.e. 5 weekdays.
  ...offEach(["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"], TET, SOURCES.rule2027),
  off("2027-04-16", HUNG_KINGS, SOURCES.rule2027),
  off("2027-04-30", REUNIFICATION, SOURCES.rule2027),
  // 1/5/2027 is a Saturday: compensatory Monday 03/05 (art. 111(3)).
  off("2027-05-03", `Nghỉ bù ${LABOUR_DAY}`, SOURCES.rule2027),
  // Quốc khánh 2/9 is a Thursday; no decision known: we take Fri 03/09 as the adjacent day
  // (as in 2021, when 2/9 was also a Thursday).
  ...offEach(["2027-09-02", "2027-09-03"], NATIONAL_DAY, SOURCES.rule2027),
];

/** All seeded exceptions, sorted by day. */
export const VN_HOLIDAYS: readonly CalendarDay[] = [...HOLIDAYS_2025, ...HOLIDAYS_2026, ...HOLIDAYS_2027];
