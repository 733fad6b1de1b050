/**
 * Real responses checked against the schemas their routes declare (`createRoute`): a body must
 * parse, and parsing must not drop anything, so a field the declaration does not name fails too.
 */
import type { RouteConfig } from "@hono/zod-openapi";
import { expect } from "vitest";
import * as z from "zod";

export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string().min(1),
    message: z.string().min(1),
    fields: z.array(z.strictObject({ field: z.string(), message: z.string(), label: z.string().optional() })),
    moreFields: z.number().int().optional(),
  }),
});

/** The media types a route declares for `status`. */
export function declaredContent(route: RouteConfig, status: number): Record<string, unknown> {
  const response = route.responses[status];
  return (response && "content" in response ? response.content : undefined) ?? {};
}

export function declaredSchema(route: RouteConfig, status: number): z.ZodType {
  const response = route.responses[status];
  const media = response && "content" in response ? response.content?.["application/json"] : undefined;
  const schema = media && "schema" in media ? media.schema : undefined;
  if (!schema || !(schema instanceof z.ZodType)) {
    throw new Error(`${route.method.toUpperCase()} ${route.path} declares no JSON schema for ${status}`);
  }
  return schema;
}

/** The body of a real response matches what its route declares for that status, nothing more. */
export function expectDeclared(route: RouteConfig, status: number, body: unknown): void {
  const parsed = declaredSchema(route, status).safeParse(body);
  expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 5))).toBe(true);
  expect(parsed.data, "fields not in the declared schema").toEqual(body);
}

export function expectErrorBody(body: unknown): void {
  const parsed = errorBodySchema.safeParse(body);
  expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 5))).toBe(true);
}
