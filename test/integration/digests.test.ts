/**
 * Digests on the demo data: the weekly compliance digest (content, preferences, one-click
 * unsubscribe, no duplicates across runs), the morning deadlines digest (only when something is
 * due), the schedule that starts them and the Workflow that builds and sends them in batches.
 */
import { env, introspectWorkflowInstance } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { setClockOffset } from "../../src/clock";
import { seedDemo } from "../../src/demo/seed";
import { addDays, instantAt, localDate } from "../../src/domain/time";
import { unsubscribeUrl } from "../../src/email/unsubscribe";
import { digestInstanceId, dueDigestKinds, startDueDigests } from "../../src/engine/digest-schedule";
import { loadOrgInfo, rollupSubtree } from "../../src/features/monitoring";
import { isoWeekKey, listDigestRecipients, runDigest } from "../../src/features/notifications";
import { configFor } from "../../src/platform/config";
import { call, count, sessionOf } from "../support/auth-fixtures";

// Monday 23/11/2026 07:30 in Vietnam; the demo data was loaded the evening before.
const MONDAY = instantAt("2026-11-23", 7, 30);
const TUESDAY = instantAt("2026-11-24", 7, 0);

async function mail(to: string, keyPrefix: string) {
  return env.DB.prepare(
    `select n.idempotency_key, o.subject, o.text, o.headers from notifications n
     join outbox_messages o on o.idempotency_key = n.idempotency_key
     join people p on p.id = n.person_id where p.email = ? and substr(n.idempotency_key, 1, ?) = ?`,
  )
    .bind(to, keyPrefix.length, keyPrefix)
    .all<{ idempotency_key: string; subject: string; text: string; headers: string }>();
}

describe("digests", () => {
  const config = () => configFor(env);

  beforeAll(async () => {
    await seedDemo(env.DB, instantAt("2026-11-22", 20));
  });

  it("computes ISO week keys", () => {
    expect(isoWeekKey("2026-11-23")).toBe("2026-W48");
    expect(isoWeekKey("2026-11-29")).toBe("2026-W48");
    expect(isoWeekKey("2027-01-01")).toBe("2026-W53");
    expect(isoWeekKey("2025-12-29")).toBe("2026-W01");
  });

  it("stores preferences and validates them", async () => {
    const session = await sessionOf("p-canbo-hn");
    const postForm = (form: Record<string, string>) => call("POST", "/cai-dat/thong-bao", { session, form });
    const bad = await postForm({ weekly: "1", weekday: "7" });
    expect(bad.status).toBe(422);
    expect(await count("select count(*) as n from digest_subscriptions where person_id = 'p-canbo-hn'")).toBe(
      0,
    );
    // Hà Nội's commission staff wants the weekly digest on Tuesday.
    const ok = await postForm({ weekly: "1", weekday: "2", morning: "1" });
    expect(ok.status).toBe(303);
    const page = await call("GET", "/cai-dat/thong-bao", { session, html: true });
    const html = await page.text();
    expect(html).toContain('<option value="2" selected="">Thứ Ba</option>');
    expect(await count("select count(*) as n from audit_events where action = 'subscription.updated'")).toBe(
      1,
    );
  });

  it("sends the weekly digest on each person's weekday with the subtree's numbers, once per week", async () => {
    // Hà Nội's commission staff takes the weekly digest on Tuesday (as in the preferences case).
    const staffHn = await sessionOf("p-canbo-hn");
    const chosen = await call("POST", "/cai-dat/thong-bao", {
      session: staffHn,
      form: { weekly: "1", weekday: "2", morning: "1" },
    });
    expect(chosen.status).toBe(303);
    // The Commission's leader unsubscribes with the one-click link from a previous digest.
    const link = new URL(await unsubscribeUrl(config(), "p-lanhdao", "weekly_compliance"));
    const res = await exports.default.fetch(`http://localhost${link.pathname}${link.search}`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);

    const recipients = await listDigestRecipients(env.DB, "weekly_compliance", MONDAY);
    expect(recipients).toContain("p-canbo");
    expect(recipients).not.toContain("p-lanhdao");
    expect(recipients).not.toContain("p-canbo-hn");

    const first = await runDigest(env, config(), "weekly_compliance", MONDAY);
    expect(first.sent).toBe(first.recorded);
    expect(first.recorded).toBe(recipients.length);
    const got = await mail("canbo.bantgdv@demo.vn", "digest:weekly_compliance:");
    expect(got.results).toHaveLength(1);
    expect(got.results[0]!.idempotency_key).toBe("digest:weekly_compliance:p-canbo:2026-W48");
    // The numbers are the rollup's for the whole tree (the 40 committees' 6-month period).
    const tw = (await loadOrgInfo(env.DB, "tw"))!;
    const rollup = (await rollupSubtree(env.DB, tw, ["sch-52-6m-2026-h2"], MONDAY)).get(
      "sch-52-6m-2026-h2",
    )!.root;
    const text = got.results[0]!.text;
    expect(text).toContain(`đã nộp ${rollup.reported}/${rollup.expected}`);
    expect(text).toContain("Ban Tuyên giáo và Dân vận Trung ương");
    expect(JSON.parse(got.results[0]!.headers)["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect((await mail("lanhdao.bantgdv@demo.vn", "digest:")).results).toHaveLength(0);

    // Run again (a retried step, a second instance): nothing new.
    const outbox = await count("select count(*) as n from outbox_messages");
    const again = await runDigest(env, config(), "weekly_compliance", MONDAY + 3_600_000);
    expect(again.recorded).toBe(0);
    expect(await count("select count(*) as n from outbox_messages")).toBe(outbox);

    // Tuesday: Hà Nội's staff gets theirs, about Hà Nội only; the central staff nothing more this week.
    await runDigest(env, config(), "weekly_compliance", instantAt("2026-11-24", 7, 30));
    const hn = await mail("canbo.tgdv.hanoi@demo.vn", "digest:weekly_compliance:");
    expect(hn.results).toHaveLength(1);
    expect(hn.results[0]!.text).toContain("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội");
    expect(hn.results[0]!.text).not.toContain("Cần Thơ");
    expect((await mail("canbo.bantgdv@demo.vn", "digest:weekly_compliance:")).results).toHaveLength(1);
  });

  it("sends the morning digest only to those with something due within 7 days or overdue", async () => {
    const today = localDate(TUESDAY);
    const result = await runDigest(env, config(), "morning_deadlines", TUESDAY);
    expect(result.recorded).toBeGreaterThan(0);
    // Exactly the secretaries/reporters of organisations with a chased obligation due by today + 7.
    const { results: expected } = await env.DB.prepare(
      `select distinct m.person_id from memberships m join obligations o on o.organisation_id = m.organisation_id
       join periods pe on pe.id = o.period_id join people p on p.id = m.person_id
       where m.role in ('secretary','reporter') and pe.status = 'open' and o.status in ('pending','draft','returned')
         and o.effective_due_on <= ? and p.disabled_at is null order by m.person_id`,
    )
      .bind(addDays(today, 7))
      .all<{ person_id: string }>();
    const { results: sent } = await env.DB.prepare(
      "select person_id from notifications where template = 'morning_deadlines' and status = 'sent' order by person_id",
    ).all<{ person_id: string }>();
    expect(sent.map((r) => r.person_id)).toEqual(expected.map((r) => r.person_id));
    // A province whose only report is due 20/12 gets nothing; a late Hà Nội commune does.
    expect(sent.map((r) => r.person_id)).not.toContain("p-bithu-tq");
    const commune = sent.find((r) => r.person_id.startsWith("p-bithu-hn-"));
    expect(commune).toBeTruthy();
    const m = await env.DB.prepare("select text from outbox_messages where idempotency_key = ?")
      .bind(`digest:morning_deadlines:${commune!.person_id}:${today}`)
      .first<{ text: string }>();
    expect(m?.text).toMatch(/quá hạn \d+ ngày|còn \d+ ngày|hôm nay là ngày cuối của hạn/);
    // Twice: nothing new.
    expect((await runDigest(env, config(), "morning_deadlines", TUESDAY + 60_000)).recorded).toBe(0);
  });

  it("starts the digest Workflows when it is time, once per day, and the Workflow sends in batches", async () => {
    expect(await dueDigestKinds(env.DB, instantAt("2026-11-25", 6, 45))).toEqual([]);
    expect(await dueDigestKinds(env.DB, instantAt("2026-11-25", 7, 0))).toEqual(["morning_deadlines"]);
    // Saturday: no morning digest.
    expect(await dueDigestKinds(env.DB, instantAt("2026-11-28", 8, 0))).toEqual([]);
    // Monday 30/11 07:30: both.
    expect(await dueDigestKinds(env.DB, instantAt("2026-11-30", 7, 30))).toEqual([
      "morning_deadlines",
      "weekly_compliance",
    ]);
    const at = instantAt("2026-11-25", 7, 15);
    await setClockOffset(env.DB, at - Date.now());
    const id = digestInstanceId("morning_deadlines", at);
    expect(id).toBe("digest-morning_deadlines-2026-11-25");
    const before = await count("select count(*) as n from outbox_messages");
    const instance = await introspectWorkflowInstance(env.DIGEST_WORKFLOW, id);
    try {
      expect(await startDueDigests(env, at)).toEqual([id]);
      await instance.waitForStatus("complete");
      const out = (await instance.getOutput()) as { recorded: number; sent: number };
      expect(out.sent).toBe(out.recorded);
      expect(out.recorded).toBeGreaterThan(0);
      // A later tick the same day starts nothing.
      expect(await startDueDigests(env, at + 15 * 60_000)).toEqual([]);
    } finally {
      await instance.dispose();
    }
    expect(await count("select count(*) as n from outbox_messages")).toBeGreaterThan(before);
  });
});
