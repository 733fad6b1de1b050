/**
 * The OpenAPI 3.1 description of the JSON API (`/api/*` and `/webhooks/resend`).
 * Request schemas come from the same zod schemas the routes validate with, so the document
 * cannot drift from the validation; a test checks that every `/api/` route is described.
 */
import * as z from "zod";
import { policySchema } from "./domain/escalation-policy";
import { extensionDecisionSchema, extensionRequestSchema } from "./features/reporting";
import { BODY_LIMITS, bodyLimitFor, DEFAULT_BODY_LIMIT } from "./http/edge";
import { MAX_FIELD_ERRORS } from "./platform/errors";
import { grantSchema, listQuery as membershipListQuery } from "./routes/admin";
import { signinRequestSchema } from "./routes/auth";
import { newTaskSchema, patchTaskSchema, planSchema } from "./routes/plans";
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

const taskRevisionQuery = z.object({ revision: z.string().regex(/^\d+$/).optional() });
const taskRevisionBody = z.object({ revision: z.number().int().min(1) });
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
  // Directive set-up (Commission staff, directive.manage): /api/directives… and /api/indicators… are declared in src/features/directives/setup.api.ts
  // Report forms: /api/form-templates and /api/forms… are declared in src/features/reporting/forms.api.ts
  {
    method: "get",
    path: "/api/escalation-policies",
    summary: "Các quy trình nhắc và báo cáo vượt cấp với các bước",
    tags: ["directive-setup"],
    responses: { "200": "Danh sách" },
  },
  {
    method: "post",
    path: "/api/escalation-policies",
    summary: "Thêm quy trình nhắc (các bước theo ngày làm việc so với hạn nộp)",
    tags: ["directive-setup"],
    body: policySchema,
    responses: { "201": "Đã thêm" },
  },
  {
    method: "get",
    path: "/api/escalation-policies/{id}",
    summary: "Một quy trình nhắc và dòng thời gian theo ngày làm việc",
    tags: ["directive-setup"],
    params: [ID("Mã quy trình")],
    responses: { "200": "Quy trình" },
  },
  {
    method: "put",
    path: "/api/escalation-policies/{id}",
    summary: "Sửa quy trình nhắc (kèm revision; 409 trả về cả bản đã lưu và bản gửi lên)",
    tags: ["directive-setup"],
    params: [ID("Mã quy trình")],
    body: policySchema,
    responses: { "200": "Đã lưu", "409": "Phiên bản cũ" },
  },
  {
    method: "post",
    path: "/api/obligations/{id}/extension-requests",
    summary: "Đề nghị gia hạn nộp báo cáo (đơn vị báo cáo, kèm lý do)",
    tags: ["reports"],
    params: [ID("Mã nghĩa vụ báo cáo")],
    body: extensionRequestSchema,
    responses: { "201": "Đề nghị đã gửi" },
  },
  {
    method: "post",
    path: "/api/extension-requests/{id}/decision",
    summary: "Quyết định đề nghị gia hạn (chấp thuận, có thể đổi ngày; hoặc không chấp thuận, có lý do)",
    tags: ["reports"],
    params: [ID("Mã đề nghị gia hạn")],
    body: extensionDecisionSchema,
    responses: { "200": "Đề nghị đã quyết định" },
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
    responses: {
      "200": "Nhiệm vụ sau khi sửa",
      "409":
        "Nhiệm vụ đã được sửa hoặc xóa sau số phiên bản gửi lên: trả bản hiện tại (current) và bản của bạn (yours)",
    },
  },
  {
    method: "delete",
    path: "/api/tasks/{id}",
    summary: "Xóa nhiệm vụ (xóa mềm, khôi phục được): kèm số phiên bản, ?revision=3 hoặc { revision }",
    tags: ["plans"],
    params: [ID("Mã nhiệm vụ")],
    query: taskRevisionQuery,
    responses: {
      "200": "Đã xóa; toàn bộ nội dung nhiệm vụ được giữ trong nhật ký và có thể khôi phục",
      "409": "Nhiệm vụ đã thay đổi sau số phiên bản gửi lên: trả bản hiện tại",
    },
  },
  {
    method: "post",
    path: "/api/tasks/{id}/restore",
    summary: "Khôi phục nhiệm vụ đã xóa (kèm số phiên bản)",
    tags: ["plans"],
    params: [ID("Mã nhiệm vụ")],
    body: taskRevisionBody,
    responses: { "200": "Nhiệm vụ đã khôi phục", "409": "Nhiệm vụ chưa bị xóa hoặc đã thay đổi" },
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
        moreFields: {
          type: "integer",
          description: `Số lỗi theo trường không được liệt kê (fields có tối đa ${MAX_FIELD_ERRORS} mục)`,
        },
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

const kb = (bytes: number) => `${(bytes / 1024).toLocaleString("vi-VN")} KB`;
/** /api/obligations/{id} -> /api/obligations/:id (the routes' own pattern). */
const expressPath = (path: string) => path.replace(/\{([^}]+)\}/g, ":$1");

const operationIdOf = (method: string, path: string) =>
  `${method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? "").toUpperCase())}`;

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
  const limit =
    op.body && op.method !== "get" ? bodyLimitFor(op.method.toUpperCase(), expressPath(op.path)) : null;
  if (limit !== null) responses["413"] = errorResponse(`Nội dung lớn hơn ${kb(limit)}`);
  if (!op.public) {
    responses["401"] = errorResponse("Chưa đăng nhập");
    responses["403"] = errorResponse("Không có quyền");
  }
  if (op.params?.length) responses["404"] = errorResponse("Không tìm thấy");
  const method = op.method.toUpperCase();
  return {
    operationId: operationIdOf(op.method, op.path),
    summary: op.summary,
    ...(limit !== null
      ? { description: `Giới hạn kích thước nội dung gửi lên: ${kb(limit)} (413 nếu vượt).` }
      : {}),
    tags: op.tags,
    ...(parameters.length ? { parameters } : {}),
    ...(content && method !== "GET" ? { requestBody: { required: !!op.rawBody, content } } : {}),
    responses,
    ...(op.public ? { security: [] } : {}),
  };
}

/** What `@hono/zod-openapi` generates from the mounted feature routers. */
export interface GeneratedDocument {
  paths?: object;
  components?: { schemas?: object };
}

/**
 * A generated operation gets the same standard answers as the table's: 401/403 unless public,
 * 404 with a path parameter, 400/422 with input, 413 with its body limit.
 */
function withStandardResponses(method: HttpMethod, path: string, op: JsonSchema): JsonSchema {
  const responses = { ...(op.responses as Record<string, unknown>) };
  const parameters = (op.parameters as { in: string }[] | undefined) ?? [];
  const hasInput = !!op.requestBody || parameters.some((p) => p.in === "query" || p.in === "path");
  if (hasInput) {
    responses["400"] ??= errorResponse("Yêu cầu không đọc được");
    responses["422"] ??= errorResponse("Dữ liệu không hợp lệ");
  }
  const limit = op.requestBody ? bodyLimitFor(method.toUpperCase(), expressPath(path)) : null;
  if (limit !== null) responses["413"] = errorResponse(`Nội dung lớn hơn ${kb(limit)}`);
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  if (!isPublic) {
    responses["401"] ??= errorResponse("Chưa đăng nhập");
    responses["403"] ??= errorResponse("Không có quyền");
  }
  if (parameters.some((p) => p.in === "path")) responses["404"] ??= errorResponse("Không tìm thấy");
  return {
    operationId: operationIdOf(method, path),
    ...op,
    ...(limit !== null && !op.description
      ? { description: `Giới hạn kích thước nội dung gửi lên: ${kb(limit)} (413 nếu vượt).` }
      : {}),
    responses,
  };
}

/**
 * Builds the document; `serverUrl` is the app's public origin. Routes declared with
 * `createRoute` come from `generated`; the table above describes the routes not yet moved.
 */
export function openApiDocument(serverUrl: string, generated: GeneratedDocument = {}): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const tags = new Set<string>();
  for (const [path, ops] of Object.entries(
    (generated.paths ?? {}) as Record<string, Record<string, JsonSchema>>,
  )) {
    for (const [method, op] of Object.entries(ops)) {
      paths[path] ??= {};
      paths[path][method] = withStandardResponses(method as HttpMethod, path, op);
      for (const tag of (op.tags as string[] | undefined) ?? []) tags.add(tag);
    }
  }
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    if (paths[op.path]![op.method]) continue;
    paths[op.path]![op.method] = operationObject(op);
    for (const tag of op.tags) tags.add(tag);
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
        "máy khác dùng mã truy cập API (Authorization: Bearer). " +
        `Danh sách lỗi theo trường (fields) có tối đa ${MAX_FIELD_ERRORS} mục; số lỗi còn lại ở moreFields. ` +
        `Giới hạn kích thước nội dung JSON hoặc biểu mẫu: ${kb(DEFAULT_BODY_LIMIT)}, trừ ${BODY_LIMITS.filter(
          (l) => l.path.startsWith("/api/"),
        )
          .map((l) => `${l.method} ${l.path} (${l.what}): ${kb(l.bytes)}`)
          .join(
            "; ",
          )}; tệp đính kèm 10 MB, tệp nhập dữ liệu theo giới hạn của trang nhập; vượt giới hạn trả 413. ` +
        "Văn bản được chuẩn hóa Unicode NFC; ký tự điều khiển, U+FFFE/U+FFFF và các ký tự không phải ký tự (non-character) bị từ chối với 422 invalid_characters.",
    },
    servers: [{ url: serverUrl }],
    security: [{ cookieAuth: [] }, { bearerAuth: [] }],
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...generated.components?.schemas, Error: ERROR_SCHEMA },
      securitySchemes: {
        cookieAuth: { type: "apiKey", in: "cookie", name: "sid", description: "Phiên đăng nhập" },
        bearerAuth: { type: "http", scheme: "bearer", description: "Mã truy cập API của tổ chức" },
      },
    },
  };
}
