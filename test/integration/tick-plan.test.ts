/**
 * planObligations hands the send steps only sendable notifications: superseded markers (steps
 * skipped in a catch-up, steps with nobody to tell) are recorded but not in `notificationIds`,
 * so the Workflow's slices of 100 ids become full provider calls.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo/seed";
import { instantAt } from "../../src/domain/time";
import { openPeriodFully } from "../../src/engine/periods";
import { findDueObligations, planObligations } from "../../src/engine/tick";
import { configFor } from "../../src/platform/config";
import { aPeriod } from "../support/builders";

// The Hà Nội communes' monthly report was due 18/11; a week later several rungs are due at once.
const NOW = instantAt("2026-11-25", 9);

beforeAll(async () => {
  await seedDemo(env.DB, NOW - 3_600_000);
});

describe("planning a page of due obligations", () => {
  it("returns only pending notifications to send and counts the markers as recorded", async () => {
    const ids = await findDueObligations(env.DB, NOW);
    expect(ids.length).toBeGreaterThan(0);
    const plan = await planObligations(env, configFor(env), ids, NOW);
    const { results } = await env.DB.prepare(
      "select id, status from notifications where created_at = ? and obligation_id is not null",
    )
      .bind(NOW)
      .all<{ id: string; status: string }>();
    const pending = results.filter((r) => r.status === "pending").map((r) => r.id);
    const markers = results.filter((r) => r.status === "superseded");
    // A catch-up: some steps were skipped, some are to be sent.
    expect(markers.length).toBeGreaterThan(0);
    expect(pending.length).toBeGreaterThan(0);
    expect([...plan.notificationIds].sort()).toEqual([...pending].sort());
    expect(plan.recorded).toBe(results.length);

    // Re-planning the same obligations records nothing new.
    const again = await planObligations(env, configFor(env), ids, NOW);
    expect(again.recorded).toBe(0);
    expect(again.notificationIds).toEqual([]);
  });
});

describe("opening a period", () => {
  it("reports the obligations it inserted, and none on a re-run", async () => {
    await aPeriod({
      id: "per-reopen",
      scheduleId: "sch-52-6m",
      key: "test-reopen",
      label: "Kỳ thử",
      dueOn: "2026-12-24",
      opensOn: "2026-11-14",
      status: "opening",
      createdAt: NOW,
    }).run();
    const count = async () =>
      (await env.DB.prepare("select count(*) as n from obligations where period_id = 'per-reopen'").first<{
        n: number;
      }>())!.n;
    const first = await openPeriodFully(env.DB, "per-reopen", NOW);
    expect(first).toBeGreaterThan(0);
    expect(await count()).toBe(first);
    expect(await openPeriodFully(env.DB, "per-reopen", NOW)).toBe(0);
    expect(await count()).toBe(first);
    const period = await env.DB.prepare("select status from periods where id = 'per-reopen'").first<{
      status: string;
    }>();
    expect(period?.status).toBe("open");
  });
});
