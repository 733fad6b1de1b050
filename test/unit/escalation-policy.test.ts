import { describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../src/domain/calendar";
import {
  describeLadder,
  ladderTimeline,
  normalisedSteps,
  offsetLabel,
  policySchema,
  templateFor,
} from "../../src/domain/escalation-policy";
import { HOLIDAYS_2026 } from "../../src/domain/holidays-vn";

describe("escalation policy domain", () => {
  it("derives each rung's template from its audience and side of the deadline", () => {
    expect(templateFor({ offsetDays: -3, audience: "reporters" })).toBe("reminder_before");
    expect(templateFor({ offsetDays: 0, audience: "reporters" })).toBe("due_today");
    expect(templateFor({ offsetDays: 2, audience: "reporters" })).toBe("overdue");
    expect(templateFor({ offsetDays: 5, audience: "superior" })).toBe("escalation_superior");
    expect(templateFor({ offsetDays: 10, audience: "leadership" })).toBe("escalation_leadership");
  });

  it("labels offsets in working days", () => {
    expect(offsetLabel(-7)).toBe("7 ngày làm việc trước hạn");
    expect(offsetLabel(0)).toBe("Ngày đến hạn");
    expect(offsetLabel(10)).toBe("10 ngày làm việc sau hạn");
  });

  it("orders steps and groups the audiences of one day on the timeline", () => {
    const steps = normalisedSteps([
      { offsetDays: 5, audience: "commission" },
      { offsetDays: -1, audience: "reporters" },
      { offsetDays: 5, audience: "superior" },
    ]);
    expect(steps.map((s) => `${s.offsetDays}:${s.audience}`)).toEqual([
      "-1:reporters",
      "5:superior",
      "5:commission",
    ]);
    const points = ladderTimeline(steps);
    expect(points.map((p) => [p.offsetDays, p.audiences.length])).toEqual([
      [-1, 1],
      [5, 2],
    ]);
    expect(describeLadder(steps)).toBe(
      "Nhắc 1 ngày làm việc trước hạn; sau hạn 5 ngày làm việc: báo cấp ủy cấp trên, báo Ban",
    );
  });

  it("dates the timeline in working days around a due date that falls in Tết", () => {
    const calendar = new WorkingCalendar(HOLIDAYS_2026);
    // Due on Tuesday 17/02/2026 (Tết): the ladder counts from the next working day, 23/02.
    const points = ladderTimeline(
      normalisedSteps([
        { offsetDays: -1, audience: "reporters" },
        { offsetDays: 0, audience: "reporters" },
        { offsetDays: 1, audience: "reporters" },
      ]),
      { dueOn: "2026-02-17", calendar },
    );
    expect(points.map((p) => p.exampleDate)).toEqual(["13/02/2026", "23/02/2026", "24/02/2026"]);
  });

  it("refuses duplicate rungs, escalation before the deadline and offsets out of range", () => {
    const r = policySchema.safeParse({
      name: "x",
      organisationId: "tw",
      steps: [
        { offsetDays: -1, audience: "superior" },
        { offsetDays: 2, audience: "reporters" },
        { offsetDays: 2, audience: "reporters" },
        { offsetDays: 61, audience: "leadership" },
      ],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining(["steps.0.audience", "steps.2.offsetDays", "steps.3.offsetDays"]),
    );
  });
});
