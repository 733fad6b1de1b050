/**
 * The bench paths' queries (`npm run bench`, development and tests only). Simple reads are
 * Drizzle's query builder; the bench's own reference rows (inserted once, `on conflict do
 * nothing`), the period's obligation count and the token candidates stay SQL.
 */
import { asc, desc, isNull } from "drizzle-orm";
import { orm } from "../../db/client";
import { engineTicks, organisations, reportingSchedules } from "../../db/schema";

/** The most recent engine ticks, newest first. */
export function listRecentTicks(db: D1Database) {
  return orm(db)
    .select({
      id: engineTicks.id,
      scheduled_at: engineTicks.scheduledAt,
      started_at: engineTicks.startedAt,
      finished_at: engineTicks.finishedAt,
      obligations_examined: engineTicks.obligationsExamined,
      notifications_recorded: engineTicks.notificationsRecorded,
      notifications_sent: engineTicks.notificationsSent,
      error: engineTicks.error,
    })
    .from(engineTicks)
    .orderBy(desc(engineTicks.startedAt), desc(engineTicks.id))
    .limit(20);
}

/** The references of the first schedule (policy, form, directive, reviewer), or undefined. */
export async function firstScheduleRefs(db: D1Database) {
  const rows = await orm(db)
    .select({
      policy_id: reportingSchedules.policyId,
      form_id: reportingSchedules.formId,
      directive_id: reportingSchedules.directiveId,
      reviewer_organisation_id: reportingSchedules.reviewerOrganisationId,
    })
    .from(reportingSchedules)
    .orderBy(asc(reportingSchedules.id))
    .limit(1);
  return rows[0];
}

export type ScheduleRefs = NonNullable<Awaited<ReturnType<typeof firstScheduleRefs>>>;

/** The id of the first root organisation, or undefined. */
export async function firstRootId(db: D1Database): Promise<string | undefined> {
  const rows = await orm(db)
    .select({ id: organisations.id })
    .from(organisations)
    .where(isNull(organisations.parentId))
    .orderBy(asc(organisations.id))
    .limit(1);
  return rows[0]?.id;
}

/**
 * The inactive bench schedule (scope: the whole tree's communes and grassroots) and the period
 * `periodId` under it (status `opening`), each created once, in one batch.
 */
export async function ensureBenchPeriod(
  db: D1Database,
  scheduleId: string,
  periodId: string,
  refs: ScheduleRefs,
  rootId: string,
  now: number,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `insert into reporting_schedules (id, directive_id, name, frequency, report_kind, due_rule_kind, due_rule_days,
         scope_root_id, scope_kinds, reviewer_organisation_id, form_id, policy_id, reporter_may_submit, starts_on,
         active, created_at, updated_at)
       values (?, ?, 'Báo cáo đo hiệu năng (toàn quốc)', 'quarterly', 'periodic', 'fixed_days', 10, ?, ?, ?, ?, ?, 0,
         '2026-01-01', 0, ?, ?) on conflict(id) do nothing`,
      )
      .bind(
        scheduleId,
        refs.directive_id,
        rootId,
        JSON.stringify(["commune", "grassroots"]),
        refs.reviewer_organisation_id,
        refs.form_id,
        refs.policy_id,
        now,
        now,
      ),
    db
      .prepare(
        `insert into periods (id, schedule_id, key, label, cutoff_start, cutoff_end, due_on, opens_on, status, created_at)
       values (?, ?, ?, 'Quý III/2026 (đo hiệu năng)', '2026-07-01', '2026-09-30', '2026-10-12', '2026-09-24', 'opening', ?)
       on conflict(id) do nothing`,
      )
      .bind(periodId, scheduleId, periodId, now),
  ]);
}

/** A period's status, opening time, recorded obligation count and actual obligation rows. */
export function periodOpeningState(db: D1Database, periodId: string) {
  return db
    .prepare(
      `select p.status, p.opened_at, p.obligation_count,
       (select count(*) from obligations o where o.period_id = p.id) as obligations
     from periods p where p.id = ?`,
    )
    .bind(periodId)
    .first();
}

export interface TokenCandidate {
  obligation_id: string;
  organisation_id: string;
  person_id: string;
}

/** Up to `count` obligations of a period still awaiting a report, each with a secretary, by id. */
export async function tokenCandidates(
  db: D1Database,
  periodId: string,
  count: number,
): Promise<TokenCandidate[]> {
  const { results } = await db
    .prepare(
      `select o.id as obligation_id, o.organisation_id, m.person_id
     from obligations o join memberships m on m.organisation_id = o.organisation_id and m.role = 'secretary'
     where o.period_id = ? and o.status in ('pending', 'draft', 'returned')
     group by o.id order by o.id limit ?`,
    )
    .bind(periodId, count)
    .all<TokenCandidate>();
  return results;
}

/** The insert of one bench API token (role secretary), for a batch. */
export function insertBenchToken(
  db: D1Database,
  id: string,
  tokenHash: string,
  personId: string,
  organisationId: string,
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      `insert into api_tokens (id, token_hash, name, created_by, organisation_id, role, created_at)
         values (?, ?, 'Đo hiệu năng nộp báo cáo', ?, ?, 'secretary', ?)`,
    )
    .bind(id, tokenHash, personId, organisationId, now);
}
