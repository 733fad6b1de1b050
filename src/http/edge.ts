/**
 * The edge of every write: before any route sees a JSON or form body, it is held to the
 * route's size limit (413), every string in it is checked for characters that no output can
 * carry (422 naming the field and the character) and normalised to NFC. Routes then read the
 * cleaned body through Hono's usual `c.req.json()` / `c.req.parseBody()`.
 * Signed webhook bodies are only size-checked: their bytes must stay as signed.
 */
import type { MiddlewareHandler } from "hono";
import { formatViNumber } from "../domain/numbers";
import { cleanValue } from "../domain/text";
import { AppError, MAX_FIELD_ERRORS } from "../platform/errors";
import type { AppEnv } from "./context";

const KB = 1024;
const MB = 1024 * KB;

export interface BodyLimit {
  method: string;
  /** A path pattern: `:x` is one segment. */
  path: string;
  bytes: number;
  what: string;
}

/** JSON and form bodies larger than this are refused unless a route below allows more. */
export const DEFAULT_BODY_LIMIT = 256 * KB;

/**
 * Routes that take more than the default (a report holds seven sections of up to 20,000
 * characters, i.e. up to ~60 KB of UTF-8 each). Uploads (multipart) have their own limits,
 * checked by their routes: attachments 10 MB, imports 5 MB.
 */
export const BODY_LIMITS: readonly BodyLimit[] = [
  { method: "PUT", path: "/api/obligations/:id/draft", bytes: 1 * MB, what: "bản nháp báo cáo" },
  { method: "POST", path: "/api/obligations/:id/submit", bytes: 1 * MB, what: "báo cáo nộp" },
  { method: "POST", path: "/bao-cao/:id/nhap", bytes: 1 * MB, what: "bản nháp báo cáo" },
  { method: "POST", path: "/bao-cao/:id/nop", bytes: 1 * MB, what: "báo cáo nộp" },
];

function matches(pattern: string, path: string): boolean {
  const a = pattern.split("/");
  const b = path.split("/");
  return a.length === b.length && a.every((seg, i) => seg.startsWith(":") || seg === b[i]);
}

export function bodyLimitFor(method: string, path: string): number {
  return BODY_LIMITS.find((l) => l.method === method && matches(l.path, path))?.bytes ?? DEFAULT_BODY_LIMIT;
}

const tooLarge = (limit: number) =>
  new AppError(
    "too_large",
    "body_too_large",
    `Nội dung gửi lên quá lớn (tối đa ${formatViNumber(Math.round(limit / KB))} KB)`,
  );

function kind(contentType: string): "json" | "form" | null {
  if (contentType.startsWith("application/json")) return "json";
  if (contentType.startsWith("application/x-www-form-urlencoded")) return "form";
  return null;
}

export const bodyEdge: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
  const k = kind(c.req.header("content-type") ?? "");
  if (!k || c.req.path.startsWith("/dev/")) return next();
  const limit = bodyLimitFor(method, c.req.path);
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > limit) throw tooLarge(limit);
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > limit) throw tooLarge(limit);
  if (c.req.path.startsWith("/webhooks/")) return next();
  const text = new TextDecoder().decode(buffer);
  let cleaned: string;
  if (k === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the route answers its own "invalid JSON" error.
      return next();
    }
    const result = cleanValue(parsed, MAX_FIELD_ERRORS);
    if (result.issues.length > 0) throw invalidText(result.issues, result.moreIssues);
    cleaned = JSON.stringify(result.value);
  } else {
    const entries = [...new URLSearchParams(text)];
    const result = cleanValue(entries, MAX_FIELD_ERRORS);
    const issues = result.issues.map((i) => ({
      // "3.1" (entry 3, its value) -> the field's name
      field: entries[Number(i.field.split(".")[0])]?.[0] ?? i.field,
      message: i.message,
    }));
    if (issues.length > 0) throw invalidText(issues, result.moreIssues);
    cleaned = new URLSearchParams(result.value as [string, string][]).toString();
  }
  // Hono serves later reads (json, text, parseBody) from this cache (of promises at runtime,
  // whatever its declared type says).
  const cache = c.req.bodyCache as Record<string, unknown>;
  delete cache.arrayBuffer;
  cache.text = Promise.resolve(cleaned);
  return next();
};

function invalidText(fields: { field: string; message: string }[], more: number): AppError {
  return new AppError(
    "invalid",
    "invalid_characters",
    "Nội dung có ký tự không hợp lệ (ký tự điều khiển hoặc ký tự không dùng được trong văn bản)",
    fields,
    more,
  );
}
