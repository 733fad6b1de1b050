/**
 * JSON routes and their description are one definition (`@hono/zod-openapi`, built on
 * `@hono/zod-validator`): a feature declares each route with `createRoute` (request and response
 * schemas, policy middleware first), and the document at /api/openapi.json is generated from the
 * mounted routers. Validation failures all pass through one hook, into the one error shape.
 */
import { createRoute, type Hook, OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import * as z from "zod";
import type { AppEnv } from "../http/context";
import { type AppError, validationError } from "./errors";

/** The one validation hook: a 422 with Vietnamese field errors, like every other refusal. */
// biome-ignore lint/suspicious/noExplicitAny: one hook for every route, whatever its input and path types
export const vietnameseValidation: Hook<any, AppEnv, any, undefined> = (result) => {
  if (!result.success) throw validationError(result.error as z.ZodError);
};

/** A feature's JSON router: mount it with `app.route`, so its routes reach the document. */
export function createApi() {
  return new OpenAPIHono<AppEnv>({ defaultHook: vietnameseValidation });
}

/** What a route declares beside its method, path, tag and policy middleware. */
type RouteOptions = Omit<RouteConfig, "method" | "path" | "tags" | "middleware">;
/** A route's middleware, policy first (required: deny by default), as a tuple so their types reach the handler. */
// biome-ignore lint/suspicious/noExplicitAny: a middleware may add to the env (e.g. the review's access), as in `createRoute`
type RouteMiddleware = [MiddlewareHandler<any, any, any>, ...MiddlewareHandler<any, any, any>[]];

/**
 * A feature's route declarations under one tag: `route.post("/api/plans", { summary, middleware,
 * request, responses })` is `createRoute` with the method, path and tag filled in, and keeps what
 * it infers (params, bodies and responses in the handlers). `summary` stays first in the document.
 */
export function routesTagged(tag: string) {
  const method =
    <M extends RouteConfig["method"]>(method: M) =>
    <P extends string, const W extends RouteMiddleware, R extends RouteOptions>(
      path: P,
      options: R & { middleware: W },
    ) =>
      createRoute({ method, path, summary: options.summary, tags: [tag], ...options });
  return {
    get: method("get"),
    post: method("post"),
    put: method("put"),
    patch: method("patch"),
    delete: method("delete"),
  };
}

/** The shared error body, `{ error: { code, message, fields } }` (components/schemas/Error). */
export const ERROR_REF = { $ref: "#/components/schemas/Error" } as const;

/** A JSON response of a route definition. */
export function jsonResponse<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON request body. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { "application/json": { schema } } };
}

/** A refusal the route itself answers beyond the standard ones (401/403/404/400/413/422 are added). */
export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ERROR_REF } } };
}

/** The shared error body's `error` (what `ERROR_REF` names), for answers that carry more beside it. */
export const errorJson = z.object({
  code: z.string(),
  message: z.string(),
  fields: z.array(z.object({ field: z.string(), message: z.string(), label: z.string().optional() })),
  moreFields: z.number().int().optional(),
});

/**
 * A 409 for a stale write, nothing lost: the error, the stored version (`current`) and what was
 * sent (`yours`), so the client can show both and let the person merge them. `error` narrows the
 * error where a route promises a fixed code.
 */
export function staleWriteJson<
  C extends z.ZodType,
  Y extends z.ZodType,
  E extends z.ZodType = typeof errorJson,
>(current: C, yours: Y, error: E = errorJson as unknown as E) {
  return z.object({ error, current, yours });
}

/** The body of that 409, from the refusal and the two versions. */
export function staleWriteBody<C, Y>(err: AppError, current: C, yours: Y) {
  return { error: { code: err.code, message: err.message, fields: err.fields }, current, yours };
}
