import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  CLAIM_LEASE_MS,
  MAX_ATTEMPTS,
  recordNotifications,
  sendDueNotifications,
  sendNotifications,
  transportFor,
} from "../../src/email/ledger";
import { OutboxTransport } from "../../src/email/outbox";
import { batchIdempotencyKey, ResendTransport } from "../../src/email/resend";
import type { EmailTransport, NotificationDraft } from "../../src/email/types";
import { type Config, loadConfig } from "../../src/platform/config";

const BASE = "https://resend.test";
const T0 = Date.UTC(2026, 5, 1, 2, 0, 0);

const resendConfig: Config = {
  ...loadConfig(env),
  emailTransport: "resend",
  resendApiKey: "re_test_key",
  resendBaseUrl: BASE,
};
const outboxConfig: Config = { ...loadConfig(env), emailTransport: "outbox" };

function drafts(n: number, prefix = "k"): NotificationDraft[] {
  return Array.from({ length: n }, (_, i) => ({
    idempotencyKey: `${prefix}-${String(i).padStart(4, "0")}`,
    personId: null,
    to: `nguoi${i}@example.vn`,
    template: "reminder_before",
    subject: `Nhắc hạn ${i}`,
    html: `<p>Xin chào ${i}</p>`,
    text: `Xin chào ${i}`,
    headers: { "X-Entity-Ref-ID": `ref-${i}` },
  }));
}

interface SentBody {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/**
 * A stand-in for Resend's servers (the only thing mocked): answers from a script of
 * responses, then 200; deduplicates by Idempotency-Key as Resend does and counts how
 * often each message was actually delivered.
 */
function fakeResend(script: Array<() => Response | Promise<Response>> = []) {
  const calls: { url: string; init: RequestInit; body: SentBody[] }[] = [];
  const delivered = new Map<string, number>();
  const seenKeys = new Map<string, { id: string }[]>();
  let n = 0;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    // `POST /emails/batch` takes an array; `POST /emails` (a single message) one object.
    const single = !url.endsWith("/batch");
    const parsed = JSON.parse(String(init?.body)) as SentBody[] | SentBody;
    const body = Array.isArray(parsed) ? parsed : [parsed];
    calls.push({ url, init: init ?? {}, body });
    const scripted = script.shift();
    if (scripted) return scripted();
    const key = new Headers(init?.headers).get("idempotency-key") ?? "";
    const previous = seenKeys.get(key);
    if (previous) return Response.json(single ? previous[0] : { data: previous });
    // Permissive validation: invalid messages are listed by index, the rest go out.
    const data: { id: string }[] = [];
    const errors: { index: number; message: string }[] = [];
    body.forEach((m, index) => {
      if (!m.to[0]?.includes("@")) {
        if (single) return;
        errors.push({ index, message: "Invalid `to` field." });
        return;
      }
      const ref = m.headers["X-Entity-Ref-ID"] ?? m.subject;
      delivered.set(ref, (delivered.get(ref) ?? 0) + 1);
      data.push({ id: `re_${++n}` });
    });
    if (single && data.length === 0) {
      return Response.json(
        { statusCode: 422, name: "validation_error", message: "Invalid `to` field." },
        { status: 422 },
      );
    }
    seenKeys.set(key, data);
    if (single) return Response.json(data[0]);
    return Response.json(errors.length > 0 ? { data, errors } : { data });
  });
  return { calls, delivered, spy };
}

const errorResponse =
  (status: number, name: string, headers: Record<string, string> = {}) =>
  () =>
    Response.json({ statusCode: status, name, message: `${name} happened` }, { status, headers });

async function ledger() {
  const { results } = await env.DB.prepare(
    "select id, idempotency_key, status, attempts, last_error, provider_id, next_attempt_at from notifications order by idempotency_key",
  ).all<{
    id: string;
    idempotency_key: string;
    status: string;
    attempts: number;
    last_error: string | null;
    provider_id: string | null;
    next_attempt_at: number | null;
  }>();
  return results;
}

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("delete from notifications"),
    env.DB.prepare("delete from outbox_messages"),
    env.DB.prepare("delete from audit_events"),
  ]);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("Resend transport contract", () => {
  it("posts one batch with auth, idempotency, content type, user agent and the documented body", async () => {
    const fake = fakeResend();
    await recordNotifications(env.DB, drafts(2), T0);
    const result = await sendDueNotifications(env, resendConfig, T0, 100);
    expect(result).toEqual({ sent: 2, retrying: 0, failed: 0, superseded: 0 });
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.url).toBe(`${BASE}/emails/batch`);
    expect(call.init.method).toBe("POST");
    const headers = new Headers(call.init.headers);
    expect(headers.get("authorization")).toBe("Bearer re_test_key");
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("user-agent")).toMatch(/^directive-tracker\//);
    expect(headers.get("x-batch-validation")).toBe("permissive");
    const keys = ["k-0000", "k-0001"];
    expect(headers.get("idempotency-key")).toBe(
      await batchIdempotencyKey(keys.map((k) => ({ idempotencyKey: k }))),
    );
    expect(call.init.signal).toBeInstanceOf(AbortSignal);
    expect(call.body).toEqual([
      {
        from: resendConfig.emailFrom,
        to: ["nguoi0@example.vn"],
        subject: "Nhắc hạn 0",
        html: "<p>Xin chào 0</p>",
        text: "Xin chào 0",
        headers: { "X-Entity-Ref-ID": "ref-0" },
      },
      {
        from: resendConfig.emailFrom,
        to: ["nguoi1@example.vn"],
        subject: "Nhắc hạn 1",
        html: "<p>Xin chào 1</p>",
        text: "Xin chào 1",
        headers: { "X-Entity-Ref-ID": "ref-1" },
      },
    ]);
    const rows = await ledger();
    expect(rows.map((r) => [r.status, r.provider_id, r.attempts])).toEqual([
      ["sent", "re_1", 1],
      ["sent", "re_2", 1],
    ]);
  });

  it("sends a single message through POST /emails with the message's own idempotency key", async () => {
    const fake = fakeResend();
    await recordNotifications(env.DB, drafts(1, "single"), T0);
    expect(await sendDueNotifications(env, resendConfig, T0, 10)).toMatchObject({ sent: 1 });
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0]!;
    expect(call.url).toBe(`${BASE}/emails`);
    const headers = new Headers(call.init.headers);
    expect(headers.get("idempotency-key")).toBe("single-0000");
    expect(headers.get("authorization")).toBe("Bearer re_test_key");
    expect(JSON.parse(String(call.init.body))).toEqual({
      from: resendConfig.emailFrom,
      to: ["nguoi0@example.vn"],
      subject: "Nhắc hạn 0",
      html: "<p>Xin chào 0</p>",
      text: "Xin chào 0",
      headers: { "X-Entity-Ref-ID": "ref-0" },
    });
    expect((await ledger())[0]).toMatchObject({ status: "sent", provider_id: "re_1" });
  });

  it("an accepted answer that cannot be read is retried with the same Idempotency-Key (Resend does not resend it)", async () => {
    let accepted = false;
    const fake = fakeResend([
      // Resend accepts and sends the batch, but the answer is cut off.
      async () => {
        accepted = true;
        return new Response('{"data":[{"id":"re_', { status: 200 });
      },
    ]);
    await recordNotifications(env.DB, drafts(3, "cut"), T0);
    const first = await sendDueNotifications(env, resendConfig, T0, 10, { random: () => 0 });
    expect(accepted).toBe(true);
    expect(first).toMatchObject({ sent: 0, retrying: 3 });
    for (const r of await ledger()) expect(r.last_error).toContain("no answer application_error");
    const retry = await sendDueNotifications(env, resendConfig, T0 + 60_000, 10);
    expect(retry).toMatchObject({ sent: 3 });
    const keys = fake.calls.map((c) => new Headers(c.init.headers).get("idempotency-key"));
    expect(keys[1]).toBe(keys[0]);
  });

  it("the batch key is deterministic and differs for different batches", async () => {
    const a = drafts(3);
    expect(await batchIdempotencyKey(a)).toBe(await batchIdempotencyKey([...a]));
    expect(await batchIdempotencyKey(a)).not.toBe(await batchIdempotencyKey(a.slice(1)));
  });

  it("refuses more than 100 messages in one call", async () => {
    const transport = new ResendTransport({ apiKey: "k", baseUrl: BASE });
    const messages = drafts(101).map((d) => ({ ...d, from: "a@b.vn", headers: {} }));
    await expect(transport.sendBatch(messages)).rejects.toThrow(/exceeds 100/);
  });

  it("sends 250 notifications in 3 calls of at most 100 through the ledger", async () => {
    const fake = fakeResend();
    await recordNotifications(env.DB, drafts(250), T0);
    expect(transportFor(env, resendConfig).maxBatch).toBe(100);
    const result = await sendDueNotifications(env, resendConfig, T0, 1000);
    expect(result.sent).toBe(250);
    expect(fake.calls.map((c) => c.body.length)).toEqual([100, 100, 50]);
    expect([...fake.delivered.values()].every((v) => v === 1)).toBe(true);
    expect(fake.delivered.size).toBe(250);
    const rows = await ledger();
    expect(rows.every((r) => r.status === "sent" && r.provider_id?.startsWith("re_"))).toBe(true);
    expect(new Set(rows.map((r) => r.provider_id)).size).toBe(250);
  });

  it("429 rate_limit_exceeded is retried no earlier than Retry-After, then succeeds", async () => {
    const fake = fakeResend([errorResponse(429, "rate_limit_exceeded", { "retry-after": "120" })]);
    await recordNotifications(env.DB, drafts(3), T0);
    const first = await sendDueNotifications(env, resendConfig, T0, 100, { random: () => 0 });
    expect(first).toMatchObject({ sent: 0, retrying: 3, failed: 0 });
    let rows = await ledger();
    for (const r of rows) {
      expect(r.status).toBe("pending");
      expect(r.attempts).toBe(1);
      expect(r.last_error).toContain("rate_limit_exceeded");
      expect(r.next_attempt_at).toBe(T0 + 120_000);
    }
    // Not due yet: nothing is sent a second before Retry-After.
    expect((await sendDueNotifications(env, resendConfig, T0 + 119_000, 100)).sent).toBe(0);
    expect(fake.calls).toHaveLength(1);
    const later = await sendDueNotifications(env, resendConfig, T0 + 120_000, 100);
    expect(later.sent).toBe(3);
    expect(fake.calls).toHaveLength(2);
    // The retry is the same batch, so it carries the same Idempotency-Key.
    expect(new Headers(fake.calls[1]!.init.headers).get("idempotency-key")).toBe(
      new Headers(fake.calls[0]!.init.headers).get("idempotency-key"),
    );
    rows = await ledger();
    expect(rows.map((r) => [r.status, r.attempts, r.last_error])).toEqual([
      ["sent", 2, null],
      ["sent", 2, null],
      ["sent", 2, null],
    ]);
  });

  it("500 and 409 concurrent_idempotent_requests are retryable with exponential backoff", async () => {
    fakeResend([
      () => new Response("<html>bad gateway</html>", { status: 502 }),
      errorResponse(409, "concurrent_idempotent_requests"),
    ]);
    await recordNotifications(env.DB, drafts(1), T0);
    await sendDueNotifications(env, resendConfig, T0, 10, { random: () => 1 });
    let [row] = await ledger();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.last_error).toContain("HTTP 502");
    expect(row!.next_attempt_at).toBe(T0 + 60_000);
    await sendDueNotifications(env, resendConfig, T0 + 60_000, 10, { random: () => 1 });
    [row] = await ledger();
    expect(row).toMatchObject({ status: "pending", attempts: 2 });
    expect(row!.last_error).toContain("concurrent_idempotent_requests");
    expect(row!.next_attempt_at).toBe(T0 + 60_000 + 120_000);
    await sendDueNotifications(env, resendConfig, T0 + 180_000, 10);
    [row] = await ledger();
    expect(row).toMatchObject({ status: "sent", attempts: 3, last_error: null });
  });

  it("a timeout is retryable", async () => {
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    );
    const transport = new ResendTransport({ apiKey: "k", baseUrl: BASE, timeoutMs: 20 });
    await recordNotifications(env.DB, drafts(2), T0);
    const result = await sendDueNotifications(env, resendConfig, T0, 10, { transport });
    expect(result).toMatchObject({ sent: 0, retrying: 2 });
    expect(spy).toHaveBeenCalledTimes(1);
    const rows = await ledger();
    expect(rows.every((r) => r.status === "pending" && r.last_error?.includes("timeout"))).toBe(true);
  });

  it("a network error is retryable", async () => {
    vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("connection reset"));
    await recordNotifications(env.DB, drafts(1), T0);
    expect(await sendDueNotifications(env, resendConfig, T0, 10)).toMatchObject({ retrying: 1 });
    // The SDK reports any failed fetch as an unreadable answer, without the cause.
    expect((await ledger())[0]!.last_error).toContain("no answer application_error");
  });

  it.each([
    [422, "validation_error"],
    [400, "invalid_idempotency_key"],
    [401, "missing_api_key"],
    [403, "invalid_api_key"],
    [429, "daily_quota_exceeded"],
    [429, "monthly_quota_exceeded"],
  ])("%i %s fails at once and is not retried", async (status, name) => {
    const fake = fakeResend([errorResponse(status, name, { "retry-after": "1" })]);
    await recordNotifications(env.DB, drafts(2), T0);
    const result = await sendDueNotifications(env, resendConfig, T0, 10);
    expect(result).toMatchObject({ sent: 0, retrying: 0, failed: 2 });
    const rows = await ledger();
    for (const r of rows) {
      expect(r.status).toBe("failed");
      expect(r.attempts).toBe(1);
      expect(r.last_error).toContain(`HTTP ${status} ${name}`);
      expect(r.next_attempt_at).toBeNull();
    }
    await sendDueNotifications(env, resendConfig, T0 + 86_400_000, 10);
    expect(fake.calls).toHaveLength(1);
    const { results } = await env.DB.prepare(
      "select count(*) as n from audit_events where action = 'email.failed'",
    ).all<{ n: number }>();
    expect(results[0]!.n).toBe(2);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and keeps the last error`, async () => {
    const fake = fakeResend(Array.from({ length: 20 }, () => errorResponse(503, "internal_server_error")));
    await recordNotifications(env.DB, drafts(1), T0);
    let now = T0;
    for (let i = 0; i < 12; i++) {
      await sendDueNotifications(env, resendConfig, now, 10);
      now += 7 * 60 * 60_000;
    }
    expect(fake.calls).toHaveLength(MAX_ATTEMPTS);
    const [row] = await ledger();
    expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(row!.last_error).toContain("HTTP 503");
  });

  it("after a bumpy outage every notification is sent exactly once and failures stay visible", async () => {
    const fake = fakeResend([
      () => new Response("oops", { status: 500 }),
      errorResponse(429, "rate_limit_exceeded", { "retry-after": "2" }),
      () => Promise.reject(new TypeError("network down")),
    ]);
    await recordNotifications(env.DB, drafts(150), T0);
    await recordNotifications(
      env.DB,
      [{ ...drafts(1, "bad")[0]!, to: "khong-hop-le", headers: { "X-Entity-Ref-ID": "bad" } }],
      T0,
    );
    let now = T0;
    for (let i = 0; i < 10; i++) {
      await sendDueNotifications(env, resendConfig, now, 1000);
      now += 60 * 60_000;
    }
    const rows = await ledger();
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(150);
    expect(fake.delivered.size).toBe(150);
    expect([...fake.delivered.values()].every((v) => v === 1)).toBe(true);
    // The first batch met the 500 and the network error, the second the 429.
    expect(rows.find((r) => r.idempotency_key === "k-0000")!.attempts).toBe(3);
    expect(rows.find((r) => r.idempotency_key === "k-0149")!.attempts).toBe(2);
    const bad = rows.find((r) => r.idempotency_key === "bad-0000")!;
    expect(bad).toMatchObject({ status: "failed" });
    expect(bad.last_error).toContain("Invalid `to` field");
    const { results } = await env.DB.prepare(
      "select count(*) as n, count(distinct entity_id) as d from audit_events where action = 'email.sent'",
    ).all<{ n: number; d: number }>();
    expect(results[0]).toEqual({ n: 150, d: 150 });
  });

  it("permissive batches map per-message errors by index and ids in order", async () => {
    vi.spyOn(globalThis, "fetch").mockResolvedValue(
      Response.json({ data: [{ id: "re_a" }, { id: "re_c" }], errors: [{ index: 1, message: "bad to" }] }),
    );
    const transport = new ResendTransport({ apiKey: "k", baseUrl: BASE });
    const messages = drafts(3).map((d) => ({ ...d, from: "a@b.vn", headers: {} }));
    expect(await transport.sendBatch(messages)).toEqual([
      { ok: true, providerId: "re_a" },
      { ok: false, retryable: false, error: "HTTP 200 validation_error: bad to" },
      { ok: true, providerId: "re_c" },
    ]);
  });
});

describe("send ledger safety", () => {
  it("recording the same idempotency key twice is a no-op", async () => {
    const first = await recordNotifications(env.DB, drafts(3), T0);
    const again = await recordNotifications(env.DB, drafts(3), T0 + 1000);
    expect(first).toHaveLength(3);
    expect(again).toEqual([]);
    expect(await ledger()).toHaveLength(3);
  });

  it("concurrent senders send each notification once (outbox)", async () => {
    await recordNotifications(env.DB, drafts(230), T0);
    const results = await Promise.all([
      sendDueNotifications(env, outboxConfig, T0, 1000),
      sendDueNotifications(env, outboxConfig, T0, 1000),
      sendDueNotifications(env, outboxConfig, T0, 1000),
      sendDueNotifications(env, outboxConfig, T0, 120),
    ]);
    expect(results.reduce((s, r) => s + r.sent, 0)).toBe(230);
    const { results: counts } = await env.DB.prepare(
      `select (select count(*) from outbox_messages) as outbox,
              (select count(*) from audit_events where action = 'email.sent') as audited,
              (select count(distinct entity_id) from audit_events where action = 'email.sent') as distinct_audited`,
    ).all<{ outbox: number; audited: number; distinct_audited: number }>();
    expect(counts[0]).toEqual({ outbox: 230, audited: 230, distinct_audited: 230 });
  });

  it("concurrent senders send each notification once (Resend)", async () => {
    const fake = fakeResend();
    await recordNotifications(env.DB, drafts(180), T0);
    await Promise.all([
      sendDueNotifications(env, resendConfig, T0, 100),
      sendDueNotifications(env, resendConfig, T0, 100),
      sendNotifications(
        env,
        resendConfig,
        (await ledger()).map((r) => r.id),
        T0,
        { transport: transportFor(env, resendConfig) },
      ),
    ]);
    const sentMessages = fake.calls.flatMap((c) => c.body);
    expect(sentMessages).toHaveLength(180);
    expect(fake.delivered.size).toBe(180);
    expect((await ledger()).every((r) => r.status === "sent")).toBe(true);
  });

  it("a crash between sending and recording does not send a second email", async () => {
    await recordNotifications(env.DB, drafts(4), T0);
    const outbox = new OutboxTransport(env.DB, () => T0);
    // Sends, then dies before the outcome is known.
    const crashing: EmailTransport = {
      name: "outbox",
      maxBatch: 100,
      async sendBatch(messages) {
        await outbox.sendBatch(messages);
        throw new Error("worker evicted");
      },
    };
    const first = await sendDueNotifications(env, outboxConfig, T0, 10, { transport: crashing });
    expect(first.retrying).toBe(4);
    await sendDueNotifications(env, outboxConfig, T0 + 60 * 60_000, 10);
    const { results } = await env.DB.prepare("select count(*) as n from outbox_messages").all<{
      n: number;
    }>();
    expect(results[0]!.n).toBe(4);
    expect((await ledger()).every((r) => r.status === "sent" && r.attempts === 2)).toBe(true);
  });

  it("a claimed row is hidden from other senders until its lease runs out", async () => {
    await recordNotifications(env.DB, drafts(1), T0);
    // Claimed by a sender that never comes back (transport hangs up without outcome).
    const lost: EmailTransport = {
      name: "lost",
      maxBatch: 100,
      sendBatch: () => new Promise(() => {}),
    };
    void sendDueNotifications(env, outboxConfig, T0, 10, { transport: lost });
    await new Promise((r) => setTimeout(r, 50));
    expect((await sendDueNotifications(env, outboxConfig, T0 + 1000, 10)).sent).toBe(0);
    expect((await sendDueNotifications(env, outboxConfig, T0 + CLAIM_LEASE_MS, 10)).sent).toBe(1);
  });

  it("beforeSend drops notifications that are no longer needed", async () => {
    await recordNotifications(env.DB, drafts(3), T0);
    const result = await sendDueNotifications(env, outboxConfig, T0, 10, {
      beforeSend: async (rows) => rows.filter((r) => r.idempotencyKey === "k-0001").map((r) => r.id),
    });
    expect(result).toMatchObject({ sent: 2, superseded: 1 });
    expect((await ledger()).map((r) => r.status)).toEqual(["sent", "superseded", "sent"]);
  });
});
