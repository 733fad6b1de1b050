/** Request helpers shared by the report forms' API and pages. */
import type { Context, MiddlewareHandler } from "hono";
import { guardOf } from "../../auth/guard";
import { can } from "../../auth/policy";
import type { AppEnv } from "../../http/context";
import { changeMeta } from "../../pages/setup-bits";
import { notFound } from "../../platform/errors";
import { type FormVersionRow, loadFormVersion } from "./forms.queries";
import { createForm, directiveToManage, type FormVersionInput, saveFormVersion } from "./forms.service";

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

/* The forms' writes of the API and the pages, by the person of the request (their rights, recorded as theirs). */

/** The directive whose forms the person is to set up (refused unless they manage it). */
export const directiveToManageBy = (c: Context<AppEnv>, directiveId: string) =>
  directiveToManage(c.env.DB, guardOf(c), directiveId);

type CreateFormArgs = Parameters<typeof createForm>;
export const createFormBy = (c: Context<AppEnv>, directive: CreateFormArgs[1], input: CreateFormArgs[2]) =>
  createForm(c.env.DB, directive, input, changeMeta(c));

/** A stale base version is a `StaleFormError`, carrying the latest version. */
export const saveFormVersionBy = (c: Context<AppEnv>, familyId: string, input: FormVersionInput) =>
  saveFormVersion(c.env.DB, familyId, input, changeMeta(c));
