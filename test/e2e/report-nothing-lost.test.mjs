// Nothing a reporter writes is ever lost: an invalid number does not stop a long paragraph from
// being saved; leaving with unsaved text warns and the text comes back from this machine; a
// stale tab's submit shows both texts instead of dropping the newer one; "95,54" and
// "1.200.000" are numbers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { baseUrl, newPage, open, pageProblems, signIn } from "./helpers.mjs";

/** Secretaries to try, in order: the first with an open 6-month report to write is used. */
const CANDIDATES = ["hue", "hp", "dn", "tq", "cb", "lc", "lca", "tn", "db", "hcm"];

let page;
let reportPath;
let email;

before(async () => {
  for (const id of CANDIDATES) {
    email = `bithu.${id}@demo.vn`;
    page = await newPage();
    await signIn(page, email);
    const res = await page.request.get(`${baseUrl}/api/my/obligations`);
    const { obligations } = await res.json();
    const open6m = obligations.find(
      (o) => o.id.startsWith("o_sch-52-6m-") && (o.status === "pending" || o.status === "draft"),
    );
    if (open6m) {
      reportPath = `/bao-cao/${open6m.id}`;
      return;
    }
    await page.context().close();
  }
  throw new Error("no demo secretary has an open 6-month report to write");
});

after(async () => {
  await page?.context().close();
});

const _savedStatus = (p) => p.locator("#autosave-status", { hasText: /Đã lưu lúc \d{2}:\d{2}/ });
/** Resolves when the page's autosave next succeeds (start waiting before typing). */
const nextSave = (p) =>
  p.waitForResponse(
    (r) => r.url().endsWith("/draft") && r.request().method() === "PUT" && r.status() === 200,
  );

test("an invalid integer does not stop a long paragraph from being saved; reload keeps both", async () => {
  await open(page, reportPath);
  const paragraph =
    `Đảng ủy đã lãnh đạo, chỉ đạo phát triển người tham gia bảo hiểm y tế theo hộ gia đình. `.repeat(200);
  await page.fill("#f-dissemination_sessions", "2.5");
  await page.fill("#f-section_1", paragraph);
  // Saved as typed, with the reason the integer blocks submission next to its field.
  await page
    .locator("#autosave-status", { hasText: /Đã lưu lúc \d{2}:\d{2} · còn \d+ mục cần sửa/ })
    .waitFor();
  assert.match(await page.locator("#item-dissemination_sessions .error").textContent(), /phải là số nguyên/);
  await page.reload({ waitUntil: "load" });
  assert.equal(await page.inputValue("#f-section_1"), paragraph);
  assert.equal(await page.inputValue("#f-dissemination_sessions"), "2.5");
  assert.match(
    await page.locator("#err-dissemination_sessions").textContent(),
    /Số hội nghị quán triệt phải là số nguyên/,
  );
  assert.match(await page.locator("#error-summary").textContent(), /còn \d+ mục cần sửa trước khi nộp/);
});

test("leaving with unsaved text warns, and the text comes back from this machine", async () => {
  await open(page, reportPath);
  const cleared = nextSave(page);
  await page.fill("#f-section_2", "");
  await cleared;
  await page.locator("#f-section_2").click();
  // Typed (real key events) and left at once, before the autosave runs.
  await page.keyboard.type("Chưa kịp lưu: sửa đổi mức đóng BHYT hộ gia đình.");
  const local = await page.evaluate(
    (key) => localStorage.getItem(key),
    `bao-cao:${reportPath.split("/").pop()}`,
  );
  assert.ok(local?.includes("Chưa kịp lưu"), "a local copy is kept until the server confirms");
  const dialog = new Promise((resolve) => page.once("dialog", resolve));
  await page.close({ runBeforeUnload: true });
  const shown = await dialog;
  assert.equal(shown.type(), "beforeunload");
  await shown.dismiss(); // stay on the page
  // The page is still there, with the text; now close it for real without saving.
  assert.equal(await page.inputValue("#f-section_2"), "Chưa kịp lưu: sửa đổi mức đóng BHYT hộ gia đình.");
  const context = page.context();
  await page.close(); // without running beforeunload: the tab is gone, nothing saved

  // A new tab on the same machine: the unsaved text is put back and saved.
  page = await context.newPage();
  const restoredSave = nextSave(page);
  await open(page, reportPath);
  await restoredSave;
  assert.equal(await page.inputValue("#f-section_2"), "Chưa kịp lưu: sửa đổi mức đóng BHYT hộ gia đình.");
  await page.reload({ waitUntil: "load" });
  assert.equal(await page.inputValue("#f-section_2"), "Chưa kịp lưu: sửa đổi mức đóng BHYT hộ gia đình.");
});

test("two tabs: the stale tab's submit shows both texts and submits nothing", async () => {
  const context = page.context();
  const tabB = await context.newPage();
  await open(tabB, reportPath); // opened now, so it holds the current revision
  const tabBSection6 = await tabB.inputValue("#f-section_6");
  await open(page, reportPath);
  const newer = "Bản mới hơn của tab A: đã hoàn thành số hóa hồ sơ BHYT.";
  const saved = nextSave(page);
  await page.fill("#f-section_6", newer);
  await saved;
  // Tab B never saw that save; it submits its own older text.
  await tabB.fill("#f-section_7", "Tab B: ý kiến riêng, chưa thấy bản của tab A.");
  await Promise.all([tabB.waitForLoadState("load"), tabB.click('button:has-text("Nộp báo cáo")')]);
  await tabB.locator("#conflict").waitFor();
  const conflict = await tabB.locator("#conflict").textContent();
  assert.match(conflict, /chưa được nộp/);
  assert.ok(conflict.includes(newer), "the newer saved text is shown");
  assert.ok(conflict.includes("Tab B: ý kiến riêng"), "the stale tab's own text is shown");
  assert.equal(await tabB.inputValue("#f-section_7"), "Tab B: ý kiến riêng, chưa thấy bản của tab A.");
  assert.equal(await tabB.inputValue("#f-section_6"), tabBSection6, "tab B's form still holds its own text");
  // Nothing was submitted, and tab A's text is still the draft.
  const status = await (
    await tabB.request.get(`${baseUrl}/api${reportPath.replace("/bao-cao", "/obligations")}`)
  ).json();
  assert.equal(status.version?.versionNo ?? null, null);
  assert.equal(status.draft.values.section_6, newer);
  await tabB.close();
});

test("Vietnamese numbers: decimal comma and dot-grouped thousands are accepted and shown the same way", async () => {
  await open(page, reportPath);
  for (let i = 1; i <= 7; i++) {
    await page.fill(`#f-section_${i}`, `Kết quả thực hiện mục ${i}.`);
  }
  await page.check("#f-plan_issued-yes");
  await page.fill("#f-plan_issued-documentRef", "21-KH/TU");
  await page.check("#f-inspection_done-no");
  await page.fill("#f-dissemination_sessions", "4");
  await page.fill("#f-population", "1.200.000");
  await page.fill("#f-insured_people", "1.146.000");
  await page.fill("#f-coverage_pct", "95,5");
  // The last save of all that typing reports nothing left to fix.
  await page.locator("#autosave-status", { hasText: /^Đã lưu lúc \d{2}:\d{2}$/ }).waitFor();
  await Promise.all([page.waitForURL(/\/bien-nhan$/), page.click('button:has-text("Nộp báo cáo")')]);
  assert.equal((await page.locator("h1").textContent()).trim(), "Đã nộp báo cáo");
  await open(page, reportPath);
  const shown = await page.locator("main").textContent();
  assert.match(shown, /1\.200\.000 người/);
  assert.match(shown, /1\.146\.000 người/);
  assert.match(shown, /95,5 %/);
  assert.deepEqual(
    pageProblems(page).filter((p) => !p.includes("favicon")),
    [],
  );
});
