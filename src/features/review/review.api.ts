/**
 * The review feature's JSON API: decide (accept, return, reopen), extend a deadline, add a
 * remark, and read a report's versions with its decisions and extensions.
 */
import * as z from "zod";
import { actorOf } from "../../auth/actor";
import { orgOfRow, requirePolicy } from "../../auth/guard";
import { clientIp } from "../../auth/web";
import { columnsOf } from "../../db/client";
import { OBLIGATION_STATUSES } from "../../db/schema";
import { createApi, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import { decideAndNotify, plain, reviewerAccess, viewOr404 } from "./review.http";
import { loadDecisions, loadExtensions, loadVersions, type VersionRow } from "./review.queries";
import { extensionSchema, remarkSchema, reviewSchema } from "./review.schemas";
import { addRemark, extendReport } from "./review.service";

const obligationParams = z.object({ id: z.string().describe("Mã báo cáo (kỳ báo cáo của một tổ chức)") });
const status = z.enum(OBLIGATION_STATUSES);

const commentsJson = z.object({
  general: z.string().optional(),
  sections: z.record(z.string(), z.string()).optional(),
});

const versionJson = z
  .object({
    id: z.string(),
    versionNo: z.number().int(),
    submittedAt: z.number().int(),
    submittedBy: z.string().nullable(),
    submitterName: z.string().nullable(),
    onTime: z.boolean(),
    receiptNo: z.string(),
  })
  .meta({ id: "ReportVersion" });

const decisionJson = z
  .object({
    id: z.string(),
    decision: z.enum(["accepted", "returned", "reopened", "waived"]),
    versionId: z.string().nullable(),
    versionNo: z.number().int().nullable(),
    comments: commentsJson.nullable(),
    reviewerName: z.string().nullable(),
    decidedByName: z.string().nullable().describe("Cơ quan đã quyết định"),
    createdAt: z.number().int(),
  })
  .meta({ id: "ReviewDecision" });

const extensionJson = z
  .object({
    id: z.string(),
    previousDueOn: z.string().describe("YYYY-MM-DD"),
    newDueOn: z.string().describe("YYYY-MM-DD"),
    reason: z.string(),
    grantedByName: z.string().nullable(),
    createdAt: z.number().int(),
  })
  .meta({ id: "Extension" });

function versionOut(v: VersionRow): z.infer<typeof versionJson> {
  return columnsOf(
    v,
    "id",
    "versionNo",
    "submittedAt",
    "submittedBy",
    "submitterName",
    "onTime",
    "receiptNo",
  );
}

const route = routesTagged("review");
const reportsRoute = routesTagged("reports");

export const postReview = route.post("/api/obligations/{id}/review", {
  summary: "Tiếp nhận, trả lại hoặc mở lại báo cáo (chỉ cơ quan xem xét theo lịch báo cáo)",
  middleware: [requirePolicy("report.review", "in-handler"), reviewerAccess("decide", "report.review")],
  request: { params: obligationParams, body: jsonBody(reviewSchema) },
  responses: {
    200: jsonResponse(
      z.object({
        obligationId: z.string(),
        status,
        revision: z.number().int(),
        decisionId: z.string(),
        notified: z.number().int().describe("Số người của tổ chức được báo tin"),
      }),
      "Quyết định đã ghi",
    ),
  },
});

export const postExtension = route.post("/api/obligations/{id}/extension", {
  summary: "Gia hạn nộp báo cáo (chỉ cơ quan xem xét theo lịch báo cáo)",
  middleware: [
    requirePolicy("obligation.extend", "in-handler"),
    reviewerAccess("decide", "obligation.extend"),
  ] as const,
  request: { params: obligationParams, body: jsonBody(extensionSchema) },
  responses: {
    200: jsonResponse(
      z.object({
        obligationId: z.string(),
        dueOn: z.string().describe("Hạn theo lịch báo cáo, YYYY-MM-DD"),
        effectiveDueOn: z.string().describe("Hạn thực tế (sau gia hạn và ngày nghỉ), YYYY-MM-DD"),
        chaseCycle: z.number().int(),
        status,
      }),
      "Hạn mới",
    ),
  },
});

export const postRemark = route.post("/api/obligations/{id}/remarks", {
  summary: "Ý kiến của Ban cấp dưới được góp ý theo lịch báo cáo (không phải quyết định)",
  middleware: [
    requirePolicy("report.review", "in-handler"),
    reviewerAccess("comment", "report.review", true),
  ] as const,
  request: {
    params: z.object({ id: z.string().describe("Mã nghĩa vụ báo cáo") }),
    body: jsonBody(remarkSchema),
  },
  responses: {
    201: jsonResponse(
      z.object({
        remark: z.object({
          id: z.string(),
          obligationId: z.string(),
          organisationId: z.string().describe("Ban góp ý"),
          body: z.string(),
          createdAt: z.number().int(),
        }),
      }),
      "Ý kiến đã ghi",
    ),
  },
});

export const getVersions = reportsRoute.get("/api/obligations/{id}/versions", {
  summary: "Các phiên bản đã nộp, quyết định xét duyệt và gia hạn",
  middleware: [requirePolicy("report.read", orgOfRow("obligations", "id"))],
  request: { params: obligationParams },
  responses: {
    200: jsonResponse(
      z.object({
        obligationId: z.string(),
        status,
        effectiveDueOn: z.string().describe("YYYY-MM-DD"),
        versions: z.array(versionJson),
        decisions: z.array(decisionJson),
        extensions: z.array(extensionJson),
      }),
      "Lịch sử báo cáo",
    ),
  },
});

export const reviewApi = createApi()
  .openapi(postReview, async (c) => {
    return c.json(await decideAndNotify(c, c.var.review, c.req.valid("json")), 200);
  })
  .openapi(postExtension, async (c) => {
    const o = await extendReport(c.env.DB, c.var.review.view, c.req.valid("json"), actorOf(c), c.var.now);
    return c.json(
      {
        obligationId: o.id,
        dueOn: o.dueOn,
        effectiveDueOn: o.effectiveDueOn,
        chaseCycle: o.chaseCycle,
        status: o.status,
      },
      200,
    );
  })
  .openapi(postRemark, async (c) => {
    const { view, authority } = c.var.review;
    const remark = await addRemark(c.env.DB, {
      view,
      authority,
      body: c.req.valid("json").body,
      actor: actorOf(c),
      now: c.var.now,
      ip: clientIp(plain(c)),
    });
    return c.json({ remark }, 201);
  })
  .openapi(getVersions, async (c) => {
    const view = await viewOr404(c);
    const [versions, decisions, extensions] = await Promise.all([
      loadVersions(c.env.DB, view.id),
      loadDecisions(c.env.DB, view.id),
      loadExtensions(c.env.DB, view.id),
    ]);
    return c.json(
      {
        obligationId: view.id,
        status: view.status,
        effectiveDueOn: view.effectiveDueOn,
        versions: versions.map(versionOut),
        decisions,
        extensions,
      },
      200,
    );
  });
