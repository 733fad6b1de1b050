/** The register of documents' JSON API: check a number as typed, read, correct and withdraw a document. */
import { requirePolicy, signedIn } from "../../auth/guard";
import { documentKindLabel, parseDocumentNumber } from "../../domain/document-number";
import { createApi, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import { actorOf, mustLoad, mustRead, orgOfDocument, publicView, staleRevisionBody } from "./documents.http";
import { historyOf } from "./documents.queries";
import {
  checkNumberQuery,
  correctDocSchema,
  documentBody,
  documentIdParams,
  documentWithHistory,
  numberCheckJson,
  staleRevisionJson,
  withdrawDocSchema,
} from "./documents.schemas";
import { correctDocument, withdrawDocument } from "./documents.service";

const staleResponse = jsonResponse(
  staleRevisionJson,
  "Phiên bản cũ (kèm bản hiện tại và nội dung đã gửi), văn bản đã thu hồi, hoặc trùng số hiệu",
);

const route = routesTagged("directives");

export const checkDocumentNumber = route.get("/api/document-numbers/check", {
  summary: "Kiểm tra số hiệu văn bản: định dạng, tên loại có thể, gợi ý cách viết đúng",
  middleware: [signedIn()],
  request: { query: checkNumberQuery },
  responses: { 200: jsonResponse(numberCheckJson, "Kết quả kiểm tra") },
});

export const getDocument = route.get("/api/documents/{id}", {
  summary: "Văn bản đã đăng ký và lịch sử sửa, thu hồi",
  middleware: [signedIn()],
  request: { params: documentIdParams },
  responses: { 200: jsonResponse(documentWithHistory, "Văn bản") },
});

export const patchDocument = route.patch("/api/documents/{id}", {
  summary: "Sửa văn bản đăng ký sai (theo phiên bản; 409 kèm bản hiện tại)",
  middleware: [requirePolicy("plan.edit", orgOfDocument)],
  request: { params: documentIdParams, body: jsonBody(correctDocSchema) },
  responses: { 200: jsonResponse(documentBody, "Văn bản đã sửa"), 409: staleResponse },
});

export const withdrawDocumentRoute = route.post("/api/documents/{id}/withdraw", {
  summary: "Thu hồi văn bản đăng ký nhầm (ghi nhật ký, có lý do)",
  middleware: [requirePolicy("plan.edit", orgOfDocument)],
  request: { params: documentIdParams, body: jsonBody(withdrawDocSchema) },
  responses: { 200: jsonResponse(documentBody, "Văn bản đã thu hồi"), 409: staleResponse },
});

export const documentsApi = createApi()
  /** How a number as typed would be read: its format, the kinds it may be, or why not and a likely spelling. */
  .openapi(checkDocumentNumber, (c) => {
    const { number } = c.req.valid("query");
    const parsed = parseDocumentNumber(number);
    if (!parsed.ok) {
      return c.json(
        { valid: false as const, message: parsed.message, suggestion: parsed.suggestion ?? null },
        200,
      );
    }
    return c.json(
      {
        valid: true as const,
        normalized: parsed.normalized,
        format: parsed.format,
        issuer: parsed.issuer,
        year: parsed.year ?? null,
        kinds: parsed.kinds.map((code) => ({ code, label: documentKindLabel(parsed.format, code) })),
      },
      200,
    );
  })
  .openapi(getDocument, async (c) => {
    const doc = await mustRead(c);
    const history = await historyOf(c.env.DB, doc.id);
    return c.json(
      {
        document: publicView(doc),
        history: history.map((h) => ({ ...h, data: h.data ? (JSON.parse(h.data) as unknown) : null })),
      },
      200,
    );
  })
  .openapi(patchDocument, async (c) => {
    const current = await mustLoad(c);
    const input = c.req.valid("json");
    try {
      const doc = await correctDocument(c.env.DB, current, input, actorOf(c), c.var.now);
      return c.json({ document: publicView(doc) }, 200);
    } catch (err) {
      return c.json(staleRevisionBody(err), 409);
    }
  })
  .openapi(withdrawDocumentRoute, async (c) => {
    const current = await mustLoad(c);
    const input = c.req.valid("json");
    try {
      await withdrawDocument(c.env.DB, current, input, actorOf(c), c.var.now);
    } catch (err) {
      return c.json(staleRevisionBody(err), 409);
    }
    const doc = await mustLoad(c);
    return c.json({ document: publicView(doc) }, 200);
  });
