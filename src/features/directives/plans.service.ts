/**
 * Implementation plans: an organisation's plan for a directive (document number and date) as
 * tasks mapped to the directive's sections, each with owner, deadline and progress. Edits use
 * optimistic concurrency: a task carries `revision`, and a stale write is a `TaskConflictError`
 * with the current task (the newer text survives). A delete is a soft delete whose audit keeps
 * the full row; a restore brings the row back as it was. Each change is one batch.
 */
import { type AuditEvent, auditStatement } from "../../audit";
import type { Guard } from "../../auth/guard";
import { localDate } from "../../domain/time";
import { newId } from "../../ids";
import { AppError, notFound } from "../../platform/errors";
import { getOrg } from "../organisations";
import { directiveCodeOf } from "./documents.queries";
import {
  insertPlanStatement,
  insertTaskStatement,
  loadPlan,
  loadTask,
  organisationIdOfTask,
  type PlanRow,
  planExistsGuard,
  restoreTaskStatement,
  sectionOfDirective,
  softDeleteTaskStatement,
  type TaskChanges,
  type TaskRow,
  taskAtRevisionGuard,
  taskDeletedGuard,
  taskRestoredGuard,
  updateTaskStatement,
} from "./plans.queries";
import type { NewTaskInput, PlanInput, TaskPatch } from "./plans.schemas";

export type TaskActor = Pick<AuditEvent, "actorPersonId" | "actorKind" | "ip">;

/** A write refused because the task changed (or was deleted/restored) since `revision`. */
export class TaskConflictError extends AppError {
  constructor(
    readonly current: TaskRow | null,
    message: string,
  ) {
    super("conflict", "task_conflict", message);
    this.name = "TaskConflictError";
  }
}

export const STALE_TASK_MESSAGE =
  "Nhiệm vụ đã được người khác sửa trong lúc đồng chí đang xem. Bản hiện tại và bản của đồng chí ở dưới; hãy đối chiếu rồi làm lại.";

async function conflict(db: D1Database, id: string, message: string): Promise<TaskConflictError> {
  return new TaskConflictError(await loadTask(db, id), message);
}

async function sectionBelongs(db: D1Database, sectionId: string, directiveId: string) {
  if (!(await sectionOfDirective(db, sectionId, directiveId))) {
    throw new AppError("invalid", "unknown_section", "Mục của chỉ thị không hợp lệ", [
      { field: "sectionId", message: "Không tìm thấy mục này trong chỉ thị" },
    ]);
  }
}

/** Creates an organisation's plan (`plan.edit` on it); one plan per organisation and directive. */
export async function createPlan(
  db: D1Database,
  input: PlanInput,
  guard: Guard,
  actor: TaskActor,
  now: number,
): Promise<PlanRow> {
  const org = await getOrg(db, input.organisationId);
  if (!org) throw notFound("Không tìm thấy tổ chức");
  guard.require("plan.edit", org);
  const directive = await directiveCodeOf(db, input.directiveId);
  if (!directive) throw notFound("Không tìm thấy chỉ thị");
  const id = newId("plan");
  const title = input.title ?? `Kế hoạch thực hiện Chỉ thị số ${directive.code}`;
  const [inserted] = await db.batch<{ id: string }>([
    insertPlanStatement(
      db,
      {
        id,
        organisationId: org.id,
        directiveId: directive.id,
        documentNumber: input.documentNumber ?? null,
        documentDate: input.documentDate ?? null,
        title,
      },
      now,
    ),
    auditStatement(
      db,
      {
        at: now,
        ...actor,
        action: "plan.created",
        entityType: "plan",
        entityId: id,
        organisationId: org.id,
        data: { documentNumber: input.documentNumber ?? null },
      },
      planExistsGuard(id),
    ),
  ]);
  if ((inserted?.results.length ?? 0) === 0) {
    throw new AppError("conflict", "plan_exists", "Tổ chức này đã có kế hoạch thực hiện chỉ thị");
  }
  return (await loadPlan(db, id))!;
}

/** Adds a task at the end of plan `planId`. */
export async function addTask(
  db: D1Database,
  planId: string,
  input: NewTaskInput,
  actor: TaskActor,
  now: number,
): Promise<TaskRow> {
  const plan = await loadPlan(db, planId);
  if (!plan) throw notFound("Không tìm thấy kế hoạch");
  if (input.sectionId) await sectionBelongs(db, input.sectionId, plan.directiveId);
  const progress = input.progress ?? 0;
  const id = newId("task");
  await db.batch([
    insertTaskStatement(
      db,
      {
        id,
        planId: plan.id,
        sectionId: input.sectionId ?? null,
        title: input.title,
        owner: input.owner ?? null,
        startOn: input.startOn ?? null,
        dueOn: input.dueOn ?? null,
        progress,
        completedOn: input.completedOn ?? (progress === 100 ? localDate(now) : null),
        notes: input.notes ?? null,
      },
      now,
    ),
    auditStatement(db, {
      at: now,
      ...actor,
      action: "plan_task.created",
      entityType: "plan_task",
      entityId: id,
      organisationId: plan.organisationId,
      data: { planId: plan.id, title: input.title },
    }),
  ]);
  return (await loadTask(db, id))!;
}

/** Edits a task at the revision the person saw; a stale or deleted task is a conflict. */
export async function updateTask(
  db: D1Database,
  id: string,
  input: TaskPatch,
  actor: TaskActor,
  now: number,
): Promise<TaskRow> {
  const current = await loadTask(db, id);
  if (!current) throw notFound("Không tìm thấy nhiệm vụ");
  if (current.deletedAt !== null)
    throw new TaskConflictError(current, "Nhiệm vụ này đã bị xóa; hãy khôi phục trước khi sửa");
  const plan = (await loadPlan(db, current.planId))!;
  if (input.sectionId) await sectionBelongs(db, input.sectionId, plan.directiveId);
  const { revision, ...changes } = input;
  const set: TaskChanges = { ...changes };
  // Reaching 100% records the completion date (the status rule relies on it).
  if (changes.progress === 100 && changes.completedOn === undefined && current.completedOn === null) {
    set.completedOn = localDate(now);
  }
  if (changes.progress !== undefined && changes.progress < 100 && changes.completedOn === undefined) {
    set.completedOn = null;
  }
  const changed = await changeTask(
    db,
    updateTaskStatement(db, id, revision, set, now),
    { at: now, ...actor, action: "plan_task.updated", entityId: id, organisationId: plan.organisationId },
    { changes: set, fromRevision: revision },
    taskAtRevisionGuard(id, revision + 1),
  );
  if (!changed) throw await conflict(db, id, STALE_TASK_MESSAGE);
  return (await loadTask(db, id))!;
}

/**
 * One batch: a change of a task and its audit row, written only if the change happened
 * (`onlyIf`). Whether it happened.
 */
async function changeTask(
  db: D1Database,
  change: D1PreparedStatement,
  event: Omit<AuditEvent, "entityType" | "data">,
  data: unknown,
  onlyIf: Parameters<typeof auditStatement>[2],
): Promise<boolean> {
  const [updated] = await db.batch<{ id: string }>([
    change,
    auditStatement(db, { ...event, entityType: "plan_task", data }, onlyIf),
  ]);
  return (updated?.results.length ?? 0) > 0;
}

async function organisationOfTask(db: D1Database, id: string): Promise<string> {
  const organisationId = await organisationIdOfTask(db, id);
  if (!organisationId) throw notFound("Không tìm thấy nhiệm vụ");
  return organisationId;
}

/** A step of a task's life (deleting, restoring) taken at the revision the person saw. */
type TaskStep = (
  db: D1Database,
  id: string,
  revision: number,
  actor: TaskActor,
  now: number,
) => Promise<TaskRow>;

/** Soft-deletes a task at the revision the person saw; the audit keeps the full row as it was. */
export const deleteTask: TaskStep = async (db, id, revision, actor, now) => {
  const organisationId = await organisationOfTask(db, id);
  const before = await loadTask(db, id);
  if (!before || before.deletedAt !== null || before.revision !== revision) {
    throw await conflict(
      db,
      id,
      before?.deletedAt != null ? "Nhiệm vụ này đã bị xóa trước đó" : STALE_TASK_MESSAGE,
    );
  }
  const changed = await changeTask(
    db,
    softDeleteTaskStatement(db, id, revision, actor.actorPersonId ?? null, now),
    { at: now, ...actor, action: "plan_task.deleted", entityId: id, organisationId, reason: null },
    { task: before },
    taskDeletedGuard(id, revision + 1, now),
  );
  if (!changed) throw await conflict(db, id, STALE_TASK_MESSAGE);
  return (await loadTask(db, id))!;
};

/** Brings a soft-deleted task back, as it was, at the revision the person saw. */
export const restoreTask: TaskStep = async (db, id, revision, actor, now) => {
  const organisationId = await organisationOfTask(db, id);
  const changed = await changeTask(
    db,
    restoreTaskStatement(db, id, revision, now),
    { at: now, ...actor, action: "plan_task.restored", entityId: id, organisationId },
    { fromRevision: revision },
    taskRestoredGuard(id, revision + 1),
  );
  if (!changed) {
    const current = await loadTask(db, id);
    throw new TaskConflictError(
      current,
      current && current.deletedAt === null
        ? "Nhiệm vụ này chưa bị xóa hoặc đã được khôi phục"
        : STALE_TASK_MESSAGE,
    );
  }
  return (await loadTask(db, id))!;
};
