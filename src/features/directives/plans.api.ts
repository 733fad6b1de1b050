/**
 * The implementation plans' JSON API: create a plan, read it with its tasks, add a task, edit,
 * delete and restore one. A task write carries the revision it was made from; a stale one
 * answers 409 with the current task and what was sent (both texts, nothing lost).
 */
import * as z from "zod";
import { guardOf, orgOfRow, requirePolicy } from "../../auth/guard";
import { parseWith } from "../../platform/http-input";
import { createApi, errorResponse, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import { actorOf } from "./documents.http";
import { deleteInput, orgOfTask, taskConflictBody, withStatus } from "./plans.http";
import { loadPlan, tasksOfPlan } from "./plans.queries";
import {
  deleteTaskQuery,
  newTaskSchema,
  patchTaskSchema,
  planIdParams,
  planJson,
  planSchema,
  revisionSchema,
  taskBody,
  taskConflictJson,
  taskIdParams,
  taskJson,
  taskWithStatusJson,
} from "./plans.schemas";
import { addTask, createPlan, deleteTask, restoreTask, TaskConflictError, updateTask } from "./plans.service";

const planOrg = orgOfRow("plans", "id");

/** Changing a task (edit, delete, restore) is for the editors of the plan that holds it. */
const editTask = requirePolicy("plan.edit", orgOfTask);

/** A task write from a revision: the task after it, or a 409 with the current task and what was sent. */
const taskWriteResponses = (written: string, stale: string) => ({
  200: jsonResponse(taskBody, written),
  409: jsonResponse(taskConflictJson, stale),
});

const route = routesTagged("plans");

export const postPlanRoute = route.post("/api/plans", {
  summary: "Tạo kế hoạch thực hiện",
  middleware: [requirePolicy("plan.edit", "in-handler")],
  request: { body: jsonBody(planSchema) },
  responses: {
    201: jsonResponse(z.object({ plan: planJson }), "Kế hoạch mới"),
    409: errorResponse("Tổ chức này đã có kế hoạch thực hiện chỉ thị"),
  },
});

export const getPlanRoute = route.get("/api/plans/{id}", {
  summary: "Kế hoạch và các nhiệm vụ",
  middleware: [requirePolicy("plan.read", planOrg)],
  request: { params: planIdParams },
  responses: {
    200: jsonResponse(
      z.object({ plan: planJson, tasks: z.array(taskWithStatusJson) }),
      "Kế hoạch và các nhiệm vụ chưa xóa (tối đa 500), mỗi nhiệm vụ kèm tình trạng",
    ),
  },
});

export const postTaskRoute = route.post("/api/plans/{id}/tasks", {
  summary: "Thêm nhiệm vụ vào kế hoạch",
  middleware: [requirePolicy("plan.edit", planOrg)],
  request: { params: planIdParams, body: jsonBody(newTaskSchema) },
  responses: { 201: jsonResponse(taskBody, "Nhiệm vụ mới") },
});

export const patchTaskRoute = route.patch("/api/tasks/{id}", {
  summary: "Cập nhật nhiệm vụ (kèm số phiên bản để tránh ghi đè)",
  middleware: [editTask],
  request: { params: taskIdParams, body: jsonBody(patchTaskSchema) },
  responses: taskWriteResponses(
    "Nhiệm vụ sau khi sửa",
    "Nhiệm vụ đã được sửa hoặc xóa sau số phiên bản gửi lên: trả bản hiện tại (current) và bản của bạn (yours)",
  ),
});

export const deleteTaskRoute = route.delete("/api/tasks/{id}", {
  summary: "Xóa nhiệm vụ (xóa mềm, khôi phục được): kèm số phiên bản, ?revision=3 hoặc { revision }",
  middleware: [editTask],
  request: { params: taskIdParams, query: deleteTaskQuery },
  responses: {
    200: jsonResponse(
      z.object({ ok: z.literal(true), task: taskJson }),
      "Đã xóa; toàn bộ nội dung nhiệm vụ được giữ trong nhật ký và có thể khôi phục",
    ),
    409: jsonResponse(taskConflictJson, "Nhiệm vụ đã thay đổi sau số phiên bản gửi lên: trả bản hiện tại"),
  },
});

export const restoreTaskRoute = route.post("/api/tasks/{id}/restore", {
  summary: "Khôi phục nhiệm vụ đã xóa (kèm số phiên bản)",
  middleware: [editTask],
  request: { params: taskIdParams, body: jsonBody(revisionSchema) },
  responses: taskWriteResponses("Nhiệm vụ đã khôi phục", "Nhiệm vụ chưa bị xóa hoặc đã thay đổi"),
});

/** What a JSON client sent, as sent (for a 409's `yours`). */
const sent = async (c: { req: { json(): Promise<unknown> } }) =>
  (await c.req.json()) as Record<string, unknown>;

export const plansApi = createApi()
  .openapi(postPlanRoute, async (c) => {
    const plan = await createPlan(c.env.DB, c.req.valid("json"), guardOf(c), actorOf(c), c.var.now);
    return c.json({ plan }, 201);
  })
  .openapi(getPlanRoute, async (c) => {
    const plan = (await loadPlan(c.env.DB, c.req.valid("param").id))!;
    const tasks = await tasksOfPlan(c.env.DB, plan.id, false);
    return c.json({ plan, tasks: tasks.map((t) => withStatus(c, t)) }, 200);
  })
  .openapi(postTaskRoute, async (c) => {
    const { id } = c.req.valid("param");
    const task = await addTask(c.env.DB, id, c.req.valid("json"), actorOf(c), c.var.now);
    return c.json({ task: withStatus(c, task) }, 201);
  })
  .openapi(patchTaskRoute, async (c) => {
    const { id } = c.req.valid("param");
    try {
      const task = await updateTask(c.env.DB, id, c.req.valid("json"), actorOf(c), c.var.now);
      return c.json({ task: withStatus(c, task) }, 200);
    } catch (err) {
      if (err instanceof TaskConflictError) return c.json(taskConflictBody(err, await sent(c)), 409);
      throw err;
    }
  })
  .openapi(deleteTaskRoute, async (c) => {
    const { id } = c.req.valid("param");
    const data = await deleteInput(c);
    try {
      const { revision } = parseWith(revisionSchema, data);
      const task = await deleteTask(c.env.DB, id, revision, actorOf(c), c.var.now);
      return c.json({ ok: true as const, task }, 200);
    } catch (err) {
      if (err instanceof TaskConflictError) return c.json(taskConflictBody(err, data), 409);
      throw err;
    }
  })
  .openapi(restoreTaskRoute, async (c) => {
    const { id } = c.req.valid("param");
    try {
      const task = await restoreTask(c.env.DB, id, c.req.valid("json").revision, actorOf(c), c.var.now);
      return c.json({ task: withStatus(c, task) }, 200);
    } catch (err) {
      if (err instanceof TaskConflictError) return c.json(taskConflictBody(err, await sent(c)), 409);
      throw err;
    }
  });
