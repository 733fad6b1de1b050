/** The directive page's JSON API: one directive with its cascade, and adding an implementing document. */
import { requirePolicy, signedIn } from "../../auth/guard";
import { scopeFor } from "../../auth/policy";
import { createApi, errorResponse, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import {
  addedDocumentJson,
  createDocSchema,
  directiveIdParams,
  directiveJson,
  directiveQuery,
} from "./directives.schemas";
import { documentTree, loadDirective, missingOrganisations } from "./directives.service";
import { addDocumentBy, directiveMustExist } from "./documents.http";

const route = routesTagged("directives");

/** Adding a document to the directive `{id}`, here and in the set-up (under its own right): one request, one answer. */
export const addDocumentExchange = (added: string, duplicate: string) => ({
  request: { params: directiveIdParams, body: jsonBody(createDocSchema) },
  responses: { 201: jsonResponse(addedDocumentJson, added), 409: errorResponse(duplicate) },
});

export const postDirectiveDocument = route.post("/api/directives/{id}/documents", {
  summary: "Ghi nhận văn bản triển khai chỉ thị",
  middleware: [requirePolicy("plan.edit", "in-handler"), directiveMustExist],
  ...addDocumentExchange("Đã thêm", "Trùng số hiệu văn bản"),
});

export const getDirective = route.get("/api/directives/{id}", {
  summary: "Chỉ thị, các văn bản triển khai và tổ chức chưa ban hành văn bản",
  middleware: [signedIn()],
  request: { params: directiveIdParams, query: directiveQuery },
  responses: { 200: jsonResponse(directiveJson, "Chỉ thị") },
});

export const directivesApi = createApi()
  .openapi(postDirectiveDocument, async (c) => {
    const doc = await addDocumentBy(c, c.req.valid("param").id, c.req.valid("json"));
    return c.json({ document: doc }, 201);
  })
  .openapi(getDirective, async (c) => {
    const d = await loadDirective(c.env.DB, c.req.valid("param").id, c.var.principal);
    const under = c.req.valid("query").under;
    const missing = await missingOrganisations(
      c.env.DB,
      scopeFor(c.var.principal, "org.read"),
      d.directive.id,
      under && under.length <= 64 ? under : undefined,
    );
    return c.json(
      {
        directive: d.directive,
        sections: d.sections.map((s) => ({
          ...s,
          isTaskGroup: s.isTaskGroup === 1,
          titleIsEditorial: s.titleIsEditorial === 1,
        })),
        indicators: d.indicators,
        documents: documentTree(d.documents),
        notYetIssued: missing.rows,
      },
      200,
    );
  });
