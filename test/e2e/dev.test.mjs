// The development tools page and the simulated clock and tick the journeys rely on.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { newPage, open, resetClock, setClock, tickAndWait } from "./helpers.mjs";

after(() => resetClock());

/** "HH:MM dd/mm/yyyy" of an instant in Asia/Ho_Chi_Minh (UTC+7, no DST). */
function vnTime(ms) {
  const d = new Date(ms + 7 * 3_600_000);
  const p = (n) => String(n).padStart(2, "0");
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

async function shownTime() {
  const page = await newPage();
  await open(page, "/dev");
  const text = await page.locator("main p strong").first().textContent();
  await page.context().close();
  return text.trim();
}

test("the dev page shows the simulated time, which setClock moves and resets", async () => {
  const moved = await setClock("2026-12-22T02:00:00Z");
  assert.equal(moved.now, "2026-12-22T02:00:00.000Z");
  // 02:00 UTC is 09:00 in Hà Nội; a second may pass between the two requests.
  assert.match(await shownTime(), /^09:0[01] 22\/12\/2026$/);

  const ahead = await setClock({ offsetHours: 48 });
  assert.equal(ahead.offsetMs, 48 * 3_600_000);
  const expected = [vnTime(Date.now() + ahead.offsetMs), vnTime(Date.now() + ahead.offsetMs + 60_000)];
  assert.ok(expected.includes(await shownTime()), `expected one of ${expected}`);

  await setClock({ offsetHours: 0 });
  const real = [vnTime(Date.now()), vnTime(Date.now() + 60_000)];
  assert.ok(real.includes(await shownTime()), `expected one of ${real}`);
});

test("setClock rejects a malformed instant with a 422", async () => {
  await assert.rejects(setClock("22/12/2026"), /answered 422/);
});

test("tick starts an engine tick Workflow that runs to the end", async () => {
  await resetClock();
  const res = await tickAndWait();
  assert.match(res.id, /^tick-\d{4}-\d{2}-\d{2}T/);
  assert.equal(typeof res.finishedAt, "number");
});
