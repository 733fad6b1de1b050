/**
 * Compliance monitoring's decisions (no HTTP here): which organisation a person sees by default,
 * the dashboard's figures for an organisation and a period (totals, children, heat map, late
 * list, indicators), the page's surroundings (breadcrumbs, period tabs, calendar warning), the
 * CSV exports and the JSON form, and what a nudge's outcome says.
 */
import { type Principal, scopeFor } from "../../auth/policy";
import type { WorkingCalendar } from "../../domain/calendar";
import type { ComplianceTotals } from "../../domain/compliance";
import { toCsv } from "../../domain/csv";
import {
  type Deadline,
  deadlineFromStored,
  deadlineOf,
  formatDeadline,
  lastPassedDueOn,
  workingDaysLate,
} from "../../domain/deadline";
import type { TargetOnPath } from "../../domain/directive-registration";
import { OBLIGATION_STATUS_LABELS } from "../../domain/status-labels";
import { formatDateTimeVi, localDate } from "../../domain/time";
import { AppError } from "../../platform/errors";
import { keepsWatchOnCalendar, missingNextYear, missingYearWarning } from "../calendar";
import { targetsForOrganisation } from "../directives";
import { type IndicatorRollup, indicatorRollup, lateAndMissing, rollupSubtree } from "./monitoring.queries";
import type { NudgeResult } from "./nudge.service";
import {
  childrenOf,
  currentPeriod,
  defaultPeriod,
  listPeriods,
  type OrgInfo,
  type PeriodInfo,
  pathOrgs,
  type ReadDb,
  recentPeriods,
  rootOrgId,
  withChildren,
} from "./selection.queries";

/** The organisation whose subtree the person sees by default: the top of their dashboard scope. */
export async function defaultOrgId(db: ReadDb, principal: Principal | null): Promise<string | null> {
  const scope = scopeFor(principal, "dashboard.read");
  if (scope.global) return rootOrgId(db);
  const top = [...scope.subtrees].sort((a, b) => a.length - b.length)[0];
  return top ? (top.split("/").filter(Boolean).pop() ?? null) : null;
}

export interface LateRow {
  obligationId: string;
  organisationId: string;
  organisationName: string;
  effectiveDueOn: string;
  /** "20/12/2026 (Chủ nhật), tính đến hết 21/12/2026" (domain `formatDeadline`). */
  dueText: string;
  status: string;
  missing: boolean;
  submittedAt: number | null;
  /** Working days past the effective due date (until now, or until the submission): domain `workingDaysLate`. */
  daysLate: number;
}

export interface DashboardData {
  organisation: OrgInfo;
  period: PeriodInfo;
  totals: ComplianceTotals;
  self: ComplianceTotals;
  children: { id: string; name: string; hasChildren: boolean; totals: ComplianceTotals }[];
  heatmap: { periods: PeriodInfo[]; rows: { id: string; name: string; rates: (number | null)[] }[] };
  late: LateRow[];
  /** The period's deadline as people read it (nominal and, when a day off, effective date). */
  periodDueText: string;
  /** The period's deadline (`deadlineOf` the schedule's due date). */
  periodDeadline: Deadline;
  indicators: IndicatorRollup | undefined;
  coverageByPeriod: { period: PeriodInfo; coverage: number | null }[];
  /** Coverage targets in force for the organisation (its own, else the closest ancestor's). */
  coverageTargets: TargetOnPath[];
}

export async function loadDashboard(
  db: ReadDb,
  org: OrgInfo,
  period: PeriodInfo,
  now: number,
  calendar: WorkingCalendar,
): Promise<DashboardData> {
  const children = await childrenOf(db, org.id);
  const periods = await recentPeriods(db, period, 6);
  if (!periods.some((p) => p.id === period.id)) periods.push(period);
  const ids = periods.map((p) => p.id);
  const [rollups, lateRows, indicators, grandchildren, coverageTargets] = await Promise.all([
    rollupSubtree(db, org, ids, now, { children }),
    lateAndMissing(db, org, period.id, now),
    indicatorRollup(db, org, ids, now),
    withChildren(
      db,
      children.map((ch) => ch.id),
    ),
    targetsForOrganisation(db, COVERAGE_INDICATOR_ID, org.path),
  ]);
  const current = rollups.get(period.id)!;
  const nameOf = new Map(children.map((ch) => [ch.id, ch.name]));
  const withKids = grandchildren;
  const late: LateRow[] = lateRows.map((r) => {
    const deadline = deadlineFromStored(r.nominalDueOn, r.effectiveDueOn);
    return {
      obligationId: r.obligationId,
      organisationId: r.organisationId,
      organisationName: r.organisationName,
      effectiveDueOn: r.effectiveDueOn,
      dueText: formatDeadline(deadline, calendar),
      status: r.status,
      missing: r.missing,
      submittedAt: r.firstSubmittedAt,
      daysLate: workingDaysLate(
        deadline,
        r.missing || r.firstSubmittedAt === null ? now : r.firstSubmittedAt,
        calendar,
      ),
    };
  });
  // Heat map rows: children that owe anything in one of the periods (at most 100; the CSV has all).
  const heatRows = current.children
    .filter((ch) =>
      ids.some(
        (id) =>
          (rollups.get(id)?.children.find((x) => x.organisationId === ch.organisationId)?.totals.expected ??
            0) > 0,
      ),
    )
    .map((ch) => ({
      id: ch.organisationId,
      name: nameOf.get(ch.organisationId) ?? ch.organisationId,
      rates: ids.map(
        (id) =>
          rollups.get(id)?.children.find((x) => x.organisationId === ch.organisationId)?.totals
            .reportingRate ?? null,
      ),
    }));
  if (current.self.expected > 0 || periods.some((p) => (rollups.get(p.id)?.self.expected ?? 0) > 0)) {
    heatRows.unshift({
      id: org.id,
      name: `${org.name} (báo cáo của chính đơn vị)`,
      rates: ids.map((id) => rollups.get(id)?.self.reportingRate ?? null),
    });
  }
  return {
    organisation: org,
    period,
    totals: current.root,
    self: current.self,
    children: current.children.map((ch) => ({
      id: ch.organisationId,
      name: nameOf.get(ch.organisationId) ?? ch.organisationId,
      hasChildren: withKids.has(ch.organisationId),
      totals: ch.totals,
    })),
    heatmap: { periods, rows: heatRows },
    late,
    periodDueText: formatDeadline(deadlineOf(period.dueOn, calendar), calendar),
    periodDeadline: deadlineOf(period.dueOn, calendar),
    indicators: indicators.get(period.id),
    coverageTargets,
    coverageByPeriod: periods.map((p) => ({
      period: p,
      coverage: indicators.get(p.id)?.total.coverage.value ?? null,
    })),
  };
}

export const BASELINE = { year: 2024, value: 94.29 };
/** The coverage indicator of Directive 52 (its targets are data: per organisation and year). */
const COVERAGE_INDICATOR_ID = "ind-coverage";

export const STATUS_LABELS: Readonly<Record<string, string>> = OBLIGATION_STATUS_LABELS;

// ---------- CSV ----------

const TOTAL_HEADERS = [
  "Phải nộp",
  "Đã nộp",
  "Đúng hạn",
  "Nộp muộn",
  "Chưa nộp",
  "Quá hạn chưa nộp",
  "Bị trả lại",
  "Đã chấp nhận",
  "Tỷ lệ báo cáo (%)",
  "Tỷ lệ đúng hạn (%)",
];
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const totalCells = (t: ComplianceTotals) => [
  t.expected,
  t.reported,
  t.onTime,
  t.late,
  t.missing,
  t.overdueMissing,
  t.returned,
  t.accepted,
  round1(t.reportingRate),
  round1(t.timelinessRate),
];

export const EXPORT_TABLES = ["tong-hop", "don-vi", "ban-do-nhiet", "cham-thieu", "chi-tieu"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export function dashboardCsv(table: ExportTable, d: DashboardData): string {
  switch (table) {
    case "tong-hop":
      return toCsv(
        ["Mã tổ chức", "Tổ chức", "Kỳ", ...TOTAL_HEADERS],
        [[d.organisation.id, d.organisation.name, d.period.label, ...totalCells(d.totals)]],
      );
    case "don-vi":
      return toCsv(
        ["Mã tổ chức", "Tổ chức", ...TOTAL_HEADERS],
        [
          ...(d.self.expected > 0
            ? [[d.organisation.id, `${d.organisation.name} (chính đơn vị)`, ...totalCells(d.self)]]
            : []),
          ...d.children.map((ch) => [ch.id, ch.name, ...totalCells(ch.totals)]),
        ],
      );
    case "ban-do-nhiet":
      return toCsv(
        ["Mã tổ chức", "Tổ chức", ...d.heatmap.periods.map((p) => `${p.label} (%)`)],
        d.heatmap.rows.map((r) => [r.id, r.name, ...r.rates.map(round1)]),
      );
    case "cham-thieu":
      return toCsv(
        ["Mã báo cáo", "Tổ chức", "Hạn nộp", "Tình trạng", "Nộp lúc", "Số ngày làm việc quá hạn"],
        d.late.map((r) => [
          r.obligationId,
          r.organisationName,
          r.dueText,
          r.missing ? "Chưa nộp" : "Nộp muộn",
          r.submittedAt === null ? "" : formatDateTimeVi(r.submittedAt),
          r.daysLate,
        ]),
      );
    case "chi-tieu":
      return toCsv(
        [
          "Mã tổ chức",
          "Tổ chức",
          "Tỷ lệ bao phủ BHYT (%)",
          "Số người tham gia BHYT",
          "Dân số (đơn vị có số liệu)",
        ],
        indicatorRows(d).map((r) => [
          r.id,
          r.name,
          r.coverage === null ? null : Math.round(r.coverage * 100) / 100,
          r.insured,
          r.population,
        ]),
      );
  }
}

export function indicatorRows(d: DashboardData) {
  const names = new Map(d.children.map((ch) => [ch.id, ch.name]));
  names.set("", `${d.organisation.name} (chính đơn vị)`);
  const rows = (d.indicators?.children ?? []).map((r) => ({
    id: r.organisationId || d.organisation.id,
    name: names.get(r.organisationId) ?? r.organisationId,
    coverage: r.coverage.value,
    insured: r.insured.value,
    population: r.population,
  }));
  const order = new Map(d.children.map((ch, i) => [ch.id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? -1) - (order.get(b.id) ?? -1));
}

export function dashboardJson(d: DashboardData) {
  return {
    organisation: { id: d.organisation.id, name: d.organisation.name, path: d.organisation.path },
    period: {
      id: d.period.id,
      label: d.period.label,
      scheduleName: d.period.scheduleName,
      dueOn: d.period.dueOn,
      effectiveDueOn: d.periodDeadline.effectiveOn,
      dueText: d.periodDueText,
      status: d.period.status,
    },
    totals: d.totals,
    self: d.self,
    children: d.children,
    heatmap: {
      periods: d.heatmap.periods.map((p) => ({ id: p.id, label: p.label })),
      rows: d.heatmap.rows,
    },
    late: d.late,
    indicators: d.indicators ?? null,
  };
}

/** The CSV table asked for by its file name (`don-vi.csv`), or not found. */
export function exportTableOf(file: string): ExportTable {
  const table = file.endsWith(".csv") ? file.slice(0, -4) : "";
  if (!(EXPORT_TABLES as readonly string[]).includes(table)) {
    throw new AppError("not_found", "not_found", "Không có bảng số liệu này");
  }
  return table as ExportTable;
}

export interface DashboardSurroundings {
  /** Due dates up to this day have passed (`lastPassedDueOn`). */
  passedThrough: string;
  crumbs: OrgInfo[];
  periods: PeriodInfo[];
  tabs: { p: PeriodInfo; label: string }[];
  missingYear: number | null;
  calendarWarning: string | null;
}

/** What the dashboard page shows around the figures: breadcrumbs, the period picker and tabs, the calendar warning. */
export async function dashboardSurroundings(
  db: ReadDb,
  org: OrgInfo,
  principal: Principal | null,
  now: number,
  calendar: WorkingCalendar,
): Promise<DashboardSurroundings> {
  const passedThrough = lastPassedDueOn(localDate(now), calendar);
  const [crumbs, periods, latestDue, current, missingYear] = await Promise.all([
    pathOrgs(db, org.path),
    listPeriods(db),
    defaultPeriod(db, passedThrough),
    currentPeriod(db, passedThrough),
    keepsWatchOnCalendar(principal) ? missingNextYear(db, now) : null,
  ]);
  const calendarWarning = missingYearWarning(missingYear);
  const tabs = [
    latestDue && latestDue.dueOn <= passedThrough ? { p: latestDue, label: "Kỳ đã đến hạn gần nhất" } : null,
    current ? { p: current, label: "Kỳ hiện tại (chưa đến hạn)" } : null,
  ].filter((t): t is { p: NonNullable<typeof latestDue>; label: string } => t !== null);
  return { passedThrough, crumbs, periods, tabs, missingYear, calendarWarning };
}

/** Where a nudge sent from the page's form goes back to: the dashboard, its outcome on the row. */
export function nudgeBackQuery(
  result: NudgeResult,
  now: number,
  obligationId: string,
  from: { period: string | undefined; org: string | undefined },
): URLSearchParams {
  const back = new URLSearchParams();
  const { period, org } = from;
  if (period && /^[a-z0-9_-]+$/i.test(period)) back.set("period", period);
  if (org && /^[a-z0-9_-]+$/i.test(org)) back.set("org", org);
  const deferred = result.sent && result.sendAt !== undefined && result.sendAt > now;
  back.set("nhac", deferred ? "se-gui" : result.sent ? "da-gui" : "hom-nay-da-gui");
  if (deferred) back.set("luc", String(result.sendAt));
  back.set("ob", obligationId);
  return back;
}

/** What a nudge's JSON answer says. */
export function nudgeMessage(result: NudgeResult, now: number): string {
  return !result.sent
    ? "Hôm nay đã gửi nhắc cho đơn vị này rồi; mỗi ngày chỉ nhắc một lần."
    : result.sendAt !== undefined && result.sendAt > now
      ? `Ngoài giờ gửi thư hoặc ngày nghỉ: thư nhắc sẽ được gửi lúc ${formatDateTimeVi(result.sendAt)}.`
      : "Đã gửi thư nhắc tới bí thư và người lập báo cáo của đơn vị.";
}
