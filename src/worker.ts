import type { Hono } from "hono";
import { configFor } from "./app";
import { startTick } from "./engine/schedule";
import type { Env } from "./env";
import type { AppEnv } from "./http/context";

/** The Worker's handlers around an application: HTTP requests and the cron tick. */
export function workerHandlers(app: Hono<AppEnv>) {
  return {
    fetch: app.fetch,
    async scheduled(controller, env, ctx) {
      configFor(env);
      ctx.waitUntil(startTick(env, controller.scheduledTime));
    },
  } satisfies ExportedHandler<Env>;
}
