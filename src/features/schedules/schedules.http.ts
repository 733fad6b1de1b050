/** Request helpers shared by the schedules' API and pages. */
import type { Context } from "hono";
import { actorWithIp } from "../../auth/actor";
import { authorize } from "../../auth/guard";
import type { ScheduleRule } from "../../domain/periods";
import { ruleOf } from "../../domain/schedule-rule";
import { localDate } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import type { ScheduleInput } from "./schedules.schemas";
import {
  createSchedule,
  type ManageCheck,
  periodsOf,
  upcomingPeriods,
  updateSchedule,
  visibleSchedule,
} from "./schedules.service";

/** `directive.manage` checked on the request (and recorded as authorized there). */
function manageCheck(c: Context<AppEnv>): ManageCheck {
  return (org) => authorize(c, "directive.manage", org);
}

/** Creates the schedule (`id` null) or updates it, as the person of the request; its id. */
export function saveSchedule(c: Context<AppEnv>, id: string | null, v: ScheduleInput): Promise<string> {
  return id === null
    ? createSchedule(c.env.DB, v, actorWithIp(c), manageCheck(c), c.var.now)
    : updateSchedule(c.env.DB, id, v, actorWithIp(c), manageCheck(c), c.var.now);
}

/** The next periods of a rule from the request's day (at most `limit`, the service's default without). */
export function upcomingFrom(c: Context<AppEnv>, rule: ScheduleRule, limit?: number) {
  return upcomingPeriods(c.env.DB, rule, localDate(c.var.now), limit);
}

/** A schedule the person may see, its periods (the last 100) and the ones its rule gives next. */
export async function scheduleDetail(c: Context<AppEnv>, id: string) {
  const { row, scope } = await visibleSchedule(c.env.DB, c.var.principal, id);
  const [periods, preview] = await Promise.all([
    periodsOf(c.env.DB, scope, [row], 100),
    upcomingFrom(c, ruleOf(row)),
  ]);
  return { row, periods, preview };
}
