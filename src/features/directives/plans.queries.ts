/**
 * The implementation plans' queries (the only place they live): plans, their tasks, and the
 * statements of creating a plan, adding, editing, deleting and restoring a task. Every write of a
 * task is guarded by its revision; the audit rows' conditions are here too. Decisions are in
 * plans.service.ts.
 */
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { OrgRef } from "../../auth/guard";
import { columnsOf, orm, statementOf } from "../../db/client";
import { rowById, updateAtRevision } from "../../db/rows.queries";
import { directiveSections, organisations, plans, planTasks } from "../../db/schema";

const PLAN_FIELDS = columnsOf(
  plans,
  "id",
  "organisationId",
  "directiveId",
  "documentNumber",
  "documentDate",
  "title",
  "revision",
);

export interface PlanRow {
  id: string;
  organisationId: string;
  directiveId: string;
  documentNumber: string | null;
  documentDate: string | null;
  title: string;
  revision: number;
}

const TASK_FIELDS = columnsOf(
  planTasks,
  "id",
  "planId",
  "sectionId",
  "title",
  "owner",
  "startOn",
  "dueOn",
  "progress",
  "completedOn",
  "notes",
  "sortOrder",
  "revision",
  "deletedAt",
);

export interface TaskRow {
  id: string;
  planId: string;
  sectionId: string | null;
  title: string;
  owner: string | null;
  startOn: string | null;
  dueOn: string | null;
  progress: number;
  completedOn: string | null;
  notes: string | null;
  sortOrder: number;
  revision: number;
  deletedAt: number | null;
}

/** The fields of a task an edit may set. */
export type TaskChanges = Partial<
  Pick<TaskRow, "sectionId" | "title" | "owner" | "startOn" | "dueOn" | "progress" | "completedOn" | "notes">
>;

export interface SectionRow {
  id: string;
  number: number;
  title: string;
}

/** Tasks shown at most on one plan. */
const TASKS_PER_PLAN = 500;

export async function loadPlan(db: D1Database, id: string): Promise<PlanRow | null> {
  return rowById(db, plans, PLAN_FIELDS, id);
}

/** An organisation's plan for a directive (there is at most one). */
export async function planOfOrganisation(
  db: D1Database,
  organisationId: string,
  directiveId: string,
): Promise<PlanRow | null> {
  const [row] = await orm(db)
    .select(PLAN_FIELDS)
    .from(plans)
    .where(and(eq(plans.organisationId, organisationId), eq(plans.directiveId, directiveId)));
  return row ?? null;
}

export async function loadTask(db: D1Database, id: string): Promise<TaskRow | null> {
  return rowById(db, planTasks, TASK_FIELDS, id);
}

/** A plan's tasks in order; deleted ones too when `withDeleted`. */
export async function tasksOfPlan(db: D1Database, planId: string, withDeleted: boolean): Promise<TaskRow[]> {
  return orm(db)
    .select(TASK_FIELDS)
    .from(planTasks)
    .where(and(eq(planTasks.planId, planId), withDeleted ? undefined : isNull(planTasks.deletedAt)))
    .orderBy(asc(planTasks.sortOrder), asc(planTasks.id))
    .limit(TASKS_PER_PLAN);
}

export async function sectionsOf(db: D1Database, directiveId: string): Promise<SectionRow[]> {
  return orm(db)
    .select({ id: directiveSections.id, number: directiveSections.number, title: directiveSections.title })
    .from(directiveSections)
    .where(eq(directiveSections.directiveId, directiveId))
    .orderBy(asc(directiveSections.number));
}

export async function sectionOfDirective(db: D1Database, sectionId: string, directiveId: string) {
  const [row] = await orm(db)
    .select({ id: directiveSections.id })
    .from(directiveSections)
    .where(and(eq(directiveSections.id, sectionId), eq(directiveSections.directiveId, directiveId)));
  return !!row;
}

/** The organisation whose plan holds task `taskId` (id and path, for the policy), or null. */
export async function orgOfTaskId(db: D1Database, taskId: string): Promise<OrgRef | null> {
  const [row] = await orm(db)
    .select({ id: organisations.id, path: organisations.path })
    .from(planTasks)
    .innerJoin(plans, eq(plans.id, planTasks.planId))
    .innerJoin(organisations, eq(organisations.id, plans.organisationId))
    .where(eq(planTasks.id, taskId));
  return row ?? null;
}

/** The organisation id of the plan holding task `taskId`, or null. */
export async function organisationIdOfTask(db: D1Database, taskId: string): Promise<string | null> {
  const [row] = await orm(db)
    .select({ organisationId: plans.organisationId })
    .from(planTasks)
    .innerJoin(plans, eq(plans.id, planTasks.planId))
    .where(eq(planTasks.id, taskId));
  return row?.organisationId ?? null;
}

/** Inserts a plan unless the organisation has one for the directive (returns its id, or no row). */
export function insertPlanStatement(
  db: D1Database,
  row: Omit<PlanRow, "revision">,
  now: number,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .insert(plans)
      .values({ ...row, revision: 1, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: plans.id }),
  );
}

export const planExistsGuard = (id: string) => ({
  sql: "exists (select 1 from plans where id = ?)",
  params: [id],
});

/** Appends a task at the end of its plan (sort order after the last one). */
export function insertTaskStatement(
  db: D1Database,
  row: Omit<TaskRow, "sortOrder" | "revision" | "deletedAt">,
  now: number,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .insert(planTasks)
      .values({
        ...row,
        sortOrder: sql`coalesce((select max(sort_order) + 1 from plan_tasks where plan_id = ${row.planId}), 0)`,
        revision: 1,
        createdAt: now,
        updatedAt: now,
      }),
  );
}

/**
 * The compare-and-swap every task write is: `set` applied to the task only at `revision` and
 * only while it is live (or, for a restore, deleted); the revision goes up by one. Returns the
 * task's id, or no row when it was stale.
 */
function taskWriteAt(
  db: D1Database,
  id: string,
  revision: number,
  set: Partial<typeof planTasks.$inferInsert>,
  now: number,
  whileDeleted = false,
): D1PreparedStatement {
  const deletion = whileDeleted ? isNotNull(planTasks.deletedAt) : isNull(planTasks.deletedAt);
  return statementOf(
    db,
    updateAtRevision(db, planTasks, id, revision, set, now, deletion).returning({ id: planTasks.id }),
  );
}

/** Sets `changes` on a live task at `revision` (returns its id, or no row when stale or deleted). */
export const updateTaskStatement = (
  db: D1Database,
  id: string,
  revision: number,
  changes: TaskChanges,
  now: number,
) => taskWriteAt(db, id, revision, changes, now);

/** Soft-deletes a live task at `revision` (returns its id, or no row). */
export const softDeleteTaskStatement = (
  db: D1Database,
  id: string,
  revision: number,
  by: string | null,
  now: number,
) => taskWriteAt(db, id, revision, { deletedAt: now, deletedBy: by }, now);

/** Brings a deleted task back at `revision` (returns its id, or no row). */
export const restoreTaskStatement = (db: D1Database, id: string, revision: number, now: number) =>
  taskWriteAt(db, id, revision, { deletedAt: null, deletedBy: null }, now, true);

/** Audit conditions: the task is now at `revision` (and deleted at `deletedAt`, or live). */
export const taskAtRevisionGuard = (id: string, revision: number) => ({
  sql: "exists (select 1 from plan_tasks where id = ? and revision = ?)",
  params: [id, revision],
});
export const taskDeletedGuard = (id: string, revision: number, deletedAt: number) => ({
  sql: "exists (select 1 from plan_tasks where id = ? and revision = ? and deleted_at = ?)",
  params: [id, revision, deletedAt],
});
export const taskRestoredGuard = (id: string, revision: number) => ({
  sql: "exists (select 1 from plan_tasks where id = ? and revision = ? and deleted_at is null)",
  params: [id, revision],
});
