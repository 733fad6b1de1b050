/**
 * Deleting and restoring plan tasks without losing anything: a delete carries the revision it
 * was made from (a stale one is a conflict with the current task), is a soft delete (the row
 * stays, marked `deleted_at`), and writes the full row to the audit trail; a restore brings the
 * row back as it was. Each operation is one batch guarded by the revision.
 */
import { auditStatement } from "../audit";
import { AppError } from "../platform/errors";

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

export const TASK_COLUMNS = `id, plan_id as planId, section_id as sectionId, title, owner, start_on as startOn, due_on as dueOn,
  progress, completed_on as completedOn, notes, sort_order as sortOrder, revision, deleted_at as deletedAt`;

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

export interface TaskActor {
  actorPersonId: string | null;
  actorKind: "person" | "token" | "system" | "anonymous";
  ip?: string | null;
}

export async function loadTask(db: D1Database, id: string): Promise<TaskRow | null> {
  return db.prepare(`select ${TASK_COLUMNS} from plan_tasks where id = ?`).bind(id).first<TaskRow>();
}

async function conflict(db: D1Database, id: string, message: string): Promise<TaskConflictError> {
  return new TaskConflictError(await loadTask(db, id), message);
}

export const STALE_TASK_MESSAGE =
  "Nhiệm vụ đã được người khác sửa trong lúc đồng chí đang xem. Bản hiện tại và bản của đồng chí ở dưới; hãy đối chiếu rồi làm lại.";

/** Soft-deletes a task at `revision`; the audit keeps the full row as it was. */
export async function softDeleteTask(
  db: D1Database,
  input: {
    id: string;
    revision: number;
    organisationId: string;
    actor: TaskActor;
    now: number;
    reason?: string | null;
  },
): Promise<TaskRow> {
  const before = await loadTask(db, input.id);
  if (!before || before.deletedAt !== null || before.revision !== input.revision) {
    throw await conflict(
      db,
      input.id,
      before?.deletedAt != null ? "Nhiệm vụ này đã bị xóa trước đó" : STALE_TASK_MESSAGE,
    );
  }
  const [updated] = await db.batch<TaskRow>([
    db
      .prepare(
        `update plan_tasks set deleted_at = ?1, deleted_by = ?2, revision = revision + 1, updated_at = ?1
         where id = ?3 and revision = ?4 and deleted_at is null returning ${TASK_COLUMNS}`,
      )
      .bind(input.now, input.actor.actorPersonId, input.id, input.revision),
    auditStatement(
      db,
      {
        at: input.now,
        ...input.actor,
        action: "plan_task.deleted",
        entityType: "plan_task",
        entityId: input.id,
        organisationId: input.organisationId,
        reason: input.reason ?? null,
        data: { task: before },
      },
      {
        sql: "exists (select 1 from plan_tasks where id = ? and revision = ? and deleted_at = ?)",
        params: [input.id, input.revision + 1, input.now],
      },
    ),
  ]);
  const row = updated?.results[0];
  if (!row) throw await conflict(db, input.id, STALE_TASK_MESSAGE);
  return row;
}

/** Brings a soft-deleted task back, as it was, at `revision`. */
export async function restoreTask(
  db: D1Database,
  input: { id: string; revision: number; organisationId: string; actor: TaskActor; now: number },
): Promise<TaskRow> {
  const [updated] = await db.batch<TaskRow>([
    db
      .prepare(
        `update plan_tasks set deleted_at = null, deleted_by = null, revision = revision + 1, updated_at = ?1
         where id = ?2 and revision = ?3 and deleted_at is not null returning ${TASK_COLUMNS}`,
      )
      .bind(input.now, input.id, input.revision),
    auditStatement(
      db,
      {
        at: input.now,
        ...input.actor,
        action: "plan_task.restored",
        entityType: "plan_task",
        entityId: input.id,
        organisationId: input.organisationId,
        data: { fromRevision: input.revision },
      },
      {
        sql: "exists (select 1 from plan_tasks where id = ? and revision = ? and deleted_at is null)",
        params: [input.id, input.revision + 1],
      },
    ),
  ]);
  const row = updated?.results[0];
  if (!row) {
    const current = await loadTask(db, input.id);
    throw new TaskConflictError(
      current,
      current && current.deletedAt === null
        ? "Nhiệm vụ này chưa bị xóa hoặc đã được khôi phục"
        : STALE_TASK_MESSAGE,
    );
  }
  return row;
}
