/**
 * The working calendar, kept by administrators: /quan-tri/lich (page) and /api/calendar-days
 * (JSON). Routes only validate and render; the work is in services/calendar-admin.
 */
import { type Context, Hono } from "hono";
import * as z from "zod";
import { requirePolicy } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { clientIp, csrfTokenFor } from "../auth/web";
import { weekdayNameVi } from "../domain/deadline";
import { NOT_SEEDED } from "../domain/holidays-vn";
import { dateInputError, formatDateTimeVi, formatDateVi, localDate, parseDateInput } from "../domain/time";
import type { AppEnv } from "../http/context";
import { AppError, type FieldError, fieldErrorsFromZod, validationError } from "../http/errors";
import {
  type CalendarEntry,
  calendarEntrySchema,
  deleteCalendarDay,
  listCalendarYear,
  missingNextYear,
  missingYearWarning,
  saveCalendarDay,
} from "../services/calendar-admin";
import { readBody } from "../services/http-input";

export const calendarRoutes = new Hono<AppEnv>();

export const calendarYearQuery = z.object({
  year: z.coerce
    .number({ error: "Năm phải là một số" })
    .int({ error: "Năm phải là một số nguyên" })
    .min(2000, { error: "Năm phải từ 2000 đến 2100" })
    .max(2100, { error: "Năm phải từ 2000 đến 2100" })
    .optional(),
});

const KIND_LABELS = { off: "Ngày nghỉ", work: "Ngày làm bù" } as const;

function yearOf(c: Context<AppEnv>, raw: string | undefined): number {
  const parsed = calendarYearQuery.safeParse({ year: raw === "" ? undefined : raw });
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data.year ?? Number(localDate(c.var.now).slice(0, 4));
}

function entryJson(e: CalendarEntry) {
  return { ...e, kindLabel: KIND_LABELS[e.kind], weekday: weekdayNameVi(e.day) };
}

function actorOf(c: Context<AppEnv>) {
  const p = c.var.principal!;
  return { personId: p.personId, kind: p.kind };
}

function dayParam(c: Context<AppEnv>): string {
  const day = parseDateInput(c.req.param("day") ?? "");
  if (!day)
    throw new AppError(422, "validation_failed", "Dữ liệu không hợp lệ", [
      { field: "day", message: dateInputError("Ngày") },
    ]);
  return day;
}

calendarRoutes.get("/api/calendar-days", requirePolicy("admin.calendar"), async (c) => {
  const year = yearOf(c, c.req.query("year"));
  const [days, missing] = await Promise.all([
    listCalendarYear(c.env.DB, year),
    missingNextYear(c.env.DB, c.var.now),
  ]);
  return c.json({ year, days: days.map(entryJson), warning: missingYearWarning(missing) });
});

calendarRoutes.put("/api/calendar-days/:day", requirePolicy("admin.calendar"), async (c) => {
  const { data } = await readBody(c);
  const parsed = calendarEntrySchema.safeParse({ ...data, day: c.req.param("day") });
  if (!parsed.success) throw validationError(parsed.error);
  const result = await saveCalendarDay(c.env.DB, parsed.data, actorOf(c), c.var.now, clientIp(c));
  return c.json({ day: result.entry && entryJson(result.entry), deadlinesMoved: result.deadlinesMoved });
});

calendarRoutes.delete("/api/calendar-days/:day", requirePolicy("admin.calendar"), async (c) => {
  const day = dayParam(c);
  const result = await deleteCalendarDay(c.env.DB, day, actorOf(c), c.var.now, clientIp(c));
  return c.json({ deleted: day, deadlinesMoved: result.deadlinesMoved });
});

interface PageState {
  errors?: FieldError[];
  notice?: string;
  values?: Record<string, string>;
}

async function calendarPage(
  c: Context<AppEnv>,
  year: number,
  state: PageState,
  status: 200 | 404 | 422 = 200,
) {
  const [days, missing, csrf] = await Promise.all([
    listCalendarYear(c.env.DB, year),
    missingNextYear(c.env.DB, c.var.now),
    csrfTokenFor(c),
  ]);
  const warning = missingYearWarning(missing);
  const v = state.values ?? {};
  const errorFor = (field: string) => state.errors?.find((e) => e.field === field)?.message;
  const field = (name: string, label: string, hint: string) => (
    <p>
      <label for={`cal-${name}`}>{label}</label> <span class="muted">({hint})</span>
      <br />
      <input
        id={`cal-${name}`}
        name={name}
        value={v[name] ?? ""}
        aria-invalid={errorFor(name) ? "true" : undefined}
        aria-describedby={errorFor(name) ? `cal-${name}-error` : undefined}
      />
      {errorFor(name) ? (
        <span id={`cal-${name}-error`} class="error">
          {" "}
          {errorFor(name)}
        </span>
      ) : null}
    </p>
  );
  return renderPage(
    c,
    `Lịch ngày nghỉ năm ${year}`,
    <>
      <p class="muted">
        <a href="/quan-tri">Quản trị</a> › Lịch ngày nghỉ
      </p>
      <h1>Lịch ngày nghỉ năm {year}</h1>
      <p>
        Thứ Hai đến thứ Sáu là ngày làm việc, thứ Bảy và Chủ nhật là ngày nghỉ, trừ các ngày ghi dưới đây. Hạn
        nộp báo cáo rơi vào ngày nghỉ được tính đến hết ngày làm việc tiếp theo (Điều 148 khoản 5 Bộ luật Dân
        sự 2015); thư nhắc không gửi vào ngày nghỉ. Sửa lịch thì hạn nộp của các kỳ báo cáo đang mở được tính
        lại ngay.
      </p>
      {warning ? (
        <p class="notice warn" role="alert" id="calendar-warning">
          {warning}
        </p>
      ) : null}
      {state.notice ? (
        <p class="notice" role="status">
          {state.notice}
        </p>
      ) : null}
      {state.errors?.length && !state.values ? (
        <p class="error" role="alert">
          {state.errors.map((e) => e.message).join("; ")}
        </p>
      ) : null}
      <nav aria-label="Chọn năm">
        <a href={`/quan-tri/lich?year=${year - 1}`}>← Năm {year - 1}</a> ·{" "}
        <a href={`/quan-tri/lich?year=${year + 1}`}>Năm {year + 1} →</a>
      </nav>
      {days.length === 0 ? (
        <p class="notice warn">Năm {year} chưa có ngày nghỉ lễ, Tết nào trong lịch.</p>
      ) : (
        <table id="calendar-days">
          <caption>Các ngày khác với tuần làm việc thông thường năm {year}</caption>
          <thead>
            <tr>
              <th scope="col">Ngày</th>
              <th scope="col">Thứ</th>
              <th scope="col">Loại</th>
              <th scope="col">Tên</th>
              <th scope="col">Văn bản căn cứ</th>
              <th scope="col">Cập nhật</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr>
                <td>{formatDateVi(d.day)}</td>
                <td>{weekdayNameVi(d.day)}</td>
                <td>{KIND_LABELS[d.kind]}</td>
                <td>{d.name}</td>
                <td>{d.source ?? <span class="muted">(chưa ghi)</span>}</td>
                <td>
                  {d.updatedAt ? formatDateTimeVi(d.updatedAt) : <span class="muted">dữ liệu ban đầu</span>}
                </td>
                <td>
                  <form method="post" action={`/quan-tri/lich/xoa?year=${year}`} class="inline">
                    <CsrfField token={csrf} />
                    <input type="hidden" name="day" value={formatDateVi(d.day)} />
                    <button type="submit" class="secondary" aria-label={`Xóa ngày ${formatDateVi(d.day)}`}>
                      Xóa
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="them">Thêm hoặc sửa một ngày</h2>
      <form method="post" action={`/quan-tri/lich?year=${year}`} class="card" novalidate>
        <CsrfField token={csrf} />
        {field("day", "Ngày", "dd/mm/yyyy; ngày đã có trong lịch sẽ được sửa")}
        <p>
          <label for="cal-kind">Loại ngày</label>
          <br />
          <select
            id="cal-kind"
            name="kind"
            aria-invalid={errorFor("kind") ? "true" : undefined}
            aria-describedby={errorFor("kind") ? "cal-kind-error" : undefined}
          >
            <option value="off" selected={v.kind !== "work"}>
              Ngày nghỉ (lễ, Tết, nghỉ bù, nghỉ hoán đổi) vào ngày thường
            </option>
            <option value="work" selected={v.kind === "work"}>
              Ngày làm bù vào thứ Bảy hoặc Chủ nhật
            </option>
          </select>
          {errorFor("kind") ? (
            <span id="cal-kind-error" class="error">
              {" "}
              {errorFor("kind")}
            </span>
          ) : null}
        </p>
        {field("name", "Tên ngày", "ví dụ: Quốc khánh")}
        {field("source", "Văn bản căn cứ", "ví dụ: Thông báo 9441/TB-BNV ngày 16/10/2025")}
        <button type="submit">Lưu</button>
      </form>
      <h2>Ngày chưa ghi là ngày nghỉ</h2>
      <ul>
        {NOT_SEEDED.map((d) => (
          <li>
            {d.date} – {d.name}: {d.why}
          </li>
        ))}
      </ul>
    </>,
    status,
  );
}

/** What the last change did, carried by the redirect after it (post/redirect/get). */
const doneQuery = z.object({
  "da-luu": z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  "da-xoa": z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  "tinh-lai": z.coerce.number().int().min(0).max(1_000_000).optional(),
});

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

calendarRoutes.get("/quan-tri/lich", requirePolicy("admin.calendar"), async (c) =>
  calendarPage(c, yearOf(c, c.req.query("year")), { notice: noticeOf(c) }),
);

calendarRoutes.post("/quan-tri/lich", requirePolicy("admin.calendar"), async (c) => {
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
    if (e instanceof AppError && e.status === 422)
      return calendarPage(c, year, { values, errors: e.fields }, 422);
    throw e;
  }
});

calendarRoutes.post("/quan-tri/lich/xoa", requirePolicy("admin.calendar"), async (c) => {
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
    if (e instanceof AppError && e.status === 404) return calendarPage(c, year, { notice: e.message }, 404);
    throw e;
  }
});
