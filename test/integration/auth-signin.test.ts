/** Sign-in by emailed link: enumeration, reuse, expiry, tampering, rate limits, CSRF, sessions. */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { SESSION_IDLE_MS } from "../../src/auth/session";
import { setClockOffset } from "../../src/clock";
import { people } from "../../src/db/schema";
import { sha256Hex } from "../../src/ids";
import {
  call,
  count,
  mailSettled,
  PEOPLE,
  personId,
  seedFixtures,
  sessionFor,
} from "../support/auth-fixtures";
import { changeRows } from "../support/builders";

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

interface ConfirmPage {
  html: string;
  /** The pre-session CSRF cookie the page set (or the session cookie sent with it). */
  cookie: string;
  csrf: string;
  token: string;
}

/** Opens a link (GET) and reads its confirm form. */
async function openConfirm(link: string, headers: Record<string, string> = {}): Promise<ConfirmPage> {
  const res = await open(link, headers);
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  const html = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  expect(html).toContain('action="/dang-nhap/xac-nhan"');
  const cookie = headers.cookie ?? /^(csrf=[^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  expect(csrf && token && cookie).toBeTruthy();
  return { html, cookie: cookie!, csrf: csrf!, token: token! };
}

/** Presses the confirm page's button: a same-origin form post of the token ("" drops a header). */
function pressSignIn(
  page: ConfirmPage,
  headers: Record<string, string> = {},
  fields: Record<string, string> = {},
): Promise<Response> {
  const all: Record<string, string> = {
    accept: "text/html",
    "content-type": "application/x-www-form-urlencoded",
    cookie: page.cookie,
    origin: "http://localhost",
    "sec-fetch-site": "same-origin",
    ...headers,
  };
  return exports.default.fetch("http://localhost/dang-nhap/xac-nhan", {
    method: "POST",
    headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== "")),
    body: new URLSearchParams({ _csrf: page.csrf, token: page.token, ...fields }).toString(),
    redirect: "manual",
  });
}

const tokenRow = async (link: string) =>
  env.DB.prepare("select * from signin_tokens where token_hash = ?")
    .bind(await sha256Hex(new URL(link).searchParams.get("token")!))
    .first<Record<string, unknown>>();

const sessionCount = (key: Parameters<typeof personId>[0]) =>
  count("select count(*) as n from sessions where person_id = ?", personId(key));

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
    // The token rows are written after the answer: wait for the unknown address's too.
    for (let i = 0; i < 100; i++) {
      if ((await count("select count(*) as n from signin_tokens where email = ?", unknown)) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
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

  it("limits requests per address from one requester (5 per 15 minutes) with 429 and a Vietnamese message", async () => {
    const email = PEOPLE.repA.email;
    const attacker = freshIp();
    // A link sent before the lock-out stays usable.
    const earlier = await linkFor(email);
    for (let i = 0; i < 5; i++) expect((await requestLink(email, attacker)).status).toBe(200);
    const limited = await requestLink(email, attacker);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("Quá nhiều yêu cầu đăng nhập");
    // The same for an unknown address (no enumeration through the limiter).
    for (let i = 0; i < 5; i++) expect((await requestLink("la@khong-co.vn", attacker)).status).toBe(200);
    expect((await requestLink("la@khong-co.vn", attacker)).status).toBe(429);
    expect(
      await count("select count(*) as n from audit_events where action = 'auth.rate_limited'"),
    ).toBeGreaterThan(0);
    // The lock-out is the requester's own: the person, from elsewhere, still gets a link...
    const seen = await mailCount(email);
    expect((await requestLink(email, freshIp())).status).toBe(200);
    await awaitMail(email, seen);
    // ...and can still sign in with the one already sent.
    const res = await pressSignIn(await openConfirm(earlier));
    expect(res.status).toBe(303);
    // The next window allows requests again.
    await setClockOffset(env.DB, 16 * 60 * 1000);
    expect((await requestLink(email, attacker)).status).toBe(200);
  });

  it("stops mailing an address flooded from many requesters, answering the same", async () => {
    await env.DB.prepare("delete from rate_limits").run();
    const email = PEOPLE.viewerA.email;
    const before = await mailCount(email);
    for (let i = 0; i < 24; i++) expect((await requestLink(email, freshIp())).status).toBe(200);
    // Every request leaves its token row; only the first 20 are mailed.
    for (let i = 0; i < 200; i++) {
      if ((await count("select count(*) as n from signin_tokens where email = ?", email)) >= 24) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await mailSettled(email);
    expect((await mailCount(email)) - before).toBeLessThanOrEqual(20);
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'auth.signin_requested' and data like ?",
        '%"mailed":false%',
      ),
    ).toBeGreaterThanOrEqual(4);
    await env.DB.prepare("delete from rate_limits").run();
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

describe("opening a link (GET) consumes nothing", () => {
  it("shows a confirm page with the address masked, twice, and leaves the token and sessions alone", async () => {
    const link = await linkFor(PEOPLE.leaderA.email);
    const before = await tokenRow(link);
    const sessions = await sessionCount("leaderA");
    const signedIn = () =>
      count(
        "select count(*) as n from audit_events where action = 'auth.signed_in' and actor_person_id = ?",
        personId("leaderA"),
      );
    const audited = await signedIn();
    for (let i = 0; i < 2; i++) {
      const res = await open(link);
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie") ?? "").not.toMatch(/sid=/);
      const html = await res.text();
      expect(html).toContain("<h1>Đăng nhập vào hệ thống</h1>");
      // lanhdao.hn@test.vn, partly hidden: whoever holds the link sees only a hint of it.
      expect(html).toContain("<strong>la***@test.vn</strong>");
      expect(html).not.toContain(PEOPLE.leaderA.email);
      expect(html).toMatch(/<button type="submit" class="big">\s*Đăng nhập\s*<\/button>/);
      expect(html).toContain('method="post"');
    }
    expect(await tokenRow(link)).toEqual(before);
    expect(before?.used_at).toBeNull();
    expect(await sessionCount("leaderA")).toBe(sessions);
    expect(await signedIn()).toBe(audited);
    // The link still signs in afterwards.
    expect((await pressSignIn(await openConfirm(link))).status).toBe(303);
  });

  it("shows the clear failure pages for links already known to be unusable", async () => {
    const link = await linkFor(PEOPLE.viewerA.email);
    expect((await pressSignIn(await openConfirm(link))).status).toBe(303);
    const used = await open(link);
    expect(used.status).toBe(410);
    const text = await used.text();
    expect(text).toContain("Liên kết đăng nhập đã được sử dụng");
    expect(text).not.toContain('name="token"');
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'auth.signin_failed' and reason = 'used' and data like ?",
        '%"step":"open"%',
      ),
    ).toBeGreaterThan(0);
  });
});

describe("pressing the button (POST)", () => {
  it("signs in once, with a hardened cookie, and goes to the requested page", async () => {
    const link = await linkFor(PEOPLE.secA.email, "/quan-tri");
    const page = await openConfirm(link);
    const res = await pressSignIn(page);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/quan-tri");
    const setCookie = res.headers.get("set-cookie") ?? "";
    const sidCookie = setCookie.split(/,(?=\s*\w+=)/).find((c) => c.trim().startsWith("sid="))!;
    expect(sidCookie.trim()).toMatch(/^sid=[A-Za-z0-9_-]{40,};/);
    expect(sidCookie).toContain("HttpOnly");
    expect(sidCookie).toContain("SameSite=Lax");
    expect(sidCookie).toContain("Path=/");
    const sid = /sid=([^;]+)/.exec(sidCookie)![1]!;
    expect(await count("select count(*) as n from sessions where token_hash = ?", await sha256Hex(sid))).toBe(
      1,
    );
    const me = await call("GET", "/api/auth/me", { headers: { cookie: `sid=${sid}` } });
    expect(await me.json()).toMatchObject({ personId: personId("secA") });
    const row = await tokenRow(link);
    expect(row?.used_at).not.toBeNull();
    // Audited: the session opened, naming the link that opened it.
    const event = await env.DB.prepare(
      "select data, ip from audit_events where action = 'auth.signed_in' and actor_person_id = ? order by at desc limit 1",
    )
      .bind(personId("secA"))
      .first<{ data: string; ip: string }>();
    expect(JSON.parse(event!.data)).toEqual({ signinTokenId: row!.id });

    // A second press (resubmitted form, a second tab) finds the link used.
    const sessions = await sessionCount("secA");
    const again = await pressSignIn(page);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("Liên kết đăng nhập đã được sử dụng");
    expect(again.headers.get("set-cookie") ?? "").not.toMatch(/sid=/);
    expect(await sessionCount("secA")).toBe(sessions);
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'auth.signin_failed' and reason = 'used' and entity_id = ? and data like ?",
        row!.id,
        '%"step":"confirm"%',
      ),
    ).toBe(1);
  });

  it("never sends anyone off-site after sign-in, whatever `next` hides (tab, backslash, encoding)", async () => {
    // Six links for one person: start from fresh rate-limit windows.
    await env.DB.prepare("delete from rate_limits").run();
    const form = await exports.default.fetch("http://localhost/dang-nhap?next=%2F%09%2Fevil.example%2F", {
      headers: { accept: "text/html" },
    });
    expect(await form.text()).not.toContain('name="next"');
    for (const next of [
      "/\t/evil.example/",
      "/\\evil.example",
      "/%2F%2Fevil.example",
      "/\uff0fevil.example",
    ]) {
      const link = await linkFor(PEOPLE.secA.email, next);
      expect((await tokenRow(link))?.redirect_to, next).toBeNull();
      const res = await pressSignIn(await openConfirm(link));
      expect(res.status).toBe(303);
      expect(res.headers.get("location"), next).toBe("/");
    }
    // A destination stored before this check existed is checked again when the link is used.
    const link = await linkFor(PEOPLE.secA.email, "/giam-sat");
    await env.DB.prepare("update signin_tokens set redirect_to = ? where token_hash = ?")
      .bind("/\t/evil.example/", await sha256Hex(new URL(link).searchParams.get("token")!))
      .run();
    const res = await pressSignIn(await openConfirm(link));
    expect(res.headers.get("location")).toBe("/");
  });

  it("refuses an expired link (15 minutes) on opening and on pressing the button", async () => {
    const link = await linkFor(PEOPLE.viewerA.email);
    const page = await openConfirm(link);
    const sessions = await sessionCount("viewerA");
    await setClockOffset(env.DB, 15 * 60 * 1000 + 1000);
    const res = await pressSignIn(page);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("Liên kết đăng nhập đã hết hạn");
    expect(res.headers.get("set-cookie") ?? "").not.toMatch(/sid=/);
    const opened = await open(link);
    expect(opened.status).toBe(410);
    expect(await opened.text()).toContain("Liên kết đăng nhập đã hết hạn");
    // Still unusable afterwards, even with the clock set back.
    await setClockOffset(env.DB, 0);
    expect((await tokenRow(link))?.used_at).toBeNull();
    expect(await sessionCount("viewerA")).toBe(sessions);
    expect(
      await count(
        "select count(*) as n from audit_events where action = 'auth.signin_failed' and reason = 'expired' and data like ?",
        '%"step":"confirm"%',
      ),
    ).toBeGreaterThan(0);
  });

  it("refuses a tampered or malformed link, opened or posted", async () => {
    const link = await linkFor(PEOPLE.staffA.email);
    const token = new URL(link).searchParams.get("token")!;
    const flipped = `${token[5] === "A" ? "B" : "A"}`;
    const forged = `${token.slice(0, 5)}${flipped}${token.slice(6)}`;
    for (const url of [
      `http://localhost/dang-nhap/xac-nhan?token=${forged}`,
      "http://localhost/dang-nhap/xac-nhan?token=<script>",
      "http://localhost/dang-nhap/xac-nhan",
    ]) {
      const res = await open(url);
      expect(res.status, url).toBe(400);
      const html = await res.text();
      expect(html).toContain("Liên kết đăng nhập không hợp lệ");
      expect(html).not.toContain("<script>");
    }
    const page = await openConfirm(link);
    for (const bad of [forged, "<script>", "", "x".repeat(5000)]) {
      const res = await pressSignIn({ ...page, token: bad });
      expect(res.status, bad.slice(0, 20)).toBe(400);
      expect(await res.text()).toContain("Liên kết đăng nhập không hợp lệ");
    }
    // The genuine link still works after the tampering attempts.
    expect((await pressSignIn(page)).status).toBe(303);
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

  it("refuses a cross-site post (login CSRF) and one without the form's CSRF token", async () => {
    const link = await linkFor(PEOPLE.repA.email);
    const page = await openConfirm(link);
    const sessions = await sessionCount("repA");
    const attempts: [Record<string, string>, Record<string, string>][] = [
      [{ origin: "https://evil.example", "sec-fetch-site": "cross-site" }, {}],
      [{ origin: "https://evil.example", "sec-fetch-site": "" }, {}],
      [{ origin: "null" }, {}],
      [{ "sec-fetch-site": "cross-site", origin: "" }, {}],
      [{ "sec-fetch-site": "same-site", origin: "http://sub.localhost" }, {}],
      // Same origin, but without the page's token, or with another visitor's.
      [{}, { _csrf: "" }],
      [{ cookie: "" }, {}],
      [{}, { _csrf: `${page.csrf}x` }],
    ];
    for (const [headers, fields] of attempts) {
      const res = await pressSignIn(page, headers, fields);
      expect(res.status, JSON.stringify([headers, fields])).toBe(403);
      expect(await res.text()).toContain("Phiên làm việc của biểu mẫu không hợp lệ");
    }
    expect((await tokenRow(link))?.used_at).toBeNull();
    expect(await sessionCount("repA")).toBe(sessions);
    // A client that says nothing about where it comes from relies on the double-submit token.
    const plain = await pressSignIn(page, { origin: "", "sec-fetch-site": "" });
    expect(plain.status).toBe(303);
  });

  it("a signed-in person pressing another link is signed in afresh (old session ended)", async () => {
    const old = await sessionFor("secB");
    const link = await linkFor(PEOPLE.secB.email, "/to-chuc");
    const page = await openConfirm(link, { cookie: old.cookie });
    // The form carries the session's synchronizer token, as every form of a signed-in person.
    expect(page.csrf).toBe(old.csrf);
    const res = await pressSignIn(page);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/to-chuc");
    expect((await call("GET", "/api/auth/me", { session: old })).status).toBe(401);
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
    await changeRows(people, eq(people.id, personId("nobody")), { disabledAt: 1 }).run();
    expect((await call("GET", "/api/auth/me", { session: s })).status).toBe(401);
    await changeRows(people, eq(people.id, personId("nobody")), { disabledAt: null }).run();
  });
});
