/**
 * The extension-request JSON API: the list, asking for more time (the reporting body) and
 * deciding (the schedule's reviewer). A body may be JSON or a form, like the pages'.
 */
import * as z from "zod";
import { requirePolicy } from "../../auth/guard";
import { readBody } from "../../platform/http-input";
import { createApi, errorResponse, jsonResponse, routesTagged } from "../../platform/openapi";
import { ask, decide, requestOrg } from "./extension-requests.http";
import { extensionRequestsOf, loadExtensionRequest } from "./extension-requests.queries";
import {
  extensionDecisionSchema,
  extensionRequestIdParams,
  extensionRequestSchema,
  obligationIdParams,
} from "./extension-requests.schemas";
import { obligationOrg } from "./reporting.http";

const extensionRequestJson = z
  .object({
    id: z.string(),
    obligationId: z.string(),
    requestedBy: z.string().nullable(),
    requesterName: z.string().nullable(),
    requestedDueOn: z.string().describe("YYYY-MM-DD"),
    reason: z.string(),
    status: z.enum(["pending", "granted", "refused", "withdrawn"]),
    decidedBy: z.string().nullable(),
    deciderName: z.string().nullable(),
    decidedAt: z.number().int().nullable(),
    grantedDueOn: z.string().nullable().describe("YYYY-MM-DD"),
    decisionNote: z.string().nullable(),
    createdAt: z.number().int(),
  })
  .meta({ id: "ExtensionRequest" });

const route = routesTagged("reports");

export const listExtensionRequests = route.get("/api/obligations/{id}/extension-requests", {
  summary: "Các đề nghị gia hạn của một nghĩa vụ báo cáo",
  middleware: [requirePolicy("report.read", obligationOrg)],
  request: { params: obligationIdParams },
  responses: {
    200: jsonResponse(z.object({ requests: z.array(extensionRequestJson) }), "Danh sách đề nghị"),
  },
});

/** JSON or a form (the pages post the same fields); validated by the schema either way. */
const jsonOrForm = <S extends z.ZodType>(schema: S) => ({
  required: false,
  content: {
    "application/json": { schema },
    "application/x-www-form-urlencoded": { schema },
  },
});

const requestBody = z.object({ request: extensionRequestJson });

export const askExtensionRoute = route.post("/api/obligations/{id}/extension-requests", {
  summary: "Đề nghị gia hạn nộp báo cáo (đơn vị báo cáo, kèm lý do)",
  middleware: [requirePolicy("report.draft", obligationOrg)],
  request: {
    params: obligationIdParams,
    body: jsonOrForm(extensionRequestSchema),
  },
  responses: {
    201: jsonResponse(requestBody, "Đề nghị đã gửi"),
    409: errorResponse("Báo cáo đã nộp, hoặc đang có đề nghị chờ quyết định"),
  },
});

export const decideExtensionRoute = route.post("/api/extension-requests/{id}/decision", {
  summary: "Quyết định đề nghị gia hạn (chấp thuận, có thể đổi ngày; hoặc không chấp thuận, có lý do)",
  middleware: [requirePolicy("obligation.extend", requestOrg)],
  request: {
    params: extensionRequestIdParams,
    body: jsonOrForm(extensionDecisionSchema),
  },
  responses: {
    200: jsonResponse(requestBody, "Đề nghị đã quyết định"),
    409: errorResponse("Đề nghị đã được quyết định"),
  },
});

export const extensionRequestApi = createApi();

extensionRequestApi.openapi(askExtensionRoute, async (c) => {
  const { data } = await readBody(c);
  const id = await ask(c, data);
  return c.json({ request: (await loadExtensionRequest(c.env.DB, id))! }, 201);
});

extensionRequestApi.openapi(listExtensionRequests, async (c) =>
  c.json({ requests: await extensionRequestsOf(c.env.DB, c.req.valid("param").id) }, 200),
);

extensionRequestApi.openapi(decideExtensionRoute, async (c) => {
  const { data } = await readBody(c);
  return c.json({ request: await decide(c, data) }, 200);
});
