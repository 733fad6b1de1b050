/** The working calendar's JSON API: /api/calendar-days (administrators). */
import * as z from "zod";
import { actorOf } from "../../auth/actor";
import { requirePolicy } from "../../auth/guard";
import { clientIp } from "../../auth/web";
import { weekdayNameVi } from "../../domain/deadline";
import { CALENDAR_DAY_KIND_LABELS } from "../../domain/status-labels";
import { dateField } from "../../http/date-field";
import { createApi, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import { yearOrCurrent } from "./calendar.http";
import { type CalendarEntry, listCalendarYear } from "./calendar.queries";
import { calendarEntryBody, calendarYearQuery } from "./calendar.schemas";
import { deleteCalendarDay, missingNextYear, missingYearWarning, saveCalendarDay } from "./calendar.service";

const DAY_DESCRIPTION = "Ngày, dạng YYYY-MM-DD hoặc dd/mm/yyyy (mã hóa / thành %2F)";
const dayParams = z.object({ day: dateField("Ngày").describe(DAY_DESCRIPTION) });

const calendarDayJson = z
  .object({
    day: z.string().describe("YYYY-MM-DD"),
    kind: z.enum(["off", "work"]),
    kindLabel: z.string(),
    weekday: z.string().describe("Thứ trong tuần, tiếng Việt"),
    name: z.string(),
    source: z.string().nullable().describe("Văn bản căn cứ"),
    updatedAt: z.number().int().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "CalendarDay" });

function entryJson(e: CalendarEntry): z.infer<typeof calendarDayJson> {
  return { ...e, kindLabel: CALENDAR_DAY_KIND_LABELS[e.kind], weekday: weekdayNameVi(e.day) };
}

const route = routesTagged("admin");

export const listCalendarDays = route.get("/api/calendar-days", {
  summary:
    "Lịch ngày nghỉ của một năm: ngày nghỉ (off) vào ngày thường, ngày làm bù (work) vào cuối tuần, kèm văn bản căn cứ",
  middleware: [requirePolicy("admin.calendar")],
  request: { query: calendarYearQuery },
  responses: {
    200: jsonResponse(
      z.object({
        year: z.number().int(),
        days: z.array(calendarDayJson),
        warning: z.string().nullable().describe("Cảnh báo khi năm sau chưa có dữ liệu"),
      }),
      "Các ngày của năm và cảnh báo khi năm sau chưa có dữ liệu",
    ),
  },
});

export const putCalendarDay = route.put("/api/calendar-days/{day}", {
  summary: "Thêm hoặc sửa một ngày trong lịch (hạn nộp của các kỳ đang mở được tính lại)",
  middleware: [requirePolicy("admin.calendar")],
  request: { params: dayParams, body: jsonBody(calendarEntryBody) },
  responses: {
    200: jsonResponse(
      z.object({
        day: calendarDayJson.nullable(),
        deadlinesMoved: z.number().int().describe("Số báo cáo có hạn nộp được tính lại"),
      }),
      "Đã lưu",
    ),
  },
});

export const deleteCalendarDayRoute = route.delete("/api/calendar-days/{day}", {
  summary: "Xóa một ngày khỏi lịch (hạn nộp của các kỳ đang mở được tính lại)",
  middleware: [requirePolicy("admin.calendar")],
  request: { params: dayParams },
  responses: {
    200: jsonResponse(
      z.object({ deleted: z.string().describe("YYYY-MM-DD"), deadlinesMoved: z.number().int() }),
      "Đã xóa",
    ),
  },
});

export const calendarApi = createApi()
  .openapi(listCalendarDays, async (c) => {
    const year = yearOrCurrent(c, c.req.valid("query").year);
    const [days, missing] = await Promise.all([
      listCalendarYear(c.env.DB, year),
      missingNextYear(c.env.DB, c.var.now),
    ]);
    return c.json({ year, days: days.map(entryJson), warning: missingYearWarning(missing) }, 200);
  })
  .openapi(putCalendarDay, async (c) => {
    const input = { ...c.req.valid("json"), day: c.req.valid("param").day };
    const result = await saveCalendarDay(c.env.DB, input, actorOf(c), c.var.now, clientIp(c));
    return c.json(
      { day: result.entry && entryJson(result.entry), deadlinesMoved: result.deadlinesMoved },
      200,
    );
  })
  .openapi(deleteCalendarDayRoute, async (c) => {
    const { day } = c.req.valid("param");
    const result = await deleteCalendarDay(c.env.DB, day, actorOf(c), c.var.now, clientIp(c));
    return c.json({ deleted: day, deadlinesMoved: result.deadlinesMoved }, 200);
  });
