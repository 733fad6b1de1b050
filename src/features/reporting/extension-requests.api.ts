/**
 * The extension-request JSON API. The list is declared with `createRoute`; asking and deciding
 * stay plain handlers: they read their body with `readBody` (a form or JSON, like the pages),
 * so they stay described in src/openapi.ts.
 */
import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { requirePolicy } from "../../auth/guard";
import { readBody } from "../../platform/http-input";
import { createApi, jsonResponse } from "../../platform/openapi";
import { ask, decide, obligationOrg, requestOrg } from "./extension-requests.http";
import { extensionRequestsOf, loadExtensionRequest } from "./extension-requests.queries";

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

export const listExtensionRequests = createRoute({
  method: "get",
  path: "/api/obligations/{id}/extension-requests",
  summary: "Các đề nghị gia hạn của một nghĩa vụ báo cáo",
  tags: ["reports"],
  middleware: [requirePolicy("report.read", obligationOrg)] as const,
  request: { params: z.object({ id: z.string().describe("Mã nghĩa vụ báo cáo") }) },
  responses: {
    200: jsonResponse(z.object({ requests: z.array(extensionRequestJson) }), "Danh sách đề nghị"),
  },
});

export const extensionRequestApi = createApi();

extensionRequestApi.post(
  "/api/obligations/:id/extension-requests",
  requirePolicy("report.draft", obligationOrg),
  async (c) => {
    const { data } = await readBody(c);
    const id = await ask(c, data);
    return c.json({ request: await loadExtensionRequest(c.env.DB, id) }, 201);
  },
);

extensionRequestApi.openapi(listExtensionRequests, async (c) =>
  c.json({ requests: await extensionRequestsOf(c.env.DB, c.req.valid("param").id) }, 200),
);

extensionRequestApi.post(
  "/api/extension-requests/:id/decision",
  requirePolicy("obligation.extend", requestOrg),
  async (c) => {
    const { data } = await readBody(c);
    return c.json({ request: await decide(c, data) });
  },
);
