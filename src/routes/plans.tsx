/**
 * Implementation plans: an organisation's plan for Directive 52 (document number and date)
 * as tasks mapped to directive sections, each with owner, deadline, progress and the status
 * computed by `describeTaskStatus`. Edits use optimistic concurrency: a task carries
 * `revision`, and a stale write gets 409 with the current task (the newer text survives).
 */
import type { Context } from "hono";
import { Hono } from "hono";
import * as z from "zod";
import { auditStatement } from "../audit";
import { authorize, type OrgRef, orgFromParam, orgOfRow, requirePolicy } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can } from "../auth/policy";
import { clientIp, csrfTokenFor } from "../auth/web";
import { parseDocumentNumber } from "../domain/document-number";
import { describeTaskStatus } from "../domain/task-status";
import { formatDateVi, localDate } from "../domain/time";
import { getOrg } from "../features/organisations";
import type { AppEnv } from "../http/context";
import { optionalDateField } from "../http/date-field";
import { newId } from "../ids";
import { Breadcrumbs, formErrorPage, TONE_CLASS } from "../pages/page-bits";
import { AppError, notFound } from "../platform/errors";
import { blankToUndefined, parseWith, readBody } from "../platform/http-input";
import {
  loadTask,
  restoreTask,
  STALE_TASK_MESSAGE,
  softDeleteTask,
  TASK_COLUMNS,
  TaskConflictError,
  type TaskRow,
} from "../services/plan-tasks";

export const planRoutes = new Hono<AppEnv>();

const DIRECTIVE_ID = "ct52";

interface PlanRow {
  id: string;
  organisationId: string;
  directiveId: string;
  documentNumber: string | null;
  documentDate: string | null;
  title: string;
  revision: number;
}

export type { TaskRow };

const orgOfTask = async (c: Context<AppEnv>): Promise<OrgRef | null> =>
  c.env.DB.prepare(
    `select o.id, o.path from plan_tasks t join plans p on p.id = t.plan_id join organisations o on o.id = p.organisation_id
     where t.id = ?`,
  )
    .bind(c.req.param("id") ?? "")
    .first<OrgRef>();

const date = optionalDateField;

const documentNumber = z
  .string()
  .max(100)
  .transform((s, ctx) => {
    const parsed = parseDocumentNumber(s);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.normalized;
  });

export const planSchema = z.object({
  organisationId: z.string().min(1).max(64),
  directiveId: z.string().max(64).default(DIRECTIVE_ID),
  documentNumber: documentNumber.nullable().optional(),
  documentDate: date("Ngày ban hành kế hoạch"),
  title: z.string().trim().min(1).max(300, "Tên kế hoạch quá dài (tối đa 300 ký tự)").optional(),
});

const taskFields = {
  sectionId: z.string().max(64).nullable().optional(),
  title: z
    .string()
    .trim()
    .min(1, "Vui lòng nhập tên nhiệm vụ")
    .max(500, "Tên nhiệm vụ quá dài (tối đa 500 ký tự)"),
  owner: z.string().trim().max(200, "Đơn vị chủ trì quá dài (tối đa 200 ký tự)").nullable().optional(),
  startOn: date("Ngày bắt đầu"),
  dueOn: date("Hạn hoàn thành"),
  progress: z.coerce
    .number()
    .int("Tiến độ phải là số nguyên")
    .min(0, "Tiến độ từ 0 đến 100")
    .max(100, "Tiến độ từ 0 đến 100")
    .optional(),
  completedOn: date("Ngày hoàn thành"),
  notes: z.string().trim().max(2000, "Ghi chú quá dài (tối đa 2000 ký tự)").nullable().optional(),
};

export const newTaskSchema = z.object(taskFields);
export const patchTaskSchema = z
  .object({ ...taskFields, title: taskFields.title.optional(), revision: z.coerce.number().int().min(1) })
  .strict();

function actorData(c: Context<AppEnv>) {
  const p = c.var.principal!;
  return { actorPersonId: p.personId, actorKind: p.kind, ip: clientIp(c) } as const;
}

async function sectionBelongs(db: D1Database, sectionId: string, directiveId: string) {
  const s = await db
    .prepare("select id from directive_sections where id = ? and directive_id = ?")
    .bind(sectionId, directiveId)
    .first();
  if (!s) {
    throw new AppError("invalid", "unknown_section", "Mục của chỉ thị không hợp lệ", [
      { field: "sectionId", message: "Không tìm thấy mục này trong chỉ thị" },
    ]);
  }
}

async function createPlan(c: Context<AppEnv>, data: Record<string, unknown>): Promise<PlanRow> {
  const input = parseWith(planSchema, data);
  const db = c.env.DB;
  const org = await getOrg(db, input.organisationId);
  if (!org) throw notFound("Không tìm thấy tổ chức");
  authorize(c, "plan.edit", org);
  const directive = await db
    .prepare("select id, code from directives where id = ?")
    .bind(input.directiveId)
    .first<{ id: string; code: string }>();
  if (!directive) throw notFound("Không tìm thấy chỉ thị");
  const id = newId("plan");
  const now = c.var.now;
  const title = input.title ?? `Kế hoạch thực hiện Chỉ thị số ${directive.code}`;
  const [inserted] = await db.batch<{ id: string }>([
    db
      .prepare(
        `insert into plans (id, organisation_id, directive_id, document_number, document_date, title, revision, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, 1, ?, ?) on conflict do nothing returning id`,
      )
      .bind(
        id,
        org.id,
        directive.id,
        input.documentNumber ?? null,
        input.documentDate ?? null,
        title,
        now,
        now,
      ),
    auditStatement(
      db,
      {
        at: now,
        ...actorData(c),
        action: "plan.created",
        entityType: "plan",
        entityId: id,
        organisationId: org.id,
        data: { documentNumber: input.documentNumber ?? null },
      },
      { sql: "exists (select 1 from plans where id = ?)", params: [id] },
    ),
  ]);
  if ((inserted?.results.length ?? 0) === 0) {
    throw new AppError("conflict", "plan_exists", "Tổ chức này đã có kế hoạch thực hiện chỉ thị");
  }
  return (await db
    .prepare(
      `select id, organisation_id as organisationId, directive_id as directiveId, document_number as documentNumber,
         document_date as documentDate, title, revision from plans where id = ?`,
    )
    .bind(id)
    .first<PlanRow>())!;
}

async function addTask(c: Context<AppEnv>, planId: string, data: Record<string, unknown>): Promise<TaskRow> {
  const input = parseWith(newTaskSchema, data);
  const db = c.env.DB;
  const plan = await db
    .prepare(
      "select id, directive_id as directiveId, organisation_id as organisationId from plans where id = ?",
    )
    .bind(planId)
    .first<{ id: string; directiveId: string; organisationId: string }>();
  if (!plan) throw notFound("Không tìm thấy kế hoạch");
  if (input.sectionId) await sectionBelongs(db, input.sectionId, plan.directiveId);
  const now = c.var.now;
  const progress = input.progress ?? 0;
  const completedOn = input.completedOn ?? (progress === 100 ? localDate(now) : null);
  const id = newId("task");
  await db.batch([
    db
      .prepare(
        `insert into plan_tasks (id, plan_id, section_id, title, owner, start_on, due_on, progress, completed_on, notes, sort_order,
           revision, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce((select max(sort_order) + 1 from plan_tasks where plan_id = ?), 0), 1, ?, ?)`,
      )
      .bind(
        id,
        plan.id,
        input.sectionId ?? null,
        input.title,
        input.owner ?? null,
        input.startOn ?? null,
        input.dueOn ?? null,
        progress,
        completedOn,
        input.notes ?? null,
        plan.id,
        now,
        now,
      ),
    auditStatement(db, {
      at: now,
      ...actorData(c),
      action: "plan_task.created",
      entityType: "plan_task",
      entityId: id,
      organisationId: plan.organisationId,
      data: { planId: plan.id, title: input.title },
    }),
  ]);
  return (await db.prepare(`select ${TASK_COLUMNS} from plan_tasks where id = ?`).bind(id).first<TaskRow>())!;
}

const COLUMN_OF: Record<string, string> = {
  sectionId: "section_id",
  title: "title",
  owner: "owner",
  startOn: "start_on",
  dueOn: "due_on",
  progress: "progress",
  completedOn: "completed_on",
  notes: "notes",
};

async function updateTask(c: Context<AppEnv>, id: string, data: Record<string, unknown>): Promise<TaskRow> {
  const input = parseWith(patchTaskSchema, data);
  const db = c.env.DB;
  const current = await db
    .prepare(`select ${TASK_COLUMNS} from plan_tasks where id = ?`)
    .bind(id)
    .first<TaskRow>();
  if (!current) throw notFound("Không tìm thấy nhiệm vụ");
  if (current.deletedAt !== null)
    throw new TaskConflictError(current, "Nhiệm vụ này đã bị xóa; hãy khôi phục trước khi sửa");
  const plan = (await db
    .prepare("select directive_id as directiveId, organisation_id as organisationId from plans where id = ?")
    .bind(current.planId)
    .first<{ directiveId: string; organisationId: string }>())!;
  if (input.sectionId) await sectionBelongs(db, input.sectionId, plan.directiveId);
  const { revision, ...changes } = input;
  const now = c.var.now;
  const set: Record<string, unknown> = { ...changes };
  // Reaching 100% records the completion date (the status rule relies on it).
  if (changes.progress === 100 && changes.completedOn === undefined && current.completedOn === null) {
    set.completedOn = localDate(now);
  }
  if (changes.progress !== undefined && changes.progress < 100 && changes.completedOn === undefined) {
    set.completedOn = null;
  }
  const keys = Object.keys(set).filter((k) => set[k] !== undefined);
  const [updated] = await db.batch<TaskRow>([
    db
      .prepare(
        `update plan_tasks set ${keys.map((k) => `${COLUMN_OF[k]} = ?`).join(", ")}${keys.length ? ", " : ""}
           revision = revision + 1, updated_at = ? where id = ? and revision = ? and deleted_at is null returning ${TASK_COLUMNS}`,
      )
      .bind(...keys.map((k) => (set[k] ?? null) as string | number | null), now, id, revision),
    auditStatement(
      db,
      {
        at: now,
        ...actorData(c),
        action: "plan_task.updated",
        entityType: "plan_task",
        entityId: id,
        organisationId: plan.organisationId,
        data: { changes: set, fromRevision: revision },
      },
      { sql: "exists (select 1 from plan_tasks where id = ? and revision = ?)", params: [id, revision + 1] },
    ),
  ]);
  const row = updated?.results[0];
  if (!row) throw new TaskConflictError(await loadTask(db, id), STALE_TASK_MESSAGE);
  return row;
}

const revisionSchema = z.object({
  revision: z.coerce
    .number({ error: "Thiếu số phiên bản (revision) của nhiệm vụ" })
    .int()
    .min(1, { error: "Thiếu số phiên bản (revision) của nhiệm vụ" }),
});

async function organisationOfTask(db: D1Database, id: string): Promise<string> {
  const row = await db
    .prepare(
      "select p.organisation_id as organisationId from plan_tasks t join plans p on p.id = t.plan_id where t.id = ?",
    )
    .bind(id)
    .first<{ organisationId: string }>();
  if (!row) throw notFound("Không tìm thấy nhiệm vụ");
  return row.organisationId;
}

/** Soft delete at the revision the person saw; the full row goes to the audit trail. */
async function deleteTask(c: Context<AppEnv>, id: string, data: Record<string, unknown>): Promise<TaskRow> {
  const { revision } = parseWith(revisionSchema, data);
  const db = c.env.DB;
  return softDeleteTask(db, {
    id,
    revision,
    organisationId: await organisationOfTask(db, id),
    actor: actorData(c),
    now: c.var.now,
  });
}

async function undeleteTask(c: Context<AppEnv>, id: string, data: Record<string, unknown>): Promise<TaskRow> {
  const { revision } = parseWith(revisionSchema, data);
  const db = c.env.DB;
  return restoreTask(db, {
    id,
    revision,
    organisationId: await organisationOfTask(db, id),
    actor: actorData(c),
    now: c.var.now,
  });
}

/** 409 with the current task and what the person sent: both texts, nothing lost. */
function taskConflictJson(c: Context<AppEnv>, err: TaskConflictError, yours: Record<string, unknown>) {
  return c.json(
    {
      error: { code: "stale_revision", message: err.message, fields: [] },
      current: err.current,
      yours,
    },
    409,
  );
}

// ---------------------------------------------------------------- JSON API

planRoutes.post("/api/plans", requirePolicy("plan.edit", "in-handler"), async (c) => {
  const { data } = await readBody(c);
  return c.json({ plan: await createPlan(c, data) }, 201);
});

planRoutes.get("/api/plans/:id", requirePolicy("plan.read", orgOfRow("plans", "id")), async (c) => {
  const db = c.env.DB;
  const plan = await db
    .prepare(
      `select id, organisation_id as organisationId, directive_id as directiveId, document_number as documentNumber,
         document_date as documentDate, title, revision from plans where id = ?`,
    )
    .bind(c.req.param("id"))
    .first<PlanRow>();
  const { results } = await db
    .prepare(
      `select ${TASK_COLUMNS} from plan_tasks where plan_id = ? and deleted_at is null order by sort_order, id limit 500`,
    )
    .bind(plan!.id)
    .all<TaskRow>();
  const today = localDate(c.var.now);
  return c.json({ plan, tasks: results.map((t) => ({ ...t, status: describeTaskStatus(t, today) })) });
});

planRoutes.post("/api/plans/:id/tasks", requirePolicy("plan.edit", orgOfRow("plans", "id")), async (c) => {
  const { data } = await readBody(c);
  const task = await addTask(c, c.req.param("id"), data);
  return c.json({ task: { ...task, status: describeTaskStatus(task, localDate(c.var.now)) } }, 201);
});

planRoutes.patch("/api/tasks/:id", requirePolicy("plan.edit", orgOfTask), async (c) => {
  const { data } = await readBody(c);
  try {
    const task = await updateTask(c, c.req.param("id"), data);
    return c.json({ task: { ...task, status: describeTaskStatus(task, localDate(c.var.now)) } });
  } catch (err) {
    if (err instanceof TaskConflictError) return taskConflictJson(c, err, data);
    throw err;
  }
});

/** The revision of a DELETE comes in the query (?revision=3) or a JSON body. */
async function deleteInput(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const q = c.req.query("revision");
  if (q !== undefined) return { revision: q };
  if ((c.req.header("content-type") ?? "") === "") return {};
  return (await readBody(c)).data;
}

planRoutes.delete("/api/tasks/:id", requirePolicy("plan.edit", orgOfTask), async (c) => {
  const data = await deleteInput(c);
  try {
    const task = await deleteTask(c, c.req.param("id"), data);
    return c.json({ ok: true, task });
  } catch (err) {
    if (err instanceof TaskConflictError) return taskConflictJson(c, err, data);
    throw err;
  }
});

planRoutes.post("/api/tasks/:id/restore", requirePolicy("plan.edit", orgOfTask), async (c) => {
  const { data } = await readBody(c);
  try {
    const task = await undeleteTask(c, c.req.param("id"), data);
    return c.json({ task: { ...task, status: describeTaskStatus(task, localDate(c.var.now)) } });
  } catch (err) {
    if (err instanceof TaskConflictError) return taskConflictJson(c, err, data);
    throw err;
  }
});

// ---------------------------------------------------------------- page forms

planRoutes.post("/ke-hoach/:organisationId/tao", requirePolicy("plan.edit", "in-handler"), async (c) => {
  const orgId = c.req.param("organisationId");
  const { data } = await readBody(c);
  try {
    await createPlan(c, { ...blankToUndefined(data), organisationId: orgId });
    return c.redirect(`/ke-hoach/${orgId}`, 303);
  } catch (err) {
    return formErrorPage(c, err, `/ke-hoach/${orgId}`);
  }
});

planRoutes.post(
  "/ke-hoach/:organisationId/nhiem-vu",
  requirePolicy("plan.edit", orgFromParam("organisationId")),
  async (c) => {
    const orgId = c.var.targetOrg!.id;
    const { data } = await readBody(c);
    try {
      const plan = await c.env.DB.prepare(
        "select id from plans where organisation_id = ? and directive_id = ?",
      )
        .bind(orgId, DIRECTIVE_ID)
        .first<{ id: string }>();
      if (!plan) throw notFound("Tổ chức chưa có kế hoạch");
      await addTask(c, plan.id, blankToUndefined(data));
      return c.redirect(`/ke-hoach/${orgId}`, 303);
    } catch (err) {
      return formErrorPage(c, err, `/ke-hoach/${orgId}`);
    }
  },
);

async function backToPlan(c: Context<AppEnv>, taskId: string): Promise<string> {
  const row = await c.env.DB.prepare(
    "select p.organisation_id as orgId from plan_tasks t join plans p on p.id = t.plan_id where t.id = ?",
  )
    .bind(taskId)
    .first<{ orgId: string }>();
  return row ? `/ke-hoach/${row.orgId}` : "/";
}

planRoutes.post("/ke-hoach/nhiem-vu/:id", requirePolicy("plan.edit", orgOfTask), async (c) => {
  const id = c.req.param("id");
  const back = await backToPlan(c, id);
  const { data } = await readBody(c);
  try {
    const input = blankToUndefined(data);
    // An emptied optional field in the form clears it.
    for (const k of ["owner", "dueOn", "startOn", "notes", "completedOn", "sectionId"]) {
      if (k in data && data[k] === "") input[k] = null;
    }
    await updateTask(c, id, input);
    return c.redirect(back, 303);
  } catch (err) {
    if (err instanceof TaskConflictError) return taskConflictPage(c, err, data, back, "edit");
    return formErrorPage(c, err, back);
  }
});

planRoutes.post("/ke-hoach/nhiem-vu/:id/xoa", requirePolicy("plan.edit", orgOfTask), async (c) => {
  const id = c.req.param("id");
  const back = await backToPlan(c, id);
  const { data } = await readBody(c);
  try {
    await deleteTask(c, id, data);
    return c.redirect(`${back}?da-xoa=${encodeURIComponent(id)}#da-xoa`, 303);
  } catch (err) {
    if (err instanceof TaskConflictError) return taskConflictPage(c, err, data, back, "delete");
    return formErrorPage(c, err, back);
  }
});

planRoutes.post("/ke-hoach/nhiem-vu/:id/khoi-phuc", requirePolicy("plan.edit", orgOfTask), async (c) => {
  const id = c.req.param("id");
  const back = await backToPlan(c, id);
  const { data } = await readBody(c);
  try {
    await undeleteTask(c, id, data);
    return c.redirect(back, 303);
  } catch (err) {
    if (err instanceof TaskConflictError) return taskConflictPage(c, err, data, back, "restore");
    return formErrorPage(c, err, back);
  }
});

const TASK_FIELD_LABELS: [keyof TaskRow, string][] = [
  ["title", "Nhiệm vụ"],
  ["owner", "Chủ trì"],
  ["dueOn", "Hạn hoàn thành"],
  ["progress", "Tiến độ (%)"],
  ["notes", "Ghi chú"],
];

/** The task changed since the person opened it: the current task and theirs, side by side. */
async function taskConflictPage(
  c: Context<AppEnv>,
  err: TaskConflictError,
  yours: Record<string, unknown>,
  back: string,
  action: "edit" | "delete" | "restore",
) {
  const current = err.current;
  const text = (v: unknown) => (v === null || v === undefined || v === "" ? "(trống)" : String(v));
  return renderPage(
    c,
    "Chưa lưu được",
    <>
      <h1>Chưa lưu được</h1>
      <section class="card" role="alert" id="conflict" aria-labelledby="conflict-h">
        <h2 id="conflict-h">
          {action === "delete" ? "Chưa xóa" : action === "restore" ? "Chưa khôi phục" : "Chưa lưu"}:{" "}
          {err.message}
        </h2>
        {current ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Mục</th>
                <th scope="col">Bản hiện tại{current.deletedAt !== null ? " (đã xóa)" : ""}</th>
                {action === "edit" ? <th scope="col">Bản của đồng chí</th> : null}
              </tr>
            </thead>
            <tbody>
              {TASK_FIELD_LABELS.map(([key, label]) => (
                <tr>
                  <th scope="row">{label}</th>
                  <td class="theirs">{text(current[key])}</td>
                  {action === "edit" ? <td class="theirs">{text(yours[key] ?? current[key])}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {current && action === "edit" && current.deletedAt === null ? (
        <form method="post" action={`/ke-hoach/nhiem-vu/${current.id}`} class="card">
          <CsrfField token={await csrfTokenFor(c)} />
          <h2>Lưu bản của đồng chí đè lên bản hiện tại</h2>
          <input type="hidden" name="revision" value={String(current.revision)} />
          <label for="again-title">Nhiệm vụ</label>
          <input
            id="again-title"
            name="title"
            required
            maxlength={500}
            value={String(yours.title ?? current.title)}
          />
          <label for="again-owner">Chủ trì</label>
          <input
            id="again-owner"
            name="owner"
            maxlength={200}
            value={String(yours.owner ?? current.owner ?? "")}
          />
          <label for="again-progress">Tiến độ (%)</label>
          <input
            id="again-progress"
            name="progress"
            type="number"
            min={0}
            max={100}
            value={String(yours.progress ?? current.progress)}
          />
          <label for="again-notes">Ghi chú</label>
          <textarea id="again-notes" name="notes" maxlength={2000}>
            {String(yours.notes ?? current.notes ?? "")}
          </textarea>
          <p>
            <button type="submit">Lưu bản của đồng chí</button>
          </p>
        </form>
      ) : null}
      <p>
        <a href={back}>Quay lại kế hoạch</a>
      </p>
    </>,
    409,
  );
}

// ---------------------------------------------------------------- the plan page

planRoutes.get(
  "/ke-hoach/:organisationId",
  requirePolicy("plan.read", orgFromParam("organisationId")),
  async (c) => {
    const db = c.env.DB;
    const org = (await getOrg(db, c.var.targetOrg!.id))!;
    const plan = await db
      .prepare(
        `select id, organisation_id as organisationId, directive_id as directiveId, document_number as documentNumber,
         document_date as documentDate, title, revision from plans where organisation_id = ? and directive_id = ?`,
      )
      .bind(org.id, DIRECTIVE_ID)
      .first<PlanRow>();
    const { results: sections } = await db
      .prepare("select id, number, title from directive_sections where directive_id = ? order by number")
      .bind(DIRECTIVE_ID)
      .all<{ id: string; number: number; title: string }>();
    const allTasks = plan
      ? (
          await db
            .prepare(
              `select ${TASK_COLUMNS} from plan_tasks where plan_id = ? order by sort_order, id limit 500`,
            )
            .bind(plan.id)
            .all<TaskRow>()
        ).results
      : [];
    const tasks = allTasks.filter((t) => t.deletedAt === null);
    const deleted = allTasks.filter((t) => t.deletedAt !== null);
    const justDeleted = c.req.query("da-xoa");
    const today = localDate(c.var.now);
    const canEdit = can(c.var.principal, "plan.edit", org.path);
    const csrf = await csrfTokenFor(c);
    const sectionLabel = (id: string | null) => {
      const s = sections.find((x) => x.id === id);
      return s ? `Mục ${s.number}. ${s.title}` : "Chưa gắn mục";
    };
    return renderPage(
      c,
      `Kế hoạch của ${org.name}`,
      <>
        <Breadcrumbs
          items={[
            { href: "/to-chuc", label: "Tổ chức" },
            { href: `/to-chuc/${org.id}`, label: org.name },
            { label: "Kế hoạch" },
          ]}
        />
        <h1>Kế hoạch thực hiện Chỉ thị 52-CT/TW: {org.name}</h1>
        {plan ? (
          <p>
            {plan.title}
            {plan.documentNumber ? ` · Số ${plan.documentNumber}` : " · Chưa có số văn bản"}
            {plan.documentDate ? ` · ngày ${formatDateVi(plan.documentDate)}` : ""}
          </p>
        ) : (
          <p>Tổ chức chưa ghi nhận kế hoạch thực hiện chỉ thị.</p>
        )}
        {!plan && canEdit ? (
          <form method="post" action={`/ke-hoach/${org.id}/tao`} class="card">
            <CsrfField token={csrf} />
            <h2>Tạo kế hoạch</h2>
            <label for="plan-number">Số hiệu văn bản (ví dụ 215-KH/TU)</label>
            <input id="plan-number" name="documentNumber" maxlength={60} />
            <label for="plan-date">Ngày ban hành</label>
            <input id="plan-date" name="documentDate" type="date" />
            <p>
              <button type="submit">Tạo kế hoạch</button>
            </p>
          </form>
        ) : null}
        {plan ? (
          <section aria-labelledby="tasks-h">
            <h2 id="tasks-h">Nhiệm vụ ({tasks.length})</h2>
            {tasks.length === 0 ? <p>Chưa có nhiệm vụ.</p> : null}
            {tasks.map((t, i) => {
              const st = describeTaskStatus(t, today);
              return (
                <article class="card" aria-labelledby={`t-${t.id}`}>
                  <h3 id={`t-${t.id}`}>
                    {i + 1}. {t.title}
                  </h3>
                  <p>
                    <span class={`badge ${TONE_CLASS[st.tone] ?? ""}`}>{st.label}</span>
                    {st.daysLeft !== null && st.daysLeft >= 0 ? ` · còn ${st.daysLeft} ngày` : ""}
                    {st.daysLeft !== null && st.daysLeft < 0 ? ` · quá hạn ${-st.daysLeft} ngày` : ""}
                  </p>
                  <dl class="grid">
                    <div>
                      <dt class="muted">Mục của chỉ thị</dt>
                      <dd>{sectionLabel(t.sectionId)}</dd>
                    </div>
                    <div>
                      <dt class="muted">Chủ trì</dt>
                      <dd>{t.owner ?? "Chưa phân công"}</dd>
                    </div>
                    <div>
                      <dt class="muted">Hạn hoàn thành</dt>
                      <dd>{t.dueOn ? formatDateVi(t.dueOn) : "Không có thời hạn"}</dd>
                    </div>
                    <div>
                      <dt class="muted">Tiến độ</dt>
                      <dd>
                        {t.progress}%
                        {t.completedOn ? ` (hoàn thành ngày ${formatDateVi(t.completedOn)})` : ""}
                      </dd>
                    </div>
                  </dl>
                  {t.notes ? <p class="muted">{t.notes}</p> : null}
                  {canEdit ? (
                    <details>
                      <summary>Sửa nhiệm vụ</summary>
                      <form method="post" action={`/ke-hoach/nhiem-vu/${t.id}`}>
                        <CsrfField token={csrf} />
                        <input type="hidden" name="revision" value={String(t.revision)} />
                        <TaskFields sections={sections} task={t} prefix={t.id} />
                        <p>
                          <button type="submit">Lưu</button>
                        </p>
                      </form>
                      <form method="post" action={`/ke-hoach/nhiem-vu/${t.id}/xoa`}>
                        <CsrfField token={csrf} />
                        <input type="hidden" name="revision" value={String(t.revision)} />
                        <button type="submit" class="secondary">
                          Xóa nhiệm vụ
                        </button>
                      </form>
                    </details>
                  ) : null}
                </article>
              );
            })}
            {deleted.length > 0 ? (
              <details class="card" id="da-xoa" open={justDeleted !== undefined}>
                <summary>Nhiệm vụ đã xóa ({deleted.length}), có thể khôi phục</summary>
                {justDeleted ? (
                  <p class="notice" role="status">
                    Đã xóa nhiệm vụ; nội dung vẫn được giữ và có thể khôi phục.
                  </p>
                ) : null}
                <ul>
                  {deleted.map((t) => (
                    <li>
                      {t.title} ({t.progress}%{t.owner ? `, ${t.owner}` : ""})
                      {canEdit ? (
                        <form method="post" action={`/ke-hoach/nhiem-vu/${t.id}/khoi-phuc`} class="inline">
                          <CsrfField token={csrf} />
                          <input type="hidden" name="revision" value={String(t.revision)} />
                          <button type="submit" class="secondary">
                            Khôi phục
                          </button>
                        </form>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            {canEdit ? (
              <form method="post" action={`/ke-hoach/${org.id}/nhiem-vu`} class="card">
                <CsrfField token={csrf} />
                <h3>Thêm nhiệm vụ</h3>
                <TaskFields sections={sections} prefix="new" />
                <p>
                  <button type="submit">Thêm nhiệm vụ</button>
                </p>
              </form>
            ) : null}
          </section>
        ) : null}
      </>,
    );
  },
);

function TaskFields(props: {
  sections: { id: string; number: number; title: string }[];
  task?: TaskRow;
  prefix: string;
}) {
  const t = props.task;
  const p = props.prefix;
  return (
    <>
      <label for={`${p}-title`}>Nhiệm vụ</label>
      <input id={`${p}-title`} name="title" required maxlength={500} value={t?.title ?? ""} />
      <label for={`${p}-section`}>Mục của chỉ thị</label>
      <select id={`${p}-section`} name="sectionId">
        <option value="">Chưa gắn mục</option>
        {props.sections.map((s) => (
          <option value={s.id} selected={t?.sectionId === s.id}>
            {s.number}. {s.title}
          </option>
        ))}
      </select>
      <label for={`${p}-owner`}>Chủ trì</label>
      <input id={`${p}-owner`} name="owner" maxlength={200} value={t?.owner ?? ""} />
      <label for={`${p}-due`}>Hạn hoàn thành (để trống nếu không có thời hạn)</label>
      <input id={`${p}-due`} name="dueOn" type="date" value={t?.dueOn ?? ""} />
      <label for={`${p}-progress`}>Tiến độ (%)</label>
      <input
        id={`${p}-progress`}
        name="progress"
        type="number"
        min={0}
        max={100}
        step={1}
        value={String(t?.progress ?? 0)}
      />
      <label for={`${p}-notes`}>Ghi chú</label>
      <textarea id={`${p}-notes`} name="notes" maxlength={2000}>
        {t?.notes ?? ""}
      </textarea>
    </>
  );
}
