import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { fieldLabel } from "./validation-messages";

export interface FieldError {
  field: string;
  message: string;
  /** The field's Vietnamese name, for pages (the JSON API keeps `field` as the machine name). */
  label?: string;
}

/**
 * At most this many field errors go into an answer; the rest are only counted
 * (`moreFields`), so a hostile body with 300,000 bad keys gets a small answer.
 */
export const MAX_FIELD_ERRORS = 50;

/** An expected failure: a stable machine code, a Vietnamese message, optional field errors. */
export class AppError extends Error {
  readonly fields: FieldError[];
  /** Field errors found but not listed. */
  readonly moreFields: number;
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    fields: FieldError[] = [],
    moreFields = 0,
  ) {
    super(message);
    this.name = "AppError";
    this.fields = fields.slice(0, MAX_FIELD_ERRORS);
    this.moreFields = moreFields + Math.max(0, fields.length - MAX_FIELD_ERRORS);
  }
}

export const notFound = (what = "Không tìm thấy") => new AppError(404, "not_found", what);
export const forbidden = () =>
  new AppError(403, "forbidden", "Đồng chí không có quyền thực hiện thao tác này");

export function fieldErrorsFromZod(error: ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const label = fieldLabel(issue.path);
    return {
      field: issue.path.map(String).join(".") || "(body)",
      message: issue.message,
      ...(label ? { label } : {}),
    };
  });
}

export function validationError(error: ZodError): AppError {
  return new AppError(422, "validation_failed", "Dữ liệu không hợp lệ", fieldErrorsFromZod(error));
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
