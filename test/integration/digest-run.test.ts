/**
 * The digest run at scale: the weekly content is computed once per subtree for the whole run
 * (and renders exactly what the direct computation renders), people who already have the
 * digest are skipped before rendering (a re-run renders and sends nothing), and the subtree
 * queries behind the content walk the organisations' path range, not the whole tree.
 */
import { env, introspectWorkflowInstance } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { type CapturedStatement, capturingD1 } from "../../src/db/d1-capture";
import { countingD1, readD1Stats, resetD1Stats } from "../../src/db/d1-stats";
import { seedDemo } from "../../src/demo/seed";
import { instantAt } from "../../src/domain/time";
import { DUE_OBLIGATIONS_SQL } from "../../src/engine/tick.queries";
import { indicatorRollup } from "../../src/features/monitoring";
import {
  buildDigestBatch,
  type DigestStep,
  digestKey,
  listDigestRecipients,
  MORNING_DUE_SQL,
  runDigestSteps,
  type WeeklyContent,
  weeklyContent,
} from "../../src/features/notifications";
import { configFor } from "../../src/platform/config";
import { aMembership, aPerson } from "../support/builders";

// Monday 23/11/2026 07:30 in Vietnam; the demo data was loaded the evening before.
const MONDAY = instantAt("2026-11-23", 7, 30);
const NEXT_MONDAY = instantAt("2026-11-30", 7, 30);
const FOLLOWERS = 230;

/** A step runner that records step names and round-trips results through JSON, as a Workflow persists them. */
function recordingSteps(): { step: DigestStep; names: string[]; results: Map<string, unknown> } {
  const names: string[] = [];
  const results = new Map<string, unknown>();
  const step: DigestStep = async (name, fn) => {
    expect(names).not.toContain(name);
    names.push(name);
    const value = JSON.parse(JSON.stringify(await fn()));
    results.set(name, value);
    return value;
  };
  return { step, names, results };
}

async function weeklyPayloads(week: string): Promise<Map<string, string>> {
  const { results } = await env.DB.prepare(
    "select idempotency_key as k, payload from notifications where idempotency_key like ? order by 1",
  )
    .bind(`digest:weekly_compliance:%:${week}`)
    .all<{ k: string; payload: string }>();
  return new Map(results.map((r) => [r.k, r.payload]));
}

describe("digest run", () => {
  const config = () => configFor(env);
  let committees: string[] = [];
  /** The subtrees followed: tw (the Commission's staff and leader), Hà Nội (its commission's staff), the committees. */
  const followedRoots = () => new Set(["tw", "hn", ...committees.filter((c) => c !== "hn-btgdv")]);

  beforeAll(async () => {
    await seedDemo(env.DB, instantAt("2026-11-22", 20));
    // Followers of several subtrees (committees, and Hà Nội's commission whose subtree is Hà
    // Nội), interleaved by id so every page and batch of the run meets every subtree.
    const { results } = await env.DB.prepare(
      "select id from organisations where kind in ('provincial_committee', 'central_committee') order by id limit 4",
    ).all<{ id: string }>();
    committees = [...results.map((r) => r.id), "hn-btgdv"];
    const now = instantAt("2026-11-22", 20);
    const statements = [];
    for (let i = 0; i < FOLLOWERS; i++) {
      const id = `p-follow-${String(i).padStart(3, "0")}`;
      statements.push(
        aPerson({
          id,
          email: `theodoi${i}@demo.vn`,
          fullName: `Cán bộ theo dõi ${i}`,
          createdAt: now,
          updatedAt: now,
        }),
        aMembership({
          id: `m-${id}`,
          personId: id,
          organisationId: committees[i % committees.length]!,
          role: "commission_staff",
          createdAt: now,
        }),
      );
    }
    await env.DB.batch(statements);
  });

  it("computes each subtree's content once per run, and the cached content renders what the direct computation renders", async () => {
    const recipients = await listDigestRecipients(env.DB, "weekly_compliance", MONDAY);
    expect(recipients.length).toBeGreaterThan(FOLLOWERS);
    const { step, names, results } = recordingSteps();
    // Pages of 100: three pages of recipients, each following every subtree.
    const run = await runDigestSteps(env, config(), "weekly_compliance", MONDAY, step, { pageSize: 100 });
    expect(run.recipients).toBe(recipients.length);
    expect(run.alreadySent).toBe(0);
    expect(run.recorded).toBe(recipients.length);
    expect(run.sent).toBe(recipients.length);
    expect(names.filter((n) => n.startsWith("list recipients")).length).toBeGreaterThanOrEqual(3);

    // One content step per distinct subtree followed, not one per batch or page.
    const contentSteps = names.filter((n) => n.startsWith("content "));
    const expectedRoots = followedRoots();
    expect(new Set(contentSteps.map((n) => n.slice("content ".length)))).toEqual(expectedRoots);
    expect(contentSteps).toHaveLength(expectedRoots.size);
    expect(run.subtrees).toBe(expectedRoots.size);
    expect(names.filter((n) => n.startsWith("build ")).length).toBeGreaterThanOrEqual(3);

    // The persisted content equals a fresh computation for the same subtree and instant.
    const hn = results.get("content hn") as WeeklyContent;
    expect(hn.periods.length).toBeGreaterThan(0);
    expect(hn).toEqual(await weeklyContent(env.DB, config(), { id: "hn", path: "/tw/hn/" }, MONDAY));

    // The same people rendered without the run's cache (each batch computing its subtrees
    // itself, as before) get byte-identical digests.
    const cached = await weeklyPayloads("2026-W48");
    expect(cached.size).toBe(recipients.length);
    await env.DB.prepare("delete from notifications where idempotency_key like ?")
      .bind("digest:weekly_compliance:%:2026-W48")
      .run();
    for (let i = 0; i < recipients.length; i += 100) {
      const built = await buildDigestBatch(
        env,
        config(),
        "weekly_compliance",
        recipients.slice(i, i + 100),
        MONDAY,
      );
      expect(built.skipped).toBe(0);
    }
    const direct = await weeklyPayloads("2026-W48");
    expect(direct).toEqual(cached);
    const sample = JSON.parse(direct.get(digestKey("weekly_compliance", "p-canbo-hn", "2026-W48"))!) as {
      text: string;
    };
    expect(sample.text).toContain("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội");
  });

  it("renders nothing and sends nothing on a re-run, and only the missing digests after a partial one", async () => {
    const { step, names } = recordingSteps();
    const first = await runDigestSteps(env, config(), "weekly_compliance", NEXT_MONDAY, step);
    expect(first.recorded).toBeGreaterThan(FOLLOWERS);
    expect(first.sent).toBe(first.recorded);
    expect(names.some((n) => n.startsWith("build "))).toBe(true);

    // Re-run: only the listing runs, on a counted binding; no content, no render, no send.
    resetD1Stats();
    const counted = { ...env, DB: countingD1(env.DB, "rerun") };
    const outbox = await env.DB.prepare("select count(*) as n from outbox_messages").first<{ n: number }>();
    const again = recordingSteps();
    const rerun = await runDigestSteps(
      counted,
      config(),
      "weekly_compliance",
      NEXT_MONDAY + 3_600_000,
      again.step,
    );
    expect(rerun).toEqual({
      recipients: first.recipients,
      alreadySent: first.recipients,
      subtrees: 0,
      recorded: 0,
      sent: 0,
    });
    expect(again.names).toEqual(["list recipients 0"]);
    // The listing and the calendar (whose days off move a weekly digest to the next working day).
    expect(readD1Stats().rerun).toMatchObject({ statements: 2, rowsWritten: 0 });
    expect(await env.DB.prepare("select count(*) as n from outbox_messages").first<{ n: number }>()).toEqual(
      outbox,
    );

    // Someone's digest missing from the ledger (a new follower of Hà Nội): only they are
    // rendered, and only Hà Nội's content is computed.
    await env.DB.prepare("delete from notifications where idempotency_key = ?")
      .bind(digestKey("weekly_compliance", "p-follow-004", "2026-W49"))
      .run();
    const partial = recordingSteps();
    const third = await runDigestSteps(
      env,
      config(),
      "weekly_compliance",
      NEXT_MONDAY + 7_200_000,
      partial.step,
    );
    expect(third).toMatchObject({ alreadySent: first.recipients - 1, subtrees: 1, recorded: 1, sent: 1 });
    expect(partial.names).toEqual(["list recipients 0", "content hn", "build 0", "send 0"]);
  });

  it("runs the same steps in the DigestWorkflow; a second instance for the week sends nothing", async () => {
    const at = instantAt("2026-12-07", 7, 30);
    const recipients = await listDigestRecipients(env.DB, "weekly_compliance", at);
    const outputs: Record<string, unknown>[] = [];
    for (const id of ["digest-weekly-test-1", "digest-weekly-test-2"]) {
      const instance = await introspectWorkflowInstance(env.DIGEST_WORKFLOW, id);
      try {
        await env.DIGEST_WORKFLOW.create({ id, params: { kind: "weekly_compliance", at } });
        await instance.waitForStatus("complete");
        outputs.push((await instance.getOutput()) as Record<string, unknown>);
      } finally {
        await instance.dispose();
      }
    }
    expect(outputs[0]).toEqual({
      recipients: recipients.length,
      alreadySent: 0,
      subtrees: followedRoots().size,
      recorded: recipients.length,
      sent: recipients.length,
    });
    expect(outputs[1]).toEqual({
      recipients: recipients.length,
      alreadySent: recipients.length,
      subtrees: 0,
      recorded: 0,
      sent: 0,
    });
    const sent = await env.DB.prepare(
      "select count(*) as n, count(distinct person_id) as people from notifications where idempotency_key like ? and status = 'sent'",
    )
      .bind("digest:weekly_compliance:%:2026-W50")
      .first<{ n: number; people: number }>();
    expect(sent).toEqual({ n: recipients.length, people: recipients.length });
  });

  it("walks the path range of the subtree for the digest's content queries", async () => {
    const log: CapturedStatement[] = [];
    const capturing = capturingD1(env.DB, log);
    await weeklyContent(capturing, config(), { id: "hn", path: "/tw/hn/" }, MONDAY);
    // The dashboard's third statement on the same flags: the indicator rollup of the periods the rollup read.
    const rollupPeriods = log.find((q) => q.sql.includes("as category"))?.params[2];
    expect(typeof rollupPeriods).toBe("string");
    await indicatorRollup(
      capturing,
      { id: "hn", path: "/tw/hn/" },
      JSON.parse(rollupPeriods as string),
      MONDAY,
    );
    const subtreeQueries = log.filter((q) => q.sql.includes("org.path >="));
    // openPeriodsIn, the two rollups, awaitingReview and lateAndMissing per open period.
    expect(subtreeQueries.length).toBeGreaterThanOrEqual(5);
    for (const q of subtreeQueries) {
      const { results } = await env.DB.prepare(`explain query plan ${q.sql}`)
        .bind(...q.params)
        .all<{ detail: string }>();
      const plan = results.map((r) => r.detail);
      // Organisations are reached through the path range of the subtree...
      expect(
        plan.some((d) =>
          /SEARCH org USING (COVERING )?INDEX organisations_path_(uq|rollup_idx) \(path>\? AND path<\?\)/.test(
            d,
          ),
        ),
      ).toBe(true);
      // ...never by scanning the table, nor by reading every obligation of a period country-wide.
      expect(plan.filter((d) => /^SCAN (org|ob|organisations|obligations)\b/.test(d))).toEqual([]);
      expect(plan.filter((d) => /SEARCH ob USING .*\(period_id=\?( AND status=\?)?\)$/.test(d))).toEqual([]);
      if (!q.sql.includes("json_each(?3)")) continue;
      // The per-obligation flags (monitoring.queries.ts) read each organisation and each obligation
      // once, never joining either table again by id...
      expect(plan.filter((d) => /^SEARCH (org|organisations)\b/.test(d))).toHaveLength(1);
      expect(plan.filter((d) => /^SEARCH (ob|o2|obligations)\b/.test(d))).toHaveLength(1);
      // ...and the rollups (counts and indicators) find everything they read in the two covering
      // indexes of migration 0009, without reading the tables' rows.
      if (q.sql.includes("as category") || q.sql.includes("indicator_values")) {
        expect(plan).toContain(
          "SEARCH org USING COVERING INDEX organisations_path_rollup_idx (path>? AND path<?)",
        );
        expect(
          plan.some((d) =>
            d.startsWith(
              "SEARCH ob USING COVERING INDEX obligations_org_rollup_idx (organisation_id=? AND period_id=?",
            ),
          ),
        ).toBe(true);
      }
    }
  });

  it("reads the morning digest's obligations from the batch's memberships, not from every open obligation", async () => {
    const { results } = await env.DB.prepare(`explain query plan ${MORNING_DUE_SQL}`)
      .bind(JSON.stringify(["p-bithu-hn", "p-vanphong-hn"]), "2026-11-30")
      .all<{ detail: string }>();
    const plan = results.map((r) => r.detail);
    expect(plan).toContain("SEARCH m USING COVERING INDEX memberships_person_org_role_uq (person_id=?)");
    const obligations = plan.filter((d) => /^(SEARCH|SCAN) o\b/.test(d));
    expect(obligations).toHaveLength(1);
    expect(obligations[0]).toMatch(/\(period_id=\? AND organisation_id=\?\)|\(organisation_id=\?/);
    // Memberships come before obligations in the loop nest.
    expect(plan.findIndex((d) => d.startsWith("SEARCH m "))).toBeLessThan(plan.indexOf(obligations[0]!));
  });

  it("pages due obligations along the (next_action_at, id) index without sorting", async () => {
    const { results } = await env.DB.prepare(`explain query plan ${DUE_OBLIGATIONS_SQL}`)
      .bind(MONDAY, 500)
      .all<{ detail: string }>();
    const plan = results.map((r) => r.detail);
    expect(plan).toEqual([
      "SEARCH obligations USING COVERING INDEX obligations_next_action_id_idx (next_action_at>? AND next_action_at<?)",
    ]);
  });
});
