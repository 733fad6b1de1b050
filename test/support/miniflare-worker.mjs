// The real Worker in-process under Miniflare, for the harnesses that run in Node (the fault
// injection test, the benchmark): the development entry bundled by wrangler exactly as it deploys
// it, the bindings of wrangler.toml (local D1, R2, Workflows), requests through `dispatchFetch`,
// the database through `getD1Database("DB")`. No `wrangler dev`, no proxy, no storage paths.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
// Miniflare 5 takes its v4-style options through convertV4MiniflareOptions.
import { convertV4MiniflareOptions, Miniflare } from "miniflare";

export const root = path.resolve(import.meta.dirname, "../..");
const wrangler = path.join(root, "node_modules/.bin/wrangler");

/** Bundles the development entry (`main` in wrangler.toml, with the dev tools) into `outdir`. */
export function bundleWorker(outdir) {
  const t0 = performance.now();
  const build = spawnSync(wrangler, ["deploy", "--dry-run", "--outdir", outdir], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "1" },
  });
  if (build.status !== 0) {
    throw new Error(`wrangler deploy --dry-run failed\n${build.stdout}\n${build.stderr}`);
  }
  return { outdir, scriptPath: path.join(outdir, "index.dev.js"), ms: performance.now() - t0 };
}

/**
 * A Miniflare running the bundle in `outdir` with wrangler.toml's bindings; `bindings` are the
 * vars (merged over development defaults), `outboundService` answers every fetch the Worker makes.
 */
export function startWorker(outdir, { bindings = {}, outboundService } = {}) {
  return new Miniflare(
    convertV4MiniflareOptions({
      name: "directive-tracker",
      modules: true,
      modulesRoot: outdir,
      cf: false,
      scriptPath: path.join(outdir, "index.dev.js"),
      compatibilityDate: "2026-10-20",
      d1Databases: { DB: "directive-tracker" },
      r2Buckets: { FILES: "directive-tracker-files" },
      workflows: {
        TICK_WORKFLOW: { name: "reminder-tick", className: "ReminderTickWorkflow" },
        OPEN_PERIOD_WORKFLOW: { name: "open-period", className: "OpenPeriodWorkflow" },
        DIGEST_WORKFLOW: { name: "digest", className: "DigestWorkflow" },
      },
      bindings: {
        APP_ENV: "development",
        APP_URL: "http://localhost:8787",
        EMAIL_TRANSPORT: "outbox",
        EMAIL_FROM: "Theo dõi thực hiện Chỉ thị <no-reply@example.vn>",
        SECRET_KEY: "miniflare-harness-secret-key-0123456789-0123456789",
        BENCH_COUNT_D1: "0",
        RESEND_BASE_URL: "https://api.resend.com",
        ...bindings,
      },
      ...(outboundService ? { outboundService } : {}),
    }),
  );
}

/** The migrations in order, each as its statements (drizzle-kit's `--> statement-breakpoint`). */
export function migrationStatements() {
  const dir = path.join(root, "migrations");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((file) =>
      fs
        .readFileSync(path.join(dir, file), "utf8")
        .split("--> statement-breakpoint")
        .map((s) => s.trim())
        .filter(Boolean),
    );
}

/** Applies the migrations through the D1 binding (one batch per migration file). */
export async function applyMigrations(db) {
  for (const statements of migrationStatements()) await db.batch(statements.map((s) => db.prepare(s)));
}
