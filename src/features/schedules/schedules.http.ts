/** Request helpers shared by the schedules' API and pages. */
import type { Context } from "hono";
import { authorize } from "../../auth/guard";
import { clientIp } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import type { ManageCheck, ScheduleActor } from "./schedules.service";

export function actorOf(c: Context<AppEnv>): ScheduleActor {
  const p = c.var.principal!;
  return { personId: p.personId, kind: p.kind, ip: clientIp(c) };
}

/** `directive.manage` checked on the request (and recorded as authorized there). */
export function manageCheck(c: Context<AppEnv>): ManageCheck {
  return (org) => authorize(c, "directive.manage", org);
}
