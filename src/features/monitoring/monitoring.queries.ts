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

/**
 * Per-obligation flags, the SQL twin of `addObligation`. It starts from the subtree's path
 * range and looks each organisation's obligations up by key: `cross join` keeps that order
 * (without statistics the planner would start from every obligation of the period,
 * country-wide, and test each organisation's path afterwards). Parameters: ?1 root path, ?2 end of
 * the path range, ?3 JSON array of period ids, ?4 now (ms), ?5 as-of instant or null: with an
 * as-of instant only submissions before it count (the rates "as they were" then).
 */
const FLAGS_SQL = `select ob.id, ob.period_id, ob.organisation_id, ob.status, ob.effective_due_on,
    coalesce(ob.extended_due_on, ob.due_on) as nominal_due_on,
    ob.first_submitted_at, ${CHILD_SQL} as child_id, ${EOD_SQL} as eod,
    ((org.opened_on is null or org.opened_on <= pe.cutoff_end)
      and (org.closed_on is null or org.closed_on >= pe.cutoff_start)) as is_open,
    case when ?5 is null then (ob.first_submitted_at is not null or ob.status in ('submitted', 'returned', 'accepted'))
         else (ob.first_submitted_at is not null and ob.first_submitted_at < ?5) end as is_reported,
    case when ob.first_submitted_at is not null then ob.first_submitted_at < ${EOD_SQL}
         else coalesce(ob.on_time, 0) = 1 end as is_on_time
  from organisations org
  cross join obligations ob on ob.organisation_id = org.id and ob.period_id in (select value from json_each(?3))
  join periods pe on pe.id = ob.period_id
  where org.path >= ?1 and org.path < ?2`;

const COUNTS_SQL = `select period_id, child_id,
    sum(case when not is_open then 1 else 0 end) as not_expected_closed,
    sum(case when is_open and status = 'waived' then 1 else 0 end) as waived,
    sum(case when is_open and status != 'waived' then 1 else 0 end) as expected,
    sum(case when is_open and status != 'waived' and is_reported then 1 else 0 end) as reported,
    sum(case when is_open and status != 'waived' and is_reported and is_on_time then 1 else 0 end) as on_time,
    sum(case when is_open and status != 'waived' and not is_reported and coalesce(?5, ?4) >= eod then 1 else 0 end)
      as overdue_missing,
    sum(case when is_open and status = 'returned' and is_reported then 1 else 0 end) as returned,
    sum(case when is_open and status = 'accepted' and is_reported then 1 else 0 end) as accepted
  from (${FLAGS_SQL}) group by period_id, child_id`;

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
  const { results } = await db
    .prepare(COUNTS_SQL)
    .bind(root.path, rangeEnd(root.path), JSON.stringify(periodIds), now, options.asOf ?? null)
    .all<CountsRow>();
  const byPeriod = new Map<string, Map<string, CountsRow>>();
  for (const r of results) {
    const m = byPeriod.get(r.period_id) ?? new Map<string, CountsRow>();
    m.set(r.child_id, r);
    byPeriod.set(r.period_id, m);
  }
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
 */
export async function lateAndMissing(
  db: ReadDb,
  root: Pick<OrgInfo, "path">,
  periodId: string,
  now: number,
  limit = 500,
): Promise<OverdueRow[]> {
  const { results } = await db
    .prepare(
      `select f.id as obligationId, f.organisation_id as organisationId, org.name as organisationName,
         org.path as organisationPath, f.status, f.effective_due_on as effectiveDueOn,
         f.nominal_due_on as nominalDueOn, f.first_submitted_at as firstSubmittedAt, (not f.is_reported) as missing
       from (${FLAGS_SQL}) f join organisations org on org.id = f.organisation_id
       where f.is_open and f.status != 'waived'
         and ((not f.is_reported and ?4 >= f.eod) or (f.is_reported and not f.is_on_time))
       order by (not f.is_reported) desc, f.effective_due_on, org.path limit ?6`,
    )
    .bind(root.path, rangeEnd(root.path), JSON.stringify([periodId]), now, null, limit)
    .all<Omit<OverdueRow, "missing"> & { missing: number }>();
  return results.map((r) => ({ ...r, missing: r.missing === 1 }));
}

/** Expected organisations of the subtree that have not reported for the period (in tree order). */
export async function notReported(
  db: ReadDb,
  root: Pick<OrgInfo, "path">,
  periodId: string,
  now: number,
  limit = 2000,
): Promise<
  {
    obligationId: string;
    organisationId: string;
    organisationName: string;
    effectiveDueOn: string;
    status: string;
  }[]
> {
  const { results } = await db
    .prepare(
      `select f.id as obligationId, f.organisation_id as organisationId, org.name as organisationName,
         f.effective_due_on as effectiveDueOn, f.status
       from (${FLAGS_SQL}) f join organisations org on org.id = f.organisation_id
       where f.is_open and f.status != 'waived' and not f.is_reported
       order by org.path limit ?6`,
    )
    .bind(root.path, rangeEnd(root.path), JSON.stringify([periodId]), now, null, limit)
    .all<{
      obligationId: string;
      organisationId: string;
      organisationName: string;
      effectiveDueOn: string;
      status: string;
    }>();
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
  const { results } = await db
    .prepare(
      `select f.period_id, f.child_id, iv.indicator_id, count(*) as n, sum(iv.value) as total,
         sum(case when org.population > 0 then iv.value * org.population end) as weighted,
         sum(case when org.population > 0 then org.population end) as weight,
         sum(case when org.population > 0 then 1 else 0 end) as with_weight
       from (${FLAGS_SQL}) f
       join obligations o2 on o2.id = f.id
       join indicator_values iv on iv.version_id = o2.current_version_id
       join organisations org on org.id = f.organisation_id
       where f.is_open and f.status in ('submitted', 'accepted') and iv.indicator_id in (?6, ?7)
       group by f.period_id, f.child_id, iv.indicator_id`,
    )
    .bind(
      root.path,
      rangeEnd(root.path),
      JSON.stringify(periodIds),
      now,
      null,
      COVERAGE_INDICATOR,
      INSURED_INDICATOR,
    )
    .all<IndicatorSqlRow>();
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
