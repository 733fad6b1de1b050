/** The monitoring page (JSX only: the data comes from monitoring.pages.tsx). */
import { CsrfField } from "../../auth/page";
import { formatViCount, formatViPercent } from "../../domain/numbers";
import { formatDateTimeVi, formatDateVi } from "../../domain/time";
import { FigureHead } from "../../pages/page-bits";
import { HeatLegend, HeatTable, IndicatorSection, Stat, TotalsRow } from "./figures.views";
import type { SelectionQuery } from "./monitoring.schemas";
import { type DashboardData, type DashboardSurroundings, STATUS_LABELS } from "./monitoring.service";
import type { OrgInfo, PeriodInfo } from "./selection.queries";

export function DashboardPageView(props: {
  org: OrgInfo;
  period: PeriodInfo;
  q: SelectionQuery;
  data: DashboardData;
  around: DashboardSurroundings;
  /** Before the period's (effective) deadline: missing reports are "chưa đến hạn", never red. */
  notDue: boolean;
  now: number;
  csrf: string;
  isAdmin: boolean;
  mayExport: boolean;
  mayNudge: boolean;
  /** Whether the person may open the dashboard of the organisation at `path` (breadcrumb links). */
  mayRead: (path: string) => boolean;
}) {
  const { org, period, q, data, notDue, csrf, mayExport, mayNudge } = props;
  const { passedThrough, crumbs, periods, tabs, missingYear, calendarWarning } = props.around;
  const qs = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ period: period.id, org: org.id, ...extra }).toString();
  const t = data.totals;
  return (
    <>
      <link rel="stylesheet" href="/assets/giam-sat.css" />
      <nav aria-label="Vị trí trong cây tổ chức">
        <ol class="crumbs">
          {crumbs.map((o) => (
            <li>
              {o.id === org.id ? (
                <span aria-current="page">{o.name}</span>
              ) : props.mayRead(o.path) ? (
                <a href={`/giam-sat?${new URLSearchParams({ period: period.id, org: o.id })}`}>{o.name}</a>
              ) : (
                <span>{o.name}</span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <h1>Tình hình báo cáo: {org.name}</h1>
      {calendarWarning ? (
        <p class="notice warn" role="alert" id="calendar-warning">
          {calendarWarning}
          {props.isAdmin ? (
            <>
              {" "}
              <a href={`/quan-tri/lich?year=${missingYear}`}>Cập nhật lịch năm {missingYear}</a>
            </>
          ) : null}
        </p>
      ) : null}
      {tabs.length > 0 ? (
        <nav aria-label="Kỳ báo cáo" class="period-tabs noprint">
          {tabs.map((t) => (
            <a
              href={`/giam-sat?${new URLSearchParams({ period: t.p.id, org: org.id })}`}
              aria-current={t.p.id === period.id ? "page" : undefined}
            >
              <span class="tab-kicker">{t.label}</span>
              <span>
                {t.p.label} · hạn {formatDateVi(t.p.dueOn)}
              </span>
            </a>
          ))}
        </nav>
      ) : null}
      <form method="get" action="/giam-sat" class="filters noprint">
        <input type="hidden" name="org" value={org.id} />
        <div>
          <label for="period">Kỳ báo cáo</label>
          <select id="period" name="period">
            {periods.map((p) => (
              <option value={p.id} selected={p.id === period.id}>
                {p.scheduleName} – {p.label}
                {p.status === "open" ? " (đang mở)" : ""}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Xem</button>
      </form>
      <p class="muted">
        {period.scheduleName}, kỳ {period.label}: số liệu từ {formatDateVi(period.cutoffStart)} đến{" "}
        {formatDateVi(period.cutoffEnd)}, hạn nộp {data.periodDueText}. Cập nhật lúc{" "}
        {formatDateTimeVi(props.now)}.
      </p>
      {notDue ? (
        <p class="notice" id="not-due">
          Kỳ này chưa đến hạn (hạn nộp {data.periodDueText}): các đơn vị chưa nộp chưa bị coi là chậm.
        </p>
      ) : null}

      <section aria-labelledby="headline-h">
        <h2 id="headline-h">Số liệu chung</h2>
        <div class="grid" id="headline">
          <Stat name="expected" value={formatViCount(t.expected)} label="phải nộp" />
          <Stat name="reported" value={formatViCount(t.reported)} label="đã nộp" cls="ok" />
          <Stat name="onTime" value={formatViCount(t.onTime)} label="nộp đúng hạn" cls="ok" />
          <Stat name="late" value={formatViCount(t.late)} label="nộp muộn" cls="warn" />
          <Stat
            name="missing"
            value={formatViCount(t.missing)}
            label={
              notDue ? "chưa nộp (chưa đến hạn)" : `chưa nộp (${formatViCount(t.overdueMissing)} đã quá hạn)`
            }
            cls={notDue ? "" : "bad"}
          />
          <Stat name="returned" value={formatViCount(t.returned)} label="bị trả lại" />
          <Stat name="accepted" value={formatViCount(t.accepted)} label="đã được chấp nhận" />
          <Stat
            name="reportingRate"
            value={formatViPercent(t.reportingRate)}
            label="tỷ lệ báo cáo (đã nộp / phải nộp)"
          />
          <Stat
            name="timelinessRate"
            value={formatViPercent(t.timelinessRate)}
            label="tỷ lệ đúng hạn (đúng hạn / phải nộp)"
          />
        </div>
      </section>

      <section aria-labelledby="children-h">
        <h2 id="children-h">Theo đơn vị trực thuộc</h2>
        {data.children.length === 0 && data.self.expected === 0 ? (
          <p>Không có đơn vị trực thuộc.</p>
        ) : (
          <section class="scroll" tabindex={0} aria-labelledby="children-h">
            <table id="children">
              <FigureHead
                first="Tổ chức"
                figures={[
                  "Phải nộp",
                  "Đã nộp",
                  "Đúng hạn",
                  "Muộn",
                  "Chưa nộp",
                  "Tỷ lệ báo cáo",
                  "Tỷ lệ đúng hạn",
                ]}
              />
              <tbody>
                {data.self.expected > 0 ? (
                  <TotalsRow
                    name={`${org.name} (báo cáo của chính đơn vị)`}
                    t={data.self}
                    id={org.id}
                    notDue={notDue}
                  />
                ) : null}
                {data.children.map((ch) => (
                  <TotalsRow
                    id={ch.id}
                    name={ch.name}
                    t={ch.totals}
                    notDue={notDue}
                    href={
                      ch.hasChildren || ch.totals.expected > 0
                        ? `/giam-sat?${new URLSearchParams({ period: period.id, org: ch.id })}`
                        : undefined
                    }
                  />
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>

      <section aria-labelledby="heat-h">
        <h2 id="heat-h">Bản đồ nhiệt tỷ lệ báo cáo theo kỳ</h2>
        {data.heatmap.rows.length === 0 ? (
          <p>Không có đơn vị nào phải báo cáo trong các kỳ này.</p>
        ) : (
          <>
            <p class="legend-note">
              Mỗi ô ghi tỷ lệ báo cáo (đã nộp / phải nộp) của đơn vị trong kỳ; màu theo chú giải bên dưới.
              {data.heatmap.rows.length > 100 ? " Hiển thị 100 đơn vị đầu; tải CSV để xem đủ." : ""}
            </p>
            <section class="scroll heat-scroll" tabindex={0} aria-labelledby="heat-h" id="heatmap">
              <HeatTable
                caption={`Tỷ lệ báo cáo của các đơn vị thuộc ${org.name} theo kỳ`}
                columns={data.heatmap.periods.map((p) => ({
                  label: `${p.scheduleName} – ${p.label}`,
                  short: p.label,
                  dueOn: p.dueOn,
                  notDue: p.dueOn > passedThrough,
                }))}
                rows={data.heatmap.rows.slice(0, 100).map((r) => ({ label: r.name, cells: r.rates }))}
              />
            </section>
            <HeatLegend />
          </>
        )}
      </section>

      <section aria-labelledby="late-h">
        <h2 id="late-h">Đơn vị chậm, chưa nộp báo cáo ({data.late.length})</h2>
        {data.late.length === 0 ? (
          <p>Không có đơn vị nào chậm hoặc quá hạn chưa nộp.</p>
        ) : (
          <section class="late-list" aria-labelledby="late-h">
            <table id="late" class="cards">
              <thead>
                <tr>
                  <th scope="col">Tổ chức</th>
                  <th scope="col">Hạn nộp</th>
                  <th scope="col">Tình trạng</th>
                  <th scope="col" class="num">
                    Quá hạn (ngày làm việc)
                  </th>
                  <th scope="col">Thao tác</th>
                </tr>
              </thead>
              <tbody>
                {data.late.map((r) => (
                  <tr id={`late-${r.obligationId}`}>
                    <th scope="row" data-label="Tổ chức">
                      <a href={`/bao-cao/${r.obligationId}`}>{r.organisationName}</a>
                    </th>
                    <td data-label="Hạn nộp">{r.dueText}</td>
                    <td data-label="Tình trạng">
                      {r.missing ? (
                        <span class="badge bad">
                          {r.status === "pending"
                            ? STATUS_LABELS.pending
                            : `Chưa nộp – ${(STATUS_LABELS[r.status] ?? r.status).toLowerCase()}`}
                        </span>
                      ) : (
                        <span class="badge warn">Nộp muộn lúc {formatDateTimeVi(r.submittedAt ?? 0)}</span>
                      )}
                    </td>
                    <td class="num" data-label="Quá hạn (ngày làm việc)">
                      {r.daysLate}
                    </td>
                    <td data-label="Thao tác" class="nudge-cell">
                      <div aria-live="polite">
                        {q.ob === r.obligationId && q.nhac ? (
                          <p
                            class={`nudge-done ${q.nhac === "hom-nay-da-gui" ? "warn" : "ok"}`}
                            role="status"
                          >
                            {q.nhac === "da-gui"
                              ? "Đã gửi thư nhắc tới bí thư và người lập báo cáo."
                              : q.nhac === "se-gui" && q.luc
                                ? `Ngoài giờ gửi thư (ngoài giờ hoặc ngày nghỉ): thư nhắc sẽ gửi lúc ${formatDateTimeVi(q.luc)}.`
                                : "Hôm nay đã nhắc đơn vị này; mỗi ngày chỉ nhắc một lần."}
                          </p>
                        ) : null}
                      </div>
                      {r.missing && mayNudge && !(q.ob === r.obligationId && q.nhac) ? (
                        <form
                          method="post"
                          action={`/giam-sat/nhac/${r.obligationId}?${qs()}`}
                          class="inline"
                        >
                          <CsrfField token={csrf} />
                          <button type="submit" class="secondary" aria-label={`Nhắc ${r.organisationName}`}>
                            Nhắc
                          </button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>

      <IndicatorSection data={data} />

      {mayExport ? (
        <section aria-labelledby="export-h" class="noprint">
          <h2 id="export-h">Tải số liệu (CSV)</h2>
          <ul class="exports">
            <li>
              <a class="button secondary" href={`/giam-sat/xuat/tong-hop.csv?${qs()}`}>
                Số liệu chung
              </a>
            </li>
            <li>
              <a class="button secondary" href={`/giam-sat/xuat/don-vi.csv?${qs()}`}>
                Theo đơn vị
              </a>
            </li>
            <li>
              <a class="button secondary" href={`/giam-sat/xuat/ban-do-nhiet.csv?${qs()}`}>
                Bản đồ nhiệt
              </a>
            </li>
            <li>
              <a class="button secondary" href={`/giam-sat/xuat/cham-thieu.csv?${qs()}`}>
                Đơn vị chậm, chưa nộp
              </a>
            </li>
            <li>
              <a class="button secondary" href={`/giam-sat/xuat/chi-tieu.csv?${qs()}`}>
                Chỉ tiêu
              </a>
            </li>
            <li>
              <a class="button secondary" href={`/giam-sat?${qs({ format: "json" })}`}>
                JSON
              </a>
            </li>
          </ul>
          <p>
            <a href={`/tong-hop?${qs()}`}>Lập báo cáo tổng hợp kỳ này</a>
          </p>
        </section>
      ) : null}
    </>
  );
}
