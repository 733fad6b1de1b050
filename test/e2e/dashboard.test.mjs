// Compliance monitoring in the browser: Commission staff opens the dashboard, drills down to
// Hà Nội, sees the same numbers as the JSON and CSV exports, and opens the consolidated report.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import {
  assertNoHorizontalScroll,
  baseUrl,
  checkA11y,
  newPage,
  open,
  PHONE,
  pageProblems,
  screenshot,
  signIn,
} from "./helpers.mjs";

const STAFF = "canbo.bantgdv@demo.vn";

/** The headline figures as shown: { expected: "40", reportingRate: "72,5%", ... }. */
async function headline(page) {
  return page.$$eval("#headline [data-stat]", (cards) =>
    Object.fromEntries(cards.map((c) => [c.dataset.stat, c.querySelector(".stat").textContent.trim()])),
  );
}

const pct = (v) => (v === null ? "—" : `${v.toFixed(1).replace(".", ",")}%`);

function parseCsv(text) {
  const lines = text
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r\n/);
  const head = lines[0].split(",");
  return lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [head[i], v])));
}

test("dashboard: drill down to Hà Nội, numbers match the exports, heat map and consolidated report", async () => {
  const page = await signIn(await newPage(), STAFF);
  await open(page, "/giam-sat");
  assert.match(await page.textContent("h1"), /Tình hình báo cáo/);

  // The whole tree: the figures shown are the JSON export's.
  const url = new URL(page.url());
  const json = await (
    await page.request.get(`${baseUrl}/giam-sat?format=json${url.search.replace("?", "&")}`)
  ).json();
  let shown = await headline(page);
  assert.equal(shown.expected, String(json.totals.expected));
  assert.equal(shown.reported, String(json.totals.reported));
  assert.equal(shown.reportingRate, pct(json.totals.reportingRate));
  assert.equal(shown.timelinessRate, pct(json.totals.timelinessRate));
  await screenshot(page, "dashboard-tw");
  await checkA11y(page);

  // Drill down to Hà Nội.
  await page.click('#children a:text-is("Thành ủy Hà Nội")');
  await page.waitForURL(/org=hn(&|$)/);
  assert.match(await page.textContent("h1"), /Thành ủy Hà Nội/);
  const period = new URL(page.url()).searchParams.get("period");
  const hnJson = await (
    await page.request.get(`${baseUrl}/giam-sat?format=json&org=hn&period=${period}`)
  ).json();
  shown = await headline(page);
  assert.equal(shown.expected, String(hnJson.totals.expected));
  assert.equal(shown.reported, String(hnJson.totals.reported));
  const csv = parseCsv(
    await (await page.request.get(`${baseUrl}/giam-sat/xuat/tong-hop.csv?org=hn&period=${period}`)).text(),
  );
  assert.equal(csv[0]["Phải nộp"], String(hnJson.totals.expected));
  assert.equal(csv[0]["Đã nộp"], String(hnJson.totals.reported));
  await screenshot(page, "dashboard-hn");

  // The heat map: a table with a caption, a percentage in each cell, full period names, a legend.
  const heat = page.locator("#heatmap table.heat");
  assert.match((await heat.locator("caption").textContent()) ?? "", /Tỷ lệ báo cáo/);
  assert.match((await heat.textContent()) ?? "", /%/);
  assert.match((await page.locator(".heat-legend").textContent()) ?? "", /Từ 90% trở lên/);
  const heads = await heat.locator("thead th").allInnerTexts();
  assert.ok(
    heads.slice(1).every((h) => /\d{4}/.test(h) && !h.includes("…")),
    `heat map headers name the year: ${heads}`,
  );
  const dir = path.resolve(import.meta.dirname, "../../test-results/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.locator("#heatmap").screenshot({ path: path.join(dir, "dashboard-heatmap.png") });

  // Phone: usable, accessible.
  const phone = await signIn(await newPage({ viewport: PHONE }), STAFF);
  await open(phone, `/giam-sat?org=hn&period=${period}`);
  await checkA11y(phone);
  await assertNoHorizontalScroll(phone);
  await screenshot(phone, "dashboard-hn-phone");

  // The consolidated report of Hà Nội for the same period.
  await open(page, `/tong-hop?org=hn&period=${period}`);
  assert.match(await page.textContent("article.doc"), /ĐẢNG CỘNG SẢN VIỆT NAM/);
  assert.match(await page.textContent("article.doc"), /Tổng hợp kết quả thực hiện Chỉ thị số 52-CT\/TW/);
  await checkA11y(page);
  await screenshot(page, "consolidated-hn");
  // Chromium's own favicon request logs a bare "404" console line with no URL; every sub-resource
  // of the page itself is still checked through its response ("HTTP 4xx for <url>").
  assert.deepEqual(
    pageProblems(page).filter((p) => !/^console error: Failed to load resource: .* 404/.test(p)),
    [],
  );
});

const LATE_ROW = "#late tbody tr";

/** Opens Hà Nội's dashboard at a viewport, returns the page. */
async function hanoi(viewport, query = "") {
  const page = await signIn(await newPage({ viewport }), STAFF);
  await open(page, `/giam-sat?org=hn${query}`);
  return page;
}

test("dashboard before and after the deadline, at 1366 px and 390 px", async () => {
  for (const [viewport, label] of [
    [{ width: 1366, height: 900 }, "desktop"],
    [{ width: 390, height: 844 }, "phone"],
  ]) {
    // By default: the most recent period past its deadline, with the current one a tab away.
    const page = await hanoi(viewport);
    const tabs = page.locator("nav.period-tabs a");
    assert.equal(await tabs.count(), 2);
    assert.match(await tabs.nth(0).innerText(), /Kỳ đã đến hạn gần nhất/);
    assert.equal(await tabs.nth(0).getAttribute("aria-current"), "page");
    assert.equal(await page.locator("#not-due").count(), 0);
    await checkA11y(page);
    if (label === "phone") await assertNoHorizontalScroll(page);
    await screenshot(page, `dashboard-after-deadline-${label}`);

    // The current period, not yet due: "chưa đến hạn" in a neutral colour, nothing red.
    await tabs.nth(1).click();
    await page.waitForLoadState("load");
    assert.match(await page.locator("#not-due").innerText(), /chưa đến hạn/);
    const missing = page.locator('[data-stat="missing"]');
    assert.match(await missing.innerText(), /chưa đến hạn/);
    assert.equal(await missing.locator(".stat.bad").count(), 0);
    assert.equal(await page.locator("#children .bad").count(), 0, "no red rate before the deadline");
    assert.ok((await page.locator("#children").innerText()).includes("chưa đến hạn"));
    const red = await page.locator("#heatmap td.band-3").count();
    const pending = await page.locator("#heatmap td.band-pending").count();
    assert.ok(pending > 0, "the current period's cells say chưa đến hạn");
    assert.equal(
      await page
        .locator("#heatmap tr")
        .evaluateAll((rows) => rows.filter((r) => r.lastElementChild?.classList.contains("band-3")).length),
      0,
      `the not-yet-due column is never red (${red} red cells in earlier periods)`,
    );
    await checkA11y(page);
    if (label === "phone") {
      await assertNoHorizontalScroll(page);
      // The heat map scrolls sideways inside its box, its first column staying in view.
      const sticky = await page
        .locator("#heatmap tbody th")
        .first()
        .evaluate((el) => getComputedStyle(el).position);
      assert.equal(sticky, "sticky");
    }
    await screenshot(page, `dashboard-before-deadline-${label}`);
    await page.context().close();
  }
});

test("late list: stacked cards with Nhắc on a phone, nudge feedback where the button was", async () => {
  for (const [viewport, label] of [
    [{ width: 390, height: 844 }, "phone"],
    [{ width: 1366, height: 900 }, "desktop"],
  ]) {
    const page = await hanoi(viewport);
    const rows = page.locator(LATE_ROW);
    assert.ok((await rows.count()) > 0, "Hà Nội has late units in the period past its deadline");
    const row = rows.filter({ has: page.getByRole("button", { name: /^Nhắc / }) }).first();
    const button = row.getByRole("button", { name: /^Nhắc / });
    // "Nhắc" is on screen without scrolling sideways.
    const box = await button.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width, `Nhắc at ${JSON.stringify(box)}`);
    if (label === "phone") {
      assert.equal(await row.evaluate((el) => getComputedStyle(el).display), "block");
      await assertNoHorizontalScroll(page);
      await screenshot(page, "dashboard-late-cards-phone");
    }
    const rowId = await row.getAttribute("id");
    await button.click();
    await page.waitForLoadState("load");
    assert.equal(new URL(page.url()).hash, `#${rowId}`);
    const status = page.locator(`#${rowId} [role="status"]`);
    assert.match(
      await status.innerText(),
      label === "phone" ? /Đã gửi thư nhắc/ : /Hôm nay đã nhắc đơn vị này|Đã gửi thư nhắc/,
    );
    assert.equal(await status.evaluate((el) => el.closest("[aria-live]") !== null), true);
    // The feedback is in view where the button was.
    const seen = await status.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(seen, "the nudge feedback is visible without scrolling");
    await checkA11y(page);
    await screenshot(page, `dashboard-nudge-${label}`);
    await page.context().close();
  }
});
