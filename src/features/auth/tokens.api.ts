/**
 * API tokens' JSON API: /api/organisations/{id}/tokens (list, create) and /api/tokens/{id}
 * (revoke), for administrators and the organisation's secretary (`tokens.manage`).
 */
import * as z from "zod";
import { orgFromParam, orgOfRow, requirePolicy } from "../../auth/guard";
import { createApi, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import { actionMetaOf } from "./auth.http";
import { createdTokenJson, createSchema, revokedTokenJson, tokenListJson } from "./tokens.schemas";
import { createApiToken, listApiTokens, revokeApiToken } from "./tokens.service";

const orgParams = z.object({ id: z.string().describe("Mã tổ chức") });
const tokenParams = z.object({ id: z.string().describe("Mã của mã truy cập") });

const route = routesTagged("tokens");

export const listTokensRoute = route.get("/api/organisations/{id}/tokens", {
  summary: "Các mã truy cập API của tổ chức",
  middleware: [requirePolicy("tokens.manage", orgFromParam("id"))],
  request: { params: orgParams },
  responses: { 200: jsonResponse(tokenListJson, "Danh sách mã truy cập (không kèm giá trị bí mật)") },
});

export const createTokenRoute = route.post("/api/organisations/{id}/tokens", {
  summary: "Tạo mã truy cập API (giá trị chỉ hiện một lần)",
  middleware: [requirePolicy("tokens.manage", orgFromParam("id"))],
  request: { params: orgParams, body: jsonBody(createSchema) },
  responses: { 201: jsonResponse(createdTokenJson, "Mã truy cập mới") },
});

export const revokeTokenRoute = route.delete("/api/tokens/{id}", {
  summary: "Thu hồi mã truy cập API",
  middleware: [requirePolicy("tokens.manage", orgOfRow("api_tokens", "id"))],
  request: { params: tokenParams },
  responses: { 200: jsonResponse(revokedTokenJson, "Đã thu hồi (hoặc đã bị thu hồi từ trước)") },
});

export const tokensApi = createApi()
  .openapi(createTokenRoute, async (c) => {
    const created = await createApiToken(c.env.DB, c.var.targetOrg!, c.req.valid("json"), actionMetaOf(c));
    return c.json(created, 201);
  })
  .openapi(listTokensRoute, async (c) =>
    c.json({ tokens: await listApiTokens(c.env.DB, c.var.targetOrg!.id) }, 200),
  )
  .openapi(revokeTokenRoute, async (c) => {
    const result = await revokeApiToken(
      c.env.DB,
      c.req.valid("param").id,
      c.var.targetOrg!.id,
      actionMetaOf(c),
    );
    return c.json({ ok: true as const, ...result }, 200);
  });
