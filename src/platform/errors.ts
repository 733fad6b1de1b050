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

/**
 * What kind of failure it is, in the domain's words. Services and the domain say only this;
 * the route layer maps it to an HTTP status once (`src/platform/http-errors.ts`).
 */
export type ErrorKind =
  | "malformed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "too_large"
  | "unsupported"
  | "invalid"
  | "rate_limited"
  | "internal"
  | "unavailable";

/**
 * The one error type for expected failures: a kind, a stable machine code, a Vietnamese
 * message, optional field errors. Conflicts that must show both texts extend it.
 */
export class AppError extends Error {
  readonly fields: FieldError[];
  /** Field errors found but not listed. */
  readonly moreFields: number;
  constructor(
    readonly kind: ErrorKind,
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

/** A stale edit: the stored version (`current`) travels with the error so both texts can be shown. */
export class StaleRevisionError<T extends { revision: number }> extends AppError {
  constructor(
    readonly current: T,
    message: string,
  ) {
    super("conflict", "stale_revision", message, [
      { field: "revision", message: `Phiên bản hiện tại là ${current.revision}` },
    ]);
  }
}

export const notFound = (what = "Không tìm thấy") => new AppError("not_found", "not_found", what);
export const forbidden = () =>
  new AppError("forbidden", "forbidden", "Đồng chí không có quyền thực hiện thao tác này");

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

/** The input is not valid: "Dữ liệu không hợp lệ", with what is wrong in each field. */
export function invalidFields(fields: FieldError[]): AppError {
  return new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", fields);
}

/** The input is not valid in one field. */
export const invalidField = (field: string, message: string): AppError => invalidFields([{ field, message }]);

export function validationError(error: ZodError): AppError {
  return invalidFields(fieldErrorsFromZod(error));
}
