import { Hono } from "hono";
import * as z from "zod";
import { publicRoute } from "../auth/guard";
import { chunk } from "../db/client";
import { countedEnv, readD1Stats, resetD1Stats } from "../db/d1-stats";
import { digestInstanceId } from "../engine/digest-schedule";
import { digestPeriodKey } from "../features/notifications/digests.keys";
import { runDigest } from "../features/notifications/digests.service";
import type { AppEnv } from "../http/context";
import { newId, newToken, sha256Hex } from "../ids";
import { AppError, validationError } from "../platform/errors";

/**
 * Bench-only paths (`npm run bench`): the engine's measurements (ticks, period opening, digests,
 * D1 counters) and the tokens for the submission load. The read paths the bench measures are the
 * product's own routes; `GET /dev/bench/sql` (dev-bench-sql.ts) tells it which SQL they run.
 * Development and test only: 404 in production.
 */
export const devBenchRoutes = new Hono<AppEnv>();

devBenchRoutes.use("*", async (c, next) => {
  if (c.var.config.appEnv === "production") throw new AppError("not_found", "not_found", "Không tìm thấy");
  await next();
});

const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_-]+$/);

// ---- engine measurements (the Workflows count their D1 statements when BENCH_COUNT_D1=1) ----

/** The most recent engine ticks, newest first (the bench polls until `finished_at` is set). */
devBenchRoutes.get("/ticks", publicRoute(), async (c) => {
  const { results } = await c.env.DB.prepare(
    `select id, scheduled_at, started_at, finished_at, obligations_examined, notifications_recorded,
       notifications_sent, error from engine_ticks order by started_at desc, id desc limit 20`,
  ).all();
  return c.json({ rows: results });
});

devBenchRoutes.get("/d1-stats", publicRoute(), (c) =>
  c.json({ enabled: c.env.BENCH_COUNT_D1 === "1", stats: readD1Stats() }),
);

devBenchRoutes.post("/d1-stats/reset", publicRoute(), (c) => {
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
devBenchRoutes.post("/open-period", publicRoute(), async (c) => {
  const parsed = openQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const periodId = parsed.data.period;
  const now = c.var.now;
  const policy = await c.env.DB.prepare(
    "select policy_id, form_id, directive_id, reviewer_organisation_id from reporting_schedules order by id limit 1",
  ).first<{ policy_id: string; form_id: string; directive_id: string; reviewer_organisation_id: string }>();
  const root = await c.env.DB.prepare(
    "select id from organisations where parent_id is null order by id limit 1",
  ).first<{ id: string }>();
  if (!policy || !root) throw new AppError("conflict", "no_reference_data", "Chưa có dữ liệu tham chiếu");
  await c.env.DB.batch([
    c.env.DB.prepare(
      `insert into reporting_schedules (id, directive_id, name, frequency, report_kind, due_rule_kind, due_rule_days,
         scope_root_id, scope_kinds, reviewer_organisation_id, form_id, policy_id, reporter_may_submit, starts_on,
         active, created_at, updated_at)
       values (?, ?, 'Báo cáo đo hiệu năng (toàn quốc)', 'quarterly', 'periodic', 'fixed_days', 10, ?, ?, ?, ?, ?, 0,
         '2026-01-01', 0, ?, ?) on conflict(id) do nothing`,
    ).bind(
      BENCH_OPEN_SCHEDULE_ID,
      policy.directive_id,
      root.id,
      JSON.stringify(["commune", "grassroots"]),
      policy.reviewer_organisation_id,
      policy.form_id,
      policy.policy_id,
      now,
      now,
    ),
    c.env.DB.prepare(
      `insert into periods (id, schedule_id, key, label, cutoff_start, cutoff_end, due_on, opens_on, status, created_at)
       values (?, ?, ?, 'Quý III/2026 (đo hiệu năng)', '2026-07-01', '2026-09-30', '2026-10-12', '2026-09-24', 'opening', ?)
       on conflict(id) do nothing`,
    ).bind(periodId, BENCH_OPEN_SCHEDULE_ID, periodId, now),
  ]);
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
devBenchRoutes.get("/open-period", publicRoute(), async (c) => {
  const parsed = openStatusQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const status = await (await c.env.OPEN_PERIOD_WORKFLOW.get(parsed.data.instance)).status();
  const period = await c.env.DB.prepare(
    `select p.status, p.opened_at, p.obligation_count,
       (select count(*) from obligations o where o.period_id = p.id) as obligations
     from periods p where p.id = ?`,
  )
    .bind(parsed.data.period)
    .first();
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
devBenchRoutes.post("/digest", publicRoute(), async (c) => {
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
devBenchRoutes.get("/digest", publicRoute(), async (c) => {
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
devBenchRoutes.post("/digest/counted", publicRoute(), async (c) => {
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
devBenchRoutes.post("/submit-tokens", publicRoute(), async (c) => {
  const parsed = tokensQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const now = c.var.now;
  const { results } = await c.env.DB.prepare(
    `select o.id as obligation_id, o.organisation_id, m.person_id
     from obligations o join memberships m on m.organisation_id = o.organisation_id and m.role = 'secretary'
     where o.period_id = ? and o.status in ('pending', 'draft', 'returned')
     group by o.id order by o.id limit ?`,
  )
    .bind(parsed.data.period, parsed.data.count)
    .all<{ obligation_id: string; organisation_id: string; person_id: string }>();
  const out: { obligationId: string; organisationId: string; token: string }[] = [];
  const statements: D1PreparedStatement[] = [];
  for (const r of results) {
    const token = newToken();
    out.push({ obligationId: r.obligation_id, organisationId: r.organisation_id, token });
    statements.push(
      c.env.DB.prepare(
        `insert into api_tokens (id, token_hash, name, created_by, organisation_id, role, created_at)
         values (?, ?, 'Đo hiệu năng nộp báo cáo', ?, ?, 'secretary', ?)`,
      ).bind(newId("tok_"), await sha256Hex(token), r.person_id, r.organisation_id, now),
    );
  }
  for (const part of chunk(statements, 500)) await c.env.DB.batch(part);
  return c.json({ tokens: out });
});
