import type { Env } from "../platform/config";
import { claimTick } from "./schedule.queries";

/** Workflow instance ids allow [a-zA-Z0-9_-] only: derive one from the tick's scheduled time. */
export function tickInstanceId(scheduledTime: number): string {
  return `tick-${new Date(scheduledTime).toISOString().replace(/[:.]/g, "-")}`;
}

/**
 * Cron entry point: one Workflow instance per tick. A duplicated tick maps to the same id:
 * the tick is claimed in D1 first (unique `engine_ticks.id`), and `create` would also throw on
 * an existing instance id, so nothing runs twice. If starting fails after the claim, the next
 * tick catches up: the engine works from "what is due by now", not from the tick.
 */
export async function startTick(env: Env, scheduledTime: number): Promise<string | null> {
  const id = tickInstanceId(scheduledTime);
  const claimed = await claimTick(env.DB, id, scheduledTime, Date.now());
  if (!claimed) return null;
  try {
    await env.TICK_WORKFLOW.create({ id, params: { scheduledTime } });
    return id;
  } catch (err) {
    if (String(err).includes("already exists")) return null;
    throw err;
  }
}
