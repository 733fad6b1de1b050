/** The review pages' shared parts (JSX only). */

import { CsrfField } from "../../auth/page";
import type { WorkingCalendar } from "../../domain/calendar";
import { deadlineFromStored, formatSubmittedLateLabel, workingDaysLate } from "../../domain/deadline";
import { type DiffPart, displayValue, type ItemDiff } from "../../domain/diff";
import type { FormDefinition, FormValues } from "../../domain/form";
import { OBLIGATION_STATUS_LABELS, REVIEW_DECISION_LABELS } from "../../domain/status-labels";
import { formatDateTimeVi, formatDateVi } from "../../domain/time";
import { ColumnHeads, Submit } from "../../pages/page-bits";
import type { FieldError } from "../../platform/errors";
import type { ExtensionRequestRow } from "../reporting";
import type { DecisionRow, ExtensionRow, RemarkRow } from "./review.queries";

export const STATUS_LABELS = OBLIGATION_STATUS_LABELS;

const DECISION_LABELS: Record<DecisionRow["decision"], string> = REVIEW_DECISION_LABELS;

/** An obligation's deadline as stored (the nominal, the extension, the effective day). */
export interface StoredDue {
  dueOn: string;
  extendedDueOn: string | null;
  effectiveDueOn: string;
}

/**
 * On time, or late by how many working days: the domain's rule, against the deadline in force.
 * (The stored flag decides late or not; an extension granted after the submission leaves no count.)
 */
export function OnTimeBadge(props: {
  onTime: boolean | null;
  submittedAt: number | null;
  due: StoredDue;
  calendar: WorkingCalendar;
}) {
  const { onTime, submittedAt, due, calendar } = props;
  if (onTime === null) return <span class="muted">–</span>;
  if (onTime) return <span class="badge ok">Đúng hạn</span>;
  const deadline = deadlineFromStored(due.extendedDueOn ?? due.dueOn, due.effectiveDueOn);
  const late = submittedAt === null ? 0 : workingDaysLate(deadline, submittedAt, calendar);
  return <span class="badge bad">{formatSubmittedLateLabel(late)}</span>;
}

export function Paragraphs(props: { text: string }) {
  const parts = props.text.split(/\n+/).filter((p) => p.trim() !== "");
  if (parts.length === 0) return <p class="muted">(để trống)</p>;
  return (
    <>
      {parts.map((p) => (
        <p>{p}</p>
      ))}
    </>
  );
}

/** The values of a version laid out by form item. */
export function VersionValues(props: {
  form: FormDefinition;
  values: FormValues;
  comments?: Record<string, string>;
}) {
  return (
    <>
      {props.form.items.map((item) => {
        const value = displayValue(item, props.values[item.key]);
        const comment = props.comments?.[item.key];
        return (
          <section class="card" aria-labelledby={`item-${item.key}`}>
            <h3 id={`item-${item.key}`}>{item.label}</h3>
            {item.kind === "narrative" ? (
              <Paragraphs text={value} />
            ) : (
              <p>{value === "" ? <span class="muted">(để trống)</span> : value}</p>
            )}
            {comment ? (
              <p class="notice">
                <strong>Ý kiến:</strong> {comment}
              </p>
            ) : null}
          </section>
        );
      })}
    </>
  );
}

export function DecisionList(props: { decisions: DecisionRow[]; form: FormDefinition | null }) {
  const labelOf = new Map(props.form?.items.map((i) => [i.key, i.label]) ?? []);
  if (props.decisions.length === 0) return <p class="muted">Chưa có quyết định nào.</p>;
  return (
    <ol>
      {props.decisions.map((d) => (
        <li>
          <strong>{DECISION_LABELS[d.decision]}</strong>
          {d.versionNo ? ` (lần nộp ${d.versionNo})` : ""} – {formatDateTimeVi(d.createdAt)}
          {d.reviewerName ? `, ${d.reviewerName}` : ""}
          {d.decidedByName ? ` (${d.decidedByName})` : ""}
          {d.comments?.general ? <p>{d.comments.general}</p> : null}
          {Object.keys(d.comments?.sections ?? {}).length > 0 ? (
            <ul>
              {Object.entries(d.comments?.sections ?? {}).map(([key, comment]) => (
                <li>
                  <em>{labelOf.get(key) ?? key}:</em> {comment}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** Requests for more time from the reporting organisation, each linked to its decision page. */
export function ExtensionRequestList(props: { requests: ExtensionRequestRow[] }) {
  if (props.requests.length === 0) return null;
  return (
    <ul aria-label="Đề nghị gia hạn của đơn vị">
      {props.requests.map((r) => (
        <li>
          <a href={`/de-nghi-gia-han/${r.id}`}>
            Đề nghị gia hạn đến {formatDateVi(r.requestedDueOn)}
            {r.status === "pending" ? " (chờ quyết định)" : ""}
          </a>
          : {r.reason}
        </li>
      ))}
    </ul>
  );
}

export function ExtensionTable(props: { extensions: ExtensionRow[] }) {
  if (props.extensions.length === 0) return <p class="muted">Chưa gia hạn lần nào.</p>;
  return (
    <table>
      <ColumnHeads columns={["Ngày gia hạn", "Hạn cũ", "Hạn mới", "Lý do"]} />
      <tbody>
        {props.extensions.map((e) => (
          <tr>
            <td>
              {formatDateTimeVi(e.createdAt)}
              {e.grantedByName ? <span class="muted"> ({e.grantedByName})</span> : null}
            </td>
            <td>{formatDateVi(e.previousDueOn)}</td>
            <td>{formatDateVi(e.newDueOn)}</td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Field(props: {
  id: string;
  name: string;
  label: string;
  errors?: FieldError[];
  errorField?: string;
  value?: string;
  kind?: "textarea" | "date" | "text";
  required?: boolean;
  min?: string;
}) {
  const message = props.errors?.find((e) => e.field === (props.errorField ?? props.name))?.message;
  const describedBy = message ? `${props.id}-error` : undefined;
  return (
    <>
      <label for={props.id}>{props.label}</label>
      {props.kind === "textarea" ? (
        <textarea
          id={props.id}
          name={props.name}
          required={props.required}
          maxlength={5000}
          aria-invalid={message ? "true" : undefined}
          aria-describedby={describedBy}
        >
          {props.value ?? ""}
        </textarea>
      ) : (
        <input
          id={props.id}
          name={props.name}
          type={props.kind ?? "text"}
          required={props.required}
          min={props.min}
          value={props.value ?? ""}
          aria-invalid={message ? "true" : undefined}
          aria-describedby={describedBy}
        />
      )}
      {message ? (
        <p id={`${props.id}-error`} class="error">
          {message}
        </p>
      ) : null}
    </>
  );
}

export function RemarkSection(props: {
  remarks: RemarkRow[];
  /** Where the form posts, or null when this person may not comment. */
  action: string | null;
  csrf: string;
  errors?: FieldError[];
  value: string;
}) {
  if (props.remarks.length === 0 && !props.action) return null;
  return (
    <section aria-labelledby="y-kien">
      <h2 id="y-kien">Ý kiến của các Ban</h2>
      {props.remarks.length === 0 ? (
        <p class="muted">Chưa có ý kiến nào.</p>
      ) : (
        <ul>
          {props.remarks.map((r) => (
            <li>
              <strong>{r.organisationName}</strong> ({r.authorName}, {formatDateTimeVi(r.createdAt)}):{" "}
              {r.body}
            </li>
          ))}
        </ul>
      )}
      {props.action ? (
        <form method="post" action={props.action} class="card">
          <CsrfField token={props.csrf} />
          <Field
            id="remark"
            name="remark"
            label="Ý kiến của Ban (gửi cơ quan xem xét)"
            kind="textarea"
            required
            errors={props.errors}
            errorField="body"
            value={props.value}
          />
          <Submit>Ghi ý kiến</Submit>
        </form>
      ) : null}
    </section>
  );
}

export function WordDiff(props: { parts: DiffPart[] }) {
  return (
    <p>
      {props.parts.map((p) =>
        p.op === "equal" ? (
          p.text
        ) : p.op === "insert" ? (
          <ins>
            <span class="sr">[thêm] </span>
            {p.text}
          </ins>
        ) : (
          <del>
            <span class="sr">[bỏ] </span>
            {p.text}
          </del>
        ),
      )}
    </p>
  );
}

export function DiffItem(props: { item: ItemDiff }) {
  const { item } = props;
  return (
    <section class="card" aria-labelledby={`diff-${item.key}`}>
      <h3 id={`diff-${item.key}`}>
        {item.label} {item.changed ? <span class="badge warn">Có thay đổi</span> : null}
      </h3>
      {!item.changed ? (
        item.kind === "narrative" ? (
          <Paragraphs text={item.after} />
        ) : (
          <p>{item.after || <span class="muted">(để trống)</span>}</p>
        )
      ) : item.words ? (
        <WordDiff parts={item.words} />
      ) : (
        <p>
          Lần trước: <del>{item.before || "(để trống)"}</del>
          <br />
          Lần này: <ins>{item.after || "(để trống)"}</ins>
        </p>
      )}
    </section>
  );
}
