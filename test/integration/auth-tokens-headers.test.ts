/** API tokens (scope, revocation, last use), the route policy registry, and security headers. */
import { env } from "cloudflare:test";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { enforceDeclaredPolicy, publicRoute, routePolicies } from "../../src/auth/guard";
import { securityHeaders } from "../../src/auth/web";
import { setClockOffset } from "../../src/clock";
import { createDevApp } from "../../src/dev-tools";
import type { AppEnv } from "../../src/http/context";
import { sha256Hex } from "../../src/ids";
import type { Config } from "../../src/platform/config";
import { call, count, personId, type Session, seedFixtures, sessionFor } from "../support/auth-fixtures";
import { aMembership } from "../support/builders";

let secA: Session;
let admin: Session;

beforeAll(async () => {
  await seedFixtures();
  secA = await sessionFor("secA");
  admin = await sessionFor("admin");
});

async function createToken(s: Session, org: string, role: string, extra: Record<string, unknown> = {}) {
  return call("POST", `/api/organisations/${org}/tokens`, {
    session: s,
    json: { name: "Máy báo cáo", role, ...extra },
  });
}

describe("API tokens", () => {
  it("act with their role at their organisation only, and store only a hash", async () => {
    const res = await createToken(secA, "hn", "reporter");
    expect(res.status).toBe(201);
    const { id, token } = (await res.json()) as { id: string; token: string };
    expect(
      await count(
        "select count(*) as n from api_tokens where id = ? and token_hash = ?",
        id,
        await sha256Hex(token),
      ),
    ).toBe(1);
    expect(await count("select count(*) as n from api_tokens where token_hash = ?", token)).toBe(0);

    expect((await call("GET", "/api/organisations/hn", { bearer: token })).status).toBe(200);
    // Reporter scope is the organisation itself: not the commune below, not another province.
    expect((await call("GET", "/api/organisations/hnx", { bearer: token })).status).toBe(403);
    expect((await call("GET", "/api/organisations/hp", { bearer: token })).status).toBe(403);
    const me = (await (await call("GET", "/api/auth/me", { bearer: token })).json()) as {
      kind: string;
      grants: unknown[];
    };
    expect(me.kind).toBe("token");
    expect(me.grants).toEqual([expect.objectContaining({ role: "reporter", organisationId: "hn" })]);
    expect(
      await count("select count(*) as n from api_tokens where id = ? and last_used_at is not null", id),
    ).toBe(1);
    // Bearer requests carry no cookie and need no CSRF token.
    expect((await call("POST", "/api/auth/signout", { bearer: token })).status).toBe(200);
  });

  it("never manage credentials, even with a secretary role", async () => {
    const { token } = (await (await createToken(secA, "hn", "secretary")).json()) as { token: string };
    expect((await call("GET", "/api/organisations/hn/tokens", { bearer: token })).status).toBe(403);
    expect((await createTokenWithBearer(token)).status).toBe(403);
  });

  it("a secretary may issue only secretary/reporter/viewer tokens of their own organisation", async () => {
    expect((await createToken(secA, "hn", "commission_staff")).status).toBe(403);
    expect((await createToken(secA, "hnx", "viewer")).status).toBe(403);
    expect((await createToken(secA, "hn", "admin")).status).toBe(422);
    expect((await createToken(admin, "hn", "admin")).status).toBe(422);
    expect((await createToken(admin, "hn", "commission_staff")).status).toBe(201);
    expect((await createToken(secA, "hn", "viewer", { name: "" })).status).toBe(422);
  });

  it("stop working when revoked, when expired, or when their creator loses the role", async () => {
    const a = (await (await createToken(secA, "hn", "viewer")).json()) as { id: string; token: string };
    expect((await call("GET", "/api/organisations/hn", { bearer: a.token })).status).toBe(200);
    expect((await call("DELETE", `/api/tokens/${a.id}`, { session: secA })).status).toBe(200);
    const revoked = await call("GET", "/api/organisations/hn", { bearer: a.token });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: "invalid_token" } });

    const b = (await (await createToken(secA, "hn", "viewer", { expiresInDays: 1 })).json()) as {
      token: string;
    };
    expect((await call("GET", "/api/organisations/hn", { bearer: b.token })).status).toBe(200);
    await setClockOffset(env.DB, 25 * 60 * 60 * 1000);
    expect((await call("GET", "/api/organisations/hn", { bearer: b.token })).status).toBe(401);
    await setClockOffset(env.DB, 0);

    const c = (await (await createToken(secA, "hn", "viewer")).json()) as { token: string };
    await env.DB.prepare("delete from memberships where id = 'm_secA_secretary_hn'").run();
    expect((await call("GET", "/api/organisations/hn", { bearer: c.token })).status).toBe(401);
    await aMembership({
      id: "m_secA_secretary_hn",
      personId: personId("secA"),
      organisationId: "hn",
      role: "secretary",
    }).run();
    expect((await call("GET", "/api/organisations/hn", { bearer: c.token })).status).toBe(200);
  });

  it("rejects malformed or unknown bearer tokens with 401", async () => {
    for (const auth of ["Bearer nope", "Basic abc", `Bearer ${"x".repeat(43)}`]) {
      const res = await call("GET", "/api/organisations/hn", { headers: { authorization: auth } });
      expect(res.status, auth).toBe(401);
    }
  });

  it("are audited on creation and revocation", async () => {
    const { id } = (await (await createToken(secA, "hn", "viewer")).json()) as { id: string };
    await call("DELETE", `/api/tokens/${id}`, { session: secA });
    const { results } = await env.DB.prepare(
      "select action from audit_events where entity_id = ? order by action",
    )
      .bind(id)
      .all<{ action: string }>();
    expect(results.map((r) => r.action)).toEqual(["token.created", "token.revoked"]);
    const list = (await (await call("GET", "/api/organisations/hn/tokens", { session: secA })).json()) as {
      tokens: Record<string, unknown>[];
    };
    expect(list.tokens.length).toBeGreaterThan(0);
    for (const t of list.tokens) expect(Object.keys(t)).not.toContain("token_hash");
  });
});

async function createTokenWithBearer(token: string) {
  return call("POST", "/api/organisations/hn/tokens", { bearer: token, json: { name: "x", role: "viewer" } });
}

describe("route policy registry", () => {
  it("every route of the app (with the development tools) declares a policy as its first handler", () => {
    const routes = routePolicies(createDevApp());
    expect(routes.length).toBeGreaterThan(15);
    const undeclared = routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
    // Spot-check the declarations.
    const find = (m: string, p: string) => routes.find((r) => r.method === m && r.path === p)?.policy;
    expect(find("GET", "/api/organisations/:id")).toEqual({
      kind: "action",
      action: "org.read",
      target: "resolved",
    });
    expect(find("GET", "/dang-nhap")).toEqual({ kind: "public" });
    expect(find("POST", "/dang-xuat")).toEqual({ kind: "signed_in" });
  });

  it("finds and refuses an undeclared route", async () => {
    const app = new Hono<AppEnv>();
    app.use("*", async (c, next) => {
      c.set("principal", null);
      await next();
    });
    app.use("*", enforceDeclaredPolicy);
    app.get("/declared", publicRoute(), (c) => c.text("ok"));
    app.get("/forgotten", (c) => c.text("secret"));
    app.onError((err, c) => c.text(err.message, 403));
    expect(
      routePolicies(app)
        .filter((r) => !r.policy)
        .map((r) => r.path),
    ).toEqual(["/forgotten"]);
    expect((await app.request("/declared", {}, env)).status).toBe(200);
    const res = await app.request("/forgotten", {}, env);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain("secret");
  });
});

describe("security headers", () => {
  const expectHardened = (res: Response) => {
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    // Not production: no HSTS (http://localhost must keep working).
    expect(res.headers.get("strict-transport-security")).toBeNull();
  };

  // Static assets carry the same headers from public/_headers (test/e2e/assets.test.mjs).
  it("are on pages, API answers and errors", async () => {
    for (const [path, opts] of [
      ["/", { html: true }],
      ["/dang-nhap", { html: true }],
      ["/api/organisations/hn", {}],
      ["/api/organisations/hn", { session: secA }],
      ["/nope", {}],
      ["/healthz", {}],
    ] as const) {
      const res = await call("GET", path, opts);
      expectHardened(res);
    }
    const signedIn = await call("GET", "/", { session: secA, html: true });
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
  });

  it("add HSTS in production only", async () => {
    const make = (appEnv: Config["appEnv"]) => {
      const app = new Hono<AppEnv>();
      app.use("*", async (c, next) => {
        c.set("config", { appEnv } as Config);
        c.set("principal", null);
        await next();
      });
      app.use("*", securityHeaders);
      app.get("/", (c) => c.text("ok"));
      return app;
    };
    expect((await make("production").request("/")).headers.get("strict-transport-security")).toMatch(
      /^max-age=\d{8}/,
    );
    expect((await make("development").request("/")).headers.get("strict-transport-security")).toBeNull();
  });
});
