import type { Hono } from "hono";
import { createApp } from "./app";
import { devBenchRoutes, devToolRoutes, mailboxToolRoutes } from "./features/devtools";
import type { AppEnv } from "./http/context";

/**
 * Development and test tools (src/features/devtools): the simulated clock, the demo data, the
 * local mailbox and the bench paths (with `/dev/bench/sql`, which runs a product path through
 * `app` and reports its SQL). Mounted by the development entry only; each still answers 404 when
 * APP_ENV=production, in case that entry is ever deployed.
 */
export function mountDevTools(app: Hono<AppEnv>): void {
  app.route("/dev/bench", devBenchRoutes(app));
  app.route("/dev", devToolRoutes);
  app.route("/", mailboxToolRoutes);
}

/** The application with the development tools: what `wrangler dev`, the tests and the bench run. */
export function createDevApp() {
  return createApp({ devTools: mountDevTools });
}
