/**
 * The one authorisation layer. Every route's first handler is a policy declaration:
 *
 *   app.get("/x", publicRoute(), handler)
 *   app.post("/api/auth/signout", signedIn(), handler)
 *   app.get("/api/organisations/:id", requirePolicy("org.read", orgFromParam("id")), handler)
 *   app.post("/api/tokens", requirePolicy("tokens.manage", "in-handler"), handler) // handler calls authorize()
 *
 * The target organisation is always loaded server-side from the object being touched.
 * Deny by default: `enforceDeclaredPolicy` refuses a request whose route has no
 * declaration, and `routePolicies(app)` lets a test list every route with its policy.
 */
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../http/context";
import { wantsHtml } from "../pages/error";
import { AppError, forbidden, notFound } from "../platform/errors";
import { type OwnedTable, selectOrgOfRow, selectOrgRef } from "./guard.queries";
import { type Action, can, HUMAN_ONLY, type Principal, refusedToToken } from "./policy";

/** The organisation an object belongs to, as loaded from the database. */
export interface OrgRef {
  id: string;
  path: string;
}

export type TargetResolver = (c: Context<AppEnv>) => Promise<OrgRef | null>;

export type PolicyDecl =
  | { kind: "public" }
  | { kind: "signed_in" }
  /** Any signed-in person, acting on their own account; never an API token (`HUMAN_ONLY`). */
  | { kind: "person_only"; action: Action }
  | { kind: "action"; action: Action; target: "none" | "resolved" | "in-handler" };

const declarations = new WeakMap<object, PolicyDecl>();

function declare(decl: PolicyDecl, handler: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  declarations.set(handler, decl);
  return handler;
}

export const unauthenticated = () =>
  new AppError("unauthenticated", "unauthenticated", "Vui lòng đăng nhập để tiếp tục");

/** A browser opening a page (only a GET can be sent to sign in and back). */
function wantsPage(c: Context<AppEnv>): boolean {
  return c.req.method === "GET" && wantsHtml(c);
}

function requireSignedIn(c: Context<AppEnv>): Principal | Response {
  const principal = c.var.principal;
  if (principal) return principal;
  if (wantsPage(c)) {
    const next = c.req.path + (new URL(c.req.url).search || "");
    return c.redirect(`/dang-nhap?next=${encodeURIComponent(next)}`, 303);
  }
  throw unauthenticated();
}

/** Anyone, signed in or not. */
export function publicRoute(): MiddlewareHandler<AppEnv> {
  return declare({ kind: "public" }, async (_c, next) => {
    await next();
  });
}

/** Any signed-in person or token (e.g. sign-out, "who am I"). */
export function signedIn(): MiddlewareHandler<AppEnv> {
  return declare({ kind: "signed_in" }, async (c, next) => {
    const p = requireSignedIn(c);
    if (p instanceof Response) return p;
    await next();
  });
}

/** Refusal of a person-only action to an API token: a stable code saying why. */
export const personOnlyRefused = () =>
  new AppError(
    "forbidden",
    "person_only",
    "Thao tác này chỉ người dùng đăng nhập mới thực hiện được, không dùng mã truy cập API (API token)",
  );

/**
 * A signed-in person acting on their own account (sign out everywhere, email preferences):
 * `action` must be in the person-only list, and an API token is refused.
 */
export function personOnly(action: Action): MiddlewareHandler<AppEnv> {
  if (!HUMAN_ONLY.has(action)) {
    throw new Error(`personOnly(${action}): the action is not in PERSON_ONLY_ACTIONS`);
  }
  return declare({ kind: "person_only", action }, async (c, next) => {
    const p = requireSignedIn(c);
    if (p instanceof Response) return p;
    if (refusedToToken(p, action)) throw personOnlyRefused();
    await next();
  });
}

/**
 * Requires `action`:
 * - with a resolver: on the organisation it loads (null -> 404; the organisation is then in `c.var.targetOrg`);
 * - with "in-handler": the handler must call `authorize(c, action, org)` once it has loaded the
 *   object (e.g. when the organisation comes from a validated body); a handler that forgets is refused;
 * - with nothing: an action that concerns no organisation (only a global scope, i.e. an administrator).
 */
export function requirePolicy(
  action: Action,
  target?: TargetResolver | "in-handler",
): MiddlewareHandler<AppEnv> {
  const kind = target === undefined ? "none" : target === "in-handler" ? "in-handler" : "resolved";
  return declare({ kind: "action", action, target: kind }, async (c, next) => {
    const ctx = { appEnv: c.var.config.appEnv };
    if (action === "mailbox.read") {
      if (!can(c.var.principal, action, undefined, ctx)) throw notFound("Không tìm thấy trang");
      await next();
      return;
    }
    const p = requireSignedIn(c);
    if (p instanceof Response) return p;
    if (refusedToToken(p, action)) throw personOnlyRefused();
    if (typeof target === "function") {
      const org = await target(c);
      if (!org) throw notFound();
      if (!can(p, action, org.path, ctx)) throw forbidden();
      c.set("targetOrg", org);
    } else if (target === undefined) {
      if (!can(p, action, undefined, ctx)) throw forbidden();
    }
    c.set("authorized", target === "in-handler" ? [] : [action]);
    await next();
    // An error answer (validation, not found) is fine before authorising; a success is not.
    if (target === "in-handler" && c.res.status < 400 && !c.var.authorized?.includes(action)) {
      console.error(`route ${c.req.method} ${c.req.path} did not authorise ${action}`);
      c.res = c.json({ error: { code: "forbidden", message: forbidden().message, fields: [] } }, 403);
    }
  });
}

/** Checks `action` on `org` (loaded server-side by the caller) and records that it was checked. */
export function authorize(c: Context<AppEnv>, action: Action, org: OrgRef | null | undefined): void {
  const principal = c.var.principal;
  if (!principal) throw unauthenticated();
  if (refusedToToken(principal, action)) throw personOnlyRefused();
  if (!org) throw notFound();
  if (!can(principal, action, org.path, { appEnv: c.var.config.appEnv })) throw forbidden();
  c.set("authorized", [...(c.var.authorized ?? []), action]);
}

/**
 * The route's authority handed to a service that decides on data it loads itself, so services
 * never see Hono's Context: `require` is `authorize` (and records the check for "in-handler").
 */
export interface Guard {
  require(action: Action, org: OrgRef): void;
  /** An action on no organisation (e.g. creating a root): only a global scope may. */
  requireGlobal(action: Action): void;
}

export function guardOf(c: Context<AppEnv>): Guard {
  return {
    require: (action, org) => authorize(c, action, org),
    requireGlobal: (action) => {
      if (!can(c.var.principal, action, undefined)) throw forbidden();
      c.set("authorized", [...(c.var.authorized ?? []), action]);
    },
  };
}

/** Resolver: the organisation whose id is the route parameter `name`. */
export function orgFromParam(name: string): TargetResolver {
  return (c) => loadOrg(c.env.DB, c.req.param(name) ?? "");
}

/** Resolver: the organisation of the row `table.id = :param` through its `organisation_id` column. */
export function orgOfRow(table: OwnedTable, param: string) {
  return (c: Context<AppEnv>): Promise<OrgRef | null> =>
    selectOrgOfRow(c.env.DB, table, c.req.param(param) ?? "");
}

export async function loadOrg(db: D1Database, id: string): Promise<OrgRef | null> {
  if (!id) return null;
  return selectOrgRef(db, id);
}

export function policyOf(handler: unknown): PolicyDecl | undefined {
  if (typeof handler !== "function") return undefined;
  return (
    declarations.get(handler) ??
    // A sub-app with its own error handler wraps each handler and keeps the original here.
    declarations.get((handler as unknown as Record<string, object>).__COMPOSED_HANDLER ?? {})
  );
}

interface RouteLike {
  method: string;
  path: string;
  handler: unknown;
}

/** `app.use` middleware is registered for every method on a wildcard path. */
function isMiddleware(r: RouteLike): boolean {
  return r.method === "ALL" && r.path.endsWith("*");
}

export interface RoutePolicy {
  method: string;
  path: string;
  /** The declaration of the route's first handler (undefined = undeclared, which is refused). */
  policy: PolicyDecl | undefined;
}

/** Every endpoint of an app with the policy declared by its first handler. */
export function routePolicies(app: { routes: readonly RouteLike[] }): RoutePolicy[] {
  const seen = new Map<string, RoutePolicy>();
  for (const r of app.routes) {
    if (isMiddleware(r)) continue;
    const key = `${r.method} ${r.path}`;
    if (!seen.has(key)) seen.set(key, { method: r.method, path: r.path, policy: policyOf(r.handler) });
  }
  return [...seen.values()];
}

/** Deny by default at run time too: a matched endpoint whose first handler declares no policy is refused. */
export const enforceDeclaredPolicy: MiddlewareHandler<AppEnv> = async (c, next) => {
  const firsts = new Map<string, unknown>();
  for (const r of matchedRoutes(c)) {
    if (isMiddleware(r)) continue;
    const key = `${r.method} ${r.path}`;
    if (!firsts.has(key)) firsts.set(key, r.handler);
  }
  for (const [key, handler] of firsts) {
    if (!policyOf(handler)) {
      console.error(`route ${key} has no declared policy: refused`);
      throw forbidden();
    }
  }
  await next();
};
