import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SENDING_WINDOW, isSendingTime, WorkingCalendar } from "../../src/domain/calendar";
import { VN_HOLIDAYS } from "../../src/domain/holidays-vn";
import {
  evaluateLadder,
  type LadderObligation,
  ladderSchedule,
  type PolicyStep,
  type ScheduledStep,
  stepKey,
} from "../../src/domain/ladder";
import { addDays, formatDateTimeVi, instantAt } from "../../src/domain/time";

const cal = new WorkingCalendar(VN_HOLIDAYS);
const window = DEFAULT_SENDING_WINDOW;

const POLICY: PolicyStep[] = [
  { offsetDays: -7, audience: "reporters", template: "reminder" },
  { offsetDays: -3, audience: "reporters", template: "reminder" },
  { offsetDays: -1, audience: "reporters", template: "reminder" },
  { offsetDays: 0, audience: "reporters", template: "due_today" },
  { offsetDays: 1, audience: "reporters", template: "overdue" },
  { offsetDays: 5, audience: "superior", template: "escalation" },
  { offsetDays: 5, audience: "commission", template: "escalation" },
  { offsetDays: 10, audience: "leadership", template: "escalation_leadership" },
];

const obligation = (over: Partial<LadderObligation> = {}): LadderObligation => ({
  status: "pending",
  effectiveDueOn: "2026-02-13",
  chaseCycle: 0,
  ...over,
});

const keys = (steps: ScheduledStep[]) => steps.map((s) => s.stepKey);
const QUARTER_HOUR = 15 * 60 * 1000;

interface Sent {
  at: string;
  keys: string[];
  superseded: string[];
}

/**
 * Runs the engine on a simulated clock: a tick every 15 minutes, evaluating an obligation
 * only once its nextActionAt has come (as the indexed query does), recording what it returns.
 */
function simulate(
  ob: LadderObligation,
  from: number,
  to: number,
  recorded = new Set<string>(),
  onTick?: (now: number) => LadderObligation | undefined,
): { sent: Sent[]; recorded: Set<string>; evaluations: number } {
  const sent: Sent[] = [];
  let current = ob;
  let nextActionAt: number | null = from;
  let evaluations = 0;
  for (let now = from; now <= to; now += QUARTER_HOUR) {
    const changed = onTick?.(now);
    if (changed) {
      current = changed;
      nextActionAt = now; // the engine recomputes next_action_at when an obligation changes
    }
    if (nextActionAt === null || now < nextActionAt) continue;
    evaluations++;
    const d = evaluateLadder({ obligation: current, steps: POLICY, calendar: cal, window, now, recorded });
    for (const s of [...d.send, ...d.supersede]) {
      expect(recorded.has(s.stepKey), s.stepKey).toBe(false);
      recorded.add(s.stepKey);
    }
    if (d.send.length > 0 || d.supersede.length > 0) {
      sent.push({ at: formatDateTimeVi(now), keys: keys(d.send), superseded: keys(d.supersede) });
    }
    if (d.nextActionAt !== null) expect(d.nextActionAt).toBeGreaterThan(now);
    nextActionAt = d.nextActionAt;
  }
  return { sent, recorded, evaluations };
}

describe("ladderSchedule", () => {
  it("places every step on a working morning around Tết 2026 (due Fri 13/02/2026)", () => {
    const plan = ladderSchedule(obligation(), POLICY, cal, window);
    expect(plan.map((s) => [s.stepKey, formatDateTimeVi(s.scheduledAt)])).toEqual([
      ["pre:-7:reporters", "08:00 04/02/2026"],
      ["pre:-3:reporters", "08:00 10/02/2026"],
      ["pre:-1:reporters", "08:00 12/02/2026"],
      ["c0:0:reporters", "08:00 13/02/2026"],
      // Tết break 14/02-22/02: the next working day is Monday 23/02.
      ["c0:1:reporters", "08:00 23/02/2026"],
      ["c0:5:superior", "08:00 27/02/2026"],
      ["c0:5:commission", "08:00 27/02/2026"],
      ["c0:10:leadership", "08:00 06/03/2026"],
    ]);
  });

  it("skips the Giỗ Tổ compensatory day and 30/4-1/5 (due Mon 20/04/2026)", () => {
    const plan = ladderSchedule(obligation({ effectiveDueOn: "2026-04-20" }), POLICY, cal, window);
    expect(plan.map((s) => formatDateTimeVi(s.scheduledAt).slice(6))).toEqual([
      "09/04/2026",
      "15/04/2026",
      "17/04/2026",
      "20/04/2026",
      "21/04/2026",
      "28/04/2026",
      "28/04/2026",
      "07/05/2026",
    ]);
  });

  it("moves a deadline on a day off to the next working day (due Sun 15/03/2026)", () => {
    const plan = ladderSchedule(obligation({ effectiveDueOn: "2026-03-15" }), POLICY, cal, window);
    const at = (key: string) => formatDateTimeVi(plan.find((s) => s.stepKey === key)!.scheduledAt);
    expect(at("pre:-1:reporters")).toBe("08:00 13/03/2026");
    expect(at("c0:0:reporters")).toBe("08:00 16/03/2026");
    expect(at("c0:1:reporters")).toBe("08:00 17/03/2026");
  });

  it("sends on a make-up Saturday, which is a working day (due Mon 12/01/2026)", () => {
    const plan = ladderSchedule(obligation({ effectiveDueOn: "2026-01-12" }), POLICY, cal, window);
    expect(formatDateTimeVi(plan.find((s) => s.offsetDays === -1)!.scheduledAt)).toBe("08:00 10/01/2026");
    // -3: 10/01 (-1), 09/01 (-2), 08/01 (-3); -7 skips the new-year break to 31/12/2025.
    expect(formatDateTimeVi(plan.find((s) => s.offsetDays === -3)!.scheduledAt)).toBe("08:00 08/01/2026");
    expect(formatDateTimeVi(plan.find((s) => s.offsetDays === -7)!.scheduledAt)).toBe("08:00 31/12/2025");
  });

  it("keys steps before the deadline once and steps after it per chase cycle", () => {
    expect(stepKey({ offsetDays: -3, audience: "reporters" }, 2)).toBe("pre:-3:reporters");
    expect(stepKey({ offsetDays: 0, audience: "reporters" }, 2)).toBe("c2:0:reporters");
    expect(stepKey({ offsetDays: 10, audience: "leadership" }, 0)).toBe("c0:10:leadership");
  });
});

describe("evaluateLadder on a simulated clock", () => {
  it("sends every step once, in order, at 08:00 on its day, with Tết in the way", () => {
    const { sent, recorded, evaluations } = simulate(
      obligation(),
      instantAt("2026-01-20", 0),
      instantAt("2026-03-31", 0),
    );
    expect(sent).toEqual([
      { at: "08:00 04/02/2026", keys: ["pre:-7:reporters"], superseded: [] },
      { at: "08:00 10/02/2026", keys: ["pre:-3:reporters"], superseded: [] },
      { at: "08:00 12/02/2026", keys: ["pre:-1:reporters"], superseded: [] },
      { at: "08:00 13/02/2026", keys: ["c0:0:reporters"], superseded: [] },
      { at: "08:00 23/02/2026", keys: ["c0:1:reporters"], superseded: [] },
      { at: "08:00 27/02/2026", keys: ["c0:5:superior", "c0:5:commission"], superseded: [] },
      { at: "08:00 06/03/2026", keys: ["c0:10:leadership"], superseded: [] },
    ]);
    expect(recorded.size).toBe(8);
    // nextActionAt lets the engine look at the obligation only when something is due.
    expect(evaluations).toBe(8);
  });

  it("gives the same sends when evaluated on every tick (nextActionAt never hides a step)", () => {
    const recorded = new Set<string>();
    const sentAt: string[] = [];
    for (let now = instantAt("2026-01-20", 0); now <= instantAt("2026-03-31", 0); now += QUARTER_HOUR) {
      const d = evaluateLadder({
        obligation: obligation(),
        steps: POLICY,
        calendar: cal,
        window,
        now,
        recorded,
      });
      for (const s of [...d.send, ...d.supersede]) recorded.add(s.stepKey);
      if (d.send.length > 0) sentAt.push(formatDateTimeVi(now));
    }
    expect(sentAt).toEqual([
      "08:00 04/02/2026",
      "08:00 10/02/2026",
      "08:00 12/02/2026",
      "08:00 13/02/2026",
      "08:00 23/02/2026",
      "08:00 27/02/2026",
      "08:00 06/03/2026",
    ]);
  });

  it("stops the moment the report is submitted, and resumes when it is returned", () => {
    const changes = new Map<number, LadderObligation["status"]>([
      [instantAt("2026-02-12", 15), "submitted"],
      [instantAt("2026-02-25", 10), "returned"],
      [instantAt("2026-03-02", 9), "accepted"],
    ]);
    const applied: string[] = [];
    const { sent } = simulate(
      obligation(),
      instantAt("2026-01-20", 0),
      instantAt("2026-03-31", 0),
      new Set(),
      (now) => {
        const status = changes.get(now);
        if (!status) return undefined;
        applied.push(status);
        return obligation({ status });
      },
    );
    expect(applied).toEqual(["submitted", "returned", "accepted"]);
    expect(sent).toEqual([
      { at: "08:00 04/02/2026", keys: ["pre:-7:reporters"], superseded: [] },
      { at: "08:00 10/02/2026", keys: ["pre:-3:reporters"], superseded: [] },
      { at: "08:00 12/02/2026", keys: ["pre:-1:reporters"], superseded: [] },
      // Returned on 25/02 after the due date: the most advanced step due (+1) goes out at once,
      // the day-0 notice is superseded.
      { at: "10:00 25/02/2026", keys: ["c0:1:reporters"], superseded: ["c0:0:reporters"] },
      { at: "08:00 27/02/2026", keys: ["c0:5:superior", "c0:5:commission"], superseded: [] },
    ]);
  });

  it("starts a new cycle of after-deadline steps when the deadline is extended", () => {
    const { sent } = simulate(
      obligation(),
      instantAt("2026-01-20", 0),
      instantAt("2026-04-30", 0),
      new Set(),
      (now) =>
        now === instantAt("2026-02-24", 10)
          ? obligation({ effectiveDueOn: "2026-03-13", chaseCycle: 1 })
          : undefined,
    );
    expect(sent).toEqual([
      { at: "08:00 04/02/2026", keys: ["pre:-7:reporters"], superseded: [] },
      { at: "08:00 10/02/2026", keys: ["pre:-3:reporters"], superseded: [] },
      { at: "08:00 12/02/2026", keys: ["pre:-1:reporters"], superseded: [] },
      { at: "08:00 13/02/2026", keys: ["c0:0:reporters"], superseded: [] },
      { at: "08:00 23/02/2026", keys: ["c0:1:reporters"], superseded: [] },
      // Extended on 24/02 to Fri 13/03: reminders before the deadline are not repeated.
      { at: "08:00 13/03/2026", keys: ["c1:0:reporters"], superseded: [] },
      { at: "08:00 16/03/2026", keys: ["c1:1:reporters"], superseded: [] },
      { at: "08:00 20/03/2026", keys: ["c1:5:superior", "c1:5:commission"], superseded: [] },
      { at: "08:00 27/03/2026", keys: ["c1:10:leadership"], superseded: [] },
    ]);
  });

  it("an extension before the deadline keeps the unsent reminders for the new date", () => {
    const recorded = new Set(["pre:-7:reporters", "pre:-3:reporters"]);
    const ob = obligation({ effectiveDueOn: "2026-03-06", chaseCycle: 1 });
    const d = evaluateLadder({
      obligation: ob,
      steps: POLICY,
      calendar: cal,
      window,
      now: instantAt("2026-02-11", 10),
      recorded,
    });
    expect(d.send).toEqual([]);
    expect(d.supersede).toEqual([]);
    expect(formatDateTimeVi(d.nextActionAt!)).toBe("08:00 05/03/2026");
  });
});

describe("evaluateLadder: catching up and quiet hours", () => {
  const evaluate = (now: number, recorded: Iterable<string>, over: Partial<LadderObligation> = {}) =>
    evaluateLadder({
      obligation: obligation(over),
      steps: POLICY,
      calendar: cal,
      window,
      now,
      recorded: new Set(recorded),
    });

  it("after an outage sends only the most advanced step and supersedes the earlier ones", () => {
    const recorded = ["pre:-7:reporters", "pre:-3:reporters", "pre:-1:reporters", "c0:0:reporters"];
    const d = evaluate(instantAt("2026-03-02", 10), recorded);
    expect(keys(d.send)).toEqual(["c0:5:superior", "c0:5:commission"]);
    expect(keys(d.supersede)).toEqual(["c0:1:reporters"]);
    expect(d.send.map((s) => s.template)).toEqual(["escalation", "escalation"]);
    expect(formatDateTimeVi(d.nextActionAt!)).toBe("08:00 06/03/2026");
  });

  it("a period opened late sends the latest reminder only", () => {
    const d = evaluate(instantAt("2026-02-11", 9), []);
    expect(keys(d.send)).toEqual(["pre:-3:reporters"]);
    expect(keys(d.supersede)).toEqual(["pre:-7:reporters"]);
    expect(formatDateTimeVi(d.nextActionAt!)).toBe("08:00 12/02/2026");
  });

  it("sends nothing at night, at the end of the day, at weekends or during Tết", () => {
    const cases: [number, string[], string][] = [
      [
        instantAt("2026-02-13", 6),
        ["pre:-7:reporters", "pre:-3:reporters", "pre:-1:reporters"],
        "08:00 13/02/2026",
      ],
      [
        instantAt("2026-02-13", 17),
        ["pre:-7:reporters", "pre:-3:reporters", "pre:-1:reporters"],
        "08:00 23/02/2026",
      ],
      [instantAt("2026-02-07", 10), [], "08:00 09/02/2026"],
      [
        instantAt("2026-02-17", 10),
        ["pre:-7:reporters", "pre:-3:reporters", "pre:-1:reporters"],
        "08:00 23/02/2026",
      ],
      [instantAt("2026-02-12", 23, 45), ["pre:-7:reporters", "pre:-3:reporters"], "08:00 13/02/2026"],
    ];
    for (const [now, recorded, next] of cases) {
      const d = evaluate(now, recorded);
      expect(d.send, formatDateTimeVi(now)).toEqual([]);
      expect(d.supersede, formatDateTimeVi(now)).toEqual([]);
      expect(formatDateTimeVi(d.nextActionAt!), formatDateTimeVi(now)).toBe(next);
    }
  });

  it("gives nothing to submitted, accepted or waived obligations", () => {
    for (const status of ["submitted", "accepted", "waived"] as const) {
      const d = evaluate(instantAt("2026-03-02", 10), [], { status });
      expect(d).toEqual({ send: [], supersede: [], nextActionAt: null });
    }
    for (const status of ["pending", "draft", "returned"] as const) {
      expect(evaluate(instantAt("2026-03-02", 10), [], { status }).send.length).toBeGreaterThan(0);
    }
  });

  it("returns nextActionAt null once every step is recorded", () => {
    const all = ladderSchedule(obligation(), POLICY, cal, window).map((s) => s.stepKey);
    expect(evaluate(instantAt("2026-03-09", 10), all)).toEqual({
      send: [],
      supersede: [],
      nextActionAt: null,
    });
    const last = evaluate(instantAt("2026-03-09", 10), all.slice(0, -1));
    expect(keys(last.send)).toEqual(["c0:10:leadership"]);
    expect(last.nextActionAt).toBeNull();
  });

  it("never returns a recorded key, whatever the clock and the extensions", () => {
    const policyOffsets = POLICY.map((s) => s.offsetDays);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 900 }), // due date: days after 2025-01-15
        fc.array(fc.integer({ min: 1, max: 3 * 24 * 4 }), { minLength: 1, maxLength: 60 }), // tick gaps
        fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 3 }), // extension tick indexes
        (dueOffset, gaps, extendAt) => {
          let ob = obligation({ effectiveDueOn: addDays("2025-01-15", dueOffset) });
          const recorded = new Set<string>();
          let now = instantAt(addDays(ob.effectiveDueOn, -20), 0);
          gaps.forEach((gap, i) => {
            now += gap * QUARTER_HOUR;
            if (extendAt.includes(i)) {
              ob = { ...ob, effectiveDueOn: addDays(ob.effectiveDueOn, 7), chaseCycle: ob.chaseCycle + 1 };
            }
            const d = evaluateLadder({ obligation: ob, steps: POLICY, calendar: cal, window, now, recorded });
            const out = [...d.send, ...d.supersede];
            if (d.send.length > 0) {
              expect(isSendingTime(now, cal, window)).toBe(true);
              expect(new Set(d.send.map((s) => s.offsetDays)).size).toBe(1);
              expect(Math.max(...out.map((s) => s.offsetDays))).toBe(d.send[0]!.offsetDays);
            } else {
              expect(d.supersede).toEqual([]);
            }
            for (const s of out) {
              expect(recorded.has(s.stepKey)).toBe(false);
              expect(s.scheduledAt).toBeLessThanOrEqual(now);
              expect(policyOffsets).toContain(s.offsetDays);
              recorded.add(s.stepKey);
            }
            // The same call again returns nothing new.
            const again = evaluateLadder({
              obligation: ob,
              steps: POLICY,
              calendar: cal,
              window,
              now,
              recorded,
            });
            expect(again.send).toEqual([]);
            expect(again.supersede).toEqual([]);
            if (again.nextActionAt !== null) expect(again.nextActionAt).toBeGreaterThan(now);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
