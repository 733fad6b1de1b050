import { Hono } from "hono";
import * as z from "zod";
import { publicRoute } from "../../auth/guard";
import { chunk } from "../../db/client";
import { countedEnv, readD1Stats, resetD1Stats } from "../../db/d1-stats";
import { digestInstanceId } from "../../engine/digest-schedule";
import type { AppEnv } from "../../http/context";
import { newId, newToken, sha256Hex } from "../../ids";
import { AppError, validationError } from "../../platform/errors";
import { digestPeriodKey, runDigest } from "../notifications";
import {
  ensureBenchPeriod,
  firstRootId,
  firstScheduleRefs,
  insertBenchToken,
  listRecentTicks,
  periodOpeningState,
  tokenCandidates,
} from "./bench.queries";

/**
 * Bench-only paths (`npm run bench`): the engine's measurements (ticks, period opening, digests,
 * D1 counters) and the tokens for the submission load. The read paths the bench measures are the
 * product's own routes; `GET /dev/bench/sql` (bench-sql.routes.ts) tells it which SQL they run.
 * Mounted under /dev/bench behind `devOnly`; not in the OpenAPI document.
 */
export const benchRoutes = new Hono<AppEnv>();

const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_-]+$/);

// ---- engine measurements (the Workflows count their D1 statements when BENCH_COUNT_D1=1) ----

/** The most recent engine ticks, newest first (the bench polls until `finished_at` is set). */
benchRoutes.get("/ticks", publicRoute(), async (c) => {
  const results = await listRecentTicks(c.env.DB);
  return c.json({ rows: results });
});

benchRoutes.get("/d1-stats", publicRoute(), (c) =>
  c.json({ enabled: c.env.BENCH_COUNT_D1 === "1", stats: readD1Stats() }),
);

benchRoutes.post("/d1-stats/reset", publicRoute(), (c) => {
  resetD1Stats();
  return c.json({ ok: true });
});

const openQuery = z.object({ period: id });
const BENCH_OPEN_SCHEDULE_ID = "bench-open-schedule";

/**
 * Starts an OpenPeriodWorkflow for `period`. When the period does not exist yet it is created
 * (status `opening`) under an inactive bench schedule whose scope is the whole tree (communes
 * and grassroots), so the cron never opens periods of its own for it. Each call starts a new
 * instance: a second call on an open period shows that re-running creates nothing.
 */
benchRoutes.post("/open-period", publicRoute(), async (c) => {
  const parsed = openQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const periodId = parsed.data.period;
  const now = c.var.now;
  const policy = await firstScheduleRefs(c.env.DB);
  const root = await firstRootId(c.env.DB);
  if (!policy || !root) throw new AppError("conflict", "no_reference_data", "Chưa có dữ liệu tham chiếu");
  await ensureBenchPeriod(c.env.DB, BENCH_OPEN_SCHEDULE_ID, periodId, policy, root, now);
  const instance = await c.env.OPEN_PERIOD_WORKFLOW.create({
    id: `bench-${periodId}-${crypto.randomUUID().slice(0, 8)}`,
    params: { periodId, now },
  });
  return c.json({ ok: true, instanceId: instance.id });
});

const openStatusQuery = z.object({
  period: id,
  instance: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-zA-Z0-9_-]+$/),
});

/** The instance's status and output, the period's status and its obligations (for polling). */
benchRoutes.get("/open-period", publicRoute(), async (c) => {
  const parsed = openStatusQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const status = await (await c.env.OPEN_PERIOD_WORKFLOW.get(parsed.data.instance)).status();
  const period = await periodOpeningState(c.env.DB, parsed.data.period);
  return c.json({
    instance: { status: status.status, output: status.output ?? null, error: status.error ?? null },
    period,
  });
});

// ---- digests ---------------------------------------------------------------------------------

const digestKind = z.enum(["weekly_compliance", "morning_deadlines"]);
const digestStart = z.object({ kind: digestKind });

/**
 * Starts the DigestWorkflow for `kind` at the simulated now, under the id the cron would use
 * (`digest-<kind>-<period>`); when that instance exists already (second call), under a new id,
 * so the bench can show that a second instance sends nobody the same digest again.
 */
benchRoutes.post("/digest", publicRoute(), async (c) => {
  const parsed = digestStart.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const { kind } = parsed.data;
  const now = c.var.now;
  const base = digestInstanceId(kind, now);
  let id = base;
  try {
    await c.env.DIGEST_WORKFLOW.create({ id, params: { kind, at: now } });
  } catch (err) {
    if (!String(err).includes("already exists")) throw err;
    id = `${base}-rerun-${crypto.randomUUID().slice(0, 8)}`;
    await c.env.DIGEST_WORKFLOW.create({ id, params: { kind, at: now } });
  }
  return c.json({ ok: true, instanceId: id, periodKey: digestPeriodKey(kind, now) });
});

const digestStatusQuery = z.union([
  z.object({
    instance: z
      .string()
      .min(1)
      .max(120)
      .regex(/^[a-zA-Z0-9_-]+$/),
  }),
  // The instance the cron (the tick's "start due digests" step) would have started at `at`.
  z.object({ kind: digestKind, at: z.coerce.number().int().min(0) }),
]);

/** The instance's status and output ("absent" when no such instance was ever created). */
benchRoutes.get("/digest", publicRoute(), async (c) => {
  const parsed = digestStatusQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const q = parsed.data;
  const id = "instance" in q ? q.instance : digestInstanceId(q.kind, q.at);
  let status: InstanceStatus;
  try {
    status = await (await c.env.DIGEST_WORKFLOW.get(id)).status();
  } catch {
    return c.json({ instance: { id, status: "absent", output: null, error: null } });
  }
  return c.json({
    instance: { id, status: status.status, output: status.output ?? null, error: status.error ?? null },
  });
});

const digestCountedQuery = z.object({ kind: digestKind, days: z.coerce.number().int().min(0).max(28) });

/**
 * The same digest run without a Workflow (`runDigest`, the Workflow's steps in order) inside
 * this request, at now + `days`, with D1 counted under "digest" (as the Workflow counts its
 * own): the cost of the steps without the Workflow's persistence.
 */
benchRoutes.post("/digest/counted", publicRoute(), async (c) => {
  const parsed = digestCountedQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const at = c.var.now + parsed.data.days * 86_400_000;
  const t0 = Date.now();
  const result = await runDigest(countedEnv(c.env, "digest"), c.var.config, parsed.data.kind, at);
  return c.json({ ...result, at, periodKey: digestPeriodKey(parsed.data.kind, at), ms: Date.now() - t0 });
});

// ---- report submission under load ---------------------------------------------------------------

const tokensQuery = z.object({ period: id, count: z.coerce.number().int().min(1).max(20_000) });

/**
 * Issues one API token (role secretary, created by the organisation's secretary, as the tokens
 * page would) for each of `count` obligations of `period` that still await a report
 * (pending, draft, returned), ordered by id. Returns the secrets once: the bench submits with them.
 */
benchRoutes.post("/submit-tokens", publicRoute(), async (c) => {
  const parsed = tokensQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const now = c.var.now;
  const results = await tokenCandidates(c.env.DB, parsed.data.period, parsed.data.count);
  const out: { obligationId: string; organisationId: string; token: string }[] = [];
  const statements: D1PreparedStatement[] = [];
  for (const r of results) {
    const token = newToken();
    out.push({ obligationId: r.obligationId, organisationId: r.organisationId, token });
    statements.push(
      insertBenchToken(c.env.DB, newId("tok_"), await sha256Hex(token), r.personId, r.organisationId, now),
    );
  }
  for (const part of chunk(statements, 500)) await c.env.DB.batch(part);
  return c.json({ tokens: out });
});
