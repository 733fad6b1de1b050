/** The working calendar's page for administrators: /quan-tri/lich (form → service → redirect). */
import type { Context } from "hono";
import { Hono } from "hono";
import { actorOf } from "../../auth/actor";
import { requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { clientIp, csrfTokenFor } from "../../auth/web";
import { formatDateVi, parseDateInput } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { AppError, fieldErrorsFromZod } from "../../platform/errors";
import { readBody } from "../../platform/http-input";
import { yearOf } from "./calendar.http";
import { listCalendarYear } from "./calendar.queries";
import { calendarEntrySchema, doneQuery } from "./calendar.schemas";
import { deleteCalendarDay, missingNextYear, missingYearWarning, saveCalendarDay } from "./calendar.service";
import { type CalendarPageState, CalendarPageView } from "./calendar.views";

export const calendarPages = new Hono<AppEnv>();

async function calendarPage(
  c: Context<AppEnv>,
  year: number,
  state: CalendarPageState,
  status: 200 | 404 | 422 = 200,
) {
  const [days, missing, csrf] = await Promise.all([
    listCalendarYear(c.env.DB, year),
    missingNextYear(c.env.DB, c.var.now),
    csrfTokenFor(c),
  ]);
  const warning = missingYearWarning(missing);
  return renderPage(
    c,
    `Lịch ngày nghỉ năm ${year}`,
    <CalendarPageView year={year} days={days} warning={warning} csrf={csrf} state={state} />,
    status,
  );
}

function noticeOf(c: Context<AppEnv>): string | undefined {
  const q = doneQuery.safeParse(c.req.query());
  if (!q.success) return undefined;
  const moved = q.data["tinh-lai"]
    ? ` Hạn nộp của ${q.data["tinh-lai"]} báo cáo đã được tính lại theo lịch mới.`
    : "";
  if (q.data["da-luu"]) return `Đã lưu ngày ${formatDateVi(q.data["da-luu"])}.${moved}`;
  if (q.data["da-xoa"]) return `Đã xóa ngày ${formatDateVi(q.data["da-xoa"])} khỏi lịch.${moved}`;
  return undefined;
}

/** Back to the year's page after a change, saying what was done (a reload repeats nothing). */
function redirectDone(
  c: Context<AppEnv>,
  year: number,
  done: "da-luu" | "da-xoa",
  day: string,
  moved: number,
) {
  const q = new URLSearchParams({ year: String(year), [done]: day });
  if (moved > 0) q.set("tinh-lai", String(moved));
  return c.redirect(`/quan-tri/lich?${q}`, 303);
}

calendarPages.get("/quan-tri/lich", requirePolicy("admin.calendar"), async (c) =>
  calendarPage(c, yearOf(c, c.req.query("year")), { notice: noticeOf(c) }),
);

calendarPages.post("/quan-tri/lich", requirePolicy("admin.calendar"), async (c) => {
  const year = yearOf(c, c.req.query("year"));
  const { data } = await readBody(c);
  const values: Record<string, string> = {};
  for (const k of ["day", "kind", "name", "source"]) {
    const v = data[k];
    if (typeof v === "string") values[k] = v;
  }
  const parsed = calendarEntrySchema.safeParse(values);
  if (!parsed.success)
    return calendarPage(c, year, { values, errors: fieldErrorsFromZod(parsed.error) }, 422);
  try {
    const result = await saveCalendarDay(c.env.DB, parsed.data, actorOf(c), c.var.now, clientIp(c));
    const day = parsed.data.day;
    return redirectDone(c, Number(day.slice(0, 4)), "da-luu", day, result.deadlinesMoved);
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid")
      return calendarPage(c, year, { values, errors: e.fields }, 422);
    throw e;
  }
});

calendarPages.post("/quan-tri/lich/xoa", requirePolicy("admin.calendar"), async (c) => {
  const year = yearOf(c, c.req.query("year"));
  const { data } = await readBody(c);
  const day = typeof data.day === "string" ? parseDateInput(data.day) : null;
  if (!day) {
    return calendarPage(c, year, { errors: [{ field: "day", message: "Ngày cần xóa không hợp lệ" }] }, 422);
  }
  try {
    const result = await deleteCalendarDay(c.env.DB, day, actorOf(c), c.var.now, clientIp(c));
    return redirectDone(c, year, "da-xoa", day, result.deadlinesMoved);
  } catch (e) {
    if (e instanceof AppError && e.kind === "not_found")
      return calendarPage(c, year, { notice: e.message }, 404);
    throw e;
  }
});
