/**
 * The escalation policies' JSON API: /api/escalation-policies … (read by anyone signed in;
 * creating and editing need `directive.manage` on the policy's organisation).
 */
import type { MiddlewareHandler } from "hono";
import type * as z from "zod";
import { guardOf, requirePolicy, signedIn } from "../../auth/guard";
import { columnsOf } from "../../db/client";
import { describeLadder, ladderTimeline } from "../../domain/escalation-policy";
import type { AppEnv } from "../../http/context";
import { changeMeta } from "../../pages/setup-bits";
import { notFound } from "../../platform/errors";
import { createApi, jsonBody, jsonResponse, routesTagged, staleWriteBody } from "../../platform/openapi";
import {
  policyDetailJson,
  policyIdParams,
  policyJson,
  policyListJson,
  policySchema,
  stalePolicyJson,
} from "./escalation.schemas";
import {
  createPolicy,
  exampleDue,
  existingPolicy,
  listPolicies,
  loadPolicy,
  POLICY_NOT_FOUND,
  StalePolicyError,
  type StoredPolicy,
  updatePolicy,
} from "./escalation.service";

const manage = requirePolicy("directive.manage", "in-handler");

/** An unknown policy is a 404 before its body is looked at. */
const policyMustExist: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await loadPolicy(c.env.DB, c.req.param("id") ?? ""))) throw notFound(POLICY_NOT_FOUND);
  await next();
};

function policyBody(p: StoredPolicy): z.infer<typeof policyJson> {
  return {
    ...columnsOf(p, "id", "name", "description", "organisationId", "revision", "steps"),
    summary: describeLadder(p.steps),
    schedules: p.schedules,
  };
}

const route = routesTagged("directive-setup");

export const listPoliciesRoute = route.get("/api/escalation-policies", {
  summary: "Các quy trình nhắc và báo cáo vượt cấp với các bước",
  middleware: [signedIn()],
  responses: { 200: jsonResponse(policyListJson, "Danh sách (tối đa 200, theo tên)") },
});

export const createPolicyRoute = route.post("/api/escalation-policies", {
  summary: "Thêm quy trình nhắc (các bước theo ngày làm việc so với hạn nộp)",
  middleware: [manage],
  request: { body: jsonBody(policySchema) },
  responses: { 201: jsonResponse(policyJson, "Đã thêm") },
});

export const getPolicyRoute = route.get("/api/escalation-policies/{id}", {
  summary: "Một quy trình nhắc và dòng thời gian theo ngày làm việc",
  middleware: [signedIn()],
  request: { params: policyIdParams },
  responses: {
    200: jsonResponse(policyDetailJson, "Quy trình, với các bước theo một hạn nộp ví dụ"),
  },
});

export const updatePolicyRoute = route.put("/api/escalation-policies/{id}", {
  summary: "Sửa quy trình nhắc (kèm revision; 409 trả về cả bản đã lưu và bản gửi lên)",
  middleware: [manage, policyMustExist],
  request: { params: policyIdParams, body: jsonBody(policySchema) },
  responses: {
    200: jsonResponse(policyJson, "Đã lưu"),
    409: jsonResponse(stalePolicyJson, "Phiên bản cũ: kèm bản đã lưu (current) và bản gửi lên (yours)"),
  },
});

export const escalationApi = createApi()
  .openapi(listPoliciesRoute, async (c) => {
    const policies = await listPolicies(c.env.DB);
    return c.json({ policies: policies.map(policyBody) }, 200);
  })
  .openapi(getPolicyRoute, async (c) => {
    const p = await existingPolicy(c.env.DB, c.req.valid("param").id);
    const example = await exampleDue(c.env.DB, c.var.now);
    return c.json(
      {
        ...policyBody(p),
        timeline: { exampleDueOn: example.dueOn, points: ladderTimeline(p.steps, example) },
      },
      200,
    );
  })
  .openapi(createPolicyRoute, async (c) => {
    const id = await createPolicy(c.env.DB, c.req.valid("json"), guardOf(c), changeMeta(c));
    return c.json(policyBody(await existingPolicy(c.env.DB, id)), 201);
  })
  .openapi(updatePolicyRoute, async (c) => {
    const existing = await existingPolicy(c.env.DB, c.req.valid("param").id);
    const input = c.req.valid("json");
    try {
      await updatePolicy(c.env.DB, existing, input, guardOf(c), changeMeta(c));
    } catch (err) {
      if (err instanceof StalePolicyError) {
        // Both versions: the stored one and the one that was sent.
        return c.json(staleWriteBody(err, policyBody(err.current), input), 409);
      }
      throw err;
    }
    return c.json(policyBody(await existingPolicy(c.env.DB, existing.id)), 200);
  });
