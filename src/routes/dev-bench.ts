import { Hono } from "hono";
import { z } from "zod";
import { publicRoute } from "../auth/guard";
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
