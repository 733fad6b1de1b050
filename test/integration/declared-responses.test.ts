import { env } from "cloudflare:test";
import type { RouteConfig } from "@hono/zod-openapi";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { instantAt } from "../../src/domain/time";
import {
  deleteCalendarDayRoute,
  listCalendarDays,
  putCalendarDay,
} from "../../src/features/calendar/calendar.api";
import { getDirective, postDirectiveDocument } from "../../src/features/directives/directives.api";
import {
  checkDocumentNumber,
  getDocument,
  patchDocument,
  withdrawDocumentRoute,
} from "../../src/features/directives/documents.api";
import {
  deleteTaskRoute,
  getPlanRoute,
  patchTaskRoute,
  postPlanRoute,
  postTaskRoute,
  restoreTaskRoute,
} from "../../src/features/directives/plans.api";
import {
  deleteTargetRoute,
  listDirectivesRoute,
  listIndicatorsRoute,
  postDirectiveRoute,
  postGuidanceRoute,
  postIndicatorRoute,
  postTargetRoute,
  putDirectiveRoute,
} from "../../src/features/directives/setup.api";
import { importOrganisationsRoute, importPeopleRoute } from "../../src/features/organisations/import.api";
import {
  createOrganisationRoute,
  getOrganisation,
  listOrganisations,
  patchOrganisation,
} from "../../src/features/organisations/organisations.api";
import { submitReport } from "../../src/features/reporting";
import {
  askExtensionRoute,
  decideExtensionRoute,
  listExtensionRequests,
} from "../../src/features/reporting/extension-requests.api";
import {
  createFormRoute,
  getFormRoute,
  listFormsRoute,
  listFormTemplatesRoute,
  postFormVersionRoute,
} from "../../src/features/reporting/forms.api";
import {
  getMyObligations,
  getObligation,
  postSubmit,
  putDraft,
} from "../../src/features/reporting/reporting.api";
import { getVersions, postExtension, postRemark, postReview } from "../../src/features/review/review.api";
import {
  createPolicyRoute,
  getPolicyRoute,
  listPoliciesRoute,
  updatePolicyRoute,
} from "../../src/features/schedules/escalation.api";
import { call, type Session } from "../support/auth-fixtures";
import { declaredContent, expectDeclared, expectErrorBody } from "../support/declared";
import { demoWithSessions } from "../support/demo-sessions";
import { directive52Values } from "../support/directive52-values";

/** Every route declared with `createRoute` answers what it declares (status by status). */
const NOW = instantAt("2026-11-25", 10);
let admin: Session;
let staff: Session;
let staffHn: Session;
let secretaryHn: Session;

beforeAll(async () => {
  ({ admin, staff, staffHn, secretaryHn } = await demoWithSessions(NOW, {
    admin: "p-admin",
    staff: "p-canbo",
    staffHn: "p-canbo-hn",
    secretaryHn: "p-bithu-hn",
  }));
});

function declaredRoutes(): RouteConfig[] {
  return createApp()
    .openAPIRegistry.definitions.filter((d) => d.type === "route")
    .map((d) => (d as { route: RouteConfig }).route);
}

describe("declared responses", () => {
  it("every declared GET without path parameters answers an administrator with its declared 200 body", async () => {
    const gets = declaredRoutes().filter((r) => r.method === "get" && !r.path.includes("{"));
    expect(gets.length).toBeGreaterThan(0);
    for (const route of gets) {
      const res = await call("GET", route.path, { session: admin });
      expect(res.status, route.path).toBe(200);
      const declared = Object.keys(declaredContent(route, 200));
      expect(
        declared.some((type) => res.headers.get("content-type")?.startsWith(type)),
        route.path,
      ).toBe(true);
      if (declared.includes("application/json")) expectDeclared(route, 200, await res.json());
      else expect((await res.text()).length, route.path).toBeGreaterThan(0);
    }
  });

  it("the calendar's routes: list, save, delete and their refusals", async () => {
    const list = await call("GET", "/api/calendar-days?year=2026", { session: admin });
    expectDeclared(listCalendarDays, 200, await list.json());
    const put = await call("PUT", "/api/calendar-days/18%2F12%2F2026", {
      session: admin,
      json: { kind: "off", name: "Ngày nghỉ thử", source: null },
    });
    expect(put.status).toBe(200);
    expectDeclared(putCalendarDay, 200, await put.json());
    const del = await call("DELETE", "/api/calendar-days/2026-12-18", { session: admin });
    expect(del.status).toBe(200);
    expectDeclared(deleteCalendarDayRoute, 200, await del.json());

    const bad = await call("PUT", "/api/calendar-days/31-02-2026", { session: admin, json: { kind: "x" } });
    expect(bad.status).toBe(422);
    expectErrorBody(await bad.json());
    const malformed = await call("PUT", "/api/calendar-days/2026-12-18", {
      session: admin,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    const body = await malformed.json();
    expectErrorBody(body);
    expect((body as { error: { message: string } }).error.message).toMatch(/JSON/);
  });

  it("the organisation routes: a page of children, create, update, one organisation", async () => {
    const page = await call("GET", "/api/organisations?parent=hn&limit=2", { session: admin });
    expect(page.status).toBe(200);
    const body = (await page.json()) as { nextCursor: string | null };
    expectDeclared(listOrganisations, 200, body);
    expect(body.nextCursor).not.toBeNull();
    const created = await call("POST", "/api/organisations", {
      session: admin,
      json: { code: "decl-test-1", name: "Chi bộ kiểm thử", kind: "grassroots", parentId: "hn" },
    });
    expect(created.status).toBe(201);
    const { organisation } = (await created.json()) as { organisation: { id: string } };
    const again = await call("POST", "/api/organisations", {
      session: admin,
      json: { code: "decl-test-1", name: "Trùng mã", kind: "grassroots", parentId: "hn" },
    });
    expect(again.status).toBe(409);
    expectErrorBody(await again.json());
    const patched = await call("PATCH", `/api/organisations/${organisation.id}`, {
      session: admin,
      json: { name: "Chi bộ kiểm thử (đã sửa)", closedOn: "30/11/2026" },
    });
    expect(patched.status).toBe(200);
    expectDeclared(patchOrganisation, 200, await patched.json());
    const one = await call("GET", `/api/organisations/${organisation.id}`, { session: admin });
    const oneBody = (await one.json()) as { organisation: { name: string; closedOn: string } };
    expectDeclared(getOrganisation, 200, oneBody);
    expect(oneBody.organisation).toMatchObject({ name: "Chi bộ kiểm thử (đã sửa)", closedOn: "2026-11-30" });
    expectDeclared(createOrganisationRoute, 201, { organisation: { ...oneBody.organisation } });
  });

  it("the directive and register of documents' routes: a directive, add, check, read, correct, withdraw", async () => {
    const valid = await call("GET", `/api/document-numbers/check?number=${encodeURIComponent("52/CT-TW")}`, {
      session: admin,
    });
    expect(valid.status).toBe(200);
    expectDeclared(checkDocumentNumber, 200, await valid.json());
    const wrong = await call("GET", `/api/document-numbers/check?number=${encodeURIComponent("12/KH-TU")}`, {
      session: admin,
    });
    expect(wrong.status).toBe(200);
    expectDeclared(checkDocumentNumber, 200, await wrong.json());

    const registered = await call("POST", "/api/directives/ct52/documents", {
      session: admin,
      json: {
        number: "301-KH/TU",
        issuer: "Thành ủy Cần Thơ",
        issuedOn: "2025-12-01",
        title: "Kế hoạch thực hiện Chỉ thị 52",
        parentDocumentId: "doc-33",
        organisationId: "ct",
      },
    });
    expect(registered.status).toBe(201);
    const added = (await registered.json()) as { document: { id: string } };
    expectDeclared(postDirectiveDocument, 201, added);
    const { id } = added.document;

    const directive = await call("GET", "/api/directives/ct52", { session: admin });
    expect(directive.status).toBe(200);
    const tree = (await directive.json()) as { documents: { children: unknown[] }[] };
    expect(tree.documents.some((d) => d.children.length > 0)).toBe(true);
    expectDeclared(getDirective, 200, tree);
    const under = await call("GET", "/api/directives/ct52?under=ct", { session: admin });
    expect(under.status).toBe(200);
    expectDeclared(getDirective, 200, await under.json());

    const one = await call("GET", `/api/documents/${id}`, { session: admin });
    expect(one.status).toBe(200);
    expectDeclared(getDocument, 200, await one.json());

    const fields = {
      number: "302-KH/TU",
      issuer: "Thành ủy Cần Thơ",
      issuedOn: "2025-12-01",
      title: "Kế hoạch thực hiện Chỉ thị 52",
      reason: "Sửa số hiệu đăng ký sai",
    };
    const patched = await call("PATCH", `/api/documents/${id}`, {
      session: admin,
      json: { ...fields, revision: 1 },
    });
    expect(patched.status).toBe(200);
    expectDeclared(patchDocument, 200, await patched.json());
    const stale = await call("PATCH", `/api/documents/${id}`, {
      session: admin,
      json: { ...fields, revision: 1 },
    });
    expect(stale.status).toBe(409);
    expectDeclared(patchDocument, 409, await stale.json());

    const withdrawn = await call("POST", `/api/documents/${id}/withdraw`, {
      session: admin,
      json: { revision: 2, reason: "Đăng ký nhầm chỉ thị" },
    });
    expect(withdrawn.status).toBe(200);
    expectDeclared(withdrawDocumentRoute, 200, await withdrawn.json());
  });

  it("the directive set-up routes: register, edit and its stale conflict, guidance, indicators, targets", async () => {
    const list = await call("GET", "/api/directives", { session: staff });
    expect(list.status).toBe(200);
    expectDeclared(listDirectivesRoute, 200, await list.json());

    const input = {
      number: "91-NQ/TW",
      issuer: "Bộ Chính trị",
      issuedOn: "2025-03-01",
      title: "một thử nghiệm khai báo phản hồi",
      summary: "Toàn văn phần mở đầu.",
      organisationId: "tw",
      sections: [
        {
          number: 1,
          title: "Mục một",
          titleIsEditorial: false,
          body: "Nội dung mục một.",
          isTaskGroup: true,
        },
      ],
    };
    const created = await call("POST", "/api/directives", { session: staff, json: input });
    expect(created.status).toBe(201);
    const directive = (await created.json()) as { id: string; revision: number };
    expectDeclared(postDirectiveRoute, 201, directive);

    const edited = await call("PUT", `/api/directives/${directive.id}`, {
      session: staff,
      json: { ...input, title: "một thử nghiệm đã sửa", revision: 1 },
    });
    expect(edited.status).toBe(200);
    expectDeclared(putDirectiveRoute, 200, await edited.json());
    const stale = await call("PUT", `/api/directives/${directive.id}`, {
      session: staff,
      json: { ...input, title: "một bản cũ", revision: 1 },
    });
    expect(stale.status).toBe(409);
    const staleBody = (await stale.json()) as { current: unknown; yours: unknown };
    expect(staleBody.current).toBeTruthy();
    expect(staleBody.yours).toBeTruthy();
    expectDeclared(putDirectiveRoute, 409, staleBody);

    const guidance = await call("POST", `/api/directives/${directive.id}/guidance`, {
      session: staff,
      json: {
        number: "91-HD/BTGDVTW",
        issuer: "Ban Tuyên giáo và Dân vận Trung ương",
        issuedOn: "2025-04-01",
        title: "Hướng dẫn thử nghiệm",
        organisationId: "btgdv",
      },
    });
    expect(guidance.status).toBe(201);
    expectDeclared(postGuidanceRoute, 201, await guidance.json());

    const indicator = {
      code: "declared_share",
      name: "Tỷ lệ thử nghiệm",
      unit: "%",
      valueKind: "percent",
      aggregation: "avg",
      sectionNumber: 1,
    };
    const added = await call("POST", `/api/directives/${directive.id}/indicators`, {
      session: staff,
      json: indicator,
    });
    expect(added.status).toBe(201);
    const addedBody = (await added.json()) as { indicator: { id: string } };
    expectDeclared(postIndicatorRoute, 201, addedBody);
    const again = await call("POST", `/api/directives/${directive.id}/indicators`, {
      session: staff,
      json: { ...indicator, name: "Tỷ lệ thử nghiệm (sửa)" },
    });
    expect(again.status).toBe(200);
    expectDeclared(postIndicatorRoute, 200, await again.json());

    const indicatorId = addedBody.indicator.id;
    const target = await call("POST", `/api/indicators/${indicatorId}/targets`, {
      session: staff,
      json: { organisationId: "tw", year: 2030, value: 50, comparator: "gte", note: "Mục tiêu chung" },
    });
    expect(target.status).toBe(200);
    expectDeclared(postTargetRoute, 200, await target.json());
    const indicators = await call("GET", `/api/directives/${directive.id}/indicators`, { session: staff });
    expect(indicators.status).toBe(200);
    expectDeclared(listIndicatorsRoute, 200, await indicators.json());
    const deleted = await call("DELETE", `/api/indicators/${indicatorId}/targets/tw/2030`, {
      session: staff,
    });
    expect(deleted.status).toBe(200);
    expectDeclared(deleteTargetRoute, 200, await deleted.json());
  });

  it("the implementation plans' routes: create, read, add a task, edit, delete and restore it, their conflicts", async () => {
    const created = await call("POST", "/api/plans", {
      session: admin,
      json: { organisationId: "ct", documentNumber: "15-KH/TU", documentDate: "2025-12-05" },
    });
    expect(created.status).toBe(201);
    const { plan } = (await created.json()) as { plan: { id: string } };
    expectDeclared(postPlanRoute, 201, { plan });
    const twice = await call("POST", "/api/plans", { session: admin, json: { organisationId: "ct" } });
    expect(twice.status).toBe(409);
    expectErrorBody(await twice.json());

    const added = await call("POST", `/api/plans/${plan.id}/tasks`, {
      session: admin,
      json: {
        title: "Quán triệt Chỉ thị",
        sectionId: "ct52-s3",
        dueOn: "2026-12-15",
        owner: "Ban Tuyên giáo",
      },
    });
    expect(added.status).toBe(201);
    const { task } = (await added.json()) as { task: { id: string } };
    expectDeclared(postTaskRoute, 201, { task });
    const read = await call("GET", `/api/plans/${plan.id}`, { session: admin });
    expect(read.status).toBe(200);
    expectDeclared(getPlanRoute, 200, await read.json());
    const hn = await call("GET", "/api/plans/plan-hn", { session: secretaryHn });
    expect(hn.status).toBe(200);
    expectDeclared(getPlanRoute, 200, await hn.json());

    const edited = await call("PATCH", `/api/tasks/${task.id}`, {
      session: admin,
      json: { progress: 100, revision: 1 },
    });
    expect(edited.status).toBe(200);
    expectDeclared(patchTaskRoute, 200, await edited.json());
    const stale = await call("PATCH", `/api/tasks/${task.id}`, {
      session: admin,
      json: { notes: "bản cũ", revision: 1 },
    });
    expect(stale.status).toBe(409);
    const staleBody = (await stale.json()) as { current: unknown; yours: unknown };
    expect(staleBody.yours).toEqual({ notes: "bản cũ", revision: 1 });
    expectDeclared(patchTaskRoute, 409, staleBody);

    const staleDelete = await call("DELETE", `/api/tasks/${task.id}?revision=1`, { session: admin });
    expect(staleDelete.status).toBe(409);
    expectDeclared(deleteTaskRoute, 409, await staleDelete.json());
    const deleted = await call("DELETE", `/api/tasks/${task.id}?revision=2`, { session: admin });
    expect(deleted.status).toBe(200);
    expectDeclared(deleteTaskRoute, 200, await deleted.json());

    const staleRestore = await call("POST", `/api/tasks/${task.id}/restore`, {
      session: admin,
      json: { revision: 2 },
    });
    expect(staleRestore.status).toBe(409);
    expectDeclared(restoreTaskRoute, 409, await staleRestore.json());
    const restored = await call("POST", `/api/tasks/${task.id}/restore`, {
      session: admin,
      json: { revision: 3 },
    });
    expect(restored.status).toBe(200);
    expectDeclared(restoreTaskRoute, 200, await restored.json());
  });

  it("the escalation policies' routes: list, one with its timeline, create, edit and its stale conflict", async () => {
    const list = await call("GET", "/api/escalation-policies", { session: staff });
    expect(list.status).toBe(200);
    expectDeclared(listPoliciesRoute, 200, await list.json());
    const one = await call("GET", "/api/escalation-policies/policy-default", { session: staff });
    expect(one.status).toBe(200);
    const oneBody = (await one.json()) as { timeline: { points: { exampleDate?: string }[] } };
    expect(oneBody.timeline.points[0]?.exampleDate).toBeTruthy();
    expectDeclared(getPolicyRoute, 200, oneBody);
    const missing = await call("GET", "/api/escalation-policies/khong-co", { session: staff });
    expect(missing.status).toBe(404);
    expectErrorBody(await missing.json());

    const input = {
      name: "Quy trình khai báo phản hồi",
      description: "Thử nghiệm",
      organisationId: "tw",
      steps: [
        { offsetDays: -2, audience: "reporters" },
        { offsetDays: 3, audience: "superior" },
      ],
    };
    const created = await call("POST", "/api/escalation-policies", { session: staff, json: input });
    expect(created.status).toBe(201);
    const policy = (await created.json()) as { id: string; revision: number };
    expectDeclared(createPolicyRoute, 201, policy);
    const edited = await call("PUT", `/api/escalation-policies/${policy.id}`, {
      session: staff,
      json: { ...input, description: null, revision: 1 },
    });
    expect(edited.status).toBe(200);
    expectDeclared(updatePolicyRoute, 200, await edited.json());
    const stale = await call("PUT", `/api/escalation-policies/${policy.id}`, {
      session: staff,
      json: { ...input, steps: [{ offsetDays: 1, audience: "reporters" }], revision: 1 },
    });
    expect(stale.status).toBe(409);
    const staleBody = (await stale.json()) as { current: { revision: number }; yours: unknown };
    expect(staleBody.current.revision).toBe(2);
    expectDeclared(updatePolicyRoute, 409, staleBody);
    const bad = await call("POST", "/api/escalation-policies", {
      session: staff,
      json: { ...input, steps: [] },
    });
    expect(bad.status).toBe(422);
    expectErrorBody(await bad.json());
    const unknown = await call("PUT", "/api/escalation-policies/khong-co", { session: staff, json: {} });
    expect(unknown.status).toBe(404);
    expectErrorBody(await unknown.json());
  });

  it("the review's routes: decide, versions, extend, remark and their refusals", async () => {
    const HN = "o_sch-52-6m-2026-h2_hn";
    const content: Record<string, unknown> = {
      plan_issued: { answer: true, documentRef: "215-KH/TU" },
      inspection_done: { answer: true, documentRef: null },
      dissemination_sessions: 12,
      coverage_pct: 94.5,
    };
    for (let i = 1; i <= 7; i++) content[`section_${i}`] = `Nội dung mục ${i}.`;
    await submitReport(env.DB, {
      obligationId: HN,
      content: JSON.stringify(content),
      indicatorValues: [],
      actor: { kind: "person", personId: "p-bithu-hn" },
      now: NOW,
      receiptPrefix: "TEST",
    });
    const returned = await call("POST", `/api/obligations/${HN}/review`, {
      session: staff,
      json: {
        decision: "returned",
        comments: { general: "Bổ sung số liệu", sections: { section_1: "Rõ hơn" } },
      },
    });
    expect(returned.status).toBe(200);
    expectDeclared(postReview, 200, await returned.json());
    const versions = await call("GET", `/api/obligations/${HN}/versions`, { session: staff });
    expect(versions.status).toBe(200);
    const history = await versions.json();
    expectDeclared(getVersions, 200, history);
    expect((history as { decisions: unknown[] }).decisions.length).toBeGreaterThan(0);

    const extended = await call("POST", `/api/obligations/${HN}/extension`, {
      session: staff,
      json: { newDueOn: "2026-12-31", reason: "Địa phương bị ảnh hưởng bởi bão lũ." },
    });
    expect(extended.status).toBe(200);
    expectDeclared(postExtension, 200, await extended.json());

    const remark = await call("POST", "/api/obligations/o_sch-52-6m-2026-h1_hn/remarks", {
      session: staffHn,
      json: { body: "Thành ủy đã bổ sung số liệu." },
    });
    expect(remark.status).toBe(201);
    expectDeclared(postRemark, 201, await remark.json());

    const bad = await call("POST", `/api/obligations/${HN}/review`, {
      session: staff,
      json: { decision: "x" },
    });
    expect(bad.status).toBe(422);
    expectErrorBody(await bad.json());
    // Who may decide is checked before the body: someone else learns nothing about its faults.
    const outsider = await call("POST", "/api/obligations/o_sch-52-6m-2026-h2_ct/review", {
      session: staffHn,
      json: { decision: "x" },
    });
    expect(outsider.status).toBe(403);
    expectErrorBody(await outsider.json());
    const malformed = await call("POST", `/api/obligations/${HN}/remarks`, {
      session: staff,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    expectErrorBody(await malformed.json());
  });

  it("the reporting routes: one obligation, a draft and its conflict, extension requests, a submit and its conflict, my obligations", async () => {
    const HN = "o_sch-52-6m-2026-h2_hn";
    const session = secretaryHn;
    const one = await call("GET", `/api/obligations/${HN}`, { session });
    expect(one.status).toBe(200);
    const oneBody = (await one.json()) as { draft: { revision: number } | null };
    expectDeclared(getObligation, 200, oneBody);
    const base = oneBody.draft?.revision ?? 0;

    const saved = await call("PUT", `/api/obligations/${HN}/draft`, {
      session,
      json: { values: { section_1: "Nội dung mục 1", dissemination_sessions: "12,5" }, baseRevision: base },
    });
    expect(saved.status).toBe(200);
    expectDeclared(putDraft, 200, await saved.json());
    const stale = await call("PUT", `/api/obligations/${HN}/draft`, {
      session,
      json: { values: { section_1: "Bản cũ" }, baseRevision: base },
    });
    expect(stale.status).toBe(409);
    expectDeclared(putDraft, 409, await stale.json());

    const asked = await call("POST", `/api/obligations/${HN}/extension-requests`, {
      session,
      json: { requestedDueOn: "2027-01-15", reason: "Chờ số liệu của Bảo hiểm xã hội thành phố" },
    });
    expect(asked.status).toBe(201);
    const askedBody = (await asked.json()) as { request: { id: string } };
    expectDeclared(askExtensionRoute, 201, askedBody);
    const refused = await call("POST", `/api/extension-requests/${askedBody.request.id}/decision`, {
      session: staff,
      json: { decision: "refuse", note: "Đề nghị nộp đúng hạn" },
    });
    expect(refused.status).toBe(200);
    expectDeclared(decideExtensionRoute, 200, await refused.json());
    const twice = await call("POST", `/api/extension-requests/${askedBody.request.id}/decision`, {
      session: staff,
      json: { decision: "grant" },
    });
    expect(twice.status).toBe(409);
    expectErrorBody(await twice.json());
    const requests = await call("GET", `/api/obligations/${HN}/extension-requests`, { session });
    expect(requests.status).toBe(200);
    const requestsBody = (await requests.json()) as { requests: unknown[] };
    expect(requestsBody.requests.length).toBeGreaterThan(0);
    expectDeclared(listExtensionRequests, 200, requestsBody);

    const conflict = await call("POST", `/api/obligations/${HN}/submit`, {
      session,
      json: { values: directive52Values(), baseRevision: base },
    });
    expect(conflict.status).toBe(409);
    expectDeclared(postSubmit, 409, await conflict.json());
    const submitted = await call("POST", `/api/obligations/${HN}/submit`, {
      session,
      json: { values: directive52Values(), baseRevision: base + 1 },
    });
    expect(submitted.status).toBe(201);
    expectDeclared(postSubmit, 201, await submitted.json());
    const again = await call("POST", `/api/obligations/${HN}/submit`, {
      session,
      json: { values: directive52Values(), baseRevision: base + 1 },
    });
    expect(again.status).toBe(200);
    expectDeclared(postSubmit, 200, await again.json());
    const after = await call("GET", `/api/obligations/${HN}`, { session });
    expectDeclared(getObligation, 200, await after.json());

    const mine = await call("GET", "/api/my/obligations", { session });
    expect(mine.status).toBe(200);
    expectDeclared(getMyObligations, 200, await mine.json());
  });
  it("the CSV import routes: a dry run, an import, a refused file, people", async () => {
    const csv = (text: string) => ({
      session: admin,
      rawBody: text,
      headers: { "content-type": "text/csv; charset=utf-8" },
    });
    const orgs =
      "code,name,kind,parent_code,email,phone,population,opened_on,closed_on\n" +
      "decl-imp-1,Chi bộ nhập thử,grassroots,HN,,,,,\n";
    const preview = await call("POST", "/api/imports/organisations?dryRun=1", csv(orgs));
    expect(preview.status).toBe(200);
    const previewBody = (await preview.json()) as { dryRun: boolean; created: number };
    expectDeclared(importOrganisationsRoute, 200, previewBody);
    expect(previewBody).toMatchObject({ dryRun: true, created: 1 });
    const done = await call("POST", "/api/imports/organisations", csv(orgs));
    expect(done.status).toBe(200);
    expectDeclared(importOrganisationsRoute, 200, await done.json());

    const refused = await call(
      "POST",
      "/api/imports/organisations",
      csv("code,name,kind,parent_code,email,phone,population,opened_on,closed_on\nx,,nope,,,,,,\n"),
    );
    expect(refused.status).toBe(422);
    const refusedBody = (await refused.json()) as { issues: { line: number }[] };
    expectDeclared(importOrganisationsRoute, 422, refusedBody);
    expect(refusedBody.issues.every((i) => i.line === 2)).toBe(true);

    const people = await call(
      "POST",
      "/api/imports/people?dryRun=true",
      csv(
        "email,full_name,phone,title,organisation_code,role\nnhapthu@example.vn,Nguyễn Văn Thử,,,decl-imp-1,reporter\n",
      ),
    );
    expect(people.status).toBe(200);
    expectDeclared(importPeopleRoute, 200, await people.json());
  });

  it("the report forms' routes: templates, list, create, one form, a new version, unchanged, stale", async () => {
    const templates = await call("GET", "/api/form-templates", { session: staff });
    expect(templates.status).toBe(200);
    expectDeclared(listFormTemplatesRoute, 200, await templates.json());
    const list = await call("GET", "/api/forms?directiveId=ct52", { session: secretaryHn });
    expect(list.status).toBe(200);
    const listBody = (await list.json()) as { forms: unknown[] };
    expect(listBody.forms.length).toBeGreaterThan(0);
    expectDeclared(listFormsRoute, 200, listBody);

    const created = await call("POST", "/api/forms", {
      session: staff,
      json: { directiveId: "ct52", name: "Mẫu khai báo phản hồi", template: "standard" },
    });
    expect(created.status).toBe(201);
    const form = (await created.json()) as { id: string; definition: { version: 1; items: unknown[] } };
    expectDeclared(createFormRoute, 201, form);
    const refused = await call("POST", "/api/forms", {
      session: secretaryHn,
      json: { directiveId: "ct52", name: "Của bí thư", template: "standard" },
    });
    expect(refused.status).toBe(403);
    expectErrorBody(await refused.json());

    const next = {
      name: "Mẫu khai báo phản hồi (bản 2)",
      definition: {
        ...form.definition,
        items: [
          ...form.definition.items,
          {
            kind: "yesno",
            key: "khai_bao",
            label: "Đã khai báo",
            requiresDocumentRef: false,
            required: false,
          },
        ],
      },
      baseVersion: 1,
    };
    const saved = await call("POST", `/api/forms/${form.id}/versions`, { session: staff, json: next });
    expect(saved.status).toBe(201);
    const v2 = (await saved.json()) as { id: string; version: number };
    expect(v2.version).toBe(2);
    expectDeclared(postFormVersionRoute, 201, v2);
    const same = await call("POST", `/api/forms/${v2.id}/versions`, {
      session: staff,
      json: { ...next, baseVersion: 2 },
    });
    expect(same.status).toBe(200);
    expectDeclared(postFormVersionRoute, 200, await same.json());
    const stale = await call("POST", `/api/forms/${form.id}/versions`, { session: staff, json: next });
    expect(stale.status).toBe(409);
    const staleBody = (await stale.json()) as { current: { version: number }; yours: { name: string } };
    expect(staleBody.current.version).toBe(2);
    expect(staleBody.yours.name).toBe(next.name);
    expectDeclared(postFormVersionRoute, 409, staleBody);

    const one = await call("GET", `/api/forms/${form.id}`, { session: secretaryHn });
    expect(one.status).toBe(200);
    const oneBody = (await one.json()) as { versions: unknown[] };
    expect(oneBody.versions).toHaveLength(2);
    expectDeclared(getFormRoute, 200, oneBody);
    const missing = await call("POST", "/api/forms/khong-co/versions", { session: staff, json: {} });
    expect(missing.status).toBe(404);
    expectErrorBody(await missing.json());
  });
});
