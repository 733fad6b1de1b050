// The organisation's "Khóa API" page in a real browser: create a token (shown once), use it,
// revoke it after the confirm step; axe, phone width, screenshots.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  assertFocusVisible,
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

const bearer = (token) =>
  fetch(`${baseUrl}/api/organisations/hn`, { headers: { authorization: `Bearer ${token}` } }).then(
    (r) => r.status,
  );

test("an administrator creates a token, sees it once, and revokes it", async () => {
  const page = await newPage();
  await signIn(page, "quantri@demo.vn");
  await open(page, "/to-chuc/hn");
  await page.getByRole("link", { name: "Khóa API", exact: true }).click();
  await page.waitForLoadState("load");
  assert.equal(new URL(page.url()).pathname, "/to-chuc/hn/khoa-api");
  assert.equal((await page.locator("h1").textContent()).trim(), "Khóa API của Thành ủy Hà Nội");
  await checkA11y(page);

  // A mistake first: the field says what is wrong, nothing is created.
  const name = `Phần mềm thống kê ${Date.now()}`;
  await page.getByLabel(/Tên khóa/).fill(name);
  await page.getByLabel(/Hiệu lực/).fill("0");
  await page.getByRole("button", { name: "Tạo khóa" }).click();
  await page.waitForLoadState("load");
  assert.match(await page.locator("#expiresInDays-error").innerText(), /từ 1 đến 730/);
  assert.equal(await page.locator("#new-token").count(), 0);
  assert.equal(await page.getByLabel(/Tên khóa/).inputValue(), name);
  await checkA11y(page);

  await page.getByLabel(/Vai trò của khóa/).selectOption({ label: "Người xem" });
  await page.getByLabel(/Hiệu lực/).fill("30");
  await page.getByRole("button", { name: "Tạo khóa" }).click();
  await page.waitForLoadState("load");
  const token = await page.getByLabel(/Khóa API mới/).inputValue();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(await page.locator("main").innerText(), /Hãy sao chép khóa này ngay bây giờ/);
  await checkA11y(page);
  await screenshot(page, "tokens-created-desktop");
  assert.equal(await bearer(token), 200);

  // Never shown again.
  await open(page, "/to-chuc/hn/khoa-api");
  assert.ok(!(await page.content()).includes(token), "the token is shown again");
  const card = page.locator("article", { has: page.getByRole("heading", { name: new RegExp(name) }) });
  assert.match(await card.innerText(), /Đang hoạt động/);
  assert.match(await card.innerText(), /Người xem/);
  assert.match(await card.innerText(), /Nguyễn Văn Quản/);
  assert.match(await card.innerText(), /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

  await card.getByRole("link", { name: `Thu hồi khóa ${name}` }).click();
  await page.waitForLoadState("load");
  assert.match(await page.locator("main").innerText(), /bị từ chối ngay lập tức/);
  await checkA11y(page);
  await screenshot(page, "tokens-revoke-confirm-desktop");
  assert.equal(await bearer(token), 200, "the confirm page alone revoked the token");
  await page.getByRole("button", { name: `Thu hồi khóa “${name}”` }).click();
  await page.waitForLoadState("load");
  assert.equal(new URL(page.url()).pathname, "/to-chuc/hn/khoa-api");
  assert.match(await page.getByRole("status").innerText(), new RegExp(`Đã thu hồi khóa “${name}”`));
  const revoked = page.locator("article", { has: page.getByRole("heading", { name: new RegExp(name) }) });
  assert.match(await revoked.innerText(), /Đã thu hồi/);
  assert.equal(await revoked.getByRole("link").count(), 0);
  assert.equal(await bearer(token), 401);
  await checkA11y(page);
  await screenshot(page, "tokens-list-desktop");
  assert.deepEqual(
    pageProblems(page).filter((p) => p.startsWith("HTTP ")),
    [],
  );
});

test("the secretary's page works at phone width", async () => {
  const page = await newPage({ viewport: PHONE });
  await signIn(page, "bithu.hanoi@demo.vn");
  await open(page, "/to-chuc/hn/khoa-api");
  const roles = await page
    .getByLabel(/Vai trò của khóa/)
    .locator("option")
    .allInnerTexts();
  assert.deepEqual(roles, [
    "Bí thư, Phó Bí thư, Chánh Văn phòng cấp ủy",
    "Chuyên viên Văn phòng cấp ủy",
    "Người xem",
  ]);
  await page.getByLabel(/Tên khóa/).fill("Máy báo cáo của văn phòng");
  await page.getByRole("button", { name: "Tạo khóa" }).click();
  await page.waitForLoadState("load");
  assert.match(await page.getByLabel(/Khóa API mới/).inputValue(), /^[A-Za-z0-9_-]{43}$/);
  await assertNoHorizontalScroll(page);
  await checkA11y(page);
  await assertFocusVisible(page);
  await screenshot(page, "tokens-created-phone");
});
