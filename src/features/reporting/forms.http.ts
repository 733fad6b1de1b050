/** Request helpers shared by the report forms' API and pages. */
import type { Context, MiddlewareHandler } from "hono";
import { can } from "../../auth/policy";
import type { AppEnv } from "../../http/context";
import { notFound } from "../../platform/errors";
import { type FormVersionRow, loadFormVersion } from "./forms.queries";

export const formNotFound = () => notFound("Không tìm thấy biểu mẫu");

/** Read once per request: the 404 middleware and the handler share the row. */
const loadedForms = new WeakMap<Request, Promise<FormVersionRow | null>>();

/** The form version `:id`, or 404. */
export async function mustLoadForm(c: Context<AppEnv>): Promise<FormVersionRow> {
  let loading = loadedForms.get(c.req.raw);
  if (!loading) {
    loading = loadFormVersion(c.env.DB, c.req.param("id") ?? "");
    loadedForms.set(c.req.raw, loading);
  }
  const f = await loading;
  if (!f) throw formNotFound();
  return f;
}

/** Middleware for `/api/forms/:id/…`: an unknown form is a 404 before its body is looked at. */
export const formMustExist: MiddlewareHandler<AppEnv> = async (c, next) => {
  await mustLoadForm(c);
  await next();
};

/** Whether the signed-in person may set up forms of an organisation at `path` (to show the edit links). */
export function mayManageAt(c: Context<AppEnv>, path: string | null): boolean {
  return can(c.var.principal, "directive.manage", path ?? undefined, { appEnv: c.var.config.appEnv });
}
