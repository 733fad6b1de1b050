import { Hono } from "hono";
import { z } from "zod";
import { publicRoute } from "../auth/guard";
import { readD1Stats, resetD1Stats } from "../db/d1-stats";
import {
  type ChildRow,
  childrenSql,
  type RollupRow,
  rollupByChildSql,
  type SearchRow,
  type SqlQuery,
  searchOrganisationsSql,
} from "../db/rollup-sql";
import type { AppEnv } from "../http/context";
import { AppError, validationError } from "../http/errors";

/**
 * Bench-only read paths (`npm run bench`) so the Worker side of the rollup and tree queries
 * can be measured against the raw-SQLite floor until the real dashboard lands. They run the
 * exact SQL of `src/db/rollup-sql.ts`. Development and test only: 404 in production.
 */
export const devBenchRoutes = new Hono<AppEnv>();

devBenchRoutes.use("*", async (c, next) => {
  if (c.var.config.appEnv === "production") throw new AppError(404, "not_found", "Không tìm thấy");
  await next();
});

const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_-]+$/);

async function all<T>(db: D1Database, query: SqlQuery): Promise<T[]> {
  const result = await db
    .prepare(query.sql)
    .bind(...query.params)
    .all<T>();
  return result.results;
}

const rollupQuery = z.object({ root: id, period: id });

devBenchRoutes.get("/rollup", publicRoute(), async (c) => {
  const parsed = rollupQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const rows = await all<RollupRow>(c.env.DB, rollupByChildSql(parsed.data.root, parsed.data.period));
  return c.json({ rows });
});

const childrenQuery = z.object({ parent: id });

devBenchRoutes.get("/children", publicRoute(), async (c) => {
  const parsed = childrenQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const rows = await all<ChildRow>(c.env.DB, childrenSql(parsed.data.parent));
  return c.json({ rows });
});

const searchQuery = z.object({ q: z.string().trim().min(2).max(100) });

devBenchRoutes.get("/search", publicRoute(), async (c) => {
  const parsed = searchQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const rows = await all<SearchRow>(c.env.DB, searchOrganisationsSql(parsed.data.q));
  return c.json({ rows });
});

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
  if (!policy || !root) throw new AppError(409, "no_reference_data", "Chưa có dữ liệu tham chiếu");
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
