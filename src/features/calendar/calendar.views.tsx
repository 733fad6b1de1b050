/** The working calendar's page (JSX only: the data comes from calendar.pages.tsx). */

import { CsrfField, PostButton } from "../../auth/page";
import { weekdayNameVi } from "../../domain/deadline";
import { NOT_SEEDED } from "../../domain/holidays-vn";
import { CALENDAR_DAY_KIND_LABELS } from "../../domain/status-labels";
import { formatDateTimeVi, formatDateVi } from "../../domain/time";
import { ColumnHeads, Notice } from "../../pages/page-bits";
import type { FieldError } from "../../platform/errors";
import type { CalendarEntry } from "./calendar.queries";

export interface CalendarPageState {
  errors?: FieldError[];
  notice?: string;
  values?: Record<string, string>;
}

export function CalendarPageView(props: {
  year: number;
  days: CalendarEntry[];
  warning: string | null;
  csrf: string;
  state: CalendarPageState;
}) {
  const { year, days, warning, csrf, state } = props;
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
  return (
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
      <Notice text={state.notice} />
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
          <ColumnHeads columns={["Ngày", "Thứ", "Loại", "Tên", "Văn bản căn cứ", "Cập nhật", "Thao tác"]} />
          <tbody>
            {days.map((d) => (
              <tr>
                <td>{formatDateVi(d.day)}</td>
                <td>{weekdayNameVi(d.day)}</td>
                <td>{CALENDAR_DAY_KIND_LABELS[d.kind]}</td>
                <td>{d.name}</td>
                <td>{d.source ?? <span class="muted">(chưa ghi)</span>}</td>
                <td>
                  {d.updatedAt ? formatDateTimeVi(d.updatedAt) : <span class="muted">dữ liệu ban đầu</span>}
                </td>
                <td>
                  <PostButton
                    action={`/quan-tri/lich/xoa?year=${year}`}
                    csrf={csrf}
                    class="inline"
                    hidden={{ day: formatDateVi(d.day) }}
                    label={`Xóa ngày ${formatDateVi(d.day)}`}
                  >
                    Xóa
                  </PostButton>
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
    </>
  );
}
