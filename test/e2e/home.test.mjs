// The landing page shows what is in the system, read from D1 (the demo data is loaded).
import assert from "node:assert/strict";
import { test } from "node:test";
import { newPage, open } from "./helpers.mjs";

test("home page shows the counts of the loaded demo data", async () => {
  const page = await newPage();
  await open(page, "/");
  const stats = await page.$$eval(".card", (cards) =>
    Object.fromEntries(
      cards.map((c) => {
        const n = c.querySelector(".stat")?.textContent.trim() ?? "";
        return [c.textContent.replace(n, "").trim(), n];
      }),
    ),
  );
  for (const label of ["chỉ thị", "tổ chức", "kỳ báo cáo đang mở"]) {
    assert.match(
      stats[label] ?? "",
      /^\d+$/,
      `stat "${label}" missing or not a number: ${JSON.stringify(stats)}`,
    );
  }
  // Directive 52, the organisation tree and the reporting periods are loaded by POST /dev/seed.
  assert.ok(Number(stats["chỉ thị"]) >= 1);
  assert.ok(Number(stats["tổ chức"]) > 1);
  // The demo opens the current periods of both schedules.
  assert.ok(Number(stats["kỳ báo cáo đang mở"]) >= 2);
});
