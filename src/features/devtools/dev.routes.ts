import { Hono } from "hono";
import * as z from "zod";
import { publicRoute } from "../../auth/guard";
import { seedDemo } from "../../demo/seed";
import type { AppEnv } from "../../http/context";
import { AppError, validationError } from "../../platform/errors";
import { clearRateLimits, findTick, listPeriodObligations } from "./dev.queries";

/**
 * The JSON development tools under /dev (tests and scripts): load the demo data, clear the
 * rate limits, follow a tick, list a period's obligations. Mounted behind `devOnly`; not in the
 * OpenAPI document.
 */
export const devRoutes = new Hono<AppEnv>();

devRoutes.post("/seed", publicRoute(), async (c) => {
  await seedDemo(c.env.DB, c.var.now);
  return c.json({ ok: true });
});

/** Clears the sign-in rate-limit counters (browser tests sign in many times at one simulated instant). */
devRoutes.post("/rate-limits/reset", publicRoute(), async (c) => {
  await clearRateLimits(c.env.DB);
  return c.json({ ok: true });
});

/** An engine tick's progress (tests and scripts wait for `finishedAt`). */
devRoutes.get("/api/tick/:id", publicRoute(), async (c) => {
  const row = await findTick(c.env.DB, c.req.param("id"));
  if (!row) throw new AppError("not_found", "not_found", "Không tìm thấy lượt chạy");
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
  return c.json({ obligations: await listPeriodObligations(c.env.DB, q.data.period) });
});
