/** The review queue and a report's versions (JSX only: the data comes from review.pages.tsx). */

import type { WorkingCalendar } from "../../domain/calendar";
import { formatStoredDeadline } from "../../domain/deadline";
import { diffValues } from "../../domain/diff";
import { parseValues } from "../../domain/form";
import { formatDateTimeVi } from "../../domain/time";
import { ColumnHeads } from "../../pages/page-bits";
import { PageStyles } from "../../pages/page-styles";
import { DecisionList, DiffItem, OnTimeBadge, STATUS_LABELS, VersionValues } from "./review.components";
import type { DecisionRow, ObligationView, QueueRow, VersionRow } from "./review.queries";
import { QUEUE_STATUSES } from "./review.schemas";

export function QueuePageView(props: {
  rows: QueueRow[];
  periods: { id: string; label: string; schedule_name: string }[];
  /** The period filter, if any. */
  ky: string | undefined;
  status: (typeof QUEUE_STATUSES)[number];
  authorityOf: (r: QueueRow) => "decide" | "comment" | "none";
  calendar: WorkingCalendar;
}) {
  const { rows: results, periods, status, authorityOf } = props;
  const filter = { ky: props.ky };
  return (
    <>
      <PageStyles />
      <h1>Báo cáo chờ xem xét</h1>
      <form method="get" action="/duyet" class="card">
        <div class="grid">
          <div>
            <label for="ky">Kỳ báo cáo</label>
            <select id="ky" name="ky">
              <option value="">Tất cả các kỳ</option>
              {periods.map((p) => (
                <option value={p.id} selected={filter.ky === p.id}>
                  {p.label} – {p.schedule_name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="trang_thai">Trạng thái</label>
            <select id="trang_thai" name="trang_thai">
              {QUEUE_STATUSES.map((s) => (
                <option value={s} selected={status === s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p>
          <button type="submit" class="secondary">
            Lọc
          </button>
        </p>
      </form>
      <p role="status">
        {results.length === 0
          ? "Không có báo cáo nào phù hợp."
          : `${results.length} báo cáo, nộp sớm nhất xếp trước.`}
      </p>
      {results.length > 0 ? (
        <table>
          <caption class="muted">Danh sách báo cáo ({STATUS_LABELS[status].toLowerCase()})</caption>
          <ColumnHeads columns={["Tổ chức", "Kỳ báo cáo", "Nộp lúc", "Thời hạn"]} />
          <tbody>
            {results.map((r) => (
              <tr>
                <td>
                  <a href={`/duyet/${encodeURIComponent(r.id)}`}>{r.organisation_name}</a>
                  {authorityOf(r) === "comment" ? <span class="muted"> (chỉ góp ý)</span> : null}
                </td>
                <td>
                  {r.period_label}
                  <br />
                  <span class="muted">{r.schedule_name}</span>
                </td>
                <td>
                  {r.last_submitted_at ? formatDateTimeVi(r.last_submitted_at) : "–"}
                  {r.version_no && r.version_no > 1 ? <span class="muted"> (lần {r.version_no})</span> : null}
                </td>
                <td>
                  <OnTimeBadge
                    onTime={r.version_on_time === null ? null : r.version_on_time === 1}
                    submittedAt={r.last_submitted_at}
                    due={{
                      dueOn: r.due_on,
                      extendedDueOn: r.extended_due_on,
                      effectiveDueOn: r.effective_due_on,
                    }}
                    calendar={props.calendar}
                  />
                  <br />
                  <span class="muted">
                    hạn{" "}
                    {formatStoredDeadline({
                      dueOn: r.due_on,
                      extendedDueOn: r.extended_due_on,
                      effectiveDueOn: r.effective_due_on,
                    })}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

export function VersionsPageView(props: {
  view: ObligationView;
  versions: VersionRow[];
  decisions: DecisionRow[];
  calendar: WorkingCalendar;
}) {
  const { view, versions, decisions } = props;
  // One timeline: submissions and decisions in the order they happened.
  const events = [
    ...versions.map((v) => ({ at: v.submittedAt, order: 0, version: v, decision: null })),
    ...decisions.map((d) => ({ at: d.createdAt, order: 1, version: null, decision: d })),
  ].sort((a, b) => a.at - b.at || a.order - b.order);
  const base = `/bao-cao/${encodeURIComponent(view.id)}/phien-ban`;
  return (
    <>
      <PageStyles />
      <p>
        <a href={`/bao-cao/${encodeURIComponent(view.id)}`}>← Trang báo cáo</a>
      </p>
      <h1>Các lần nộp báo cáo</h1>
      <p>
        {view.organisationName} – {view.scheduleName}, kỳ {view.periodLabel}. Trạng thái:{" "}
        <strong>{STATUS_LABELS[view.status]}</strong>.
      </p>
      {versions.length === 0 ? (
        <p class="muted">Chưa có lần nộp nào.</p>
      ) : (
        <table>
          <caption class="muted">Mỗi lần nộp được lưu nguyên vẹn</caption>
          <ColumnHeads columns={["Lần", "Nộp lúc", "Người nộp", "Thời hạn", "Số tiếp nhận"]} />
          <tbody>
            {versions.map((v) => (
              <tr>
                <td>
                  <a href={`${base}/${v.versionNo}`}>Lần {v.versionNo}</a>
                </td>
                <td>{formatDateTimeVi(v.submittedAt)}</td>
                <td>{v.submitterName ?? "–"}</td>
                <td>
                  <VersionOnTime version={v} view={view} calendar={props.calendar} />
                </td>
                <td>{v.receiptNo}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Diễn biến</h2>
      {events.length === 0 ? (
        <p class="muted">Chưa có diễn biến nào.</p>
      ) : (
        <ol>
          {events.map((e) =>
            e.version ? (
              <li>
                {formatDateTimeVi(e.at)}: nộp{" "}
                <a href={`${base}/${e.version.versionNo}`}>lần {e.version.versionNo}</a>
                {e.version.submitterName ? ` (${e.version.submitterName})` : ""}
              </li>
            ) : (
              <li>
                {formatDateTimeVi(e.at)}: <DecisionList decisions={[e.decision!]} form={view.form} />
              </li>
            ),
          )}
        </ol>
      )}
    </>
  );
}

/** Whether a version came in on time, against the report's deadline (extended, moved by days off). */
function VersionOnTime(props: { version: VersionRow; view: ObligationView; calendar: WorkingCalendar }) {
  const { version, view, calendar } = props;
  return (
    <OnTimeBadge onTime={version.onTime} submittedAt={version.submittedAt} due={view} calendar={calendar} />
  );
}

/** One version, compared with the one before it when there is one. */
export function VersionPageView(props: {
  view: ObligationView;
  versions: VersionRow[];
  version: VersionRow;
  calendar: WorkingCalendar;
}) {
  const { view, versions, version } = props;
  const no = version.versionNo;
  const previous = versions.find((v) => v.versionNo === no - 1);
  const values = parseValues(version.content);
  const diff = previous && view.form ? diffValues(view.form, parseValues(previous.content), values) : null;
  const changed = diff?.filter((d) => d.changed).length ?? 0;
  const base = `/bao-cao/${encodeURIComponent(view.id)}/phien-ban`;
  return (
    <>
      <PageStyles />
      <p>
        <a href={base}>← Các lần nộp</a>
      </p>
      <h1>
        Lần nộp {no}: {view.organisationName}
      </h1>
      <p>
        {view.scheduleName}, kỳ {view.periodLabel}. Nộp lúc {formatDateTimeVi(version.submittedAt)}
        {version.submitterName ? ` bởi ${version.submitterName}` : ""}, số tiếp nhận {version.receiptNo}.{" "}
        <VersionOnTime version={version} view={view} calendar={props.calendar} />
      </p>
      <nav aria-label="Các lần nộp khác">
        {previous ? <a href={`${base}/${no - 1}`}>← Lần {no - 1}</a> : null}{" "}
        {versions.some((v) => v.versionNo === no + 1) ? (
          <a href={`${base}/${no + 1}`}>Lần {no + 1} →</a>
        ) : null}
      </nav>
      {!view.form ? (
        <p class="error">Không đọc được biểu mẫu của báo cáo.</p>
      ) : diff ? (
        <>
          <h2>So sánh với lần nộp {no - 1}</h2>
          <p role="status">
            {changed === 0 ? "Không có mục nào thay đổi." : `${changed} mục có thay đổi (được đánh dấu).`}
          </p>
          {diff.map((d) => (
            <DiffItem item={d} />
          ))}
        </>
      ) : (
        <>
          <h2>Nội dung</h2>
          <VersionValues form={view.form} values={values} />
        </>
      )}
    </>
  );
}
