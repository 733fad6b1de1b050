import { describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../src/domain/calendar";
import { VN_HOLIDAYS } from "../../src/domain/holidays-vn";
import { type PeriodSpec, periodsBetween, periodsToOpen, type ScheduleRule } from "../../src/domain/periods";
import { addDays, daysBetween } from "../../src/domain/time";

const cal = new WorkingCalendar(VN_HOLIDAYS);

const rule = (over: Partial<ScheduleRule>): ScheduleRule => ({
  frequency: "quarterly",
  dueRuleKind: "fixed_days",
  dueRuleDays: 5,
  startsOn: "2025-01-01",
  ...over,
});

const windows = (ps: PeriodSpec[]) => ps.map((p) => [p.key, p.cutoffStart, p.cutoffEnd]);

describe("periodsBetween: Decree 09/2019 cut-off windows", () => {
  it("monthly: 15th of the previous month to the 14th, January starting 15/12", () => {
    const ps = periodsBetween(rule({ frequency: "monthly" }), "2026-01-01", "2026-03-31", cal);
    expect(windows(ps)).toEqual([
      ["2026-m01", "2025-12-15", "2026-01-14"],
      ["2026-m02", "2026-01-15", "2026-02-14"],
      ["2026-m03", "2026-02-15", "2026-03-14"],
    ]);
    expect(ps.map((p) => p.label)).toEqual(["Tháng 1/2026", "Tháng 2/2026", "Tháng 3/2026"]);
    const year = periodsBetween(rule({ frequency: "monthly" }), "2026-01-01", "2026-12-31", cal);
    expect(year).toHaveLength(12);
    expect(year.at(-1)?.key).toBe("2026-m12");
    // Consecutive windows tile the year with no gap and no overlap.
    for (let i = 1; i < year.length; i++)
      expect(year[i]!.cutoffStart).toBe(addDays(year[i - 1]!.cutoffEnd, 1));
  });

  it("quarterly: Q1 starts 15/12 of the previous year", () => {
    const ps = periodsBetween(rule({}), "2026-01-01", "2026-12-31", cal);
    expect(windows(ps)).toEqual([
      ["2026-q1", "2025-12-15", "2026-03-14"],
      ["2026-q2", "2026-03-15", "2026-06-14"],
      ["2026-q3", "2026-06-15", "2026-09-14"],
      ["2026-q4", "2026-09-15", "2026-12-14"],
    ]);
    expect(ps.map((p) => p.label)).toEqual(["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"]);
  });

  it("semiannual, nine-month and annual windows", () => {
    expect(
      windows(periodsBetween(rule({ frequency: "semiannual" }), "2026-01-01", "2026-12-31", cal)),
    ).toEqual([
      ["2026-h1", "2025-12-15", "2026-06-14"],
      ["2026-h2", "2026-06-15", "2026-12-14"],
    ]);
    expect(
      periodsBetween(rule({ frequency: "semiannual" }), "2026-01-01", "2026-12-31", cal).map((p) => p.label),
    ).toEqual(["6 tháng đầu năm 2026", "6 tháng cuối năm 2026"]);
    const nine = periodsBetween(rule({ frequency: "nine_month" }), "2026-01-01", "2026-12-31", cal);
    expect(windows(nine)).toEqual([["2026-9m", "2025-12-15", "2026-09-14"]]);
    expect(nine[0]?.label).toBe("9 tháng năm 2026");
    const annual = periodsBetween(rule({ frequency: "annual" }), "2025-01-01", "2026-12-31", cal);
    expect(windows(annual)).toEqual([
      ["2025-y", "2024-12-15", "2025-12-14"],
      ["2026-y", "2025-12-15", "2026-12-14"],
    ]);
    expect(annual[1]?.label).toBe("Năm 2026");
  });

  it("selects periods by cut-off end, across a year boundary", () => {
    const ps = periodsBetween(rule({ frequency: "monthly" }), "2025-12-01", "2026-01-20", cal);
    expect(ps.map((p) => p.key)).toEqual(["2025-m12", "2026-m01"]);
    expect(ps[0]?.cutoffStart).toBe("2025-11-15");
    expect(periodsBetween(rule({}), "2026-03-15", "2026-06-13", cal)).toEqual([]);
  });

  it("computes fixed-day due dates in calendar days", () => {
    const [q1] = periodsBetween(rule({ dueRuleDays: 5 }), "2026-03-14", "2026-03-14", cal);
    expect(q1?.dueOn).toBe("2026-03-19");
    const [m12] = periodsBetween(
      rule({ frequency: "monthly", dueRuleDays: 20 }),
      "2025-12-14",
      "2025-12-14",
      cal,
    );
    expect(m12?.dueOn).toBe("2026-01-03"); // crosses the year; no rolling for fixed days
  });

  it("computes working-day due dates over weekends and Tết", () => {
    const wd = (days: number, frequency: ScheduleRule["frequency"] = "quarterly") =>
      rule({ frequency, dueRuleKind: "working_days", dueRuleDays: days });
    // Q1 ends Sat 14/03/2026: Mon 16 .. Fri 20 are the 5 working days.
    expect(periodsBetween(wd(5), "2026-03-14", "2026-03-14", cal)[0]?.dueOn).toBe("2026-03-20");
    // February 2026 ends Sat 14/02, then Tết until Sun 22/02: Mon 23 .. Fri 27.
    expect(periodsBetween(wd(5, "monthly"), "2026-02-14", "2026-02-14", cal)[0]?.dueOn).toBe("2026-02-27");
    // January 2026 ends Wed 14/01: 15, 16, 19, 20, 21, 22, 23, 26, 27, 28.
    expect(periodsBetween(wd(10, "monthly"), "2026-01-14", "2026-01-14", cal)[0]?.dueOn).toBe("2026-01-28");
    // December 2025 ends Sun 14/12: 15..19 and 22..26/12.
    expect(periodsBetween(wd(10, "monthly"), "2025-12-14", "2025-12-14", cal)[0]?.dueOn).toBe("2025-12-26");
    // 15 working days cross the new-year break (01-04/01/2026): 29, 30, 31/12, then 05, 06/01.
    expect(periodsBetween(wd(15, "monthly"), "2025-12-14", "2025-12-14", cal)[0]?.dueOn).toBe("2026-01-06");
    // 19 working days: 07, 08, 09/01 and the make-up Saturday 10/01/2026.
    expect(periodsBetween(wd(19, "monthly"), "2025-12-14", "2025-12-14", cal)[0]?.dueOn).toBe("2026-01-10");
    expect(periodsBetween(wd(0), "2026-03-14", "2026-03-14", cal)[0]?.dueOn).toBe("2026-03-16");
  });

  it("opens 30 days before the cut-off end, never before the cut-off start", () => {
    const q = periodsBetween(rule({}), "2026-01-01", "2026-12-31", cal);
    expect(q.map((p) => p.opensOn)).toEqual(["2026-02-12", "2026-05-15", "2026-08-15", "2026-11-14"]);
    const m = periodsBetween(rule({ frequency: "monthly" }), "2026-01-01", "2026-03-31", cal);
    expect(m.map((p) => p.opensOn)).toEqual(["2025-12-15", "2026-01-15", "2026-02-15"]);
    for (const p of [...q, ...m]) {
      expect(p.opensOn >= p.cutoffStart).toBe(true);
      expect(daysBetween(p.opensOn, p.cutoffEnd)).toBeLessThanOrEqual(30);
    }
  });

  it("keeps to the schedule's life, judged by the cut-off end", () => {
    const r = rule({ startsOn: "2025-11-01", endsOn: "2026-06-30" });
    expect(periodsBetween(r, "2025-01-01", "2027-12-31", cal).map((p) => p.key)).toEqual([
      "2025-q4",
      "2026-q1",
      "2026-q2",
    ]);
  });

  it("one-off: the schedule's own window and name", () => {
    const r = rule({
      frequency: "one_off",
      name: "Sơ kết 6 tháng thực hiện Chỉ thị 52",
      startsOn: "2026-05-01",
      oneOffCutoffStart: "2025-10-03",
      oneOffCutoffEnd: "2026-04-30",
      dueRuleKind: "working_days",
      dueRuleDays: 3,
    });
    const ps = periodsBetween(r, "2026-01-01", "2026-12-31", cal);
    expect(ps).toEqual([
      {
        key: "once",
        label: "Sơ kết 6 tháng thực hiện Chỉ thị 52",
        cutoffStart: "2025-10-03",
        cutoffEnd: "2026-04-30",
        dueOn: "2026-05-06", // 01/05 off, weekend, then Mon 04, Tue 05, Wed 06
        opensOn: "2026-03-31",
      },
    ]);
    expect(periodsBetween(r, "2026-05-01", "2026-12-31", cal)).toEqual([]);
    expect(() => periodsBetween(rule({ frequency: "one_off" }), "2026-01-01", "2026-12-31", cal)).toThrow(
      RangeError,
    );
    expect(() => periodsBetween(rule({ dueRuleDays: -1 }), "2026-01-01", "2026-12-31", cal)).toThrow(
      RangeError,
    );
  });
});

describe("periodsToOpen", () => {
  const r = rule({ startsOn: "2025-11-01" });

  it("opens a period on its opensOn and keeps the last one while it is recent", () => {
    expect(periodsToOpen(r, "2026-02-11", cal).map((p) => p.key)).toEqual(["2025-q4"]);
    expect(periodsToOpen(r, "2026-02-12", cal).map((p) => p.key)).toEqual(["2025-q4", "2026-q1"]);
    // Q4/2025 was due 19/12/2025: still listed up to 60 days later (17/02/2026), not after.
    expect(periodsToOpen(r, "2026-02-17", cal).map((p) => p.key)).toEqual(["2025-q4", "2026-q1"]);
    expect(periodsToOpen(r, "2026-02-18", cal).map((p) => p.key)).toEqual(["2026-q1"]);
  });

  it("never returns a period before the schedule starts", () => {
    // Q3/2025 ended 14/09/2025, before startsOn.
    expect(periodsToOpen(r, "2025-09-20", cal)).toEqual([]);
    expect(periodsToOpen(r, "2025-11-14", cal).map((p) => p.key)).toEqual(["2025-q4"]);
  });

  it("monthly over new year: December and January periods", () => {
    const m = rule({
      frequency: "monthly",
      dueRuleKind: "working_days",
      dueRuleDays: 5,
      startsOn: "2025-01-01",
    });
    expect(periodsToOpen(m, "2025-12-15", cal).map((p) => p.key)).toEqual([
      "2025-m10",
      "2025-m11",
      "2025-m12",
      "2026-m01",
    ]);
  });

  it("matches the definition on every day of two years", () => {
    const m = rule({
      frequency: "monthly",
      dueRuleKind: "working_days",
      dueRuleDays: 10,
      startsOn: "2025-03-01",
    });
    const all = periodsBetween(m, "2025-01-01", "2027-12-31", cal);
    for (let today = "2025-06-01"; today <= "2027-06-01"; today = addDays(today, 9)) {
      const expected = all
        .filter((p) => p.opensOn <= today && p.dueOn >= addDays(today, -60))
        .map((p) => p.key);
      expect(
        periodsToOpen(m, today, cal).map((p) => p.key),
        today,
      ).toEqual(expected);
    }
  });
});
