/**
 * Opening reporting periods: when a schedule's next period comes due, record the period and
 * create one obligation per organisation in scope, in pages (keyset on the materialised path)
 * so it completes for 60,000 organisations and can be re-run without duplicating anything.
 */
import { loadCalendar } from "../db/calendar";
import { deadlineOf } from "../domain/deadline";
import { type PeriodSpec, periodsToOpen } from "../domain/periods";
import { ruleOf } from "../domain/schedule-rule";
import { localDate } from "../domain/time";
import { obligationInsertStatements } from "../features/reporting/obligations.queries";
import {
  insertOpeningPeriodStatement,
  markPeriodOpenStatements,
  selectActiveSchedules,
  selectOpeningPeriodIds,
  selectPeriodScope,
  selectPolicySteps,
  selectScopePage,
} from "./periods.queries";

export const OPEN_PAGE_SIZE = 2_000;

export function periodId(scheduleId: string, key: string): string {
  return `${scheduleId}-${key}`;
}

/** A period of `spec` in state `opening`, with its form; a re-run of the same (schedule, key) does nothing. */
export function openingPeriodStatement(
  db: D1Database,
  scheduleId: string,
  spec: PeriodSpec,
  formId: string | null,
  createdAt: number,
): D1PreparedStatement {
  return insertOpeningPeriodStatement(db, {
    id: periodId(scheduleId, spec.key),
    scheduleId,
    key: spec.key,
    label: spec.label,
    cutoffStart: spec.cutoffStart,
    cutoffEnd: spec.cutoffEnd,
    dueOn: spec.dueOn,
    opensOn: spec.opensOn,
    formId,
    createdAt,
  });
}

/**
 * Records the periods whose time has come (status `opening`) and returns the ids of every
 * period still opening, for the caller to fill with obligations.
 */
export async function recordDuePeriods(db: D1Database, now: number): Promise<string[]> {
  const today = localDate(now);
  const calendar = await loadCalendar(db);
  const schedules = await selectActiveSchedules(db);
  const statements: D1PreparedStatement[] = [];
  for (const schedule of schedules) {
    const specs: PeriodSpec[] = periodsToOpen(ruleOf(schedule), today, calendar);
    for (const spec of specs) {
      // The period keeps the form version in force when it opens (later versions do not change it).
      statements.push(openingPeriodStatement(db, schedule.id, spec, schedule.formId, now));
    }
  }
  if (statements.length > 0) await db.batch(statements);
  return selectOpeningPeriodIds(db);
}

/** The policy's steps, snapshotted onto each obligation so later policy edits do not re-fire steps. */
export async function policySnapshot(db: D1Database, policyId: string): Promise<string> {
  const results = await selectPolicySteps(db, policyId);
  return JSON.stringify(results);
}

/**
 * Creates the obligations of one page of the period's scope, after `afterPath` (keyset).
 * Returns the last path handled, or null when the scope is exhausted (the period is then open),
 * and the number of obligations inserted (0 on a re-run).
 */
export async function openPeriodPage(
  db: D1Database,
  id: string,
  afterPath: string,
  now: number,
  pageSize = OPEN_PAGE_SIZE,
): Promise<{ lastPath: string | null; created: number }> {
  const period = await selectPeriodScope(db, id);
  if (!period) return { lastPath: null, created: 0 };
  const kinds = JSON.parse(period.scopeKinds) as string[];
  const from = afterPath > period.scopeRootPath ? afterPath : period.scopeRootPath;
  // Organisations in the subtree, of a kind that reports, open at the start of the reporting:
  // a closed organisation gets no new obligations (its old reports stay counted).
  const orgs = await selectScopePage(db, {
    from,
    rootPath: period.scopeRootPath,
    kinds,
    cutoffEnd: period.cutoffEnd,
    today: localDate(now),
    limit: pageSize,
  });
  const snapshot = await policySnapshot(db, period.policyId);
  const deadline = deadlineOf(period.dueOn, await loadCalendar(db));
  // Rows actually inserted (a re-run inserts none: `on conflict do nothing`).
  let created = 0;
  if (orgs.length > 0) {
    const statements = obligationInsertStatements(db, {
      periodId: id,
      deadline,
      policySnapshot: snapshot,
      organisationIds: orgs.map((o) => o.id),
      now,
    });
    for (let i = 0; i < statements.length; i += 400) {
      const results = await db.batch(statements.slice(i, i + 400));
      for (const r of results) created += r.meta.changes ?? 0;
    }
  }
  if (orgs.length < pageSize) {
    await db.batch(markPeriodOpenStatements(db, id, now));
    return { lastPath: null, created };
  }
  return { lastPath: orgs[orgs.length - 1]!.path, created };
}

/** Opens a period completely (used by the demo loader and tests; the Workflow pages it in steps). */
export async function openPeriodFully(db: D1Database, id: string, now: number): Promise<number> {
  let after = "";
  let total = 0;
  for (;;) {
    const { lastPath, created } = await openPeriodPage(db, id, after, now);
    total += created;
    if (lastPath === null) return total;
    after = lastPath;
  }
}
