// CSS, the report form's script and the favicon are Workers Static Assets (public/): served by
// wrangler's asset router without running the Worker, with their headers from public/_headers.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { baseUrl, newPage, open } from "./helpers.mjs";

const publicDir = path.resolve(import.meta.dirname, "../../public");
const SECURITY_HEADERS = [
  "content-security-policy",
  "x-content-type-options",
  "referrer-policy",
  "x-frame-options",
  "cross-origin-opener-policy",
  "permissions-policy",
];

const ASSETS = [
  ["/assets/app.css", /^text\/css/],
  ["/assets/giam-sat.css", /^text\/css/],
  ["/assets/report.css", /^text\/css/],
  ["/assets/review.css", /^text\/css/],
  ["/assets/report-form.js", /javascript/],
  ["/favicon.svg", /^image\/svg\+xml/],
  ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)/],
];

test("every asset is served from public/ with its type, cache lifetime and the Worker's security headers", async () => {
  // The Worker's own answer is the reference: the assets must not be weaker than the pages.
  const worker = await fetch(`${baseUrl}/healthz`);
  assert.equal(worker.status, 200);
  for (const [urlPath, type] of ASSETS) {
    const res = await fetch(`${baseUrl}${urlPath}`);
    assert.equal(res.status, 200, urlPath);
    assert.match(res.headers.get("content-type") ?? "", type, urlPath);
    assert.match(res.headers.get("cache-control") ?? "", /^public, max-age=\d+/, urlPath);
    for (const name of SECURITY_HEADERS) {
      assert.equal(res.headers.get(name), worker.headers.get(name), `${urlPath} ${name}`);
    }
    const body = Buffer.from(await res.arrayBuffer());
    assert.deepEqual(body, fs.readFileSync(path.join(publicDir, urlPath)), urlPath);
  }
});

test("the router's own files are not served, and a missing asset falls through to the Worker's 404", async () => {
  const headers = await fetch(`${baseUrl}/_headers`);
  assert.equal(headers.status, 404);
  assert.doesNotMatch(await headers.text(), /Content-Security-Policy/);
  const missing = await fetch(`${baseUrl}/assets/nope.css`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "not_found");
});

test("pages link the stylesheet and the favicon, and the browser applies the stylesheet", async () => {
  const page = await newPage();
  await open(page, "/dang-nhap");
  const icons = await page.locator('link[rel="icon"]').evaluateAll((links) => links.map((l) => l.href));
  assert.deepEqual(icons.map((h) => new URL(h).pathname).sort(), ["/favicon.ico", "/favicon.svg"]);
  // app.css paints the header in the accent red (#b00020); unstyled it would be transparent.
  const background = await page.locator("header").evaluate((h) => getComputedStyle(h).backgroundColor);
  assert.equal(background, "rgb(176, 0, 32)");
  await page.context().close();
});
