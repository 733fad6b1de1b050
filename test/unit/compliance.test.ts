import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ObligationStatus } from "../../src/db/schema";
import {
  addObligation,
  aggregateIndicator,
  type ComplianceCounts,
  type ComplianceTotals,
  emptyCounts,
  isOpenDuring,
  type ObligationFacts,
  type OrganisationFacts,
  type PeriodFacts,
  rollup,
  summarise,
} from "../../src/domain/compliance";

/** An instant given as Vietnam wall-clock time (UTC+7). */
const vn = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  Date.UTC(y, mo - 1, d, h - 7, mi, s, ms);

const PERIOD: PeriodFacts = { cutoffStart: "2025-12-15", cutoffEnd: "2026-06-14", dueOn: "2026-06-20" };
const NOW = vn(2026, 6, 25, 10);

function org(id: string, parent: OrganisationFacts | null, over: Partial<OrganisationFacts> = {}) {
  return {
    id,
    parentId: parent ? parent.id : null,
    path: `${parent ? parent.path : "/"}${id}/`,
    openedOn: null,
    closedOn: null,
    ...over,
  } satisfies OrganisationFacts;
}

function ob(
  organisationId: string,
  status: ObligationStatus,
  firstSubmittedAt: number | null = null,
  over: Partial<ObligationFacts> = {},
): ObligationFacts {
  const onTime = firstSubmittedAt === null ? null : firstSubmittedAt < vn(2026, 6, 21);
  return {
    organisationId,
    status,
    dueOn: "2026-06-20",
    effectiveDueOn: "2026-06-20",
    firstSubmittedAt,
    onTime,
    ...over,
  };
}

describe("time rules", () => {
  it("a submission at 23:59:59.999 on the effective due date is on time, at 00:00 the next day late", () => {
    const end = (at: number) => {
      const acc = emptyCounts();
      addObligation(
        acc,
        {
          organisationId: "x",
          status: "submitted",
          dueOn: "2026-06-19",
          effectiveDueOn: "2026-06-19",
          firstSubmittedAt: at,
          onTime: null,
        },
        undefined,
        PERIOD,
        at,
      );
      return acc.onTime === 1;
    };
    expect(end(vn(2026, 6, 19, 23, 59, 59, 999))).toBe(true);
    expect(end(vn(2026, 6, 20, 0, 0, 0, 0))).toBe(false);
    // 19/06 18:00 UTC is already 20/06 01:00 in Vietnam.
    expect(end(Date.UTC(2026, 5, 19, 18))).toBe(false);
  });

  it("an organisation is open during the period unless opened after it or closed before it", () => {
    const o = (openedOn: string | null, closedOn: string | null) =>
      isOpenDuring({ openedOn, closedOn }, PERIOD);
    expect(o(null, null)).toBe(true);
    expect(o("2026-06-14", null)).toBe(true);
    expect(o("2026-06-15", null)).toBe(false);
    expect(o(null, "2025-12-15")).toBe(true);
    expect(o(null, "2025-12-14")).toBe(false);
    expect(o(null, "2026-03-01")).toBe(true);
  });
});

// The hand-computed example.
//   tw (own obligation: accepted, on time)
//   ├ hn  submitted late (first 21/06 00:00)
//   │ ├ hn-a draft (missing, overdue)
//   │ ├ hn-b closed 01/12/2025, before the period (not expected)
//   │ └ hn-c closed 01/03/2026, mid-period (expected, missing, overdue)
//   ├ hp  accepted on 10/06
//   │ ├ hp-a submitted 22/06 09:00, but extended to 23/06 (on time; the stored flag says late)
//   │ ├ hp-b returned, first submitted 20/06 23:59:59.999 (on time)
//   │ ├ hp-c waived
//   │ └ hp-d opened 01/07/2026, after the cut-off (not expected)
//   ├ dn  pending, extended to 30/06 (missing, not yet overdue on 25/06)
//   └ qn  no obligation at all
const tw = org("tw", null);
const hn = org("hn", tw);
const hp = org("hp", tw);
const dn = org("dn", tw);
const qn = org("qn", tw);
const TREE: OrganisationFacts[] = [
  tw,
  hn,
  hp,
  dn,
  qn,
  org("hn-a", hn),
  org("hn-b", hn, { closedOn: "2025-12-01" }),
  org("hn-c", hn, { closedOn: "2026-03-01" }),
  org("hp-a", hp),
  org("hp-b", hp),
  org("hp-c", hp),
  org("hp-d", hp, { openedOn: "2026-07-01" }),
];
const OBLIGATIONS: ObligationFacts[] = [
  ob("tw", "accepted", vn(2026, 6, 19, 8)),
  ob("hn", "submitted", vn(2026, 6, 21, 0, 0, 0, 0)),
  ob("hn-a", "draft"),
  ob("hn-b", "pending"),
  ob("hn-c", "pending"),
  ob("hp", "accepted", vn(2026, 6, 10, 15)),
  ob("hp-a", "submitted", vn(2026, 6, 22, 9), { effectiveDueOn: "2026-06-23", onTime: false }),
  ob("hp-b", "returned", vn(2026, 6, 20, 23, 59, 59, 999)),
  ob("hp-c", "waived"),
  ob("hp-d", "pending"),
  ob("dn", "pending", null, { effectiveDueOn: "2026-06-30" }),
];

// Every count at zero ("emptyCounts" below checks that it is).
const zero: ComplianceCounts = emptyCounts();
const totals = (
  c: Partial<ComplianceCounts>,
  reportingRate: number | null,
  timelinessRate: number | null,
): ComplianceTotals => ({ ...zero, ...c, reportingRate, timelinessRate });

describe("emptyCounts", () => {
  it("has the ten counts, each at zero", () => {
    expect(Object.keys(zero)).toHaveLength(10);
    expect(new Set(Object.values(zero))).toEqual(new Set([0]));
  });
});

describe("rollup: the hand-computed tree", () => {
  const result = rollup(TREE, OBLIGATIONS, "tw", { period: PERIOD, now: NOW });
  if (!result) throw new Error("root not found");
  const child = (id: string) => result.children.find((c) => c.organisationId === id)?.totals;

  it("root totals", () => {
    expect(result.root).toEqual(
      totals(
        {
          expected: 8,
          reported: 5,
          onTime: 4,
          late: 1,
          missing: 3,
          overdueMissing: 2,
          returned: 1,
          accepted: 2,
          waived: 1,
          notExpectedClosed: 2,
        },
        62.5,
        50,
      ),
    );
  });

  it("the root's own obligation", () => {
    expect(result.self).toEqual(totals({ expected: 1, reported: 1, onTime: 1, accepted: 1 }, 100, 100));
  });

  it("each direct child, in tree order, including one without obligations", () => {
    expect(result.children.map((c) => c.organisationId)).toEqual(["hn", "hp", "dn", "qn"]);
    const hnTotals = child("hn");
    expect(hnTotals).toMatchObject({
      expected: 3,
      reported: 1,
      onTime: 0,
      late: 1,
      missing: 2,
      overdueMissing: 2,
      notExpectedClosed: 1,
      timelinessRate: 0,
    });
    expect(hnTotals?.reportingRate).toBeCloseTo(100 / 3, 10);
    expect(child("hp")).toEqual(
      totals(
        { expected: 3, reported: 3, onTime: 3, returned: 1, accepted: 1, waived: 1, notExpectedClosed: 1 },
        100,
        100,
      ),
    );
    expect(child("dn")).toEqual(totals({ expected: 1, missing: 1 }, 0, 0));
    expect(child("qn")).toEqual(totals({}, null, null));
  });

  it("drills down into a subtree", () => {
    const sub = rollup(TREE, OBLIGATIONS, "hn", { period: PERIOD, now: NOW });
    expect(sub?.root).toEqual(child("hn"));
    expect(sub?.children.map((c) => [c.organisationId, c.totals.expected, c.totals.overdueMissing])).toEqual([
      ["hn-a", 1, 1],
      ["hn-b", 0, 0],
      ["hn-c", 1, 1],
    ]);
    expect(sub?.self).toEqual(totals({ expected: 1, reported: 1, late: 1 }, 100, 0));
  });

  it("a missing report becomes overdue only once its effective due date has ended", () => {
    const before = rollup(TREE, OBLIGATIONS, "tw", { period: PERIOD, now: vn(2026, 6, 20, 23, 59) });
    expect(before?.root.missing).toBe(3);
    expect(before?.root.overdueMissing).toBe(0);
    const afterExtension = rollup(TREE, OBLIGATIONS, "tw", { period: PERIOD, now: vn(2026, 7, 1, 0) });
    expect(afterExtension?.root.overdueMissing).toBe(3);
  });

  it("an unknown root gives null", () => {
    expect(rollup(TREE, OBLIGATIONS, "nope", { period: PERIOD, now: NOW })).toBeNull();
  });
});

describe("summarise", () => {
  it("without organisations every obligation counts as open", () => {
    const t = summarise(OBLIGATIONS, { period: PERIOD, now: NOW });
    // hn-b and hp-d are now expected (and missing, overdue).
    expect(t).toMatchObject({
      expected: 10,
      reported: 5,
      missing: 5,
      overdueMissing: 4,
      notExpectedClosed: 0,
    });
    expect(t.reportingRate).toBe(50);
    expect(t.timelinessRate).toBe(40);
  });

  it("with organisations it agrees with the rollup root", () => {
    const organisations = new Map(TREE.map((o) => [o.id, o]));
    const t = summarise(OBLIGATIONS, { period: PERIOD, now: NOW, organisations });
    expect(t).toEqual(rollup(TREE, OBLIGATIONS, "tw", { period: PERIOD, now: NOW })?.root);
  });

  it("uses the stored on-time flag only when the submission instant is missing", () => {
    const t = summarise(
      [
        ob("a", "submitted", null, { onTime: true }),
        ob("b", "accepted", null, { onTime: false }),
        ob("c", "returned", null, { onTime: null }),
      ],
      { period: PERIOD, now: NOW },
    );
    expect(t).toMatchObject({ expected: 3, reported: 3, onTime: 1, late: 2, returned: 1, accepted: 1 });
  });

  it("a report being reworked after return counts as reported", () => {
    const t = summarise([ob("a", "draft", vn(2026, 6, 18))], { period: PERIOD, now: NOW });
    expect(t).toMatchObject({ expected: 1, reported: 1, onTime: 1, missing: 0 });
  });

  it("nothing expected gives null rates, not 0 or NaN", () => {
    const t = summarise([ob("a", "waived")], { period: PERIOD, now: NOW });
    expect(t).toEqual(totals({ waived: 1 }, null, null));
  });
});

describe("rollup: property against a brute-force recomputation", () => {
  const DATES = ["2025-11-01", "2025-12-14", "2025-12-15", "2026-03-01", "2026-06-14", "2026-06-15", null];
  const DUES = ["2026-06-18", "2026-06-20", "2026-06-25", "2026-07-05"];
  const STATUSES: ObligationStatus[] = ["pending", "draft", "submitted", "returned", "accepted", "waived"];

  const arbWorld = fc
    .array(
      fc.record({
        parent: fc.nat(),
        openedOn: fc.constantFrom(...DATES),
        closedOn: fc.constantFrom(...DATES),
        obligations: fc.array(
          fc.record({
            status: fc.constantFrom(...STATUSES),
            effectiveDueOn: fc.constantFrom(...DUES),
            submittedDay: fc.option(fc.integer({ min: 10, max: 30 }), { nil: null }),
            submittedHour: fc.integer({ min: 0, max: 23 }),
            onTime: fc.option(fc.boolean(), { nil: null }),
          }),
          { maxLength: 2 },
        ),
      }),
      { minLength: 1, maxLength: 40 },
    )
    .chain((nodes) =>
      fc.tuple(fc.constant(nodes), fc.nat({ max: nodes.length - 1 }), fc.integer({ min: 15, max: 35 })),
    );

  it("root, self and each child equal a recomputation by walking parent links", () => {
    fc.assert(
      fc.property(arbWorld, ([nodes, rootIndex, nowDay]) => {
        const tree: OrganisationFacts[] = [];
        const obligations: ObligationFacts[] = [];
        nodes.forEach((n, i) => {
          const parent = i === 0 ? null : (tree[n.parent % i] ?? null);
          tree.push(org(`o${i}`, parent, { openedOn: n.openedOn, closedOn: n.closedOn }));
          for (const o of n.obligations) {
            // pending/draft with a first submission would be a rework; keep them unsubmitted
            // here unless the status says reported, to cover both branches.
            const submitted = o.submittedDay !== null && o.status !== "pending" ? o.submittedDay : null;
            obligations.push({
              organisationId: `o${i}`,
              status: o.status,
              dueOn: "2026-06-20",
              effectiveDueOn: o.effectiveDueOn,
              firstSubmittedAt: submitted === null ? null : vn(2026, 6, submitted, o.submittedHour),
              onTime: o.onTime,
            });
          }
        });
        const now = vn(2026, 6, nowDay, 12);
        const rootId = `o${rootIndex}`;
        const result = rollup(tree, obligations, rootId, { period: PERIOD, now });
        if (!result) return false;

        const parentOf = new Map(tree.map((o) => [o.id, o.parentId]));
        const isUnder = (id: string, ancestor: string) => {
          for (let cur: string | null | undefined = id; cur; cur = parentOf.get(cur))
            if (cur === ancestor) return true;
          return false;
        };
        const organisations = new Map(tree.map((o) => [o.id, o]));
        const brute = (pred: (orgId: string) => boolean) =>
          summarise(
            obligations.filter((o) => pred(o.organisationId)),
            { period: PERIOD, now, organisations },
          );

        expect(result.root).toEqual(brute((id) => isUnder(id, rootId)));
        expect(result.self).toEqual(brute((id) => id === rootId));
        const childIds = tree.filter((o) => o.parentId === rootId).map((o) => o.id);
        expect(result.children.map((c) => c.organisationId)).toEqual(childIds);
        for (const c of result.children) {
          expect(c.totals).toEqual(brute((id) => isUnder(id, c.organisationId)));
        }

        // Counts partition as the definitions say.
        const r = result.root;
        expect(r.reported + r.missing).toBe(r.expected);
        expect(r.onTime + r.late).toBe(r.reported);
        expect(r.overdueMissing).toBeLessThanOrEqual(r.missing);
        const sum = (k: keyof ComplianceCounts) =>
          result.self[k] + result.children.reduce((s, c) => s + c.totals[k], 0);
        for (const k of Object.keys(zero) as (keyof ComplianceCounts)[]) expect(sum(k)).toBe(r[k]);
        if (r.expected === 0) expect(r.reportingRate).toBeNull();
        else expect(r.reportingRate).toBeCloseTo((r.reported / r.expected) * 100, 10);
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it("handles 60,000 organisations in linear time", () => {
    const tree: OrganisationFacts[] = [tw];
    const obligations: ObligationFacts[] = [];
    // 40 committees, each with 1,500 units below: a wide, realistic shape.
    for (let p = 0; p < 40; p++) {
      const province = org(`p${p}`, tw);
      tree.push(province);
      for (let u = 0; u < 1_500; u++) {
        const unit = org(`p${p}-u${u}`, province);
        tree.push(unit);
        obligations.push(
          ob(unit.id, u % 3 === 0 ? "pending" : "submitted", u % 3 === 0 ? null : vn(2026, 6, 19)),
        );
      }
    }
    const result = rollup(tree, obligations, "tw", { period: PERIOD, now: NOW });
    expect(result?.root.expected).toBe(60_000);
    expect(result?.root.reported).toBe(40_000);
    expect(result?.children).toHaveLength(40);
    expect(result?.children[0]?.totals.expected).toBe(1_500);
  });
});

describe("aggregateIndicator", () => {
  const values = [
    { organisationId: "a", value: 90, population: 1_000_000 },
    { organisationId: "b", value: 96, population: 3_000_000 },
    { organisationId: "c", value: 99 },
    { organisationId: "d", value: null, population: 500_000 },
    { organisationId: "e", value: 80, population: 0 },
  ];

  it("sum", () => {
    expect(aggregateIndicator(values, "sum")).toEqual({
      method: "sum",
      value: 90 + 96 + 99 + 80,
      included: 4,
      excluded: 1,
      totalPopulation: null,
    });
  });

  it("plain average", () => {
    expect(aggregateIndicator(values, "avg")).toEqual({
      method: "avg",
      value: (90 + 96 + 99 + 80) / 4,
      included: 4,
      excluded: 1,
      totalPopulation: null,
    });
  });

  it("population-weighted average leaves out organisations without population", () => {
    // (90 * 1M + 96 * 3M) / 4M = 94.5; c (no population), d (no value), e (population 0) excluded.
    expect(aggregateIndicator(values, "weighted_avg")).toEqual({
      method: "weighted_avg",
      value: 94.5,
      included: 2,
      excluded: 3,
      totalPopulation: 4_000_000,
    });
  });

  it("no usable value gives null for every method", () => {
    expect(aggregateIndicator([], "sum").value).toBeNull();
    expect(aggregateIndicator([], "avg").value).toBeNull();
    expect(aggregateIndicator([{ organisationId: "c", value: 99 }], "weighted_avg")).toMatchObject({
      value: null,
      included: 0,
      excluded: 1,
    });
  });
});
