/** The home page fits the role: landing, to-do list, commission counts, administration links. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, seedFixtures, sessionFor } from "../support/auth-fixtures";

beforeAll(async () => {
  await seedFixtures();
  const db = env.DB;
  const obligation = (
    id: string,
    org: string,
    due: string,
    status: string,
    submitted: number | null,
    onTime: number | null,
  ) =>
    db
      .prepare(
        `insert into obligations (id, period_id, organisation_id, due_on, effective_due_on, status, policy_snapshot, first_submitted_at, on_time, created_at, updated_at)
         values (?, 'per1', ?, ?, ?, ?, '{}', ?, ?, 0, 0)`,
      )
      .bind(id, org, due, due, status, submitted, onTime);
  await db.batch([
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
    db.prepare(
      `insert into reporting_schedules (id, directive_id, name, frequency, report_kind, due_rule_kind, due_rule_days, scope_root_id, scope_kinds, reviewer_organisation_id, form_id, policy_id, starts_on, created_at, updated_at)
       values ('rs1', 'ct52', 'Báo cáo 6 tháng', 'semiannual', 'periodic', 'fixed_days', 5, 'tw', '[]', 'tw', 'f1', 'ep1', '2026-01-01', 0, 0)`,
    ),
    db.prepare(
      `insert into periods (id, schedule_id, key, label, cutoff_start, cutoff_end, due_on, opens_on, status, created_at)
       values ('per1', 'rs1', '2026-H1', 'Báo cáo 6 tháng đầu năm 2026', '2025-12-15', '2026-06-14', '2026-06-19', '2026-06-01', 'open', 0)`,
    ),
    obligation("ob_hn", "hn", "2099-06-19", "draft", null, null),
    obligation("ob_hnx", "hnx", "2026-06-19", "submitted", 1, 0),
    obligation("ob_hp", "hp", "2000-01-03", "pending", null, null),
  ]);
});

const page = async (key: Parameters<typeof sessionFor>[0]) =>
  (await call("GET", "/", { session: await sessionFor(key), html: true })).text();

describe("home page", () => {
  it("shows visitors the landing page with a sign-in button", async () => {
    const html = await (await call("GET", "/", { html: true })).text();
    expect(html).toContain('<a class="button" href="/dang-nhap">Đăng nhập</a>');
    expect(html).not.toContain("Việc cần làm");
  });

  it("lists a secretary's own open obligations only, with dd/mm/yyyy due dates and links", async () => {
    const html = await page("secA");
    expect(html).toContain("Việc cần làm");
    expect(html).toContain('href="/bao-cao/ob_hn"');
    expect(html).toContain("19/06/2099");
    expect(html).toContain("Đang soạn");
    expect(html).not.toContain("ob_hnx");
    expect(html).not.toContain("ob_hp");
    const b = await page("secB");
    expect(b).toContain('href="/bao-cao/ob_hp"');
    // Lateness in working days, decided by domain/deadline with the working calendar.
    expect(b).toMatch(/Quá hạn \d+ ngày làm việc/);
    expect(html).toMatch(/Còn \d+ ngày làm việc/);
    expect(b).not.toContain("ob_hn");
  });

  it("shows Commission staff the counts of their scope and the monitoring link", async () => {
    const a = await page("staffA");
    expect(a).toContain('href="/giam-sat"');
    const stats = (html: string) =>
      [...html.matchAll(/<div class="stat[^"]*">(\d+)<\/div>/g)].map((m) => Number(m[1]));
    // Hà Nội's subtree: hn (draft, not yet due) and hnx (submitted late).
    expect(stats(a)).toEqual([2, 1, 1, 0]);
    // The central Commission covers the whole tree: hp is missing (past due, not submitted).
    expect(stats(await page("staffRoot"))).toEqual([3, 1, 1, 1]);
    expect(a).not.toContain("Việc cần làm");
  });

  it("shows administrators the administration links, and people without roles a notice", async () => {
    expect(await page("admin")).toContain('href="/quan-tri/vai-tro"');
    expect(await page("nobody")).toContain("chưa được giao vai trò");
  });
});
