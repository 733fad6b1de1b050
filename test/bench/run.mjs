// `npm run bench`: benchmarks at national scale (issue 9). For each size in BENCH_SIZES
// (default 1000,10000,60000 organisations) it generates the synthetic tree
// (src/demo/synthetic.ts), loads it into a fresh local D1 with wrangler, starts `wrangler dev`
// on it, measures each product path over HTTP and, where a path is one SQL statement, the
// same SQL text run directly on the same SQLite file with node:sqlite (the floor). It also
// measures the Worker bundle and startup. Everything runs on 127.0.0.1; wrangler is killed at
// the end even on failure. Prints a table and writes bench-results/<timestamp>.json.
//
// Adding a path = adding one entry to PATHS below: either `http` + `sql` (a query with a floor)
// or `run(ctx)` returning { metrics } for anything else (engine tick, period opening, ...).
//
// Env: BENCH_SIZES, BENCH_PATHS (comma-separated path ids, e.g. `digest.send`; default all),
// BENCH_REQUESTS (timed requests per path, default 40), BENCH_WARMUP (5),
// BENCH_KEEP=1 keeps the temporary databases, BENCH_SUBMIT_REQUESTS (2,000), BENCH_SUBMIT_CLIENTS
// (50), BENCH_SUBMIT_SECONDS (60).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

const repo = path.resolve(import.meta.dirname, "../..");
const wrangler = path.join(repo, "node_modules/.bin/wrangler");
const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,60000").split(",").map((s) => Number(s.trim()));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const KEEP = process.env.BENCH_KEEP === "1";
/** Only these path ids (BENCH_PATHS), or every path. */
const ONLY = process.env.BENCH_PATHS
  ? new Set(process.env.BENCH_PATHS.split(",").map((s) => s.trim()))
  : null;
const SUBMIT_REQUESTS = Number(process.env.BENCH_SUBMIT_REQUESTS ?? 2_000);
const SUBMIT_CLIENTS = Number(process.env.BENCH_SUBMIT_CLIENTS ?? 50);
const SUBMIT_SECONDS = Number(process.env.BENCH_SUBMIT_SECONDS ?? 60);
/** Share of the submission requests that repeat an obligation already in the run (double submits). */
const SUBMIT_DUPLICATE_SHARE = 0.1;
/** Each .sql file handed to `wrangler d1 execute` stays under this size (85 MB in one file works, but slowly). */
const SQL_FILE_BYTES = 32 * 1024 * 1024;
const childEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1" };

const TARGETS = {
  dashboardRatio: 2, // dashboard within 2x of the raw-SQLite floor at 60,000 organisations
  pageP95Ms: 200, // every page p95 under 200 ms locally at national scale
  bundleGzipKb: 300, // Worker bundle under 300 KB gzip
};

// ---- the table of paths ---------------------------------------------------------------------
/** @typedef {{ rootId: string, provinceId: string, communeId: string, closedPeriodId: string, openPeriodId: string, searchTerm: string }} Refs */
const PATHS = [
  {
    // No floor: the fixed cost of one request through wrangler dev (routing, config, the clock read).
    id: "http.healthz",
    label: "GET /healthz (per-request overhead of the local Worker)",
    run: async (ctx) => {
      const url = `${ctx.base}/healthz`;
      for (let i = 0; i < WARMUP; i++) await timedFetch(url);
      const samples = [];
      for (let i = 0; i < REQUESTS; i++) samples.push((await timedFetch(url)).ms);
      return { rows: 1, worker: stats(samples), floor: null, ratioP50: null, ratioP95: null };
    },
    target: "page",
  },
  {
    id: "rollup.country",
    label: "Rollup by child, whole country (open period)",
    http: (r) => `/dev/bench/rollup?root=${r.rootId}&period=${r.openPeriodId}`,
    sql: (lib, r) => lib.rollupByChildSql(r.rootId, r.openPeriodId),
    target: "dashboard",
  },
  {
    id: "rollup.province",
    label: "Rollup by child, one province (open period)",
    http: (r) => `/dev/bench/rollup?root=${r.provinceId}&period=${r.openPeriodId}`,
    sql: (lib, r) => lib.rollupByChildSql(r.provinceId, r.openPeriodId),
    target: "dashboard",
  },
  {
    id: "tree.children.root",
    label: "Tree: children of the root",
    http: (r) => `/dev/bench/children?parent=${r.rootId}`,
    sql: (lib, r) => lib.childrenSql(r.rootId),
    target: "page",
  },
  {
    id: "tree.children.province",
    label: "Tree: children of a province",
    http: (r) => `/dev/bench/children?parent=${r.provinceId}`,
    sql: (lib, r) => lib.childrenSql(r.provinceId),
    target: "page",
  },
  {
    id: "tree.search",
    label: "Tree: name search (LIKE %term%)",
    http: (r) => `/dev/bench/search?q=${encodeURIComponent(r.searchTerm)}`,
    sql: (lib, r) => lib.searchOrganisationsSql(r.searchTerm),
    target: "page",
  },
  // Placeholders: each becomes a real entry (http+sql or run) when its path lands.
  { id: "dashboard.page", label: "Dashboard page (rendered, country and province)", pending: true },
  {
    id: "engine.tick",
    label:
      "Engine tick: 60,000 open obligations, ~10,000 due (wall time, D1 statements, rows read, provider calls)",
    run: (ctx) => measureTick(ctx),
    target: "engine",
  },
  {
    id: "period.open",
    label: "Open a period for 60,000 organisations (Workflow wall time), then re-run it",
    run: (ctx) => measurePeriodOpen(ctx),
    target: "engine",
  },
  {
    id: "digest.send",
    label:
      "Weekly digest build + send for 2,000 recipients (Workflow wall time, provider calls), then re-run",
    run: (ctx) => measureDigest(ctx),
    target: "engine",
  },
  {
    id: "report.submit",
    label: "Report submission under load: 50 concurrent API clients (p50/p99, zero errors, zero lost)",
    run: (ctx) => measureSubmit(ctx),
    target: "engine",
  },
];

// ---- helpers --------------------------------------------------------------------------------
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (x) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    n: sorted.length,
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    max: r(sorted.at(-1)),
  };
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(cmd, args, { timeoutMs, label }) {
  const t0 = performance.now();
  const res = spawnSync(cmd, args, {
    cwd: repo,
    env: childEnv,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t0;
  if (res.status !== 0) {
    throw new Error(
      `${label} failed (${res.status ?? res.signal}):\n${(res.stderr || res.stdout || "").slice(-2000)}`,
    );
  }
  return { ms, stdout: res.stdout };
}

/** Compiles the TypeScript the bench needs (generator, SQL) into plain ESM with esbuild. */
async function loadLib(outdir) {
  const { build } = await import("esbuild");
  await build({
    entryPoints: {
      synthetic: path.join(repo, "src/demo/synthetic.ts"),
      sql: path.join(repo, "src/db/rollup-sql.ts"),
    },
    bundle: true,
    format: "esm",
    platform: "neutral",
    outdir,
    outExtension: { ".js": ".mjs" },
    logLevel: "warning",
  });
  const synthetic = await import(path.join(outdir, "synthetic.mjs"));
  const sql = await import(path.join(outdir, "sql.mjs"));
  return { ...synthetic, ...sql };
}

/**
 * A fake Resend on loopback: counts calls and messages on POST /emails/batch (and /emails) and
 * answers like Resend. The Worker is pointed at it with RESEND_BASE_URL / EMAIL_TRANSPORT=resend.
 */
async function startFakeResend() {
  const counters = { calls: 0, batchCalls: 0, messages: 0, idempotencyKeys: 0, badRequests: 0 };
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      counters.calls += 1;
      const reply = (status, body) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.headers["idempotency-key"]) counters.idempotencyKeys += 1;
      if (req.method !== "POST" || !String(req.headers.authorization ?? "").startsWith("Bearer ")) {
        counters.badRequests += 1;
        return reply(401, { statusCode: 401, name: "missing_api_key", message: "Missing API key" });
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        counters.badRequests += 1;
        return reply(400, { statusCode: 400, name: "validation_error", message: "Invalid JSON" });
      }
      if (req.url === "/emails/batch" && Array.isArray(body) && body.length <= 100) {
        counters.batchCalls += 1;
        counters.messages += body.length;
        return reply(200, { data: body.map(() => ({ id: `fake-${++seq}` })) });
      }
      if (req.url === "/emails" && body && !Array.isArray(body)) {
        counters.messages += 1;
        return reply(200, { id: `fake-${++seq}` });
      }
      counters.badRequests += 1;
      return reply(422, { statusCode: 422, name: "validation_error", message: "Unexpected request" });
    });
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    counters,
    reset: () => {
      for (const k of Object.keys(counters)) counters[k] = 0;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Worker bundle size (minified, and gzip of that) from `wrangler deploy --dry-run`. */
function measureBundle(tmp) {
  const outdir = path.join(tmp, "bundle");
  const { stdout } = run(wrangler, ["deploy", "--dry-run", "--minify", "--outdir", outdir], {
    timeoutMs: 120_000,
    label: "wrangler deploy --dry-run",
  });
  let bytes = 0;
  let gzip = 0;
  const files = [];
  for (const name of readdirSync(outdir, { recursive: true })) {
    const file = path.join(outdir, name);
    if (!statSync(file).isFile() || name.endsWith(".map") || name.endsWith(".json")) continue;
    const content = readFileSync(file);
    bytes += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
    files.push(name);
  }
  const reported = stdout.match(/Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/);
  return {
    files,
    minifiedKb: Math.round(bytes / 10.24) / 100,
    gzipKb: Math.round(gzip / 10.24) / 100,
    wranglerReported: reported ? { totalKiB: Number(reported[1]), gzipKiB: Number(reported[2]) } : null,
  };
}

function writeSqlFiles(lib, data, dir) {
  const statements = lib.toSqlStatements(data.tables);
  const files = [];
  let parts = [];
  let size = 0;
  const flush = () => {
    if (parts.length === 0) return;
    const file = path.join(dir, `data-${String(files.length).padStart(2, "0")}.sql`);
    writeFileSync(file, parts.join(""));
    files.push(file);
    parts = [];
    size = 0;
  };
  for (const s of statements) {
    if (size + s.length * 3 > SQL_FILE_BYTES) flush();
    parts.push(s);
    size += s.length * 3; // upper bound of UTF-8 bytes
  }
  flush();
  return { files, statements: statements.length };
}

function findD1File(persist) {
  const dir = path.join(persist, "v3/d1/miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error(`no D1 sqlite file under ${dir}`);
  return path.join(dir, file);
}

const children = new Set();
function killAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, "SIGTERM"); // the whole group: wrangler and its workerd
    } catch {
      // already gone
    }
  }
}
process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

async function startWorker(persist, fake) {
  const port = await freePort();
  const inspector = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(
    wrangler,
    [
      "dev",
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--inspector-port",
      String(inspector),
      "--persist-to",
      persist,
      "--show-interactive-dev-session=false",
      "--var",
      `RESEND_BASE_URL:${fake.url}`,
      "--var",
      "EMAIL_TRANSPORT:resend",
      "--var",
      "RESEND_API_KEY:re_bench_dummy_key",
      "--var",
      "APP_ENV:development",
      "--var",
      "BENCH_COUNT_D1:1",
    ],
    { cwd: repo, env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  children.add(child);
  let log = "";
  child.stdout.on("data", (d) => {
    log = (log + d).slice(-4000);
  });
  child.stderr.on("data", (d) => {
    log = (log + d).slice(-4000);
  });
  let exited = null;
  child.on("exit", (code) => {
    exited = code;
  });
  const stop = async () => {
    if (exited === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
      if (exited === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }
    }
    children.delete(child);
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`wrangler dev exited (${exited}):\n${log}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.status === 200) {
        const body = await res.json();
        return { base, stop, startupMs: performance.now() - t0, health: body };
      }
      await res.arrayBuffer();
      if (res.status === 503) throw new Error(`configuration invalid: ${log}`);
    } catch (err) {
      if (String(err.message).startsWith("configuration")) {
        await stop();
        throw err;
      }
    }
    await sleep(50);
  }
  await stop();
  throw new Error(`the Worker did not answer /healthz within 120 s:\n${log}`);
}

async function timedFetch(url) {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url} -> ${res.status}: ${body.slice(0, 300)}`);
  return { ms, body };
}

/** An HTTP path and its floor: the same SQL on the same SQLite file, in this process. */
async function measureQueryPath(entry, ctx) {
  const url = `${ctx.base}${entry.http(ctx.refs)}`;
  const query = entry.sql(ctx.lib, ctx.refs);
  const statement = ctx.sqlite.prepare(query.sql);
  // Same answer both ways, or the comparison means nothing.
  const viaWorker = JSON.parse((await timedFetch(url)).body).rows;
  const viaFloor = statement.all(...query.params).map((r) => ({ ...r }));
  if (JSON.stringify(viaWorker) !== JSON.stringify(viaFloor)) {
    throw new Error(
      `${entry.id}: Worker and floor disagree (${viaWorker.length} vs ${viaFloor.length} rows)`,
    );
  }
  for (let i = 0; i < WARMUP; i++) {
    await timedFetch(url);
    statement.all(...query.params);
  }
  const worker = [];
  const floor = [];
  for (let i = 0; i < REQUESTS; i++) {
    worker.push((await timedFetch(url)).ms);
    const t0 = performance.now();
    statement.all(...query.params);
    floor.push(performance.now() - t0);
  }
  const w = stats(worker);
  const f = stats(floor);
  const plan = ctx.sqlite
    .prepare(`explain query plan ${query.sql}`)
    .all(...query.params)
    .map((r) => r.detail);
  return {
    rows: viaFloor.length,
    worker: w,
    floor: f,
    ratioP50: f.p50 > 0 ? Math.round((w.p50 / f.p50) * 100) / 100 : null,
    ratioP95: f.p95 > 0 ? Math.round((w.p95 / f.p95) * 100) / 100 : null,
    plan,
  };
}

// ---- engine paths (Workflows): driven over HTTP, counted by the Worker's D1 wrapper ------------
const POLL_MS = 250;
const WORKFLOW_DEADLINE_MS = 30 * 60_000;

async function postJson(url, body = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${url} -> ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function getJson(url) {
  return JSON.parse((await timedFetch(url)).body);
}

async function d1Stats(ctx, label) {
  const { enabled, stats } = await getJson(`${ctx.base}/dev/bench/d1-stats`);
  if (!enabled) throw new Error("the Worker does not count D1 statements (BENCH_COUNT_D1)");
  return stats[label] ?? null;
}

/** Starts one tick (POST /dev/tick) and waits for its engine_ticks row to have finished_at. */
async function runOneTick(ctx) {
  const t0 = performance.now();
  const { instanceId } = await postJson(`${ctx.base}/dev/tick`);
  if (!instanceId) throw new Error("POST /dev/tick started no tick");
  const deadline = Date.now() + WORKFLOW_DEADLINE_MS;
  while (Date.now() < deadline) {
    const { rows } = await getJson(`${ctx.base}/dev/bench/ticks`);
    const row = rows.find((r) => r.id === instanceId);
    if (row?.error) throw new Error(`tick ${instanceId} failed: ${row.error}`);
    if (row?.finished_at) return { wallMs: Math.round(performance.now() - t0), row };
    await sleep(POLL_MS);
  }
  throw new Error(`tick ${instanceId} did not finish within ${WORKFLOW_DEADLINE_MS / 60_000} min`);
}

/**
 * The reminder tick on the generated ladder state: clock at the data's instant (a working
 * Monday, 09:00 in Vietnam), one tick, then more ticks only if the first could not plan every
 * due obligation (MAX_PAGES_PER_TICK x PLAN_PAGE_SIZE).
 */
async function measureTick(ctx) {
  const now = ctx.refs.now;
  const count = (sql, ...params) => ctx.sqlite.prepare(sql).get(...params).n;
  const dueBefore = count(
    "select count(*) as n from obligations where next_action_at is not null and next_action_at <= ?",
    now,
  );
  const clock = await postJson(`${ctx.base}/dev/clock`, { at: new Date(now).toISOString() });
  await postJson(`${ctx.base}/dev/bench/d1-stats/reset`);
  ctx.fake.reset();
  const first = await runOneTick(ctx);
  const d1 = await d1Stats(ctx, "tick");
  const provider = { ...ctx.fake.counters };
  const dueAfterFirst = count(
    "select count(*) as n from obligations where next_action_at is not null and next_action_at <= ?",
    now,
  );
  // Catch up with further ticks if one tick could not plan everything due.
  const more = [];
  let dueLeft = dueAfterFirst;
  while (dueLeft > 0 && more.length < 10) {
    const t = await runOneTick(ctx);
    more.push({ wallMs: t.wallMs, examined: t.row.obligations_examined, sent: t.row.notifications_sent });
    dueLeft = count(
      "select count(*) as n from obligations where next_action_at is not null and next_action_at <= ?",
      now,
    );
  }
  // The tick's notifications carry its "now" (= finished_at) as created_at.
  const ledger = Object.fromEntries(
    ctx.sqlite
      .prepare("select status, count(*) as n from notifications where created_at = ? group by status")
      .all(first.row.finished_at)
      .map((r) => [r.status, r.n]),
  );
  const chasedAfterSubmit = count(
    `select count(*) as n from notifications nt join obligations o on o.id = nt.obligation_id
     where nt.created_at = ? and nt.status = 'sent' and o.status not in ('pending','draft','returned')`,
    first.row.finished_at,
  );
  const examined = first.row.obligations_examined;
  const messages = provider.messages;
  return {
    clock: clock.now,
    dueBefore,
    wallMs: first.wallMs,
    examined,
    recorded: first.row.notifications_recorded,
    sent: first.row.notifications_sent,
    providerCalls: provider.calls,
    providerMessages: messages,
    providerCallsTarget: Math.ceil(messages / 100),
    providerBadRequests: provider.badRequests,
    ledgerThisTick: ledger,
    sentForSubmitted: chasedAfterSubmit,
    d1,
    perDueObligation: d1
      ? {
          statements: Math.round((d1.statements / Math.max(1, examined)) * 100) / 100,
          roundTrips: Math.round((d1.roundTrips / Math.max(1, examined)) * 100) / 100,
          rowsRead: Math.round((d1.rowsRead / Math.max(1, examined)) * 100) / 100,
        }
      : null,
    dueAfterFirstTick: dueAfterFirst,
    ticksToDrain: 1 + more.length,
    furtherTicks: more,
    dueLeft,
  };
}

async function waitForOpen(ctx, periodId, instanceId) {
  const deadline = Date.now() + WORKFLOW_DEADLINE_MS;
  while (Date.now() < deadline) {
    const state = await getJson(
      `${ctx.base}/dev/bench/open-period?period=${periodId}&instance=${instanceId}`,
    );
    if (state.instance.status === "complete") return state;
    if (["errored", "terminated"].includes(state.instance.status)) {
      throw new Error(
        `open-period ${instanceId}: ${state.instance.status} ${JSON.stringify(state.instance.error)}`,
      );
    }
    await sleep(POLL_MS);
  }
  throw new Error(`open-period ${instanceId} did not complete within ${WORKFLOW_DEADLINE_MS / 60_000} min`);
}

/** Opens a whole-tree period with the OpenPeriodWorkflow, then runs it again on the open period. */
async function measurePeriodOpen(ctx) {
  const periodId = "bench-open-2026-q3";
  const expected = ctx.sqlite
    .prepare(
      "select count(*) as n from organisations where kind in ('commune','grassroots') and closed_on is null",
    )
    .get().n;
  const runs = [];
  for (let i = 0; i < 2; i++) {
    await postJson(`${ctx.base}/dev/bench/d1-stats/reset`);
    const t0 = performance.now();
    const { instanceId } = await postJson(`${ctx.base}/dev/bench/open-period?period=${periodId}`);
    const state = await waitForOpen(ctx, periodId, instanceId);
    const wallMs = Math.round(performance.now() - t0);
    runs.push({
      wallMs,
      created: state.instance.output?.created ?? null,
      periodStatus: state.period.status,
      obligations: state.period.obligations,
      d1: await d1Stats(ctx, "open-period"),
    });
  }
  const dup = ctx.sqlite
    .prepare("select count(*) - count(distinct organisation_id) as n from obligations where period_id = ?")
    .get(periodId).n;
  return {
    expected,
    wallMs: runs[0].wallMs,
    created: runs[0].created,
    obligations: runs[0].obligations,
    d1: runs[0].d1,
    rerun: runs[1],
    duplicates: dup,
    ok:
      runs[0].obligations === expected &&
      runs[1].obligations === expected &&
      runs[1].created === 0 &&
      dup === 0,
  };
}

// ---- digests ------------------------------------------------------------------------------------
const DAY_MS = 86_400_000;

async function waitForDigest(ctx, query) {
  const deadline = Date.now() + WORKFLOW_DEADLINE_MS;
  while (Date.now() < deadline) {
    const { instance } = await getJson(`${ctx.base}/dev/bench/digest?${query}`);
    if (["complete", "absent"].includes(instance.status)) return instance;
    if (["errored", "terminated"].includes(instance.status)) {
      throw new Error(`digest ${instance.id}: ${instance.status} ${JSON.stringify(instance.error)}`);
    }
    await sleep(POLL_MS);
  }
  throw new Error(`digest (${query}) did not complete within ${WORKFLOW_DEADLINE_MS / 60_000} min`);
}

/**
 * The weekly compliance digest (2,000 recipients: DIGEST_RECIPIENTS in the synthetic data) one
 * week after the data's Monday, so it cannot meet the digests the tick bench's "start due
 * digests" step started at the data's instant (those are first waited for, so their sends do
 * not land in these counters). Run 1: the DigestWorkflow under the cron's instance id. Run 2: a
 * second instance for the same week (must render and send nothing). Both Workflows count their
 * D1 statements under "digest". Run 3: the same steps in one request (`runDigest`) for the
 * week after, also counted, without the Workflow's step persistence.
 */
async function measureDigest(ctx) {
  const kind = "weekly_compliance";
  // The digests the tick started at the data's instant (when the tick bench ran): how long
  // this bench still waited for each, and what they did.
  const tickDigests = {};
  for (const k of ["morning_deadlines", "weekly_compliance"]) {
    const t = performance.now();
    const instance = await waitForDigest(ctx, `kind=${k}&at=${ctx.refs.now}`);
    tickDigests[k] = {
      status: instance.status,
      waitedMs: Math.round(performance.now() - t),
      output: instance.output,
    };
  }
  const at = ctx.refs.now + 7 * DAY_MS;
  await postJson(`${ctx.base}/dev/clock`, { at: new Date(at).toISOString() });
  const ledger = (periodKey) =>
    ctx.sqlite
      .prepare(
        `select count(*) as n, count(distinct person_id) as people,
           sum(status = 'sent') as sent, sum(status not in ('sent')) as other
         from notifications where idempotency_key like ?`,
      )
      .get(`digest:${kind}:%:${periodKey}`);
  const per = (x, n) => (x === null || x === undefined ? null : Math.round((x / Math.max(1, n)) * 100) / 100);
  const perEmail = (d1, n) =>
    d1
      ? {
          statements: per(d1.statements, n),
          roundTrips: per(d1.roundTrips, n),
          rowsRead: per(d1.rowsRead, n),
        }
      : null;
  const runs = [];
  let periodKey = null;
  for (let i = 0; i < 2; i++) {
    await postJson(`${ctx.base}/dev/bench/d1-stats/reset`);
    ctx.fake.reset();
    const t0 = performance.now();
    const started = await postJson(`${ctx.base}/dev/bench/digest?kind=${kind}`);
    periodKey = started.periodKey;
    const instance = await waitForDigest(ctx, `instance=${started.instanceId}`);
    const wallMs = Math.round(performance.now() - t0);
    runs.push({
      instanceId: started.instanceId,
      wallMs,
      ...instance.output,
      providerCalls: ctx.fake.counters.calls,
      providerMessages: ctx.fake.counters.messages,
      providerBadRequests: ctx.fake.counters.badRequests,
      d1: await d1Stats(ctx, "digest"),
    });
  }
  const after = ledger(periodKey);
  // Run 3: counted, in-request, the following week.
  await postJson(`${ctx.base}/dev/bench/d1-stats/reset`);
  ctx.fake.reset();
  const t0 = performance.now();
  const counted = await postJson(`${ctx.base}/dev/bench/digest/counted?kind=${kind}&days=7`);
  const countedWallMs = Math.round(performance.now() - t0);
  const countedD1 = await d1Stats(ctx, "digest");
  const countedProvider = { calls: ctx.fake.counters.calls, messages: ctx.fake.counters.messages };
  await postJson(`${ctx.base}/dev/clock`, { at: new Date(ctx.refs.now).toISOString() });
  const [first, second] = runs;
  return {
    kind,
    periodKey,
    recipients: first.recipients,
    subtrees: first.subtrees,
    wallMs: first.wallMs,
    msPerEmail: per(first.wallMs, first.recorded),
    recorded: first.recorded,
    sent: first.sent,
    providerCalls: first.providerCalls,
    providerMessages: first.providerMessages,
    providerCallsTarget: Math.ceil(first.providerMessages / 100),
    d1: first.d1,
    perEmail: perEmail(first.d1, first.recorded),
    ledger: after,
    rerun: second,
    tickDigests,
    counted: {
      periodKey: counted.periodKey,
      wallMs: countedWallMs,
      msPerEmail: per(countedWallMs, counted.recorded),
      recipients: counted.recipients,
      subtrees: counted.subtrees,
      recorded: counted.recorded,
      sent: counted.sent,
      providerCalls: countedProvider.calls,
      providerMessages: countedProvider.messages,
      d1: countedD1,
      perEmail: perEmail(countedD1, counted.recorded),
    },
    ok:
      first.recorded === first.recipients &&
      first.sent === first.recorded &&
      first.providerMessages === first.sent &&
      second.recorded === 0 &&
      second.sent === 0 &&
      second.alreadySent === second.recipients &&
      second.providerMessages === 0 &&
      after.n === first.recorded &&
      after.people === after.n &&
      after.sent === after.n,
  };
}

// ---- report submission under load ---------------------------------------------------------------

/**
 * SUBMIT_REQUESTS requests `POST /api/obligations/:id/submit` from SUBMIT_CLIENTS concurrent
 * clients (a promise pool over fetch, loopback), each with the Bearer API token of the
 * organisation's secretary and complete values. SUBMIT_DUPLICATE_SHARE of the requests repeat an
 * obligation: half right after the first (in flight at the same time), half at the end (a retry
 * after the receipt). Afterwards SQLite must show every obligation submitted exactly once.
 */
async function measureSubmit(ctx) {
  await postJson(`${ctx.base}/dev/clock`, { at: new Date(ctx.refs.now).toISOString() });
  const wanted = Math.round(SUBMIT_REQUESTS * (1 - SUBMIT_DUPLICATE_SHARE));
  const SEQUENTIAL = 20;
  const { tokens: all } = await postJson(
    `${ctx.base}/dev/bench/submit-tokens?period=${ctx.refs.openPeriodId}&count=${wanted + SEQUENTIAL}`,
  );
  // The first SEQUENTIAL obligations are submitted one at a time first: the unloaded latency.
  const sequentialTokens = all.slice(0, SEQUENTIAL);
  const tokens = all.slice(SEQUENTIAL);
  const obligations = tokens.length;
  const duplicates = Math.min(obligations, SUBMIT_REQUESTS - obligations);
  const ids = all.map((t) => t.obligationId);
  const before = new Map();
  const versionsOf = ctx.sqlite.prepare(
    "select o.status, (select count(*) from report_versions v where v.obligation_id = o.id) as n from obligations o where o.id = ?",
  );
  for (const id of ids) before.set(id, versionsOf.get(id));
  // The request list: adjacent repeats for the even duplicates, trailing repeats for the odd.
  const requests = [];
  const trailing = [];
  tokens.forEach((t, i) => {
    requests.push(t);
    if (i < duplicates) (i % 2 === 0 ? requests : trailing).push(t);
  });
  requests.push(...trailing);
  const body = (i) =>
    JSON.stringify({
      values: {
        s1: `Đã quán triệt Chỉ thị 52-CT/TW tới toàn thể đảng viên (lượt đo ${i}).`,
        coverage: 90 + (i % 100) / 10,
      },
    });
  const latencies = [];
  const statuses = {};
  const errors = [];
  let next = 0;
  let t0 = performance.now();
  let deadline = Date.now() + SUBMIT_SECONDS * 1000;
  const client = async () => {
    while (next < requests.length && Date.now() < deadline) {
      const i = next++;
      const r = requests[i];
      const s = performance.now();
      try {
        const res = await fetch(`${ctx.base}/api/obligations/${r.obligationId}/submit`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${r.token}` },
          body: body(i),
        });
        const text = await res.text();
        latencies.push(performance.now() - s);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status !== 201 && res.status !== 200 && errors.length < 5) {
          errors.push(`${res.status} ${text.slice(0, 200)}`);
        }
      } catch (err) {
        statuses.network = (statuses.network ?? 0) + 1;
        if (errors.length < 5) errors.push(String(err));
      }
    }
  };
  ctx.fake.reset();
  const sequential = [];
  for (const [i, r] of sequentialTokens.entries()) {
    const s = performance.now();
    const res = await fetch(`${ctx.base}/api/obligations/${r.obligationId}/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${r.token}` },
      body: body(-1 - i),
    });
    await res.text();
    if (res.status !== 201) throw new Error(`sequential submit ${r.obligationId} -> ${res.status}`);
    sequential.push(performance.now() - s);
  }
  t0 = performance.now();
  deadline = Date.now() + SUBMIT_SECONDS * 1000;
  await Promise.all(Array.from({ length: SUBMIT_CLIENTS }, client));
  const wallMs = performance.now() - t0;
  const done = latencies.length + (statuses.network ?? 0);
  // Every obligation a request was answered for: submitted, exactly one version more than
  // before. Obligations never reached (the time bound stopped the run) must be untouched.
  const reached = new Set([
    ...sequentialTokens.map((t) => t.obligationId),
    ...requests.slice(0, next).map((t) => t.obligationId),
  ]);
  let lost = 0;
  let duplicated = 0;
  let touchedUnsent = 0;
  for (const id of ids) {
    if (!reached.has(id)) {
      const a = versionsOf.get(id);
      if (a.n !== before.get(id).n || a.status !== before.get(id).status) touchedUnsent++;
      continue;
    }
    const b = before.get(id);
    const a = versionsOf.get(id);
    if (a.n < b.n + 1 || a.status !== "submitted") lost++;
    if (a.n > b.n + 1) duplicated++;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const r2 = (x) => (x === null ? null : Math.round(x * 100) / 100);
  const errorCount = done - (statuses[201] ?? 0) - (statuses[200] ?? 0);
  // Receipts are recorded before each answer and sent after it (waitUntil): wait (up to 60 s) for
  // those sends to finish before reading the ledger, and report how long the tail took.
  const ledgerNow = () =>
    Object.fromEntries(
      ctx.sqlite
        .prepare(
          "select status, count(*) as n from notifications where idempotency_key like 'receipt:%' group by status",
        )
        .all()
        .map((r) => [r.status, r.n]),
    );
  const drainStart = performance.now();
  let receiptLedger = ledgerNow();
  while ((receiptLedger.pending ?? 0) > 0 && performance.now() - drainStart < 60_000) {
    await new Promise((r) => setTimeout(r, 250));
    receiptLedger = ledgerNow();
  }
  const receiptDrainMs = Math.round(performance.now() - drainStart);
  return {
    clients: SUBMIT_CLIENTS,
    requests: requests.length,
    completed: done,
    obligations,
    duplicateRequests: duplicates,
    sequential: stats(sequential),
    wallMs: Math.round(wallMs),
    requestsPerSecond: r2(done / (wallMs / 1000)),
    latency: {
      p50: r2(percentile(sorted, 50)),
      p95: r2(percentile(sorted, 95)),
      p99: r2(percentile(sorted, 99)),
      max: r2(sorted.at(-1) ?? null),
    },
    statuses,
    errors: errorCount,
    errorSamples: errors,
    obligationsReached: reached.size,
    lost,
    duplicated,
    touchedUnsent,
    receiptEmails: {
      providerCalls: ctx.fake.counters.calls,
      messages: ctx.fake.counters.messages,
      ledger: receiptLedger,
      drainMs: receiptDrainMs,
    },
    ok:
      done === requests.length &&
      errorCount === 0 &&
      lost === 0 &&
      duplicated === 0 &&
      touchedUnsent === 0 &&
      statuses[201] === obligations &&
      (statuses[200] ?? 0) === duplicates,
  };
}

async function benchSize(size, lib, fake, tmpRoot) {
  const dir = mkdtempSync(path.join(tmpRoot, `size-${size}-`));
  const persist = path.join(dir, "persist");
  const result = { size, timings: {}, startup: null, paths: {} };
  let worker;
  let sqlite;
  try {
    let t0 = performance.now();
    const data = lib.generateSynthetic({ organisations: size });
    result.timings.generateMs = Math.round(performance.now() - t0);
    result.counts = data.counts;
    t0 = performance.now();
    const sql = writeSqlFiles(lib, data, dir);
    result.timings.writeSqlMs = Math.round(performance.now() - t0);
    result.sqlFiles = sql.files.length;
    result.sqlStatements = sql.statements;
    result.sqlBytes = sql.files.reduce((n, f) => n + statSync(f).size, 0);

    const migrate = run(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], {
      timeoutMs: 120_000,
      label: "wrangler d1 migrations apply",
    });
    result.timings.migrateMs = Math.round(migrate.ms);
    let loadMs = 0;
    for (const file of sql.files) {
      const exec = run(
        wrangler,
        ["d1", "execute", "DB", "--local", "--persist-to", persist, "--file", file],
        {
          timeoutMs: 480_000,
          label: `wrangler d1 execute ${path.basename(file)}`,
        },
      );
      loadMs += exec.ms;
    }
    result.timings.loadMs = Math.round(loadMs);
    const file = findD1File(persist);
    result.sqliteBytes = statSync(file).size;

    worker = await startWorker(persist, fake);
    result.startup = { toFirstHealthyMs: Math.round(worker.startupMs) };
    // The cold first request: the first one that touches the data after start.
    const first = await timedFetch(`${worker.base}/dev/bench/children?parent=${data.refs.rootId}`);
    result.startup.coldFirstRequestMs = Math.round(first.ms * 100) / 100;

    const { DatabaseSync } = await import("node:sqlite");
    sqlite = new DatabaseSync(file, { readOnly: true });
    const counted = sqlite.prepare("select count(*) as n from obligations").get().n;
    if (counted !== data.counts.obligations) {
      throw new Error(`loaded ${counted} obligations, generated ${data.counts.obligations}`);
    }
    const ctx = { base: worker.base, refs: data.refs, lib, sqlite, fake, size };
    for (const entry of PATHS) {
      if (ONLY && !ONLY.has(entry.id)) continue;
      if (entry.pending) {
        result.paths[entry.id] = { label: entry.label, status: "not yet measured (path not built)" };
        continue;
      }
      fake.reset();
      const measured = entry.run ? await entry.run(ctx) : await measureQueryPath(entry, ctx);
      result.paths[entry.id] = { label: entry.label, target: entry.target, status: "measured", ...measured };
      console.log(`  ${size} ${entry.id}: ${JSON.stringify({ ...measured, plan: undefined })}`);
    }
    result.fakeResend = { ...fake.counters };
  } finally {
    if (worker) await worker.stop();
    sqlite?.close();
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
    else result.keptAt = dir;
  }
  return result;
}

function fmt(x) {
  return x === null || x === undefined ? "–" : String(x);
}

function printTable(results, bundle) {
  const rows = [
    [
      "size",
      "path",
      "rows",
      "worker p50",
      "worker p95",
      "floor p50",
      "floor p95",
      "x floor p50",
      "x floor p95",
      "target",
    ],
  ];
  for (const r of results) {
    for (const [id, p] of Object.entries(r.paths)) {
      if (p.status !== "measured" || p.target === "engine") continue;
      let verdict = "";
      // The targets are stated at national scale; smaller sizes are there to show the trend.
      if (p.worker && r.size >= 60_000) {
        const pageOk = p.worker.p95 < TARGETS.pageP95Ms;
        const ratioOk = p.target !== "dashboard" || p.ratioP50 <= TARGETS.dashboardRatio;
        verdict = pageOk && ratioOk ? "ok" : `MISSED${pageOk ? "" : " p95"}${ratioOk ? "" : " ratio"}`;
      }
      rows.push(
        [
          r.size,
          id,
          p.rows,
          p.worker?.p50,
          p.worker?.p95,
          p.floor?.p50,
          p.floor?.p95,
          p.ratioP50,
          p.ratioP95,
          verdict,
        ].map(fmt),
      );
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  console.log(
    "\nTimes in ms (sequential requests over HTTP to wrangler dev; floor = node:sqlite on the same file)",
  );
  for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i])).join("  "));
  console.log("\nEngine (Workflows on wrangler dev; D1 counted inside the Workflow; provider = fake Resend)");
  for (const r of results) {
    const t = r.paths["engine.tick"];
    if (t?.status === "measured") {
      console.log(
        `  ${r.size} tick: ${t.dueBefore} due; ${t.wallMs} ms; examined ${t.examined}, recorded ${t.recorded}, sent ${t.sent}; ` +
          `provider ${t.providerCalls} calls for ${t.providerMessages} messages (target ${t.providerCallsTarget}); ` +
          `D1 ${t.d1?.statements} statements in ${t.d1?.roundTrips} round trips (${t.d1?.batches} batches, max ${t.d1?.maxBatch}), ` +
          `${t.d1?.rowsRead} rows read, ${t.d1?.rowsWritten} written; per due obligation ${JSON.stringify(t.perDueObligation)}; ` +
          `ticks to drain ${t.ticksToDrain}`,
      );
    }
    const o = r.paths["period.open"];
    if (o?.status === "measured") {
      console.log(
        `  ${r.size} open period: ${o.wallMs} ms, ${o.created} obligations created (expected ${o.expected}); ` +
          `D1 ${o.d1?.statements} statements in ${o.d1?.roundTrips} round trips, ${o.d1?.rowsRead} rows read, ${o.d1?.rowsWritten} written; ` +
          `re-run ${o.rerun.wallMs} ms, created ${o.rerun.created}, D1 ${o.rerun.d1?.statements} statements; duplicates ${o.duplicates}; ${o.ok ? "ok" : "MISMATCH"}`,
      );
    }
  }
  console.log("\nDigests and submission under load");
  for (const r of results) {
    const d = r.paths["digest.send"];
    if (d?.status === "measured") {
      console.log(
        `  ${r.size} weekly digest (${d.periodKey}): ${d.recipients} recipients, ${d.subtrees} subtrees; Workflow ${d.wallMs} ms (${d.msPerEmail} ms per email); ` +
          `recorded ${d.recorded}, sent ${d.sent}; provider ${d.providerCalls} calls for ${d.providerMessages} messages (target ${d.providerCallsTarget}); ` +
          `D1 ${d.d1?.statements} statements in ${d.d1?.roundTrips} round trips, ${d.d1?.rowsRead} rows read, ${d.d1?.rowsWritten} written; per email ${JSON.stringify(d.perEmail)}; ` +
          `re-run ${d.rerun.wallMs} ms: already sent ${d.rerun.alreadySent}, recorded ${d.rerun.recorded}, sent ${d.rerun.sent}, provider ${d.rerun.providerCalls} calls, ` +
          `D1 ${d.rerun.d1?.statements} statements, ${d.rerun.d1?.rowsRead} rows read, ${d.rerun.d1?.rowsWritten} written; ` +
          `ledger ${d.ledger.n} rows for ${d.ledger.people} people; ` +
          `in-request run (${d.counted.periodKey}, no Workflow) ${d.counted.wallMs} ms, ${d.counted.recorded} emails, D1 ${d.counted.d1?.statements} statements in ` +
          `${d.counted.d1?.roundTrips} round trips, ${d.counted.d1?.rowsRead} rows read, ${d.counted.d1?.rowsWritten} written; per email ${JSON.stringify(d.counted.perEmail)}; ` +
          `${d.ok ? "ok" : "MISMATCH"}`,
      );
      for (const [k, t] of Object.entries(d.tickDigests ?? {})) {
        console.log(
          `  ${r.size} ${k} digest started by the tick: ${t.status}, still waited ${t.waitedMs} ms; output ${JSON.stringify(t.output)}`,
        );
      }
    }
    const s = r.paths["report.submit"];
    if (s?.status === "measured") {
      console.log(
        `  ${r.size} submit: ${s.completed}/${s.requests} requests (${s.obligations} obligations + ${s.duplicateRequests} double submits), ` +
          `${s.clients} clients, ${s.wallMs} ms, ${s.requestsPerSecond} req/s; latency p50 ${s.latency.p50} / p95 ${s.latency.p95} / p99 ${s.latency.p99} ms; ` +
          `statuses ${JSON.stringify(s.statuses)}; errors ${s.errors}; ${s.obligationsReached} obligations reached: lost ${s.lost}, duplicated ${s.duplicated}; ` +
          `unloaded (1 client, ${s.sequential.n} submits) p50 ${s.sequential.p50} / p95 ${s.sequential.p95} ms; ` +
          `receipt emails ${s.receiptEmails.messages} in ${s.receiptEmails.providerCalls} calls, ledger ${JSON.stringify(s.receiptEmails.ledger)} after ${s.receiptEmails.drainMs} ms; ${s.ok ? "ok" : "MISMATCH"}`,
      );
    }
  }
  console.log("\nStartup and load");
  for (const r of results) {
    console.log(
      `  ${r.size}: generate ${r.timings.generateMs} ms, SQL ${(r.sqlBytes / 1e6).toFixed(1)} MB in ${r.sqlFiles} file(s), ` +
        `load ${r.timings.loadMs} ms, wrangler dev to first 200 /healthz ${r.startup?.toFirstHealthyMs} ms, ` +
        `cold first data request ${r.startup?.coldFirstRequestMs} ms`,
    );
  }
  if (bundle) {
    console.log(
      `\nWorker bundle: ${bundle.minifiedKb} KB minified, ${bundle.gzipKb} KB gzip (target < ${TARGETS.bundleGzipKb} KB gzip: ${
        bundle.gzipKb < TARGETS.bundleGzipKb ? "ok" : "MISSED"
      })`,
    );
  }
  const pending = PATHS.filter((p) => p.pending);
  if (pending.length > 0) {
    console.log("\nNot yet measured (path not built):");
    for (const entry of pending) console.log(`  ${entry.id}: ${entry.label}`);
  }
}

async function main() {
  const started = new Date();
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const lib = await loadLib(path.join(tmpRoot, "lib"));
  const fake = await startFakeResend();
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(
    `bench: sizes ${SIZES.join(", ")}; ${REQUESTS} timed requests per path after ${WARMUP} warm-up; ${JSON.stringify(machine)}`,
  );
  const results = [];
  let bundle = null;
  let failure = null;
  try {
    bundle = measureBundle(tmpRoot);
    console.log(`bundle: ${JSON.stringify(bundle)}`);
    for (const size of SIZES) {
      console.log(`size ${size}: generating, loading, measuring…`);
      results.push(await benchSize(size, lib, fake, tmpRoot));
    }
  } catch (err) {
    failure = err;
  } finally {
    killAll();
    await fake.close();
    if (!KEEP) rmSync(tmpRoot, { recursive: true, force: true });
  }
  printTable(results, bundle);
  const outDir = path.join(repo, "bench-results");
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `${started.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    outFile,
    `${JSON.stringify({ startedAt: started.toISOString(), machine, targets: TARGETS, requests: REQUESTS, warmup: WARMUP, bundle, results, error: failure ? String(failure.stack ?? failure) : null }, null, 2)}\n`,
  );
  console.log(
    `\nresults: ${path.relative(repo, outFile)} (total ${Math.round((Date.now() - started.getTime()) / 1000)} s)`,
  );
  if (failure) {
    console.error(`\nbench failed: ${failure.stack ?? failure}`);
    process.exit(1);
  }
}

await main();
