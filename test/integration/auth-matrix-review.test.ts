/**
 * The authorisation matrix for review: who may accept, return, reopen, extend, comment and see
 * the review page, across the hierarchy, on pages and on the API. The schedule's reviewer
 * decides; an ancestor commission, a sibling one, or the unit's own lower commission never does;
 * a lower commission covering the unit may comment where the schedule says so.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { newSessionStatement } from "../../src/auth/session";
import {
  call,
  count,
  mailSettled,
  type PersonKey,
  personId,
  type Session,
  seedFixtures,
  sessionFor,
} from "../support/auth-fixtures";

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

async function extraSession(id: string): Promise<Session> {
  const s = await newSessionStatement(env.DB, id, "test", Date.now());
  await s.statement.run();
  const row = await env.DB.prepare("select csrf_token from sessions where id = ?")
    .bind(s.id)
    .first<{ csrf_token: string }>();
  return { cookie: `sid=${s.token}`, csrf: row!.csrf_token, sessionId: s.id };
}

beforeAll(async () => {
  await seedFixtures();
  const db = env.DB;
  await db.batch([
    db.prepare(
      `insert into organisations (id, code, name, kind, parent_id, level, path, sort_order, created_at, updated_at) values
       ('hn-ban', 'HN-BAN', 'Ban Tuyên giáo và Dân vận Thành ủy Hà Nội', 'commission', 'hn', 2, '/tw/hn/hn-ban/', 9, 0, 0),
       ('hp-ban', 'HP-BAN', 'Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng', 'commission', 'hp', 2, '/tw/hp/hp-ban/', 10, 0, 0)`,
    ),
    db.prepare(
      `insert into people (id, email, full_name, created_at, updated_at) values
       ('p_hnBan', 'canbo.ban.hn@test.vn', 'Cán bộ Ban Tuyên giáo Hà Nội', 0, 0),
       ('p_hpBan', 'canbo.ban.hp@test.vn', 'Cán bộ Ban Tuyên giáo Hải Phòng', 0, 0)`,
    ),
    db.prepare(
      `insert into memberships (id, person_id, organisation_id, role, created_at) values
       ('m_hnBan', 'p_hnBan', 'hn-ban', 'commission_staff', 0), ('m_hpBan', 'p_hpBan', 'hp-ban', 'commission_staff', 0)`,
    ),
    db.prepare(
      "insert into documents (id, number, doc_type, issuer, issued_on, title, created_at) values ('d52', '52-CT/TW', 'CT', 'TW', '2025-10-15', 'Chỉ thị 52', 0)",
    ),
    db.prepare(
      "insert into directives (id, document_id, code, title, issued_on, created_at) values ('ct52', 'd52', '52-CT/TW', 'Chỉ thị 52', '2025-10-15', 0)",
    ),
    db.prepare(
      "insert into report_forms (id, directive_id, name, definition, created_at) values ('f1', 'ct52', 'Mẫu', '{}', 0)",
    ),
    db.prepare(
      "insert into escalation_policies (id, name, created_at, updated_at) values ('ep1', 'Mặc định', 0, 0)",
    ),
    ...Object.entries(SCHEDULES).map(([key, s]) =>
      db
        .prepare(
          `insert into reporting_schedules (id, directive_id, name, frequency, report_kind, due_rule_kind, due_rule_days, scope_root_id, scope_kinds, reviewer_organisation_id, form_id, policy_id, lower_commissions_may_comment, starts_on, created_at, updated_at)
           values (?, 'ct52', ?, 'semiannual', 'periodic', 'fixed_days', 5, 'tw', '[]', ?, 'f1', 'ep1', ?, '2026-01-01', 0, 0)`,
        )
        .bind(`rs_${key}`, `Báo cáo ${key}`, s.reviewer, s.lower),
    ),
  ]);
  for (const who of WHO) {
    sessions[who] =
      who === "hnBan" || who === "hpBan" ? await extraSession(`p_${who}`) : await sessionFor(who);
  }
});

let seq = 0;
async function obligation(schedule: ScheduleKey, status: string): Promise<string> {
  const id = `ob_${schedule}_${++seq}`;
  // One obligation per organisation and period: each report gets its own period.
  const period = `per_${schedule}_${seq}`;
  await env.DB.batch([
    env.DB.prepare(
      `insert into periods (id, schedule_id, key, label, cutoff_start, cutoff_end, due_on, opens_on, status, created_at)
       values (?, ?, ?, '6 tháng cuối năm 2026', '2026-06-15', '2026-12-14', '2099-12-19', '2026-12-01', 'open', 0)`,
    ).bind(period, `rs_${schedule}`, `k${seq}`),
    env.DB.prepare(
      `insert into obligations (id, period_id, organisation_id, due_on, effective_due_on, status, policy_snapshot, created_at, updated_at)
       values (?, ?, ?, '2099-12-19', '2099-12-19', ?, '{}', 0, 0)`,
    ).bind(id, period, SCHEDULES[schedule].unit, status),
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
    await env.DB.prepare(
      "insert or ignore into memberships (id, person_id, organisation_id, role, created_at) values ('m_secA_hnx', ?, 'hnx', 'secretary', 0)",
    )
      .bind(personId("secA"))
      .run();
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
    await env.DB.prepare("delete from memberships where id = 'm_secA_hnx'").run();
  });
});
