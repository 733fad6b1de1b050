/**
 * Scoped reads everywhere: a commune secretary reads nothing national, whatever JSON GET they
 * try. Walks every GET route under /api/ (a new one fails this test until it is listed here),
 * with ids of their own objects, their superiors', their neighbours' and other provinces'.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { routePolicies } from "../../src/auth/guard";
import { call, type Session } from "../support/auth-fixtures";
import { DEMO_NOW, demoSession, demoWithSessions } from "../support/demo-sessions";

const HOME = "hn-hoankiem";
let secretary: Session;
/** Names of organisations the secretary has no business reading about. */
let foreignNames: string[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  ({ secretary } = await demoWithSessions(DEMO_NOW, { secretary: `p-bithu-${HOME}` }));
  const home = await env.DB.prepare("select path from organisations where id = ?")
    .bind(HOME)
    .first<{ path: string }>();
  const { results } = await env.DB.prepare("select id, name, path from organisations").all<{
    id: string;
    name: string;
    path: string;
  }>();
  // Foreign: neither above the commune (its province, the Centre) nor below it. The two
  // Commissions named as reviewers of schedules are bodies, not data, and may be named.
  // Names the directive's own text gives (its "Tổ chức thực hiện" names Bộ Y tế, Bộ Tài chính)
  // are the directive's words, which everyone reads, not data about those bodies.
  const { results: sections } = await env.DB.prepare("select title, body from directive_sections").all<{
    title: string;
    body: string;
  }>();
  const directiveText = sections.map((x) => `${x.title}\n${x.body}`).join("\n");
  foreignNames = results
    .filter((o) => !home!.path.startsWith(o.path) && !o.path.startsWith(home!.path))
    .filter((o) => !["btgdv", "hn-btgdv"].includes(o.id))
    .filter((o) => !directiveText.includes(o.name))
    .map((o) => o.name);
  expect(foreignNames).toContain("Thành ủy Cần Thơ");
  expect(foreignNames).toContain("Đảng ủy phường Ba Đình");
  const one = async (sql: string, ...params: string[]) =>
    (
      await env.DB.prepare(sql)
        .bind(...params)
        .first<{ id: string }>()
    )?.id ?? "none";
  ids.obligationCt = await one("select id from obligations where organisation_id = 'ct' limit 1");
  ids.obligationHn = await one("select id from obligations where organisation_id = 'hn' limit 1");
  ids.obligationSibling = await one("select id from obligations where organisation_id = 'hn-badinh' limit 1");
  ids.obligationOwn = await one("select id from obligations where organisation_id = ? limit 1", HOME);
  ids.planHn = await one("select id from plans where organisation_id = 'hn' limit 1");
  ids.planOther = await one("select id from plans where organisation_id not like 'hn%' limit 1");
  ids.planOwn = await one("select id from plans where organisation_id = ? limit 1", HOME);
  ids.directive = await one("select id from directives limit 1");
  // Another branch's document: the Vietnam Union of Science and Technology Associations' plan.
  ids.documentOther = await one("select id from documents where organisation_id = 'lhhvn' limit 1");
  ids.documentHn = await one("select id from documents where organisation_id = 'hn' limit 1");
  ids.documentOwn = await one("select id from documents where organisation_id = ? limit 1", HOME);
  ids.documentNone = await one("select id from documents where organisation_id is null limit 1");
  ids.formAny = await one("select id from report_forms limit 1");
  expect(ids.documentOther).not.toBe("none");
});

/** Every GET under /api/ with the URLs to try (all ids a curious secretary could think of). */
const URLS: Record<string, () => string[]> = {
  "/api/auth/me": () => ["/api/auth/me"],
  "/api/organisations": () => [
    "/api/organisations",
    "/api/organisations?parent=tw",
    "/api/organisations?parent=hn",
    "/api/organisations?parent=ct",
    "/api/organisations?q=Th%C3%A0nh%20%E1%BB%A7y",
    "/api/organisations?q=ph%C6%B0%E1%BB%9Dng",
  ],
  "/api/organisations.csv": () => [
    "/api/organisations.csv",
    "/api/organisations.csv?parent=tw",
    "/api/organisations.csv?parent=hn",
  ],
  "/api/organisations/:id": () => ["tw", "hn", "ct", "hn-badinh", HOME].map((o) => `/api/organisations/${o}`),
  "/api/organisations/:id/tokens": () =>
    ["tw", "hn", "ct", HOME].map((o) => `/api/organisations/${o}/tokens`),
  "/api/memberships": () => ["/api/memberships"],
  "/api/directives/:id": () => [
    `/api/directives/${ids.directive}`,
    `/api/directives/${ids.directive}?under=tw`,
    `/api/directives/${ids.directive}?under=hn`,
    `/api/directives/${ids.directive}?under=ct`,
  ],
  "/api/plans/:id": () => [ids.planHn, ids.planOther, ids.planOwn].map((p) => `/api/plans/${p}`),
  "/api/obligations/:id": () =>
    [ids.obligationCt, ids.obligationHn, ids.obligationSibling, ids.obligationOwn].map(
      (o) => `/api/obligations/${o}`,
    ),
  "/api/obligations/:id/versions": () =>
    [ids.obligationCt, ids.obligationHn, ids.obligationSibling, ids.obligationOwn].map(
      (o) => `/api/obligations/${o}/versions`,
    ),
  "/api/my/obligations": () => ["/api/my/obligations"],
  "/api/schedules": () => ["/api/schedules"],
  "/api/schedules/:id": () => ["/api/schedules/sch-52-6m", "/api/schedules/sch-52-hn-thang"],
  // Directive set-up and the document register (issue 18).
  "/api/directives": () => ["/api/directives"],
  "/api/directives/:id/indicators": () => [`/api/directives/${ids.directive}/indicators`],
  "/api/escalation-policies": () => ["/api/escalation-policies"],
  "/api/escalation-policies/:id": () => ["/api/escalation-policies/policy-default"],
  "/api/form-templates": () => ["/api/form-templates"],
  "/api/forms": () => ["/api/forms"],
  "/api/forms/:id": () => [`/api/forms/${ids.formAny}`],
  "/api/document-numbers/check": () => ["/api/document-numbers/check?number=12-KH%2FTU"],
  "/api/documents/:id": () =>
    [ids.documentOther, ids.documentHn, ids.documentOwn, ids.documentNone].map((d) => `/api/documents/${d}`),
  // The working calendar (issue 12): administrators only.
  "/api/calendar-days": () => ["/api/calendar-days", "/api/calendar-days?year=2027"],
  "/api/obligations/:id/extension-requests": () =>
    [ids.obligationCt, ids.obligationHn, ids.obligationSibling, ids.obligationOwn].map(
      (o) => `/api/obligations/${o}/extension-requests`,
    ),
};

/** Documentation, not data. */
const NOT_DATA = new Set(["/api/openapi.json", "/api/docs"]);

const JSON_GETS = routePolicies(createApp())
  .filter((r) => r.method === "GET" && r.path.startsWith("/api/") && !NOT_DATA.has(r.path))
  .map((r) => r.path);

describe("a commune secretary reads nothing national", () => {
  it("every GET under /api/ is listed here", () => {
    expect(JSON_GETS.filter((p) => !(p in URLS))).toEqual([]);
  });

  for (const route of Object.keys(URLS)) {
    it(`${route}: refused, or only what is theirs and their superiors'`, async () => {
      expect(JSON_GETS).toContain(route);
      for (const url of URLS[route]!()) {
        const res = await call("GET", url, { session: secretary });
        expect([200, 403, 404], url).toContain(res.status);
        const text = await res.text();
        if (res.status !== 200) continue;
        const leaked = foreignNames.filter((name) => text.includes(name));
        expect(leaked, url).toEqual([]);
      }
    });
  }

  it("a document page: another branch's is not found, their superior's is shown", async () => {
    const other = await call("GET", `/van-ban/${ids.documentOther}`, { session: secretary, html: true });
    expect(other.status).toBe(404);
    const superior = await call("GET", `/van-ban/${ids.documentHn}`, { session: secretary, html: true });
    expect(superior.status).toBe(200);
  });

  it("national schedule figures are refused; their own schedule counts only their report", async () => {
    // The reported case: national submission counts at /api/schedules/sch-52-6m.
    const national = await call("GET", "/api/schedules/sch-52-6m", { session: secretary });
    expect(national.status).toBe(403);
    const list = (await (await call("GET", "/api/schedules", { session: secretary })).json()) as {
      schedules: { id: string }[];
    };
    expect(list.schedules.map((s) => s.id)).toEqual(["sch-52-hn-thang"]);
    const own = (await (
      await call("GET", "/api/schedules/sch-52-hn-thang", { session: secretary })
    ).json()) as {
      periods: { obligationCount: number; submitted: number; accepted: number }[];
    };
    expect(own.periods.length).toBeGreaterThan(0);
    for (const p of own.periods) {
      expect(p.obligationCount).toBe(1);
      expect(p.submitted).toBeLessThanOrEqual(1);
      expect(p.accepted).toBeLessThanOrEqual(p.submitted);
    }
    // The dashboard agrees: the national view is refused.
    expect((await call("GET", "/giam-sat?org=tw", { session: secretary, html: true })).status).toBe(403);
  });

  it("the Commission still sees the national figures", async () => {
    const staff = await demoSession("p-canbo");
    const national = (await (await call("GET", "/api/schedules/sch-52-6m", { session: staff })).json()) as {
      periods: { obligationCount: number }[];
    };
    expect(Math.max(...national.periods.map((p) => p.obligationCount))).toBeGreaterThan(30);
  });
});
