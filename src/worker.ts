import type { Hono } from "hono";
import { startTick } from "./engine/schedule";
import type { AppEnv } from "./http/context";
import type { Env } from "./platform/config";
import { configFor } from "./platform/config";

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
