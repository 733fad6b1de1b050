/**
 * The OpenAPI 3.1 description of the JSON API (`/api/*` and `/webhooks/resend`).
 * Request schemas come from the same zod schemas the routes validate with, so the document
 * cannot drift from the validation; a test checks that every `/api/` route is described.
 */
import * as z from "zod";
import { BODY_LIMITS, bodyLimitFor, DEFAULT_BODY_LIMIT } from "./http/edge";
import { MAX_FIELD_ERRORS } from "./platform/errors";

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
  // CSV imports (/api/imports/…) are declared in src/features/organisations/import.api.ts
  // Directives and plans
  // Directive set-up (Commission staff, directive.manage): /api/directives… and /api/indicators… are declared in src/features/directives/setup.api.ts
  // Implementation plans (/api/plans…, /api/tasks…) are declared in src/features/directives/plans.api.ts
  // Report forms: /api/form-templates and /api/forms… are declared in src/features/reporting/forms.api.ts
  // Escalation policies (/api/escalation-policies…) are declared in src/features/schedules/escalation.api.ts
  // Extension requests (/api/obligations/{id}/extension-requests, /api/extension-requests/…) are declared in src/features/reporting/extension-requests.api.ts
  // Webhooks
  // The Resend webhook (/webhooks/resend) is declared in src/features/notifications/webhooks.api.ts
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
