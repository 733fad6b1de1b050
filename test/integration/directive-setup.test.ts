import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, count, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoWithSessions } from "../support/demo-sessions";

type ErrorBody = { error: { code: string; message: string; fields: { field: string; message: string }[] } };

/** Nghị quyết 57-NQ/TW (22/12/2024) of the Politburo on science, technology, innovation and digital transformation. */
const NQ57 = {
  number: "57-NQ/TW",
  issuer: "Bộ Chính trị",
  issuedOn: "2024-12-22",
  title: "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
  summary: "Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu.",
  organisationId: "tw",
  sections: [
    {
      number: 1,
      title: "Nâng cao nhận thức, đột phá về đổi mới tư duy",
      titleIsEditorial: false,
      body: "Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị mạnh mẽ.",
      isTaskGroup: true,
    },
    {
      number: 2,
      title: "Hoàn thiện thể chế",
      titleIsEditorial: true,
      body: "Khẩn trương hoàn thiện thể chế; xoá bỏ mọi tư tưởng, quan niệm, rào cản đang cản trở sự phát triển.",
      isTaskGroup: true,
    },
  ],
};

let staff: Session;
let staffHn: Session;
let secretary: Session;

beforeAll(async () => {
  ({ staff, staffHn, secretary } = await demoWithSessions(DEMO_NOW, {
    staff: "p-canbo",
    staffHn: "p-canbo-hn",
    secretary: "p-bithu-hn",
  }));
});

let registered = 0;

/** A directive registered through the API like 57-NQ/TW, under a number of its own. */
async function registerDirective(): Promise<{ id: string; json: typeof NQ57 }> {
  const json = { ...NQ57, number: `${70 + ++registered}-NQ/TW` };
  const res = await call("POST", "/api/directives", { session: staff, json });
  expect(res.status).toBe(201);
  return { id: ((await res.json()) as { id: string }).id, json };
}

describe("registering a directive", () => {
  it("registers 57-NQ/TW with its sections, document and audit event", async () => {
    const res = await call("POST", "/api/directives", { session: staff, json: NQ57 });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      id: string;
      number: string;
      docTypeLabel: string;
      title: string;
      revision: number;
      sections: { number: number; titleIsEditorial: boolean }[];
    };
    const directiveId = body.id;
    expect(body).toMatchObject({ number: "57-NQ/TW", docTypeLabel: "Nghị quyết", revision: 1 });
    expect(body.title).toBe(
      "Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    );
    expect(body.sections.map((s) => [s.number, s.titleIsEditorial])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(
      await count(
        "select count(*) n from documents where number = '57-NQ/TW' and directive_id = ? and doc_type = 'NQ'",
        directiveId,
      ),
    ).toBe(1);
    expect(
      await count(
        "select count(*) n from audit_events where action = 'directive.registered' and entity_id = ? and actor_person_id = 'p-canbo'",
        directiveId,
      ),
    ).toBe(1);
    // It appears on the directive page, editorial titles marked.
    const page = await call("GET", `/chi-thi/${directiveId}`, { session: secretary, html: true });
    const html = await page.text();
    expect(html).toContain("Hoàn thiện thể chế [tiêu đề do biên tập]");
  });

  it("refuses bad numbers with the field and a Vietnamese reason, changing nothing", async () => {
    const { json: registeredJson } = await registerDirective();
    const before = await count("select count(*) n from directives");
    const bad = await call("POST", "/api/directives", {
      session: staff,
      json: { ...NQ57, number: "NQ 57 TW" },
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as ErrorBody).error.fields.map((f) => f.field)).toContain("number");
    const plan = await call("POST", "/api/directives", {
      session: staff,
      json: { ...NQ57, number: "215-KH/TU" },
    });
    expect(plan.status).toBe(422);
    const planErr = (await plan.json()) as ErrorBody;
    expect(planErr.error.fields[0]!.message).toContain(
      "chỉ đăng ký nghị quyết (NQ), chỉ thị (CT) hoặc kết luận (KL)",
    );
    const dupSections = await call("POST", "/api/directives", {
      session: staff,
      json: { ...NQ57, number: "58-NQ/TW", sections: [NQ57.sections[0], NQ57.sections[0]] },
    });
    expect(dupSections.status).toBe(422);
    expect(((await dupSections.json()) as ErrorBody).error.fields[0]!.field).toBe("sections.1.number");
    const dup = await call("POST", "/api/directives", { session: staff, json: registeredJson });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as ErrorBody).error.code).toBe("duplicate_document");
    expect(await count("select count(*) n from directives")).toBe(before);
  });

  it("needs directive.manage on the directive's organisation", async () => {
    const json = { ...NQ57, number: "01-NQ/TU", issuer: "Thành ủy Hà Nội" };
    expect((await call("POST", "/api/directives", { session: secretary, json })).status).toBe(403);
    // Hà Nội's commission follows Hà Nội only.
    expect((await call("POST", "/api/directives", { session: staffHn, json })).status).toBe(403);
    const own = await call("POST", "/api/directives", {
      session: staffHn,
      json: { ...json, organisationId: "hn" },
    });
    expect(own.status).toBe(201);
    // Only from the Commission's own pages: the secretary sees no set-up page.
    expect((await call("GET", "/chi-thi/moi", { session: secretary, html: true })).status).toBe(403);
  });

  it("edits with a revision: a stale edit gets 409 with both texts and changes nothing", async () => {
    const { id: directiveId, json } = await registerDirective();
    const edited = {
      ...json,
      revision: 1,
      sections: [
        { ...NQ57.sections[0]!, body: "Nội dung mục 1 đã sửa." },
        NQ57.sections[1]!,
        {
          number: 3,
          title: "Tổ chức thực hiện",
          titleIsEditorial: false,
          body: "Các cấp ủy quán triệt.",
          isTaskGroup: false,
        },
      ],
    };
    const ok = await call("PUT", `/api/directives/${directiveId}`, { session: staff, json: edited });
    expect(ok.status).toBe(200);
    const saved = (await ok.json()) as { revision: number; sections: { number: number; body: string }[] };
    expect(saved.revision).toBe(2);
    expect(saved.sections.map((s) => s.number)).toEqual([1, 2, 3]);

    const stale = await call("PUT", `/api/directives/${directiveId}`, {
      session: staff,
      json: { ...edited, summary: "Bản của người thứ hai", revision: 1 },
    });
    expect(stale.status).toBe(409);
    const conflict = (await stale.json()) as {
      current: { revision: number; summary: string };
      yours: { summary: string };
    };
    expect(conflict.current.revision).toBe(2);
    expect(conflict.current.summary).toBe(NQ57.summary);
    expect(conflict.yours.summary).toBe("Bản của người thứ hai");
    const row = await env.DB.prepare("select summary, revision from directives where id = ?")
      .bind(directiveId)
      .first<{ summary: string; revision: number }>();
    expect(row).toEqual({ summary: NQ57.summary, revision: 2 });
    expect(await count("select count(*) n from directive_sections where directive_id = ?", directiveId)).toBe(
      3,
    );
  });

  it("registers guidance documents in the cascade with directive.manage", async () => {
    const { id: directiveId } = await registerDirective();
    const res = await call("POST", `/api/directives/${directiveId}/guidance`, {
      session: staff,
      json: {
        number: "25-HD/BTGDVTW",
        issuer: "Ban Tuyên giáo và Dân vận Trung ương",
        issuedOn: "2025-02-10",
        title: "Hướng dẫn tuyên truyền Nghị quyết số 57-NQ/TW",
        organisationId: "btgdv",
      },
    });
    expect(res.status).toBe(201);
    const tree = (await (await call("GET", `/api/directives/${directiveId}`, { session: staff })).json()) as {
      documents: { number: string; children: { number: string }[] }[];
    };
    expect(tree.documents.map((d) => d.number)).toContain("25-HD/BTGDVTW");
    // A secretary cannot use the Commission's route.
    const refused = await call("POST", `/api/directives/${directiveId}/guidance`, {
      session: secretary,
      json: {
        number: "26-HD/TU",
        issuer: "Thành ủy Hà Nội",
        issuedOn: "2025-02-10",
        title: "x",
        organisationId: "hn",
      },
    });
    expect(refused.status).toBe(403);
  });
});

describe("indicators and targets per organisation and year", () => {
  /** An indicator of a newly registered directive, with 2030 targets: national, then Hà Nội's twice. */
  async function indicatorWithTargets(): Promise<string> {
    const { id: directiveId } = await registerDirective();
    const res = await call("POST", `/api/directives/${directiveId}/indicators`, {
      session: staff,
      json: {
        code: "rd_spending",
        name: "Chi cho nghiên cứu và phát triển",
        unit: "% GDP",
        valueKind: "percent",
        aggregation: "avg",
        sectionNumber: 1,
      },
    });
    expect(res.status).toBe(201);
    const indicatorId = ((await res.json()) as { indicator: { id: string } }).indicator.id;
    for (const [session, organisationId, value] of [
      [staff, "tw", 2],
      [staff, "hn", 2.5],
      [staffHn, "hn", 3],
    ] as const) {
      const t = await call("POST", `/api/indicators/${indicatorId}/targets`, {
        session,
        json: { organisationId, year: 2030, value, comparator: "gte" },
      });
      expect(t.status).toBe(200);
    }
    return indicatorId;
  }

  it("adds an indicator and sets national and provincial targets", async () => {
    const indicatorId = await indicatorWithTargets();
    const rows = await env.DB.prepare(
      "select organisation_id, value from indicator_targets where indicator_id = ? order by organisation_id",
    )
      .bind(indicatorId)
      .all<{ organisation_id: string; value: number }>();
    // Hà Nội's own commission replaced the central figure for Hà Nội; the national one stays.
    expect(rows.results).toEqual([
      { organisation_id: "hn", value: 3 },
      { organisation_id: "tw", value: 2 },
    ]);
  });

  it("refuses targets outside the indicator's bounds or the person's scope", async () => {
    const indicatorId = await indicatorWithTargets();
    const over = await call("POST", `/api/indicators/${indicatorId}/targets`, {
      session: staff,
      json: { organisationId: "ct", year: 2030, value: 120, comparator: "gte" },
    });
    expect(over.status).toBe(422);
    expect(((await over.json()) as ErrorBody).error.fields[0]).toEqual({
      field: "value",
      message: "Mục tiêu phải nhỏ hơn hoặc bằng 100",
    });
    const foreign = await call("POST", `/api/indicators/${indicatorId}/targets`, {
      session: staffHn,
      json: { organisationId: "ct", year: 2030, value: 2, comparator: "gte" },
    });
    expect(foreign.status).toBe(403);
    const del = await call("DELETE", `/api/indicators/${indicatorId}/targets/hn/2030`, { session: staffHn });
    expect(del.status).toBe(200);
    expect(await count("select count(*) n from indicator_targets where indicator_id = ?", indicatorId)).toBe(
      1,
    );
    expect(
      await count(
        "select count(*) n from audit_events where action like 'indicator_target.%' and entity_id = ?",
        indicatorId,
      ),
    ).toBe(4);
  });

  it("shows a province its own coverage target on the dashboard, the national one elsewhere", async () => {
    const set = await call("POST", "/api/indicators/ind-coverage/targets", {
      session: staffHn,
      json: { organisationId: "hn", year: 2026, value: 96.5, comparator: "gte" },
    });
    expect(set.status).toBe(200);
    const hn = await (await call("GET", "/giam-sat?org=hn", { session: staffHn, html: true })).text();
    expect(hn).toContain("Mục tiêu 2026: đạt 96,5%");
    expect(hn).toContain("Mục tiêu 2030 (Ban Chấp hành Trung ương Đảng (Ban Bí thư)): đạt 100%");
    const national = await (await call("GET", "/giam-sat?org=tw", { session: staff, html: true })).text();
    expect(national).toContain("Mục tiêu 2026: trên 95%");
    await call("DELETE", "/api/indicators/ind-coverage/targets/hn/2026", { session: staffHn });
  });

  it("reads figures typed on the set-up page as the report forms do: '496.294' people is 496294, not 496,294", async () => {
    const { id: directiveId } = await registerDirective();
    const page = `/chi-thi/${encodeURIComponent(directiveId)}`;
    const saved = await call("POST", `${page}/chi-tieu`, {
      session: staff,
      form: {
        code: "insured_people",
        name: "Số người tham gia bảo hiểm y tế",
        unit: "người",
        valueKind: "integer",
        aggregation: "sum",
        baselineValue: "496.294",
        baselineYear: "2024",
      },
    });
    expect(saved.status).toBe(303);
    const indicator = await env.DB.prepare(
      "select id, baseline_value from indicators where directive_id = ? and code = 'insured_people'",
    )
      .bind(directiveId)
      .first<{ id: string; baseline_value: number }>();
    expect(indicator?.baseline_value).toBe(496_294);
    const target = await call("POST", `${page}/muc-tieu`, {
      session: staff,
      form: {
        indicatorId: indicator!.id,
        organisationId: "tw",
        year: "2030",
        value: "1.000.000",
        comparator: "gte",
      },
    });
    expect(target.status).toBe(303);
    expect(
      await count(
        "select count(*) n from indicator_targets where indicator_id = ? and organisation_id = 'tw' and value = 1000000",
        indicator!.id,
      ),
    ).toBe(1);
  });

  it("keeps the seeded national targets of 52-CT/TW on the root", async () => {
    expect(
      await count(
        "select count(*) n from indicator_targets where indicator_id = 'ind-coverage' and organisation_id = 'tw'",
      ),
    ).toBe(2);
  });
});

describe("escalation policies", () => {
  it("lists the default ladder with its steps and a timeline in working days", async () => {
    const res = await call("GET", "/api/escalation-policies/policy-default", { session: secretary });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      steps: { offsetDays: number; audience: string }[];
      summary: string;
      timeline: {
        exampleDueOn: string;
        points: { offsetDays: number; label: string; exampleDate: string }[];
      };
    };
    expect(body.steps.map((s) => s.offsetDays)).toEqual([-7, -3, -1, 0, 1, 5, 5, 10]);
    expect(body.summary).toContain("Nhắc 7, 3, 1 ngày làm việc trước hạn");
    const labels = body.timeline.points.map((p) => p.label);
    expect(labels).toEqual([
      "7 ngày làm việc trước hạn",
      "3 ngày làm việc trước hạn",
      "1 ngày làm việc trước hạn",
      "Ngày đến hạn",
      "1 ngày làm việc sau hạn",
      "5 ngày làm việc sau hạn",
      "10 ngày làm việc sau hạn",
    ]);
    const page = await call("GET", "/quy-trinh-nhac/policy-default", { session: secretary, html: true });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("10 ngày làm việc sau hạn");
  });

  it("creates and edits a policy; stale edits get 409 with both ladders", async () => {
    const created = await call("POST", "/api/escalation-policies", {
      session: staff,
      json: {
        name: "Nhắc báo cáo quý Nghị quyết 57",
        organisationId: "tw",
        steps: [
          { offsetDays: -5, audience: "reporters" },
          { offsetDays: 0, audience: "reporters" },
          { offsetDays: 3, audience: "commission" },
        ],
      },
    });
    expect(created.status).toBe(201);
    const policy = (await created.json()) as { id: string; revision: number; steps: { template: string }[] };
    expect(policy.steps.map((s) => s.template)).toEqual([
      "reminder_before",
      "due_today",
      "escalation_commission",
    ]);
    const edit = (steps: { offsetDays: number; audience: string }[], revision: number) =>
      call("PUT", `/api/escalation-policies/${policy.id}`, {
        session: staff,
        json: { name: "Nhắc báo cáo quý Nghị quyết 57", organisationId: "tw", steps, revision },
      });
    const ok = await edit(
      [
        { offsetDays: -5, audience: "reporters" },
        { offsetDays: 2, audience: "superior" },
      ],
      1,
    );
    expect(ok.status).toBe(200);
    const stale = await edit([{ offsetDays: -1, audience: "reporters" }], 1);
    expect(stale.status).toBe(409);
    const conflict = (await stale.json()) as {
      current: { revision: number; steps: { offsetDays: number }[] };
      yours: { steps: { offsetDays: number }[] };
    };
    expect(conflict.current.steps.map((s) => s.offsetDays)).toEqual([-5, 2]);
    expect(conflict.yours.steps.map((s) => s.offsetDays)).toEqual([-1]);
    expect(await count("select count(*) n from escalation_steps where policy_id = ?", policy.id)).toBe(2);
    // Hà Nội's commission may not edit a central policy; a secretary may not create one.
    expect((await edit([{ offsetDays: 1, audience: "reporters" }], 2)).status).toBe(200);
    const hn = await call("PUT", `/api/escalation-policies/${policy.id}`, {
      session: staffHn,
      json: {
        name: "x",
        organisationId: "hn",
        steps: [{ offsetDays: 1, audience: "reporters" }],
        revision: 3,
      },
    });
    expect(hn.status).toBe(403);
  });

  it("refuses duplicate rungs and escalation before the deadline", async () => {
    const res = await call("POST", "/api/escalation-policies", {
      session: staff,
      json: {
        name: "Sai",
        organisationId: "tw",
        steps: [
          { offsetDays: -2, audience: "leadership" },
          { offsetDays: 1, audience: "reporters" },
          { offsetDays: 1, audience: "reporters" },
        ],
      },
    });
    expect(res.status).toBe(422);
    const fields = ((await res.json()) as ErrorBody).error.fields;
    expect(fields).toEqual([
      {
        field: "steps.0.audience",
        message: "Trước hạn chỉ nhắc đơn vị phải báo cáo; báo cáo vượt cấp chỉ sau hạn",
      },
      { field: "steps.2.offsetDays", message: "Trùng với bước 2: cùng ngày và cùng người nhận" },
    ]);
  });

  it("edits a policy through the page form, adding a step without saving first", async () => {
    const add = await call("POST", "/quy-trinh-nhac", {
      session: staff,
      form: {
        name: "Quy trình từ trang",
        organisationId: "tw",
        stepCount: "1",
        "steps.0.days": "2",
        "steps.0.side": "before",
        "steps.0.audience": "reporters",
        intent: "addStep",
      },
    });
    expect(add.status).toBe(200);
    expect(await add.text()).toContain("Bước 2");
    const save = await call("POST", "/quy-trinh-nhac", {
      session: staff,
      form: {
        name: "Quy trình từ trang",
        organisationId: "tw",
        stepCount: "2",
        "steps.0.days": "2",
        "steps.0.side": "before",
        "steps.0.audience": "reporters",
        "steps.1.days": "4",
        "steps.1.side": "after",
        "steps.1.audience": "leadership",
        intent: "save",
      },
    });
    expect(save.status).toBe(303);
    const id = save.headers.get("location")!.split("/")[2]!.split("?")[0]!;
    const steps = await env.DB.prepare(
      "select offset_days, audience from escalation_steps where policy_id = ? order by offset_days",
    )
      .bind(id)
      .all();
    expect(steps.results).toEqual([
      { offset_days: -2, audience: "reporters" },
      { offset_days: 4, audience: "leadership" },
    ]);
  });
});
