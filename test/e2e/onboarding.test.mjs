// A second, real directive set up without code by the Commission's staff: Nghị quyết 57-NQ/TW of
// the Politburo (22/12/2024) on science, technology, innovation and digital transformation, with
// its sections, a guidance document, an indicator with national and provincial targets, a
// quarterly report form built from the standard outline, its own reminder ladder and a quarterly
// schedule for Cần Thơ's communes, reviewed by the central Commission. Then one period is walked on the simulated clock: it opens,
// a commune reports and is accepted, and the communes that did not report get the overdue notice.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  api,
  checkA11y,
  mailbox,
  newPage,
  open,
  resetClock,
  screenshot,
  setClock,
  signIn,
  tickAndWait,
} from "./helpers.mjs";

after(() => resetClock());

const STAFF = "canbo.bantgdv@demo.vn";
const REPORTER = "bithu.ct.ninhkieu@demo.vn";
const LATE = "bithu.ct.caikhe@demo.vn";

/** Shared between the steps (they run in order, in one process). */
const state = { directiveId: "", scheduleId: "", periodId: "" };
let staff;

async function submitAndFollow(page, button) {
  await Promise.all([page.waitForLoadState("load"), page.click(button)]);
  const problem = await page
    .locator('[role="alert"]')
    .first()
    .textContent()
    .catch(() => null);
  return problem;
}

test("Commission staff register Nghị quyết 57-NQ/TW with its sections", async () => {
  await resetClock();
  staff = await newPage();
  await signIn(staff, STAFF);
  await open(staff, "/chi-thi");
  await Promise.all([
    staff.waitForURL(/\/chi-thi\/moi$/),
    staff.click("text=Đăng ký chỉ thị, nghị quyết, kết luận"),
  ]);
  await staff.fill("#number", "57-NQ/TW");
  await staff.fill("#issuer", "Bộ Chính trị");
  await staff.fill("#issuedOn", "2024-12-22");
  await staff.fill(
    "#title",
    "đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
  );
  await staff.selectOption("#organisationId", "tw");
  await staff.fill(
    "#summary",
    "Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia là đột phá quan trọng hàng đầu, là động lực chính để phát triển nhanh lực lượng sản xuất hiện đại.",
  );
  await staff.fill(
    "#sec0-title",
    "Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị mạnh mẽ",
  );
  await staff.fill(
    "#sec0-body",
    "Nâng cao nhận thức, đột phá về đổi mới tư duy, xác định quyết tâm chính trị mạnh mẽ, quyết liệt lãnh đạo, chỉ đạo.",
  );
  // A second section: the page redraws with everything typed so far kept.
  await submitAndFollow(staff, 'button:has-text("Thêm mục")');
  assert.equal(await staff.inputValue("#number"), "57-NQ/TW", "the typed number survives adding a section");
  await staff.fill("#sec1-title", "Khẩn trương, quyết liệt hoàn thiện thể chế");
  await staff.check("#sec1-editorial");
  await staff.fill(
    "#sec1-body",
    "Khẩn trương, quyết liệt hoàn thiện thể chế; xoá bỏ mọi tư tưởng, quan niệm, rào cản đang cản trở sự phát triển.",
  );
  await checkA11y(staff);
  await screenshot(staff, "onboarding-register");
  await Promise.all([staff.waitForURL(/\/thiet-lap\?da=luu$/), staff.click('button:has-text("Đăng ký")')]);
  state.directiveId = decodeURIComponent(new URL(staff.url()).pathname.split("/")[2]);
  assert.match(await staff.locator("h1").textContent(), /Nghị quyết số 57-NQ\/TW của Bộ Chính trị/);
  assert.match(await staff.locator("main").textContent(), /tiêu đề do biên tập/);
  await checkA11y(staff);

  // A guidance document in the cascade, issued by the Commission.
  await staff.fill("#g-number", "05-HD/BTGDVTW");
  await staff.fill("#g-date", "2025-02-10");
  await staff.selectOption("#g-org", "btgdv");
  await staff.fill("#g-issuer", "Ban Tuyên giáo và Dân vận Trung ương");
  await staff.fill("#g-title", "Hướng dẫn tuyên truyền Nghị quyết số 57-NQ/TW của Bộ Chính trị");
  await Promise.all([staff.waitForURL(/da=luu/), staff.click('button:has-text("Thêm văn bản")')]);
  assert.match(await staff.locator("#docs-h + ul").textContent(), /05-HD\/BTGDVTW/);

  // An indicator with a national target and Cần Thơ's own target for 2030.
  await staff.fill("#i-code", "rd_spending");
  await staff.fill("#i-name", "Chi cho nghiên cứu và phát triển");
  await staff.fill("#i-unit", "% GDP");
  await staff.selectOption("#i-kind", "percent");
  await staff.selectOption("#i-agg", "avg");
  await staff.selectOption("#i-section", "1");
  await Promise.all([staff.waitForURL(/da=luu/), staff.click('button:has-text("Thêm chỉ tiêu")')]);
  for (const [org, value] of [
    ["tw", "2"],
    ["ct", "1,5"],
  ]) {
    const form = staff.locator("form", {
      has: staff.locator('button:has-text("Đặt mục tiêu cho Chi cho nghiên cứu và phát triển")'),
    });
    await form.locator('select[name="organisationId"]').selectOption(org);
    await form.locator('input[name="year"]').fill("2030");
    await form.locator('select[name="comparator"]').selectOption("gte");
    await form.locator('input[name="value"]').fill(value);
    await Promise.all([staff.waitForURL(/da=luu/), form.locator("button").click()]);
  }
  const targets = await staff.locator("table", { hasText: "Mục tiêu của Chi cho nghiên cứu" }).textContent();
  assert.match(targets, /Đạt 2%/);
  assert.match(targets, /Đạt 1,5%/);
  await screenshot(staff, "onboarding-setup");
});

test("a quarterly form from the standard outline, a reminder ladder and a schedule", async () => {
  const base = `/chi-thi/${encodeURIComponent(state.directiveId)}/thiet-lap`;
  await open(staff, base);
  await Promise.all([
    staff.waitForURL(/\/bieu-mau\/moi/),
    staff.click("text=Tạo biểu mẫu từ đề cương chuẩn"),
  ]);
  await staff.fill("#name", "Báo cáo quý thực hiện Nghị quyết 57-NQ/TW");
  // The outline's parts are there; add the indicator's figure.
  assert.equal(await staff.inputValue("#it2-label"), "Ưu điểm");
  await submitAndFollow(staff, 'button:has-text("Thêm mục số liệu")');
  const last = (await staff.locator('fieldset legend:has-text("Số liệu, chỉ tiêu")').count()) > 0;
  assert.ok(last, "a number item was added");
  const index =
    (await staff.locator("fieldset legend").allTextContents()).filter((t) => t.startsWith("Mục ")).length - 1;
  await staff.fill(`#it${index}-section`, "Phụ lục số liệu");
  await staff.fill(`#it${index}-key`, "chi_nckh");
  await staff.fill(`#it${index}-label`, "Tỷ lệ chi cho nghiên cứu và phát triển");
  await staff.fill(`#it${index}-unit`, "% GDP");
  await staff.selectOption(`#it${index}-valueKind`, "percent");
  await staff.selectOption(`#it${index}-indicatorCode`, "rd_spending");
  await checkA11y(staff);
  await screenshot(staff, "onboarding-form-builder");
  await Promise.all([
    staff.waitForURL(/\/bieu-mau\/[^/]+\?da=luu$/),
    staff.click('button:has-text("Lưu biểu mẫu")'),
  ]);
  assert.match(await staff.locator("h1").textContent(), /phiên bản 1/);
  assert.match(await staff.locator("main").textContent(), /Tỷ lệ chi cho nghiên cứu và phát triển/);

  // Its own ladder, started from the default: drop the leadership step.
  await open(staff, "/quy-trinh-nhac/moi");
  await staff.fill("#name", "Nhắc báo cáo quý Nghị quyết 57-NQ/TW");
  await staff.selectOption("#organisationId", "tw");
  await submitAndFollow(staff, 'button:has-text("Bỏ bước 8")');
  assert.equal(await staff.locator("fieldset legend").count(), 7);
  await Promise.all([
    staff.waitForURL(/\/quy-trinh-nhac\/[^/]+\?da=luu$/),
    staff.click('button:has-text("Lưu quy trình")'),
  ]);
  const timeline = await staff.locator("ol.timeline").textContent();
  assert.match(timeline, /1 ngày làm việc sau hạn/);
  assert.doesNotMatch(timeline, /10 ngày làm việc sau hạn/);
  await checkA11y(staff);
  await screenshot(staff, "onboarding-ladder");

  // The schedule: quarterly, 5 working days after the cut-off, Cần Thơ's communes.
  await open(staff, `/lich-bao-cao/moi?directiveId=${encodeURIComponent(state.directiveId)}`);
  await staff.fill("#name", "Báo cáo quý thực hiện Nghị quyết 57-NQ/TW (cấp xã, Cần Thơ)");
  await staff.selectOption("#frequency", "quarterly");
  await staff.selectOption("#dueRuleKind", "working_days");
  await staff.fill("#dueRuleDays", "5");
  await staff.selectOption("#scopeRootId", "ct");
  await staff.uncheck("#kind-provincial_committee");
  await staff.uncheck("#kind-central_committee");
  await staff.check("#kind-commune");
  // The central Commission reviews (the demo has no staff at Cần Thơ's own commission to accept).
  await staff.selectOption("#reviewerOrganisationId", "btgdv");
  await staff.selectOption("#policyId", { label: "Nhắc báo cáo quý Nghị quyết 57-NQ/TW" });
  const formOption = await staff.locator("#formId option:checked").textContent();
  assert.match(formOption, /Báo cáo quý thực hiện Nghị quyết 57-NQ\/TW/);
  await Promise.all([staff.waitForURL(/da=luu/), staff.click('button[name="intent"][value="save"]')]);
  state.scheduleId = decodeURIComponent(new URL(staff.url()).pathname.split("/")[2]);
  assert.match(await staff.locator("main").textContent(), /Quý IV\/2026/);
  state.periodId = `${state.scheduleId}-2026-q4`;
});

test("one period: it opens, a commune reports and is accepted, the late ones are told", async () => {
  // The engine opens the period (cut-off 15/09–14/12/2026, due 21/12/2026) for every commune.
  await tickAndWait();
  let obligations = [];
  for (let i = 0; i < 80 && obligations.length < 5; i++) {
    ({ obligations } = await api(`/dev/api/obligations?period=${encodeURIComponent(state.periodId)}`));
    if (obligations.length < 5) await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(obligations.length, 5, "Cần Thơ's five communes must report");
  assert.ok(obligations.every((o) => o.dueOn === "2026-12-21"));

  // A commune secretary fills in the new form and submits.
  const sec = await newPage();
  await signIn(sec, REPORTER);
  const obligationId = `o_${state.periodId}_ct-ninhkieu`;
  await open(sec, `/bao-cao/${encodeURIComponent(obligationId)}`);
  assert.match(await sec.locator("main").textContent(), /II\. Đánh giá chung/);
  for (const key of ["lanh_dao_chi_dao", "ket_qua", "uu_diem", "han_che", "nguyen_nhan", "phuong_huong"]) {
    await sec.fill(`#f-${key}`, `Phường Ninh Kiều: nội dung ${key.replace(/_/g, " ")} trong quý IV/2026.`);
  }
  await sec.fill("#f-hoi_nghi_quan_triet", "2");
  await sec.check("#f-ban_hanh_ke_hoach-yes");
  await sec.fill("#f-ban_hanh_ke_hoach-documentRef", "12-KH/ĐU");
  await sec.fill("#f-chi_nckh", "1.2");
  await checkA11y(sec);
  await Promise.all([sec.waitForLoadState("load"), sec.click('button:has-text("Nộp báo cáo")')]);
  assert.match(await sec.locator("h1").textContent(), /Đã nộp báo cáo/);
  await screenshot(sec, "onboarding-receipt");
  await sec.context().close();

  // The Commission accepts it.
  await open(staff, `/duyet/${encodeURIComponent(obligationId)}`);
  await Promise.all([staff.waitForURL(/da=tiep-nhan/), staff.click('button:has-text("Tiếp nhận báo cáo")')]);

  // 09:00 Tuesday 22/12/2026, one working day after the deadline: the ladder's overdue step.
  await setClock("2026-12-22T02:00:00Z");
  await tickAndWait();
  // The report's own mail, leaving out the morning digest ("Hạn báo cáo ngày …").
  const reportMail = async (to) =>
    (await mailbox(to)).filter((m) => !m.subject.startsWith("Hạn báo cáo ngày"));
  const late = (await reportMail(LATE)).filter((m) => /quá hạn/i.test(m.subject));
  assert.equal(
    late.length,
    1,
    `the late commune is told once: ${(await mailbox(LATE)).map((m) => m.subject).join(" | ")}`,
  );
  assert.ok(late[0].text.includes("21/12/2026"), "the notice states the deadline");
  assert.deepEqual(
    (await reportMail(REPORTER)).filter((m) => /quá hạn/i.test(m.subject)),
    [],
    "the commune that reported is not chased",
  );
  ({ obligations } = await api(`/dev/api/obligations?period=${encodeURIComponent(state.periodId)}`));
  assert.equal(obligations.find((o) => o.organisationId === "ct-ninhkieu").status, "accepted");
  await staff.context().close();
});
