import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  UNSUBSCRIBE_KINDS,
  unsubscribeToken,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from "../../src/email/unsubscribe";
import { loadPreferences, type Preferences } from "../../src/features/notifications";
import { loadConfig } from "../../src/platform/config";
import { aDigestSubscription, aPerson } from "../support/builders";

const config = loadConfig(env);

async function subscription(personId: string, kind: string) {
  return env.DB.prepare(
    "select enabled, unsubscribed_at, reminders_in_digest from digest_subscriptions where person_id = ? and kind = ?",
  )
    .bind(personId, kind)
    .first<{ enabled: number; unsubscribed_at: number | null; reminders_in_digest: number }>();
}

beforeAll(async () => {
  await env.DB.batch([
    aPerson({ id: "p1", email: "a@xa.vn", fullName: "Nguyễn Văn A" }),
    aPerson({ id: "p2", email: "b@xa.vn", fullName: "Trần Thị B" }),
    aDigestSubscription({ id: "ds1", personId: "p2", kind: "weekly_compliance", enabled: true }),
  ]);
});

describe("unsubscribe tokens", () => {
  it("verify only for the same person, kind and secret", async () => {
    const token = await unsubscribeToken(config.secretKey, "p1", "weekly_compliance");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await verifyUnsubscribeToken(config.secretKey, "p1", "weekly_compliance", token)).toBe(true);
    expect(await verifyUnsubscribeToken(config.secretKey, "p2", "weekly_compliance", token)).toBe(false);
    expect(await verifyUnsubscribeToken(config.secretKey, "p1", "morning_deadlines", token)).toBe(false);
    expect(await verifyUnsubscribeToken(`${config.secretKey}x`, "p1", "weekly_compliance", token)).toBe(
      false,
    );
    expect(await verifyUnsubscribeToken(config.secretKey, "p1", "weekly_compliance", token.slice(1))).toBe(
      false,
    );
  });
});

describe("/huy-dang-ky", () => {
  it("GET shows a confirmation page whose button POSTs, and changes nothing", async () => {
    const url = await unsubscribeUrl(config, "p1", "morning_deadlines");
    const res = await exports.default.fetch(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Xác nhận hủy đăng ký");
    expect(html).toMatch(
      /<form method="post" action="\/huy-dang-ky\?token=[^"]+&amp;p=p1&amp;k=morning_deadlines"/,
    );
    expect(await subscription("p1", "morning_deadlines")).toBeNull();
  });

  it("one-click POST without cookie or CSRF token creates the row unsubscribed and audits it", async () => {
    const url = await unsubscribeUrl(config, "p1", "weekly_compliance");
    const res = await exports.default.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    const row = await subscription("p1", "weekly_compliance");
    expect(row).toMatchObject({ enabled: 0 });
    expect(row?.unsubscribed_at).toBeTypeOf("number");
    const audit = await env.DB.prepare(
      "select actor_person_id, data from audit_events where action = 'subscription.unsubscribed'",
    ).first<{ actor_person_id: string; data: string }>();
    expect(audit?.actor_person_id).toBe("p1");
    expect(JSON.parse(audit!.data)).toEqual({ kind: "weekly_compliance", oneClick: true });
  });

  it("switches off an existing subscription", async () => {
    const res = await exports.default.fetch(await unsubscribeUrl(config, "p2", "weekly_compliance"), {
      method: "POST",
    });
    expect(res.status).toBe(200);
    expect(await subscription("p2", "weekly_compliance")).toMatchObject({ enabled: 0 });
  });

  it("reminders move into the morning digest instead of stopping", async () => {
    const res = await exports.default.fetch(await unsubscribeUrl(config, "p2", "reminders"), {
      method: "POST",
    });
    expect(res.status).toBe(200);
    expect(await subscription("p2", "morning_deadlines")).toMatchObject({
      enabled: 1,
      reminders_in_digest: 1,
      unsubscribed_at: null,
    });
  });

  it("refuses a forged or altered link with 400 and writes nothing", async () => {
    const good = new URL(await unsubscribeUrl(config, "p1", "morning_deadlines"));
    const forged = new URL(good);
    forged.searchParams.set("p", "p2");
    const badKind = new URL(good);
    badKind.searchParams.set("k", "everything");
    const noToken = new URL(good);
    noToken.searchParams.delete("token");
    // What p2 has (set by an earlier case or not): the forged links must leave it as it is.
    const p2Before = await subscription("p2", "morning_deadlines");
    for (const url of [forged, badKind, noToken]) {
      const res = await exports.default.fetch(url.href, { method: "POST" });
      expect(res.status, url.search).toBe(400);
      expect(res.headers.get("x-error-code")).toBe("unsubscribe_link_invalid");
    }
    expect(await subscription("p2", "morning_deadlines")).toEqual(p2Before);
    expect(await subscription("p1", "morning_deadlines")).toBeNull();
  });
});

describe("each unsubscribe touches only its own list", () => {
  type Row = { enabled: boolean; unsubscribedAt: number | null; reminders: boolean } | null;
  const WEEKLY_STATES: Record<string, Row> = {
    never: null,
    on: { enabled: true, unsubscribedAt: null, reminders: false },
    "off by one click": { enabled: false, unsubscribedAt: 5, reminders: false },
    "off in preferences": { enabled: false, unsubscribedAt: null, reminders: false },
  };
  const MORNING_STATES: Record<string, Row> = {
    never: null,
    "on, reminders separate": { enabled: true, unsubscribedAt: null, reminders: false },
    "on, reminders gathered": { enabled: true, unsubscribedAt: null, reminders: true },
    "off, reminders separate": { enabled: false, unsubscribedAt: 5, reminders: false },
    "off, reminders gathered": { enabled: false, unsubscribedAt: null, reminders: true },
  };
  const EXPECTED_CHANGE: Record<(typeof UNSUBSCRIBE_KINDS)[number], Partial<Preferences>> = {
    weekly_compliance: { weekly: false },
    morning_deadlines: { morning: false },
    reminders: { remindersInDigest: true },
    // Its own preference row only (no separate escalation mail); the digests stay as they were.
    escalations: {},
  };
  let n = 0;
  for (const kind of UNSUBSCRIBE_KINDS) {
    for (const [weeklyName, weekly] of Object.entries(WEEKLY_STATES)) {
      for (const [morningName, morning] of Object.entries(MORNING_STATES)) {
        it(`${kind} with weekly ${weeklyName}, morning ${morningName}`, async () => {
          const id = `walk_${++n}`;
          const stmts = [aPerson({ id, email: `${id}@xa.vn`, fullName: "Người thử" })];
          for (const [sub, row] of [
            ["weekly_compliance", weekly],
            ["morning_deadlines", morning],
          ] as const) {
            if (!row) continue;
            stmts.push(
              aDigestSubscription({
                id: `${id}_${sub}`,
                personId: id,
                kind: sub,
                enabled: row.enabled,
                weekday: sub === "weekly_compliance" ? 3 : null,
                remindersInDigest: row.reminders,
                unsubscribedAt: row.unsubscribedAt,
              }),
            );
          }
          await env.DB.batch(stmts);
          const before = await loadPreferences(env.DB, id);
          const res = await exports.default.fetch(await unsubscribeUrl(config, id, kind), {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: "List-Unsubscribe=One-Click",
          });
          expect(res.status).toBe(200);
          expect(await loadPreferences(env.DB, id)).toEqual({ ...before, ...EXPECTED_CHANGE[kind] });
          // Twice is the same as once (mail clients retry).
          await exports.default.fetch(await unsubscribeUrl(config, id, kind), { method: "POST" });
          expect(await loadPreferences(env.DB, id)).toEqual({ ...before, ...EXPECTED_CHANGE[kind] });
        });
      }
    }
  }
});
