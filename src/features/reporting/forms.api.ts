/**
 * The report forms' JSON API: the templates to start from, the forms (latest version of each),
 * one version with its history, creating a form and saving a new version (`directive.manage` on
 * the directive's organisation; a save from an older version is a 409 carrying both).
 */
import { guardOf, requirePolicy, signedIn } from "../../auth/guard";
import { FORM_TEMPLATES } from "../../domain/form-definition";
import { createApi, jsonBody, jsonResponse, routesTagged, staleWriteBody } from "../../platform/openapi";
import {
  createFormBy,
  directiveToManageBy,
  formMustExist,
  formNotFound,
  mustLoadForm,
  saveFormVersionBy,
} from "./forms.http";
import { listFormFamilies, listVersions, loadFormVersion } from "./forms.queries";
import {
  createFormSchema,
  formDetailJson,
  formIdParams,
  formJson,
  formJsonSchema,
  formListJson,
  formListQuery,
  formTemplatesJson,
  formVersionSchema,
  savedFormJson,
  staleFormJson,
} from "./forms.schemas";
import { requireManage, StaleFormError } from "./forms.service";

const manage = requirePolicy("directive.manage", "in-handler");

const route = routesTagged("directive-setup");

export const listFormTemplatesRoute = route.get("/api/form-templates", {
  summary: "Các mẫu để bắt đầu biểu mẫu (đề cương báo cáo chuẩn)",
  middleware: [signedIn()],
  responses: { 200: jsonResponse(formTemplatesJson, "Các mẫu") },
});

export const listFormsRoute = route.get("/api/forms", {
  summary: "Các biểu mẫu báo cáo (phiên bản mới nhất của mỗi biểu mẫu)",
  middleware: [signedIn()],
  request: { query: formListQuery },
  responses: { 200: jsonResponse(formListJson, "Danh sách (tối đa 200)") },
});

export const createFormRoute = route.post("/api/forms", {
  summary: "Tạo biểu mẫu báo cáo (từ nội dung hoặc từ mẫu có sẵn)",
  middleware: [manage],
  request: { body: jsonBody(createFormSchema) },
  responses: { 201: jsonResponse(formJsonSchema, "Đã tạo phiên bản 1") },
});

export const getFormRoute = route.get("/api/forms/{id}", {
  summary: "Một phiên bản biểu mẫu và danh sách các phiên bản",
  middleware: [signedIn()],
  request: { params: formIdParams },
  responses: { 200: jsonResponse(formDetailJson, "Biểu mẫu") },
});

export const postFormVersionRoute = route.post("/api/forms/{id}/versions", {
  summary: "Lưu phiên bản mới (các chế độ báo cáo chuyển sang; kỳ đang mở giữ phiên bản cũ)",
  middleware: [manage, formMustExist],
  request: { params: formIdParams, body: jsonBody(formVersionSchema) },
  responses: {
    201: jsonResponse(savedFormJson, "Phiên bản mới"),
    200: jsonResponse(savedFormJson, "Không thay đổi (không tạo phiên bản mới)"),
    409: jsonResponse(
      staleFormJson,
      "Đã có phiên bản mới hơn: trả về phiên bản mới nhất (current) và bản gửi lên (yours)",
    ),
  },
});

export const formsApi = createApi()
  .openapi(listFormTemplatesRoute, (c) =>
    c.json(
      {
        templates: Object.entries(FORM_TEMPLATES).map(([key, t]) => ({
          key,
          label: t.label,
          definition: t.definition,
        })),
      },
      200,
    ),
  )
  .openapi(listFormsRoute, async (c) => {
    const directiveId = c.req.valid("query").directiveId?.slice(0, 64);
    const forms = await listFormFamilies(c.env.DB, directiveId);
    return c.json({ forms: forms.map(formJson) }, 200);
  })
  .openapi(getFormRoute, async (c) => {
    const f = await loadFormVersion(c.env.DB, c.req.valid("param").id);
    if (!f) throw formNotFound();
    const versions = await listVersions(c.env.DB, f.familyId);
    return c.json(
      {
        ...formJson(f),
        versions: versions.map((v) => ({
          id: v.id,
          version: v.version,
          name: v.name,
          createdAt: v.createdAt,
          periods: v.periodCount,
        })),
      },
      200,
    );
  })
  .openapi(createFormRoute, async (c) => {
    const v = c.req.valid("json");
    const directive = await directiveToManageBy(c, v.directiveId);
    const definition = v.definition ?? FORM_TEMPLATES[v.template!].definition;
    const id = await createFormBy(c, directive, { name: v.name, definition });
    return c.json(formJson((await loadFormVersion(c.env.DB, id))!), 201);
  })
  .openapi(postFormVersionRoute, async (c) => {
    const f = await mustLoadForm(c);
    const input = c.req.valid("json");
    requireManage(guardOf(c), f);
    try {
      const saved = await saveFormVersionBy(c, f.familyId, input);
      const row = formJson((await loadFormVersion(c.env.DB, saved.id))!);
      return saved.changed ? c.json({ ...row, changed: true }, 201) : c.json({ ...row, changed: false }, 200);
    } catch (err) {
      if (err instanceof StaleFormError) {
        return c.json(staleWriteBody(err, formJson(err.latest), err.yours), 409);
      }
      throw err;
    }
  });
