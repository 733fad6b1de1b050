// A committee secretary on a phone: from "Việc cần làm" to the open 6-month report, fill it in,
// save a draft, reload (nothing lost), submit, see the receipt, find the receipt email.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  assertNoHorizontalScroll,
  checkA11y,
  mailbox,
  newPage,
  open,
  PHONE,
  pageProblems,
  screenshot,
  signIn,
  waitForMail,
} from "./helpers.mjs";

const EMAIL = "bithu.hanoi@demo.vn";

test("a secretary fills, saves, reloads and submits the 6-month report and gets a receipt", async () => {
  const page = await newPage({ viewport: PHONE });
  await signIn(page, EMAIL);
  // Only what happens on the report pages counts (the sign-in page's favicon request is not ours).
  const problemsBefore = pageProblems(page).length;
  await open(page, "/");

  // The home page lists the open 6-month report of Hà Nội; follow its link.
  const link = page.locator('a[href^="/bao-cao/o_sch-52-6m-"][href$="_hn"]', { hasText: "6 tháng" }).first();
  assert.equal(await link.count(), 1, "the home page lists the 6-month report");
  await Promise.all([page.waitForURL(/\/bao-cao\/o_sch-52-6m-/), link.click()]);
  const reportUrl = new URL(page.url()).pathname;
  assert.match(await page.locator("h1").textContent(), /Báo cáo 6 tháng/);
  assert.ok(await page.locator("#report-form").isVisible(), "the form is editable");

  // Fill every required field.
  for (let i = 1; i <= 7; i++) {
    await page.fill(`#f-section_${i}`, `Kết quả thực hiện mục ${i} tại Hà Nội (thử nghiệm e2e).`);
  }
  await page.check("#f-plan_issued-yes");
  await page.fill("#f-plan_issued-documentRef", "15-KH/TU");
  await page.check("#f-inspection_done-no");
  await page.fill("#f-dissemination_sessions", "4");
  await page.fill("#f-coverage_pct", "95.2");
  // The form checks coverage against insured / population (rules declared with the form).
  await page.fill("#f-population", "8.700.000");
  await page.fill("#f-insured_people", "8.282.400");

  await assertNoHorizontalScroll(page);
  await checkA11y(page);
  await screenshot(page, "report-form-phone");

  // Save the draft with the button (a plain form post), then reload: nothing is lost.
  await Promise.all([page.waitForURL(/da-luu=1/), page.click('button:has-text("Lưu nháp")')]).catch(
    async (e) => {
      // Say where the page is, so a failure in CI can be understood from its log alone.
      const where = await page
        .locator("main")
        .innerText()
        .catch(() => "?");
      throw new Error(`no redirect after "Lưu nháp"; at ${page.url()}: ${where.slice(0, 400)}`, { cause: e });
    },
  );
  assert.match(await page.locator('[role="status"]').first().textContent(), /Đã lưu bản nháp lúc/);
  await page.reload({ waitUntil: "load" });
  assert.equal(await page.inputValue("#f-section_3"), "Kết quả thực hiện mục 3 tại Hà Nội (thử nghiệm e2e).");
  assert.equal(await page.inputValue("#f-plan_issued-documentRef"), "15-KH/TU");
  assert.ok(await page.isChecked("#f-inspection_done-no"));
  assert.equal(await page.inputValue("#f-coverage_pct"), "95.2");

  // Autosave: typing saves the draft through the script, which says when.
  await page.fill("#f-difficulties", "Khó khăn: thiếu kinh phí tuyên truyền.");
  await page.locator("#autosave-status", { hasText: /Đã lưu lúc \d{2}:\d{2}/ }).waitFor();
  await page.reload({ waitUntil: "load" });
  assert.equal(await page.inputValue("#f-difficulties"), "Khó khăn: thiếu kinh phí tuyên truyền.");

  // Submit and land on the receipt.
  const seenIds = (await mailbox(EMAIL)).map((m) => m.id);
  await Promise.all([page.waitForURL(/\/bien-nhan$/), page.click('button:has-text("Nộp báo cáo")')]);
  assert.equal((await page.locator("h1").textContent()).trim(), "Đã nộp báo cáo");
  const receiptNo = (await page.locator(".receipt dd strong").first().textContent()).trim();
  assert.match(receiptNo, /^2026-H2-HN-L1$/);
  assert.match(await page.locator(".receipt").textContent(), /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  assert.match(await page.locator(".receipt").textContent(), /Đúng hạn|Nộp muộn/);
  await assertNoHorizontalScroll(page);
  await checkA11y(page);
  await screenshot(page, "report-receipt-phone");

  // The receipt email.
  const mail = await waitForMail(EMAIL, { seenIds, subject: receiptNo });
  assert.match(mail.subject, /Đã nhận báo cáo/);
  assert.match(mail.text, new RegExp(receiptNo));

  // The report is now read-only.
  await open(page, reportUrl);
  assert.equal(await page.locator("#report-form").count(), 0);
  assert.match(await page.locator("main").textContent(), /Đã nộp/);
  assert.deepEqual(pageProblems(page).slice(problemsBefore), []);
  await page.context().close();
});
