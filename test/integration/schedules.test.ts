import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, count, type Session } from "../support/auth-fixtures";
import { demoWithSessions } from "../support/demo-sessions";

const NOW = Date.UTC(2026, 10, 24, 3);

const VALID = {
  name: "Báo cáo quý thực hiện Chỉ thị 52-CT/TW (Cần Thơ)",
  directiveId: "ct52",
  frequency: "quarterly",
  reportKind: "periodic",
  dueRuleKind: "working_days",
  dueRuleDays: 5,
  scopeRootId: "ct",
  scopeKinds: ["commune"],
  reviewerOrganisationId: "ct-btgdv",
  formId: "form-52",
  policyId: "policy-default",
  reporterMaySubmit: true,
  startsOn: "2027-01-01",
};

type ErrorBody = { error: { code: string; fields: { field: string; message: string }[] } };

let admin: Session;
let staff: Session;
let staffHn: Session;
let secretary: Session;

beforeAll(async () => {
  ({ admin, staff, staffHn, secretary } = await demoWithSessions(NOW, {
    admin: "p-admin",
    staff: "p-canbo",
    staffHn: "p-canbo-hn",
    secretary: "p-bithu-hn",
  }));
});

/** A schedule created through the API by an administrator (VALID unless told otherwise). */
async function aCreatedSchedule(json: Record<string, unknown> = VALID): Promise<string> {
  const res = await call("POST", "/api/schedules", { session: admin, json });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("reporting schedules API", () => {
  it("creates a schedule, audits it and previews its upcoming periods", async () => {
    const res = await call("POST", "/api/schedules", { session: admin, json: VALID });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      id: string;
      upcomingPeriods: {
        key: string;
        label: string;
        cutoffStart: string;
        cutoffEnd: string;
        dueOn: string;
      }[];
    };
    const id = body.id;
    // First quarter of 2027: cut-off 15/12/2026-14/03/2027, due 5 working days after (15/03 is a Monday).
    expect(body.upcomingPeriods[0]).toMatchObject({
      key: "2027-q1",
      label: "Quý I/2027",
      cutoffStart: "2026-12-15",
      cutoffEnd: "2027-03-14",
      dueOn: "2027-03-19",
    });
    const row = await env.DB.prepare("select * from reporting_schedules where id = ?")
      .bind(id)
      .first<Record<string, unknown>>();
    expect(row).toMatchObject({
      frequency: "quarterly",
      due_rule_kind: "working_days",
      scope_kinds: '["commune"]',
      reporter_may_submit: 1,
      active: 1,
    });
    expect(
      await count(
        "select count(*) as n from audit_events where entity_id = ? and action = 'schedule.created' and actor_person_id = 'p-admin'",
        id,
      ),
    ).toBe(1);
  });

  it("updates a schedule and audits the change", async () => {
    const id = await aCreatedSchedule();
    const res = await call("PUT", `/api/schedules/${id}`, {
      session: admin,
      json: { ...VALID, frequency: "monthly", dueRuleKind: "fixed_days", dueRuleDays: 3 },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { upcomingPeriods: { key: string; dueOn: string }[] };
    expect(body.upcomingPeriods[0]).toEqual(
      expect.objectContaining({ key: "2027-m01", dueOn: "2027-01-17" }),
    );
    expect(
      (await env.DB.prepare("select frequency from reporting_schedules where id = ?").bind(id).first())
        ?.frequency,
    ).toBe("monthly");
    expect(
      await count(
        "select count(*) as n from audit_events where entity_id = ? and action = 'schedule.updated'",
        id,
      ),
    ).toBe(1);
    const missing = await call("PUT", "/api/schedules/khong-co", { session: admin, json: VALID });
    expect(missing.status).toBe(404);
  });

  it("rejects invalid schedules with Vietnamese field errors and writes nothing", async () => {
    const before = await count("select count(*) as n from reporting_schedules");
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ ...VALID, name: "  " }, "name", /tên chế độ báo cáo/],
      [{ ...VALID, frequency: "weekly" }, "frequency", /tần suất/],
      [{ ...VALID, reportKind: "other" }, "reportKind", /loại báo cáo/],
      [{ ...VALID, dueRuleDays: -1 }, "dueRuleDays", /không được âm/],
      [{ ...VALID, dueRuleDays: 2.5 }, "dueRuleDays", /số nguyên/],
      [{ ...VALID, scopeKinds: [] }, "scopeKinds", /ít nhất một/],
      [{ ...VALID, startsOn: "32/01/2027" }, "startsOn", /dd\/mm\/yyyy/],
      [{ ...VALID, endsOn: "2026-12-31" }, "endsOn", /từ ngày bắt đầu/],
      [{ ...VALID, frequency: "one_off" }, "oneOffCutoffStart", /chốt số liệu/],
      [
        { ...VALID, frequency: "one_off", oneOffCutoffStart: "2027-02-01", oneOffCutoffEnd: "2027-01-01" },
        "oneOffCutoffEnd",
        /từ ngày bắt đầu/,
      ],
      [{ ...VALID, formId: "khong-co" }, "formId", /Không tìm thấy biểu mẫu/],
      [{ ...VALID, scopeRootId: "khong-co" }, "scopeRootId", /Không tìm thấy tổ chức/],
      [{ ...VALID, extra: 1 }, "extra", /./],
    ];
    for (const [json, field, message] of cases) {
      const res = await call("POST", "/api/schedules", { session: admin, json });
      expect(res.status, JSON.stringify(json)).toBe(422);
      const body = (await res.json()) as ErrorBody;
      const f = body.error.fields.find(
        (e) => e.field === field || (field === "extra" && e.field === "(body)"),
      );
      expect(f, `${field} in ${JSON.stringify(body.error.fields)}`).toBeDefined();
      expect(f!.message).toMatch(message);
    }
    expect(await count("select count(*) as n from reporting_schedules")).toBe(before);
  });

  it("creates a one-off schedule whose preview is its own cut-off window", async () => {
    const res = await call("POST", "/api/schedules/preview", {
      session: admin,
      json: {
        ...VALID,
        name: "Báo cáo đột xuất về trục lợi BHYT",
        frequency: "one_off",
        reportKind: "ad_hoc",
        dueRuleKind: "fixed_days",
        dueRuleDays: 10,
        oneOffCutoffStart: "2026-11-01",
        oneOffCutoffEnd: "2026-11-30",
      },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { upcomingPeriods: unknown[] }).upcomingPeriods).toEqual([
      {
        key: "once",
        label: "Báo cáo đột xuất về trục lợi BHYT",
        cutoffStart: "2026-11-01",
        cutoffEnd: "2026-11-30",
        dueOn: "2026-12-10",
        opensOn: "2026-11-01",
      },
    ]);
  });

  it("needs directive.manage on the scope root and the reviewer: secretaries and other provinces' commissions are refused", async () => {
    const id = await aCreatedSchedule();
    const before = await count("select count(*) as n from reporting_schedules");
    for (const session of [staffHn, secretary]) {
      expect((await call("POST", "/api/schedules", { session, json: VALID })).status).toBe(403);
      expect((await call("PUT", `/api/schedules/${id}`, { session, json: VALID })).status).toBe(403);
    }
    // Hà Nội's commission may not name another commission as reviewer of Hà Nội's communes.
    const foreignReviewer = { ...VALID, scopeRootId: "hn", reviewerOrganisationId: "ct-btgdv" };
    expect((await call("POST", "/api/schedules", { session: staffHn, json: foreignReviewer })).status).toBe(
      403,
    );
    expect((await call("POST", "/api/schedules", { json: VALID })).status).toBe(401);
    expect(await count("select count(*) as n from reporting_schedules")).toBe(before);
  });

  it("lets the central Commission's staff define a schedule for any province", async () => {
    const res = await call("POST", "/api/schedules", {
      session: staff,
      json: { ...VALID, name: "Báo cáo quý (cán bộ Ban)" },
    });
    expect(res.status).toBe(201);
  });
});

describe("reporting schedule pages", () => {
  it("lists schedules with their periods and obligation counts", async () => {
    const res = await call("GET", "/lich-bao-cao", { session: staff, html: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Báo cáo 6 tháng thực hiện Chỉ thị 52-CT/TW");
    expect(html).toContain("6 tháng cuối năm 2026");
    expect(html).toContain("15/06/2026 – 14/12/2026");
    // 40 committees must report each 6-month period.
    expect(html).toMatch(/\d+ \/ 40/);
    expect(html).toContain("Thêm chế độ báo cáo");
    const secretaryList = await call("GET", "/lich-bao-cao", { session: secretary, html: true });
    expect(await secretaryList.text()).not.toContain("Thêm chế độ báo cáo");
    const detail = await call("GET", "/lich-bao-cao/sch-52-6m", { session: staff, html: true });
    expect(detail.status).toBe(200);
    const d = await detail.text();
    expect(d).toContain("Các kỳ sắp tới");
    expect(d).toContain("6 tháng đầu năm 2027");
    expect((await call("GET", "/lich-bao-cao/khong-co", { session: staff, html: true })).status).toBe(404);
  });

  it("lets an administrator preview and create a schedule from the form", async () => {
    const form = await call("GET", "/lich-bao-cao/moi", { session: admin, html: true });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('name="_csrf"');
    for (const field of ["name", "directiveId", "frequency", "dueRuleDays", "scopeRootId", "startsOn"]) {
      expect(html).toContain(`<label for="${field}">`);
    }
    expect((await call("GET", "/lich-bao-cao/moi", { session: secretary, html: true })).status).toBe(403);

    const fields = {
      name: "Báo cáo năm (trang)",
      directiveId: "ct52",
      frequency: "annual",
      reportKind: "final_review",
      dueRuleKind: "fixed_days",
      dueRuleDays: "10",
      scopeRootId: "tw",
      scopeKinds: "provincial_committee",
      reviewerOrganisationId: "btgdv",
      formId: "form-52",
      policyId: "policy-default",
      startsOn: "2026-12-01",
      active: "on",
    };
    const preview = await call("POST", "/lich-bao-cao", {
      session: admin,
      form: { ...fields, intent: "preview" },
    });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("Năm 2026");
    // Năm 2028 is due 10 days after its 14/12 cut-off: Sunday 24/12/2028, which ends on Monday.
    expect(previewHtml).toContain("24/12/2028 (Chủ nhật), tính đến hết 25/12/2028");
    expect(await count("select count(*) as n from reporting_schedules where name = ?", fields.name)).toBe(0);

    const bad = await call("POST", "/lich-bao-cao", { session: admin, form: { ...fields, name: "" } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Vui lòng nhập tên chế độ báo cáo");

    const saved = await call("POST", "/lich-bao-cao", {
      session: admin,
      form: { ...fields, intent: "save" },
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toMatch(/^\/lich-bao-cao\/sch_[a-z0-9]+\?da=luu$/);
    expect(await count("select count(*) as n from reporting_schedules where name = ?", fields.name)).toBe(1);

    const noCsrf = await call("POST", "/lich-bao-cao", { session: admin, form: fields, csrf: false });
    expect(noCsrf.status).toBe(403);
  });
});
