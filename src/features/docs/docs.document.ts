/**
 * The OpenAPI 3.1 document of the JSON API (`/api/*` and `/webhooks/resend`), generated from the
 * routes' own definitions (`createRoute`: request and response schemas), with the shared error
 * body, the security schemes, and each operation's standard refusals added.
 */

import { formatViNumber } from "../../domain/numbers";
import { BODY_LIMITS, bodyLimitFor, DEFAULT_BODY_LIMIT } from "../../http/edge";
import { MAX_FIELD_ERRORS } from "../../platform/errors";

export type JsonSchema = Record<string, unknown>;
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

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

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

const kb = (bytes: number) => `${formatViNumber(bytes / 1024, { maxFractionDigits: 3 })} KB`;
/** /api/obligations/{id} -> /api/obligations/:id (the routes' own pattern). */
const expressPath = (path: string) => path.replace(/\{([^}]+)\}/g, ":$1");

const operationIdOf = (method: string, path: string) =>
  `${method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ?? "").toUpperCase())}`;

/** What `@hono/zod-openapi` generates from the mounted feature routers. */
export interface GeneratedDocument {
  paths?: object;
  components?: { schemas?: object };
}

/**
 * Every operation gets the standard answers: 401/403 unless public, 404 with a path parameter,
 * 400/422 with input, 413 with its body limit (from the same table `bodyEdge` enforces).
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
 * Builds the document; `serverUrl` is the app's public origin. Every route is declared with
 * `createRoute` in its feature, so `generated` (the mounted routers' definitions) is the whole API.
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
