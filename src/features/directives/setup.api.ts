/**
 * The directive set-up JSON API (`directive.manage`): register and edit a directive, add its
 * guidance documents, its indicators and their targets per organisation and year.
 */
import type { MiddlewareHandler } from "hono";
import { requirePolicy, signedIn } from "../../auth/guard";
import {
  directiveSchema,
  documentTypeLabel,
  indicatorSchema,
  targetSchema,
} from "../../domain/directive-registration";
import type { AppEnv } from "../../http/context";
import { invalidField, notFound } from "../../platform/errors";
import {
  createApi,
  errorResponse,
  jsonBody,
  jsonResponse,
  routesTagged,
  staleWriteBody,
} from "../../platform/openapi";
import { addDocumentExchange } from "./directives.api";
import { directiveIdParams } from "./directives.schemas";
import { addDocumentBy, directiveMustExist } from "./documents.http";
import { listIndicators, listTargets, loadIndicator } from "./indicators.queries";
import {
  authorizedWrite,
  directiveJson,
  loadForManage,
  saveIndicatorAuthorized,
  updateAuthorized,
} from "./setup.http";
import { listDirectiveRows, loadDirectiveForEdit } from "./setup.queries";
import {
  deletedJson,
  directiveConflictJson,
  directiveListJson,
  indicatorBody,
  indicatorIdParams,
  indicatorListJson,
  setupDirectiveJson,
  targetBody,
  targetKeyParams,
} from "./setup.schemas";
import { deleteTarget, registerDirective, StaleDirectiveError, setTarget } from "./setup.service";

/** An unknown indicator is a 404 before its body is looked at. */
const indicatorMustExist: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await loadIndicator(c.env.DB, c.req.param("id") ?? ""))) throw notFound("Không tìm thấy chỉ tiêu");
  await next();
};

const manage = requirePolicy("directive.manage", "in-handler");

const route = routesTagged("directive-setup");

export const listDirectivesRoute = route.get("/api/directives", {
  summary: "Danh sách chỉ thị, nghị quyết, kết luận đang theo dõi",
  middleware: [signedIn()],
  responses: { 200: jsonResponse(directiveListJson, "Danh sách") },
});

export const postDirectiveRoute = route.post("/api/directives", {
  summary: "Đăng ký chỉ thị, nghị quyết hoặc kết luận với toàn văn và các mục",
  middleware: [manage],
  request: { body: jsonBody(directiveSchema) },
  responses: {
    201: jsonResponse(setupDirectiveJson, "Đã đăng ký"),
    409: errorResponse("Số hiệu đã được đăng ký"),
  },
});

export const putDirectiveRoute = route.put("/api/directives/{id}", {
  summary: "Sửa chỉ thị và các mục (kèm revision; 409 trả về cả bản đã lưu và bản gửi lên)",
  middleware: [manage, directiveMustExist],
  request: { params: directiveIdParams, body: jsonBody(directiveSchema) },
  responses: {
    200: jsonResponse(setupDirectiveJson, "Đã lưu"),
    409: jsonResponse(
      directiveConflictJson,
      "Phiên bản cũ (kèm bản đã lưu và bản gửi lên) hoặc số hiệu trùng",
    ),
  },
});

export const postGuidanceRoute = route.post("/api/directives/{id}/guidance", {
  summary: "Ghi nhận văn bản hướng dẫn hoặc văn bản triển khai (cán bộ Ban)",
  middleware: [manage, directiveMustExist],
  ...addDocumentExchange("Văn bản mới", "Số hiệu đã có"),
});

export const listIndicatorsRoute = route.get("/api/directives/{id}/indicators", {
  summary: "Chỉ tiêu của chỉ thị và mục tiêu theo tổ chức, năm",
  middleware: [signedIn()],
  request: { params: directiveIdParams },
  responses: { 200: jsonResponse(indicatorListJson, "Chỉ tiêu") },
});

export const postIndicatorRoute = route.post("/api/directives/{id}/indicators", {
  summary: "Thêm chỉ tiêu (hoặc sửa chỉ tiêu cùng mã)",
  middleware: [manage, directiveMustExist],
  request: { params: directiveIdParams, body: jsonBody(indicatorSchema) },
  responses: {
    201: jsonResponse(indicatorBody, "Đã thêm"),
    200: jsonResponse(indicatorBody, "Đã sửa"),
  },
});

export const postTargetRoute = route.post("/api/indicators/{id}/targets", {
  summary: "Đặt mục tiêu của chỉ tiêu cho một tổ chức và một năm",
  middleware: [manage, indicatorMustExist],
  request: { params: indicatorIdParams, body: jsonBody(targetSchema) },
  responses: { 200: jsonResponse(targetBody, "Đã đặt") },
});

export const deleteTargetRoute = route.delete("/api/indicators/{id}/targets/{organisationId}/{year}", {
  summary: "Xóa mục tiêu của một tổ chức trong một năm",
  middleware: [manage],
  request: { params: targetKeyParams },
  responses: { 200: jsonResponse(deletedJson, "Đã xóa") },
});

export const setupApi = createApi()
  .openapi(listDirectivesRoute, async (c) => {
    const results = await listDirectiveRows(c.env.DB);
    return c.json(
      { directives: results.map((r) => ({ ...r, docTypeLabel: documentTypeLabel(r.docType) })) },
      200,
    );
  })
  .openapi(postDirectiveRoute, async (c) => {
    const input = c.req.valid("json");
    const id = await authorizedWrite(c, input.organisationId, (db, meta) =>
      registerDirective(db, input, meta),
    );
    return c.json(directiveJson((await loadDirectiveForEdit(c.env.DB, id))!), 201);
  })
  .openapi(putDirectiveRoute, async (c) => {
    const existing = await loadForManage(c, c.req.valid("param").id);
    const input = c.req.valid("json");
    try {
      await updateAuthorized(c, existing, input);
    } catch (err) {
      if (err instanceof StaleDirectiveError) {
        return c.json(staleWriteBody(err, directiveJson(err.current), input), 409);
      }
      throw err;
    }
    return c.json(directiveJson((await loadDirectiveForEdit(c.env.DB, existing.id))!), 200);
  })
  .openapi(postGuidanceRoute, async (c) => {
    const doc = await addDocumentBy(c, c.req.valid("param").id, c.req.valid("json"), "directive.manage");
    return c.json({ document: doc }, 201);
  })
  .openapi(listIndicatorsRoute, async (c) => {
    const d = await loadForManage(c, c.req.valid("param").id);
    const [indicators, targets] = await Promise.all([
      listIndicators(c.env.DB, d.id),
      listTargets(c.env.DB, d.id),
    ]);
    return c.json(
      {
        indicators: indicators.map((i) => ({
          ...i,
          targets: targets.filter((t) => t.indicatorId === i.id).map(({ indicatorId: _, ...t }) => t),
        })),
      },
      200,
    );
  })
  .openapi(postIndicatorRoute, async (c) => {
    const d = await loadForManage(c, c.req.valid("param").id);
    const input = c.req.valid("json");
    const saved = await saveIndicatorAuthorized(c, d, input);
    const indicator = (await loadIndicator(c.env.DB, saved.id))!;
    return saved.created ? c.json({ indicator }, 201) : c.json({ indicator }, 200);
  })
  .openapi(postTargetRoute, async (c) => {
    const indicator = await loadIndicator(c.env.DB, c.req.valid("param").id);
    if (!indicator) throw notFound("Không tìm thấy chỉ tiêu");
    const input = c.req.valid("json");
    // A commission sets the targets of the committees it follows (the central one: any).
    await authorizedWrite(c, input.organisationId, (db, meta) => setTarget(db, indicator, input, meta));
    return c.json({ target: { indicatorId: indicator.id, ...input } }, 200);
  })
  .openapi(deleteTargetRoute, async (c) => {
    const { id, organisationId } = c.req.valid("param");
    const indicator = await loadIndicator(c.env.DB, id);
    if (!indicator) throw notFound("Không tìm thấy chỉ tiêu");
    const year = Number(c.req.valid("param").year);
    if (!Number.isInteger(year)) throw invalidField("year", "Năm phải là số nguyên");
    const deleted = await authorizedWrite(c, organisationId, (db, meta) =>
      deleteTarget(db, indicator, organisationId, year, meta),
    );
    if (!deleted) throw notFound("Không có mục tiêu này");
    return c.json({ deleted: true as const }, 200);
  });
