/**
 * The reminder path end to end on a simulated clock: a period whose ladder crosses Giỗ Tổ
 * Hùng Vương (compensatory day 27/04/2026), 30/4 and 1/5, walked tick by tick (every 15
 * minutes) for three Hà Nội communes: one submits early, one submits the day after the
 * deadline, one never submits. Asserts exactly which emails each person received and when.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { calendarSeedStatements } from "../../src/db/calendar";
import { demoReferenceStatements, runInBatches } from "../../src/demo/seed";
import { formatDateTimeVi, instantAt, localDate, localHour, localMinutesOfDay } from "../../src/domain/time";
import { openPeriodFully } from "../../src/engine/periods";
import { submitReport } from "../../src/features/reporting";
import { aPeriod, aReportForm, aSchedule } from "../support/builders";
import { engineTick } from "../support/engine-tick";

const db = env.DB;
const START = instantAt("2026-04-10", 0);
const END = instantAt("2026-05-20", 0);
const TICK = 15 * 60_000;

interface Mail {
  to: string;
  subject: string;
  at: number;
}

let mails: Mail[] = [];

beforeAll(async () => {
  await runInBatches(db, [...calendarSeedStatements(db), ...demoReferenceStatements(db, START)]);
  await db.batch([
    aReportForm({ id: "form-w" }),
    aSchedule({
      id: "sch-w",
      name: "Báo cáo chuyên đề Chỉ thị 52",
      frequency: "one_off",
      reportKind: "thematic",
      dueRuleDays: 0,
      scopeRootId: "hn",
      scopeKinds: '["commune"]',
      reviewerOrganisationId: "hn-btgdv",
      formId: "form-w",
      policyId: "policy-default",
      active: false,
    }),
    aPeriod({
      id: "per-w",
      scheduleId: "sch-w",
      key: "once",
      label: "Chuyên đề quý I/2026",
      cutoffStart: "2026-01-01",
      cutoffEnd: "2026-03-31",
      dueOn: "2026-04-28",
      opensOn: "2026-04-01",
      status: "opening",
    }),
  ]);
  await openPeriodFully(db, "per-w", START);
  // Keep the walk to three communes.
  await db
    .prepare(
      "delete from obligations where period_id = 'per-w' and organisation_id not in ('hn-hoankiem','hn-badinh','hn-cuanam')",
    )
    .run();

  const submissions = new Map([
    ["o_per-w_hn-hoankiem", instantAt("2026-04-21", 10)],
    ["o_per-w_hn-badinh", instantAt("2026-04-29", 10)],
  ]);
  for (let now = START; now < END; now += TICK) {
    for (const [obligationId, at] of submissions) {
      if (at > now - TICK && at <= now) {
        await submitReport(db, {
          obligationId,
          content: "{}",
          indicatorValues: [],
          actor: { kind: "person", personId: null },
          now: at,
          receiptPrefix: "W",
        });
      }
    }
    // Two ticks at once (a duplicated cron, an overlapping run) must not send anything twice.
    await Promise.all([engineTick(now), engineTick(now)]);
  }
  const { results } = await db
    .prepare("select to_address, subject, created_at from outbox_messages order by created_at, to_address")
    .all<{ to_address: string; subject: string; created_at: number }>();
  mails = results.map((r) => ({ to: r.to_address, subject: r.subject, at: r.created_at }));
  // ~7,700 ticks: generous on a shared 2-core machine.
}, 400_000);

const received = (to: string) => mails.filter((m) => m.to === to).map((m) => formatDateTimeVi(m.at));

describe("a whole period walked tick by tick", () => {
  it("reminds the early submitter once, before it submitted", () => {
    expect(received("bithu.hn.hoankiem@demo.vn")).toEqual(["08:00 16/04/2026"]);
  });

  it("stops chasing the day-after submitter the moment it submits", () => {
    // −7, −3, −1 (Friday 24/04: Monday 27/04 is the Giỗ Tổ day off), due day, +1.
    expect(received("bithu.hn.badinh@demo.vn")).toEqual([
      "08:00 16/04/2026",
      "08:00 22/04/2026",
      "08:00 24/04/2026",
      "08:00 28/04/2026",
      "08:00 29/04/2026",
    ]);
  });

  it("escalates only the organisation that never submits, skipping 30/4, 1/5 and the weekend", () => {
    expect(received("bithu.hn.cuanam@demo.vn")).toEqual([
      "08:00 16/04/2026",
      "08:00 22/04/2026",
      "08:00 24/04/2026",
      "08:00 28/04/2026",
      "08:00 29/04/2026",
    ]);
    // +5 working days after 28/04: 29/04, 04/05, 05/05, 06/05, 07/05.
    expect(received("bithu.hanoi@demo.vn")).toEqual(["08:00 07/05/2026"]);
    expect(received("canbo.tgdv.hanoi@demo.vn")).toEqual(["08:00 07/05/2026"]);
    // +10: 08/05, 11/05, 12/05, 13/05, 14/05, to Hà Nội's commission's leader, not the central one.
    expect(received("lanhdao.tgdv.hanoi@demo.vn")).toEqual(["08:00 14/05/2026"]);
    expect(received("lanhdao.bantgdv@demo.vn")).toEqual([]);
    const escalations = mails.filter((m) => m.to === "bithu.hanoi@demo.vn");
    expect(escalations[0]?.subject).toContain("Đảng ủy phường Cửa Nam");
  });

  it("sends nothing twice, nothing on a day off and nothing outside the sending window", () => {
    expect(mails).toHaveLength(5 + 1 + 5 + 3);
    const days = mails.map((m) => localDate(m.at));
    for (const offDay of ["2026-04-27", "2026-04-30", "2026-05-01", "2026-05-02", "2026-05-03"]) {
      expect(days).not.toContain(offDay);
    }
    for (const m of mails) {
      expect(localHour(m.at)).toBeGreaterThanOrEqual(8);
      expect(localMinutesOfDay(m.at)).toBeLessThan(17 * 60);
    }
  });

  it("keeps a ledger row per email, all sent, and the chase is over", async () => {
    const sent = await db
      .prepare(
        "select count(*) as n from notifications where status = 'sent' and obligation_id like 'o_per-w_%'",
      )
      .first<{ n: number }>();
    expect(sent?.n).toBe(mails.length);
    const open = await db
      .prepare(
        "select count(*) as n from obligations where period_id = 'per-w' and next_action_at is not null",
      )
      .first<{ n: number }>();
    expect(open?.n).toBe(0);
  });
});
