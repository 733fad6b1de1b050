import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { setClockOffset } from "../../src/clock";
import { recordNotifications, sendDueNotifications } from "../../src/email/ledger";
import { loadConfig } from "../../src/platform/config";
import { aPerson } from "../support/builders";
import { svixSignature } from "../support/svix";

const SECRET = `whsec_${btoa("a test signing secret of 32 bytes!")}`;
const OTHER_SECRET = `whsec_${btoa("another secret, not the right one")}`;
// A fresh env object: configFor() validates it anew, with the webhook secret set.
const testEnv = { ...env, RESEND_WEBHOOK_SECRET: SECRET };
const app = createApp();

async function deliver(
  payload: unknown,
  opts: { id?: string; secret?: string; timestamp?: number; tamper?: (body: string) => string } = {},
) {
  const body = JSON.stringify(payload);
  const id = opts.id ?? `msg_${crypto.randomUUID()}`;
  const ts = String(Math.floor((opts.timestamp ?? Date.now()) / 1000));
  const signature = await svixSignature(opts.secret ?? SECRET, id, ts, body);
  return app.request(
    "/webhooks/resend",
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "svix-id": id,
        "svix-timestamp": ts,
        "svix-signature": `v1,bm90IGl0 ${signature}`,
      },
      body: opts.tamper ? opts.tamper(body) : body,
    },
    testEnv,
  );
}

const bounce = (to: string, emailId = "re_bounced") => ({
  type: "email.bounced",
  created_at: "2026-06-01T02:00:00.000Z",
  data: {
    email_id: emailId,
    from: "no-reply@example.vn",
    to: [to],
    subject: "Nhắc hạn",
    bounce: { type: "Permanent", message: "Mailbox does not exist" },
  },
});

async function person(email: string) {
  return env.DB.prepare("select id, bounced_at, bounce_reason from people where email = ?")
    .bind(email)
    .first<{ id: string; bounced_at: number | null; bounce_reason: string | null }>();
}

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare("delete from audit_events"),
    env.DB.prepare("delete from webhook_events"),
    env.DB.prepare("delete from notifications"),
    env.DB.prepare("delete from outbox_messages"),
    env.DB.prepare("delete from people"),
    aPerson({ id: "p1", email: "bithu@xa.vn", fullName: "Nguyễn Văn A" }),
    aPerson({ id: "p2", email: "vanphong@xa.vn", fullName: "Trần Thị B" }),
  ]);
});

describe("POST /webhooks/resend", () => {
  it("accepts a valid signature and flags the bounced person (address matched lowercase)", async () => {
    const res = await deliver(bounce("BiThu@Xa.VN"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const p = await person("bithu@xa.vn");
    expect(p?.bounced_at).toBeTypeOf("number");
    expect(p?.bounce_reason).toBe("Permanent: Mailbox does not exist");
    expect((await person("vanphong@xa.vn"))?.bounced_at).toBeNull();
    const audit = await env.DB.prepare(
      "select action, entity_id from audit_events where entity_type = 'person'",
    ).all<{ action: string; entity_id: string }>();
    expect(audit.results).toEqual([{ action: "person.email_bounced", entity_id: "p1" }]);
    const stored = await env.DB.prepare("select type from webhook_events").all<{ type: string }>();
    expect(stored.results).toEqual([{ type: "email.bounced" }]);
  });

  it("flags complaints too", async () => {
    const res = await deliver({
      type: "email.complained",
      data: { email_id: "re_x", to: ["vanphong@xa.vn"] },
    });
    expect(res.status).toBe(200);
    expect((await person("vanphong@xa.vn"))?.bounce_reason).toContain("thư rác");
  });

  it("ignores a replay of the same svix-id", async () => {
    expect((await deliver(bounce("bithu@xa.vn"), { id: "msg_1" })).status).toBe(200);
    await env.DB.prepare("update people set bounced_at = null, bounce_reason = null").run();
    const again = await deliver(bounce("bithu@xa.vn"), { id: "msg_1" });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect((await person("bithu@xa.vn"))?.bounced_at).toBeNull();
    const n = await env.DB.prepare("select count(*) as n from webhook_events").first<{ n: number }>();
    expect(n?.n).toBe(1);
  });

  it("records email.delivered on the notification's audit trail", async () => {
    const config = { ...loadConfig(env), emailTransport: "outbox" as const };
    const [id] = await recordNotifications(
      env.DB,
      [
        {
          idempotencyKey: "k-delivered",
          personId: "p1",
          to: "bithu@xa.vn",
          template: "t",
          subject: "s",
          html: "<p>x</p>",
          text: "x",
        },
      ],
      1000,
    );
    await sendDueNotifications(env, config, 1000, 10);
    const { provider_id } = (await env.DB.prepare("select provider_id from notifications where id = ?")
      .bind(id)
      .first<{ provider_id: string }>())!;
    const res = await deliver({
      type: "email.delivered",
      data: { email_id: provider_id, to: ["bithu@xa.vn"] },
    });
    expect(res.status).toBe(200);
    const trail = await env.DB.prepare(
      "select action from audit_events where entity_type = 'notification' and entity_id = ? order by at, action",
    )
      .bind(id)
      .all<{ action: string }>();
    expect(trail.results.map((r) => r.action).sort()).toEqual(["email.delivered", "email.sent"]);
  });

  it.each([
    ["tampered body", { tamper: (b: string) => b.replace("bithu", "vanphong") }, "webhook_bad_signature"],
    ["wrong secret", { secret: OTHER_SECRET }, "webhook_bad_signature"],
    ["stale timestamp", { timestamp: Date.now() - 6 * 60_000 }, "webhook_stale_timestamp"],
    ["future timestamp", { timestamp: Date.now() + 6 * 60_000 }, "webhook_stale_timestamp"],
  ])("refuses a %s with 400 and writes nothing", async (_name, opts, code) => {
    const res = await deliver(bounce("bithu@xa.vn"), opts);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect((await person("bithu@xa.vn"))?.bounced_at).toBeNull();
    expect((await person("vanphong@xa.vn"))?.bounced_at).toBeNull();
    const n = await env.DB.prepare("select count(*) as n from webhook_events").first<{ n: number }>();
    expect(n?.n).toBe(0);
  });

  it("refuses missing signature headers", async () => {
    for (const drop of ["svix-id", "svix-timestamp", "svix-signature"]) {
      const body = JSON.stringify(bounce("bithu@xa.vn"));
      const ts = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = {
        "svix-id": "msg_h",
        "svix-timestamp": ts,
        "svix-signature": await svixSignature(SECRET, "msg_h", ts, body),
      };
      delete headers[drop];
      const res = await app.request("/webhooks/resend", { method: "POST", headers, body }, testEnv);
      expect(res.status, drop).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "webhook_missing_headers" } });
    }
    expect((await person("bithu@xa.vn"))?.bounced_at).toBeNull();
  });

  it("refuses a signed but malformed payload with 400", async () => {
    const res = await deliver({ nope: true });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "webhook_payload_invalid" } });
  });
});

/**
 * A reference delivery computed outside this code base, so a mistake shared by the signer and
 * the verifier cannot pass:
 *   KEY=directive-tracker-webhook-test-key-32b   (secret = whsec_ + base64(KEY))
 *   printf '%s.%s.%s' "$ID" "$TS" "$BODY" \
 *     | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf %s "$KEY" | xxd -p | tr -d '\n') -binary | base64
 */
const VECTOR = {
  secret: "whsec_ZGlyZWN0aXZlLXRyYWNrZXItd2ViaG9vay10ZXN0LWtleS0zMmI=",
  id: "msg_2Ql1tJtzLwQ9xVb8",
  timestamp: "1780000000", // 2026-05-28 20:26:40 UTC
  body: '{"type":"email.bounced","created_at":"2026-05-28T20:26:40.000Z","data":{"email_id":"re_vector_1","to":["Vector.Bounce@Example.vn"],"bounce":{"type":"Permanent","message":"Mailbox does not exist"}}}',
  signature: "v1,eEtEUd25fU1o30f1PGFJaufg7P2/uXARzX4x0oaaCDw=",
};
const vectorEnv = { ...env, RESEND_WEBHOOK_SECRET: VECTOR.secret };

function deliverVector(overrides: Partial<typeof VECTOR> = {}) {
  const v = { ...VECTOR, ...overrides };
  return app.request(
    "/webhooks/resend",
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "svix-id": v.id,
        "svix-timestamp": v.timestamp,
        "svix-signature": v.signature,
      },
      body: v.body,
    },
    vectorEnv,
  );
}

describe("webhook verification against a reference vector (Resend SDK, real clock)", () => {
  const signedAt = Number(VECTOR.timestamp) * 1000;

  beforeEach(async () => {
    await aPerson({ id: "pv", email: "vector.bounce@example.vn", fullName: "Lê Văn V" }).run();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await setClockOffset(env.DB, 0);
  });

  it("the test signer reproduces the vector", async () => {
    expect(await svixSignature(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(
      VECTOR.signature,
    );
  });

  it("accepts the vector when the real clock is within 5 minutes of its timestamp", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(signedAt + 4 * 60_000);
    const res = await deliverVector();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect((await person("vector.bounce@example.vn"))?.bounce_reason).toBe(
      "Permanent: Mailbox does not exist",
    );
  });

  it("refuses it 6 minutes later on the real clock, even when the simulated clock is moved back to its time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(signedAt + 6 * 60_000);
    // The simulated clock (development tools) says it is the vector's instant; it must not count.
    await setClockOffset(env.DB, -6 * 60_000);
    const res = await deliverVector();
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "webhook_stale_timestamp" } });
    expect((await person("vector.bounce@example.vn"))?.bounced_at).toBeNull();
  });

  it.each([
    ["one changed byte of the body", { body: VECTOR.body.replace("Permanent", "permanent") }],
    ["another id", { id: "msg_2Ql1tJtzLwQ9xVb9" }],
    ["another timestamp", { timestamp: String(Number(VECTOR.timestamp) + 1) }],
    ["a signature of another key", { signature: "v1,Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE=" }],
  ])("refuses the vector with %s", async (_name, overrides) => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(signedAt + 60_000);
    const res = await deliverVector(overrides);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "webhook_bad_signature" } });
    expect((await person("vector.bounce@example.vn"))?.bounced_at).toBeNull();
  });

  it("accepts the vector among several signatures (secret rotation)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(signedAt);
    const res = await deliverVector({
      signature: `v1,Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE= ${VECTOR.signature}`,
    });
    expect(res.status).toBe(200);
  });
});
