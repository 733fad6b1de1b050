/**
 * The authorisation matrix for review: who may accept, return, reopen, extend, comment and see
 * the review page, across the hierarchy, on pages and on the API. The schedule's reviewer
 * decides; an ancestor commission, a sibling one, or the unit's own lower commission never does;
 * a lower commission covering the unit may comment where the schedule says so.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import type { ObligationStatus } from "../../src/db/schema";
import {
  call,
  count,
  mailSettled,
  type PersonKey,
  personId,
  type Session,
  seedFixtures,
  sessionFor,
  sessionOf,
} from "../support/auth-fixtures";
import {
  aMembership,
  anObligation,
  anOrganisation,
  aPeriod,
  aPerson,
  aSchedule,
  directive52Basics,
} from "../support/builders";

type Who = PersonKey | "hnBan" | "hpBan";
type Expected = "decide" | "comment" | "none";

/** Schedules: to the Centre (lower commissions may comment, or not), and Hà Nội's communes to its commission. */
const SCHEDULES = {
  centre: { reviewer: "tw", lower: 1, unit: "hn" },
  centreQuiet: { reviewer: "tw", lower: 0, unit: "hn" },
  hanoiCommunes: { reviewer: "hn-ban", lower: 1, unit: "hnx" },
} as const;
type ScheduleKey = keyof typeof SCHEDULES;

/** Written out by hand from the rule in `reviewAuthority`. */
const MATRIX: Record<ScheduleKey, Record<Who, Expected>> = {
  centre: {
    admin: "decide",
    staffRoot: "decide",
    // Hà Nội's own commission, on its committee's report to the Centre: comments only (the reported case).
    hnBan: "comment",
    staffA: "comment",
    leaderA: "comment",
    // A sibling province's commission.
    hpBan: "none",
    secA: "none",
    repA: "none",
    viewerA: "none",
    secB: "none",
    nobody: "none",
  },
  centreQuiet: {
    admin: "decide",
    staffRoot: "decide",
    hnBan: "none",
    staffA: "none",
    leaderA: "none",
    hpBan: "none",
    secA: "none",
    repA: "none",
    viewerA: "none",
    secB: "none",
    nobody: "none",
  },
  hanoiCommunes: {
    admin: "decide",
    hnBan: "decide",
    // The parent (central) commission: its subtree holds the commune, but it is not the reviewer.
    staffRoot: "none",
    staffA: "none",
    leaderA: "none",
    hpBan: "none",
    secA: "none",
    repA: "none",
    viewerA: "none",
    secB: "none",
    nobody: "none",
  },
};

const WHO = Object.keys(MATRIX.centre) as Who[];
const sessions = {} as Record<Who, Session>;

const extraSession = (id: string) => sessionOf(id);

beforeAll(async () => {
  await seedFixtures();
  const db = env.DB;
  await db.batch([
    anOrganisation({
      id: "hn-ban",
      code: "HN-BAN",
      name: "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
      kind: "commission",
      parentPath: "/tw/hn/",
      sortOrder: 9,
    }),
    anOrganisation({
      id: "hp-ban",
      code: "HP-BAN",
      name: "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng",
      kind: "commission",
      parentPath: "/tw/hp/",
      sortOrder: 10,
    }),
    aPerson({ id: "p_hnBan", email: "canbo.ban.hn@test.vn", fullName: "Cán bộ Ban Tuyên giáo Hà Nội" }),
    aPerson({ id: "p_hpBan", email: "canbo.ban.hp@test.vn", fullName: "Cán bộ Ban Tuyên giáo Hải Phòng" }),
    aMembership({ id: "m_hnBan", personId: "p_hnBan", organisationId: "hn-ban", role: "commission_staff" }),
    aMembership({ id: "m_hpBan", personId: "p_hpBan", organisationId: "hp-ban", role: "commission_staff" }),
    ...directive52Basics(),
    ...Object.entries(SCHEDULES).map(([key, s]) =>
      aSchedule({
        id: `rs_${key}`,
        reviewerOrganisationId: s.reviewer,
        lowerCommissionsMayComment: s.lower === 1,
      }),
    ),
  ]);
  for (const who of WHO) {
    sessions[who] =
      who === "hnBan" || who === "hpBan" ? await extraSession(`p_${who}`) : await sessionFor(who);
  }
});

let seq = 0;
async function obligation(schedule: ScheduleKey, status: ObligationStatus): Promise<string> {
  const id = `ob_${schedule}_${++seq}`;
  // One obligation per organisation and period: each report gets its own period.
  const period = `per_${schedule}_${seq}`;
  await env.DB.batch([
    aPeriod({ id: period, scheduleId: `rs_${schedule}`, key: `k${seq}` }),
    anObligation({ id, periodId: period, organisationId: SCHEDULES[schedule].unit, status }),
  ]);
  return id;
}

const statusOf = async (id: string) =>
  (await env.DB.prepare("select status from obligations where id = ?").bind(id).first<{ status: string }>())
    ?.status;

describe("review authority across the hierarchy (pages and API)", () => {
  for (const schedule of Object.keys(SCHEDULES) as ScheduleKey[]) {
    for (const who of WHO) {
      const expected = MATRIX[schedule][who];
      it(`${who} on a report of schedule ${schedule}: ${expected}`, async () => {
        const s = sessions[who];
        const decides = expected === "decide";

        // The review page: seen by deciders and commenters; decision forms only for deciders.
        const submitted = await obligation(schedule, "submitted");
        const page = await call("GET", `/duyet/${submitted}`, { session: s, html: true });
        expect(page.status).toBe(expected === "none" ? 403 : 200);
        if (expected !== "none") {
          const html = await page.text();
          expect(html.includes(`/duyet/${submitted}/tiep-nhan`)).toBe(decides);
          expect(html.includes(`/duyet/${submitted}/y-kien`)).toBe(
            expected === "comment" || (decides && who !== "admin"),
          );
        }

        // The queue lists it exactly when the page is open, saying which authority applies.
        const queue = await call("GET", "/duyet", { session: s, headers: { accept: "application/json" } });
        if (queue.status === 200) {
          const items = ((await queue.json()) as { items: { obligationId: string; authority: string }[] })
            .items;
          const item = items.find((i) => i.obligationId === submitted);
          expect(item?.authority ?? "none").toBe(expected);
        } else {
          expect(queue.status).toBe(403);
          expect(expected).toBe("none");
        }

        // Accept: API, then (on another report) the page's form.
        const decisions = await count("select count(*) as n from review_decisions");
        const accept = await call("POST", `/api/obligations/${submitted}/review`, {
          session: s,
          json: { decision: "accepted" },
        });
        expect(accept.status).toBe(decides ? 200 : 403);
        expect(await statusOf(submitted)).toBe(decides ? "accepted" : "submitted");
        const viaForm = await obligation(schedule, "submitted");
        const form = await call("POST", `/duyet/${viaForm}/tiep-nhan`, { session: s, form: {} });
        expect(form.status).toBe(decides ? 303 : 403);
        expect(await statusOf(viaForm)).toBe(decides ? "accepted" : "submitted");
        const returned = await call("POST", `/duyet/${viaForm}/tra-lai`, {
          session: s,
          form: { general: "Bổ sung số liệu" },
        });
        // Already accepted: a decider meets the state check (409), anyone else the authority check.
        expect(returned.status).toBe(decides ? 409 : 403);

        // Reopen an accepted report: API and page.
        const accepted = await obligation(schedule, "accepted");
        const reopen = await call("POST", `/api/obligations/${accepted}/review`, {
          session: s,
          json: { decision: "reopened", reason: "Số liệu cần rà soát" },
        });
        expect(reopen.status).toBe(decides ? 200 : 403);
        expect(await statusOf(accepted)).toBe(decides ? "returned" : "accepted");
        const accepted2 = await obligation(schedule, "accepted");
        const reopenForm = await call("POST", `/duyet/${accepted2}/mo-lai`, {
          session: s,
          form: { reason: "Số liệu cần rà soát" },
        });
        expect(reopenForm.status).toBe(decides ? 303 : 403);

        // Extend a pending report: API and page.
        const pending = await obligation(schedule, "pending");
        const extend = await call("POST", `/api/obligations/${pending}/extension`, {
          session: s,
          json: { newDueOn: "2100-01-15", reason: "Thiên tai" },
        });
        expect(extend.status).toBe(decides ? 200 : 403);
        const extendForm = await call("POST", `/bao-cao/${pending}/gia-han`, {
          session: s,
          form: { newDueOn: "2100-02-15", reason: "Thiên tai" },
        });
        expect(extendForm.status).toBe(decides ? 303 : 403);
        const due = await env.DB.prepare("select effective_due_on from obligations where id = ?")
          .bind(pending)
          .first<{ effective_due_on: string }>();
        expect(due?.effective_due_on).toBe(decides ? "2100-02-15" : "2099-12-19");

        // Nothing recorded by anyone who may not decide.
        if (!decides) expect(await count("select count(*) as n from review_decisions")).toBe(decisions);

        // Remarks ("ý kiến"): commenters and the reviewer's staff; an administrator has no Ban to sign with.
        const remark = await call("POST", `/api/obligations/${submitted}/remarks`, {
          session: s,
          json: { body: "Đề nghị Ban Trung ương lưu ý số liệu bao phủ." },
        });
        const mayRemark = expected === "comment" || (decides && who !== "admin");
        expect(remark.status).toBe(mayRemark ? 201 : 403);
        const pageRemark = await call("POST", `/duyet/${submitted}/y-kien`, {
          session: s,
          form: { remark: "Ý kiến qua trang" },
        });
        expect(pageRemark.status).toBe(mayRemark ? 303 : 403);
        expect(
          await count("select count(*) as n from review_remarks where obligation_id = ?", submitted),
        ).toBe(mayRemark ? 2 : 0);
      });
    }
  }
});

describe("the reported case: Hà Nội's commission and its committee's report to the Centre", () => {
  it("cannot accept, reopen or extend it; the Centre can, and the email names the Centre", async () => {
    const report = await obligation("centre", "submitted");
    const hn = sessions.hnBan;
    expect(
      (
        await call("POST", `/api/obligations/${report}/review`, {
          session: hn,
          json: { decision: "accepted" },
        })
      ).status,
    ).toBe(403);
    const refused = await call("POST", `/api/obligations/${report}/review`, {
      session: hn,
      json: { decision: "accepted" },
    });
    expect(await refused.json()).toMatchObject({
      error: {
        code: "not_reviewer",
        message: expect.stringContaining("Ban Tuyên giáo và Dân vận Trung ương"),
      },
    });
    const ok = await call("POST", `/api/obligations/${report}/review`, {
      session: sessions.staffRoot,
      json: { decision: "accepted" },
    });
    expect(ok.status).toBe(200);
    expect(
      (
        await call("POST", `/api/obligations/${report}/review`, {
          session: hn,
          json: { decision: "reopened", reason: "Mở lại" },
        })
      ).status,
    ).toBe(403);
    expect(await statusOf(report)).toBe("accepted");
    await mailSettled("bithu.hn@test.vn");
    const mail = await env.DB.prepare(
      "select text from outbox_messages where to_address = 'bithu.hn@test.vn' and text like ? order by created_at desc limit 1",
    )
      .bind(`%${report}%`)
      .first<{ text: string }>();
    expect(mail?.text).toContain("Ban Tuyên giáo và Dân vận Trung ương đã chấp nhận");
    const decision = await env.DB.prepare(
      "select decided_by_organisation_id from review_decisions where obligation_id = ?",
    )
      .bind(report)
      .first<{ decided_by_organisation_id: string }>();
    expect(decision?.decided_by_organisation_id).toBe("tw");
  });

  it("an administrator's decision is mailed as the administration's, not the reviewer's", async () => {
    const report = await obligation("hanoiCommunes", "submitted");
    await aMembership({
      id: "m_secA_hnx",
      personId: personId("secA"),
      organisationId: "hnx",
      role: "secretary",
    }).run();
    onTestFinished(() =>
      env.DB.prepare("delete from memberships where id = 'm_secA_hnx'")
        .run()
        .then(() => {}),
    );
    const ok = await call("POST", `/api/obligations/${report}/review`, {
      session: sessions.admin,
      json: { decision: "accepted" },
    });
    expect(ok.status).toBe(200);
    await mailSettled("bithu.hn@test.vn");
    const mail = await env.DB.prepare(
      "select text from outbox_messages where to_address = 'bithu.hn@test.vn' and text like ? order by created_at desc limit 1",
    )
      .bind(`%${report}%`)
      .first<{ text: string }>();
    expect(mail?.text).toContain("Quản trị hệ thống đã chấp nhận");
    expect(mail?.text).not.toContain("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội đã chấp nhận");
  });
});
