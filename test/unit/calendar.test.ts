import { describe, expect, it } from "vitest";
import {
  calendarFromRows,
  DEFAULT_SENDING_WINDOW,
  isSendingTime,
  nextSendingInstant,
  WorkingCalendar,
} from "../../src/domain/calendar";
import { HOLIDAYS_2025, HOLIDAYS_2026, HOLIDAYS_2027, VN_HOLIDAYS } from "../../src/domain/holidays-vn";
import { addDays, instantAt, isoWeekday, localDate } from "../../src/domain/time";

const cal = new WorkingCalendar(VN_HOLIDAYS);

describe("Vietnam holiday data", () => {
  it("only lists real exceptions: off on weekdays, work on weekends, no duplicates, sorted", () => {
    const days = VN_HOLIDAYS.map((d) => d.day);
    expect(new Set(days).size).toBe(days.length);
    expect([...days].sort()).toEqual(days);
    for (const d of VN_HOLIDAYS) {
      if (d.kind === "off") expect(isoWeekday(d.day), d.day).toBeLessThanOrEqual(5);
      else expect(isoWeekday(d.day), d.day).toBeGreaterThanOrEqual(6);
      expect(d.name.length).toBeGreaterThan(3);
    }
  });

  it("gives each year 11 statutory weekday holidays net of swaps (Labour Code art. 112)", () => {
    // 1 + 5 + 1 + 1 + 1 + 2 = 11 statutory days; each swap adds one off and one work day.
    const net = (rows: typeof HOLIDAYS_2025) =>
      rows.filter((d) => d.kind === "off").length - rows.filter((d) => d.kind === "work").length;
    expect(net(HOLIDAYS_2025)).toBe(11);
    expect(net(HOLIDAYS_2026)).toBe(11);
    expect(net(HOLIDAYS_2027)).toBe(11);
  });

  it("makes Tết Bính Ngọ a 9-day break, 14/02 to 22/02/2026", () => {
    for (let d = "2026-02-14"; d <= "2026-02-22"; d = addDays(d, 1))
      expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay("2026-02-13")).toBe(true);
    expect(cal.isWorkingDay("2026-02-23")).toBe(true);
    expect(cal.exception("2026-02-17")?.name).toBe("Tết Nguyên đán");
  });

  it("makes Tết Ất Tỵ 25/01 to 02/02/2025 and keeps Tết Đinh Mùi 2027 at 5 weekdays", () => {
    for (let d = "2025-01-25"; d <= "2025-02-02"; d = addDays(d, 1))
      expect(cal.isWorkingDay(d), d).toBe(false);
    expect(cal.isWorkingDay("2025-02-03")).toBe(true);
    const tet2027 = HOLIDAYS_2027.filter((d) => d.name === "Tết Nguyên đán").map((d) => d.day);
    expect(tet2027).toHaveLength(5);
    expect(tet2027[0]! <= "2027-02-06" && tet2027[4]! >= "2027-02-06").toBe(true);
  });

  it("knows the compensatory and swapped days", () => {
    expect(cal.isWorkingDay("2026-04-27")).toBe(false); // Giỗ Tổ on Sunday 26/04/2026
    expect(cal.isWorkingDay("2026-01-02")).toBe(false);
    expect(cal.isWorkingDay("2026-01-10")).toBe(true); // make-up Saturday
    expect(cal.isWorkingDay("2025-04-26")).toBe(true);
    expect(cal.isWorkingDay("2025-05-02")).toBe(false);
    expect(cal.isWorkingDay("2027-05-03")).toBe(false); // 1/5/2027 is a Saturday
    expect(cal.isWorkingDay("2025-09-01")).toBe(false);
    expect(cal.isWorkingDay("2025-09-03")).toBe(true);
  });
});

describe("WorkingCalendar", () => {
  it("treats weekdays as working and weekends as off without exceptions", () => {
    const plain = new WorkingCalendar();
    expect(plain.isWorkingDay("2026-06-12")).toBe(true);
    expect(plain.isWorkingDay("2026-06-13")).toBe(false);
    expect(plain.isWorkingDay("2026-06-14")).toBe(false);
    expect(plain.isWorkingDay("2026-02-17")).toBe(true);
  });

  it("rolls forward to the next working day", () => {
    expect(cal.nextWorkingDay("2026-06-12")).toBe("2026-06-12");
    expect(cal.nextWorkingDay("2026-06-13")).toBe("2026-06-15");
    expect(cal.nextWorkingDay("2026-02-14")).toBe("2026-02-23");
    expect(cal.nextWorkingDay("2026-04-25")).toBe("2026-04-28");
    expect(cal.nextWorkingDay("2026-01-01")).toBe("2026-01-05");
    expect(cal.previousWorkingDay("2026-02-22")).toBe("2026-02-13");
  });

  it("adds working days over weekends, Tết and make-up Saturdays", () => {
    expect(cal.addWorkingDays("2026-06-12", 1)).toBe("2026-06-15");
    expect(cal.addWorkingDays("2026-06-13", 1)).toBe("2026-06-15");
    expect(cal.addWorkingDays("2026-06-13", 0)).toBe("2026-06-15");
    expect(cal.addWorkingDays("2026-06-15", 0)).toBe("2026-06-15");
    expect(cal.addWorkingDays("2026-02-13", 1)).toBe("2026-02-23");
    expect(cal.addWorkingDays("2026-02-13", 5)).toBe("2026-02-27");
    expect(cal.addWorkingDays("2026-02-13", 10)).toBe("2026-03-06");
    expect(cal.addWorkingDays("2026-02-13", -7)).toBe("2026-02-04");
    expect(cal.addWorkingDays("2026-02-23", -1)).toBe("2026-02-13");
    // Fri 09/01/2026 + 1 is the make-up Saturday 10/01.
    expect(cal.addWorkingDays("2026-01-09", 1)).toBe("2026-01-10");
    expect(cal.addWorkingDays("2026-01-12", -1)).toBe("2026-01-10");
    // Across the new year: Wed 31/12/2025 + 1 skips 01/01 and 02/01/2026 and the weekend.
    expect(cal.addWorkingDays("2025-12-31", 1)).toBe("2026-01-05");
    // 30/4 - 1/5/2026 and the Giỗ Tổ compensatory day.
    expect(cal.addWorkingDays("2026-04-24", 1)).toBe("2026-04-28");
    expect(cal.addWorkingDays("2026-04-29", 1)).toBe("2026-05-04");
    expect(() => cal.addWorkingDays("2026-04-29", 1.5)).toThrow(RangeError);
  });

  it("counts working days between dates, consistent with addWorkingDays", () => {
    expect(cal.workingDaysBetween("2026-02-13", "2026-02-23")).toBe(1);
    expect(cal.workingDaysBetween("2026-02-23", "2026-02-13")).toBe(-1);
    expect(cal.workingDaysBetween("2026-06-15", "2026-06-15")).toBe(0);
    expect(cal.workingDaysBetween("2026-06-12", "2026-06-19")).toBe(5);
    // June 2026 has 22 working days (no holiday).
    expect(cal.workingDaysBetween("2026-05-31", "2026-06-30")).toBe(22);
    // February 2026 has 15 (20 weekdays minus 5 Tết days).
    expect(cal.workingDaysBetween("2026-01-31", "2026-02-28")).toBe(15);
    const working: string[] = [];
    for (let d = "2025-12-20"; d <= "2026-05-10"; d = addDays(d, 1)) if (cal.isWorkingDay(d)) working.push(d);
    for (let i = 0; i < working.length; i += 3) {
      for (let j = 0; j < working.length; j += 5) {
        const n = cal.workingDaysBetween(working[i]!, working[j]!);
        expect(n).toBe(j - i);
        expect(cal.addWorkingDays(working[i]!, n)).toBe(working[j]);
      }
    }
  });
});

describe("calendarFromRows", () => {
  it("ignores malformed rows of the editable table", () => {
    const c = calendarFromRows([
      { day: "2026-06-15", kind: "off", name: "Nghỉ đột xuất" },
      { day: "2026-06-13", kind: "work", name: "Làm bù" },
      { day: "2026-06-16", kind: "holiday", name: "Sai loại" },
      { day: "16/06/2026", kind: "off", name: "Sai định dạng" },
    ]);
    expect(c.isWorkingDay("2026-06-15")).toBe(false);
    expect(c.isWorkingDay("2026-06-13")).toBe(true);
    expect(c.isWorkingDay("2026-06-16")).toBe(true);
    expect(c.exception("2026-06-16")).toBeUndefined();
  });
});

describe("sending window", () => {
  const w = DEFAULT_SENDING_WINDOW;

  it("returns now itself inside the window of a working day", () => {
    const ms = instantAt("2026-06-15", 10, 17);
    expect(isSendingTime(ms, cal, w)).toBe(true);
    expect(nextSendingInstant(ms, cal, w)).toBe(ms);
    expect(nextSendingInstant(instantAt("2026-06-15", 8), cal, w)).toBe(instantAt("2026-06-15", 8));
    expect(nextSendingInstant(instantAt("2026-06-15", 16, 59), cal, w)).toBe(instantAt("2026-06-15", 16, 59));
  });

  it("waits for the morning, the next working day, or the end of Tết", () => {
    expect(nextSendingInstant(instantAt("2026-06-15", 6, 30), cal, w)).toBe(instantAt("2026-06-15", 8));
    expect(nextSendingInstant(instantAt("2026-06-15", 17), cal, w)).toBe(instantAt("2026-06-16", 8));
    expect(nextSendingInstant(instantAt("2026-06-12", 23), cal, w)).toBe(instantAt("2026-06-15", 8));
    expect(nextSendingInstant(instantAt("2026-06-13", 10), cal, w)).toBe(instantAt("2026-06-15", 8));
    expect(nextSendingInstant(instantAt("2026-02-13", 17, 30), cal, w)).toBe(instantAt("2026-02-23", 8));
    expect(nextSendingInstant(instantAt("2026-02-17", 9), cal, w)).toBe(instantAt("2026-02-23", 8));
    expect(nextSendingInstant(instantAt("2026-01-09", 18), cal, w)).toBe(instantAt("2026-01-10", 8));
  });

  it("honours a custom window and rejects an empty one", () => {
    const custom = { startMinutes: 7 * 60 + 30, endMinutes: 11 * 60 + 30 };
    expect(nextSendingInstant(instantAt("2026-06-15", 11, 30), cal, custom)).toBe(
      instantAt("2026-06-16", 7, 30),
    );
    expect(() => nextSendingInstant(0, cal, { startMinutes: 600, endMinutes: 600 })).toThrow(RangeError);
  });

  it("always lands inside a window on a working day, never earlier than now", () => {
    for (let ms = instantAt("2026-02-10", 0); ms < instantAt("2026-03-01", 0); ms += 37 * 60 * 1000) {
      const next = nextSendingInstant(ms, cal, w);
      expect(next).toBeGreaterThanOrEqual(ms);
      expect(isSendingTime(next, cal, w)).toBe(true);
      expect(cal.isWorkingDay(localDate(next))).toBe(true);
    }
  });
});
