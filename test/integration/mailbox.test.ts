import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { notifications } from "../../src/db/schema";
import { createDevApp } from "../../src/dev-tools";
import { recordNotifications, sendDueNotifications } from "../../src/email/ledger";
import { loadConfig } from "../../src/platform/config";
import { changeRows } from "../support/builders";

const config = loadConfig(env);
const T0 = Date.UTC(2026, 5, 1, 2, 0);

interface MailboxJson {
  messages: {
    id: string;
    to: string;
    subject: string;
    html: string;
    text: string;
    links: string[];
    headers: Record<string, string>;
  }[];
}

beforeAll(async () => {
  await recordNotifications(
    env.DB,
    [
      {
        idempotencyKey: "m-1",
        personId: null,
        to: "a@xa.vn",
        template: "t1",
        subject: "Thư thứ nhất",
        html: '<p>Một <a href="https://x.vn/a?b=1&amp;c=2">mở</a></p>',
        text: "Một",
        headers: { "List-Id": "<nhac-han.x.vn>" },
      },
    ],
    T0,
  );
  await sendDueNotifications(env, config, T0, 10);
  // Sent 30 s later, so "newest first" has one right answer.
  await recordNotifications(
    env.DB,
    [
      {
        idempotencyKey: "m-2",
        personId: null,
        to: "b@xa.vn",
        template: "t2",
        subject: "Thư <thứ hai>",
        html: "<script>alert(1)</script><p>Hai</p>",
        text: "Hai",
        headers: {},
      },
    ],
    T0 + 30_000,
  );
  await sendDueNotifications(env, config, T0 + 30_000, 10);
  await recordNotifications(
    env.DB,
    [
      {
        idempotencyKey: "m-3",
        personId: null,
        to: "A@xa.vn",
        template: "t3",
        subject: "Thư thứ ba",
        html: "<p>Ba</p>",
        text: "Ba",
        headers: {},
      },
    ],
    T0 + 60_000,
  );
  await sendDueNotifications(env, config, T0 + 60_000, 10);
  // One failed notification and one still pending, for the ledger page.
  await recordNotifications(
    env.DB,
    [
      {
        idempotencyKey: "m-4",
        personId: null,
        to: "c@xa.vn",
        template: "t4",
        subject: "Hỏng",
        html: "<p>x</p>",
        text: "x",
        headers: {},
      },
    ],
    T0,
  );
  await changeRows(notifications, eq(notifications.idempotencyKey, "m-4"), {
    status: "failed",
    attempts: 8,
    lastError: "HTTP 422 validation_error: bad to",
  }).run();
});

describe("local mailbox", () => {
  it("JSON lists messages newest first, filtered by recipient (case-insensitive), with links", async () => {
    const all = (await (
      await exports.default.fetch("http://localhost/dev/api/mailbox")
    ).json()) as MailboxJson;
    expect(all.messages.map((m) => m.subject)).toEqual(["Thư thứ ba", "Thư <thứ hai>", "Thư thứ nhất"]);
    const res = await exports.default.fetch("http://localhost/dev/api/mailbox?to=a@xa.vn");
    const a = (await res.json()) as MailboxJson;
    expect(a.messages.map((m) => m.subject)).toEqual(["Thư thứ ba", "Thư thứ nhất"]);
    expect(a.messages[1]!.links).toEqual(["https://x.vn/a?b=1&c=2"]);
    expect(a.messages[1]!.headers).toEqual({ "List-Id": "<nhac-han.x.vn>" });
  });

  it("rejects a bad filter with 422", async () => {
    const res = await exports.default.fetch("http://localhost/dev/api/mailbox?limit=0");
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "validation_failed" } });
  });

  it("the list page escapes subjects and links to each message", async () => {
    const html = await (await exports.default.fetch("http://localhost/dev/hop-thu")).text();
    expect(html).toContain("Thư &lt;thứ hai&gt;");
    const { messages } = (await (
      await exports.default.fetch("http://localhost/dev/api/mailbox?to=b@xa.vn")
    ).json()) as MailboxJson;
    expect(html).toContain(`/dev/hop-thu/${messages[0]!.id}`);
  });

  it("a message page shows headers and text, and its HTML only in a sandboxed frame with a strict CSP", async () => {
    const { messages } = (await (
      await exports.default.fetch("http://localhost/dev/api/mailbox?to=b@xa.vn")
    ).json()) as MailboxJson;
    const id = messages[0]!.id;
    const page = await (await exports.default.fetch(`http://localhost/dev/hop-thu/${id}`)).text();
    expect(page).toContain("b@xa.vn");
    expect(page).toContain("<pre>Hai</pre>");
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toMatch(new RegExp(`<iframe[^>]*sandbox=""[^>]*src="/dev/hop-thu/${id}/html"`));
    const raw = await exports.default.fetch(`http://localhost/dev/hop-thu/${id}/html`);
    expect(raw.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(raw.headers.get("content-security-policy")).toContain("sandbox");
    expect(await raw.text()).toContain("<p>Hai</p>");
    expect((await exports.default.fetch("http://localhost/dev/hop-thu/nope")).status).toBe(404);
  });

  it("the ledger page shows each row's state, provider id, attempts and error", async () => {
    const html = await (await exports.default.fetch("http://localhost/dev/thong-bao")).text();
    expect(html.match(/data-status="sent"/g)).toHaveLength(3);
    expect(html).toContain('data-status="failed"');
    expect(html).toContain("HTTP 422 validation_error: bad to");
    expect(html).toMatch(/Mã nhà cung cấp: out_/);
    const failedOnly = await (
      await exports.default.fetch("http://localhost/dev/thong-bao?status=failed")
    ).text();
    expect(failedOnly.match(/data-status=/g)).toHaveLength(1);
  });

  it("is 404 in production and when mail goes through Resend", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const app = createDevApp();
    const production = {
      ...env,
      APP_ENV: "production",
      APP_URL: "https://theodoi.example.vn",
      EMAIL_TRANSPORT: "resend",
      RESEND_API_KEY: "re_x",
      RESEND_WEBHOOK_SECRET: "whsec_eA==",
      SECRET_KEY: "a-production-secret-that-is-long-enough-0123456789",
    };
    const resendDev = { ...env, EMAIL_TRANSPORT: "resend", RESEND_API_KEY: "re_x" };
    for (const e of [production, resendDev]) {
      for (const path of [
        "/dev/hop-thu",
        "/dev/api/mailbox",
        "/dev/thong-bao",
        "/dev/hop-thu/x",
        "/dev/hop-thu/x/html",
      ]) {
        const res = await app.request(path, {}, e);
        expect(res.status, `${e.APP_ENV} ${path}`).toBe(404);
      }
    }
    // The same app serves it in development/test.
    expect((await app.request("/dev/api/mailbox", {}, env)).status).toBe(200);
  });
});
