import { Hono } from "hono";
import * as z from "zod";
import { publicRoute } from "../auth/guard";
import { setClockOffset } from "../clock";
import { seedDemo } from "../demo/seed";
import { formatDateTimeVi } from "../domain/time";
import { startTick } from "../engine/schedule";
import type { AppEnv } from "../http/context";
import { AppError, validationError } from "../http/errors";
import { Layout } from "../pages/layout";

/**
 * Development tools: load the demo data, move the simulated clock, run an engine tick now.
 * Never reachable in production (404 before anything else runs).
 */
export const devRoutes = new Hono<AppEnv>();

devRoutes.use("*", async (c, next) => {
  if (c.var.config.appEnv === "production") throw new AppError(404, "not_found", "Không tìm thấy");
  await next();
});

devRoutes.post("/seed", publicRoute(), async (c) => {
  await seedDemo(c.env.DB, c.var.now);
  return c.json({ ok: true });
});

const clockBody = z.object({
  /** Either an absolute instant (ISO 8601) or an offset in hours from the real clock. */
  at: z.iso.datetime({ offset: true }).optional(),
  offsetHours: z
    .number()
    .min(-24 * 400)
    .max(24 * 400)
    .optional(),
});

devRoutes.post("/clock", publicRoute(), async (c) => {
  const parsed = clockBody.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success) throw validationError(parsed.error);
  const realNow = Date.now();
  const offset = parsed.data.at
    ? Date.parse(parsed.data.at) - realNow
    : Math.round((parsed.data.offsetHours ?? 0) * 3_600_000);
  await setClockOffset(c.env.DB, offset, realNow);
  return c.json({ ok: true, now: new Date(realNow + offset).toISOString(), offsetMs: offset });
});

devRoutes.post("/tick", publicRoute(), async (c) => {
  const id = await startTick(c.env, Date.now());
  return c.json({ ok: true, instanceId: id });
});

/** Clears the sign-in rate-limit counters (browser tests sign in many times at one simulated instant). */
devRoutes.post("/rate-limits/reset", publicRoute(), async (c) => {
  await c.env.DB.prepare("delete from rate_limits").run();
  return c.json({ ok: true });
});

/** An engine tick's progress (tests and scripts wait for `finishedAt`). */
devRoutes.get("/api/tick/:id", publicRoute(), async (c) => {
  const row = await c.env.DB.prepare(
    "select id, scheduled_at, started_at, finished_at, obligations_examined, notifications_recorded, notifications_sent from engine_ticks where id = ?",
  )
    .bind(c.req.param("id"))
    .first<Record<string, number | string | null>>();
  if (!row) throw new AppError(404, "not_found", "Không tìm thấy lượt chạy");
  return c.json({
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    examined: row.obligations_examined,
    recorded: row.notifications_recorded,
    sent: row.notifications_sent,
  });
});

const obligationsQuery = z.object({ period: z.string().min(1).max(200) });

/** Obligations of a period with their organisation and status (tests check the engine against them). */
devRoutes.get("/api/obligations", publicRoute(), async (c) => {
  const q = obligationsQuery.safeParse(c.req.query());
  if (!q.success) throw validationError(q.error);
  const { results } = await c.env.DB.prepare(
    `select o.id, o.organisation_id as organisationId, org.name as organisationName, o.status, o.effective_due_on as dueOn
     from obligations o join organisations org on org.id = o.organisation_id where o.period_id = ? order by org.path`,
  )
    .bind(q.data.period)
    .all();
  return c.json({ obligations: results });
});

devRoutes.get("/", publicRoute(), (c) =>
  c.html(
    <Layout title="Công cụ phát triển">
      <h1>Công cụ phát triển (chỉ có ở môi trường thử nghiệm)</h1>
      <p>
        Giờ hệ thống (mô phỏng): <strong>{formatDateTimeVi(c.var.now)}</strong>
      </p>
      <ul>
        <li>
          <a href="/dev/hop-thu">Hộp thư cục bộ</a>
        </li>
        <li>
          <a href="/dev/thong-bao">Sổ theo dõi thư gửi đi</a>
        </li>
      </ul>
    </Layout>,
  ),
);
