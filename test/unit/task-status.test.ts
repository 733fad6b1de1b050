import { describe, expect, it } from "vitest";
import {
  describeTaskStatus,
  TASK_STATUS_CODES,
  TASK_STATUS_LABELS,
  type TaskFacts,
  taskStatus,
} from "../../src/domain/task-status";

const TODAY = "2026-03-10";
const task = (over: Partial<TaskFacts>): TaskFacts => ({
  dueOn: null,
  progress: 0,
  completedOn: null,
  ...over,
});

describe("taskStatus", () => {
  describe("unfinished tasks around the deadline", () => {
    it.each([
      ["due 4 days ahead, started", "2026-03-14", 40, "in_progress"],
      ["due 4 days ahead, not started", "2026-03-14", 0, "not_started"],
      ["due in exactly 3 days", "2026-03-13", 40, "due_soon"],
      ["due in 3 days, not started (warning beats not started)", "2026-03-13", 0, "due_soon"],
      ["due tomorrow", "2026-03-11", 90, "due_soon"],
      ["due today", "2026-03-10", 50, "due_soon"],
      ["due yesterday", "2026-03-09", 50, "in_progress_overdue"],
      ["due yesterday, never started (still counted as overdue)", "2026-03-09", 0, "in_progress_overdue"],
      ["due a year ago", "2025-03-10", 99, "in_progress_overdue"],
    ])("%s", (_name, dueOn, progress, expected) => {
      expect(taskStatus(task({ dueOn, progress }), TODAY)).toBe(expected);
    });

    it("counts days across a month end and a leap day", () => {
      // 2028 is a leap year: 27/02 + 3 days = 01/03.
      expect(taskStatus(task({ dueOn: "2028-03-01", progress: 10 }), "2028-02-27")).toBe("due_soon");
      expect(taskStatus(task({ dueOn: "2028-03-02", progress: 10 }), "2028-02-27")).toBe("in_progress");
      // 2026 is not: 26/02 + 3 days = 01/03.
      expect(taskStatus(task({ dueOn: "2026-03-01", progress: 10 }), "2026-02-26")).toBe("due_soon");
      expect(taskStatus(task({ dueOn: "2026-03-02", progress: 10 }), "2026-02-26")).toBe("in_progress");
    });

    it("counts days across a year end", () => {
      expect(taskStatus(task({ dueOn: "2027-01-02", progress: 10 }), "2026-12-30")).toBe("due_soon");
      expect(taskStatus(task({ dueOn: "2027-01-03", progress: 10 }), "2026-12-30")).toBe("in_progress");
      expect(taskStatus(task({ dueOn: "2026-12-31", progress: 10 }), "2027-01-01")).toBe(
        "in_progress_overdue",
      );
    });
  });

  describe("finished tasks", () => {
    it("finished on the due date is on time", () => {
      expect(taskStatus(task({ dueOn: "2026-03-01", progress: 100, completedOn: "2026-03-01" }), TODAY)).toBe(
        "done_on_time",
      );
    });

    it("finished a day late is late", () => {
      expect(taskStatus(task({ dueOn: "2026-03-01", progress: 100, completedOn: "2026-03-02" }), TODAY)).toBe(
        "done_late",
      );
    });

    it("finished early is on time even when the deadline is still ahead or just passed", () => {
      expect(taskStatus(task({ dueOn: "2026-03-11", progress: 100, completedOn: "2026-03-05" }), TODAY)).toBe(
        "done_on_time",
      );
      expect(taskStatus(task({ dueOn: "2026-03-09", progress: 100, completedOn: "2026-03-05" }), TODAY)).toBe(
        "done_on_time",
      );
    });

    it("a recorded completion date wins over a progress below 100", () => {
      expect(taskStatus(task({ dueOn: "2026-03-01", progress: 80, completedOn: "2026-02-20" }), TODAY)).toBe(
        "done_on_time",
      );
    });

    it("progress 100 without a completion date counts as finished today", () => {
      expect(taskStatus(task({ dueOn: "2026-03-10", progress: 100 }), TODAY)).toBe("done_on_time");
      expect(taskStatus(task({ dueOn: "2026-03-20", progress: 100 }), TODAY)).toBe("done_on_time");
      expect(taskStatus(task({ dueOn: "2026-03-09", progress: 100 }), TODAY)).toBe("done_late");
    });

    it("a finished task without deadline is on time", () => {
      expect(taskStatus(task({ progress: 100, completedOn: "2026-01-01" }), TODAY)).toBe("done_on_time");
      expect(taskStatus(task({ progress: 100 }), TODAY)).toBe("done_on_time");
    });
  });

  describe("tasks without deadline", () => {
    it.each([0, 1, 50, 99])("progress %i is 'no deadline'", (progress) => {
      expect(taskStatus(task({ progress }), TODAY)).toBe("no_deadline");
    });
  });

  it("ignores the start date for the status", () => {
    const later = task({ dueOn: "2026-06-30", progress: 0, startOn: "2026-04-01" });
    const earlier = task({ dueOn: "2026-06-30", progress: 0, startOn: "2026-01-01" });
    expect(taskStatus(later, TODAY)).toBe("not_started");
    expect(taskStatus(earlier, TODAY)).toBe("not_started");
    expect(taskStatus({ ...later, progress: 5 }, TODAY)).toBe("in_progress");
  });

  it("rejects malformed input rather than guessing", () => {
    expect(() => taskStatus(task({ dueOn: "10/03/2026" }), TODAY)).toThrow(RangeError);
    expect(() => taskStatus(task({ dueOn: "2026-02-30" }), TODAY)).toThrow(RangeError);
    expect(() => taskStatus(task({ progress: 101 }), TODAY)).toThrow(RangeError);
    expect(() => taskStatus(task({ progress: -1 }), TODAY)).toThrow(RangeError);
    expect(() => taskStatus(task({}), "2026-3-10")).toThrow(RangeError);
  });
});

describe("describeTaskStatus", () => {
  it("gives the Vietnamese label, tone and days left", () => {
    expect(describeTaskStatus(task({ dueOn: "2026-03-12", progress: 30 }), TODAY)).toEqual({
      code: "due_soon",
      label: "Sắp đến hạn",
      tone: "warning",
      daysLeft: 2,
    });
    expect(describeTaskStatus(task({ dueOn: "2026-03-07", progress: 30 }), TODAY)).toEqual({
      code: "in_progress_overdue",
      label: "Đang thực hiện quá hạn",
      tone: "danger",
      daysLeft: -3,
    });
    expect(describeTaskStatus(task({ dueOn: "2026-03-07", completedOn: "2026-03-08" }), TODAY)).toEqual({
      code: "done_late",
      label: "Hoàn thành quá hạn",
      tone: "warning",
      daysLeft: null,
    });
  });

  it("has a label for every code, all distinct", () => {
    const labels = TASK_STATUS_CODES.map((c) => TASK_STATUS_LABELS[c]);
    expect(new Set(labels).size).toBe(TASK_STATUS_CODES.length);
    expect(labels).toEqual([
      "Hoàn thành đúng hạn",
      "Hoàn thành quá hạn",
      "Đang thực hiện trong hạn",
      "Đang thực hiện quá hạn",
      "Chưa thực hiện",
      "Sắp đến hạn",
      "Không có thời hạn",
    ]);
  });
});
