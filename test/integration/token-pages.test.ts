/** The organisation's "Khóa API" page: list, create (secret shown once), revoke; who may; bad input. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { apiTokens } from "../../src/db/schema";
import { sha256Hex } from "../../src/ids";
import { call, count, personId, type Session, seedFixtures, sessionFor } from "../support/auth-fixtures";
import { anApiToken } from "../support/builders";

let admin: Session;
let secA: Session;
let secB: Session;
let viewerA: Session;

beforeAll(async () => {
  await seedFixtures();
  admin = await sessionFor("admin");
  secA = await sessionFor("secA");
  secB = await sessionFor("secB");
  viewerA = await sessionFor("viewerA");
});

const tokens = () => count("select count(*) as n from api_tokens");

async function tableHash(): Promise<string> {
  const { results } = await env.DB.prepare("select * from api_tokens order by id").all();
  return JSON.stringify(results);
}

async function create(s: Session, org: string, form: Record<string, string>) {
  return call("POST", `/to-chuc/${org}/khoa-api`, { session: s, html: true, form });
}

/** The plaintext token on the page that answered the creation form. */
function shownToken(html: string): string | undefined {
  return /<textarea id="new-token"[^>]*>\s*([A-Za-z0-9_-]{40,})\s*<\/textarea>/.exec(html)?.[1];
}

async function insertToken(org: string, fields: Partial<typeof apiTokens.$inferInsert> = {}) {
  const id = `tok_p_${crypto.randomUUID().slice(0, 8)}`;
  await anApiToken({
    id,
    tokenHash: crypto.randomUUID(),
    name: "Máy chủ thống kê",
    createdBy: personId("secA"),
    organisationId: org,
    role: "viewer",
    createdAt: Date.UTC(2026, 0, 2, 3, 4),
    ...fields,
  }).run();
  return id;
}

describe("the organisation page", () => {
  it("links to Khóa API for those who manage the organisation's tokens only", async () => {
    const link = 'href="/to-chuc/hn/khoa-api"';
    for (const [s, shown] of [
      [admin, true],
      [secA, true],
      [viewerA, false],
    ] as const) {
      const res = await call("GET", "/to-chuc/hn", { session: s, html: true });
      expect(res.status).toBe(200);
      expect((await res.text()).includes(link)).toBe(shown);
    }
    // A reporter reads the organisation but may not manage its tokens.
    const rep = await call("GET", "/to-chuc/hn", { session: await sessionFor("repA"), html: true });
    expect(await rep.text()).not.toContain(link);
  });
});

describe("creating a token on the page", () => {
  it("shows the secret exactly once, stores only its hash, lists and audits it", async () => {
    const before = await tokens();
    const res = await create(admin, "hn", {
      name: "Phần mềm văn phòng",
      role: "reporter",
      expiresInDays: "30",
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    const token = shownToken(html);
    expect(token).toBeTruthy();
    expect(html).toContain("Hãy sao chép khóa này ngay bây giờ.");
    expect(html.split(token!).length - 1).toBe(1);
    expect(await tokens()).toBe(before + 1);
    const row = await env.DB.prepare("select * from api_tokens where token_hash = ?")
      .bind(await sha256Hex(token!))
      .first<{
        id: string;
        name: string;
        role: string;
        organisation_id: string;
        expires_at: number;
        created_at: number;
      }>();
    expect(row).toMatchObject({ name: "Phần mềm văn phòng", role: "reporter", organisation_id: "hn" });
    expect(row!.expires_at - row!.created_at).toBe(30 * 24 * 60 * 60 * 1000);
    expect(
      await count("select count(*) as n from api_tokens where token_hash = ? or name = ?", token, token),
    ).toBe(0);
    const audit = await env.DB.prepare(
      "select actor_person_id, organisation_id, data from audit_events where action = 'token.created' and entity_id = ?",
    )
      .bind(row!.id)
      .first<{ actor_person_id: string; organisation_id: string; data: string }>();
    expect(audit).toMatchObject({ actor_person_id: personId("admin"), organisation_id: "hn" });
    expect(JSON.parse(audit!.data)).toMatchObject({ name: "Phần mềm văn phòng", role: "reporter" });

    // The token works, and is never shown again: not on the page, not in the JSON list.
    expect((await call("GET", "/api/organisations/hn", { bearer: token })).status).toBe(200);
    const page = await call("GET", "/to-chuc/hn/khoa-api", { session: admin, html: true });
    const listed = await page.text();
    expect(listed).not.toContain(token);
    expect(listed).not.toContain('id="new-token"');
    expect(listed).toContain("Phần mềm văn phòng");
    expect(listed).toContain("Chuyên viên Văn phòng cấp ủy");
    expect(listed).toContain("Quản trị viên");
    expect(listed).toContain("Đang hoạt động");
    const json = await (await call("GET", "/api/organisations/hn/tokens", { session: admin })).text();
    expect(json).not.toContain(token);
    // The secretary of the organisation sees the same list, but not the secret either.
    expect(
      await (await call("GET", "/to-chuc/hn/khoa-api", { session: secA, html: true })).text(),
    ).not.toContain(token);
  });

  it("shows dates as dd/mm/yyyy HH:mm in Vietnam, and each status", async () => {
    const at = (h: number) => Date.UTC(2026, 0, 2, h, 4); // 02/01/2026 (h+7):04 in Hà Nội
    await insertToken("hnx", {
      name: "Đang chạy",
      createdAt: at(3),
      lastUsedAt: at(20),
      expiresAt: null,
    });
    await insertToken("hnx", { name: "Cũ", createdAt: at(3), expiresAt: at(4) });
    await insertToken("hnx", { name: "Bỏ", createdAt: at(3), revokedAt: at(5) });
    const html = await (await call("GET", "/to-chuc/hnx/khoa-api", { session: admin, html: true })).text();
    expect(html).toContain("02/01/2026 10:04"); // created
    expect(html).toContain("03/01/2026 03:04"); // last used, after midnight in Vietnam
    expect(html).toContain("02/01/2026 11:04"); // expiry
    expect(html).toContain("02/01/2026 12:04"); // revoked
    const status = (name: string) =>
      new RegExp(`${name} <span class="badge [a-z]+">([^<]+)</span>`).exec(html)?.[1];
    expect(status("Đang chạy")).toBe("Đang hoạt động");
    expect(status("Cũ")).toBe("Hết hạn");
    expect(status("Bỏ")).toBe("Đã thu hồi");
    expect(html).toContain("Không đặt hạn");
    expect(html).toContain("Chưa dùng");
  });

  it("offers a secretary only the roles they may give, and refuses others with a field error", async () => {
    const page = await (await call("GET", "/to-chuc/hn/khoa-api", { session: secA, html: true })).text();
    const offered = [...page.matchAll(/<option value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(offered).toEqual(["secretary", "reporter", "viewer"]);
    const adminPage = await (
      await call("GET", "/to-chuc/hn/khoa-api", { session: admin, html: true })
    ).text();
    expect([...adminPage.matchAll(/<option value="([a-z_]+)"/g)].map((m) => m[1])).toEqual([
      "commission_leader",
      "commission_staff",
      "secretary",
      "reporter",
      "viewer",
    ]);
    const before = await tableHash();
    const res = await create(secA, "hn", { name: "Lén", role: "commission_staff", expiresInDays: "30" });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('id="role-error"');
    expect(html).toContain("Đồng chí không được cấp vai trò này");
    expect(shownToken(html)).toBeUndefined();
    expect(await tableHash()).toBe(before);
  });

  it("refuses bad input with the field and a Vietnamese reason, keeps what was typed, writes nothing", async () => {
    const before = await tableHash();
    const audits = await count("select count(*) as n from audit_events where action = 'token.created'");
    const cases: [Record<string, string>, string, string][] = [
      [{ name: "", role: "viewer", expiresInDays: "30" }, "name", "Vui lòng nhập tên"],
      [{ name: "   ", role: "viewer", expiresInDays: "30" }, "name", "Vui lòng nhập tên"],
      [{ name: "x".repeat(101), role: "viewer", expiresInDays: "30" }, "name", "Tên quá dài"],
      [{ name: "Máy", role: "admin", expiresInDays: "30" }, "role", "Vai trò không hợp lệ"],
      [{ name: "Máy", role: "king", expiresInDays: "30" }, "role", "Vai trò không hợp lệ"],
      [{ name: "Máy", role: "viewer", expiresInDays: "0" }, "expiresInDays", "từ 1 đến 730"],
      [{ name: "Máy", role: "viewer", expiresInDays: "731" }, "expiresInDays", "từ 1 đến 730"],
      [{ name: "Máy", role: "viewer", expiresInDays: "1.5" }, "expiresInDays", "từ 1 đến 730"],
      [{ name: "Máy", role: "viewer", expiresInDays: "ba mươi" }, "expiresInDays", "từ 1 đến 730"],
      [{ name: "Máy", role: "viewer", expiresInDays: "-3" }, "expiresInDays", "từ 1 đến 730"],
      [{ name: "Máy", role: "viewer", expiresInDays: "1e3" }, "expiresInDays", "từ 1 đến 730"],
    ];
    for (const [form, field, reason] of cases) {
      const res = await create(admin, "hn", form);
      const what = JSON.stringify(form).slice(0, 80);
      expect(res.status, what).toBe(422);
      const html = await res.text();
      const error = new RegExp(`<p id="${field}-error" class="error">([^<]+)</p>`).exec(html)?.[1];
      expect(error, what).toContain(reason);
      expect(html, what).toContain(`aria-describedby="${field}-error"`);
      expect(shownToken(html), what).toBeUndefined();
    }
    // What was typed comes back, escaped.
    const xss = await create(admin, "hn", {
      name: '"><script>alert(1)</script>',
      role: "viewer",
      expiresInDays: "0",
    });
    const html = await xss.text();
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(await tableHash()).toBe(before);
    expect(await count("select count(*) as n from audit_events where action = 'token.created'")).toBe(audits);
  });

  it("a blank expiry means no expiry", async () => {
    const res = await create(secA, "hn", { name: "Không hạn", role: "viewer", expiresInDays: "" });
    expect(res.status).toBe(200);
    const token = shownToken(await res.text());
    const row = await env.DB.prepare("select expires_at from api_tokens where token_hash = ?")
      .bind(await sha256Hex(token!))
      .first<{ expires_at: number | null }>();
    expect(row).toEqual({ expires_at: null });
  });

  it("needs the form's CSRF token", async () => {
    const before = await tableHash();
    const res = await call("POST", "/to-chuc/hn/khoa-api", {
      session: admin,
      html: true,
      csrf: false,
      form: { name: "Máy", role: "viewer", expiresInDays: "30" },
    });
    expect(res.status).toBe(403);
    expect(await tableHash()).toBe(before);
  });
});

describe("organisation A's people on organisation B's tokens", () => {
  it("are refused (403), and nothing changes", async () => {
    const hpToken = await insertToken("hp", { name: "Của Hải Phòng" });
    const before = await tableHash();
    const audits = await count("select count(*) as n from audit_events where action like 'token.%'");
    const list = await call("GET", "/to-chuc/hp/khoa-api", { session: secA, html: true });
    expect(list.status).toBe(403);
    expect(await list.text()).not.toContain("Của Hải Phòng");
    expect((await create(secA, "hp", { name: "Lén", role: "viewer", expiresInDays: "30" })).status).toBe(403);
    for (const path of [
      `/to-chuc/hp/khoa-api/${hpToken}/thu-hoi`,
      `/to-chuc/hn/khoa-api/${hpToken}/thu-hoi`,
    ]) {
      const confirm = await call("GET", path, { session: secA, html: true });
      expect(confirm.status, path).toBe(403);
      expect(await confirm.text()).not.toContain("Của Hải Phòng");
      expect((await call("POST", path, { session: secA, html: true, form: {} })).status, path).toBe(403);
    }
    // Hải Phòng's own secretary may see it; a viewer of Hà Nội may not see Hà Nội's.
    expect((await call("GET", "/to-chuc/hp/khoa-api", { session: secB, html: true })).status).toBe(200);
    expect((await call("GET", "/to-chuc/hn/khoa-api", { session: viewerA, html: true })).status).toBe(403);
    expect(await tableHash()).toBe(before);
    expect(await count("select count(*) as n from audit_events where action like 'token.%'")).toBe(audits);
  });

  it("a token reached through another organisation's path is not found, even by an administrator", async () => {
    const hpToken = await insertToken("hp", { name: "Lạc đường" });
    const before = await tableHash();
    const wrong = `/to-chuc/hn/khoa-api/${hpToken}/thu-hoi`;
    expect((await call("GET", wrong, { session: admin, html: true })).status).toBe(404);
    expect((await call("POST", wrong, { session: admin, html: true, form: {} })).status).toBe(404);
    expect(
      (await call("GET", "/to-chuc/hn/khoa-api/tok_nope/thu-hoi", { session: admin, html: true })).status,
    ).toBe(404);
    expect((await call("GET", "/to-chuc/nope/khoa-api", { session: admin, html: true })).status).toBe(404);
    expect(await tableHash()).toBe(before);
  });

  it("anonymous visitors are sent to sign in", async () => {
    const res = await call("GET", "/to-chuc/hn/khoa-api", { html: true });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/dang-nhap?next=%2Fto-chuc%2Fhn%2Fkhoa-api");
  });
});

describe("revoking on the page", () => {
  it("asks first, then revokes once, audits it, and the token stops working", async () => {
    const res = await create(secA, "hn", { name: "Sắp thu hồi", role: "viewer", expiresInDays: "10" });
    const token = shownToken(await res.text())!;
    const { id } = (await env.DB.prepare("select id from api_tokens where token_hash = ?")
      .bind(await sha256Hex(token))
      .first<{ id: string }>())!;
    const path = `/to-chuc/hn/khoa-api/${id}/thu-hoi`;
    const list = await (await call("GET", "/to-chuc/hn/khoa-api", { session: secA, html: true })).text();
    expect(list).toContain(`href="${path}"`);

    // The confirm step changes nothing.
    const confirm = await call("GET", path, { session: secA, html: true });
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain("Mọi phần mềm đang dùng khóa này sẽ bị từ chối ngay lập tức.");
    expect(confirmHtml).toContain(`action="${path}"`);
    expect(confirmHtml).toContain('name="_csrf"');
    expect((await call("GET", "/api/organisations/hn", { bearer: token })).status).toBe(200);

    // Without the CSRF token: refused.
    expect((await call("POST", path, { session: secA, html: true, form: {}, csrf: false })).status).toBe(403);
    expect((await call("GET", "/api/organisations/hn", { bearer: token })).status).toBe(200);

    const done = await call("POST", path, { session: secA, html: true, form: {} });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/to-chuc/hn/khoa-api?da-thu-hoi=${id}`);
    const after = await (
      await call("GET", done.headers.get("location")!, { session: secA, html: true })
    ).text();
    expect(after).toContain("Đã thu hồi khóa “Sắp thu hồi”.");
    expect(/Sắp thu hồi <span class="badge [a-z]+">Đã thu hồi<\/span>/.test(after)).toBe(true);
    expect(after).not.toContain(`href="${path}"`);
    expect((await call("GET", "/api/organisations/hn", { bearer: token })).status).toBe(401);

    // A second press changes nothing and is not audited twice.
    const revokedAt = (await env.DB.prepare("select revoked_at from api_tokens where id = ?")
      .bind(id)
      .first<{ revoked_at: number }>())!.revoked_at;
    expect((await call("POST", path, { session: secA, html: true, form: {} })).status).toBe(303);
    expect(
      (await env.DB.prepare("select revoked_at from api_tokens where id = ?")
        .bind(id)
        .first<{ revoked_at: number }>())!.revoked_at,
    ).toBe(revokedAt);
    const events = await env.DB.prepare(
      "select action, actor_person_id, organisation_id from audit_events where entity_id = ? order by at, action",
    )
      .bind(id)
      .all();
    expect(events.results).toEqual([
      { action: "token.created", actor_person_id: personId("secA"), organisation_id: "hn" },
      { action: "token.revoked", actor_person_id: personId("secA"), organisation_id: "hn" },
    ]);
    // The confirm page of a revoked token says so and offers no button.
    const again = await (await call("GET", path, { session: secA, html: true })).text();
    expect(again).toContain("Khóa này đã được thu hồi lúc");
    expect(again).not.toContain(`action="${path}"`);
  });
});
