import type { Env } from "../env";

/** Workflow instance ids allow [a-zA-Z0-9_-] only: derive one from the tick's scheduled time. */
export function tickInstanceId(scheduledTime: number): string {
  return `tick-${new Date(scheduledTime).toISOString().replace(/[:.]/g, "-")}`;
}

/**
 * Cron entry point: one Workflow instance per tick. A duplicated tick maps to the same
 * instance id, so `create` throws and nothing runs twice.
 */
export async function startTick(env: Env, scheduledTime: number): Promise<string | null> {
  const id = tickInstanceId(scheduledTime);
  try {
    await env.TICK_WORKFLOW.create({ id, params: { scheduledTime } });
    return id;
  } catch (err) {
    if (String(err).includes("already exists")) return null;
    throw err;
  }
}
