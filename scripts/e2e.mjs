// `npm run test:e2e`: the real-browser end-to-end suite.
// 1. applies the migrations to a fresh local D1 in a temporary directory, 2. starts its own
// `wrangler dev` on a free port (so it never touches `npm start`'s data or port), 3. loads the
// demo data, 4. runs test/e2e/*.test.mjs with node:test, one file at a time (the simulated clock
// is global to the Worker), 5. always stops wrangler, and exits non-zero on any failure.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { run } from "node:test";
import { spec } from "node:test/reporters";
import { wranglerDevArgs } from "./wrangler-dev.mjs";

const root = path.resolve(import.meta.dirname, "..");
const wrangler = path.join(root, "node_modules/.bin/wrangler");
const testDir = path.join(root, "test/e2e");
const resultsDir = path.join(root, "test-results");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-"));
const persistDir = path.join(workDir, "state");
const logPath = path.join(workDir, "wrangler.log");
const filters = process.argv.slice(2);
const childEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1" };

/** A port the OS says is free right now (wrangler binds it moments later). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

let dev;
let devExited = false;

function stopWrangler() {
  if (!dev || devExited) return;
  // wrangler starts workerd as a child: kill the whole process group we created.
  try {
    process.kill(-dev.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

function wranglerLogTail(lines = 60) {
  try {
    return fs.readFileSync(logPath, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no wrangler log)";
  }
}

async function cleanup() {
  if (dev && !devExited) {
    const exited = new Promise((r) => dev.once("exit", r));
    stopWrangler();
    const timer = new Promise((r) => setTimeout(r, 5_000));
    if ((await Promise.race([exited.then(() => "exited"), timer])) !== "exited") {
      try {
        process.kill(-dev.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  // The state directory is throwaway; keep it only when asked, for debugging.
  if (!process.env.E2E_KEEP) fs.rmSync(workDir, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await cleanup();
    process.exit(130);
  });
}
process.on("exit", stopWrangler);

async function waitForHealth(base) {
  const deadline = Date.now() + 120_000;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (devExited) throw new Error(`wrangler dev exited before /healthz answered\n${wranglerLogTail()}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
      if (res.status === 503) break;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the Worker did not become healthy (${last})\n${wranglerLogTail()}`);
}

async function main() {
  const files = fs
    .readdirSync(testDir)
    .filter((f) => f.endsWith(".test.mjs"))
    // `npm run test:e2e -- pages dev` runs only the files whose names contain one of the words.
    .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
    .sort()
    .map((f) => path.join(testDir, f));
  if (files.length === 0) throw new Error(`no test files in ${testDir} match ${filters.join(" ") || "*"}`);

  console.log("e2e: applying migrations to a fresh local D1…");
  const migrate = spawnSync(
    wrangler,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir],
    { cwd: root, env: childEnv, encoding: "utf8" },
  );
  if (migrate.status !== 0) {
    throw new Error(`wrangler d1 migrations apply failed\n${migrate.stdout}\n${migrate.stderr}`);
  }

  const port = await freePort();
  const inspectorPort = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(`e2e: starting wrangler dev on ${base} (log: ${logPath})…`);
  const log = fs.openSync(logPath, "a");
  dev = spawn(
    wrangler,
    wranglerDevArgs(port, ["--inspector-port", String(inspectorPort), "--persist-to", persistDir]),
    { cwd: root, env: childEnv, stdio: ["ignore", log, log], detached: true },
  );
  dev.on("exit", () => {
    devExited = true;
  });

  await waitForHealth(base);
  // Demo data is loaded at a fixed simulated instant (E2E_NOW in test/e2e/helpers.mjs) so
  // every run sees the same periods and deadlines whatever the real date.
  const clock = await fetch(`${base}/dev/clock`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ at: "2026-11-24T02:00:00Z" }),
  });
  if (!clock.ok) throw new Error(`POST /dev/clock failed: ${clock.status} ${await clock.text()}`);
  const seed = await fetch(`${base}/dev/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (!seed.ok) throw new Error(`POST /dev/seed failed: ${seed.status} ${await seed.text()}`);

  fs.mkdirSync(path.join(resultsDir, "screenshots"), { recursive: true });
  // Test files run in child processes that inherit this environment.
  process.env.E2E_BASE_URL = base;
  console.log(`e2e: running ${files.length} file(s)…\n`);

  let passed = 0;
  let failed = 0;
  const stream = run({ files, concurrency: 1, timeout: 180_000 });
  stream.on("test:pass", (e) => {
    if (e.details?.type !== "suite" && !e.skip && !e.todo) passed++;
  });
  stream.on("test:fail", (e) => {
    if (e.details?.type !== "suite") failed++;
  });
  stream.on("test:summary", (e) => {
    // The per-run summary (file: undefined) counts skipped/todo: none are allowed.
    if (e.file === undefined && (e.counts.skipped > 0 || e.counts.todo > 0)) {
      console.error(`e2e: ${e.counts.skipped} skipped and ${e.counts.todo} todo tests are not allowed`);
      failed += e.counts.skipped + e.counts.todo;
    }
  });
  const out = stream.compose(spec);
  out.pipe(process.stdout);
  await finished(out);

  console.log(`\ne2e: ${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) {
    if (process.env.E2E_VERBOSE) console.log(`\n--- wrangler log (tail) ---\n${wranglerLogTail()}`);
    return 1;
  }
  return 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`\n✗ e2e: ${err.message}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
