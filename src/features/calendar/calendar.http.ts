/** Request helpers shared by the calendar's API and pages. */
import type { Context } from "hono";
import { localDate } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { validationError } from "../../platform/errors";
import { calendarYearQuery } from "./calendar.schemas";

export function yearOf(c: Context<AppEnv>, raw: string | undefined): number {
  const parsed = calendarYearQuery.safeParse({ year: raw === "" ? undefined : raw });
  if (!parsed.success) throw validationError(parsed.error);
  return yearOrCurrent(c, parsed.data.year);
}

/** The year asked for, or this year (in Viet Nam's time). */
export function yearOrCurrent(c: Context<AppEnv>, year: number | undefined): number {
  return year ?? Number(localDate(c.var.now).slice(0, 4));
}
