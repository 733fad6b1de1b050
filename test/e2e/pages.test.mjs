// Checks every page must pass: Vietnamese, accessible (axe), usable on a phone, keyboard focus
// visible, loads without errors and without inline code (so a strict CSP can forbid it).
// Add a page by adding a line to PAGES; journeys go in their own files.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
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
} from "./helpers.mjs";

const PAGES = [
  { name: "home", path: "/" },
  { name: "dev", path: "/dev" },
];

// Letters only Vietnamese uses (plus ones it shares); a page without any is not in Vietnamese.
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

for (const p of PAGES) {
  describe(`${p.name} (${p.path})`, () => {
    test("is in Vietnamese: lang=vi, UTF-8, Vietnamese title and heading, no placeholder text", async () => {
      const page = await newPage();
      await open(page, p.path);
      const info = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        charset: document.characterSet,
        title: document.title,
        h1: [...document.querySelectorAll("h1")].map((h) => h.textContent.trim()),
        text: document.body.innerText,
      }));
      assert.equal(info.lang, "vi");
      assert.equal(info.charset, "UTF-8");
      assert.match(info.title, VIETNAMESE);
      assert.equal(info.h1.length, 1, `expected one h1, found ${JSON.stringify(info.h1)}`);
      assert.match(info.h1[0], VIETNAMESE);
      assert.doesNotMatch(info.text, /\bundefined\b|\bNaN\b|\[object Object\]|\bnull\b/);
      await screenshot(page, `${p.name}-desktop`);
    });

    test("has no serious or critical accessibility violations (desktop and phone)", async () => {
      const desktop = await newPage();
      await open(desktop, p.path);
      await checkA11y(desktop);
      const phone = await newPage({ viewport: PHONE });
      await open(phone, p.path);
      await checkA11y(phone);
    });

    test("is usable at a 375x812 phone viewport: no horizontal scroll", async () => {
      const page = await newPage({ viewport: PHONE });
      await open(page, p.path);
      const viewportMeta = await page.getAttribute('meta[name="viewport"]', "content");
      assert.match(viewportMeta ?? "", /width=device-width/);
      await assertNoHorizontalScroll(page);
      await screenshot(page, `${p.name}-phone`);
    });

    test("shows a visible focus indicator on every element reached with Tab", async () => {
      const page = await newPage();
      await open(page, p.path);
      const stops = await assertFocusVisible(page);
      // The focused element must also be scrolled into view; screenshot the first stop.
      await page.evaluate(() => document.activeElement?.blur());
      await page.keyboard.press("Tab");
      await screenshot(page, `${p.name}-focus`);
      assert.ok(stops.length >= 1);
    });

    test("loads with no console errors, failed requests or inline code", async () => {
      const page = await newPage();
      await open(page, p.path);
      await page.waitForLoadState("networkidle");
      assert.deepEqual(pageProblems(page), []);
      const inline = await page.evaluate(() => ({
        scripts: [...document.scripts].filter((s) => !s.src).length,
        styleElements: document.querySelectorAll("style").length,
        styleAttributes: document.querySelectorAll("[style]").length,
        handlers: [...document.querySelectorAll("*")].filter((el) =>
          [...el.attributes].some((a) => a.name.startsWith("on")),
        ).length,
        external: [...document.querySelectorAll("script[src], link[href]")]
          .map((el) => new URL(el.src || el.href, location.href).origin)
          .filter((o) => o !== location.origin),
      }));
      assert.deepEqual(inline, {
        scripts: 0,
        styleElements: 0,
        styleAttributes: 0,
        handlers: 0,
        external: [],
      });
      assert.ok(page.url().startsWith(baseUrl));
    });
  });
}
