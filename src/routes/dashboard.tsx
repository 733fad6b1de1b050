/**
 * Compliance monitoring (giám sát): headline figures, drill-down by child organisation, a heat
 * map of organisations × periods, the late and missing list with a "Nhắc" button, indicator
 * progress against the targets, and CSV exports of every table. Read-heavy: the queries run on
 * a D1 read session (Sessions API) when the runtime has one, and the bookmark goes back in
 * `x-d1-bookmark` so a client can read its own writes from a replica.
 */
import { type Context, Hono } from "hono";
import * as z from "zod";
import { authorize, orgOfRow, requirePolicy } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can, isAdmin, scopeFor } from "../auth/policy";
import { clientIp, csrfTokenFor } from "../auth/web";
import { loadCalendar } from "../db/calendar";
import type { WorkingCalendar } from "../domain/calendar";
import type { ComplianceTotals } from "../domain/compliance";
import { toCsv } from "../domain/csv";
import {
  type Deadline,
  deadlineFromStored,
  deadlineOf,
  formatDeadline,
  isOnTime,
  lastPassedDueOn,
  workingDaysLate,
} from "../domain/deadline";
import { type TargetOnPath, targetText } from "../domain/directive-registration";
import { OBLIGATION_STATUS_LABELS } from "../domain/status-labels";
import { formatDateTimeVi, formatDateVi, localDate } from "../domain/time";
import { keepsWatchOnCalendar, missingNextYear, missingYearWarning } from "../features/calendar";
import {
  bandOf,
  childrenOf,
  currentPeriod,
  defaultPeriod,
  HEAT_BANDS,
  type IndicatorRollup,
  indicatorRollup,
  lateAndMissing,
  listPeriods,
  loadOrgInfo,
  loadPeriod,
  num,
  type OrgInfo,
  type PeriodInfo,
  ProgressChart,
  pathOrgs,
  pct,
  type ReadDb,
  recentPeriods,
  rollupSubtree,
} from "../features/monitoring";
import type { AppEnv } from "../http/context";
import { AppError, forbidden, notFound, validationError } from "../platform/errors";
import { targetsForOrganisation } from "../services/directive-setup";
import { nudgeObligation } from "../services/nudge";

export const dashboardRoutes = new Hono<AppEnv>();

/** A D1 read session when the runtime supports it, else the database itself. */
export function readSession(c: Context<AppEnv>): { db: ReadDb; bookmark: () => string | null } {
  const d1 = c.env.DB;
  if (typeof d1.withSession === "function") {
    try {
      const requested = c.req.header("x-d1-bookmark");
      const session = d1.withSession(requested && requested.length < 200 ? requested : "first-unconstrained");
      return { db: session, bookmark: () => session.getBookmark() };
    } catch {
      // Older local runtimes: fall back to the primary.
    }
  }
  return { db: d1, bookmark: () => null };
}

export function setBookmark(c: Context<AppEnv>, bookmark: string | null): void {
  if (bookmark) c.header("x-d1-bookmark", bookmark);
}

const query = z.object({
  period: z
    .string()
    .trim()
    .max(120)
    .regex(/^[a-z0-9_-]*$/i, { error: "Mã kỳ báo cáo không hợp lệ" })
    .optional(),
  org: z
    .string()
    .trim()
    .max(120)
    .regex(/^[a-z0-9_-]*$/i, { error: "Mã tổ chức không hợp lệ" })
    .optional(),
  format: z.enum(["html", "json"]).optional(),
  nhac: z.enum(["da-gui", "se-gui", "hom-nay-da-gui"]).optional(),
  /** With `nhac=se-gui`: when the deferred nudge goes out (ms). */
  luc: z.coerce.number().int().positive().optional(),
  /** The obligation just nudged: its row shows the outcome where its button was. */
  ob: z
    .string()
    .trim()
    .max(200)
    .regex(/^[a-z0-9_-]*$/i, { error: "Mã báo cáo không hợp lệ" })
    .optional(),
});

/** The organisation whose subtree the person sees by default: the top of their dashboard scope. */
export async function defaultOrgId(c: Context<AppEnv>, db: ReadDb): Promise<string | null> {
  const scope = scopeFor(c.var.principal, "dashboard.read");
  if (scope.global) {
    const root = await db
      .prepare("select id from organisations where parent_id is null order by sort_order limit 1")
      .first<{ id: string }>();
    return root?.id ?? null;
  }
  const top = [...scope.subtrees].sort((a, b) => a.length - b.length)[0];
  return top ? (top.split("/").filter(Boolean).pop() ?? null) : null;
}

const calendarsByRequest = new WeakMap<Context<AppEnv>, Promise<WorkingCalendar>>();

/**
 * The working calendar, read once per request through the request's read session: the default
 * period, the late list and the tabs of one dashboard view all need it.
 */
function calendarFor(c: Context<AppEnv>, db: ReadDb): Promise<WorkingCalendar> {
  let calendar = calendarsByRequest.get(c);
  if (!calendar) {
    calendar = loadCalendar(db);
    calendarsByRequest.set(c, calendar);
  }
  return calendar;
}

/** Resolves and authorises `?org=&period=` for the monitoring pages (404 unknown, 403 out of scope). */
export async function resolveSelection(
  c: Context<AppEnv>,
  db: ReadDb,
  action: "dashboard.read" | "export.read",
): Promise<{ org: OrgInfo; period: PeriodInfo | null; q: z.infer<typeof query> }> {
  const parsed = query.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const q = parsed.data;
  const orgId = q.org || (await defaultOrgId(c, db));
  if (!orgId) throw forbidden();
  const org = await loadOrgInfo(db, orgId);
  authorize(c, action, org);
  let period: PeriodInfo | null;
  if (q.period) {
    period = await loadPeriod(db, q.period);
    if (!period) throw notFound("Không tìm thấy kỳ báo cáo");
  } else {
    period = await defaultPeriod(db, lastPassedDueOn(localDate(c.var.now), await calendarFor(c, db)));
  }
  return { org: org!, period, q };
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
  c: Context<AppEnv>,
  db: ReadDb,
  org: OrgInfo,
  period: PeriodInfo,
): Promise<DashboardData> {
  const now = c.var.now;
  const children = await childrenOf(db, org.id);
  const periods = await recentPeriods(db, period, 6);
  if (!periods.some((p) => p.id === period.id)) periods.push(period);
  const ids = periods.map((p) => p.id);
  const [rollups, lateRows, indicators, grandchildren, coverageTargets] = await Promise.all([
    rollupSubtree(db, org, ids, now, { children }),
    lateAndMissing(db, org, period.id, now),
    indicatorRollup(db, org, ids, now),
    db
      .prepare(
        "select distinct parent_id as id from organisations where parent_id in (select value from json_each(?))",
      )
      .bind(JSON.stringify(children.map((ch) => ch.id)))
      .all<{ id: string }>(),
    targetsForOrganisation(db, COVERAGE_INDICATOR_ID, org.path),
  ]);
  const current = rollups.get(period.id)!;
  const nameOf = new Map(children.map((ch) => [ch.id, ch.name]));
  const withKids = new Set(grandchildren.results.map((r) => r.id));
  const calendar = await calendarFor(c, db);
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

const BASELINE = { year: 2024, value: 94.29 };
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
type ExportTable = (typeof EXPORT_TABLES)[number];

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

function indicatorRows(d: DashboardData) {
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

// ---------- routes ----------

dashboardRoutes.get("/giam-sat", requirePolicy("dashboard.read", "in-handler"), async (c) => {
  const { db, bookmark } = readSession(c);
  const { org, period, q } = await resolveSelection(c, db, "dashboard.read");
  if (!period) {
    setBookmark(c, bookmark());
    return renderPage(c, "Giám sát báo cáo", <p>Chưa có kỳ báo cáo nào.</p>);
  }
  const data = await loadDashboard(c, db, org, period);
  setBookmark(c, bookmark());
  if (q.format === "json") return c.json(jsonOf(data));
  const passedThrough = lastPassedDueOn(localDate(c.var.now), await calendarFor(c, db));
  const principal = c.var.principal;
  const [crumbs, periods, latestDue, current, missingYear] = await Promise.all([
    pathOrgs(db, org.path),
    listPeriods(db),
    defaultPeriod(db, passedThrough),
    currentPeriod(db, passedThrough),
    keepsWatchOnCalendar(principal) ? missingNextYear(db, c.var.now) : null,
  ]);
  const calendarWarning = missingYearWarning(missingYear);
  // Before its deadline (the effective one: a day off moves it) nothing is late: missing
  // reports are "chưa đến hạn", never red.
  const notDue = isOnTime(data.periodDeadline, c.var.now);
  const tabs = [
    latestDue && latestDue.dueOn <= passedThrough ? { p: latestDue, label: "Kỳ đã đến hạn gần nhất" } : null,
    current ? { p: current, label: "Kỳ hiện tại (chưa đến hạn)" } : null,
  ].filter((t): t is { p: NonNullable<typeof latestDue>; label: string } => t !== null);
  const mayExport = can(principal, "export.read", org.path);
  const mayNudge = can(principal, "obligation.nudge", org.path);
  const csrf = await csrfTokenFor(c);
  const qs = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ period: period.id, org: org.id, ...extra }).toString();
  const t = data.totals;
  return renderPage(
    c,
    `Giám sát – ${org.name}`,
    <>
      <link rel="stylesheet" href="/assets/giam-sat.css" />
      <nav aria-label="Vị trí trong cây tổ chức">
        <ol class="crumbs">
          {crumbs.map((o) => (
            <li>
              {o.id === org.id ? (
                <span aria-current="page">{o.name}</span>
              ) : can(principal, "dashboard.read", o.path) ? (
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
          {isAdmin(principal) ? (
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
        {formatDateTimeVi(c.var.now)}.
      </p>
      {notDue ? (
        <p class="notice" id="not-due">
          Kỳ này chưa đến hạn (hạn nộp {data.periodDueText}): các đơn vị chưa nộp chưa bị coi là chậm.
        </p>
      ) : null}

      <section aria-labelledby="headline-h">
        <h2 id="headline-h">Số liệu chung</h2>
        <div class="grid" id="headline">
          <Stat name="expected" value={num(t.expected)} label="phải nộp" />
          <Stat name="reported" value={num(t.reported)} label="đã nộp" cls="ok" />
          <Stat name="onTime" value={num(t.onTime)} label="nộp đúng hạn" cls="ok" />
          <Stat name="late" value={num(t.late)} label="nộp muộn" cls="warn" />
          <Stat
            name="missing"
            value={num(t.missing)}
            label={notDue ? "chưa nộp (chưa đến hạn)" : `chưa nộp (${num(t.overdueMissing)} đã quá hạn)`}
            cls={notDue ? "" : "bad"}
          />
          <Stat name="returned" value={num(t.returned)} label="bị trả lại" />
          <Stat name="accepted" value={num(t.accepted)} label="đã được chấp nhận" />
          <Stat name="reportingRate" value={pct(t.reportingRate)} label="tỷ lệ báo cáo (đã nộp / phải nộp)" />
          <Stat
            name="timelinessRate"
            value={pct(t.timelinessRate)}
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
              <thead>
                <tr>
                  <th scope="col">Tổ chức</th>
                  <th scope="col" class="num">
                    Phải nộp
                  </th>
                  <th scope="col" class="num">
                    Đã nộp
                  </th>
                  <th scope="col" class="num">
                    Đúng hạn
                  </th>
                  <th scope="col" class="num">
                    Muộn
                  </th>
                  <th scope="col" class="num">
                    Chưa nộp
                  </th>
                  <th scope="col" class="num">
                    Tỷ lệ báo cáo
                  </th>
                  <th scope="col" class="num">
                    Tỷ lệ đúng hạn
                  </th>
                </tr>
              </thead>
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
    </>,
  );
});

function Stat(props: { name: string; value: string; label: string; cls?: string }) {
  return (
    <div class="card" data-stat={props.name}>
      <div class={`stat ${props.cls ?? ""}`}>{props.value}</div>
      {props.label}
    </div>
  );
}

function TotalsRow(props: {
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
      <td class="num">{num(t.expected)}</td>
      <td class="num">{num(t.reported)}</td>
      <td class="num">{num(t.onTime)}</td>
      <td class="num">{num(t.late)}</td>
      <td class="num">{num(t.missing)}</td>
      <td class="num">
        {pending ? (
          <span class="muted">
            {pct(t.reportingRate)} <small>(chưa đến hạn)</small>
          </span>
        ) : (
          <span class={rateClass(t.reportingRate)}>{pct(t.reportingRate)}</span>
        )}
      </td>
      <td class="num">{pending ? <span class="muted">chưa đến hạn</span> : pct(t.timelinessRate)}</td>
    </tr>
  );
}

/** Organisations × periods as a table: the first column stays put while the periods scroll. */
function HeatTable(props: {
  caption: string;
  columns: { label: string; short: string; dueOn: string; notDue: boolean }[];
  rows: { label: string; cells: (number | null)[] }[];
}) {
  return (
    <table class="heat">
      <caption class="visually-hidden">{props.caption}</caption>
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
                  {pct(v, 0)}
                  <small>chưa đến hạn</small>
                </td>
              ) : (
                <td class={`heat-cell band-${bandIndex(v)}`}>{pct(v, 0)}</td>
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

function HeatLegend() {
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

function IndicatorSection(props: { data: DashboardData }) {
  const d = props.data;
  const rows = indicatorRows(d);
  const total = d.indicators?.total;
  return (
    <section aria-labelledby="ind-h">
      <h2 id="ind-h">Chỉ tiêu bao phủ bảo hiểm y tế</h2>
      <p>
        Tỷ lệ bao phủ bình quân theo dân số từ các báo cáo đã nộp và đã được chấp nhận kỳ {d.period.label}:{" "}
        <strong id="coverage-total">{pct(total?.coverage.value ?? null, 2)}</strong> (
        {num(total?.coverage.included ?? 0)} đơn vị có số liệu; số người tham gia BHYT{" "}
        {num(total?.insured.value ?? null)}). Năm {BASELINE.year}: {pct(BASELINE.value, 2)}; mục tiêu năm 2026
        trên 95%, năm 2030 bao phủ toàn dân.
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
        <section class="scroll" tabindex={0} aria-label="Bảng chỉ tiêu theo đơn vị">
          <table id="indicators">
            <thead>
              <tr>
                <th scope="col">Tổ chức</th>
                <th scope="col" class="num">
                  Tỷ lệ bao phủ
                </th>
                <th scope="col" class="num">
                  Số người tham gia BHYT
                </th>
                <th scope="col" class="num">
                  Dân số
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.name}</th>
                  <td class="num">{pct(r.coverage, 2)}</td>
                  <td class="num">{num(r.insured)}</td>
                  <td class="num">{num(r.population || null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : (
        <p>Chưa có số liệu chỉ tiêu trong kỳ này.</p>
      )}
    </section>
  );
}

function jsonOf(d: DashboardData) {
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

const nudgeParams = z.object({
  obligationId: z
    .string()
    .min(1)
    .max(160)
    .regex(/^[A-Za-z0-9_-]+$/),
});

dashboardRoutes.post(
  "/giam-sat/nhac/:obligationId",
  requirePolicy("obligation.nudge", orgOfRow("obligations", "obligationId")),
  async (c) => {
    const parsed = nudgeParams.safeParse(c.req.param());
    if (!parsed.success) throw validationError(parsed.error);
    const result = await nudgeObligation(c.env, c.var.config, {
      obligationId: parsed.data.obligationId,
      actorPersonId: c.var.principal!.personId,
      actorKind: c.var.principal!.kind,
      now: c.var.now,
      ip: clientIp(c),
    });
    const isForm = (c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
    if (isForm) {
      const back = new URLSearchParams();
      const period = c.req.query("period");
      const org = c.req.query("org");
      if (period && /^[a-z0-9_-]+$/i.test(period)) back.set("period", period);
      if (org && /^[a-z0-9_-]+$/i.test(org)) back.set("org", org);
      const deferred = result.sent && result.sendAt !== undefined && result.sendAt > c.var.now;
      back.set("nhac", deferred ? "se-gui" : result.sent ? "da-gui" : "hom-nay-da-gui");
      if (deferred) back.set("luc", String(result.sendAt));
      back.set("ob", parsed.data.obligationId);
      return c.redirect(`/giam-sat?${back}#late-${parsed.data.obligationId}`, 303);
    }
    return c.json(
      {
        ...result,
        message: !result.sent
          ? "Hôm nay đã gửi nhắc cho đơn vị này rồi; mỗi ngày chỉ nhắc một lần."
          : result.sendAt !== undefined && result.sendAt > c.var.now
            ? `Ngoài giờ gửi thư hoặc ngày nghỉ: thư nhắc sẽ được gửi lúc ${formatDateTimeVi(result.sendAt)}.`
            : "Đã gửi thư nhắc tới bí thư và người lập báo cáo của đơn vị.",
      },
      result.sent ? 201 : 200,
    );
  },
);

dashboardRoutes.get("/giam-sat/xuat/:file", requirePolicy("export.read", "in-handler"), async (c) => {
  const file = c.req.param("file");
  const table = file.endsWith(".csv") ? file.slice(0, -4) : "";
  if (!(EXPORT_TABLES as readonly string[]).includes(table)) {
    throw new AppError("not_found", "not_found", "Không có bảng số liệu này");
  }
  const { db, bookmark } = readSession(c);
  const { org, period } = await resolveSelection(c, db, "export.read");
  if (!period) throw notFound("Không tìm thấy kỳ báo cáo");
  const data = await loadDashboard(c, db, org, period);
  setBookmark(c, bookmark());
  const name = `giam-sat-${table}-${org.id}-${period.key}.csv`;
  return c.body(dashboardCsv(table as ExportTable, data), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${name}"`,
  });
});
