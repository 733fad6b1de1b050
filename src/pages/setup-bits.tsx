/**
 * Shared pieces of the directive set-up pages (directives, forms, escalation policies, targets):
 * who may set up where, reading flat form posts, field errors next to their inputs, a stylesheet.
 */
import type { Context } from "hono";
import type { Child, JSX } from "hono/jsx";
import { scopeFor } from "../auth/policy";
import { clientIp } from "../auth/web";
import { fieldNumber } from "../domain/numbers";
import type { ChangeMeta } from "../features/directives";
import type { AppEnv } from "../http/context";
import type { FieldError } from "../platform/errors";

/** The stylesheet of these pages, a static asset (public/assets/setup.css). */
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
  return fieldNumber(text) ?? undefined;
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

/**
 * A labelled input marked invalid, with its messages under it, when its field has errors; `field`
 * names the field when it is not the input's name. Other attributes go on the input as given.
 */
export function LabelledInput(
  props: { id: string; name: string; label: string; errors: FieldError[] | undefined; field?: string } & Omit<
    JSX.IntrinsicElements["input"],
    "id" | "name"
  >,
) {
  const { id, name, label, errors, field = name, ...attrs } = props;
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} name={name} {...attrs} {...invalidAttrs(errors, field, id)} />
      <FieldErrors errors={errors} field={field} id={id} />
    </>
  );
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

/**
 * A secondary button that posts the form with `intent` (add a row, remove one, move one) and
 * skips the browser's validation, since the form is only being edited.
 */
export function IntentButton(props: { intent: string; disabled?: boolean; children: Child }) {
  return (
    <button
      type="submit"
      name="intent"
      value={props.intent}
      class="secondary"
      formnovalidate
      disabled={props.disabled}
    >
      {props.children}
    </button>
  );
}

/** The form's main button: posts it with intent `save`. */
export function SaveButton(props: { children: Child }) {
  return (
    <button type="submit" name="intent" value="save">
      {props.children}
    </button>
  );
}
