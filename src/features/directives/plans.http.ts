/** Request helpers shared by the implementation plans' API and pages. */
import type { Context } from "hono";
import type { OrgRef } from "../../auth/guard";
import { describeTaskStatus } from "../../domain/task-status";
import { localDate } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { readBody } from "../../platform/http-input";
import { orgOfTaskId, type TaskRow } from "./plans.queries";
import type { TaskConflictError } from "./plans.service";

/** Resolver: the organisation whose plan holds the task `:id`. */
export function orgOfTask(c: Context<AppEnv>): Promise<OrgRef | null> {
  return orgOfTaskId(c.env.DB, c.req.param("id") ?? "");
}

/** A task with its status as of the request's today. */
export const withStatus = (c: Context<AppEnv>, task: TaskRow) => ({
  ...task,
  status: describeTaskStatus(task, localDate(c.var.now)),
});

/** 409 with the current task and what the person sent: both texts, nothing lost. */
export function taskConflictBody(err: TaskConflictError, yours: Record<string, unknown>) {
  return {
    error: { code: "stale_revision" as const, message: err.message, fields: [] },
    current: err.current,
    yours,
  };
}

/** The revision of a DELETE comes in the query (?revision=3) or a JSON body. */
export async function deleteInput(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const q = c.req.query("revision");
  if (q !== undefined) return { revision: q };
  if ((c.req.header("content-type") ?? "") === "") return {};
  return (await readBody(c)).data;
}
