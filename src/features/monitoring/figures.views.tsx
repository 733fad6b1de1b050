/** The dashboard's figures as JSX: headline cards, totals rows, the heat map table and legend, the indicator section. */
import type { ComplianceTotals } from "../../domain/compliance";
import { targetText } from "../../domain/directive-registration";
import { formatViCount, formatViPercent } from "../../domain/numbers";
import { formatDateVi } from "../../domain/time";
import { FigureTable } from "../../pages/page-bits";
import { bandOf, HEAT_BANDS, ProgressChart } from "./charts.views";
import { BASELINE, type DashboardData, indicatorRows } from "./monitoring.service";

export function Stat(props: { name: string; value: string; label: string; cls?: string }) {
  return (
    <div class="card" data-stat={props.name}>
      <div class={`stat ${props.cls ?? ""}`}>{props.value}</div>
      {props.label}
    </div>
  );
}

export function TotalsRow(props: {
  id: string;
  name: string;
  t: ComplianceTotals;
  href?: string;
  notDue?: boolean;
}) {
  const { t } = props;
  // Before the deadline a missing report is not late: say so, in a neutral colour.
  const pending = props.notDue && t.missing > 0;
  return (
    <tr data-org={props.id}>
      <th scope="row">{props.href ? <a href={props.href}>{props.name}</a> : props.name}</th>
      <td class="num">{formatViCount(t.expected)}</td>
      <td class="num">{formatViCount(t.reported)}</td>
      <td class="num">{formatViCount(t.onTime)}</td>
      <td class="num">{formatViCount(t.late)}</td>
      <td class="num">{formatViCount(t.missing)}</td>
      <td class="num">
        {pending ? (
          <span class="muted">
            {formatViPercent(t.reportingRate)} <small>(chưa đến hạn)</small>
          </span>
        ) : (
          <span class={rateClass(t.reportingRate)}>{formatViPercent(t.reportingRate)}</span>
        )}
      </td>
      <td class="num">
        {pending ? <span class="muted">chưa đến hạn</span> : formatViPercent(t.timelinessRate)}
      </td>
    </tr>
  );
}

/** Organisations × periods as a table: the first column stays put while the periods scroll. */
export function HeatTable(props: {
  caption: string;
  columns: { label: string; short: string; dueOn: string; notDue: boolean }[];
  rows: { label: string; cells: (number | null)[] }[];
}) {
  return (
    <table class="heat">
      <caption class="sr">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Đơn vị</th>
          {props.columns.map((c) => (
            <th scope="col" title={c.label}>
              {c.short}
              <small>hạn {formatDateVi(c.dueOn)}</small>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            {r.cells.map((v, i) =>
              props.columns[i]?.notDue && v !== null && v < 100 ? (
                <td class="heat-cell band-pending">
                  {formatViPercent(v, 0)}
                  <small>chưa đến hạn</small>
                </td>
              ) : (
                <td class={`heat-cell band-${bandIndex(v)}`}>{formatViPercent(v, 0)}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function bandIndex(rate: number | null): string {
  if (rate === null) return "none";
  const i = HEAT_BANDS.findIndex((b) => rate >= b.min);
  return i < 0 ? "none" : String(i);
}

export function HeatLegend() {
  return (
    <ul class="heat-legend" aria-label="Chú giải bản đồ nhiệt">
      {HEAT_BANDS.map((b, i) => (
        <li>
          <span class={`swatch band-${i}`} aria-hidden="true" />
          {b.label}
        </li>
      ))}
      <li>
        <span class="swatch band-pending" aria-hidden="true" />
        Chưa đến hạn
      </li>
      <li>
        <span class="swatch band-none" aria-hidden="true" />
        Không phải báo cáo
      </li>
    </ul>
  );
}

function rateClass(rate: number | null): string {
  if (rate === null) return "muted";
  return bandOf(rate).fill === "#cf222e" ? "bad" : "";
}

export function IndicatorSection(props: { data: DashboardData }) {
  const d = props.data;
  const rows = indicatorRows(d);
  const total = d.indicators?.total;
  return (
    <section aria-labelledby="ind-h">
      <h2 id="ind-h">Chỉ tiêu bao phủ bảo hiểm y tế</h2>
      <p>
        Tỷ lệ bao phủ bình quân theo dân số từ các báo cáo đã nộp và đã được chấp nhận kỳ {d.period.label}:{" "}
        <strong id="coverage-total">{formatViPercent(total?.coverage.value ?? null, 2)}</strong> (
        {formatViCount(total?.coverage.included ?? 0)} đơn vị có số liệu; số người tham gia BHYT{" "}
        {formatViCount(total?.insured.value ?? null)}). Năm {BASELINE.year}:{" "}
        {formatViPercent(BASELINE.value, 2)}; mục tiêu năm 2026 trên 95%, năm 2030 bao phủ toàn dân.
      </p>
      <section class="scroll" tabindex={0} aria-label="Biểu đồ tỷ lệ bao phủ so với mục tiêu">
        <ProgressChart
          id="progress"
          title="Tỷ lệ bao phủ bảo hiểm y tế so với mục tiêu"
          bars={[
            { label: `Năm ${BASELINE.year}`, value: BASELINE.value, kind: "baseline" },
            ...d.coverageByPeriod.map((p) => ({
              label: p.period.label,
              value: p.coverage,
              kind: "actual" as const,
            })),
          ]}
          targets={d.coverageTargets.map((t) => ({
            year: t.year,
            value: t.value,
            label: `Mục tiêu ${t.year}${t.organisationId === d.organisation.id ? "" : ` (${t.organisationName})`}: ${targetText(t, "percent").toLowerCase()}`,
          }))}
        />
      </section>
      {rows.length > 0 ? (
        <FigureTable
          label="Bảng chỉ tiêu theo đơn vị"
          id="indicators"
          header={["Tổ chức", "Tỷ lệ bao phủ", "Số người tham gia BHYT", "Dân số"]}
          rows={rows.map((r) => [
            r.name,
            formatViPercent(r.coverage, 2),
            formatViCount(r.insured),
            formatViCount(r.population || null),
          ])}
        />
      ) : (
        <p>Chưa có số liệu chỉ tiêu trong kỳ này.</p>
      )}
    </section>
  );
}
