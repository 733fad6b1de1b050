/** Roles (memberships) JSON API: /api/memberships (list, grant) and /api/memberships/{id} (revoke), audited. */
import * as z from "zod";
import { guardOf, orgOfRow, requirePolicy } from "../../auth/guard";
import { createApi, errorResponse, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import { actionMetaOf } from "./auth.http";
import { okJson } from "./auth.schemas";
import { grantedJson, grantSchema, listQuery, membershipListJson } from "./memberships.schemas";
import { grantMembership, listMemberships, revokeMembership } from "./memberships.service";

const route = routesTagged("admin");

export const listMembershipsRoute = route.get("/api/memberships", {
  summary: "Danh sách phân quyền (vai trò theo tổ chức)",
  middleware: [requirePolicy("roles.manage")],
  request: { query: listQuery },
  responses: { 200: jsonResponse(membershipListJson, "Danh sách vai trò") },
});

export const grantMembershipRoute = route.post("/api/memberships", {
  summary: "Cấp vai trò cho một người tại một tổ chức",
  middleware: [requirePolicy("roles.manage", "in-handler")],
  request: { body: jsonBody(grantSchema) },
  responses: {
    201: jsonResponse(grantedJson, "Đã cấp vai trò"),
    409: errorResponse("Người này đã có vai trò này tại tổ chức này (membership_exists)"),
  },
});

export const revokeMembershipRoute = route.delete("/api/memberships/{id}", {
  summary: "Thu hồi vai trò",
  middleware: [requirePolicy("roles.manage", orgOfRow("memberships", "id"))],
  request: { params: z.object({ id: z.string().describe("Mã phân quyền") }) },
  responses: {
    200: jsonResponse(okJson, "Đã thu hồi"),
    409: errorResponse("Vai trò quản trị cuối cùng của hệ thống (last_admin)"),
  },
});

export const membershipsApi = createApi()
  .openapi(listMembershipsRoute, async (c) =>
    c.json({ memberships: await listMemberships(c.env.DB, c.req.valid("query")) }, 200),
  )
  .openapi(grantMembershipRoute, async (c) =>
    c.json(await grantMembership(c.env.DB, c.req.valid("json"), guardOf(c), actionMetaOf(c)), 201),
  )
  .openapi(revokeMembershipRoute, async (c) => {
    await revokeMembership(c.env.DB, c.req.valid("param").id, actionMetaOf(c));
    return c.json({ ok: true as const }, 200);
  });
