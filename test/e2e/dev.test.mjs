// The development tools page and the simulated clock and tick the journeys rely on.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  api,
  assertNoHorizontalScroll,
  baseUrl,
  checkA11y,
  linksIn,
  mailbox,
  newPage,
  open,
  resetClock,
  screenshot,
  setClock,
  tickAndWait,
  waitForMail,
} from "./helpers.mjs";

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

test("the clock and the tick are driven from the /dev page, at 1366 px and 390 px", async () => {
  for (const [viewport, label] of [
    [{ width: 1366, height: 900 }, "desktop"],
    [{ width: 390, height: 844 }, "phone"],
  ]) {
    await resetClock();
    const page = await newPage({ viewport });
    await open(page, "/dev");
    await page.getByLabel("Ngày giờ (giờ Hà Nội)").fill("2026-12-21T07:30");
    await page.getByRole("button", { name: "Đặt giờ" }).click();
    await page.waitForLoadState("load");
    assert.match(await page.locator("main p strong").first().textContent(), /^07:3[01] 21\/12\/2026$/);
    assert.match(await page.locator("main").innerText(), /Đã đặt giờ mô phỏng/);

    await page.getByRole("button", { name: "+1 ngày" }).click();
    await page.waitForLoadState("load");
    assert.match(await page.locator("main p strong").first().textContent(), /^07:3[01] 22\/12\/2026$/);

    await page.getByRole("button", { name: "08:00 hôm sau" }).click();
    await page.waitForLoadState("load");
    assert.match(await page.locator("main p strong").first().textContent(), /^08:0[01] 23\/12\/2026$/);

    await page.getByRole("button", { name: "Chạy lượt nhắc ngay" }).click();
    await page.waitForLoadState("load");
    const status = page.locator("#tick-status");
    const deadline = Date.now() + 60_000;
    while (!/đã chạy xong/.test(await status.innerText())) {
      assert.ok(Date.now() < deadline, "the tick started from the page did not finish");
      await new Promise((r) => setTimeout(r, 500));
      await page.reload({ waitUntil: "load" });
    }
    assert.match(await status.innerText(), /xét \d+ báo cáo, ghi \d+ thư, gửi \d+ thư/);
    await checkA11y(page);
    if (label === "phone") await assertNoHorizontalScroll(page);
    await screenshot(page, `dev-clock-${label}`);
    await page.context().close();
  }
  await resetClock();
});

test("emailed links point at the port this server listens on (not 8787) and open", async () => {
  assert.notEqual(new URL(baseUrl).port, "8787", "the e2e server runs on a non-default port");
  const email = "xem.hanoi@demo.vn";
  await api("/dev/rate-limits/reset", { method: "POST", body: {} });
  const seenIds = (await mailbox(email)).map((m) => m.id);
  await api("/api/auth/signin-request", { method: "POST", body: { email } });
  const mail = await waitForMail(email, { seenIds });
  const links = linksIn(mail);
  assert.ok(links.length > 0, mail.text);
  for (const link of links) assert.ok(link.startsWith(`${baseUrl}/`), `${link} does not open ${baseUrl}`);
  const page = await newPage();
  const res = await page.goto(links.find((l) => l.includes("/dang-nhap/xac-nhan")));
  assert.equal(res.status(), 200);
  assert.equal((await page.locator("h1").textContent()).trim(), "Đăng nhập vào hệ thống");
  await page.context().close();
});
