/**
 * The CSV import's JSON API: `POST /api/imports/organisations` and `/api/imports/people`, body
 * text/csv or a multipart form with a `file` field; `?dryRun=1` previews without writing.
 * All-or-nothing: a file with any error is refused whole (422) with every issue listed.
 */
import type * as z from "zod";
import { requirePolicy } from "../../auth/guard";
import { createApi, errorResponse, jsonResponse, routesTagged } from "../../platform/openapi";
import { requireImportRight, runImport, uploadedBytes } from "./import.http";
import {
  type ImportKind,
  type ImportResult,
  importQuery,
  importRejected,
  importSuccess,
  MAX_IMPORT_BYTES,
} from "./import.schemas";

/**
 * The upload, described but not validated here: the handler reads it itself (CSV text, or the
 * form's file), so plain-JSON-Schema (not zod) keeps the router from gating media types.
 */
const csvUpload = {
  required: true,
  content: {
    "text/csv": {
      schema: { type: "string" as const, description: "Tệp CSV mã hóa UTF-8, dòng đầu là tên cột" },
    },
    "multipart/form-data": {
      schema: {
        type: "object" as const,
        properties: { file: { type: "string" as const, contentMediaType: "text/csv" } },
        required: ["file"],
      },
    },
  },
};

const route = routesTagged("imports");

const importRoute = (kind: ImportKind, path: string, summary: string) =>
  route.post(path, {
    summary,
    middleware: [requirePolicy("org.manage", "in-handler")],
    request: { query: importQuery, body: csvUpload },
    responses: {
      200: jsonResponse(importSuccess, kind === "organisations" ? "Kết quả nhập tổ chức" : "Kết quả nhập"),
      413: errorResponse(`Tệp lớn hơn ${MAX_IMPORT_BYTES / 1024 / 1024} MB`),
      415: errorResponse("Không phải text/csv hay multipart/form-data"),
      422: jsonResponse(importRejected, "Tệp có lỗi (mọi lỗi kèm số dòng, cột); chưa ghi dữ liệu nào"),
    },
  });

export const importOrganisationsRoute = importRoute(
  "organisations",
  "/api/imports/organisations",
  "Nhập tổ chức từ tệp CSV (tất cả hoặc không gì cả)",
);
export const importPeopleRoute = importRoute(
  "people",
  "/api/imports/people",
  "Nhập người dùng và vai trò từ tệp CSV",
);

/** A refused file as the API answers it: the usual error body, and the issues line by line. */
function rejectedBody(result: Extract<ImportResult, { ok: false }>): z.infer<typeof importRejected> {
  const badEncoding = result.badEncoding === true;
  return {
    error: {
      code: badEncoding ? "bad_encoding" : "import_invalid",
      message: badEncoding ? result.issues[0]!.message : "Tệp có lỗi; chưa có dữ liệu nào được ghi",
      fields: result.issues.map((i) => ({
        field: i.column ? `dòng ${i.line}: ${i.column}` : `dòng ${i.line}`,
        message: i.message,
      })),
    },
    issues: result.issues,
  };
}

export const importApi = createApi();

for (const [kind, route] of [
  ["organisations", importOrganisationsRoute],
  ["people", importPeopleRoute],
] as const) {
  importApi.openapi(route, async (c) => {
    requireImportRight(c);
    const dryRun = ["1", "true"].includes(c.req.valid("query").dryRun ?? "");
    const { bytes } = await uploadedBytes(c);
    const result = await runImport(c, kind, bytes, dryRun);
    if (!result.ok) return c.json(rejectedBody(result), 422);
    return c.json(result, 200);
  });
}
