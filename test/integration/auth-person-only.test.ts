/**
 * Credentials do only what they are for: an API token never performs a person-only action
 * (PERSON_ONLY_ACTIONS: token management, people and roles, sign-out everywhere, email
 * preferences). Walks every route of the app, so a new route is covered the day it is added.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { type RoutePolicy, routePolicies } from "../../src/auth/guard";
import { HUMAN_ONLY, PERSON_ONLY_ACTIONS, TOKEN_ROLES } from "../../src/auth/policy";
import { sha256Hex } from "../../src/ids";
import { call, count, type OrgId, personId, seedFixtures, sessionFor } from "../support/auth-fixtures";
import { anApiToken } from "../support/builders";

const ROUTES = routePolicies(createApp());

function isPersonOnly(r: RoutePolicy): boolean {
  const p = r.policy;
  return p?.kind === "person_only" || (p?.kind === "action" && HUMAN_ONLY.has(p.action));
}

const PERSON_ONLY_ROUTES = ROUTES.filter(isPersonOnly);

/** Where each token role is most powerful in the fixtures. */
const TOKEN_ORG: Record<(typeof TOKEN_ROLES)[number], OrgId> = {
  commission_leader: "tw",
  commission_staff: "tw",
  secretary: "hn",
  reporter: "hn",
  viewer: "tw",
};

const tokens: Record<string, string> = {};

beforeAll(async () => {
  await seedFixtures();
  for (const role of TOKEN_ROLES) {
    const secret = `tok${role.replace(/_/g, "")}${"x".repeat(30)}`;
    await anApiToken({
      id: `tok_${role}`,
      tokenHash: await sha256Hex(secret),
      createdBy: personId("admin"),
      organisationId: TOKEN_ORG[role],
      role,
    }).run();
    tokens[role] = secret;
  }
});

/** A concrete URL for a route pattern: ids of real rows, so a refusal is not a 404. */
function concrete(path: string): string {
  return path
    .replace(":organisationId", "hn")
    .replace("/api/tokens/:id", "/api/tokens/tok_viewer")
    .replace("/api/memberships/:id", "/api/memberships/m_secB_secretary_hp")
    .replace(/:tokenId|:membershipId/, "tok_viewer")
    .replace(/:id(\{[^}]*\})?/g, "hn")
    .replace(/:[A-Za-z]+/g, "x");
}

describe("the person-only list", () => {
  it("declares sign-out everywhere, preferences, tokens, people and roles", () => {
    expect([...PERSON_ONLY_ACTIONS].sort()).toEqual(
      ["account.preferences", "account.sessions", "people.manage", "roles.manage", "tokens.manage"].sort(),
    );
  });

  it("covers the routes of those actions (found from the route declarations)", () => {
    const keys = PERSON_ONLY_ROUTES.map((r) => `${r.method} ${r.path}`);
    for (const expected of [
      "POST /api/auth/signout-all",
      "POST /dang-xuat-tat-ca",
      "GET /cai-dat/thong-bao",
      "POST /cai-dat/thong-bao",
      "GET /api/organisations/:id/tokens",
      "POST /api/organisations/:id/tokens",
      "DELETE /api/tokens/:id",
      "GET /api/memberships",
      "POST /api/memberships",
      "DELETE /api/memberships/:id",
      "GET /quan-tri/vai-tro",
    ]) {
      expect(keys).toContain(expected);
    }
  });

  it("leaves to plain signed-in access only routes that are fine for a machine", () => {
    // Reviewed one by one: reading one's identity, directives, organisations, schedules and one's
    // own duties, and ending the current session (a no-op for a token). A new signed-in route
    // must be added here, or declared person-only, deliberately.
    const signedIn = ROUTES.filter((r) => r.policy?.kind === "signed_in")
      .map((r) => `${r.method} ${r.path}`)
      .sort();
    expect(signedIn).toEqual(
      [
        "GET /api/auth/me",
        "POST /api/auth/signout",
        "POST /dang-xuat",
        "GET /api/directives/:id",
        "GET /chi-thi",
        "GET /chi-thi/:id",
        "GET /api/organisations",
        "GET /api/organisations.csv",
        "GET /to-chuc",
        "GET /to-chuc/tim",
        "POST /api/schedules/preview",
        "GET /api/schedules",
        "GET /api/schedules/:id",
        "GET /lich-bao-cao",
        "GET /lich-bao-cao/moi",
        "GET /lich-bao-cao/:id/sua",
        "GET /lich-bao-cao/:id",
        "GET /api/my/obligations",
        // Directive set-up (issue 18): reading directives, indicators, forms and ladders, and the
        // set-up pages (which refuse anyone without directive.manage themselves).
        "GET /api/directives",
        "GET /api/directives/:id/indicators",
        "GET /chi-thi/moi",
        "GET /chi-thi/:id/sua",
        "GET /chi-thi/:id/thiet-lap",
        "GET /api/escalation-policies",
        "GET /api/escalation-policies/:id",
        "GET /quy-trinh-nhac",
        "GET /quy-trinh-nhac/moi",
        "GET /quy-trinh-nhac/:id/sua",
        "GET /quy-trinh-nhac/:id",
        "GET /api/form-templates",
        "GET /api/forms",
        "GET /api/forms/:id",
        "GET /bieu-mau",
        "GET /bieu-mau/moi",
        "GET /bieu-mau/:id/sua",
        "GET /bieu-mau/:id",
        // The document register (issue 18): how a number would be read (no data), and one
        // document with its history (the handler checks that its organisation is the reader's).
        "GET /api/document-numbers/check",
        "GET /api/documents/:id",
        "GET /van-ban/:id",
      ].sort(),
    );
  });
});

describe("every person-only route refuses every API token", () => {
  for (const route of PERSON_ONLY_ROUTES) {
    for (const role of TOKEN_ROLES) {
      it(`${route.method} ${route.path} with a ${role} token: 403 person_only, nothing written`, async () => {
        const audits = await count("select count(*) as n from audit_events");
        const live = await count("select count(*) as n from sessions where revoked_at is null");
        const subs = await count("select count(*) as n from digest_subscriptions");
        const tokenRows = await count("select count(*) as n from api_tokens where revoked_at is null");
        const members = await count("select count(*) as n from memberships");
        const res = await call(route.method, concrete(route.path), {
          bearer: tokens[role],
          ...(route.method === "GET"
            ? {}
            : route.path.startsWith("/api/")
              ? { json: { name: "x", role: "viewer", email: "khongvaitro@test.vn", organisationId: "hn" } }
              : { form: { weekly: "1", morning: "1", weekday: "2" } }),
        });
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ error: { code: "person_only" } });
        expect(await count("select count(*) as n from audit_events")).toBe(audits);
        expect(await count("select count(*) as n from sessions where revoked_at is null")).toBe(live);
        expect(await count("select count(*) as n from digest_subscriptions")).toBe(subs);
        expect(await count("select count(*) as n from api_tokens where revoked_at is null")).toBe(tokenRows);
        expect(await count("select count(*) as n from memberships")).toBe(members);
      });
    }
  }
});

describe("the reported case: a viewer token and its creator's account", () => {
  it("cannot sign its creator out everywhere nor change their preferences; the person can", async () => {
    await anApiToken({
      id: "tok_secA_viewer",
      tokenHash: await sha256Hex(`secAviewer${"y".repeat(30)}`),
      name: "Xem",
      createdBy: personId("secA"),
      organisationId: "hn",
      role: "viewer",
    }).run();
    const bearer = `secAviewer${"y".repeat(30)}`;
    const session = await sessionFor("secA");
    expect((await call("GET", "/api/organisations/hn", { bearer })).status).toBe(200);

    expect((await call("POST", "/api/auth/signout-all", { bearer })).status).toBe(403);
    expect((await call("GET", "/api/auth/me", { session })).status).toBe(200);
    const prefs = await call("POST", "/cai-dat/thong-bao", {
      bearer,
      form: { weekday: "3" },
      headers: { accept: "application/json" },
    });
    expect(prefs.status).toBe(403);
    expect(
      await count("select count(*) as n from digest_subscriptions where person_id = ?", personId("secA")),
    ).toBe(0);

    // The person, with their session, can; and the audit says a person did it.
    const saved = await call("POST", "/cai-dat/thong-bao", {
      session,
      form: { weekday: "3" },
      headers: { accept: "application/json" },
    });
    expect(saved.status).toBe(200);
    expect((await call("POST", "/api/auth/signout-all", { session })).status).toBe(200);
    expect((await call("GET", "/api/auth/me", { session })).status).toBe(401);
    const kinds = await env.DB.prepare(
      "select action, actor_kind from audit_events where actor_person_id = ? and action in ('subscription.updated', 'auth.signed_out_everywhere') order by action",
    )
      .bind(personId("secA"))
      .all<{ action: string; actor_kind: string }>();
    expect(kinds.results).toEqual([
      { action: "auth.signed_out_everywhere", actor_kind: "person" },
      { action: "subscription.updated", actor_kind: "person" },
    ]);
  });
});
