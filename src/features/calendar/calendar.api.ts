/** The working calendar's JSON API: /api/calendar-days (administrators). */
import { type Context, Hono } from "hono";
import { requirePolicy } from "../../auth/guard";
import { clientIp } from "../../auth/web";
import { weekdayNameVi } from "../../domain/deadline";
import { CALENDAR_DAY_KIND_LABELS } from "../../domain/status-labels";
import { dateInputError, parseDateInput } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { AppError, validationError } from "../../platform/errors";
import { readBody } from "../../services/http-input";
import { actorOf, yearOf } from "./calendar.http";
import { type CalendarEntry, listCalendarYear } from "./calendar.queries";
import { calendarEntrySchema } from "./calendar.schemas";
import { deleteCalendarDay, missingNextYear, missingYearWarning, saveCalendarDay } from "./calendar.service";

export const calendarApi = new Hono<AppEnv>();

function entryJson(e: CalendarEntry) {
  return { ...e, kindLabel: CALENDAR_DAY_KIND_LABELS[e.kind], weekday: weekdayNameVi(e.day) };
}

function dayParam(c: Context<AppEnv>): string {
  const day = parseDateInput(c.req.param("day") ?? "");
  if (!day)
    throw new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", [
      { field: "day", message: dateInputError("Ngày") },
    ]);
  return day;
}

calendarApi.get("/api/calendar-days", requirePolicy("admin.calendar"), async (c) => {
  const year = yearOf(c, c.req.query("year"));
  const [days, missing] = await Promise.all([
    listCalendarYear(c.env.DB, year),
    missingNextYear(c.env.DB, c.var.now),
  ]);
  return c.json({ year, days: days.map(entryJson), warning: missingYearWarning(missing) });
});

calendarApi.put("/api/calendar-days/:day", requirePolicy("admin.calendar"), async (c) => {
  const { data } = await readBody(c);
  const parsed = calendarEntrySchema.safeParse({ ...data, day: c.req.param("day") });
  if (!parsed.success) throw validationError(parsed.error);
  const result = await saveCalendarDay(c.env.DB, parsed.data, actorOf(c), c.var.now, clientIp(c));
  return c.json({ day: result.entry && entryJson(result.entry), deadlinesMoved: result.deadlinesMoved });
});

calendarApi.delete("/api/calendar-days/:day", requirePolicy("admin.calendar"), async (c) => {
  const day = dayParam(c);
  const result = await deleteCalendarDay(c.env.DB, day, actorOf(c), c.var.now, clientIp(c));
  return c.json({ deleted: day, deadlinesMoved: result.deadlinesMoved });
});
