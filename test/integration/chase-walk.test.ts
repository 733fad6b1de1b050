/**
 * Email volume over a walked period: a report due Thursday 10/12/2026 that nobody submits, for
 * every provincial and central party committee and the demo communes, walked every 15 minutes
 * of the working hours from 25/11 to 31/12, with the morning and weekly digests run when due.
 * The planner pages are kept small (7 obligations) so one person's notifications come from
 * several pages, as they do at national scale.
 *
 * Asserts: at most one chasing email per person per tick (the central Commission officer
 * gets the 40 late committees in one message), at most three emails per person per day
 * (chasing + morning digest + weekly digest), every ledger entry exactly once, and a
 * reporter's morning digest never names a report its reminder of the same morning names.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { calendarSeedStatements } from "../../src/db/calendar";
import { demoReferenceStatements, runInBatches } from "../../src/demo/seed";
import { instantAt, localDate, localMinutesOfDay } from "../../src/domain/time";
import { sendDueNotifications } from "../../src/email/ledger";
import { composeChaseBundles } from "../../src/engine/chase-bundle";
import { digestInstanceId, dueDigestKinds } from "../../src/engine/digest-schedule";
import { openPeriodFully } from "../../src/engine/periods";
import {
  findDueObligations,
  obligationsNoLongerChased,
  planObligations,
  sendPlanned,
} from "../../src/engine/tick";
import { runDigest } from "../../src/features/notifications";
import { configFor } from "../../src/platform/config";
import { packSendSteps } from "../../workflows/reminder-tick";
import { aPeriod, aReportForm, aSchedule } from "../support/builders";

const db = env.DB;
const config = configFor(env);
const START = instantAt("2026-11-25", 0);
const END = instantAt("2026-12-31", 0);
const TICK = 15 * 60_000;
const OFFICER = "canbo.bantgdv@demo.vn";

/** One tick as the Workflow runs it: plan every due page, then send each person's rows together. */
async function tick(now: number): Promise<void> {
  const byPerson = new Map<string, string[]>();
  for (;;) {
    const ids = await findDueObligations(db, now, 7);
    if (ids.length === 0) break;
    const plan = await planObligations(env, config, ids, now);
    for (const [person, rows] of plan.byPerson)
      byPerson.set(person, [...(byPerson.get(person) ?? []), ...rows]);
  }
  for (const batch of packSendSteps([...byPerson.values()])) await sendPlanned(env, config, batch, now);
  await sendDueNotifications(env, config, now, 500, {
    beforeSend: (rows) => obligationsNoLongerChased(db, rows),
    compose: composeChaseBundles(now),
  });
}

interface Mail {
  to: string;
  key: string;
  subject: string;
  html: string;
  at: number;
}

let mails: Mail[] = [];
let lateUnits = 0;

beforeAll(async () => {
  await runInBatches(db, [...calendarSeedStatements(db), ...demoReferenceStatements(db, START)]);
  await db.batch([
    aReportForm({ id: "form-c" }),
    aSchedule({
      id: "sch-c",
      name: "Báo cáo chuyên đề Chỉ thị 52",
      frequency: "one_off",
      reportKind: "thematic",
      dueRuleDays: 0,
      scopeKinds: '["provincial_committee","central_committee","commune"]',
      reviewerOrganisationId: "btgdv",
      formId: "form-c",
      policyId: "policy-default",
      active: false,
    }),
    aPeriod({
      id: "per-c",
      scheduleId: "sch-c",
      key: "once",
      label: "Chuyên đề năm 2026",
      cutoffStart: "2026-01-01",
      cutoffEnd: "2026-11-30",
      dueOn: "2026-12-10",
      opensOn: "2026-11-20",
      status: "opening",
    }),
  ]);
  await openPeriodFully(db, "per-c", START);
  lateUnits = (await db
    .prepare(
      "select count(*) as n from obligations o join organisations g on g.id = o.organisation_id where o.period_id = 'per-c' and g.kind in ('provincial_committee','central_committee')",
    )
    .first<{ n: number }>())!.n;

  const digestsRun = new Set<string>();
  for (let now = START; now < END; now += TICK) {
    const minutes = localMinutesOfDay(now);
    if (minutes < 6 * 60 + 45 || minutes > 17 * 60 + 15) continue;
    for (const kind of await dueDigestKinds(db, now)) {
      const id = digestInstanceId(kind, now);
      if (digestsRun.has(id)) continue;
      digestsRun.add(id);
      await runDigest(env, config, kind, now);
    }
    await tick(now);
  }
  const { results } = await db
    .prepare(
      "select to_address, idempotency_key, subject, html, created_at from outbox_messages order by created_at",
    )
    .all<{
      to_address: string;
      idempotency_key: string;
      subject: string;
      html: string;
      created_at: number;
    }>();
  mails = results.map((r) => ({
    to: r.to_address,
    key: r.idempotency_key,
    subject: r.subject,
    html: r.html,
    at: r.created_at,
  }));
}, 600_000);

const isChasing = (m: Mail) => m.key.startsWith("obl:") || m.key.startsWith("chase:");

function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) out.set(key(i), (out.get(i === undefined ? "" : key(i)) ?? 0) + 1);
  return out;
}

describe("one chasing email per person per tick over a walked period", () => {
  it("walks a period with at least 40 late committees", () => {
    expect(lateUnits).toBeGreaterThanOrEqual(40);
    expect(mails.filter(isChasing).length).toBeGreaterThan(0);
  });

  it("sends each person at most one chasing email per tick", () => {
    const perTick = countBy(mails.filter(isChasing), (m) => `${m.to} ${m.at}`);
    const worst = [...perTick.entries()].sort((a, b) => b[1] - a[1])[0];
    expect(worst?.[1], `most chasing emails in one tick: ${worst?.[0]}`).toBe(1);
  });

  it("gives the Commission officer the late committees in one message, listed by organisation", () => {
    const officer = mails.filter((m) => m.to === OFFICER && isChasing(m));
    expect(officer.length).toBeGreaterThan(0);
    const biggest = officer
      .map((m) => ({ m, orgs: (m.html.match(/\/bao-cao\/o_per-c_/g) ?? []).length }))
      .sort((a, b) => b.orgs - a.orgs)[0]!;
    // Every late committee under the Centre, in one message (links to each report).
    expect(biggest.orgs).toBeGreaterThanOrEqual(lateUnits);
    expect(biggest.m.subject).toMatch(
      /Đôn đốc báo cáo ngày \d\d\/\d\d\/2026: \d+ đơn vị chậm nộp cần đôn đốc/,
    );
    expect(biggest.m.html.includes("quá hạn 5 ngày làm việc"), "lateness in working days").toBe(true);
    expect(biggest.m.html.includes("Kính gửi đồng chí Lê Minh Khang"), "salutation").toBe(true);
  });

  it("sends nobody more than three emails a day (chasing, morning digest, weekly digest)", () => {
    const perDay = countBy(mails, (m) => `${m.to} ${localDate(m.at)}`);
    const worst = [...perDay.entries()].sort((a, b) => b[1] - a[1])[0];
    expect(worst?.[1], `most emails in one day: ${worst?.[0]}`).toBeLessThanOrEqual(3);
    const chasingPerDay = countBy(mails.filter(isChasing), (m) => `${m.to} ${localDate(m.at)}`);
    expect(Math.max(...chasingPerDay.values())).toBe(1);
  });

  it("records each obligation's step once per person, and the bundle carries them all", async () => {
    const dup = await db
      .prepare(
        "select obligation_id, step_key, person_id, count(*) as n from notifications where obligation_id like 'o_per-c_%' group by 1, 2, 3 having n > 1",
      )
      .all();
    expect(dup.results).toEqual([]);
    const officer = await db
      .prepare(
        `select count(*) as n, count(distinct provider_id) as providers, min(status) as lo, max(status) as hi
         from notifications n join people p on p.id = n.person_id
         where p.email = ? and n.step_key = 'c0:5:commission' and n.obligation_id like 'o_per-c_%'`,
      )
      .bind(OFFICER)
      .first<{ n: number; providers: number; lo: string; hi: string }>();
    // Every committee under the Centre and the communes of provinces without their own commission.
    expect(officer!.n).toBeGreaterThanOrEqual(lateUnits);
    expect(officer).toMatchObject({ providers: 1, lo: "sent", hi: "sent" });
  });

  it("never tells a reporter about the same report in the morning digest and a reminder the same morning", async () => {
    const { results } = await db
      .prepare(
        `select p.email, n.obligation_id, n.sent_at from notifications n join people p on p.id = n.person_id
         where n.status = 'sent' and n.obligation_id is not null and n.step_key like '%:reporters'`,
      )
      .all<{ email: string; obligation_id: string; sent_at: number }>();
    const reminded = new Set(results.map((r) => `${r.email} ${localDate(r.sent_at)} ${r.obligation_id}`));
    expect(reminded.size).toBeGreaterThan(0);
    const digests = mails.filter((m) => m.key.startsWith("digest:morning_deadlines:"));
    expect(digests.length).toBeGreaterThan(0);
    for (const d of digests) {
      for (const [, id] of d.html.matchAll(/\/bao-cao\/(o_per-c_[^"?/]+)/g)) {
        expect(reminded.has(`${d.to} ${localDate(d.at)} ${id}`), `${d.to} on ${localDate(d.at)}: ${id}`).toBe(
          false,
        );
      }
    }
  });
});
