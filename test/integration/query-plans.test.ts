/**
 * Query plans of the raw statements kept in monitoring and notifications for their measured plans
 * (BENCHMARKS.md), those that digest-run.test.ts does not already check: EXPLAIN QUERY PLAN on
 * the real D1 (SQLite without statistics, as in production) shows each statement on its intended
 * index and never scanning the big tables (organisations, obligations, people, notifications,
 * memberships).
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { type CapturedStatement, capturingD1 } from "../../src/db/d1-capture";
import { instantAt } from "../../src/domain/time";
import { notReported } from "../../src/features/monitoring/monitoring.queries";
import { peopleOwedDigest, recipientRows } from "../../src/features/notifications/digests.queries";

const MONDAY = instantAt("2026-11-23", 7, 30);

/** A database that records each statement's SQL and parameters as it runs it (the bench's capture). */
function capturing(): { db: D1Database; log: CapturedStatement[] } {
  const log: CapturedStatement[] = [];
  return { db: capturingD1(env.DB, log), log };
}

async function planOf(q: { sql: string; params: unknown[] }): Promise<string[]> {
  const { results } = await env.DB.prepare(`explain query plan ${q.sql}`)
    .bind(...q.params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail);
}

/** No full scan of a big table (SQLite prints `SCAN <alias>` for one), no sort of a whole page. */
function expectNoBigScan(plan: string[]) {
  expect(
    plan.filter((d) =>
      /^SCAN (org|ob|p|n|m|organisations|obligations|people|notifications|memberships)\b/.test(d),
    ),
  ).toEqual([]);
  expect(plan.filter((d) => d.startsWith("USE TEMP B-TREE"))).toEqual([]);
}

describe("query plans of the raw statements", () => {
  it("lists the expected organisations that have not reported from the subtree's path range (notReported)", async () => {
    const { db, log } = capturing();
    await notReported(db, { path: "/tw/hn/" }, "p-any", MONDAY);
    expect(log).toHaveLength(1);
    const plan = await planOf(log[0]!);
    // Organisations through the subtree's path range, then each one's obligation by key...
    expect(plan[0]).toMatch(
      /^SEARCH org USING (COVERING )?INDEX organisations_path_(uq|rollup_idx) \(path>\? AND path<\?\)$/,
    );
    expect(plan).toContain(
      "SEARCH ob USING INDEX obligations_org_rollup_idx (organisation_id=? AND period_id=?)",
    );
    // ...never every obligation of the period country-wide, nor a scan.
    expect(plan.filter((d) => /SEARCH ob USING .*\(period_id=\?( AND status=\?)?\)$/.test(d))).toEqual([]);
    expect(plan.filter((d) => /^SCAN (org|ob)\b/.test(d))).toEqual([]);
  });

  it("pages the digest recipients along the people's primary key, the ledger looked up by its unique key (recipientRows)", async () => {
    for (const kind of ["weekly_compliance", "morning_deadlines"] as const) {
      const { db, log } = capturing();
      await recipientRows(db, kind, MONDAY, { after: "", limit: 1000, weekdays: [1] });
      expect(log).toHaveLength(1);
      const plan = await planOf(log[0]!);
      expect(plan[0]).toBe("SEARCH p USING INDEX sqlite_autoindex_people_1 (id>?)");
      expect(plan).toContain(
        "SEARCH m EXISTS USING COVERING INDEX memberships_person_org_role_uq (person_id=?)",
      );
      expect(plan).toContain(
        "SEARCH n USING COVERING INDEX notifications_idempotency_uq (idempotency_key=?)",
      );
      expect(plan).toContain("SEARCH ds USING INDEX digest_subscriptions_uq (person_id=? AND kind=?)");
      expectNoBigScan(plan);
    }
  });

  it("loads the people owed a digest by id, the ledger looked up by its unique key (peopleOwedDigest)", async () => {
    const { db, log } = capturing();
    await peopleOwedDigest(db, "weekly_compliance", "2026-W48", ["p-a", "p-b"]);
    expect(log).toHaveLength(1);
    const plan = await planOf(log[0]!);
    expect(plan[0]).toBe("SEARCH p USING INDEX sqlite_autoindex_people_1 (id=?)");
    expect(plan).toContain("SEARCH n USING COVERING INDEX notifications_idempotency_uq (idempotency_key=?)");
    expectNoBigScan(plan);
  });
});
