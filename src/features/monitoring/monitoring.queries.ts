/**
 * The D1 side of compliance monitoring: what the dashboard, the digests and the consolidated
 * report need for a period and a subtree, aggregated in SQL so a subtree of 60,000
 * organisations comes back as one row per (period, child of the root), never one per obligation.
 *
 * The SQL mirrors `addObligation` in `src/domain/compliance.ts` (DHIS2 semantics) clause by
 * clause; `test/integration/compliance-queries.test.ts` checks it against the pure `rollup`
 * on the demo data and on generated trees. The child an obligation rolls up to is the path
 * segment after the root's path; the subtree is the index range `path >= p and path < p || '~'`.
 */
import {
  aggregateIndicator,
  type ComplianceCounts,
  type IndicatorAggregate,
  type RollupResult,
  withRates,
} from "../../domain/compliance";
import { childrenOf, type OrgInfo, type ReadDb, rangeEnd } from "./selection.queries";

/**
 * End of the deadline (Asia/Ho_Chi_Minh) in ms: `Deadline.endsAt` in SQL. `effective_due_on` is
 * stored already moved to a working day by `deadlineOf`, so no calendar is needed here.
 */
const EOD_SQL = "(cast(strftime('%s', ob.effective_due_on) as integer) + 61200) * 1000";
/** The child of the root an organisation rolls up to ('' for the root itself). */
const CHILD_SQL = `case when org.path = ?1 then '' else
  substr(org.path, length(?1) + 1, instr(substr(org.path, length(?1) + 1), '/') - 1) end`;

/** The organisation was open during the period's cutoff window (`addObligation`'s first test). */
const OPEN_SQL = `((org.opened_on is null or org.opened_on <= pe.cutoff_end)
      and (org.closed_on is null or org.closed_on >= pe.cutoff_start))`;
/** Reported (before the as-of instant ?5 when there is one). */
const REPORTED_SQL = `case when ?5 is null then (ob.first_submitted_at is not null or ob.status in ('submitted', 'returned', 'accepted'))
         else (ob.first_submitted_at is not null and ob.first_submitted_at < ?5) end`;
/** Reported on time (meaningful for reported obligations only). */
const ON_TIME_SQL = `case when ob.first_submitted_at is not null then ob.first_submitted_at < ${EOD_SQL}
         else coalesce(ob.on_time, 0) = 1 end`;
/** The subtree's organisations and their obligations of the periods ?3 (see FLAGS_SQL). */
const SUBTREE_FROM_SQL = `from organisations org
  cross join obligations ob on ob.organisation_id = org.id and ob.period_id in (select value from json_each(?3))
  join periods pe on pe.id = ob.period_id
  where org.path >= ?1 and org.path < ?2`;

/**
 * Per-obligation flags, the SQL twin of `addObligation`. It starts from the subtree's path
 * range and looks each organisation's obligations up by key: `cross join` keeps that order
 * (without statistics the planner would start from every obligation of the period,
 * country-wide, and test each organisation's path afterwards). Parameters: ?1 root path, ?2 end of
 * the path range, ?3 JSON array of period ids, ?4 now (ms), ?5 as-of instant or null: with an
 * as-of instant only submissions before it count (the rates "as they were" then). The
 * organisation's and the obligation's own columns the callers need are selected here, so no
 * caller joins either table again; both covering indexes (migration 0009) hold the columns
 * the rollups read, so the range scan never reads the tables' rows for them.
 */
const FLAGS_SQL = `select ob.id, ob.period_id, ob.organisation_id, ob.status, ob.effective_due_on,
    coalesce(ob.extended_due_on, ob.due_on) as nominal_due_on, ob.current_version_id,
    ob.first_submitted_at, ${CHILD_SQL} as child_id, ${EOD_SQL} as eod,
    org.name as organisation_name, org.path as organisation_path, org.population,
    ${OPEN_SQL} as is_open, ${REPORTED_SQL} as is_reported, ${ON_TIME_SQL} as is_on_time
  ${SUBTREE_FROM_SQL}`;

/**
 * What `addObligation` does with one obligation, as one number: 0 not expected (closed), 1
 * waived, 2 missing and overdue, 3 missing and not yet due, 4–6 reported on time and 7–9
 * reported late (+1 returned, +2 accepted), -1 none of these (an open test that is null, which
 * the sums this replaces counted nowhere). One CASE per obligation instead of a flattened
 * subquery repeating every flag in every sum; the counts are summed up in `countsOfCategories`.
 */
const CATEGORY_SQL = `case when ${OPEN_SQL} then
    case when ob.status = 'waived' then 1
         when ${REPORTED_SQL} then (case when ${ON_TIME_SQL} then 4 else 7 end)
           + (case ob.status when 'returned' then 1 when 'accepted' then 2 else 0 end)
         when coalesce(?5, ?4) >= ${EOD_SQL} then 2 else 3 end
  when not ${OPEN_SQL} then 0 else -1 end`;

/** The parameters ?1-?5 of SUBTREE_FROM_SQL (and of FLAGS_SQL over it). */
interface SubtreeParams {
  root: Pick<OrgInfo, "path">;
  periodIds: readonly string[];
  now: number;
  asOf: number | null;
}

/** A statement over SUBTREE_FROM_SQL with its parameters ?1-?5, and `more` from ?6 on. */
function subtreeStatement(db: ReadDb, query: string, p: SubtreeParams, ...more: unknown[]) {
  const { root, periodIds, now, asOf } = p;
  return db
    .prepare(query)
    .bind(root.path, rangeEnd(root.path), JSON.stringify(periodIds), now, asOf, ...more);
}

const COUNTS_SQL = `select ob.period_id, ${CHILD_SQL} as child_id, ${CATEGORY_SQL} as category, count(*) as n
  ${SUBTREE_FROM_SQL}
  group by period_id, child_id, category`;

interface CategoryRow {
  period_id: string;
  child_id: string;
  category: number;
  n: number;
}

/** The sums of the categories of CATEGORY_SQL, as the columns the old grouped sums returned. */
function countsOfCategories(rows: readonly CategoryRow[]): CountsRow {
  const c = new Array<number>(10).fill(0);
  for (const r of rows) if (r.category >= 0 && r.category < 10) c[r.category]! += r.n;
  const n = (...cats: number[]) => cats.reduce((a, k) => a + (c[k] ?? 0), 0);
  const reported = n(4, 5, 6, 7, 8, 9);
  return {
    period_id: rows[0]?.period_id ?? "",
    child_id: rows[0]?.child_id ?? "",
    not_expected_closed: n(0),
    waived: n(1),
    expected: reported + n(2, 3),
    reported,
    on_time: n(4, 5, 6),
    overdue_missing: n(2),
    returned: n(5, 8),
    accepted: n(6, 9),
  };
}

interface CountsRow {
  period_id: string;
  child_id: string;
  not_expected_closed: number;
  waived: number;
  expected: number;
  reported: number;
  on_time: number;
  overdue_missing: number;
  returned: number;
  accepted: number;
}

function countsOf(r: CountsRow | undefined): ComplianceCounts {
  const n = (v: number | undefined) => v ?? 0;
  const expected = n(r?.expected);
  const reported = n(r?.reported);
  const onTime = n(r?.on_time);
  return {
    expected,
    reported,
    onTime,
    late: reported - onTime,
    missing: expected - reported,
    overdueMissing: n(r?.overdue_missing),
    returned: n(r?.returned),
    accepted: n(r?.accepted),
    waived: n(r?.waived),
    notExpectedClosed: n(r?.not_expected_closed),
  };
}

function addCounts(a: ComplianceCounts, b: ComplianceCounts): ComplianceCounts {
  const out = { ...a };
  for (const k of Object.keys(out) as (keyof ComplianceCounts)[]) out[k] += b[k];
  return out;
}

export interface RollupOptions {
  /** Count only submissions before this instant (and judge "overdue" at it). */
  asOf?: number;
  /** The root's children in display order (loaded when not given). */
  children?: readonly { id: string }[];
}

/**
 * Totals of `root`'s subtree and of each direct child's subtree, per period, in one grouped
 * query: the same `RollupResult` as the pure `rollup`, children in display order.
 */
export async function rollupSubtree(
  db: ReadDb,
  root: Pick<OrgInfo, "id" | "path">,
  periodIds: readonly string[],
  now: number,
  options: RollupOptions = {},
): Promise<Map<string, RollupResult>> {
  const out = new Map<string, RollupResult>();
  if (periodIds.length === 0) return out;
  const children = options.children ?? (await childrenOf(db, root.id));
  // Raw: the measured rollup plan (covering indexes of migration 0009; digest-run.test.ts).
  const params = { root, periodIds, now, asOf: options.asOf ?? null };
  const { results } = await subtreeStatement(db, COUNTS_SQL, params).all<CategoryRow>();
  const grouped = new Map<string, Map<string, CategoryRow[]>>();
  for (const r of results) {
    const m = grouped.get(r.period_id) ?? new Map<string, CategoryRow[]>();
    m.set(r.child_id, [...(m.get(r.child_id) ?? []), r]);
    grouped.set(r.period_id, m);
  }
  const byPeriod = new Map<string, Map<string, CountsRow>>();
  for (const [periodId, m] of grouped)
    byPeriod.set(periodId, new Map([...m].map(([childId, rows]) => [childId, countsOfCategories(rows)])));
  for (const periodId of periodIds) {
    const rows = byPeriod.get(periodId) ?? new Map<string, CountsRow>();
    let total = countsOf(undefined);
    for (const r of rows.values()) total = addCounts(total, countsOf(r));
    const ids = children.map((c) => c.id);
    const known = new Set(ids);
    for (const id of rows.keys()) if (id !== "" && !known.has(id)) ids.push(id);
    out.set(periodId, {
      rootId: root.id,
      root: withRates(total),
      self: withRates(countsOf(rows.get(""))),
      children: ids.map((id) => ({ organisationId: id, totals: withRates(countsOf(rows.get(id))) })),
    });
  }
  return out;
}

export interface OverdueRow {
  obligationId: string;
  organisationId: string;
  organisationName: string;
  organisationPath: string;
  status: string;
  /** The deadline's effective date (a day off moved to the next working day, `deadlineOf`). */
  effectiveDueOn: string;
  /** The date as set by the schedule or the last extension. */
  nominalDueOn: string;
  firstSubmittedAt: number | null;
  /** true: not submitted and past due; false: submitted after the due date */
  missing: boolean;
}

/**
 * The late and missing list of a subtree for a period: expected obligations not submitted
 * whose (effective) due date has ended, and those submitted late. Most overdue first.
 * Read through FLAGS_SQL (raw: its measured plan, path range then obligations by key).
 * Its plan: digest-run.test.ts.
 */
export async function lateAndMissing(
  db: ReadDb,
  root: Pick<OrgInfo, "path">,
  periodId: string,
  now: number,
  limit = 500,
): Promise<OverdueRow[]> {
  const query = `select f.id as obligationId, f.organisation_id as organisationId, f.organisation_name as organisationName,
         f.organisation_path as organisationPath, f.status, f.effective_due_on as effectiveDueOn,
         f.nominal_due_on as nominalDueOn, f.first_submitted_at as firstSubmittedAt, (not f.is_reported) as missing
       from (${FLAGS_SQL}) f
       where f.is_open and f.status != 'waived'
         and ((not f.is_reported and ?4 >= f.eod) or (f.is_reported and not f.is_on_time))
       order by (not f.is_reported) desc, f.effective_due_on, f.organisation_path limit ?6`;
  const params = { root, periodIds: [periodId], now, asOf: null };
  const { results } = await subtreeStatement(db, query, params, limit).all<
    Omit<OverdueRow, "missing"> & { missing: number }
  >();
  return results.map((r) => ({ ...r, missing: r.missing === 1 }));
}

type NotReportedRow = Pick<
  OverdueRow,
  "obligationId" | "organisationId" | "organisationName" | "effectiveDueOn" | "status"
>;

/**
 * Expected organisations of the subtree that have not reported for the period (in tree order).
 * Read through FLAGS_SQL like `lateAndMissing`. Its plan: query-plans.test.ts.
 */
export async function notReported(
  db: ReadDb,
  root: Pick<OrgInfo, "path">,
  periodId: string,
  now: number,
  limit = 2000,
): Promise<NotReportedRow[]> {
  const query = `select f.id as obligationId, f.organisation_id as organisationId, f.organisation_name as organisationName,
         f.effective_due_on as effectiveDueOn, f.status
       from (${FLAGS_SQL}) f
       where f.is_open and f.status != 'waived' and not f.is_reported
       order by f.organisation_path limit ?6`;
  const params = { root, periodIds: [periodId], now, asOf: null };
  const { results } = await subtreeStatement(db, query, params, limit).all<NotReportedRow>();
  return results;
}

export const COVERAGE_INDICATOR = "ind-coverage";
export const INSURED_INDICATOR = "ind-insured";

export interface IndicatorRow {
  /** A child of the root, or '' for the root's own report. */
  organisationId: string;
  coverage: IndicatorAggregate;
  insured: IndicatorAggregate;
  /** Population of the units whose coverage entered the weighted average. */
  population: number;
}

export interface IndicatorRollup {
  periodId: string;
  children: IndicatorRow[];
  total: { coverage: IndicatorAggregate; insured: IndicatorAggregate; population: number };
}

interface IndicatorSqlRow {
  period_id: string;
  child_id: string;
  indicator_id: string;
  n: number;
  total: number | null;
  weighted: number | null;
  weight: number | null;
  with_weight: number;
}

/**
 * Coverage (population-weighted) and insured people (sum) of the current versions of the
 * submitted and accepted reports, per child of the root, aggregated in SQL; the subtree total
 * is `aggregateIndicator` over the children (a weighted mean of weighted means with their
 * weights is the weighted mean of all values).
 */
export async function indicatorRollup(
  db: ReadDb,
  root: Pick<OrgInfo, "id" | "path">,
  periodIds: readonly string[],
  now: number,
): Promise<Map<string, IndicatorRollup>> {
  const out = new Map<string, IndicatorRollup>();
  if (periodIds.length === 0) return out;
  // Raw: the measured rollup plan (covering indexes of migration 0009; digest-run.test.ts).
  const { results } = await subtreeStatement(
    db,
    `select f.period_id, f.child_id, iv.indicator_id, count(*) as n, sum(iv.value) as total,
         sum(case when f.population > 0 then iv.value * f.population end) as weighted,
         sum(case when f.population > 0 then f.population end) as weight,
         sum(case when f.population > 0 then 1 else 0 end) as with_weight
       from (${FLAGS_SQL}) f
       join indicator_values iv on iv.version_id = f.current_version_id
       where f.is_open and f.status in ('submitted', 'accepted') and iv.indicator_id in (?6, ?7)
       group by f.period_id, f.child_id, iv.indicator_id`,
    { root, periodIds, now, asOf: null },
    COVERAGE_INDICATOR,
    INSURED_INDICATOR,
  ).all<IndicatorSqlRow>();
  for (const periodId of periodIds) {
    const rows = results.filter((r) => r.period_id === periodId);
    const childIds = [...new Set(rows.map((r) => r.child_id))];
    const children: IndicatorRow[] = childIds.map((childId) => {
      const cov = rows.find((r) => r.child_id === childId && r.indicator_id === COVERAGE_INDICATOR);
      const ins = rows.find((r) => r.child_id === childId && r.indicator_id === INSURED_INDICATOR);
      const weight = cov?.weight ?? 0;
      const coverage: IndicatorAggregate =
        cov && weight > 0
          ? {
              method: "weighted_avg",
              value: (cov.weighted ?? 0) / weight,
              included: cov.with_weight,
              excluded: cov.n - cov.with_weight,
              totalPopulation: weight,
            }
          : { method: "weighted_avg", value: null, included: 0, excluded: cov?.n ?? 0, totalPopulation: 0 };
      const insured: IndicatorAggregate = ins
        ? { method: "sum", value: ins.total, included: ins.n, excluded: 0, totalPopulation: null }
        : { method: "sum", value: null, included: 0, excluded: 0, totalPopulation: null };
      return { organisationId: childId, coverage, insured, population: weight };
    });
    const coverage = aggregateIndicator(
      children.map((c) => ({
        organisationId: c.organisationId,
        value: c.coverage.value,
        population: c.population,
      })),
      "weighted_avg",
    );
    const insured = aggregateIndicator(
      children.map((c) => ({ organisationId: c.organisationId, value: c.insured.value })),
      "sum",
    );
    out.set(periodId, {
      periodId,
      children,
      total: {
        coverage: {
          ...coverage,
          included: sumOf(children, (c) => c.coverage.included),
          excluded: sumOf(children, (c) => c.coverage.excluded),
        },
        insured: { ...insured, included: sumOf(children, (c) => c.insured.included) },
        population: coverage.totalPopulation ?? 0,
      },
    });
  }
  return out;
}

function sumOf<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((a, t) => a + f(t), 0);
}
