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

  // The heat map: an SVG image with a text alternative, a percentage in each cell, a legend.
  const heat = page.locator("#heatmap svg");
  assert.equal(await heat.getAttribute("role"), "img");
  assert.match((await heat.locator("title").textContent()) ?? "", /Tỷ lệ báo cáo/);
  assert.match((await heat.textContent()) ?? "", /%/);
  assert.match((await heat.textContent()) ?? "", /Từ 90% trở lên/);
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
