/**
 * The OpenAPI 3.1 description of the JSON API (`/api/*` and `/webhooks/resend`).
 * Request schemas come from the same zod schemas the routes validate with, so the document
 * cannot drift from the validation; a test checks that every `/api/` route is described.
 */
import * as z from "zod";
import { grantSchema, listQuery as membershipListQuery } from "./routes/admin";
import { signinRequestSchema } from "./routes/auth";
import { createDocSchema } from "./routes/directives";
import {
  createSchema as orgCreateSchema,
  listQuery as orgListQuery,
  patchSchema as orgPatchSchema,
} from "./routes/organisations";
import { newTaskSchema, patchTaskSchema, planSchema } from "./routes/plans";
import { draftBody } from "./routes/reports";
import { extensionSchema, remarkSchema, reviewSchema } from "./routes/review";
import { scheduleSchema } from "./routes/schedules";
import { createSchema as tokenCreateSchema } from "./routes/tokens";
import { resendEvent } from "./routes/webhooks";

export type JsonSchema = Record<string, unknown>;
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface ParamDoc {
  name: string;
  description: string;
}

export interface Operation {
  method: HttpMethod;
  /** OpenAPI style: /api/obligations/{id} */
  path: string;
  summary: string;
  tags: string[];
  params?: ParamDoc[];
  query?: z.ZodType;
  /** A JSON body (application/json). */
  body?: z.ZodType;
  /** A non-JSON body: content type -> schema. */
  rawBody?: Record<string, JsonSchema>;
  /** Success status -> description. */
  responses: Record<string, string>;
  /** No sign-in needed. */
  public?: boolean;
}

const ID = (description: string): ParamDoc => ({ name: "id", description });

/** The body of POST /api/obligations/{id}/submit: without `values`, the saved draft is submitted. */
const submitBody = z.object({ values: z.record(z.string(), z.unknown()).optional() });
const directiveQuery = z.object({ under: z.string().max(64).optional() });
const importQuery = z.object({ dryRun: z.enum(["1", "true", "0", "false"]).optional() });
const csvBody: Record<string, JsonSchema> = {
  "text/csv": { type: "string", description: "Tệp CSV mã hóa UTF-8" },
  "multipart/form-data": {
    type: "object",
    properties: { file: { type: "string", contentMediaType: "text/csv" } },
    required: ["file"],
  },
};

export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/api/openapi.json",
    summary: "Tài liệu này (OpenAPI 3.1, JSON)",
    tags: ["docs"],
    responses: { "200": "Tài liệu OpenAPI" },
    public: true,
  },
  {
    method: "get",
    path: "/api/docs",
    summary: "Trang đọc tài liệu API (HTML)",
    tags: ["docs"],
    responses: { "200": "Trang HTML" },
    public: true,
  },
  // Auth
  {
    method: "post",
    path: "/api/auth/signin-request",
    summary: "Gửi liên kết đăng nhập qua thư điện tử",
    tags: ["auth"],
    body: signinRequestSchema,
    responses: { "202": "Đã nhận yêu cầu (trả lời giống nhau dù địa chỉ có tồn tại hay không)" },
    public: true,
  },
  {
    method: "get",
    path: "/api/auth/me",
    summary: "Người đang đăng nhập và các vai trò",
    tags: ["auth"],
    responses: { "200": "Người dùng hiện tại" },
  },
  {
    method: "post",
    path: "/api/auth/signout",
    summary: "Đăng xuất phiên hiện tại",
    tags: ["auth"],
    responses: { "200": "Đã đăng xuất" },
  },
  {
    method: "post",
    path: "/api/auth/signout-all",
    summary: "Đăng xuất mọi phiên của người dùng",
    tags: ["auth"],
    responses: { "200": "Đã đăng xuất mọi phiên" },
  },
  // Administration
  {
    method: "get",
    path: "/api/memberships",
    summary: "Danh sách phân quyền (vai trò theo tổ chức)",
    tags: ["admin"],
    query: membershipListQuery,
    responses: { "200": "Danh sách vai trò" },
  },
  {
    method: "post",
    path: "/api/memberships",
    summary: "Cấp vai trò cho một người tại một tổ chức",
    tags: ["admin"],
    body: grantSchema,
    responses: { "201": "Đã cấp vai trò" },
  },
  {
    method: "delete",
    path: "/api/memberships/{id}",
    summary: "Thu hồi vai trò",
    tags: ["admin"],
    params: [ID("Mã phân quyền")],
    responses: { "200": "Đã thu hồi" },
  },
  // Tokens
  {
    method: "get",
    path: "/api/organisations/{id}/tokens",
    summary: "Các mã truy cập API của tổ chức",
    tags: ["tokens"],
    params: [ID("Mã tổ chức")],
    responses: { "200": "Danh sách mã truy cập (không kèm giá trị bí mật)" },
  },
  {
    method: "post",
    path: "/api/organisations/{id}/tokens",
    summary: "Tạo mã truy cập API (giá trị chỉ hiện một lần)",
    tags: ["tokens"],
    params: [ID("Mã tổ chức")],
    body: tokenCreateSchema,
    responses: { "201": "Mã truy cập mới" },
  },
  {
    method: "delete",
    path: "/api/tokens/{id}",
    summary: "Thu hồi mã truy cập API",
    tags: ["tokens"],
    params: [ID("Mã của mã truy cập")],
    responses: { "200": "Đã thu hồi" },
  },
  // Organisations
  {
    method: "get",
    path: "/api/organisations",
    summary: "Danh sách tổ chức trong phạm vi được xem (phân trang)",
    tags: ["organisations"],
    query: orgListQuery,
    responses: { "200": "Một trang tổ chức và con trỏ trang sau" },
  },
  {
    method: "get",
    path: "/api/organisations.csv",
    summary: "Xuất danh sách tổ chức dạng CSV",
    tags: ["organisations"],
    query: orgListQuery.pick({ parent: true }),
    responses: { "200": "Tệp CSV" },
  },
  {
    method: "post",
    path: "/api/organisations",
    summary: "Thêm tổ chức",
    tags: ["organisations"],
    body: orgCreateSchema,
    responses: { "201": "Tổ chức mới" },
  },
  {
    method: "get",
    path: "/api/organisations/{id}",
    summary: "Chi tiết tổ chức",
    tags: ["organisations"],
    params: [ID("Mã tổ chức")],
    responses: { "200": "Tổ chức" },
  },
  {
    method: "patch",
    path: "/api/organisations/{id}",
    summary: "Sửa, chuyển cấp trên hoặc giải thể tổ chức",
    tags: ["organisations"],
    params: [ID("Mã tổ chức")],
    body: orgPatchSchema,
    responses: { "200": "Tổ chức sau khi sửa" },
  },
  {
    method: "post",
    path: "/api/imports/organisations",
    summary: "Nhập tổ chức từ tệp CSV (tất cả hoặc không gì cả)",
    tags: ["imports"],
    query: importQuery,
    rawBody: csvBody,
    responses: { "200": "Kết quả nhập" },
  },
  {
    method: "post",
    path: "/api/imports/people",
    summary: "Nhập người dùng và vai trò từ tệp CSV",
    tags: ["imports"],
    query: importQuery,
    rawBody: csvBody,
    responses: { "200": "Kết quả nhập" },
  },
  // Directives and plans
  {
    method: "get",
    path: "/api/directives/{id}",
    summary: "Chỉ thị, các văn bản triển khai và tổ chức chưa ban hành văn bản",
    tags: ["directives"],
    params: [ID("Mã chỉ thị")],
    query: directiveQuery,
    responses: { "200": "Chỉ thị" },
  },
  {
    method: "post",
    path: "/api/directives/{id}/documents",
    summary: "Ghi nhận văn bản triển khai chỉ thị",
    tags: ["directives"],
    params: [ID("Mã chỉ thị")],
    body: createDocSchema,
    responses: { "201": "Văn bản mới" },
  },
  {
    method: "post",
    path: "/api/plans",
    summary: "Tạo kế hoạch thực hiện",
    tags: ["plans"],
    body: planSchema,
    responses: { "201": "Kế hoạch mới" },
  },
  {
    method: "get",
    path: "/api/plans/{id}",
    summary: "Kế hoạch và các nhiệm vụ",
    tags: ["plans"],
    params: [ID("Mã kế hoạch")],
    responses: { "200": "Kế hoạch" },
  },
  {
    method: "post",
    path: "/api/plans/{id}/tasks",
    summary: "Thêm nhiệm vụ vào kế hoạch",
    tags: ["plans"],
    params: [ID("Mã kế hoạch")],
    body: newTaskSchema,
    responses: { "201": "Nhiệm vụ mới" },
  },
  {
    method: "patch",
    path: "/api/tasks/{id}",
    summary: "Cập nhật nhiệm vụ (kèm số phiên bản để tránh ghi đè)",
    tags: ["plans"],
    params: [ID("Mã nhiệm vụ")],
    body: patchTaskSchema,
    responses: { "200": "Nhiệm vụ sau khi sửa" },
  },
  {
    method: "delete",
    path: "/api/tasks/{id}",
    summary: "Xóa nhiệm vụ",
    tags: ["plans"],
    params: [ID("Mã nhiệm vụ")],
    responses: { "200": "Đã xóa" },
  },
  // Schedules
  {
    method: "get",
    path: "/api/schedules",
    summary: "Các chế độ báo cáo",
    tags: ["schedules"],
    responses: { "200": "Danh sách chế độ báo cáo" },
  },
  {
    method: "post",
    path: "/api/schedules",
    summary: "Tạo chế độ báo cáo định kỳ",
    tags: ["schedules"],
    body: scheduleSchema,
    responses: { "201": "Chế độ báo cáo mới và các kỳ sắp tới" },
  },
  {
    method: "post",
    path: "/api/schedules/preview",
    summary: "Xem trước các kỳ báo cáo (không lưu)",
    tags: ["schedules"],
    body: scheduleSchema,
    responses: { "200": "Các kỳ sắp tới" },
  },
  {
    method: "get",
    path: "/api/schedules/{id}",
    summary: "Chi tiết chế độ báo cáo",
    tags: ["schedules"],
    params: [ID("Mã chế độ báo cáo")],
    responses: { "200": "Chế độ báo cáo" },
  },
  {
    method: "put",
    path: "/api/schedules/{id}",
    summary: "Sửa chế độ báo cáo",
    tags: ["schedules"],
    params: [ID("Mã chế độ báo cáo")],
    body: scheduleSchema,
    responses: { "200": "Chế độ báo cáo sau khi sửa" },
  },
  // Reports
  {
    method: "get",
    path: "/api/my/obligations",
    summary: "Các nghĩa vụ báo cáo của tổ chức mình",
    tags: ["reports"],
    responses: { "200": "Danh sách nghĩa vụ báo cáo" },
  },
  {
    method: "get",
    path: "/api/obligations/{id}",
    summary: "Nghĩa vụ báo cáo, hạn nộp và bản nháp",
    tags: ["reports"],
    params: [ID("Mã báo cáo (kỳ báo cáo của một tổ chức)")],
    responses: { "200": "Nghĩa vụ báo cáo" },
  },
  {
    method: "put",
    path: "/api/obligations/{id}/draft",
    summary: "Lưu bản nháp (so khớp số phiên bản; 409 khi có người khác vừa lưu)",
    tags: ["reports"],
    params: [ID("Mã báo cáo (kỳ báo cáo của một tổ chức)")],
    body: draftBody,
    responses: { "200": "Đã lưu bản nháp", "409": "Xung đột: trả về bản nháp mới hơn" },
  },
  {
    method: "post",
    path: "/api/obligations/{id}/submit",
    summary: "Nộp báo cáo (an toàn khi gửi lại; trả biên nhận)",
    tags: ["reports"],
    params: [ID("Mã báo cáo (kỳ báo cáo của một tổ chức)")],
    body: submitBody,
    responses: { "201": "Biên nhận", "200": "Biên nhận của lần nộp trước (gửi lại)" },
  },
  {
    method: "get",
    path: "/api/obligations/{id}/versions",
    summary: "Các phiên bản đã nộp, quyết định xét duyệt và gia hạn",
    tags: ["reports"],
    params: [ID("Mã báo cáo (kỳ báo cáo của một tổ chức)")],
    responses: { "200": "Lịch sử báo cáo" },
  },
  {
    method: "post",
    path: "/api/obligations/{id}/review",
    summary: "Tiếp nhận, trả lại hoặc mở lại báo cáo (chỉ cơ quan xem xét theo lịch báo cáo)",
    tags: ["review"],
    params: [ID("Mã báo cáo (kỳ báo cáo của một tổ chức)")],
    body: reviewSchema,
    responses: { "200": "Quyết định đã ghi" },
  },
  {
    method: "post",
    path: "/api/obligations/{id}/extension",
    summary: "Gia hạn nộp báo cáo (chỉ cơ quan xem xét theo lịch báo cáo)",
    tags: ["review"],
    params: [ID("Mã báo cáo (kỳ báo cáo của một tổ chức)")],
    body: extensionSchema,
    responses: { "200": "Hạn mới" },
  },
  {
    method: "post",
    path: "/api/obligations/{id}/remarks",
    summary: "Ý kiến của Ban cấp dưới được góp ý theo lịch báo cáo (không phải quyết định)",
    tags: ["review"],
    params: [ID("Mã nghĩa vụ báo cáo")],
    body: remarkSchema,
    responses: { "201": "Ý kiến đã ghi" },
  },
  // Webhooks
  {
    method: "post",
    path: "/webhooks/resend",
    summary: "Sự kiện gửi thư từ Resend (ký theo chuẩn Svix)",
    tags: ["webhooks"],
    body: resendEvent,
    responses: { "200": "Đã ghi nhận" },
    public: true,
  },
];

const toSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
};

export const ERROR_SCHEMA: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "fields"],
      properties: {
        code: { type: "string", description: "Mã lỗi ổn định, ví dụ validation_failed" },
        message: { type: "string", description: "Thông báo tiếng Việt" },
        fields: {
          type: "array",
          items: {
            type: "object",
            required: ["field", "message"],
            properties: {
              field: { type: "string" },
              message: { type: "string" },
              label: { type: "string", description: "Tên trường bằng tiếng Việt" },
            },
          },
        },
      },
    },
  },
};

function queryParameters(query: z.ZodType | undefined): JsonSchema[] {
  if (!query) return [];
  const s = toSchema(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: s.required?.includes(name) ?? false,
    schema,
  }));
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

function operationObject(op: Operation): JsonSchema {
  const parameters = [
    ...(op.params ?? []).map((p) => ({
      name: p.name,
      in: "path",
      required: true,
      description: p.description,
      schema: { type: "string", maxLength: 64 },
    })),
    ...queryParameters(op.query),
  ];
  const content = op.body
    ? { "application/json": { schema: toSchema(op.body) } }
    : op.rawBody &&
      Object.fromEntries(Object.entries(op.rawBody).map(([type, schema]) => [type, { schema }]));
  const responses: Record<string, unknown> = {};
  for (const [status, description] of Object.entries(op.responses)) {
    responses[status] = { description, content: { "application/json": { schema: { type: "object" } } } };
  }
  if (op.body || op.query || op.rawBody) responses["400"] ??= errorResponse("Yêu cầu không đọc được");
  if (op.body || op.query || op.rawBody) responses["422"] ??= errorResponse("Dữ liệu không hợp lệ");
  if (!op.public) {
    responses["401"] = errorResponse("Chưa đăng nhập");
    responses["403"] = errorResponse("Không có quyền");
  }
  if (op.params?.length) responses["404"] = errorResponse("Không tìm thấy");
  const method = op.method.toUpperCase();
  return {
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? "").toUpperCase())}`,
    summary: op.summary,
    tags: op.tags,
    ...(parameters.length ? { parameters } : {}),
    ...(content && method !== "GET" ? { requestBody: { required: !!op.rawBody, content } } : {}),
    responses,
    ...(op.public ? { security: [] } : {}),
  };
}

/** Builds the document; `serverUrl` is the app's public origin. */
export function openApiDocument(serverUrl: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operationObject(op);
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Theo dõi thực hiện Chỉ thị 52-CT/TW — API",
      version: "1.0.0",
      description:
        "API JSON của hệ thống theo dõi thực hiện chỉ thị. Lỗi luôn có dạng { error: { code, message, fields } }. " +
        "Trình duyệt dùng cookie phiên và gửi kèm tiêu đề x-csrf-token cho yêu cầu thay đổi dữ liệu; " +
        "máy khác dùng mã truy cập API (Authorization: Bearer).",
    },
    servers: [{ url: serverUrl }],
    security: [{ cookieAuth: [] }, { bearerAuth: [] }],
    tags: [...new Set(OPERATIONS.flatMap((o) => o.tags))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        cookieAuth: { type: "apiKey", in: "cookie", name: "sid", description: "Phiên đăng nhập" },
        bearerAuth: { type: "http", scheme: "bearer", description: "Mã truy cập API của tổ chức" },
      },
    },
  };
}
