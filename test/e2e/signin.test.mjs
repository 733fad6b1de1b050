// The emailed sign-in link in a real browser: opening it only shows a confirm page (reloading it
// keeps the link usable); the button signs in and goes to the requested page.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  api,
  assertNoHorizontalScroll,
  checkA11y,
  linksIn,
  mailbox,
  newPage,
  open,
  PHONE,
  screenshot,
  waitForMail,
} from "./helpers.mjs";

test("the link opens a confirm page that consumes nothing; the button signs in", async () => {
  const email = "xem.hanoi@demo.vn";
  await api("/dev/rate-limits/reset", { method: "POST", body: {} });
  const seenIds = (await mailbox(email)).map((m) => m.id);
  const page = await newPage({ viewport: PHONE });
  await open(page, "/dang-nhap?next=%2Fto-chuc");
  await page.getByLabel("Địa chỉ thư điện tử").fill(email);
  await page.getByRole("button", { name: "Gửi liên kết đăng nhập" }).click();
  await page.waitForLoadState("load");
  const mail = await waitForMail(email, { seenIds });
  const link = linksIn(mail).find((u) => new URL(u).pathname === "/dang-nhap/xac-nhan");
  assert.ok(link, mail.text);
  const path = link.slice(link.indexOf("/dang-nhap"));

  // A scanner (or the person, twice) opening the link does not use it up.
  for (let i = 0; i < 2; i++) {
    await open(page, path);
    assert.equal((await page.locator("h1").textContent()).trim(), "Đăng nhập vào hệ thống");
  }
  const text = await page.locator("main").innerText();
  assert.match(text, /xe\*\*\*@demo\.vn/);
  assert.ok(!text.includes(email), "the full address is shown");
  await checkA11y(page);
  await assertNoHorizontalScroll(page);
  await screenshot(page, "signin-confirm-phone");

  await page.locator("main").getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForLoadState("load");
  assert.equal(new URL(page.url()).pathname, "/to-chuc");
  assert.match(await page.locator("header").innerText(), /Đăng xuất/);

  // Used: a clear page, in Vietnamese.
  const again = await page.goto(link.replace(/^https?:\/\/[^/]+/, new URL(page.url()).origin));
  assert.equal(again.status(), 410);
  assert.match(await page.locator("main").innerText(), /Liên kết đăng nhập đã được sử dụng/);
  await checkA11y(page);
});
