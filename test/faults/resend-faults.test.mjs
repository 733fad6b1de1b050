// Fault injection: the real Worker (the development entry, bundled by wrangler) runs in Miniflare
// with local D1 and Workflows; every outgoing fetch goes to `outboundService`, a stand-in for
// Resend's servers (the only thing faked). For the first calls it answers 429 with Retry-After,
// 500, a proxy's HTML 502, an accepted batch whose answer is cut off, and an accepted batch whose
// answer never comes (the transport's timeout), then it behaves. The simulated clock walks a
// period of engine ticks; afterwards every notification must have been delivered exactly once.
// Run: `npm run test:faults` (part of `npm test`).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { applyMigrations, bundleWorker, startWorker } from "../support/miniflare-worker.mjs";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "faults-"));
const START = Date.parse("2026-11-24T02:00:00Z"); // Tuesday 09:00 in Hà Nội, as in the browser tests
const TICK_STEP_MS = 3 * 3_600_000;

/** Resend as seen from the Worker: dedup by Idempotency-Key (24 h), ids per delivered message. */
function fakeResend(faults) {
  const delivered = new Map(); // message id -> fingerprint
  const byKey = new Map(); // Idempotency-Key -> answer body
  const log = [];
  let seq = 0;
  const accept = (key, messages) => {
    const previous = byKey.get(key);
    if (previous) return previous;
    const ids = messages.map((m) => {
      const id = `re_fault_${++seq}`;
      delivered.set(id, createHash("sha256").update(JSON.stringify(m)).digest("hex"));
      return { id };
    });
    byKey.set(key, ids);
    return ids;
  };
  const handle = async (request) => {
    const url = new URL(request.url);
    if (url.hostname !== "api.resend.com") return new Response("no network in this test", { status: 502 });
    const key = request.headers.get("idempotency-key") ?? "";
    const batch = url.pathname === "/emails/batch";
    const body = await request.json();
    const messages = batch ? body : [body];
    const fault = faults.shift();
    log.push({ path: url.pathname, key, messages: messages.length, fault: fault ?? "ok" });
    const json = (status, value, headers = {}) =>
      new Response(JSON.stringify(value), {
        status,
        headers: { "content-type": "application/json", ...headers },
      });
    switch (fault) {
      case "429":
        return json(
          429,
          { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
          {
            "retry-after": "30",
          },
        );
      case "500":
        return json(500, { statusCode: 500, name: "internal_server_error", message: "Oops" });
      case "502-html":
        return new Response("<html><body>502 Bad Gateway</body></html>", { status: 502 });
      case "accepted-unreadable":
        accept(key, messages);
        return new Response('{"data":[{"id":"re_', {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      case "accepted-timeout":
        accept(key, messages);
        // Longer than the transport's 15 s timeout: the Worker gives up and retries later.
        await new Promise((r) => setTimeout(r, 20_000));
        return json(200, batch ? { data: byKey.get(key) } : byKey.get(key)[0]);
      default: {
        const ids = accept(key, messages);
        return json(200, batch ? { data: ids } : ids[0]);
      }
    }
  };
  return { handle, delivered, log };
}

let mf;
let resend;
let db;

async function call(pathname, { method = "GET", body } = {}) {
  const res = await mf.dispatchFetch(`http://localhost${pathname}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function tickAndWait() {
  const { instanceId } = await call("/dev/tick", { method: "POST", body: {} });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const row = await call(`/dev/api/tick/${instanceId}`).catch(() => null);
    if (row?.finishedAt) return row;
    if (Date.now() > deadline) throw new Error(`tick ${instanceId} did not finish in 120 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  // The Worker exactly as wrangler bundles it (the development entry, with the dev tools).
  const { outdir } = bundleWorker(path.join(work, "bundle"));
  resend = fakeResend(["429", "500", "502-html", "accepted-unreadable", "accepted-timeout", "429", "500"]);
  mf = startWorker(outdir, {
    bindings: {
      EMAIL_TRANSPORT: "resend",
      SECRET_KEY: "fault-test-secret-key-0123456789-0123456789",
      RESEND_API_KEY: "re_fault_test",
      RESEND_BASE_URL: "https://api.resend.com",
    },
    outboundService: (request) => resend.handle(request),
  });
  db = await mf.getD1Database("DB");
  await applyMigrations(db);
  await call("/dev/clock", { method: "POST", body: { at: new Date(START).toISOString() } });
  await call("/dev/seed", { method: "POST", body: {} });
});

after(async () => {
  await mf?.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

test("through 429, 500, 502, cut-off and timed-out answers every notification is delivered exactly once", async () => {
  const ticks = [];
  for (let i = 0; i < 12; i++) {
    await call("/dev/clock", {
      method: "POST",
      body: { at: new Date(START + i * TICK_STEP_MS).toISOString() },
    });
    ticks.push(await tickAndWait());
  }
  const faultsSeen = resend.log.filter((c) => c.fault !== "ok").map((c) => c.fault);
  assert.deepEqual(faultsSeen, [
    "429",
    "500",
    "502-html",
    "accepted-unreadable",
    "accepted-timeout",
    "429",
    "500",
  ]);

  const { results: rows } = await db
    .prepare(
      "select id, status, attempts, provider_id, last_error from notifications where status <> 'superseded'",
    )
    .all();
  assert.ok(rows.length > 0, "the walk recorded notifications");
  const byStatus = Object.groupBy(rows, (r) => r.status);
  // Lost: anything not sent once the faults stopped (nothing is permanently refused here).
  assert.deepEqual(Object.keys(byStatus), ["sent"], JSON.stringify(rows.filter((r) => r.status !== "sent")));
  // Retried rows exist: the faults did reach the ledger.
  assert.ok(
    rows.some((r) => r.attempts > 1),
    "some notifications needed more than one attempt",
  );
  // Duplicates: every sent row has the id of a delivered message and every delivered message
  // belongs to sent rows (one row, or the rows of one person's chasing bundle: one message for
  // all their reminders, overdue notices and escalations of a tick).
  const providerIds = rows.map((r) => r.provider_id);
  assert.ok(
    providerIds.every((id) => typeof id === "string" && resend.delivered.has(id)),
    "each sent row names a delivered message",
  );
  assert.deepEqual([...new Set(providerIds)].sort(), [...resend.delivered.keys()].sort());
  const fingerprints = [...resend.delivered.values()];
  assert.equal(new Set(fingerprints).size, fingerprints.length, "no message content was delivered twice");
  console.log(
    `faults: ${ticks.length} ticks, ${resend.log.length} provider calls (${faultsSeen.length} faulty), ` +
      `${rows.length} notifications in ${resend.delivered.size} messages sent once, ` +
      `${rows.filter((r) => r.attempts > 1).length} after retries`,
  );
});
