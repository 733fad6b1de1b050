/** Organisation tree (move, close, search, pages), directive documents and implementation plans. */
import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { people } from "../../src/db/schema";
import { call, count, type Session } from "../support/auth-fixtures";
import { aMembership, aPerson, changeRows } from "../support/builders";
import { DEMO_NOW, demoSession, demoWithSessions } from "../support/demo-sessions";

let admin: Session;
let secHn: Session;
let secCt: Session;
let secHp: Session;
let staffHn: Session;

beforeAll(async () => {
  ({ admin, secHn, secCt, secHp } = await demoWithSessions(DEMO_NOW, {
    admin: "p-admin",
    secHn: "p-bithu-hn",
    secCt: "p-bithu-ct",
    secHp: "p-bithu-hp",
  }));
  // Commission staff holding the role at Hà Nội itself (the demo's p-canbo-hn holds it at hn-btgdv,
  // whose path does not cover the city's communes under the current policy).
  await env.DB.batch([
    aPerson({ id: "p-t-staff", email: "canbo.test@demo.vn", fullName: "Cán bộ thử" }),
    aMembership({ id: "m-t-staff", personId: "p-t-staff", organisationId: "hn", role: "commission_staff" }),
  ]);
  staffHn = await demoSession("p-t-staff");
});

interface OrgJson {
  id: string;
  code: string;
  path: string;
  level: number;
  parentId: string | null;
  closedOn: string | null;
}

async function createOrg(code: string, parentId: string): Promise<OrgJson> {
  const res = await call("POST", "/api/organisations", {
    session: admin,
    json: { code, name: `Tổ chức ${code}`, kind: "grassroots", parentId },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { organisation: OrgJson }).organisation;
}

const pathOf = async (id: string) =>
  (await env.DB.prepare("select path, level from organisations where id = ?")
    .bind(id)
    .first<{ path: string; level: number }>())!;

describe("moving and closing organisations", () => {
  it("moving rewrites the whole subtree's paths and levels; moving under a descendant is refused", async () => {
    const x = await createOrg("MV-X", "hn");
    const y = await createOrg("MV-Y", x.id);
    const z = await createOrg("MV-Z", y.id);
    expect(x.path).toBe(`/tw/hn/${x.id}/`);
    const res = await call("PATCH", `/api/organisations/${x.id}`, {
      session: admin,
      json: { parentId: "hn-hoankiem" },
    });
    expect(res.status).toBe(200);
    expect(await pathOf(x.id)).toEqual({ path: `/tw/hn/hn-hoankiem/${x.id}/`, level: 3 });
    expect(await pathOf(y.id)).toEqual({ path: `/tw/hn/hn-hoankiem/${x.id}/${y.id}/`, level: 4 });
    expect(await pathOf(z.id)).toEqual({ path: `/tw/hn/hn-hoankiem/${x.id}/${y.id}/${z.id}/`, level: 5 });
    expect(
      await count(
        "select count(*) n from audit_events where action = 'organisation.moved' and entity_id = ?",
        x.id,
      ),
    ).toBe(1);

    const cycle = await call("PATCH", `/api/organisations/${x.id}`, {
      session: admin,
      json: { parentId: z.id },
    });
    expect(cycle.status).toBe(422);
    expect(((await cycle.json()) as { error: { code: string } }).error.code).toBe("move_cycle");
    const self = await call("PATCH", `/api/organisations/${x.id}`, {
      session: admin,
      json: { parentId: x.id },
    });
    expect(self.status).toBe(422);
    expect(await pathOf(z.id)).toEqual({ path: `/tw/hn/hn-hoankiem/${x.id}/${y.id}/${z.id}/`, level: 5 });
  });

  it("only org.manage may create or move; a secretary gets 403 and nothing changes", async () => {
    const res = await call("PATCH", "/api/organisations/hn-badinh", {
      session: secHn,
      json: { parentId: "ct" },
    });
    expect(res.status).toBe(403);
    expect((await pathOf("hn-badinh")).path).toBe("/tw/hn/hn-badinh/");
    const created = await call("POST", "/api/organisations", {
      session: secHn,
      json: { code: "SEC-NEW", name: "X", kind: "grassroots", parentId: "hn" },
    });
    expect(created.status).toBe(403);
    expect(await count("select count(*) n from organisations where code = 'SEC-NEW'")).toBe(0);
  });

  it("closing keeps the organisation's report history", async () => {
    const before = await count("select count(*) n from obligations where organisation_id = 'hn-giangvo'");
    expect(before).toBeGreaterThan(0);
    const res = await call("PATCH", "/api/organisations/hn-giangvo", {
      session: admin,
      json: { closedOn: "2026-11-30" },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { organisation: OrgJson }).organisation.closedOn).toBe("2026-11-30");
    expect(await count("select count(*) n from obligations where organisation_id = 'hn-giangvo'")).toBe(
      before,
    );
    const page = await call("GET", "/to-chuc/hn-giangvo", { session: admin, html: true });
    const html = await page.text();
    expect(html).toContain("30/11/2026");
    expect(html).toMatch(/href="\/bao-cao\/o_[^"]+_hn-giangvo"/);
    const bad = await call("PATCH", "/api/organisations/hn-giangvo", {
      session: admin,
      json: { closedOn: "31/11/2026" },
    });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("dd/mm/yyyy");
  });
});

describe("browsing and searching", () => {
  it("search finds Hoàn Kiếm with and without diacritics, only within the reader's scope", async () => {
    for (const q of ["Hoàn Kiếm", "hoan kiem", "HOAN KIEM", "hn-hoankiem"]) {
      const res = await call("GET", `/api/organisations?q=${encodeURIComponent(q)}`, { session: secHn });
      expect(res.status).toBe(200);
      const ids = ((await res.json()) as { items: OrgJson[] }).items.map((o) => o.id);
      expect(ids[0], q).toBe("hn-hoankiem");
    }
    const other = await call("GET", `/api/organisations?q=${encodeURIComponent("hoan kiem")}`, {
      session: secCt,
    });
    expect(((await other.json()) as { items: OrgJson[] }).items).toEqual([]);
    const page = await call("GET", `/to-chuc/tim?q=${encodeURIComponent("hoan kiem")}`, {
      session: secHn,
      html: true,
    });
    expect(await page.text()).toContain('href="/to-chuc/hn-hoankiem"');
  });

  it("children come in keyset pages without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/organisations?parent=tw&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const body = (await (await call("GET", url, { session: admin })).json()) as {
        items: OrgJson[];
        nextCursor: string | null;
      };
      expect(body.items.length).toBeLessThanOrEqual(7);
      seen.push(...body.items.map((o) => o.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await count("select count(*) n from organisations where parent_id = 'tw'"));
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await call("GET", "/api/organisations?parent=tw&cursor=%%%", { session: admin });
    expect(bad.status).toBe(400);
  });

  it("the organisation page shows breadcrumbs, children, people, plan and bounced addresses for Commission staff", async () => {
    await changeRows(people, eq(people.id, "p-bithu-hn-hoankiem"), {
      bouncedAt: 1,
      bounceReason: "Hộp thư không tồn tại",
    }).run();
    const res = await call("GET", "/to-chuc/hn-hoankiem", { session: staffHn, html: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/to-chuc/hn"');
    expect(html).toContain("Chi bộ Tổ dân phố số 1, phường Hoàn Kiếm");
    expect(html).toContain("130.000");
    expect(html).toContain("Địa chỉ thư bị trả lại");
    expect(html).toContain("Hộp thư không tồn tại");
    // Tháng 11/2026 ended on Wednesday 18/11; on Tuesday 24/11 that is 19, 20, 23 and 24/11 late.
    expect(html).toContain("Quá hạn 4 ngày làm việc, chưa nộp");
    expect(html).not.toContain("Quá hạn, chưa nộp");
    // An administrator adding a child to a ward's committee starts from "Tổ chức cơ sở đảng".
    const asAdmin = await (await call("GET", "/to-chuc/hn-hoankiem", { session: admin, html: true })).text();
    expect(asAdmin).toMatch(/<option value="grassroots" selected(="")?>/);
    expect(asAdmin).not.toMatch(/<option value="secretariat" selected/);
    const asSecretary = await (
      await call("GET", "/to-chuc/hn-hoankiem", { session: secHn, html: true })
    ).text();
    expect(asSecretary).not.toContain("Địa chỉ thư bị trả lại");
    expect((await call("GET", "/to-chuc/hn", { session: secCt, html: true })).status).toBe(403);
    const roots = await (await call("GET", "/to-chuc", { session: secHn, html: true })).text();
    expect(roots).toContain('href="/to-chuc/hn"');
    expect(roots).not.toContain('href="/to-chuc/tw"');
  });

  it("GET /api/organisations/:id returns the organisation and its ancestors", async () => {
    const res = await call("GET", "/api/organisations/hn-hoankiem-cb1", { session: secHn });
    const body = (await res.json()) as { organisation: OrgJson; ancestors: { id: string }[] };
    expect(body.organisation.code).toBe("HN-HOANKIEM-CB1");
    expect(body.ancestors.map((a) => a.id)).toEqual(["tw", "hn", "hn-hoankiem"]);
  });
});

describe("directives and implementing documents", () => {
  it("shows sections, the coverage targets and the cascade", async () => {
    const res = await call("GET", "/api/directives/ct52", { session: secHn });
    const body = (await res.json()) as {
      sections: { number: number }[];
      indicators: {
        code: string;
        baselineValue: number;
        targets: { year: number; value: number; comparator: string }[];
      }[];
      documents: { number: string; children: { number: string; children: { number: string }[] }[] }[];
      notYetIssued: { id: string }[];
    };
    expect(body.sections.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const cov = body.indicators.find((i) => i.code === "coverage")!;
    expect(cov.baselineValue).toBe(94.29);
    expect(cov.targets).toEqual([
      { year: 2026, value: 95, comparator: "gt", note: "Trên 95% dân số" },
      { year: 2030, value: 100, comparator: "gte", note: "Bao phủ toàn dân" },
    ]);
    expect(body.documents[0]!.number).toBe("52-CT/TW");
    expect(body.documents[0]!.children[0]!.number).toBe("33-HD/BTGDVTW");
    const html = await (await call("GET", "/chi-thi/ct52", { session: admin, html: true })).text();
    expect(html).toContain("94,29% (năm 2024)");
    expect(html).toContain("Năm 2026: trên 95%");
    expect(html).toContain("03/10/2025");
  });

  it("validates the document number (422, Vietnamese) and then lists the committee as having issued", async () => {
    const missing = async () =>
      (
        (await (await call("GET", "/api/directives/ct52", { session: admin })).json()) as {
          notYetIssued: { id: string }[];
        }
      ).notYetIssued.map((o) => o.id);
    expect(await missing()).toContain("ct");
    expect(await missing()).not.toContain("hn");
    const doc = {
      docType: "KH",
      issuer: "Thành ủy Cần Thơ",
      issuedOn: "2025-12-01",
      title: "Kế hoạch thực hiện Chỉ thị 52",
      parentDocumentId: "doc-33",
      organisationId: "ct",
    };
    const bad = await call("POST", "/api/directives/ct52/documents", {
      session: secCt,
      json: { ...doc, number: "45/KH-TU-" },
    });
    expect(bad.status).toBe(422);
    const err = (await bad.json()) as {
      error: { code: string; message: string; fields: { field: string }[] };
    };
    expect(err.error.code).toBe("invalid_document_number");
    expect(err.error.message).toMatch(/Số hiệu văn bản không đúng định dạng/);
    expect(err.error.fields[0]!.field).toBe("number");
    const wrongType = await call("POST", "/api/directives/ct52/documents", {
      session: secCt,
      json: { ...doc, number: "45-KJ/TU" },
    });
    expect(((await wrongType.json()) as { error: { message: string } }).error.message).toContain(
      "Loại văn bản “KJ”",
    );
    // Another committee's secretary may not record Cần Thơ's document.
    const foreign = await call("POST", "/api/directives/ct52/documents", {
      session: secHp,
      json: { ...doc, number: "45-KH/TU" },
    });
    expect(foreign.status).toBe(403);
    const ok = await call("POST", "/api/directives/ct52/documents", {
      session: secCt,
      json: { ...doc, number: "45-KH/TU" },
    });
    expect(ok.status).toBe(201);
    expect(await missing()).not.toContain("ct");
    const dup = await call("POST", "/api/directives/ct52/documents", {
      session: secCt,
      json: { ...doc, number: "45-KH/TU" },
    });
    expect(dup.status).toBe(409);
  });
});

interface TaskJson {
  id: string;
  title: string;
  progress: number;
  revision: number;
  completedOn: string | null;
  status: { code: string; label: string };
}

describe("implementation plans", () => {
  it("the Hà Nội plan shows every status relative to 24/11/2026", async () => {
    const res = await call("GET", "/api/plans/plan-hn", { session: secHn });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { plan: { documentNumber: string }; tasks: TaskJson[] };
    expect(body.plan.documentNumber).toBe("215-KH/TU");
    expect(body.tasks.map((t) => t.status.code)).toEqual([
      "done_on_time",
      "done_late",
      "in_progress",
      "in_progress_overdue",
      "due_soon",
      "not_started",
      "no_deadline",
    ]);
    const html = await (await call("GET", "/ke-hoach/hn", { session: secHn, html: true })).text();
    for (const label of [
      "Hoàn thành đúng hạn",
      "Hoàn thành quá hạn",
      "Đang thực hiện quá hạn",
      "Sắp đến hạn",
      "Không có thời hạn",
    ]) {
      expect(html).toContain(label);
    }
    expect(html).toContain("25/11/2025");
    const byt = (await (await call("GET", "/api/plans/plan-byt", { session: admin })).json()) as {
      tasks: TaskJson[];
    };
    expect(byt.tasks).toHaveLength(6);
    const lhh = (await (await call("GET", "/api/plans/plan-lhhvn", { session: admin })).json()) as {
      tasks: TaskJson[];
    };
    expect(lhh.tasks).toHaveLength(4);
  });

  it("another organisation's secretary cannot edit this plan (403, nothing changed)", async () => {
    const before = await env.DB.prepare(
      "select progress, revision from plan_tasks where id = 'plan-hn-t3'",
    ).first();
    const patch = await call("PATCH", "/api/tasks/plan-hn-t3", {
      session: secHp,
      json: { progress: 99, revision: 1 },
    });
    expect(patch.status).toBe(403);
    const add = await call("POST", "/api/plans/plan-hn/tasks", {
      session: secHp,
      json: { title: "Xen ngang" },
    });
    expect(add.status).toBe(403);
    const del = await call("DELETE", "/api/tasks/plan-hn-t3", { session: secHp });
    expect(del.status).toBe(403);
    const form = await call("POST", "/ke-hoach/nhiem-vu/plan-hn-t3", {
      session: secHp,
      form: { progress: "99", revision: "1" },
    });
    expect(form.status).toBe(403);
    expect(
      await env.DB.prepare("select progress, revision from plan_tasks where id = 'plan-hn-t3'").first(),
    ).toEqual(before);
    expect(await count("select count(*) n from plan_tasks where plan_id = 'plan-hn'")).toBe(7);
  });

  it("a stale task edit gets 409 and the newer edit survives", async () => {
    const first = await call("PATCH", "/api/tasks/plan-hn-t3", {
      session: secHn,
      json: { progress: 70, revision: 1 },
    });
    expect(first.status).toBe(200);
    const task = ((await first.json()) as { task: TaskJson }).task;
    expect(task.revision).toBe(2);
    const stale = await call("PATCH", "/api/tasks/plan-hn-t3", {
      session: secHn,
      json: { progress: 10, notes: "cũ", revision: 1 },
    });
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { error: { code: string }; current: TaskJson };
    expect(body.error.code).toBe("stale_revision");
    expect(body.current.progress).toBe(70);
    expect(
      await env.DB.prepare("select progress, revision from plan_tasks where id = 'plan-hn-t3'").first(),
    ).toEqual({ progress: 70, revision: 2 });
    const done = await call("PATCH", "/api/tasks/plan-hn-t3", {
      session: secHn,
      json: { progress: 100, revision: 2 },
    });
    const doneTask = ((await done.json()) as { task: TaskJson }).task;
    expect(doneTask.completedOn).toBe("2026-11-24");
    expect(doneTask.status.code).toBe("done_on_time");
  });

  it("creating a plan validates its document number; tasks can be added, edited by form and deleted", async () => {
    const bad = await call("POST", "/api/plans", {
      session: secCt,
      json: { organisationId: "ct", documentNumber: "12 KH TU" },
    });
    expect(bad.status).toBe(422);
    expect(
      ((await bad.json()) as { error: { fields: { field: string; message: string }[] } }).error.fields[0],
    ).toMatchObject({ field: "documentNumber" });
    const created = await call("POST", "/api/plans", {
      session: secCt,
      json: { organisationId: "ct", documentNumber: "12-KH/TU", documentDate: "2025-12-05" },
    });
    expect(created.status).toBe(201);
    const plan = ((await created.json()) as { plan: { id: string } }).plan;
    expect(
      (await call("POST", "/api/plans", { session: secCt, json: { organisationId: "ct" } })).status,
    ).toBe(409);
    expect(
      (await call("POST", "/api/plans", { session: secHp, json: { organisationId: "ct" } })).status,
    ).toBe(403);
    const add = await call("POST", `/api/plans/${plan.id}/tasks`, {
      session: secCt,
      json: {
        title: "Quán triệt Chỉ thị",
        sectionId: "ct52-s3",
        dueOn: "2026-12-15",
        owner: "Ban Tuyên giáo",
      },
    });
    expect(add.status).toBe(201);
    const t = ((await add.json()) as { task: TaskJson }).task;
    expect(t.status.code).toBe("not_started");
    const badSection = await call("POST", `/api/plans/${plan.id}/tasks`, {
      session: secCt,
      json: { title: "X", sectionId: "nope", progress: 101 },
    });
    expect(badSection.status).toBe(422);
    const form = await call("POST", `/ke-hoach/nhiem-vu/${t.id}`, {
      session: secCt,
      html: true,
      form: { title: "Quán triệt Chỉ thị 52", progress: "40", dueOn: "", revision: "1", notes: "" },
    });
    expect(form.status).toBe(303);
    const row = await env.DB.prepare("select title, progress, due_on, revision from plan_tasks where id = ?")
      .bind(t.id)
      .first();
    expect(row).toEqual({ title: "Quán triệt Chỉ thị 52", progress: 40, due_on: null, revision: 2 });
    // A delete says which revision it removes; it is a soft delete.
    expect((await call("DELETE", `/api/tasks/${t.id}`, { session: secCt })).status).toBe(422);
    expect((await call("DELETE", `/api/tasks/${t.id}?revision=2`, { session: secCt })).status).toBe(200);
    expect(
      await count("select count(*) n from plan_tasks where id = ? and deleted_at is not null", t.id),
    ).toBe(1);
    expect(
      await count(
        "select count(*) n from audit_events where entity_type = 'plan_task' and entity_id = ?",
        t.id,
      ),
    ).toBe(3);
  });
});
