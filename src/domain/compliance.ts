/**
 * Compliance arithmetic for one reporting period, with DHIS2's semantics:
 *
 * - expected: obligations of organisations open during the period (opened on or before
 *   the cut-off end, and not closed before the cut-off start, so an organisation closed
 *   mid-period still owes its report); waived obligations are not expected;
 * - reported (DHIS2 "actual"): submitted at least once; submitted, returned and accepted
 *   all count, and so does any obligation with a first submission instant (a returned
 *   report being reworked stays reported);
 * - on time: the first submission is at or before the end (23:59:59.999, Asia/Ho_Chi_Minh)
 *   of the effective due date, i.e. after extensions and moved off days off (`deadline.ts`): an extension granted later can
 *   turn a late submission into an on-time one, so this is recomputed from the instant
 *   rather than read from the stored `onTime` flag (used only when the instant is missing);
 * - late = reported - on time; missing = expected - reported; overdue missing = missing
 *   whose effective due date has ended at `now`;
 * - reporting rate = reported / expected * 100 and timeliness rate = on time / expected
 *   * 100 (DHIS2 divides both by expected), capped at 100, null when nothing is expected.
 *
 * Obligations of organisations closed before the period or waived are left out of every
 * count except `notExpectedClosed` / `waived`, so reported <= expected always holds.
 */

import { deadlineFromStored, isOnTime } from "./deadline";
import type { ObligationStatus } from "./enums";

export interface OrganisationFacts {
  id: string;
  parentId: string | null;
  /** Materialised path of ids, e.g. `/tw/hn/`. */
  path: string;
  openedOn: string | null;
  closedOn: string | null;
  population?: number | null;
}

export interface ObligationFacts {
  organisationId: string;
  status: ObligationStatus;
  dueOn: string;
  effectiveDueOn: string;
  /** ms since epoch, UTC */
  firstSubmittedAt: number | null;
  onTime: boolean | null;
}

export interface PeriodFacts {
  cutoffStart: string;
  cutoffEnd: string;
  dueOn: string;
}

export interface ComplianceCounts {
  expected: number;
  reported: number;
  onTime: number;
  late: number;
  missing: number;
  overdueMissing: number;
  returned: number;
  accepted: number;
  waived: number;
  /** Obligations of organisations not open during the period (not expected). */
  notExpectedClosed: number;
}

export interface ComplianceTotals extends ComplianceCounts {
  /** 0..100, null when nothing is expected */
  reportingRate: number | null;
  /** 0..100, null when nothing is expected */
  timelinessRate: number | null;
}

/**
 * The end of an obligation's deadline: `effectiveDueOn` is stored already moved to a working
 * day (`deadlineOf`, art. 148(5) Civil Code), so its end is the deadline's end.
 */
function deadlineEnd(ob: Pick<ObligationFacts, "dueOn" | "effectiveDueOn">): number {
  return deadlineFromStored(ob.dueOn, ob.effectiveDueOn).endsAt;
}

/** Open during the period: opened on/before the cut-off end and not closed before its start. */
export function isOpenDuring(
  org: Pick<OrganisationFacts, "openedOn" | "closedOn">,
  period: PeriodFacts,
): boolean {
  if (org.openedOn !== null && org.openedOn > period.cutoffEnd) return false;
  if (org.closedOn !== null && org.closedOn < period.cutoffStart) return false;
  return true;
}

const REPORTED_STATUSES: ReadonlySet<ObligationStatus> = new Set(["submitted", "returned", "accepted"]);

export function isReported(ob: Pick<ObligationFacts, "status" | "firstSubmittedAt">): boolean {
  return ob.firstSubmittedAt !== null || REPORTED_STATUSES.has(ob.status);
}

export function emptyCounts(): ComplianceCounts {
  return {
    expected: 0,
    reported: 0,
    onTime: 0,
    late: 0,
    missing: 0,
    overdueMissing: 0,
    returned: 0,
    accepted: 0,
    waived: 0,
    notExpectedClosed: 0,
  };
}

/**
 * Adds one obligation to `acc`. `org` is the obligation's organisation when known;
 * without it the organisation is taken as open.
 */
export function addObligation(
  acc: ComplianceCounts,
  ob: ObligationFacts,
  org: OrganisationFacts | undefined,
  period: PeriodFacts,
  now: number,
): void {
  if (org !== undefined && !isOpenDuring(org, period)) {
    acc.notExpectedClosed++;
    return;
  }
  if (ob.status === "waived") {
    acc.waived++;
    return;
  }
  acc.expected++;
  if (isReported(ob)) {
    acc.reported++;
    const onTime =
      ob.firstSubmittedAt !== null
        ? isOnTime({ endsAt: deadlineEnd(ob) }, ob.firstSubmittedAt)
        : ob.onTime === true;
    if (onTime) acc.onTime++;
    else acc.late++;
    if (ob.status === "returned") acc.returned++;
    if (ob.status === "accepted") acc.accepted++;
  } else {
    acc.missing++;
    if (now >= deadlineEnd(ob)) acc.overdueMissing++;
  }
}

function rate(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.min(100, (part / whole) * 100);
}

export function withRates(counts: ComplianceCounts): ComplianceTotals {
  return {
    ...counts,
    reportingRate: rate(counts.reported, counts.expected),
    timelinessRate: rate(counts.onTime, counts.expected),
  };
}

export interface SummaryContext {
  period: PeriodFacts;
  now: number;
  /** When given, obligations of organisations not open during the period are not expected. */
  organisations?: ReadonlyMap<string, OrganisationFacts>;
}

export function summarise(obligations: Iterable<ObligationFacts>, ctx: SummaryContext): ComplianceTotals {
  const acc = emptyCounts();
  for (const ob of obligations) {
    addObligation(acc, ob, ctx.organisations?.get(ob.organisationId), ctx.period, ctx.now);
  }
  return withRates(acc);
}

export interface RollupResult {
  rootId: string;
  /** The whole subtree, root included. */
  root: ComplianceTotals;
  /** The root organisation's own obligation(s). */
  self: ComplianceTotals;
  /** Each direct child's subtree, in the order the children appear in `tree`. */
  children: { organisationId: string; totals: ComplianceTotals }[];
}

/**
 * Totals for `rootId`'s subtree and for each direct child's subtree, in one pass over
 * the obligations (O(organisations + obligations)): the child an obligation rolls up
 * to is read off its organisation's materialised path. `tree` may be the whole tree or
 * only the root's subtree. Returns null when the root is not in `tree`.
 */
export function rollup(
  tree: readonly OrganisationFacts[],
  obligations: Iterable<ObligationFacts>,
  rootId: string,
  ctx: { period: PeriodFacts; now: number },
): RollupResult | null {
  const byId = new Map<string, OrganisationFacts>();
  for (const org of tree) byId.set(org.id, org);
  const root = byId.get(rootId);
  if (root === undefined) return null;

  const rootAcc = emptyCounts();
  const selfAcc = emptyCounts();
  const childAcc = new Map<string, ComplianceCounts>();
  for (const org of tree) if (org.parentId === rootId) childAcc.set(org.id, emptyCounts());

  const prefix = root.path;
  for (const ob of obligations) {
    const org = byId.get(ob.organisationId);
    if (org === undefined || !org.path.startsWith(prefix)) continue;
    addObligation(rootAcc, ob, org, ctx.period, ctx.now);
    if (org.id === rootId) {
      addObligation(selfAcc, ob, org, ctx.period, ctx.now);
      continue;
    }
    const end = org.path.indexOf("/", prefix.length);
    const childId = org.path.slice(prefix.length, end);
    let acc = childAcc.get(childId);
    if (acc === undefined) {
      acc = emptyCounts();
      childAcc.set(childId, acc);
    }
    addObligation(acc, ob, org, ctx.period, ctx.now);
  }

  return {
    rootId,
    root: withRates(rootAcc),
    self: withRates(selfAcc),
    children: [...childAcc].map(([organisationId, acc]) => ({ organisationId, totals: withRates(acc) })),
  };
}

export type AggregationMethod = "sum" | "avg" | "weighted_avg";

export interface IndicatorValue {
  organisationId: string;
  /** null: the organisation gave no value */
  value: number | null;
  population?: number | null;
}

export interface IndicatorAggregate {
  method: AggregationMethod;
  /** null when no value could be used */
  value: number | null;
  /** Values that entered the result. */
  included: number;
  /**
   * Values left out: no value (null or not finite) for every method, and for the
   * weighted average also values whose organisation has no positive population.
   */
  excluded: number;
  /** Sum of the weights used (weighted average only, else null). */
  totalPopulation: number | null;
}

/**
 * Rolls an indicator up: `sum` (counts such as insured people), `avg` (plain mean of
 * the organisations' values) or `weighted_avg` (population-weighted mean, for rates
 * such as coverage, so a province of 8 million weighs more than one of 300,000).
 */
export function aggregateIndicator(
  values: readonly IndicatorValue[],
  method: AggregationMethod,
): IndicatorAggregate {
  let included = 0;
  let excluded = 0;
  let total = 0;
  let weight = 0;
  for (const v of values) {
    if (v.value === null || !Number.isFinite(v.value)) {
      excluded++;
      continue;
    }
    if (method === "weighted_avg") {
      const p = v.population;
      if (p === null || p === undefined || !Number.isFinite(p) || p <= 0) {
        excluded++;
        continue;
      }
      total += v.value * p;
      weight += p;
    } else {
      total += v.value;
    }
    included++;
  }
  let value: number | null;
  // No usable value at all is "no data", not zero, for a sum too.
  if (included === 0) value = null;
  else if (method === "sum") value = total;
  else if (method === "avg") value = total / included;
  else value = total / weight;
  return { method, value, included, excluded, totalPopulation: method === "weighted_avg" ? weight : null };
}
