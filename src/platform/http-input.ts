/**
 * Reading a request body for endpoints that serve both JSON clients and plain HTML forms
 * (pages work without JavaScript): a form post gets a 303 redirect back to a page, a JSON
 * client gets JSON. Form fields arrive as strings; empty strings mean "not given".
 */
import type { Context } from "hono";
import type * as z from "zod";
import type { AppEnv } from "../http/context";
import { AppError, validationError } from "./errors";

export interface BodyInput {
  data: Record<string, unknown>;
  isForm: boolean;
}

export async function readBody(c: Context<AppEnv>): Promise<BodyInput> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    const body = await c.req.parseBody();
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === "_csrf") continue;
      if (typeof v === "string") data[k] = v;
    }
    return { data, isForm: true };
  }
  try {
    const json: unknown = await c.req.json();
    if (json === null || typeof json !== "object" || Array.isArray(json)) throw new Error("not an object");
    return { data: json as Record<string, unknown>, isForm: false };
  } catch {
    throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
  }
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** Form fields: "" -> undefined, so optional fields can use `.optional()`. */
export function blankToUndefined(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = v === "" ? undefined : v;
  return out;
}
