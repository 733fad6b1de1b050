import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/demo/seed";
import { calendarFromRows } from "../../src/domain/calendar";
import { deadlineOf } from "../../src/domain/deadline";
import { VN_HOLIDAYS } from "../../src/domain/holidays-vn";
import {
  extendDeadline,
  loadDraft,
  loadObligation,
  obligationInsertStatements,
  reviewReport,
  saveDraft,
  submitReport,
} from "../../src/features/reporting";
import { count } from "../support/auth-fixtures";
import { aPeriod, aReportForm, aSchedule } from "../support/builders";

const db = env.DB;
const T0 = Date.UTC(2026, 5, 1, 3, 0, 0); // 10:00 01/06/2026 in Vietnam
const secretary = { personId: "p-bithu-hn", kind: "person" as const };
const staff = { personId: "p-canbo", kind: "person" as const };
const PROVINCES = ["hn", "hp", "dn", "ct", "hue", "tq"];

const CALENDAR = calendarFromRows(VN_HOLIDAYS);

beforeAll(async () => {
  await seedDemo(db, T0);
  await db.batch([
    aReportForm({ id: "form-t" }),
    aSchedule({
      id: "sch-t",
      name: "Báo cáo 6 tháng",
      dueRuleDays: 6,
      scopeKinds: '["provincial_committee"]',
      reviewerOrganisationId: "btgdv",
      formId: "form-t",
      policyId: "policy-default",
      startsOn: "2025-10-03",
    }),
  ]);
});

let periodNo = 0;

/**
 * A fresh first-half-2026 period (due Saturday 20/06) with one obligation per province, so no
 * case sees what another did. Returns the period id; obligations are `o_<period>_<org>`.
 */
async function openPeriod(): Promise<string> {
  const periodId = `per-t-${++periodNo}`;
  await aPeriod({
    id: periodId,
    scheduleId: "sch-t",
    label: "6 tháng đầu năm 2026",
    cutoffStart: "2025-12-15",
    cutoffEnd: "2026-06-14",
    dueOn: "2026-06-20",
    opensOn: "2026-05-15",
  }).run();
  await db.batch(
    obligationInsertStatements(db, {
      periodId,
      deadline: deadlineOf("2026-06-20", CALENDAR),
      policySnapshot: "[]",
      organisationIds: PROVINCES,
      now: T0,
    }),
  );
  return periodId;
}

let period = "";
const ob = (org: string) => `o_${period}_${org}`;

beforeEach(async () => {
  period = await openPeriod();
});

describe("opening a period", () => {
  it("creates one obligation per organisation and re-running creates no duplicates", async () => {
    const again = obligationInsertStatements(db, {
      periodId: period,
      deadline: deadlineOf("2026-06-20", CALENDAR),
      policySnapshot: "[]",
      organisationIds: [...PROVINCES, "tn"],
      now: T0 + 1,
    });
    await db.batch(again);
    // The fixture's organisations and "tn", once each.
    expect(await count("select count(*) n from obligations where period_id = ?", period)).toBe(
      PROVINCES.length + 1,
    );
  });

  it("chunks inserts to D1's 100-parameter limit", () => {
    const ids = Array.from({ length: 25 }, (_, i) => `org${i}`);
    const statements = obligationInsertStatements(db, {
      periodId: "p",
      deadline: deadlineOf("2026-01-01", CALENDAR),
      policySnapshot: "[]",
      organisationIds: ids,
      now: 0,
    });
    // 12 columns per row -> 8 rows (96 parameters) per statement.
    expect(statements).toHaveLength(4);
  });
});

describe("drafts", () => {
  it("two people saving the same revision: one wins, the other gets the newer text back", async () => {
    const id = ob("hn");
    const first = await saveDraft(db, {
      obligationId: id,
      content: '{"a":"v1"}',
      baseRevision: 0,
      actor: secretary,
      now: T0,
    });
    expect(first).toEqual({ ok: true, revision: 1 });
    const [a, b] = await Promise.all([
      saveDraft(db, {
        obligationId: id,
        content: '{"a":"from A"}',
        baseRevision: 1,
        actor: secretary,
        now: T0 + 1,
      }),
      saveDraft(db, {
        obligationId: id,
        content: '{"a":"from B"}',
        baseRevision: 1,
        actor: staff,
        now: T0 + 2,
      }),
    ]);
    const winners = [a, b].filter((r) => r.ok);
    const losers = [a, b].filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const saved = await loadDraft(db, id);
    expect(saved?.revision).toBe(2);
    const loser = losers[0]!;
    if (loser.ok) throw new Error("unreachable");
    expect(loser.reason).toBe("stale");
    expect(loser.conflict?.content).toBe(saved?.content);
    expect((await loadObligation(db, id))?.status).toBe("draft");
  });
});

describe("submission and review", () => {
  it("an on-time submit stops the chase; submitting twice is one submission", async () => {
    const id = ob("hp");
    const submit = () =>
      submitReport(db, {
        obligationId: id,
        content: '{"coverage_pct":95.1}',
        indicatorValues: [{ indicatorId: "ind-coverage", value: 95.1 }],
        actor: secretary,
        now: Date.UTC(2026, 5, 20, 16, 0, 0), // 23:00 20/06 in Vietnam: still the due date
        receiptPrefix: "2026-H1-HP",
      });
    const [first, second] = await Promise.all([submit(), submit()]);
    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    expect(first.receiptNo).toBe(second.receiptNo);
    expect(first.onTime).toBe(true);
    expect(await count("select count(*) n from report_versions where obligation_id = ?", id)).toBe(1);
    expect(await count("select count(*) n from indicator_values where obligation_id = ?", id)).toBe(1);
    expect(
      await count(
        "select count(*) n from audit_events where action = 'report.submitted' and entity_id = ?",
        id,
      ),
    ).toBe(1);
    const obligation = await loadObligation(db, id);
    expect(obligation).toMatchObject({ status: "submitted", nextActionAt: null, onTime: true });
  });

  it("a due date on Saturday runs to the end of Monday (art. 148(5)); Tuesday is late", async () => {
    expect((await loadObligation(db, ob("hue")))?.effectiveDueOn).toBe("2026-06-22");
    const monday = await submitReport(db, {
      obligationId: ob("hue"),
      content: "{}",
      indicatorValues: [],
      actor: secretary,
      now: Date.UTC(2026, 5, 22, 16, 59, 0), // 23:59 Monday 22/06 in Vietnam
      receiptPrefix: "Y",
    });
    expect(monday.onTime).toBe(true);
    const result = await submitReport(db, {
      obligationId: ob("dn"),
      content: "{}",
      indicatorValues: [],
      actor: secretary,
      now: Date.UTC(2026, 5, 22, 17, 0, 0), // 00:00 Tuesday 23/06 in Vietnam
      receiptPrefix: "X",
    });
    expect(result.onTime).toBe(false);
  });

  it("return with comments -> resubmit -> accept keeps every version and locks", async () => {
    const id = ob("hp");
    // The first version, on time (23:00 on the due date).
    const first = await submitReport(db, {
      obligationId: id,
      content: '{"coverage_pct":95.1}',
      indicatorValues: [{ indicatorId: "ind-coverage", value: 95.1 }],
      actor: secretary,
      now: Date.UTC(2026, 5, 20, 16, 0, 0),
      receiptPrefix: "2026-H1-HP",
    });
    expect(first).toMatchObject({ versionNo: 1, onTime: true });
    const returned = await reviewReport(db, {
      obligationId: id,
      decision: "returned",
      comments: { sections: { section_3: "Bổ sung số liệu" } },
      actor: staff,
      now: T0 + 100,
    });
    expect(returned.status).toBe("returned");
    const second = await submitReport(db, {
      obligationId: id,
      content: '{"coverage_pct":95.3}',
      indicatorValues: [],
      actor: secretary,
      now: Date.UTC(2026, 5, 25, 3, 0, 0),
      receiptPrefix: "2026-H1-HP",
    });
    expect(second).toMatchObject({ versionNo: 2, duplicate: false, onTime: false });
    // The first submission was on time; a resubmission after return does not change that.
    expect((await loadObligation(db, id))?.onTime).toBe(true);
    const accepted = await reviewReport(db, {
      obligationId: id,
      decision: "accepted",
      comments: null,
      actor: staff,
      now: T0 + 200,
    });
    expect(accepted.status).toBe("accepted");
    expect(await count("select count(*) n from report_versions where obligation_id = ?", id)).toBe(2);
    const locked = await saveDraft(db, {
      obligationId: id,
      content: "{}",
      baseRevision: 0,
      actor: secretary,
      now: T0 + 300,
    });
    expect(locked).toMatchObject({ ok: false, reason: "locked" });
    await expect(
      reviewReport(db, {
        obligationId: id,
        decision: "returned",
        comments: null,
        actor: staff,
        now: T0 + 400,
      }),
    ).rejects.toThrow(/chưa được nộp/);
    const reopened = await reviewReport(db, {
      obligationId: id,
      decision: "reopened",
      comments: null,
      actor: staff,
      now: T0 + 500,
    });
    expect(reopened.status).toBe("returned");
    expect(await count("select count(*) n from review_decisions where obligation_id = ?", id)).toBe(3);
  });

  it("records a decision's notices in the decision's own batch: two reviewers at once, one decision, one notice", async () => {
    const id = ob("tq");
    await submitReport(db, {
      obligationId: id,
      content: "{}",
      indicatorValues: [],
      actor: secretary,
      now: T0 + 50,
      receiptPrefix: "2026-H1-TQ",
    });
    const decide = (decision: "accepted" | "returned", at: number) =>
      reviewReport(db, {
        obligationId: id,
        decision,
        comments: null,
        actor: staff,
        notices: (revision) => [
          {
            idempotencyKey: `test-review:${id}:r${revision}:${decision}`,
            personId: null,
            to: "bithu@tq.demo.vn",
            template: decision === "accepted" ? "report_accepted" : "report_returned",
            subject: decision,
            html: "<p>x</p>",
            text: "x",
            obligationId: id,
          },
        ],
        now: at,
      });
    const outcomes = await Promise.allSettled([decide("accepted", T0 + 60), decide("returned", T0 + 61)]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === "rejected")).toHaveLength(1);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof decide>>>).value;
    expect(winner.notificationIds).toHaveLength(1);
    // The loser's notice was not recorded: no notice without its decision.
    expect(await count("select count(*) n from review_decisions where obligation_id = ?", id)).toBe(1);
    expect(
      await count("select count(*) n from notifications where idempotency_key like ?", `test-review:${id}:%`),
    ).toBe(1);
    expect(
      await count(
        "select count(*) n from notifications where id = ? and subject = ?",
        winner.notificationIds[0]!,
        winner.status === "accepted" ? "accepted" : "returned",
      ),
    ).toBe(1);
  });
});

describe("extensions", () => {
  it("moves the effective due date, starts a new chase cycle and is audited", async () => {
    const id = ob("ct");
    const extended = await extendDeadline(db, {
      obligationId: id,
      newDueOn: "2026-06-30",
      reason: "Thiên tai",
      actor: staff,
      now: T0,
      calendar: CALENDAR,
    });
    expect(extended).toMatchObject({ effectiveDueOn: "2026-06-30", dueOn: "2026-06-20", chaseCycle: 1 });
    await expect(
      extendDeadline(db, {
        obligationId: id,
        newDueOn: "2026-06-25",
        reason: "x",
        actor: staff,
        now: T0,
        calendar: CALENDAR,
      }),
    ).rejects.toThrow(/Hạn mới/);
    const late = await submitReport(db, {
      obligationId: id,
      content: "{}",
      indicatorValues: [],
      actor: secretary,
      now: Date.UTC(2026, 5, 28, 3, 0, 0),
      receiptPrefix: "X",
    });
    expect(late.onTime).toBe(true);
    expect(
      await count(
        "select count(*) n from audit_events where action = 'obligation.extended' and entity_id = ?",
        id,
      ),
    ).toBe(1);
  });
});
