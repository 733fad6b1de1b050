/**
 * Shared pieces of the directive set-up pages (directives, forms, escalation policies, targets):
 * who may set up where, reading flat form posts, field errors next to their inputs, a stylesheet.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { publicRoute } from "../auth/guard";
import { scopeFor, scopeSql } from "../auth/policy";
import { clientIp } from "../auth/web";
import type { AppEnv } from "../http/context";
import type { FieldError } from "../http/errors";
import type { ChangeMeta } from "../services/directive-setup";

export const SETUP_CSS = `
.timeline{list-style:none;padding:0;margin:.5rem 0;border-left:3px solid var(--line)}
.timeline li{position:relative;padding:.25rem 0 .75rem 1.25rem}
.timeline li::before{content:"";position:absolute;left:-.55rem;top:.55rem;width:.8rem;height:.8rem;border-radius:50%;background:var(--link)}
.timeline li.due::before{background:var(--accent)}.timeline li.after::before{background:var(--bad)}
.timeline .when{font-weight:700}.axis text{font-size:11px;fill:#1b1f24}.axis line{stroke:#57606a}
fieldset{border:1px solid var(--line);border-radius:8px;margin:.75rem 0;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}.check{font-weight:400}.check input{width:auto}
.row-actions button{margin:.25rem .25rem 0 0}.field-error{color:var(--bad);font-weight:600;margin:.25rem 0}
.pill{display:inline-block;padding:0 .4rem;border-radius:4px;background:var(--bg);border:1px solid var(--line);font-size:.85rem}
`;

export const setupAssetRoutes = new Hono<AppEnv>();
setupAssetRoutes.get("/assets/setup.css", publicRoute(), (c) =>
  c.body(SETUP_CSS, 200, {
    "content-type": "text/css; charset=utf-8",
    "cache-control": "public, max-age=3600",
  }),
);

export function SetupStyles() {
  return <link rel="stylesheet" href="/assets/setup.css" />;
}

export function changeMeta(c: Context<AppEnv>): ChangeMeta {
  return { actor: c.var.principal!, now: c.var.now, ip: clientIp(c) };
}

/** Whether the signed-in person may set up directives anywhere (to show the set-up links). */
export function maySetUpAny(c: Context<AppEnv>): boolean {
  const s = scopeFor(c.var.principal, "directive.manage");
  return s.global || s.subtrees.length > 0 || s.exact.length > 0;
}

/** Committees the person may set directives up for (the owner of a directive, a policy, a target). */
export async function manageableCommittees(
  c: Context<AppEnv>,
  kinds: readonly string[] = ["secretariat", "central_committee", "provincial_committee", "committee"],
  limit = 300,
): Promise<{ id: string; name: string }[]> {
  const where = scopeSql(scopeFor(c.var.principal, "directive.manage"), "o");
  const { results } = await c.env.DB.prepare(
    `select o.id, o.name from organisations o where ${where.sql} and o.closed_on is null
       and o.kind in (${kinds.map(() => "?").join(",")}) order by o.level, o.sort_order, o.name limit ${limit}`,
  )
    .bind(...where.params, ...kinds)
    .all<{ id: string; name: string }>();
  return results;
}

/** A form post as flat strings (the CSRF field dropped; repeated names keep their first value). */
export async function flatForm(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === "_csrf") continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === "string") out[k] = first;
  }
  return out;
}

/** `"12"` -> 12, `""` -> undefined, anything else -> NaN (so zod says "phải là một số"). */
export function numberField(text: string | undefined): number | undefined {
  const t = (text ?? "").trim().replace(",", ".");
  if (t === "") return undefined;
  return Number(t);
}

export function errorsFor(errors: FieldError[] | undefined, field: string): string[] {
  return (errors ?? []).filter((e) => e.field === field).map((e) => e.message);
}

/** `aria-invalid` and `aria-describedby` for an input whose field has errors. */
export function invalidAttrs(errors: FieldError[] | undefined, field: string, id: string) {
  return errorsFor(errors, field).length ? { "aria-invalid": "true", "aria-describedby": `${id}-error` } : {};
}

export function FieldErrors(props: { errors: FieldError[] | undefined; field: string; id: string }) {
  const messages = errorsFor(props.errors, props.field);
  return messages.length ? (
    <p id={`${props.id}-error`} class="field-error">
      {messages.join("; ")}
    </p>
  ) : null;
}

/** The summary at the top of a form that did not save. */
export function ErrorSummary(props: { errors: FieldError[] | undefined; message?: string }) {
  if (!props.errors?.length && !props.message) return null;
  return (
    <div role="alert" class="card">
      <p class="error">{props.message ?? "Chưa lưu được: đồng chí vui lòng sửa các lỗi bên dưới."}</p>
      {props.errors?.length ? (
        <ul>
          {props.errors.map((e) => (
            <li>{e.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
