import { beforeAll, describe, expect, it } from "vitest";
import { instantAt } from "../../src/domain/time";
import { meRoute, signinRequestRoute, signoutAllRoute, signoutRoute } from "../../src/features/auth/auth.api";
import {
  grantMembershipRoute,
  listMembershipsRoute,
  revokeMembershipRoute,
} from "../../src/features/auth/memberships.api";
import { createTokenRoute, listTokensRoute, revokeTokenRoute } from "../../src/features/auth/tokens.api";
import { call, type Session } from "../support/auth-fixtures";
import { declaredContent, expectDeclared, expectErrorBody } from "../support/declared";
import { demoSession, demoWithSessions } from "../support/demo-sessions";

/** The sign-in, roles and API-token JSON routes answer what their `createRoute` declarations say. */
const NOW = instantAt("2026-11-25", 10);
let admin: Session;

beforeAll(async () => {
  ({ admin } = await demoWithSessions(NOW, { admin: "p-admin" }));
});

describe("declared responses of src/features/auth", () => {
  it("the sign-in request: 202 whatever the address, then 429 with Retry-After", async () => {
    const ip = "198.51.100.77";
    const ask = () =>
      call("POST", "/api/auth/signin-request", {
        json: { email: "khong-ai@khong-co.vn" },
        headers: { "cf-connecting-ip": ip },
      });
    for (let i = 0; i < 5; i++) {
      const res = await ask();
      expect(res.status).toBe(202);
      expectDeclared(signinRequestRoute, 202, await res.json());
    }
    const limited = await ask();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Object.keys(declaredContent(signinRequestRoute, 429))).toEqual(["application/json"]);
    const body = await limited.json();
    expectErrorBody(body);
    expect(body).toMatchObject({ error: { code: "rate_limited" } });
  });

  it("who am I, for a session and for an API token; sign-out here and everywhere", async () => {
    const me = await call("GET", "/api/auth/me", { session: admin });
    expect(me.status).toBe(200);
    const mine = (await me.json()) as { kind: string; csrfToken: string | null };
    expectDeclared(meRoute, 200, mine);
    expect(mine.kind).toBe("person");

    const created = await call("POST", "/api/organisations/hn/tokens", {
      session: admin,
      json: { name: "Khai báo (me)", role: "viewer", expiresInDays: 7 },
    });
    const { token } = (await created.json()) as { token: string };
    const asToken = await call("GET", "/api/auth/me", { bearer: token });
    expect(asToken.status).toBe(200);
    const tokenMe = (await asToken.json()) as { kind: string; csrfToken: string | null };
    expectDeclared(meRoute, 200, tokenMe);
    expect(tokenMe).toMatchObject({ kind: "token", csrfToken: null });

    const one = await demoSession("p-canbo", NOW);
    const out = await call("POST", "/api/auth/signout", { session: one });
    expect(out.status).toBe(200);
    expectDeclared(signoutRoute, 200, await out.json());
    const two = await demoSession("p-canbo", NOW);
    const all = await call("POST", "/api/auth/signout-all", { session: two });
    expect(all.status).toBe(200);
    expectDeclared(signoutAllRoute, 200, await all.json());
    expect((await call("GET", "/api/auth/me", { session: two })).status).toBe(401);
  });

  it("the roles routes: list, grant and its conflict, revoke and a second revoke", async () => {
    const list = await call("GET", "/api/memberships?organisationId=hn", { session: admin });
    expect(list.status).toBe(200);
    const listed = (await list.json()) as { memberships: unknown[] };
    expectDeclared(listMembershipsRoute, 200, listed);
    expect(listed.memberships.length).toBeGreaterThan(0);
    const searched = await call("GET", "/api/memberships?q=h%C3%A0%20n%E1%BB%99i", { session: admin });
    expectDeclared(listMembershipsRoute, 200, await searched.json());

    const grant = { personId: "p-canbo", organisationId: "hn", role: "viewer", reason: "Kiểm tra khai báo" };
    const granted = await call("POST", "/api/memberships", { session: admin, json: grant });
    expect(granted.status).toBe(201);
    const grantedBody = (await granted.json()) as { id: string };
    expectDeclared(grantMembershipRoute, 201, grantedBody);
    const { id } = grantedBody;
    const again = await call("POST", "/api/memberships", { session: admin, json: grant });
    expect(again.status).toBe(409);
    expectErrorBody(await again.json());
    const unknownOrg = await call("POST", "/api/memberships", {
      session: admin,
      json: { ...grant, organisationId: "khong-co" },
    });
    expect(unknownOrg.status).toBe(422);
    expectErrorBody(await unknownOrg.json());

    const revoked = await call("DELETE", `/api/memberships/${id}`, { session: admin });
    expect(revoked.status).toBe(200);
    expectDeclared(revokeMembershipRoute, 200, await revoked.json());
    const twice = await call("DELETE", `/api/memberships/${id}`, { session: admin });
    expect(twice.status).toBe(404);
    expectErrorBody(await twice.json());
  });

  it("the API token routes: create, list, revoke twice", async () => {
    const created = await call("POST", "/api/organisations/hn/tokens", {
      session: admin,
      json: { name: "Khai báo", role: "reporter", expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; expiresAt: number | null };
    expectDeclared(createTokenRoute, 201, body);
    expect(body.expiresAt).not.toBeNull();
    const noExpiry = await call("POST", "/api/organisations/hn/tokens", {
      session: admin,
      json: { name: "Khai báo, không hạn", role: "viewer" },
    });
    expectDeclared(createTokenRoute, 201, await noExpiry.json());

    const list = await call("GET", "/api/organisations/hn/tokens", { session: admin });
    expect(list.status).toBe(200);
    const listed = (await list.json()) as { tokens: { id: string }[] };
    expectDeclared(listTokensRoute, 200, listed);
    expect(listed.tokens.map((t) => t.id)).toContain(body.id);

    const revoked = await call("DELETE", `/api/tokens/${body.id}`, { session: admin });
    expect(revoked.status).toBe(200);
    const first = await revoked.json();
    expectDeclared(revokeTokenRoute, 200, first);
    expect(first).toEqual({ ok: true, alreadyRevoked: false });
    const again = await call("DELETE", `/api/tokens/${body.id}`, { session: admin });
    const second = await again.json();
    expectDeclared(revokeTokenRoute, 200, second);
    expect(second).toEqual({ ok: true, alreadyRevoked: true });
    const afterRevoke = await call("GET", "/api/organisations/hn/tokens", { session: admin });
    expectDeclared(listTokensRoute, 200, await afterRevoke.json());
  });
});
