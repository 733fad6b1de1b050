/** Sign-in by emailed link: enumeration, reuse, expiry, tampering, rate limits, CSRF, sessions. */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { SESSION_IDLE_MS } from "../../src/auth/session";
import { setClockOffset } from "../../src/clock";
import { sha256Hex } from "../../src/ids";
import { call, count, PEOPLE, personId, seedFixtures, sessionFor } from "../support/auth-fixtures";

beforeAll(seedFixtures);
afterEach(() => setClockOffset(env.DB, 0));

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

/** Loads the sign-in form and returns the pre-session CSRF cookie and field. */
async function signinForm(): Promise<{ cookie: string; csrf: string; html: string }> {
  const res = await exports.default.fetch("http://localhost/dang-nhap", { headers: { accept: "text/html" } });
  expect(res.status).toBe(200);
  const html = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookie = /^(csrf=[^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  expect(csrf).toBeTruthy();
  expect(cookie).toBe(`csrf=${csrf}`);
  return { cookie: cookie!, csrf: csrf!, html };
}

async function requestLink(email: string, ip = freshIp(), next?: string): Promise<Response> {
  const form = await signinForm();
  const body = new URLSearchParams({ email, _csrf: form.csrf, ...(next ? { next } : {}) });
  return exports.default.fetch("http://localhost/dang-nhap", {
    method: "POST",
    headers: {
      cookie: form.cookie,
      "content-type": "application/x-www-form-urlencoded",
      "cf-connecting-ip": ip,
      accept: "text/html",
    },
    body: body.toString(),
  });
}

/** The sign-in mail is sent after the response (waitUntil): wait for it in the outbox. */
async function awaitMail(to: string, seen: number): Promise<{ text: string; html: string; headers: string }> {
  for (let i = 0; i < 100; i++) {
    const { results } = await env.DB.prepare(
      "select text, html, headers from outbox_messages where to_address = ? order by created_at, rowid",
    )
      .bind(to)
      .all<{ text: string; html: string; headers: string }>();
    if (results.length > seen) return results[results.length - 1]!;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no mail for ${to}`);
}

const mailCount = (to: string) => count("select count(*) as n from outbox_messages where to_address = ?", to);

async function linkFor(email: string, next?: string): Promise<string> {
  const seen = await mailCount(email);
  const res = await requestLink(email, freshIp(), next);
  expect(res.status).toBe(200);
  const mail = await awaitMail(email, seen);
  const link = /(http:\/\/localhost:8787\/dang-nhap\/xac-nhan\?token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  expect(link).toBeTruthy();
  return link!.replace("http://localhost:8787", "http://localhost");
}

const open = (url: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(url, { headers: { accept: "text/html", ...headers }, redirect: "manual" });

describe("requesting a link", () => {
  it("renders an accessible Vietnamese form", async () => {
    const { html } = await signinForm();
    expect(html).toContain('<label for="email">Địa chỉ thư điện tử</label>');
    expect(html).toContain('id="email"');
    expect(html).toContain("Gửi liên kết đăng nhập");
  });

  it("answers the same whether or not the address is known, and mails only a known one", async () => {
    const known = PEOPLE.secA.email;
    const unknown = "ai.do@khong-co.vn";
    const seen = await mailCount(known);
    const a = await requestLink(known);
    const b = await requestLink(unknown);
    expect(a.status).toBe(b.status);
    const [ta, tb] = [await a.text(), await b.text()];
    expect(ta.replaceAll(known, "X")).toBe(tb.replaceAll(unknown, "X"));
    expect([...a.headers.keys()].sort()).toEqual([...b.headers.keys()].sort());
    const mail = await awaitMail(known, seen);
    expect(await mailCount(unknown)).toBe(0);
    // Transactional mail: no unsubscribe header; a table layout with one button.
    expect(JSON.parse(mail.headers)).not.toHaveProperty("List-Unsubscribe");
    expect(mail.html).toContain("<table");
    expect(mail.html.match(/>\s*Đăng nhập\s*</g)?.length).toBe(1);
    // Both requests leave the same trace: a token row and an audit event.
    expect(await count("select count(*) as n from signin_tokens where email = ?", unknown)).toBe(1);
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'auth.signin_requested' and data like ?",
        `%${unknown}%`,
      ),
    ).toBe(1);
    // The ledger holds the notification under the sign-in token's id.
    const token = await env.DB.prepare(
      "select id from signin_tokens where email = ? order by created_at desc",
    )
      .bind(known)
      .first<{ id: string }>();
    expect(
      await count("select count(*) as n from notifications where idempotency_key = ?", `signin:${token!.id}`),
    ).toBe(1);
  });

  it("stores only the hash of the token", async () => {
    const link = await linkFor(PEOPLE.viewerA.email);
    const token = new URL(link).searchParams.get("token")!;
    expect(
      await count("select count(*) as n from signin_tokens where token_hash = ?", await sha256Hex(token)),
    ).toBe(1);
    expect(
      await count("select count(*) as n from signin_tokens where token_hash = ? or email = ?", token, token),
    ).toBe(0);
  });

  it("rejects an invalid address with 422 and a Vietnamese message", async () => {
    const res = await requestLink("khong-phai-dia-chi");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Địa chỉ thư điện tử không hợp lệ");
    const api = await call("POST", "/api/auth/signin-request", { json: { email: 42 } });
    expect(api.status).toBe(422);
    expect(await api.json()).toMatchObject({
      error: { code: "validation_failed", fields: [{ field: "email" }] },
    });
  });

  it("refuses a form post without a valid CSRF token", async () => {
    const form = await signinForm();
    const post = (headers: Record<string, string>, body: string) =>
      exports.default.fetch("http://localhost/dang-nhap", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "cf-connecting-ip": freshIp(),
          ...headers,
        },
        body,
      });
    const before = await count("select count(*) as n from signin_tokens");
    expect((await post({}, `email=${PEOPLE.secA.email}`)).status).toBe(403);
    expect((await post({ cookie: form.cookie }, `email=${PEOPLE.secA.email}`)).status).toBe(403);
    expect((await post({ cookie: form.cookie }, `email=a%40b.vn&_csrf=${form.csrf}x`)).status).toBe(403);
    // A forged pair (cookie = field, but not signed with the server's key) is refused too.
    const forged = "abc.def";
    expect((await post({ cookie: `csrf=${forged}` }, `email=a%40b.vn&_csrf=${forged}`)).status).toBe(403);
    expect(await count("select count(*) as n from signin_tokens")).toBe(before);
  });

  it("limits requests per address (5 per 15 minutes) with 429 and a Vietnamese message", async () => {
    const email = PEOPLE.repA.email;
    for (let i = 0; i < 5; i++) expect((await requestLink(email)).status).toBe(200);
    const limited = await requestLink(email);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Quá nhiều yêu cầu đăng nhập");
    // The same for an unknown address (no enumeration through the limiter).
    for (let i = 0; i < 5; i++) expect((await requestLink("la@khong-co.vn")).status).toBe(200);
    expect((await requestLink("la@khong-co.vn")).status).toBe(429);
    expect(
      await count("select count(*) as n from audit_events where action = 'auth.rate_limited'"),
    ).toBeGreaterThan(0);
    // The next window allows requests again.
    await setClockOffset(env.DB, 16 * 60 * 1000);
    expect((await requestLink(email)).status).toBe(200);
  });

  it("limits requests per client address (20 per 15 minutes), also on the JSON API", async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      const res = await call("POST", "/api/auth/signin-request", {
        json: { email: `nguoi${i}@khong-co.vn` },
        headers: { "cf-connecting-ip": ip },
      });
      expect(res.status).toBe(202);
    }
    const res = await call("POST", "/api/auth/signin-request", {
      json: { email: "nguoi99@khong-co.vn" },
      headers: { "cf-connecting-ip": ip },
    });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { code: "rate_limited" } });
    // Another client is not affected.
    const other = await call("POST", "/api/auth/signin-request", {
      json: { email: "nguoi99@khong-co.vn" },
      headers: { "cf-connecting-ip": freshIp() },
    });
    expect(other.status).toBe(202);
  });
});

describe("using a link", () => {
  it("signs in once, with a hardened cookie, and goes to the requested page", async () => {
    const link = await linkFor(PEOPLE.secA.email, "/quan-tri");
    const res = await open(link);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/quan-tri");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^sid=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Lax");
    expect(setCookie).toContain("Path=/");
    const sid = /^sid=([^;]+)/.exec(setCookie)![1]!;
    expect(await count("select count(*) as n from sessions where token_hash = ?", await sha256Hex(sid))).toBe(
      1,
    );
    const me = await call("GET", "/api/auth/me", { headers: { cookie: `sid=${sid}` } });
    expect(await me.json()).toMatchObject({ personId: personId("secA") });
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'auth.signed_in' and actor_person_id = ?",
        personId("secA"),
      ),
    ).toBeGreaterThan(0);

    // Reuse.
    const again = await open(link);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("Liên kết đăng nhập đã được sử dụng");
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("refuses an expired link (15 minutes) with a clear page", async () => {
    const link = await linkFor(PEOPLE.viewerA.email);
    await setClockOffset(env.DB, 15 * 60 * 1000 + 1000);
    const res = await open(link);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("Liên kết đăng nhập đã hết hạn");
    // Still unusable afterwards, even with the clock set back.
    await setClockOffset(env.DB, 0);
    const token = new URL(link).searchParams.get("token")!;
    expect(
      await count(
        "select count(*) as n from signin_tokens where token_hash = ? and used_at is null",
        await sha256Hex(token),
      ),
    ).toBe(1);
  });

  it("refuses a tampered or malformed link", async () => {
    const link = await linkFor(PEOPLE.staffA.email);
    const token = new URL(link).searchParams.get("token")!;
    const flipped = `${token[5] === "A" ? "B" : "A"}`;
    const tampered = `http://localhost/dang-nhap/xac-nhan?token=${token.slice(0, 5)}${flipped}${token.slice(6)}`;
    for (const url of [
      tampered,
      "http://localhost/dang-nhap/xac-nhan?token=<script>",
      "http://localhost/dang-nhap/xac-nhan",
    ]) {
      const res = await open(url);
      expect(res.status, url).toBe(400);
      expect(await res.text()).toContain("Liên kết đăng nhập không hợp lệ");
    }
    // The genuine link still works after the tampering attempts.
    expect((await open(link)).status).toBe(303);
    const reasons = await env.DB.prepare(
      "select reason, count(*) as n from audit_events where action = 'auth.signin_failed' group by reason",
    ).all<{ reason: string; n: number }>();
    expect(reasons.results.map((r) => r.reason).sort()).toEqual(expect.arrayContaining(["invalid"]));
  });

  it("refuses an unknown address's token (no person behind it)", async () => {
    await requestLink("vo.danh@khong-co.vn");
    // Its token is never mailed; a guess at it is just invalid.
    const res = await open(
      "http://localhost/dang-nhap/xac-nhan?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    );
    expect(res.status).toBe(400);
  });
});

describe("sessions", () => {
  it("expire after 12 hours idle", async () => {
    const s = await sessionFor("viewerA");
    expect((await call("GET", "/api/auth/me", { session: s })).status).toBe(200);
    await setClockOffset(env.DB, SESSION_IDLE_MS - 60_000);
    expect((await call("GET", "/api/auth/me", { session: s })).status).toBe(200);
    await setClockOffset(env.DB, SESSION_IDLE_MS + 60_000);
    // Activity 11 h 59 min in refreshed it: still alive 12 h 1 min after sign-in.
    expect((await call("GET", "/api/auth/me", { session: s })).status).toBe(200);
    await setClockOffset(env.DB, 2 * SESSION_IDLE_MS + 120_000);
    expect((await call("GET", "/api/auth/me", { session: s })).status).toBe(401);
  });

  it("expire 7 days after sign-in however active", async () => {
    const s = await sessionFor("viewerA");
    const hour = 60 * 60 * 1000;
    for (let h = 6; h < 7 * 24; h += 6) {
      await setClockOffset(env.DB, h * hour);
      expect((await call("GET", "/api/auth/me", { session: s })).status, `after ${h} h`).toBe(200);
    }
    await setClockOffset(env.DB, 7 * 24 * hour + 60_000);
    expect((await call("GET", "/api/auth/me", { session: s })).status).toBe(401);
  });

  it("sign out ends this session only, and needs the CSRF token", async () => {
    const a = await sessionFor("secB");
    const b = await sessionFor("secB");
    expect((await call("POST", "/dang-xuat", { session: a, form: {}, csrf: false })).status).toBe(403);
    expect(
      (await call("POST", "/dang-xuat", { session: a, form: { _csrf: b.csrf }, csrf: false })).status,
    ).toBe(403);
    expect((await call("GET", "/api/auth/me", { session: a })).status).toBe(200);
    const out = await call("POST", "/dang-xuat", { session: a, form: {} });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/^sid=;.*Max-Age=0/);
    expect((await call("GET", "/api/auth/me", { session: a })).status).toBe(401);
    expect((await call("GET", "/api/auth/me", { session: b })).status).toBe(200);
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'auth.signed_out' and entity_id = ?",
        a.sessionId,
      ),
    ).toBe(1);
  });

  it("sign out everywhere ends every session of the person", async () => {
    const a = await sessionFor("staffRoot");
    const b = await sessionFor("staffRoot");
    const other = await sessionFor("staffA");
    expect((await call("POST", "/api/auth/signout-all", { session: a, csrf: false })).status).toBe(403);
    expect((await call("POST", "/dang-xuat-tat-ca", { session: a, form: {} })).status).toBe(303);
    expect((await call("GET", "/api/auth/me", { session: a })).status).toBe(401);
    expect((await call("GET", "/api/auth/me", { session: b })).status).toBe(401);
    expect((await call("GET", "/api/auth/me", { session: other })).status).toBe(200);
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'auth.signed_out_everywhere' and actor_person_id = ?",
        personId("staffRoot"),
      ),
    ).toBe(1);
  });

  it("a disabled person's session stops working at once", async () => {
    const s = await sessionFor("nobody");
    expect((await call("GET", "/api/auth/me", { session: s })).status).toBe(200);
    await env.DB.prepare("update people set disabled_at = 1 where id = ?").bind(personId("nobody")).run();
    expect((await call("GET", "/api/auth/me", { session: s })).status).toBe(401);
    await env.DB.prepare("update people set disabled_at = null where id = ?").bind(personId("nobody")).run();
  });
});
