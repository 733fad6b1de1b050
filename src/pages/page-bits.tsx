/** Small shared pieces for the organisation, directive, plan and import pages. */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { renderPage } from "../auth/page";
import type { AppEnv } from "../http/context";
import { AppError } from "../platform/errors";
import { httpStatusOf } from "../platform/http-errors";

/** A form post that failed: the message, each field error, and a way back. */
export function formErrorPage(c: Context<AppEnv>, err: unknown, back: string) {
  if (!(err instanceof AppError)) throw err;
  return renderPage(
    c,
    "Chưa lưu được",
    <>
      <h1>Chưa lưu được</h1>
      <div role="alert" class="card">
        <p class="error">{err.message}</p>
        {err.fields.length ? (
          <ul>
            {err.fields.map((f) => (
              <li>
                <strong>{f.label ?? "Dữ liệu"}</strong>: {f.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <p>
        <a href={back}>Quay lại</a>
      </p>
    </>,
    httpStatusOf(err),
  );
}

/**
 * A form post's outcome: `run` makes the change and says where to go next (303); a failure is
 * what `onError` answers for it, else the page of errors, with a way back to `back`.
 */
export async function redirectOrErrors(
  c: Context<AppEnv>,
  back: string,
  run: () => Promise<string>,
  onError?: (err: unknown) => Response | undefined | Promise<Response | undefined>,
): Promise<Response> {
  try {
    return c.redirect(await run(), 303);
  } catch (err) {
    return (await onError?.(err)) ?? formErrorPage(c, err, back);
  }
}

export function Breadcrumbs(props: { items: { href?: string; label: string }[] }) {
  return (
    <nav aria-label="Đường dẫn" class="muted">
      {props.items.map((it, i) => (
        <>
          {i > 0 ? " › " : null}
          {it.href ? <a href={it.href}>{it.label}</a> : <span aria-current="page">{it.label}</span>}
        </>
      ))}
    </nav>
  );
}

/** The breadcrumbs of a page under an organisation's: Tổ chức › the organisation › `items`. */
export function OrgBreadcrumbs(props: {
  org: { id: string; name: string };
  items: { href?: string; label: string }[];
}) {
  const { org } = props;
  return (
    <Breadcrumbs
      items={[
        { href: "/to-chuc", label: "Tổ chức" },
        { href: `/to-chuc/${org.id}`, label: org.name },
        ...props.items,
      ]}
    />
  );
}

export const TONE_CLASS: Record<string, string> = {
  success: "ok",
  warning: "warn",
  danger: "bad",
  info: "",
  neutral: "muted",
};

/** A form's submit button on its own line. */
export function Submit(props: { children: Child }) {
  return (
    <p>
      <button type="submit">{props.children}</button>
    </p>
  );
}

/** What a form post just did ("Đã lưu…"), announced politely; nothing when there is no notice. */
export function Notice(props: { text?: string | null }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}

/** Why a form post failed, announced at once. */
export function Alert(props: { children: Child }) {
  return (
    <p class="error" role="alert">
      {props.children}
    </p>
  );
}

/** A checkbox with its label after it (`value` when several share a name). */
export function CheckBox(props: {
  id: string;
  name: string;
  value?: string;
  checked: boolean;
  children: Child;
}) {
  return (
    <label for={props.id} class="check">
      <input id={props.id} type="checkbox" name={props.name} value={props.value} checked={props.checked} />{" "}
      {props.children}
    </label>
  );
}

/** A field's error under its input, `<field>-error` (the id its input's `aria-describedby` names). */
export function FieldMessage(props: { field: string; message: string | undefined }) {
  return props.message ? (
    <p id={`${props.field}-error`} class="error">
      {props.message}
    </p>
  ) : null;
}

/** One labelled fact in a `<dl class="grid">`: its label above, its value below. */
export function Fact(props: { label: string; children: Child }) {
  return (
    <div>
      <dt class="muted">{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

/** A table's header row of plain column names. */
export function ColumnHeads(props: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => (
          <th scope="col">{c}</th>
        ))}
      </tr>
    </thead>
  );
}

/** A table's header row: the first column names the row, the others hold figures (right-aligned). */
export function FigureHead(props: { first: string; figures: string[] }) {
  return (
    <thead>
      <tr>
        <th scope="col">{props.first}</th>
        {props.figures.map((label) => (
          <th scope="col" class="num">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/**
 * A scrollable table of figures: `header` names the row column then the figures, each row is its
 * name then its figures (right-aligned), already formatted.
 */
export function FigureTable(props: { label: string; id?: string; header: string[]; rows: string[][] }) {
  const [first = "", ...figures] = props.header;
  return (
    <section class="scroll" tabindex={0} aria-label={props.label}>
      <table id={props.id}>
        <FigureHead first={first} figures={figures} />
        <tbody>
          {props.rows.map(([name, ...cells]) => (
            <tr>
              <th scope="row">{name}</th>
              {cells.map((cell) => (
                <td class="num">{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
