/**
 * The bench paths' queries (`npm run bench`, development and tests only), through Drizzle's
 * query builder; the bench's own reference rows are inserted once (`on conflict do nothing`).
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { orm, statementOf } from "../../db/client";
import { rowById } from "../../db/rows.queries";
import {
  apiTokens,
  engineTicks,
  memberships,
  obligations,
  organisations,
  periods,
  reportingSchedules,
} from "../../db/schema";
import { firstRootIdBy } from "../../db/tree.queries";
import { TICK_FIELDS } from "./dev.queries";

/** The most recent engine ticks, newest first. */
export function listRecentTicks(db: D1Database) {
  return orm(db)
    .select({ ...TICK_FIELDS, error: engineTicks.error })
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

/** The id of the first root organisation by id, or null. */
export const firstRootId = (db: D1Database) => firstRootIdBy(db, organisations.id);

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
  const q = orm(db);
  await db.batch([
    statementOf(
      db,
      q
        .insert(reportingSchedules)
        .values({
          id: scheduleId,
          directiveId: refs.directive_id,
          name: "Báo cáo đo hiệu năng (toàn quốc)",
          frequency: "quarterly",
          reportKind: "periodic",
          dueRuleKind: "fixed_days",
          dueRuleDays: 10,
          scopeRootId: rootId,
          scopeKinds: JSON.stringify(["commune", "grassroots"]),
          reviewerOrganisationId: refs.reviewer_organisation_id,
          formId: refs.form_id,
          policyId: refs.policy_id,
          reporterMaySubmit: false,
          startsOn: "2026-01-01",
          active: false,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: reportingSchedules.id }),
    ),
    statementOf(
      db,
      q
        .insert(periods)
        .values({
          id: periodId,
          scheduleId,
          key: periodId,
          label: "Quý III/2026 (đo hiệu năng)",
          cutoffStart: "2026-07-01",
          cutoffEnd: "2026-09-30",
          dueOn: "2026-10-12",
          opensOn: "2026-09-24",
          status: "opening",
          createdAt: now,
        })
        .onConflictDoNothing({ target: periods.id }),
    ),
  ]);
}

/** A period's status, opening time, recorded obligation count and actual obligation rows (the bench's JSON keys). */
export async function periodOpeningState(db: D1Database, periodId: string) {
  return rowById(
    db,
    periods,
    {
      status: periods.status,
      opened_at: periods.openedAt,
      obligation_count: periods.obligationCount,
      obligations: sql<number>`(select count(*) from ${obligations} where ${obligations.periodId} = ${periods.id})`,
    },
    periodId,
  );
}

/** Up to `count` obligations of a period still awaiting a report, each with a secretary, by id. */
export async function tokenCandidates(db: D1Database, periodId: string, count: number) {
  return orm(db)
    .select({
      obligationId: obligations.id,
      organisationId: obligations.organisationId,
      personId: memberships.personId,
    })
    .from(obligations)
    .innerJoin(
      memberships,
      and(eq(memberships.organisationId, obligations.organisationId), eq(memberships.role, "secretary")),
    )
    .where(
      and(eq(obligations.periodId, periodId), inArray(obligations.status, ["pending", "draft", "returned"])),
    )
    .groupBy(obligations.id)
    .orderBy(asc(obligations.id))
    .limit(count);
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
  return statementOf(
    db,
    orm(db).insert(apiTokens).values({
      id,
      tokenHash,
      name: "Đo hiệu năng nộp báo cáo",
      createdBy: personId,
      organisationId,
      role: "secretary",
      createdAt: now,
    }),
  );
}
