/**
 * The authorisation matrix: every route built so far, driven with every role, including
 * people of organisation A (Hà Nội) touching organisation B's (Hải Phòng) objects.
 * The expectations are written out by hand from the policy documented in src/auth/policy.ts.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  call,
  count,
  type OrgId,
  PERSON_KEYS,
  type PersonKey,
  personId,
  type Session,
  seedFixtures,
  sessionFor,
} from "../support/auth-fixtures";
import { aMembership, anApiToken } from "../support/builders";

const ALL: OrgId[] = ["tw", "hn", "hnx", "hp"];

/** org.read: subtree for commission roles, secretaries and viewers; own organisation only for reporters. */
const ORG_READ: Record<PersonKey, OrgId[]> = {
  admin: ALL,
  staffRoot: ALL,
  staffA: ["hn", "hnx"],
  leaderA: ["hn", "hnx"],
  secA: ["hn", "hnx"],
  repA: ["hn"],
  viewerA: ["hn", "hnx"],
  secB: ["hp"],
  nobody: [],
};

/** tokens.manage: administrators everywhere; a secretary for their own organisation only. */
const TOKENS_MANAGE: Record<PersonKey, OrgId[]> = {
  admin: ALL,
  staffRoot: [],
  staffA: [],
  leaderA: [],
  secA: ["hn"],
  repA: [],
  viewerA: [],
  secB: ["hp"],
  nobody: [],
};

const ADMINS: PersonKey[] = ["admin"];

const sessions = {} as Record<PersonKey, Session>;

beforeAll(async () => {
  await seedFixtures();
  for (const key of PERSON_KEYS) sessions[key] = await sessionFor(key);
});

async function insertToken(org: OrgId): Promise<string> {
  const id = `tok_${org}_${crypto.randomUUID().slice(0, 8)}`;
  await anApiToken({
    id,
    tokenHash: crypto.randomUUID(),
    name: "x",
    createdBy: personId("admin"),
    organisationId: org,
    role: "viewer",
  }).run();
  return id;
}

describe("GET /api/organisations/:id (org.read)", () => {
  for (const key of PERSON_KEYS) {
    for (const org of ALL) {
      const allowed = ORG_READ[key].includes(org);
      it(`${key} reading ${org}: ${allowed ? "allowed" : "refused"}`, async () => {
        const res = await call("GET", `/api/organisations/${org}`, { session: sessions[key] });
        expect(res.status).toBe(allowed ? 200 : 403);
        const body = (await res.json()) as { organisation?: { id: string }; error?: { code: string } };
        if (allowed) expect(body.organisation?.id).toBe(org);
        else expect(body).toEqual({ error: expect.objectContaining({ code: "forbidden" }) });
      });
    }
  }

  it("answers 404 for an unknown organisation and 401 to anonymous callers", async () => {
    expect((await call("GET", "/api/organisations/none", { session: sessions.admin })).status).toBe(404);
    const anon = await call("GET", "/api/organisations/hn");
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });
});

describe("API tokens (tokens.manage)", () => {
  for (const key of PERSON_KEYS) {
    for (const org of ALL) {
      const allowed = TOKENS_MANAGE[key].includes(org);
      it(`${key} listing, creating and revoking tokens of ${org}: ${allowed ? "allowed" : "refused"}`, async () => {
        const s = sessions[key];
        const list = await call("GET", `/api/organisations/${org}/tokens`, { session: s });
        expect(list.status).toBe(allowed ? 200 : 403);

        const before = await count("select count(*) as n from api_tokens");
        const created = await call("POST", `/api/organisations/${org}/tokens`, {
          session: s,
          json: { name: "Máy chủ báo cáo", role: "viewer" },
        });
        expect(created.status).toBe(allowed ? 201 : 403);
        expect(await count("select count(*) as n from api_tokens")).toBe(before + (allowed ? 1 : 0));

        const victim = await insertToken(org);
        const revoked = await call("DELETE", `/api/tokens/${victim}`, { session: s });
        expect(revoked.status).toBe(allowed ? 200 : 403);
        const row = await env.DB.prepare("select revoked_at from api_tokens where id = ?")
          .bind(victim)
          .first<{ revoked_at: number | null }>();
        expect(row?.revoked_at !== null).toBe(allowed);
      });
    }
  }

  it("answers 404 when revoking a token that does not exist", async () => {
    expect((await call("DELETE", "/api/tokens/nope", { session: sessions.admin })).status).toBe(404);
  });
});

describe("API token pages (tokens.manage)", () => {
  for (const key of PERSON_KEYS) {
    for (const org of ALL) {
      const allowed = TOKENS_MANAGE[key].includes(org);
      it(`${key} on the Khóa API page of ${org}: ${allowed ? "allowed" : "refused"}`, async () => {
        const s = sessions[key];
        const page = await call("GET", `/to-chuc/${org}/khoa-api`, { session: s, html: true });
        expect(page.status).toBe(allowed ? 200 : 403);
        if (!allowed) expect(await page.text()).toContain("Không có quyền truy cập");

        const before = await count("select count(*) as n from api_tokens");
        const created = await call("POST", `/to-chuc/${org}/khoa-api`, {
          session: s,
          html: true,
          form: { name: "Máy chủ báo cáo", role: "viewer", expiresInDays: "30" },
        });
        expect(created.status).toBe(allowed ? 200 : 403);
        expect(await count("select count(*) as n from api_tokens")).toBe(before + (allowed ? 1 : 0));

        const victim = await insertToken(org);
        const path = `/to-chuc/${org}/khoa-api/${victim}/thu-hoi`;
        expect((await call("GET", path, { session: s, html: true })).status).toBe(allowed ? 200 : 403);
        const revoked = await call("POST", path, { session: s, html: true, form: {} });
        expect(revoked.status).toBe(allowed ? 303 : 403);
        const row = await env.DB.prepare("select revoked_at from api_tokens where id = ?")
          .bind(victim)
          .first<{ revoked_at: number | null }>();
        expect(row?.revoked_at !== null).toBe(allowed);
      });
    }
  }
});

describe("the working calendar (admin.calendar, administrators only)", () => {
  for (const key of PERSON_KEYS) {
    const allowed = ADMINS.includes(key);
    it(`${key}: ${allowed ? "allowed" : "refused"} to read and edit calendar_days`, async () => {
      const s = sessions[key];
      expect((await call("GET", "/api/calendar-days?year=2026", { session: s })).status).toBe(
        allowed ? 200 : 403,
      );
      expect((await call("GET", "/quan-tri/lich", { session: s, html: true })).status).toBe(
        allowed ? 200 : 403,
      );
      const put = await call("PUT", "/api/calendar-days/2026-12-18", {
        session: s,
        json: { kind: "off", name: "Nghỉ thử", source: "Thử nghiệm" },
      });
      expect(put.status).toBe(allowed ? 200 : 403);
      const form = await call("POST", "/quan-tri/lich/xoa", {
        session: s,
        html: true,
        form: { day: "18/12/2026" },
      });
      expect(form.status).toBe(allowed ? 303 : 403);
      expect(await count("select count(*) as n from calendar_days where day = '2026-12-18'")).toBe(0);
    });
  }
});

describe("role management (roles.manage, administrators only)", () => {
  for (const key of PERSON_KEYS) {
    const allowed = ADMINS.includes(key);
    it(`${key}: ${allowed ? "allowed" : "refused"} on the API`, async () => {
      const s = sessions[key];
      expect((await call("GET", "/api/memberships", { session: s })).status).toBe(allowed ? 200 : 403);

      const before = await count("select count(*) as n from memberships");
      const granted = await call("POST", "/api/memberships", {
        session: s,
        json: { email: "khongvaitro@test.vn", organisationId: "hp", role: "viewer" },
      });
      expect(granted.status).toBe(allowed ? 201 : 403);
      expect(await count("select count(*) as n from memberships")).toBe(before + (allowed ? 1 : 0));

      // Try to revoke B's secretary.
      const res = await call("DELETE", "/api/memberships/m_secB_secretary_hp", { session: s });
      expect(res.status).toBe(allowed ? 200 : 403);
      expect(await count("select count(*) as n from memberships where id = 'm_secB_secretary_hp'")).toBe(
        allowed ? 0 : 1,
      );
      if (allowed) {
        // Restore for the other cases, and drop the grant made above.
        await env.DB.batch([
          aMembership({
            id: "m_secB_secretary_hp",
            personId: personId("secB"),
            organisationId: "hp",
            role: "secretary",
          }),
          env.DB.prepare("delete from memberships where person_id = ? and organisation_id = 'hp'").bind(
            personId("nobody"),
          ),
        ]);
      }
    });

    it(`${key}: ${allowed ? "allowed" : "refused"} on the admin pages`, async () => {
      const s = sessions[key];
      for (const path of ["/quan-tri", "/quan-tri/vai-tro"]) {
        const res = await call("GET", path, { session: s, html: true });
        expect(res.status, path).toBe(allowed ? 200 : 403);
        const html = await res.text();
        if (!allowed) expect(html).toContain("Không có quyền truy cập");
      }
      const before = await count("select count(*) as n from memberships");
      const res = await call("POST", "/quan-tri/vai-tro", {
        session: s,
        html: true,
        form: { email: "khongvaitro@test.vn", organisationCode: "HN-X", role: "viewer" },
      });
      expect(res.status).toBe(allowed ? 200 : 403);
      expect(await count("select count(*) as n from memberships")).toBe(before + (allowed ? 1 : 0));
      const revoke = await call("POST", "/quan-tri/vai-tro/m_repA_reporter_hn/thu-hoi", {
        session: s,
        form: {},
      });
      expect(revoke.status).toBe(allowed ? 303 : 403);
      expect(await count("select count(*) as n from memberships where id = 'm_repA_reporter_hn'")).toBe(
        allowed ? 0 : 1,
      );
      if (allowed) {
        await env.DB.batch([
          aMembership({
            id: "m_repA_reporter_hn",
            personId: personId("repA"),
            organisationId: "hn",
            role: "reporter",
          }),
          env.DB.prepare("delete from memberships where person_id = ? and organisation_id = 'hnx'").bind(
            personId("nobody"),
          ),
        ]);
      }
    });
  }

  it("sends anonymous visitors of a page to the sign-in page, and API callers get 401", async () => {
    const page = await call("GET", "/quan-tri/vai-tro", { html: true });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/dang-nhap?next=%2Fquan-tri%2Fvai-tro");
    expect((await call("GET", "/api/memberships")).status).toBe(401);
    expect((await call("POST", "/api/memberships", { json: {} })).status).toBe(401);
  });

  it("validates grants (422 with fields), refuses duplicates (409) and audits changes", async () => {
    const s = sessions.admin;
    const bad = await call("POST", "/api/memberships", { session: s, json: { email: "x", role: "king" } });
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((f) => f.field).sort()).toEqual(["email", "organisationId", "role"]);
    const dup = await call("POST", "/api/memberships", {
      session: s,
      json: { personId: personId("secA"), organisationId: "hn", role: "secretary" },
    });
    expect(dup.status).toBe(409);
    const ok = await call("POST", "/api/memberships", {
      session: s,
      json: { personId: personId("viewerA"), organisationId: "hp", role: "viewer", reason: "Điều động" },
    });
    expect(ok.status).toBe(201);
    const { id } = (await ok.json()) as { id: string };
    expect((await call("DELETE", `/api/memberships/${id}`, { session: s })).status).toBe(200);
    const events = await env.DB.prepare(
      "select action, actor_person_id, organisation_id, reason from audit_events where entity_id = ? order by at, action",
    )
      .bind(id)
      .all<{ action: string; actor_person_id: string; organisation_id: string; reason: string | null }>();
    expect(events.results).toEqual([
      {
        action: "role.granted",
        actor_person_id: personId("admin"),
        organisation_id: "hp",
        reason: "Điều động",
      },
      { action: "role.revoked", actor_person_id: personId("admin"), organisation_id: "hp", reason: null },
    ]);
  });

  it("never revokes the last administrator", async () => {
    const res = await call("DELETE", "/api/memberships/m_admin_admin_tw", { session: sessions.admin });
    expect(res.status).toBe(409);
    expect(await count("select count(*) as n from memberships where role = 'admin'")).toBe(1);
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'role.revoked' and entity_id = 'm_admin_admin_tw'",
      ),
    ).toBe(0);
  });
});

describe("signed-in routes", () => {
  for (const key of PERSON_KEYS) {
    it(`${key} sees their own identity and a home page`, async () => {
      const me = await call("GET", "/api/auth/me", { session: sessions[key] });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ personId: personId(key), kind: "person" });
      const home = await call("GET", "/", { session: sessions[key], html: true });
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("Xin chào");
    });
  }
  it("anonymous callers get 401 from /api/auth/me and the landing page from /", async () => {
    expect((await call("GET", "/api/auth/me")).status).toBe(401);
    const home = await call("GET", "/", { html: true });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('href="/dang-nhap"');
  });
});
