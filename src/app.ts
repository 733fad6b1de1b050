import { Hono } from "hono";
import { z } from "zod";
import { vi } from "zod/v4/locales";
import { currentTime } from "./clock";
import { createDb } from "./db/client";
import { type Config, ConfigError, type Env, loadConfig } from "./env";
import type { AppEnv } from "./http/context";
import { AppError, errorBody } from "./http/errors";
import { APP_CSS } from "./pages/layout";
import { devRoutes } from "./routes/dev";
import { devBenchRoutes } from "./routes/dev-bench";
import { homePage } from "./routes/home";

// Validation messages for people are Vietnamese.
z.config(vi());

let cachedConfig: { env: Env; config: Config } | undefined;

/** Config is validated once per isolate (per env object), so a broken deploy fails on its first request. */
export function configFor(env: Env): Config {
  if (cachedConfig?.env !== env) cachedConfig = { env, config: loadConfig(env) };
  return cachedConfig.config;
}

export function createApp() {
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    const config = configFor(c.env);
    c.set("config", config);
    c.set("db", createDb(c.env.DB));
    c.set("now", await currentTime(c.env.DB, config));
    await next();
  });

  app.get("/assets/app.css", (c) =>
    c.body(APP_CSS, 200, {
      "content-type": "text/css; charset=utf-8",
      "cache-control": "public, max-age=3600",
    }),
  );
  app.get("/healthz", (c) => c.json({ ok: true, env: c.var.config.appEnv }));
  app.get("/", homePage);
  app.route("/dev/bench", devBenchRoutes);
  app.route("/dev", devRoutes);

  app.notFound((c) => {
    const err = new AppError(404, "not_found", "Không tìm thấy trang hoặc tài nguyên");
    return c.json(errorBody(err), 404);
  });

  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err), err.status);
    if (err instanceof ConfigError) {
      console.error(err.message);
      return c.json({ error: { code: "config_invalid", message: err.message, fields: [] } }, 503);
    }
    console.error("unhandled error", err);
    return c.json(
      { error: { code: "internal", message: "Lỗi hệ thống, vui lòng thử lại sau", fields: [] } },
      500,
    );
  });

  return app;
}
