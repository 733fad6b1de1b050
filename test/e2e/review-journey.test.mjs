// Commission staff review a report: open the queue, return the oldest report with a comment;
// the organisation's secretary sees the comment, resubmits; staff accept it. Mail at each step.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  assertNoHorizontalScroll,
  baseUrl,
  checkA11y,
  mailbox,
  newPage,
  open,
  PHONE,
  pageProblems,
  resetClock,
  screenshot,
  signIn,
  waitForMail,
} from "./helpers.mjs";

after(() => resetClock());

const STAFF = "canbo.bantgdv@demo.vn";
const COMMENT = "Đề nghị bổ sung số người tham dự các hội nghị quán triệt (thử nghiệm e2e).";

/** `o_<period>_<organisation>`: periods are `<schedule>-<year>-<key>`. */
function organisationOf(obligationId) {
  const m = /^o_(sch-[a-z0-9-]+?-\d{4}-[a-z0-9]+)_(.+)$/.exec(obligationId);
  assert.ok(m, `unexpected obligation id ${obligationId}`);
  return m[2];
}
const secretaryOf = (organisationId) =>
  organisationId === "hn" ? "bithu.hanoi@demo.vn" : `bithu.${organisationId.replace(/-/g, ".")}@demo.vn`;

function values() {
  const v = {
    plan_issued: { answer: true, documentRef: "15-KH/TU" },
    inspection_done: { answer: false, documentRef: null },
    dissemination_sessions: 6,
    coverage_pct: 95.1,
    difficulties: "Không có.",
  };
  for (let i = 1; i <= 7; i++) v[`section_${i}`] = `Kết quả mục ${i} (bản sửa theo ý kiến, thử nghiệm e2e).`;
  v.section_3 = "Tổ chức 6 hội nghị quán triệt với 1.200 người tham dự (thử nghiệm e2e).";
  return v;
}

test("staff return a report with a comment, the secretary resubmits, staff accept it", async () => {
  await resetClock();
  const staff = await newPage();
  await signIn(staff, STAFF);
  const problemsBefore = pageProblems(staff).length;

  // The queue: submitted reports in the reviewer's scope, oldest first.
  await open(staff, "/duyet");
  assert.equal((await staff.locator("h1").textContent()).trim(), "Báo cáo chờ xem xét");
  const first = staff.locator('main table a[href^="/duyet/"]').first();
  assert.equal(await first.count(), 1, "the demo has submitted reports waiting for review");
  await checkA11y(staff);
  await screenshot(staff, "review-queue");
  const href = await first.getAttribute("href");
  const obligationId = decodeURIComponent(href.slice("/duyet/".length));
  const secretary = secretaryOf(organisationOf(obligationId));

  // The review page: the submitted values by form item, and the actions.
  await Promise.all([staff.waitForURL(new RegExp(`/duyet/${href.slice(7)}$`)), first.click()]);
  assert.match(await staff.locator("h1").textContent(), /^Xem xét báo cáo: /);
  assert.match(await staff.locator("main").textContent(), /chờ xem xét/i);
  await checkA11y(staff);
  await screenshot(staff, "review-page");
  const phone = await newPage({ viewport: PHONE });
  await signIn(phone, STAFF);
  await open(phone, href);
  await assertNoHorizontalScroll(phone);
  await checkA11y(phone);
  await phone.context().close();

  const seen = (await mailbox(secretary)).map((m) => m.id);
  await staff.fill("#return-general", COMMENT);
  await Promise.all([staff.waitForURL(/da=tra-lai/), staff.click('button:has-text("Trả lại báo cáo")')]);
  assert.match(await staff.locator('[role="status"]').first().textContent(), /Đã trả lại báo cáo/);
  assert.match(await staff.locator("main").textContent(), /Đã trả lại/);
  const returned = await waitForMail(secretary, { seenIds: seen, subject: "cần chỉnh sửa" });
  assert.ok(returned.text.includes(COMMENT), "the return mail carries the comment");

  // The secretary signs in and sees the comment on the report's history.
  const sec = await newPage({ viewport: PHONE });
  await signIn(sec, secretary);
  await open(sec, `/bao-cao/${encodeURIComponent(obligationId)}/phien-ban`);
  assert.ok((await sec.locator("main").textContent()).includes(COMMENT), "the secretary sees the comment");
  await checkA11y(sec);
  await assertNoHorizontalScroll(sec);
  await screenshot(sec, "review-versions-secretary");

  // Resubmits through the API with the secretary's session (the page's CSRF token).
  const csrf = await sec.getAttribute('meta[name="csrf-token"]', "content");
  const res = await sec.request.post(
    `${baseUrl}/api/obligations/${encodeURIComponent(obligationId)}/submit`,
    {
      data: { values: values() },
      headers: { "x-csrf-token": csrf },
    },
  );
  assert.equal(res.status(), 201, await res.text());

  // Staff accept the revised report; the secretary is told.
  const seen2 = (await mailbox(secretary)).map((m) => m.id);
  await open(staff, href);
  assert.match(await staff.locator("main").textContent(), /chờ xem xét/i);
  assert.ok((await staff.locator("main").textContent()).includes("1.200 người tham dự"));
  await Promise.all([staff.waitForURL(/da=tiep-nhan/), staff.click('button:has-text("Tiếp nhận báo cáo")')]);
  assert.match(await staff.locator("main").textContent(), /Đã tiếp nhận/);
  await waitForMail(secretary, { seenIds: seen2, subject: "đã được chấp nhận" });

  // Every version is kept; the latest shows what changed against the one before.
  await open(sec, `/bao-cao/${encodeURIComponent(obligationId)}/phien-ban`);
  const rows = await sec.locator("main table tbody tr").count();
  assert.ok(rows >= 2, `at least two versions, found ${rows}`);
  await open(sec, `/bao-cao/${encodeURIComponent(obligationId)}/phien-ban/${rows}`);
  assert.match(await sec.locator("main").textContent(), new RegExp(`So sánh với lần nộp ${rows - 1}`));
  assert.ok((await sec.locator("main ins").count()) > 0, "the changes are marked");
  await checkA11y(sec);
  await screenshot(sec, "review-diff-secretary");

  assert.deepEqual(pageProblems(staff).slice(problemsBefore), []);
  await sec.context().close();
  await staff.context().close();
});
