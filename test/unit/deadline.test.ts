import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calendarFromRows } from "../../src/domain/calendar";
import {
  deadlineOf,
  deadlineStanding,
  formatDeadline,
  formatLateness,
  formatRemaining,
  formatStanding,
  formatSubmittedLateLabel,
  isOnTime,
  lastPassedDueOn,
  workingDaysLate,
  workingDaysLeftSigned,
} from "../../src/domain/deadline";
import { VN_HOLIDAYS } from "../../src/domain/holidays-vn";
import { addDays, instantAt, localDate } from "../../src/domain/time";

const CAL = calendarFromRows(VN_HOLIDAYS);

describe("deadlineOf (Civil Code art. 148(5))", () => {
  it("a working day stays as it is", () => {
    const d = deadlineOf("2026-12-18", CAL); // Friday
    expect(d.effectiveOn).toBe("2026-12-18");
    expect(formatDeadline(d, CAL)).toBe("18/12/2026");
  });

  it("Saturday and Sunday move to Monday", () => {
    expect(deadlineOf("2026-06-20", CAL).effectiveOn).toBe("2026-06-22"); // Saturday
    const sunday = deadlineOf("2026-12-20", CAL);
    expect(sunday.effectiveOn).toBe("2026-12-21");
    expect(formatDeadline(sunday, CAL)).toBe("20/12/2026 (Chủ nhật), tính đến hết 21/12/2026");
  });

  it("a holiday followed by a weekend moves past all of it (30/4 - 3/5/2026 to Mon 4/5)", () => {
    const d = deadlineOf("2026-04-30", CAL);
    expect(d.effectiveOn).toBe("2026-05-04");
    expect(formatDeadline(d, CAL)).toBe(
      "30/04/2026 (Ngày Giải phóng miền Nam, thống nhất đất nước), tính đến hết 04/05/2026",
    );
  });

  it("a weekend before a compensatory day off moves past both (Sat 25/4/2026 to Tue 28/4)", () => {
    expect(deadlineOf("2026-04-25", CAL).effectiveOn).toBe("2026-04-28");
  });

  it("a make-up working Saturday is a working day (Sat 10/01/2026)", () => {
    expect(deadlineOf("2026-01-10", CAL).effectiveOn).toBe("2026-01-10");
  });

  it("the deadline ends at local midnight after the effective day", () => {
    const d = deadlineOf("2026-12-20", CAL);
    expect(new Date(d.endsAt).toISOString()).toBe("2026-12-21T17:00:00.000Z");
    expect(isOnTime(d, d.endsAt - 1)).toBe(true);
    expect(isOnTime(d, d.endsAt)).toBe(false);
  });
});

describe("standing in working days", () => {
  const sunday = deadlineOf("2026-12-20", CAL);
  it("Friday before a Sunday deadline: 1 working day left (Monday)", () => {
    const s = deadlineStanding(sunday, instantAt("2026-12-18", 8), CAL);
    expect(s).toEqual({ kind: "upcoming", workingDaysLeft: 1 });
    expect(formatStanding(s)).toBe("còn 1 ngày làm việc");
  });
  it("Monday is the last day, Tuesday is 1 working day late", () => {
    expect(deadlineStanding(sunday, instantAt("2026-12-21", 8), CAL)).toEqual({ kind: "due_today" });
    expect(deadlineStanding(sunday, instantAt("2026-12-22", 8), CAL)).toEqual({
      kind: "overdue",
      workingDaysLate: 1,
    });
    expect(workingDaysLate(sunday, instantAt("2026-12-21", 23, 59), CAL)).toBe(0);
  });
  it("a holiday deadline submitted on the next working day is on time", () => {
    const holiday = deadlineOf("2026-04-30", CAL);
    expect(isOnTime(holiday, instantAt("2026-05-04", 8))).toBe(true);
    expect(deadlineStanding(holiday, instantAt("2026-05-04", 8), CAL).kind).toBe("due_today");
    // Tuesday 05/05 is 1 working day late; days off in between do not count.
    expect(workingDaysLate(holiday, instantAt("2026-05-05", 9), CAL)).toBe(1);
  });
  it("a submission on the Saturday after a Friday deadline is 1 working day late", () => {
    expect(workingDaysLate(deadlineOf("2026-12-18", CAL), instantAt("2026-12-19", 9), CAL)).toBe(1);
  });
  it("wording always names the unit", () => {
    expect(formatLateness(3)).toBe("quá hạn 3 ngày làm việc");
    expect(formatRemaining(2)).toBe("còn 2 ngày làm việc");
    expect(formatSubmittedLateLabel(3)).toBe("Nộp muộn 3 ngày làm việc");
    // Late by the stored flag but no count against the deadline now in force (extended since).
    expect(formatSubmittedLateLabel(0)).toBe("Nộp muộn");
  });

  it("property: on time exactly when not overdue, and the signed count agrees with the standing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 365 - 40 }),
        fc.integer({ min: -20 * 24 * 60, max: 40 * 24 * 60 }),
        (dayOffset, minutes) => {
          const nominal = addDays("2025-01-01", dayOffset);
          const d = deadlineOf(nominal, CAL);
          expect(CAL.isWorkingDay(d.effectiveOn)).toBe(true);
          expect(d.effectiveOn >= nominal).toBe(true);
          for (let x = nominal; x < d.effectiveOn; x = addDays(x, 1)) expect(CAL.isWorkingDay(x)).toBe(false);
          const at = instantAt(nominal, 0) + minutes * 60_000;
          const s = deadlineStanding(d, at, CAL);
          expect(isOnTime(d, at)).toBe(s.kind !== "overdue");
          expect(workingDaysLate(d, at, CAL) > 0).toBe(s.kind === "overdue");
          const signed = workingDaysLeftSigned(d, at, CAL);
          expect(Math.sign(signed)).toBe(s.kind === "upcoming" ? 1 : s.kind === "overdue" ? -1 : 0);
          expect(localDate(at) === d.effectiveOn).toBe(s.kind === "due_today");
        },
      ),
    );
  });
});

describe("lastPassedDueOn: which due dates have passed, by the same rule", () => {
  it("a Sunday deadline has not passed on Monday, and has on Tuesday", () => {
    expect(lastPassedDueOn("2026-12-21", CAL)).toBe("2026-12-18");
    expect("2026-12-20" <= lastPassedDueOn("2026-12-21", CAL)).toBe(false);
    expect("2026-12-20" <= lastPassedDueOn("2026-12-22", CAL)).toBe(true);
  });

  it("agrees with deadlineOf for every due date and day (2025-2027)", () => {
    const day = fc.integer({ min: 0, max: 1000 }).map((n) => addDays("2025-01-01", n));
    fc.assert(
      fc.property(day, day, (due, today) => {
        const passed = deadlineOf(due, CAL).effectiveOn < today;
        expect(due <= lastPassedDueOn(today, CAL)).toBe(passed);
      }),
      { numRuns: 2000 },
    );
  });
});
