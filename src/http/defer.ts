import type { Context } from "hono";
import type { AppEnv } from "./context";

/**
 * Runs `work` after the response has gone (ExecutionContext.waitUntil), so slow side effects such
 * as email delivery stay off the request's latency. Errors are logged: whatever the work left
 * undone must be recoverable elsewhere (the send ledger retries pending rows from the cron tick).
 */
export function deferFor(c: Context<AppEnv>): (work: Promise<unknown>) => void {
  return (work) => {
    const logged = work.catch((err: unknown) => console.error("deferred work failed", err));
    try {
      c.executionCtx.waitUntil(logged);
    } catch {
      // No execution context (not running as a Worker request): the promise still runs.
      void logged;
    }
  };
}
