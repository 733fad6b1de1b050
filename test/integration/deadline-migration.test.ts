import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCalendar } from "../../src/db/calendar";
import { seedDemo } from "../../src/demo/seed";
import { deadlineOf } from "../../src/domain/deadline";
import { addDays, instantAt } from "../../src/domain/time";
import { anObligation, anOrganisation, aPeriod, aReportForm, aSchedule } from "../support/builders";

/**
 * Migration 0005 recomputes `effective_due_on` of existing obligations in SQL. It must agree
 * with the application's one rule (`deadlineOf`) for every nominal date, including weekends,
 * holidays, holiday-then-weekend runs, make-up Saturdays and extensions.
 */
const db = env.DB;
const START = "2025-01-01";
const DAYS = 3 * 365;

function migrationQueries(name = "deadline_effective_day"): string[] {
  const m = env.TEST_MIGRATIONS.find((x) => x.name.includes(name));
  if (!m) throw new Error(`migration ${name} not found`);
  return m.queries;
}

/** The old rows of every case: one obligation per nominal date of 2025-2027, stored the pre-0006 way. */
beforeAll(async () => {
  await seedDemo(db, 0);
  await db.batch([
    aReportForm({ id: "mig-form" }),
    aSchedule({
      id: "mig-sch",
      name: "Báo cáo thử",
      dueRuleDays: 6,
      scopeKinds: '["provincial_committee"]',
      reviewerOrganisationId: "btgdv",
      formId: "mig-form",
      policyId: "policy-default",
      startsOn: "2025-01-01",
    }),
    aPeriod({
      id: "mig-period",
      scheduleId: "mig-sch",
      key: "k",
      label: "Kỳ thử",
      cutoffStart: "2024-12-01",
      cutoffEnd: "2024-12-31",
      dueOn: "2025-01-01",
      opensOn: "2024-12-01",
    }),
  ]);
  // One period per nominal date would be heavy: obligations of one period may carry any
  // nominal date through `extended_due_on`, as extensions do.
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < DAYS; i++) {
    statements.push(
      anOrganisation({
        id: `mig-org-${i}`,
        code: `MIG${i}`,
        name: `Đơn vị ${i}`,
        kind: "provincial_committee",
        path: `/mig/${i}/`,
        level: 1,
      }),
    );
  }
  for (let i = 0; i < DAYS; i++) {
    const nominal = addDays(START, i);
    // Old rows stored the nominal date as effective; half of them as an extension.
    const extended = i % 2 === 0;
    statements.push(
      anObligation({
        id: `mig-${i}`,
        periodId: "mig-period",
        organisationId: `mig-org-${i}`,
        status: "submitted",
        dueOn: extended ? "2024-12-31" : nominal,
        extendedDueOn: extended ? nominal : null,
        effectiveDueOn: nominal,
        policySnapshot: "[]",
        // Submitted at 10:00 on the day after the nominal date: late under the old rule.
        firstSubmittedAt: instantAt(addDays(nominal, 1), 10),
        onTime: false,
      }),
    );
  }
  for (let i = 0; i < statements.length; i += 100) await db.batch(statements.slice(i, i + 100));
});

describe("migrations 0006 and 0008: effective due dates recomputed by the one rule", () => {
  it("gives the same effective day as deadlineOf for every nominal date of 2025-2027, and re-decides on-time flags", async () => {
    for (const q of migrationQueries()) await db.prepare(q).run();

    const calendar = await loadCalendar(db);
    const { results } = await db
      .prepare(
        "select id, coalesce(extended_due_on, due_on) as nominal, effective_due_on, on_time from obligations where id like 'mig-%'",
      )
      .all<{ id: string; nominal: string; effective_due_on: string; on_time: number }>();
    expect(results).toHaveLength(DAYS);
    let moved = 0;
    for (const r of results) {
      const expected = deadlineOf(r.nominal, calendar);
      expect(r.effective_due_on, r.nominal).toBe(expected.effectiveOn);
      const submittedAt = instantAt(addDays(r.nominal, 1), 10);
      expect(r.on_time === 1, r.nominal).toBe(submittedAt < expected.endsAt);
      if (r.effective_due_on !== r.nominal) moved++;
    }
    // Weekends alone move about 2 days in 7.
    expect(moved).toBeGreaterThan(DAYS * 0.28);
  });

  it("migration 0008 adds the 2026 Quốc khánh swap with its source, fills the sources and recomputes by the same rule", async () => {
    // A database seeded before 0008: no swap rows, no sources; stale effective days and flags.
    await db.batch([
      db.prepare("delete from calendar_days where day in ('2026-08-22', '2026-08-31')"),
      db.prepare("update calendar_days set source = null"),
      db.prepare(
        "update obligations set effective_due_on = coalesce(extended_due_on, due_on), on_time = 0 where id like 'mig-%'",
      ),
    ]);
    for (const q of migrationQueries("calendar_day_sources")) {
      // The columns exist already: run the data part only (a statement may begin with comments).
      if (!/^\s*(--[^\n]*\n\s*)*ALTER TABLE/i.test(q)) await db.prepare(q).run();
    }
    const swap = await db
      .prepare(
        "select day, kind, source from calendar_days where day in ('2026-08-22', '2026-08-31') order by day",
      )
      .all<{ day: string; kind: string; source: string }>();
    expect(swap.results.map((r) => [r.day, r.kind])).toEqual([
      ["2026-08-22", "work"],
      ["2026-08-31", "off"],
    ]);
    for (const r of swap.results) expect(r.source).toContain("9441/TB-BNV");
    expect(
      await db.prepare("select count(*) as n from calendar_days where source is null").first<{ n: number }>(),
    ).toEqual({ n: 0 });

    const calendar = await loadCalendar(db);
    const { results } = await db
      .prepare(
        "select coalesce(extended_due_on, due_on) as nominal, effective_due_on, on_time from obligations where id like 'mig-%'",
      )
      .all<{ nominal: string; effective_due_on: string; on_time: number }>();
    expect(results).toHaveLength(DAYS);
    for (const r of results) {
      const expected = deadlineOf(r.nominal, calendar);
      expect(r.effective_due_on, r.nominal).toBe(expected.effectiveOn);
      expect(r.on_time === 1, r.nominal).toBe(instantAt(addDays(r.nominal, 1), 10) < expected.endsAt);
    }
    // Due on Saturday 29/08/2026: counted to the end of Thursday 03/09; due Saturday 22/08: that day.
    expect(deadlineOf("2026-08-29", calendar).effectiveOn).toBe("2026-09-03");
    expect(deadlineOf("2026-08-22", calendar).effectiveOn).toBe("2026-08-22");
  });
});
