import { Hono } from "hono";
import * as z from "zod";
import { publicRoute } from "../../auth/guard";
import { type CapturedStatement, capturingD1 } from "../../db/d1-capture";
import type { AppEnv } from "../../http/context";
import { validationError } from "../../platform/errors";

const sqlQuery = z.object({
  /** The product path to run, e.g. `/giam-sat?org=tw&period=…&format=json`. */
  path: z
    .string()
    .min(1)
    .max(2000)
    .regex(/^\/(?!\/)/, "Đường dẫn phải bắt đầu bằng /")
    .refine((p) => !p.startsWith("/dev/bench/sql"), "Không đo chính đường dẫn này"),
});

/** The request headers that decide what a read path runs (who asks, what they accept). */
const FORWARDED = ["cookie", "authorization", "accept", "accept-language"] as const;

/**
 * `GET /dev/bench/sql?path=…`: runs the GET request `path` through the application itself, in
 * this request, with the caller's cookie / Authorization / Accept, on a D1 binding that records
 * every statement (`src/db/d1-capture.ts`), and answers with the inner status and the statements
 * in the order they finished: the SQL text exactly as the code prepared it (the feature's
 * `*.queries.ts`, Drizzle's output, the session lookup, the clock read) with its parameters.
 * The bench runs those statements on plain SQLite as the floor of that path, so the floor is
 * never a copy of the SQL. Mounted under /dev/bench behind `devOnly`.
 */
export function benchSqlRoutes(app: Hono<AppEnv>) {
  const routes = new Hono<AppEnv>();
  routes.get("/sql", publicRoute(), async (c) => {
    const parsed = sqlQuery.safeParse(c.req.query());
    if (!parsed.success) throw validationError(parsed.error);
    const headers = new Headers();
    for (const name of FORWARDED) {
      const value = c.req.header(name);
      if (value !== undefined) headers.set(name, value);
    }
    const statements: CapturedStatement[] = [];
    const env = { ...c.env, DB: capturingD1(c.env.DB, statements) };
    let executionCtx: Parameters<typeof app.fetch>[2];
    try {
      executionCtx = c.executionCtx;
    } catch {
      executionCtx = undefined; // called without one (unit tests): nothing waits on waitUntil
    }
    const res = await app.fetch(
      new Request(new URL(parsed.data.path, c.req.url), { headers }),
      env,
      executionCtx,
    );
    const bytes = (await res.arrayBuffer()).byteLength;
    return c.json({
      path: parsed.data.path,
      status: res.status,
      contentType: res.headers.get("content-type"),
      bytes,
      statements,
    });
  });
  return routes;
}
