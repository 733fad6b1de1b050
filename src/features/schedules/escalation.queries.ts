/**
 * The escalation policies' queries (the only place they live): a policy with its organisation,
 * its steps and the schedules that use it, read in one batch; the statements of a change
 * (policy row, steps replaced, the compare-and-swap guard on `revision`). Drizzle's query
 * builder throughout, except the guard, which needs `changes()`. Decisions are in
 * escalation.service.ts.
 */
import { asc, eq, sql } from "drizzle-orm";
import { columnsOf, orm, statementOf } from "../../db/client";
import { updateAtRevision } from "../../db/rows.queries";
import { escalationPolicies, escalationSteps, organisations, reportingSchedules } from "../../db/schema";
import type { PolicyStep } from "../../domain/ladder";
import { newId } from "../../ids";

/** A policy's own row with its organisation's name and path (null when system-wide). */
export interface PolicyHead {
  id: string;
  name: string;
  description: string | null;
  organisationId: string | null;
  organisationName: string | null;
  organisationPath: string | null;
  revision: number;
  updatedAt: number;
}

/** A step as stored, with its policy. */
export interface PolicyStepRow extends PolicyStep {
  policyId: string;
}

/** A schedule that uses a policy. */
export interface PolicyScheduleRow {
  id: string;
  name: string;
  policyId: string;
  active: boolean;
}

const HEAD_FIELDS = {
  ...columnsOf(escalationPolicies, "id", "name", "description", "organisationId"),
  // Aliased: a batch's rows are keyed by column name, and `name` is the policy's too.
  organisationName: sql<string | null>`${organisations.name}`.as("organisation_name"),
  organisationPath: sql<string | null>`${organisations.path}`.as("organisation_path"),
  ...columnsOf(escalationPolicies, "revision", "updatedAt"),
};

const STEP_FIELDS = columnsOf(escalationSteps, "policyId", "offsetDays", "audience", "template");

const SCHEDULE_FIELDS = columnsOf(reportingSchedules, "id", "name", "policyId", "active");

function heads(db: D1Database) {
  return orm(db)
    .select(HEAD_FIELDS)
    .from(escalationPolicies)
    .leftJoin(organisations, eq(organisations.id, escalationPolicies.organisationId));
}

/** Every policy (at most 200, by name), every step and every schedule, in one batch. */
export async function readAllPolicies(db: D1Database): Promise<{
  heads: PolicyHead[];
  steps: PolicyStepRow[];
  schedules: PolicyScheduleRow[];
}> {
  const q = orm(db);
  const [headRows, stepRows, scheduleRows] = await q.batch([
    heads(db).orderBy(asc(escalationPolicies.name)).limit(200),
    q
      .select(STEP_FIELDS)
      .from(escalationSteps)
      .orderBy(asc(escalationSteps.offsetDays), asc(escalationSteps.audience)),
    q.select(SCHEDULE_FIELDS).from(reportingSchedules).orderBy(asc(reportingSchedules.name)),
  ]);
  return { heads: headRows, steps: stepRows, schedules: scheduleRows };
}

/** One policy, its steps and the schedules that use it (by name), in one batch. */
export async function readPolicy(
  db: D1Database,
  id: string,
): Promise<{ head: PolicyHead | null; steps: PolicyStepRow[]; schedules: PolicyScheduleRow[] }> {
  const q = orm(db);
  const [headRows, stepRows, scheduleRows] = await q.batch([
    heads(db).where(eq(escalationPolicies.id, id)),
    q.select(STEP_FIELDS).from(escalationSteps).where(eq(escalationSteps.policyId, id)),
    q
      .select(SCHEDULE_FIELDS)
      .from(reportingSchedules)
      .where(eq(reportingSchedules.policyId, id))
      .orderBy(asc(reportingSchedules.name)),
  ]);
  return { head: headRows[0] ?? null, steps: stepRows, schedules: scheduleRows };
}

/** What a policy is made of when saved. */
export interface PolicyColumns {
  name: string;
  description: string | null;
  organisationId: string;
}

/**
 * A new policy (`revision` null), or the policy's row changed only if it is still at `revision`
 * (the revision goes up by one).
 */
export function savePolicyStatement(
  db: D1Database,
  id: string,
  revision: number | null,
  v: PolicyColumns,
  now: number,
): D1PreparedStatement {
  const q = orm(db);
  return statementOf(
    db,
    revision === null
      ? q.insert(escalationPolicies).values({ id, ...v, revision: 1, createdAt: now, updatedAt: now })
      : updateAtRevision(db, escalationPolicies, id, revision, v, now),
  );
}

/**
 * The compare-and-swap guard, right after `savePolicyStatement` (a change) in the same batch: when that
 * changed nothing (someone saved in between), it breaks a NOT NULL constraint and the batch aborts.
 */
export function staleGuardStatement(db: D1Database, id: string): D1PreparedStatement {
  // Raw: the guard reads `changes()` of the statement before it, which the query builder cannot say.
  return db.prepare("update escalation_policies set name = null where id = ? and changes() = 0").bind(id);
}

/** Whether an error is the guard's (the batch was aborted by a stale revision). */
export function isStaleGuardError(err: unknown): boolean {
  return String(err).includes("NOT NULL");
}

export function deleteStepsStatement(db: D1Database, policyId: string): D1PreparedStatement {
  return statementOf(db, orm(db).delete(escalationSteps).where(eq(escalationSteps.policyId, policyId)));
}

/** One insert per step (a ladder has at most 20). */
export function insertStepStatements(
  db: D1Database,
  policyId: string,
  steps: readonly PolicyStep[],
): D1PreparedStatement[] {
  return steps.map((s) =>
    statementOf(
      db,
      orm(db)
        .insert(escalationSteps)
        .values({
          id: newId("step_"),
          policyId,
          offsetDays: s.offsetDays,
          audience: s.audience,
          template: s.template,
        }),
    ),
  );
}
