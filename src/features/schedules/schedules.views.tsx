/** The reporting schedules' list and detail pages (JSX only: the data comes from schedules.pages.tsx). */
import type { FREQUENCIES, REPORT_KINDS } from "../../db/schema";
import { ORGANISATION_KIND_LABELS, PERIOD_STATUS_LABELS } from "../../domain/status-labels";
import { formatDateVi } from "../../domain/time";
import { ColumnHeads, Fact } from "../../pages/page-bits";
import { PageStyles } from "../../pages/page-styles";
import type { PeriodRow, PreviewPeriod, ScheduleRow } from "./schedules.service";
import { parseKinds } from "./schedules.service";

export const FREQUENCY_LABELS: Record<(typeof FREQUENCIES)[number], string> = {
  monthly: "Hằng tháng",
  quarterly: "Hằng quý",
  semiannual: "6 tháng",
  nine_month: "9 tháng",
  annual: "Hằng năm",
  one_off: "Một lần (có thời gian chốt số liệu riêng)",
};

export const REPORT_KIND_LABELS: Record<(typeof REPORT_KINDS)[number], string> = {
  periodic: "Định kỳ",
  thematic: "Chuyên đề",
  ad_hoc: "Đột xuất",
  interim_review: "Sơ kết",
  final_review: "Tổng kết",
};

const DUE_RULE_LABELS = {
  fixed_days: "ngày sau khi chốt số liệu",
  working_days: "ngày làm việc sau khi chốt số liệu",
} as const;

/** The columns every period table starts with: the period, its cut-off, its deadline, when it opens. */
const PERIOD_COLUMNS = ["Kỳ", "Chốt số liệu", "Hạn nộp", "Mở từ"];

/** A period's first cells, under PERIOD_COLUMNS; `due` is its deadline as the table shows it. */
function PeriodCells(props: {
  p: Pick<PreviewPeriod, "label" | "cutoffStart" | "cutoffEnd" | "opensOn">;
  due: string;
}) {
  const { p } = props;
  return (
    <>
      <td>{p.label}</td>
      <td>
        {formatDateVi(p.cutoffStart)} – {formatDateVi(p.cutoffEnd)}
      </td>
      <td>{props.due}</td>
      <td>{formatDateVi(p.opensOn)}</td>
    </>
  );
}

function PeriodTable(props: { periods: PeriodRow[]; caption: string }) {
  if (props.periods.length === 0) return <p class="muted">Chưa có kỳ báo cáo nào được mở.</p>;
  return (
    <table>
      <caption class="muted">{props.caption}</caption>
      <ColumnHeads columns={[...PERIOD_COLUMNS, "Trạng thái", "Đã nộp / phải nộp"]} />
      <tbody>
        {props.periods.map((p) => (
          <tr>
            <PeriodCells p={p} due={formatDateVi(p.dueOn)} />
            <td>{PERIOD_STATUS_LABELS[p.status] ?? p.status}</td>
            <td>
              {p.submitted} / {p.obligationCount}
              {p.accepted > 0 ? <span class="muted"> ({p.accepted} đã tiếp nhận)</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PreviewTable(props: { periods: PreviewPeriod[] }) {
  if (props.periods.length === 0) return <p class="muted">Không còn kỳ báo cáo nào sắp tới.</p>;
  return (
    <table>
      <caption class="muted">Các kỳ sắp tới (dự kiến, tính theo lịch làm việc)</caption>
      <ColumnHeads columns={PERIOD_COLUMNS} />
      <tbody>
        {props.periods.map((p) => (
          <tr>
            <PeriodCells p={p} due={p.dueText} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Summary(props: { row: ScheduleRow }) {
  const r = props.row;
  const kinds = parseKinds(r.scopeKinds);
  return (
    <dl class="grid">
      <div>
        <dt class="muted">Tần suất</dt>
        <dd>
          {FREQUENCY_LABELS[r.frequency]}
          {r.frequency === "one_off" && r.oneOffCutoffStart && r.oneOffCutoffEnd
            ? ` (chốt số liệu ${formatDateVi(r.oneOffCutoffStart)} – ${formatDateVi(r.oneOffCutoffEnd)})`
            : ""}
        </dd>
      </div>
      <Fact label="Loại báo cáo">{REPORT_KIND_LABELS[r.reportKind]}</Fact>
      <div>
        <dt class="muted">Hạn nộp</dt>
        <dd>
          {r.dueRuleDays} {DUE_RULE_LABELS[r.dueRuleKind]}
        </dd>
      </div>
      <div>
        <dt class="muted">Đơn vị phải báo cáo</dt>
        <dd>
          {kinds.map((k) => ORGANISATION_KIND_LABELS[k]).join(", ")} thuộc {r.scopeRootName}
        </dd>
      </div>
      <Fact label="Cơ quan xem xét">{r.reviewerName}</Fact>
      <div>
        <dt class="muted">Chỉ thị, biểu mẫu</dt>
        <dd>
          {r.directiveCode}; <a href={`/bieu-mau/${encodeURIComponent(r.formId)}`}>{r.formName}</a>
        </dd>
      </div>
      <div>
        <dt class="muted">Nhắc hạn, đôn đốc và báo cáo cấp trên</dt>
        <dd>
          <a href={`/quy-trinh-nhac/${encodeURIComponent(r.policyId)}`}>{r.policyName}</a>
        </dd>
      </div>
      <div>
        <dt class="muted">Hiệu lực</dt>
        <dd>
          Từ {formatDateVi(r.startsOn)}
          {r.endsOn ? ` đến ${formatDateVi(r.endsOn)}` : ""}; {r.active ? "đang áp dụng" : "tạm dừng"};{" "}
          {r.reporterMaySubmit ? "người lập báo cáo được nộp" : "chỉ bí thư/văn phòng được nộp"}
        </dd>
      </div>
      <div>
        <dt class="muted">Ban cấp dưới</dt>
        <dd>
          {r.lowerCommissionsMayComment
            ? "được xem và góp ý kiến (không tiếp nhận, trả lại)"
            : "không tham gia xem xét"}
        </dd>
      </div>
    </dl>
  );
}

export function ScheduleListView(props: { rows: ScheduleRow[]; periods: PeriodRow[]; mayManage: boolean }) {
  const { rows, periods } = props;
  return (
    <>
      <PageStyles />
      <h1>Chế độ báo cáo</h1>
      {props.mayManage ? (
        <p>
          <a class="button" href="/lich-bao-cao/moi">
            Thêm chế độ báo cáo
          </a>
        </p>
      ) : null}
      {rows.length === 0 ? <p class="muted">Chưa có chế độ báo cáo nào.</p> : null}
      {rows.map((r) => (
        <section class="card" aria-labelledby={`sch-${r.id}`}>
          <h2 id={`sch-${r.id}`}>
            <a href={`/lich-bao-cao/${encodeURIComponent(r.id)}`}>{r.name}</a>
          </h2>
          <Summary row={r} />
          <PeriodTable
            periods={periods.filter((p) => p.scheduleId === r.id)}
            caption="Các kỳ gần đây (mới nhất trước)"
          />
        </section>
      ))}
    </>
  );
}

export function ScheduleDetailView(props: {
  row: ScheduleRow;
  periods: PeriodRow[];
  preview: PreviewPeriod[];
  saved: boolean;
  mayEdit: boolean;
}) {
  const { row, periods, preview } = props;
  return (
    <>
      <PageStyles />
      <p>
        <a href="/lich-bao-cao">← Chế độ báo cáo</a>
      </p>
      <h1>{row.name}</h1>
      {props.saved ? (
        <p class="notice" role="status">
          Đã lưu chế độ báo cáo. Các kỳ mới được mở tự động theo lịch.
        </p>
      ) : null}
      <Summary row={row} />
      {props.mayEdit ? (
        <p>
          <a class="button secondary" href={`/lich-bao-cao/${encodeURIComponent(row.id)}/sua`}>
            Sửa chế độ báo cáo
          </a>
        </p>
      ) : null}
      <h2>Các kỳ báo cáo</h2>
      <PeriodTable periods={periods} caption="Các kỳ đã mở (mới nhất trước)" />
      <h2>Các kỳ sắp tới</h2>
      <PreviewTable periods={preview} />
    </>
  );
}
