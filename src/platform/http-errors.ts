/**
 * The route layer's one translation of failures into HTTP: an error kind's status, the JSON
 * error body, and Hono's own exceptions (malformed JSON, oversized bodies) in the same shape.
 */
import type { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type ErrorKind } from "./errors";

const STATUS_OF: Record<ErrorKind, ContentfulStatusCode> = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
  invalid: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export function httpStatusOf(err: AppError): ContentfulStatusCode {
  return STATUS_OF[err.kind];
}

/** Hono's validator and body parsing throw HTTPException; they become the same error shape. */
export function fromHttpException(err: HTTPException): AppError {
  if (err.status === 413) return new AppError("too_large", "body_too_large", "Nội dung gửi lên quá lớn");
  if (err.status === 415)
    return new AppError("unsupported", "unsupported_media_type", "Kiểu nội dung gửi lên không được hỗ trợ");
  return new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
}

export function errorBody(err: AppError) {
  return {
    error: {
      code: err.code,
      message: err.message,
      fields: err.fields,
      ...(err.moreFields > 0 ? { moreFields: err.moreFields } : {}),
    },
  };
}
