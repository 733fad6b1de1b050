/**
 * Opening reporting periods: when a schedule's next period comes due, record the period and
 * create one obligation per organisation in scope, in pages (keyset on the materialised path)
 * so it completes for 60,000 organisations and can be re-run without duplicating anything.
 */
import { auditStatement } from "../audit";
import { loadCalendar } from "../db/calendar";
import { deadlineOf } from "../domain/deadline";
import { type PeriodSpec, periodsToOpen, type ScheduleRule } from "../domain/periods";
import { localDate } from "../domain/time";
import { obligationInsertStatements } from "../features/reporting/obligations.queries";

export const OPEN_PAGE_SIZE = 2_000;

interface ScheduleRow {
  id: string;
  frequency: ScheduleRule["frequency"];
  due_rule_kind: ScheduleRule["dueRuleKind"];
  due_rule_days: number;
  starts_on: string;
  ends_on: string | null;
  one_off_cutoff_start: string | null;
  one_off_cutoff_end: string | null;
  name: string;
  policy_id: string;
  form_id: string;
}

export function scheduleRule(row: ScheduleRow): ScheduleRule {
  return {
    frequency: row.frequency,
    dueRuleKind: row.due_rule_kind,
    dueRuleDays: row.due_rule_days,
    startsOn: row.starts_on,
    endsOn: row.ends_on ?? undefined,
    oneOffCutoffStart: row.one_off_cutoff_start ?? undefined,
    oneOffCutoffEnd: row.one_off_cutoff_end ?? undefined,
    name: row.name,
  };
}

export function periodId(scheduleId: string, key: string): string {
  return `${scheduleId}-${key}`;
}

/**
 * Records the periods whose time has come (status `opening`) and returns the ids of every
 * period still opening, for the caller to fill with obligations.
 */
export async function recordDuePeriods(db: D1Database, now: number): Promise<string[]> {
  const today = localDate(now);
  const calendar = await loadCalendar(db);
  const { results: schedules } = await db
    .prepare("select * from reporting_schedules where active = 1")
    .all<ScheduleRow>();
  const statements: D1PreparedStatement[] = [];
  for (const schedule of schedules) {
    const specs: PeriodSpec[] = periodsToOpen(scheduleRule(schedule), today, calendar);
    for (const spec of specs) {
      statements.push(
        db
          .prepare(
            // The period keeps the form version in force when it opens (later versions do not change it).
            `insert into periods (id, schedule_id, key, label, cutoff_start, cutoff_end, due_on, opens_on, form_id, status, created_at)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'opening', ?) on conflict(schedule_id, key) do nothing`,
          )
          .bind(
            periodId(schedule.id, spec.key),
            schedule.id,
            spec.key,
            spec.label,
            spec.cutoffStart,
            spec.cutoffEnd,
            spec.dueOn,
            spec.opensOn,
            schedule.form_id,
            now,
          ),
      );
    }
  }
  if (statements.length > 0) await db.batch(statements);
  const { results } = await db
    .prepare("select id from periods where status = 'opening' order by id")
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

interface PeriodScope {
  id: string;
  due_on: string;
  cutoff_start: string;
  cutoff_end: string;
  scope_root_path: string;
  scope_kinds: string;
  policy_id: string;
}

async function loadPeriodScope(db: D1Database, id: string): Promise<PeriodScope | null> {
  return db
    .prepare(
      `select p.id, p.due_on, p.cutoff_start, p.cutoff_end, o.path as scope_root_path, s.scope_kinds, s.policy_id
       from periods p join reporting_schedules s on s.id = p.schedule_id join organisations o on o.id = s.scope_root_id
       where p.id = ?`,
    )
    .bind(id)
    .first<PeriodScope>();
}

/** The policy's steps, snapshotted onto each obligation so later policy edits do not re-fire steps. */
export async function policySnapshot(db: D1Database, policyId: string): Promise<string> {
  const { results } = await db
    .prepare(
      "select offset_days as offsetDays, audience, template from escalation_steps where policy_id = ? order by offset_days, audience",
    )
    .bind(policyId)
    .all();
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
  const period = await loadPeriodScope(db, id);
  if (!period) return { lastPath: null, created: 0 };
  const kinds = JSON.parse(period.scope_kinds) as string[];
  const from = afterPath > period.scope_root_path ? afterPath : period.scope_root_path;
  // Organisations in the subtree, of a kind that reports, open at the start of the reporting:
  // a closed organisation gets no new obligations (its old reports stay counted). `+kind` keeps
  // the planner on the path index (ordered, stops at the page size) instead of the kind index,
  // which read every commune and grassroots organisation and sorted them on every page.
  const { results: orgs } = await db
    .prepare(
      `select id, path from organisations
       where path > ? and path < ? and +kind in (${kinds.map(() => "?").join(",")})
         and (opened_on is null or opened_on <= ?) and (closed_on is null or closed_on > ?)
       order by path limit ?`,
    )
    .bind(from, `${period.scope_root_path}~`, ...kinds, period.cutoff_end, localDate(now), pageSize)
    .all<{ id: string; path: string }>();
  const snapshot = await policySnapshot(db, period.policy_id);
  const deadline = deadlineOf(period.due_on, await loadCalendar(db));
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
    await db.batch([
      db
        .prepare(
          "update periods set status = 'open', opened_at = coalesce(opened_at, ?2), obligation_count = (select count(*) from obligations where period_id = ?1) where id = ?1 and status = 'opening'",
        )
        .bind(id, now),
      auditStatement(
        db,
        { at: now, actorKind: "system", action: "period.opened", entityType: "period", entityId: id },
        { sql: "changes() = 1", params: [] },
      ),
    ]);
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
