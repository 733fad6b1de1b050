import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  formatDateThenTimeVi,
  formatDateTimeVi,
  formatDateVi,
  instantAt,
  isoWeekday,
  isValidDate,
  localDate,
  localHour,
  localMinute,
  localMinutesOfDay,
  makeDate,
  parseDateVi,
} from "../../src/domain/time";

describe("Vietnam local time (UTC+7)", () => {
  it("maps instants to the local date across UTC midnight", () => {
    // 2026-06-13T17:00Z is 00:00 on 14/06 in Hà Nội; one millisecond earlier is still the 13th.
    const midnight = Date.UTC(2026, 5, 13, 17, 0);
    expect(localDate(midnight)).toBe("2026-06-14");
    expect(localDate(midnight - 1)).toBe("2026-06-13");
    expect(localHour(midnight)).toBe(0);
    expect(localHour(midnight - 1)).toBe(23);
    expect(localMinute(midnight - 1)).toBe(59);
    expect(localMinutesOfDay(midnight - 1)).toBe(1439);
  });

  it("builds instants from local wall-clock times", () => {
    expect(instantAt("2026-06-14", 8)).toBe(Date.UTC(2026, 5, 14, 1, 0));
    expect(instantAt("2026-06-14", 8, 30)).toBe(Date.UTC(2026, 5, 14, 1, 30));
    // 05:00 local is still the previous day in UTC.
    expect(new Date(instantAt("2026-01-01", 5)).toISOString()).toBe("2025-12-31T22:00:00.000Z");
    expect(localDate(instantAt("2026-01-01", 5))).toBe("2026-01-01");
  });

  it("adds days across month, year and leap-year boundaries", () => {
    expect(addDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDays("2026-03-14", -30)).toBe("2026-02-12");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(daysBetween("2025-12-15", "2026-01-14")).toBe(30);
    expect(daysBetween("2026-01-14", "2025-12-15")).toBe(-30);
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
  });

  it("gives ISO weekdays from the real calendar", () => {
    expect(isoWeekday("2026-02-17")).toBe(2); // mùng 1 Tết Bính Ngọ, a Tuesday
    expect(isoWeekday("2026-04-26")).toBe(7); // Giỗ Tổ 2026, a Sunday
    expect(isoWeekday("2026-06-15")).toBe(1);
    expect(isoWeekday("2027-02-06")).toBe(6);
  });

  it("formats and parses Vietnamese dates", () => {
    expect(formatDateVi("2026-06-14")).toBe("14/06/2026");
    expect(formatDateTimeVi(instantAt("2026-06-14", 8))).toBe("08:00 14/06/2026");
    expect(formatDateTimeVi(Date.UTC(2026, 5, 14, 16, 59))).toBe("23:59 14/06/2026");
    expect(formatDateThenTimeVi(Date.UTC(2026, 5, 14, 16, 59))).toBe("14/06/2026 23:59");
    expect(parseDateVi("14/06/2026")).toBe("2026-06-14");
    expect(parseDateVi(" 1/6/2026 ")).toBe("2026-06-01");
    expect(parseDateVi("29/02/2028")).toBe("2028-02-29");
    expect(parseDateVi("29/02/2026")).toBeNull();
    expect(parseDateVi("31/04/2026")).toBeNull();
    expect(parseDateVi("2026-06-14")).toBeNull();
    expect(parseDateVi("14/13/2026")).toBeNull();
  });

  it("validates and normalises dates", () => {
    expect(isValidDate("2026-02-28")).toBe(true);
    expect(isValidDate("2026-02-29")).toBe(false);
    expect(isValidDate("2026-2-3")).toBe(false);
    expect(() => formatDateVi("2026-13-01")).toThrow(RangeError);
    expect(makeDate(2026, 0, 15)).toBe("2025-12-15");
    expect(makeDate(2026, 13, 14)).toBe("2027-01-14");
  });

  it("round-trips every minute of a day", () => {
    for (let m = 0; m < 1440; m += 7) {
      const ms = instantAt("2026-09-02", Math.floor(m / 60), m % 60);
      expect(localDate(ms)).toBe("2026-09-02");
      expect(localMinutesOfDay(ms)).toBe(m);
    }
  });
});
