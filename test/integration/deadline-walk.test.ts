/**
 * Deadlines on days off, walked on a simulated clock (issue 12's "done when"): a one-off report
 * due on the 30/04/2026 holiday (effective Monday 04/05 after 30/4, 1/5 and the weekend) and a
 * report due on Sunday 20/12/2026 (effective Monday 21/12). For each, three Hà Nội communes:
 * one submits on the effective Monday (on time), one the next day (1 working day late), one
 * never. Every hour the engine ticks and the digests that are due run. Asserted: one deadline
 * and one unit in every email, "Hôm nay (X)" names the sending day, nothing sent on a day off
 * (the weekly digest of Monday 27/04, nghỉ bù Giỗ Tổ, goes on Tuesday 28/04), and the receipt,
 * the report page, the dashboard rollup and the late list all agree.
 */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { calendarSeedStatements, loadCalendar } from "../../src/db/calendar";
import { obligations, periods } from "../../src/db/schema";
import { demoReferenceStatements, runInBatches } from "../../src/demo/seed";
import { deadlineOf, isOnTime } from "../../src/domain/deadline";
import { formatDateVi, instantAt, localDate, localMinutesOfDay } from "../../src/domain/time";
import { dueDigestKinds } from "../../src/engine/digest-schedule";
import { openPeriodFully } from "../../src/engine/periods";
import { lateAndMissing, rollupSubtree } from "../../src/features/monitoring";
import { runDigest } from "../../src/features/notifications";
import { submitReport } from "../../src/features/reporting";
import { configFor } from "../../src/platform/config";
import { call, type Session } from "../support/auth-fixtures";
import { aPeriod, aReportForm, aSchedule, changeRows } from "../support/builders";
import { demoSession, pinClock } from "../support/demo-sessions";
import { engineTick } from "../support/engine-tick";

const db = env.DB;
const config = configFor(env);
const HOUR = 3_600_000;
const COMMUNES = ["hn-hoankiem", "hn-badinh", "hn-cuanam"] as const;

interface Mail {
  to: string;
  subject: string;
  text: string;
  at: number;
}

interface Walk {
  period: string;
  nominal: string;
  effective: string;
  from: number;
  to: number;
  /** on the effective day (on time), the next working day (late), never */
  submissions: Map<string, number>;
  mails: Mail[];
}

const WALKS: Record<"holiday" | "sunday", Walk> = {
  holiday: {
    period: "per-hol",
    nominal: "2026-04-30",
    effective: "2026-05-04",
    from: instantAt("2026-04-20", 0),
    to: instantAt("2026-05-13", 0),
    submissions: new Map([
      ["o_per-hol_hn-hoankiem", instantAt("2026-05-04", 15)],
      ["o_per-hol_hn-badinh", instantAt("2026-05-05", 10)],
    ]),
    mails: [],
  },
  sunday: {
    period: "per-sun",
    nominal: "2026-12-20",
    effective: "2026-12-21",
    from: instantAt("2026-12-09", 0),
    to: instantAt("2026-12-31", 0),
    submissions: new Map([
      ["o_per-sun_hn-hoankiem", instantAt("2026-12-21", 16)],
      ["o_per-sun_hn-badinh", instantAt("2026-12-22", 9)],
    ]),
    mails: [],
  },
};

async function walk(w: Walk, key: string): Promise<void> {
  await db.batch([
    aSchedule({
      id: `sch-${key}`,
      name: "Báo cáo chuyên đề Chỉ thị 52",
      frequency: "one_off",
      reportKind: "thematic",
      dueRuleDays: 0,
      scopeRootId: "hn",
      scopeKinds: '["commune"]',
      reviewerOrganisationId: "hn-btgdv",
      formId: "form-dw",
      policyId: "policy-default",
      active: false,
    }),
    aPeriod({
      id: w.period,
      scheduleId: `sch-${key}`,
      key: "once",
      label: `Chuyên đề ${key}`,
      cutoffStart: "2026-01-01",
      cutoffEnd: "2026-03-31",
      dueOn: w.nominal,
      opensOn: "2026-01-01",
      status: "opening",
    }),
  ]);
  await openPeriodFully(db, w.period, w.from);
  await db
    .prepare(
      `delete from obligations where period_id = ? and organisation_id not in (${COMMUNES.map(() => "?").join(",")})`,
    )
    .bind(w.period, ...COMMUNES)
    .run();
  const before = await db.prepare("select count(*) as n from outbox_messages").first<{ n: number }>();
  const digestsRun = new Set<string>();
  for (let now = w.from; now < w.to; now += HOUR) {
    for (const [obligationId, at] of w.submissions) {
      if (at > now - HOUR && at <= now) {
        await submitReport(db, {
          obligationId,
          content: "{}",
          indicatorValues: [],
          actor: { kind: "person", personId: null },
          now: at,
          receiptPrefix: "DW",
        });
      }
    }
    await engineTick(now);
    for (const kind of await dueDigestKinds(db, now)) {
      const runKey = `${kind}:${localDate(now)}`;
      if (digestsRun.has(runKey)) continue;
      digestsRun.add(runKey);
      await runDigest(env, config, kind, now);
    }
  }
  const { results } = await db
    .prepare(
      "select to_address, subject, text, created_at from outbox_messages order by created_at, to_address limit 10000 offset ?",
    )
    .bind(before?.n ?? 0)
    .all<{ to_address: string; subject: string; text: string; created_at: number }>();
  w.mails = results.map((r) => ({ to: r.to_address, subject: r.subject, text: r.text, at: r.created_at }));
}

beforeAll(async () => {
  await runInBatches(db, [...calendarSeedStatements(db), ...demoReferenceStatements(db, WALKS.holiday.from)]);
  await aReportForm({ id: "form-dw" }).run();
  await walk(WALKS.holiday, "hol");
  // The first walk's period is over: it must not appear in the second walk's emails.
  await db.batch([
    changeRows(periods, eq(periods.id, WALKS.holiday.period), { status: "closed" }),
    changeRows(obligations, eq(obligations.periodId, WALKS.holiday.period), { nextActionAt: null }),
  ]);
  await walk(WALKS.sunday, "sun");
}, 600_000);

const chaseMailsOf = (w: Walk, commune: string) =>
  w.mails.filter((m) => m.to === `bithu.${commune.replace("-", ".")}@demo.vn`);

describe.each(Object.entries(WALKS))("a deadline on a day off (%s)", (_name, w) => {
  it("the obligations store the effective day, and the rule agrees", async () => {
    const calendar = await loadCalendar(db);
    expect(deadlineOf(w.nominal, calendar).effectiveOn).toBe(w.effective);
    const { results } = await db
      .prepare("select effective_due_on, on_time, organisation_id from obligations where period_id = ?")
      .bind(w.period)
      .all<{ effective_due_on: string; on_time: number | null; organisation_id: string }>();
    expect(results.map((r) => r.effective_due_on)).toEqual([w.effective, w.effective, w.effective]);
    const onTime = Object.fromEntries(results.map((r) => [r.organisation_id, r.on_time]));
    expect(onTime).toEqual({ "hn-hoankiem": 1, "hn-badinh": 0, "hn-cuanam": null });
  });

  it("sends nothing on a day off and nothing outside 07:00-17:00", async () => {
    const calendar = await loadCalendar(db);
    expect(w.mails.length).toBeGreaterThan(10);
    for (const m of w.mails) {
      expect(calendar.isWorkingDay(localDate(m.at)), `${m.subject} @ ${localDate(m.at)}`).toBe(true);
      expect(localMinutesOfDay(m.at)).toBeGreaterThanOrEqual(7 * 60);
      expect(localMinutesOfDay(m.at)).toBeLessThan(17 * 60);
    }
  });

  it("counts in working days, says so, and names the sending day as today", () => {
    for (const m of w.mails) {
      const body = `${m.subject}\n${m.text}`;
      // Every count of days is a count of working days.
      expect(body).not.toMatch(/(quá hạn|còn|muộn) \d+ ngày(?! làm việc)/i);
      for (const today of body.matchAll(/Hôm nay \((\d{2}\/\d{2}\/\d{4})\)/g)) {
        expect(today[1]).toBe(formatDateVi(localDate(m.at)));
      }
    }
  });

  it("tells one story per day: every email of a day gives the same time left or lateness", () => {
    const byDay = new Map<string, Set<string>>();
    for (const m of w.mails) {
      const day = localDate(m.at);
      const set = byDay.get(day) ?? new Set<string>();
      for (const x of `${m.subject}\n${m.text}`.matchAll(/(còn \d+|quá hạn \d+) ngày làm việc/g)) {
        // Only the walk's own report (the demo's other periods are not open here).
        set.add(x[1]!);
      }
      byDay.set(day, set);
    }
    for (const [day, set] of byDay)
      expect([...set].length, `${day}: ${[...set].join(", ")}`).toBeLessThanOrEqual(1);
  });

  it("shows both dates, chases on the effective day and counts from it", () => {
    const cuanam = chaseMailsOf(w, "hn-cuanam");
    const dueToday = cuanam.find((m) => m.subject.startsWith("Hôm nay"));
    expect(dueToday && localDate(dueToday.at)).toBe(w.effective);
    expect(dueToday?.text).toContain(`tính đến hết ${formatDateVi(w.effective)}`);
    const firstOverdue = cuanam.find((m) => /^Quá hạn/.test(m.subject));
    expect(firstOverdue?.subject).toContain("Quá hạn 1 ngày làm việc");
    // The day before the effective date, every email says 1 working day is left.
    const calendarDayBefore = cuanam.filter((m) => /Nhắc hạn/.test(m.subject)).at(-1);
    expect(calendarDayBefore?.subject).toContain("còn 1 ngày làm việc");
  });

  it("receipt page, report page, rollup and late list agree: Monday on time, Tuesday 1 working day late", async () => {
    const calendar = await loadCalendar(db);
    const deadline = deadlineOf(w.nominal, calendar);
    const [onTimeId, lateId] = [...w.submissions.keys()];
    expect(isOnTime(deadline, w.submissions.get(onTimeId!)!)).toBe(true);
    expect(isOnTime(deadline, w.submissions.get(lateId!)!)).toBe(false);

    await pinClock(w.to);
    const session: Session = await demoSession("p-canbo-hn", w.to);
    const onTimeReceipt = await (
      await call("GET", `/bao-cao/${onTimeId}/bien-nhan`, { session, html: true })
    ).text();
    expect(onTimeReceipt).toContain("Đúng hạn");
    expect(onTimeReceipt).toContain(`tính đến hết ${formatDateVi(w.effective)}`);
    const lateReceipt = await (
      await call("GET", `/bao-cao/${lateId}/bien-nhan`, { session, html: true })
    ).text();
    expect(lateReceipt).toContain("Nộp muộn 1 ngày làm việc");
    const page = await (await call("GET", `/bao-cao/${onTimeId}`, { session, html: true })).text();
    expect(page).toContain("Nộp đúng hạn");

    const rollup = (await rollupSubtree(db, { id: "hn", path: "/tw/hn/" }, [w.period], w.to)).get(w.period)!;
    expect(rollup.root).toMatchObject({ expected: 3, reported: 2, onTime: 1, late: 1, overdueMissing: 1 });
    const late = await lateAndMissing(db, { path: "/tw/hn/" }, w.period, w.to);
    expect(late.map((r) => [r.obligationId, r.missing]).sort()).toEqual(
      [
        [lateId, false],
        [`o_${w.period}_hn-cuanam`, true],
      ].sort(),
    );

    const dashboard = await call("GET", `/giam-sat?org=hn&period=${w.period}&format=json`, { session });
    expect(dashboard.status).toBe(200);
    const json = (await dashboard.json()) as {
      totals: { onTime: number; late: number };
      late: { obligationId: string; daysLate: number; dueText: string }[];
    };
    expect(json.totals).toMatchObject({ onTime: 1, late: 1 });
    const lateRow = json.late.find((r) => r.obligationId === lateId);
    expect(lateRow?.daysLate).toBe(1);
    expect(lateRow?.dueText).toContain(`tính đến hết ${formatDateVi(w.effective)}`);
  });
});

describe("digests follow the calendar", () => {
  it("the weekly digest due on Monday 27/04/2026 (nghỉ bù Giỗ Tổ) goes out on Tuesday 28/04", () => {
    const weekly = WALKS.holiday.mails.filter((m) => m.subject.startsWith("Tổng hợp tuần"));
    const days = [...new Set(weekly.map((m) => localDate(m.at)))];
    expect(days).toEqual(["2026-04-20", "2026-04-28", "2026-05-04", "2026-05-11"]);
  });

  it("the weekly subject's figures are the body's", () => {
    const weekly = WALKS.sunday.mails.filter((m) => m.subject.startsWith("Tổng hợp tuần"));
    const last = weekly.find((m) => localDate(m.at) === "2026-12-28");
    expect(last?.subject).toContain("3 đơn vị, 2 đã nộp, 1 quá hạn");
    expect(last?.text).toContain("đã nộp 2/3");
    expect(last?.text).toContain("quá hạn chưa nộp 1");
  });
});
