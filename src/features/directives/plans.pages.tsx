/**
 * The implementation plan's pages (/ke-hoach/…): an organisation's plan with its tasks, and the
 * forms that create the plan, add, edit, delete and restore a task (form → service → redirect; a
 * stale write shows the current task next to the person's own).
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { guardOf, orgFromParam, requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { can } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import { redirectOrErrors } from "../../pages/page-bits";
import { notFound } from "../../platform/errors";
import { blankToUndefined, parseWith, readBody } from "../../platform/http-input";
import { getOrg } from "../organisations";
import { actorOf } from "./documents.http";
import { orgOfTask, withStatus } from "./plans.http";
import { planOfOrganisation, sectionsOf, tasksOfPlan } from "./plans.queries";
import { DIRECTIVE_ID, newTaskSchema, patchTaskSchema, planSchema, revisionSchema } from "./plans.schemas";
import { addTask, createPlan, deleteTask, restoreTask, TaskConflictError, updateTask } from "./plans.service";
import { PlanPage, TaskConflict, type TaskWrite } from "./plans.views";

export const planPages = new Hono<AppEnv>();

planPages.post("/ke-hoach/:organisationId/tao", requirePolicy("plan.edit", "in-handler"), async (c) => {
  const orgId = c.req.param("organisationId");
  const { data } = await readBody(c);
  return redirectOrErrors(c, `/ke-hoach/${orgId}`, async () => {
    const input = parseWith(planSchema, { ...blankToUndefined(data), organisationId: orgId });
    await createPlan(c.env.DB, input, guardOf(c), actorOf(c), c.var.now);
    return `/ke-hoach/${orgId}`;
  });
});

planPages.post(
  "/ke-hoach/:organisationId/nhiem-vu",
  requirePolicy("plan.edit", orgFromParam("organisationId")),
  async (c) => {
    const orgId = c.var.targetOrg!.id;
    const { data } = await readBody(c);
    return redirectOrErrors(c, `/ke-hoach/${orgId}`, async () => {
      const plan = await planOfOrganisation(c.env.DB, orgId, DIRECTIVE_ID);
      if (!plan) throw notFound("Tổ chức chưa có kế hoạch");
      const input = parseWith(newTaskSchema, blankToUndefined(data));
      await addTask(c.env.DB, plan.id, input, actorOf(c), c.var.now);
      return `/ke-hoach/${orgId}`;
    });
  },
);

/** The task changed since the person opened it: the current task and theirs, side by side (409). */
async function taskConflictPage(
  c: Context<AppEnv>,
  err: TaskConflictError,
  yours: Record<string, unknown>,
  back: string,
  action: TaskWrite,
) {
  const view = (
    <TaskConflict
      message={err.message}
      current={err.current}
      yours={yours}
      back={back}
      action={action}
      csrf={await csrfTokenFor(c)}
    />
  );
  return renderPage(c, "Chưa lưu được", view, 409);
}

/**
 * A form post writing task `:id`: `run` makes the change and says where to go next (303); a stale
 * write shows the conflict, any other failure the page of errors.
 */
async function taskAction(
  c: Context<AppEnv>,
  action: TaskWrite,
  run: (id: string, data: Record<string, unknown>, back: string) => Promise<string>,
) {
  const id = c.req.param("id") ?? "";
  const back = `/ke-hoach/${c.var.targetOrg!.id}`;
  const { data } = await readBody(c);
  return redirectOrErrors(
    c,
    back,
    () => run(id, data, back),
    (err) => (err instanceof TaskConflictError ? taskConflictPage(c, err, data, back, action) : undefined),
  );
}

planPages.post("/ke-hoach/nhiem-vu/:id", requirePolicy("plan.edit", orgOfTask), (c) =>
  taskAction(c, "edit", async (id, data, back) => {
    const input = blankToUndefined(data);
    // An emptied optional field in the form clears it.
    for (const k of ["owner", "dueOn", "startOn", "notes", "completedOn", "sectionId"]) {
      if (k in data && data[k] === "") input[k] = null;
    }
    await updateTask(c.env.DB, id, parseWith(patchTaskSchema, input), actorOf(c), c.var.now);
    return back;
  }),
);

planPages.post("/ke-hoach/nhiem-vu/:id/xoa", requirePolicy("plan.edit", orgOfTask), (c) =>
  taskAction(c, "delete", async (id, data, back) => {
    const { revision } = parseWith(revisionSchema, data);
    await deleteTask(c.env.DB, id, revision, actorOf(c), c.var.now);
    return `${back}?da-xoa=${encodeURIComponent(id)}#da-xoa`;
  }),
);

planPages.post("/ke-hoach/nhiem-vu/:id/khoi-phuc", requirePolicy("plan.edit", orgOfTask), (c) =>
  taskAction(c, "restore", async (id, data, back) => {
    const { revision } = parseWith(revisionSchema, data);
    await restoreTask(c.env.DB, id, revision, actorOf(c), c.var.now);
    return back;
  }),
);

planPages.get(
  "/ke-hoach/:organisationId",
  requirePolicy("plan.read", orgFromParam("organisationId")),
  async (c) => {
    const db = c.env.DB;
    const org = (await getOrg(db, c.var.targetOrg!.id))!;
    const plan = await planOfOrganisation(db, org.id, DIRECTIVE_ID);
    const sections = await sectionsOf(db, DIRECTIVE_ID);
    const allTasks = plan ? await tasksOfPlan(db, plan.id, true) : [];
    return renderPage(
      c,
      `Kế hoạch của ${org.name}`,
      <PlanPage
        org={org}
        plan={plan}
        sections={sections}
        tasks={allTasks.filter((t) => t.deletedAt === null).map((t) => withStatus(c, t))}
        deleted={allTasks.filter((t) => t.deletedAt !== null)}
        justDeleted={c.req.query("da-xoa")}
        canEdit={can(c.var.principal, "plan.edit", org.path)}
        csrf={await csrfTokenFor(c)}
      />,
    );
  },
);
