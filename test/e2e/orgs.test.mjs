// Organisation tree, search, directive and plan pages in a real browser: navigation, axe, phone width.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  assertNoHorizontalScroll,
  checkA11y,
  newPage,
  open,
  PHONE,
  pageProblems,
  screenshot,
  signIn,
} from "./helpers.mjs";

test("browse the tree from the root down to a commune", async () => {
  const page = await newPage();
  await signIn(page, "quantri@demo.vn");
  await open(page, "/to-chuc");
  await checkA11y(page);
  await page.getByRole("link", { name: /Ban Chấp hành Trung ương/ }).click();
  await page.waitForLoadState("load");
  await page.getByRole("link", { name: "Thành ủy Hà Nội", exact: true }).click();
  await page.waitForLoadState("load");
  await page.getByRole("link", { name: "Đảng ủy phường Hoàn Kiếm", exact: true }).click();
  await page.waitForLoadState("load");
  assert.equal((await page.locator("h1").textContent()).trim(), "Đảng ủy phường Hoàn Kiếm");
  const crumbs = await page.locator('nav[aria-label="Đường dẫn"]').innerText();
  assert.match(
    crumbs,
    /Tổ chức › Ban Chấp hành Trung ương Đảng \(Ban Bí thư\) › Thành ủy Hà Nội › Đảng ủy phường Hoàn Kiếm/,
  );
  assert.match(await page.locator("main").innerText(), /Chi bộ Tổ dân phố số 1/);
  await checkA11y(page);
  await screenshot(page, "orgs-commune-desktop");
  // (A browser-initiated /favicon.ico 404 may appear in the console here, so only HTTP errors count.)
  assert.deepEqual(
    pageProblems(page).filter((p) => p.startsWith("HTTP ")),
    [],
  );
});

test("search Hoàn Kiếm with and without diacritics", async () => {
  const page = await newPage({ viewport: PHONE });
  await signIn(page, "bithu.hanoi@demo.vn");
  for (const q of ["Hoàn Kiếm", "hoan kiem"]) {
    await open(page, "/to-chuc");
    await page.getByLabel(/Tìm tổ chức/).fill(q);
    await page.getByRole("button", { name: "Tìm" }).click();
    await page.waitForLoadState("load");
    const first = page.locator("main section ul li a").first();
    assert.equal((await first.textContent()).trim(), "Đảng ủy phường Hoàn Kiếm", `search "${q}"`);
  }
  await checkA11y(page);
  await assertNoHorizontalScroll(page);
  await screenshot(page, "orgs-search-phone");
});

test("the directive page shows targets, the cascade and who has not issued a document", async () => {
  const page = await newPage();
  await signIn(page, "canbo.bantgdv@demo.vn");
  await open(page, "/chi-thi/ct52");
  const text = await page.locator("main").innerText();
  assert.match(text, /94,29% \(năm 2024\)/);
  assert.match(text, /Năm 2026: trên 95%/);
  assert.match(text, /Năm 2030: đạt 100%/);
  assert.match(text, /52-CT\/TW/);
  assert.match(text, /168-CV\/ĐULHHVN/);
  assert.match(text, /chưa ban hành văn bản triển khai/);
  await checkA11y(page);
  await screenshot(page, "orgs-directive-desktop");
  const phone = await newPage({ viewport: PHONE });
  await signIn(phone, "canbo.bantgdv@demo.vn");
  await open(phone, "/chi-thi/ct52");
  await assertNoHorizontalScroll(phone);
});

test("a secretary opens and edits the plan", async () => {
  const page = await newPage({ viewport: PHONE });
  await signIn(page, "bithu.hanoi@demo.vn");
  await open(page, "/ke-hoach/hn");
  const text = await page.locator("main").innerText();
  assert.match(text, /215-KH\/TU/);
  assert.match(text, /Hoàn thành đúng hạn/);
  assert.match(text, /Không có thời hạn/);
  await checkA11y(page);
  await assertNoHorizontalScroll(page);
  await screenshot(page, "orgs-plan-phone");
  await page.getByLabel("Nhiệm vụ", { exact: true }).last().fill("Tổng kết công tác tuyên truyền năm 2026");
  await page.getByLabel("Tiến độ (%)").last().fill("10");
  await page.getByRole("button", { name: "Thêm nhiệm vụ" }).click();
  await page.waitForLoadState("load");
  assert.match(await page.locator("main").innerText(), /Tổng kết công tác tuyên truyền năm 2026/);
  assert.deepEqual(pageProblems(page), []);
});

test("an administrator moves a party cell to another commune by searching for it", async () => {
  const page = await newPage({ viewport: PHONE });
  await signIn(page, "quantri@demo.vn");
  await open(page, "/to-chuc/hn-hoankiem-cb2");
  await page.getByLabel("Tìm tổ chức cấp trên mới").fill("ba dinh");
  await page.getByRole("button", { name: "Tìm" }).last().click();
  await page.waitForLoadState("load");
  assert.match(new URL(page.url()).pathname, /^\/to-chuc\/hn-hoankiem-cb2\/chuyen$/);
  const found = await page.locator("main section").innerText();
  assert.match(found, /Đảng ủy phường Ba Đình/);
  assert.match(found, /Thuộc: Ban Chấp hành Trung ương Đảng \(Ban Bí thư\) › Thành ủy Hà Nội/);
  await checkA11y(page);
  await assertNoHorizontalScroll(page);
  await screenshot(page, "orgs-move-search-phone");

  await page.getByRole("button", { name: /Chuyển vào đây \(Đảng ủy phường Ba Đình\)/ }).click();
  await page.waitForLoadState("load");
  assert.equal((await page.locator("h1").textContent()).trim(), "Xác nhận chuyển tổ chức");
  assert.match(
    await page.locator("main").innerText(),
    /Chi bộ Tổ dân phố số 2, phường Hoàn Kiếm sẽ chuyển sang trực thuộc Đảng ủy phường Ba Đình/,
  );
  await checkA11y(page);
  await assertNoHorizontalScroll(page);
  await screenshot(page, "orgs-move-confirm-phone");

  await page.getByRole("button", { name: "Xác nhận chuyển" }).click();
  await page.waitForLoadState("load");
  assert.equal(new URL(page.url()).pathname, "/to-chuc/hn-hoankiem-cb2");
  const crumbs = await page.locator('nav[aria-label="Đường dẫn"]').innerText();
  assert.match(crumbs, /Thành ủy Hà Nội › Đảng ủy phường Ba Đình › Chi bộ Tổ dân phố số 2, phường Hoàn Kiếm/);
  await open(page, "/to-chuc/hn-badinh");
  assert.match(await page.locator("main").innerText(), /Chi bộ Tổ dân phố số 2, phường Hoàn Kiếm/);
  assert.deepEqual(pageProblems(page), []);
});
