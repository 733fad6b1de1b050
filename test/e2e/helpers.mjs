// Each test file runs in its own process, so each file gets its own Chromium; each newPage()
// gets its own browser context (own cookies), so one test can act as several people.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { after } from "node:test";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "../..");

/** The Worker under test. scripts/e2e.mjs sets it; by hand, point it at `npm start` (port 8787). */
export const baseUrl = (process.env.E2E_BASE_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 800 };

let browserPromise;

/** The file's Chromium, started on first use. Throws (never skips) when it cannot start. */
export function browser() {
  browserPromise ??= (async () => {
    if (!fs.existsSync(CHROMIUM_PATH)) {
      throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium)`);
    }
    try {
      // launch() gives Chromium a fresh temporary --user-data-dir and deletes it on close.
      return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    } catch (err) {
      throw new Error(`Chromium failed to start: ${err.message}`);
    }
  })();
  return browserPromise;
}

after(async () => {
  if (browserPromise) await (await browserPromise.catch(() => null))?.close();
});

const problemsByPage = new WeakMap();

/**
 * A fresh page in a fresh browser context (its own cookies), at `viewport` (default DESKTOP).
 * Console errors, uncaught page errors, failed requests and 4xx/5xx sub-resources are
 * recorded; read them with pageProblems(page).
 */
export async function newPage({ viewport = DESKTOP, ...contextOptions } = {}) {
  const context = await (await browser()).newContext({
    viewport,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    ...contextOptions,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  problemsByPage.set(page, problems);
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => {
    const error = req.failure()?.errorText ?? "?";
    // The browser drops a favicon fetch still in flight when the page navigates on: not a fault.
    if (error === "net::ERR_ABORTED" && /\/favicon\.(svg|ico)$/.test(new URL(req.url()).pathname)) return;
    problems.push(`request failed: ${req.url()} (${error})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== "document") {
      problems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  return page;
}

/** Everything that went wrong in the page since newPage() (see newPage). */
export function pageProblems(page) {
  return [...(problemsByPage.get(page) ?? [])];
}

/** Opens a path of the Worker and asserts an HTML 200 answer. Returns the response. */
export async function open(page, pathname) {
  const res = await page.goto(`${baseUrl}${pathname}`, { waitUntil: "load" });
  assert.ok(res, `no response for ${pathname}`);
  assert.equal(res.status(), 200, `GET ${pathname} answered ${res.status()}`);
  assert.match(res.headers()["content-type"] ?? "", /^text\/html/, `GET ${pathname} is not HTML`);
  return res;
}

/** fetch() against the Worker, JSON in and out; throws on a non-2xx answer. */
export async function api(pathname, { method = "GET", body } = {}) {
  const res = await fetch(`${baseUrl}${pathname}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Moves the Worker's simulated clock (global to the Worker: test files run one at a time).
 * setClock("2026-12-22T02:00:00Z") or setClock({ offsetHours: 48 }); setClock({ offsetHours: 0 })
 * goes back to the real time. Returns { ok, now, offsetMs }.
 */
export function setClock(at) {
  return api("/dev/clock", { method: "POST", body: typeof at === "string" ? { at } : at });
}

/**
 * The simulated instant the demo data is loaded at (09:00 Tuesday 24/11/2026 in Hà Nội), so
 * every run sees the same periods, deadlines and late units whatever the real date.
 */
export const E2E_NOW = "2026-11-24T02:00:00Z";

/** Puts the simulated clock back to E2E_NOW (call it in `after()` of a file that moves it). */
export function resetClock() {
  return setClock(E2E_NOW);
}

/** Starts an engine tick now (POST /dev/tick). The work runs in a Workflow: poll for its effects. */
export function tick() {
  return api("/dev/tick", { method: "POST", body: {} });
}

/** Starts an engine tick and waits until its Workflow has finished; returns its counts. */
export async function tickAndWait({ timeoutMs = 60_000 } = {}) {
  const { instanceId } = await tick();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await api(`/dev/api/tick/${instanceId}`).catch(() => null);
    if (row?.finishedAt) return row;
    if (Date.now() > deadline) throw new Error(`tick ${instanceId} did not finish in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Saves a full-page PNG to test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  const dir = path.join(root, "test-results/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^a-zA-Z0-9._-]+/g, "-")}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs axe-core in the page (WCAG 2.0/2.1/2.2 A and AA rules plus best practices) and fails on
 * serious or critical violations, printing each with its elements. Returns axe's full result.
 * `exclude`: CSS selectors to leave out; `rules`: axe rule overrides, e.g. { "color-contrast": { enabled: false } }.
 */
export async function checkA11y(page, { exclude = [], rules = {} } = {}) {
  const loaded = await page.evaluate(() => typeof window.axe === "object");
  // page.evaluate is not subject to the page's CSP (script-src 'self'), unlike a script tag.
  if (!loaded) await page.evaluate(fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const results = await page.evaluate(
    async ({ exclude, rules }) =>
      window.axe.run(
        { include: [document], exclude: exclude.map((s) => [s]) },
        {
          runOnly: {
            type: "tag",
            values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
          },
          rules,
          resultTypes: ["violations"],
        },
      ),
    { exclude, rules },
  );
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length > 0) {
    const report = bad
      .map(
        (v) =>
          `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
          v.nodes
            .map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary.replace(/\n/g, "\n      ")}`)
            .join("\n"),
      )
      .join("\n");
    console.log(`axe violations on ${page.url()}:\n${report}`);
    assert.fail(`${bad.length} serious/critical accessibility violation(s) on ${page.url()}:\n${report}`);
  }
  return results;
}

/** Asserts the page does not scroll sideways (use at the PHONE viewport). */
export async function assertNoHorizontalScroll(page) {
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    wide: [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ""}`),
  }));
  assert.ok(
    m.scrollWidth <= m.clientWidth,
    `page is ${m.scrollWidth}px wide in a ${m.clientWidth}px viewport; too wide: ${m.wide.join(", ")}`,
  );
}

/**
 * Presses Tab through the page (up to `max` stops) and asserts every focused element shows a
 * visible focus indicator: an outline of at least 2px whose colour has a contrast of at least
 * `minContrast` (WCAG 1.4.11) against the background it is drawn on, or else a box-shadow.
 * Returns the stops.
 */
export async function assertFocusVisible(page, { max = 60, minContrast = 3 } = {}) {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const stops = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const s = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]) => {
        const lin = (v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      // The outline is drawn outside the element (outline-offset), over its parent's background.
      let bg = "rgb(255, 255, 255)";
      for (let a = el.parentElement; a; a = a.parentElement) {
        const c = getComputedStyle(a).backgroundColor;
        const parts = rgb(c);
        if (parts.length === 3 || (parts.length === 4 && parts[3] > 0)) {
          bg = c;
          break;
        }
      }
      const cs = getComputedStyle(el);
      const [l1, l2] = [luminance(rgb(cs.outlineColor)), luminance(rgb(bg))].sort((x, y) => y - x);
      return {
        key: el.outerHTML.slice(0, 120),
        label: `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 40)}"`,
        focusVisible: el.matches(":focus-visible"),
        outline: cs.outlineStyle !== "none" && Number.parseFloat(cs.outlineWidth) >= 2,
        outlineColor: cs.outlineColor,
        background: bg,
        contrast: (l1 + 0.05) / (l2 + 0.05),
        shadow: cs.boxShadow !== "none",
      };
    });
    if (!s || stops.some((p) => p.key === s.key)) break;
    stops.push(s);
    assert.ok(s.focusVisible, `${s.label} receives focus but does not match :focus-visible`);
    assert.ok(s.outline || s.shadow, `${s.label} has no visible focus indicator`);
    if (s.outline && !s.shadow) {
      assert.ok(
        s.contrast >= minContrast,
        `${s.label}: focus outline ${s.outlineColor} on ${s.background} has contrast ` +
          `${s.contrast.toFixed(2)}:1, below ${minContrast}:1`,
      );
    }
  }
  assert.ok(stops.length > 0, "no element can be reached with the Tab key");
  return stops;
}

/**
 * The local mailbox for one address, newest first, as
 * { id, to, subject, text, html, createdAt } (reads GET /dev/api/mailbox?to=...).
 */
export async function mailbox(to) {
  const body = await api(`/dev/api/mailbox?to=${encodeURIComponent(to)}`);
  const list = Array.isArray(body) ? body : (body?.messages ?? body?.items ?? body?.data ?? []);
  return list
    .map((m) => ({
      id: m.id,
      to: m.to ?? m.toAddress ?? m.to_address,
      subject: m.subject ?? "",
      text: m.text ?? "",
      html: m.html ?? "",
      createdAt: Number(m.createdAt ?? m.created_at ?? 0),
    }))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Waits (polling) until a mail for `to` arrives that is not in `seenIds` and whose subject
 * matches `subject` (string or RegExp), and returns it.
 */
export async function waitForMail(to, { seenIds = [], subject, timeoutMs = 20_000 } = {}) {
  const seen = new Set(seenIds);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailbox(to)).find(
      (m) =>
        !seen.has(m.id) &&
        (subject === undefined ||
          (subject instanceof RegExp ? subject.test(m.subject) : m.subject.includes(subject))),
    );
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no new mail for ${to} (subject ${subject ?? "any"})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Absolute http(s) links in a mail (text part first, then HTML), re-pointed at baseUrl. */
export function linksIn(mail) {
  const urls = `${mail.text}\n${mail.html}`.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
  return [...new Set(urls.map((u) => u.replace(/&amp;/g, "&")))].map((u) => {
    const url = new URL(u);
    return `${baseUrl}${url.pathname}${url.search}${url.hash}`;
  });
}

/**
 * Signs `page` in as `email`: asks for a link at /dang-nhap, reads the new mail from the local
 * mailbox, opens the link (which only shows a confirm page, so mail scanners cannot burn it)
 * and presses "Đăng nhập". Returns the page after the sign-in.
 */
export async function signIn(page, email) {
  // The journeys run at one fixed simulated instant, so the sign-in rate limit's window never
  // moves on: start each sign-in with clean counters (a development-only endpoint).
  await api("/dev/rate-limits/reset", { method: "POST", body: {} });
  const seenIds = (await mailbox(email)).map((m) => m.id);
  await open(page, "/dang-nhap");
  await page.locator('input[type="email"], input[name="email"]').first().fill(email);
  await page.locator('form button[type="submit"], form button:not([type])').first().click();
  await page.waitForLoadState("load");
  const mail = await waitForMail(email, { seenIds });
  const link = linksIn(mail).find((u) => new URL(u).pathname === "/dang-nhap/xac-nhan");
  assert.ok(link, `the sign-in mail for ${email} has no /dang-nhap/xac-nhan link:\n${mail.text}`);
  await open(page, link.slice(baseUrl.length));
  await page
    .locator('main form[action="/dang-nhap/xac-nhan"]')
    .getByRole("button", { name: "Đăng nhập" })
    .click();
  await page.waitForLoadState("load");
  assert.notEqual(new URL(page.url()).pathname, "/dang-nhap/xac-nhan", `signing in ${email} failed`);
  return page;
}
