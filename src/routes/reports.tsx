/**
 * What a committee secretary does: open the report of a period, fill it in (drafts saved as
 * one types, or with the "Lưu nháp" button without JavaScript), submit it and get a receipt,
 * attach the signed scan. Pages and their JSON twins under /api/obligations.
 */
import { type Context, Hono } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";
import { auditStatement } from "../audit";
import { authorize, type OrgRef, orgOfRow, requirePolicy, signedIn } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can, scopeSql } from "../auth/policy";
import { csrfTokenFor } from "../auth/web";
import { loadCalendar } from "../db/calendar";
import type { ObligationStatus } from "../db/schema";
import {
  deadlineFromStored,
  deadlineStanding,
  formatStanding,
  formatStoredDeadline,
  formatSubmittedLate,
  workingDaysLeftSigned,
} from "../domain/deadline";
import {
  buildValuesSchema,
  type FormDefinition,
  type FormItem,
  type FormValues,
  numberBounds,
} from "../domain/form";
import { canonicalContent, numberInputText, readRawValues } from "../domain/form-input";
import { formatViNumber } from "../domain/numbers";
import { reportDocumentSchema } from "../domain/report-document";
import { formatDateVi, localDate, localHour, localMinute } from "../domain/time";
import { sendNotifications } from "../email/ledger";
import {
  type Actor,
  contentDisposition,
  daysLate,
  deadlineText,
  displayValue,
  EDITABLE_STATUSES,
  errorId,
  errorsByItem,
  fieldId,
  formatSize,
  indicatorCodeValues,
  indicatorIdsByCode,
  loadReportContext,
  MAX_ATTACHMENT_BYTES,
  parseContent,
  type ReportContext,
  ReportingError,
  recordReceipts,
  STATUS_LABELS,
  SubmitConflictError,
  sanitiseFilename,
  saveDraft,
  sha256OfBytes,
  sniffType,
  submitReport,
  type VersionRow,
  valuesFromForm,
} from "../features/reporting";
import type { AppEnv } from "../http/context";
import { deferFor } from "../http/defer";
import { newId } from "../ids";
import {
  AppError,
  type FieldError,
  fieldErrorsFromZod,
  MAX_FIELD_ERRORS,
  notFound,
  validationError,
} from "../platform/errors";
import { extensionRequestsOf } from "../services/extension-requests";
import { ExtensionRequestSection } from "./extension-requests";

export const reportRoutes = new Hono<AppEnv>();

const obligationOrg = orgOfRow("obligations", "id");

/** The organisation of an attachment, through its obligation. */
const attachmentOrg = async (c: Context<AppEnv>): Promise<OrgRef | null> =>
  c.env.DB.prepare(
    `select o.id, o.path from attachments a join obligations ob on ob.id = a.obligation_id
     join organisations o on o.id = ob.organisation_id where a.id = ?`,
  )
    .bind(c.req.param("attachmentId") ?? "")
    .first<OrgRef>();

/** Where the page keeps a copy of unsaved text on this machine (until the server confirms it). */
export const localCopyKey = (obligationId: string) => `bao-cao:${obligationId}`;

/** dd/mm/yyyy HH:mm in Vietnam time (the receipt's format). */
export function formatReceiptTime(ms: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${formatDateVi(localDate(ms))} ${pad(localHour(ms))}:${pad(localMinute(ms))}`;
}

function actorOf(c: Context<AppEnv>): Actor {
  const p = c.var.principal;
  return { personId: p?.personId ?? null, kind: p?.kind === "token" ? "token" : "person" };
}

function wantsPage(c: Context<AppEnv>): boolean {
  return !c.req.path.startsWith("/api/") && (c.req.header("accept") ?? "").includes("text/html");
}

async function contextOr404(c: Context<AppEnv>): Promise<ReportContext> {
  const ctx = await loadReportContext(c.env.DB, c.req.param("id") ?? "");
  if (!ctx) throw notFound("Không tìm thấy báo cáo");
  return ctx;
}

function formOf(ctx: ReportContext): FormDefinition {
  if (!ctx.form)
    throw new AppError(
      "conflict",
      "form_invalid",
      "Biểu mẫu báo cáo của lịch này bị lỗi; vui lòng báo quản trị",
    );
  return ctx.form;
}

const mayDraft = (c: Context<AppEnv>, ctx: ReportContext) =>
  can(c.var.principal, "report.draft", ctx.organisation.path, { appEnv: c.var.config.appEnv });

/** Submit: `report.submit`, or a reporter (`report.draft`) when the schedule lets reporters submit. */
function submitRight(c: Context<AppEnv>, ctx: ReportContext): "yes" | "not_reporter" | "no" {
  const appCtx = { appEnv: c.var.config.appEnv };
  if (can(c.var.principal, "report.submit", ctx.organisation.path, appCtx)) return "yes";
  if (mayDraft(c, ctx)) return ctx.schedule.reporter_may_submit ? "yes" : "not_reporter";
  return "no";
}

// ---------------------------------------------------------------------------------------------
// Page rendering

interface PageState {
  values: FormValues;
  errors?: FieldError[];
  /** The errors are those of a saved draft (they block submitting, not saving). */
  errorsAreDraft?: boolean;
  baseRevision: number;
  /**
   * A stale save or submit: the newer draft someone saved (`draft`), or the text already
   * submitted (`submitted`), shown beside the person's own text.
   */
  conflict?: {
    values: FormValues;
    byName: string | null;
    at: number;
    kind?: "draft" | "submitted";
    action?: "save" | "submit";
  } | null;
  notice?: string | null;
  uploadError?: string | null;
}

function timeliness(ctx: ReportContext, now: number): { text: string; cls: string } {
  const ob = ctx.obligation;
  if (ctx.version && (ob.status === "submitted" || ob.status === "accepted")) {
    const late = daysLate(ctx, ctx.version.submitted_at);
    return late === 0
      ? { text: "Nộp đúng hạn", cls: "ok" }
      : { text: capitalise(formatSubmittedLate(late)), cls: "bad" };
  }
  if (ob.status === "waived") return { text: "Không phải nộp", cls: "muted" };
  const standing = deadlineStanding(ctx.deadline, now, ctx.calendar);
  const text = capitalise(formatStanding(standing));
  if (standing.kind === "overdue") return { text, cls: "bad" };
  if (standing.kind === "due_today") return { text, cls: "warn" };
  return { text, cls: standing.workingDaysLeft <= 3 ? "warn" : "ok" };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function Facts(props: { ctx: ReportContext; now: number }) {
  const { ctx, now } = props;
  const ob = ctx.obligation;
  const t = timeliness(ctx, now);
  return (
    <dl class="facts">
      <dt>Tổ chức</dt>
      <dd>{ctx.organisation.name}</dd>
      <dt>Kỳ báo cáo</dt>
      <dd>{ctx.period.label}</dd>
      <dt>Thời gian chốt số liệu</dt>
      <dd>
        từ {formatDateVi(ctx.period.cutoff_start)} đến {formatDateVi(ctx.period.cutoff_end)}
      </dd>
      <dt>Hạn nộp</dt>
      <dd>
        <strong>{deadlineText(ctx)}</strong>
        {ob.extended_due_on && ctx.extension ? (
          <>
            {" "}
            (đã gia hạn từ {formatDateVi(ctx.extension.previous_due_on)}; lý do: {ctx.extension.reason})
          </>
        ) : null}
      </dd>
      <dt>Trạng thái</dt>
      <dd>
        <strong>{STATUS_LABELS[ob.status]}</strong> · <span class={t.cls}>{t.text}</span>
      </dd>
      {ctx.version ? (
        <>
          <dt>Lần nộp gần nhất</dt>
          <dd>
            {formatReceiptTime(ctx.version.submitted_at)}, số tiếp nhận {ctx.version.receipt_no} (
            <a href={`/bao-cao/${ob.id}/bien-nhan`}>xem giấy biên nhận</a>;{" "}
            <a href={`/bao-cao/${ob.id}/van-ban`}>bản in theo thể thức văn bản</a>)
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function describedBy(...ids: (string | null | false | undefined)[]): string | undefined {
  const list = ids.filter((x): x is string => typeof x === "string" && x !== "");
  return list.length > 0 ? list.join(" ") : undefined;
}

function ErrorText(props: { field: string; errors: FieldError[] }) {
  const e = props.errors.filter((x) => x.field === props.field);
  if (e.length === 0) return null;
  return (
    <p class="error" id={errorId(props.field)}>
      {e.map((x) => x.message).join(". ")}
    </p>
  );
}

function ItemInput(props: {
  item: FormItem;
  value: FormValues[string];
  errors: FieldError[];
  comment: string | undefined;
  previous: { label: string; value: FormValues[string] } | null;
}) {
  const { item, value, errors, comment, previous } = props;
  const key = item.key;
  const req = item.required ? " (bắt buộc)" : "";
  const helpId = item.help ? `help-${key}` : null;
  const cmtId = comment ? `cmt-${key}` : null;
  const prevId = previous ? `prev-${key}` : null;
  const has = (field: string) => errors.some((e) => e.field === field);
  const Extra = () => (
    <>
      {item.help ? (
        <p class="muted" id={helpId ?? undefined}>
          {item.help}
        </p>
      ) : null}
      {comment ? (
        <p class="comment" id={cmtId ?? undefined}>
          <strong>Ý kiến của cơ quan xem xét:</strong> {comment}
        </p>
      ) : null}
    </>
  );
  const Prev = () =>
    previous ? (
      <p class="prev muted" id={prevId ?? undefined}>
        Kỳ trước ({previous.label}): {displayValue(item, previous.value)}
      </p>
    ) : null;
  if (item.kind === "narrative") {
    return (
      <div class="item" id={`item-${key}`}>
        <label for={fieldId(key)} data-label-for={key}>
          {item.label}
          {req}
        </label>
        <Extra />
        <textarea
          id={fieldId(key)}
          name={key}
          data-item={key}
          data-kind="narrative"
          maxlength={item.maxLength}
          required={item.required}
          aria-invalid={has(key) ? "true" : undefined}
          aria-describedby={describedBy(has(key) && errorId(key), helpId, cmtId, prevId)}
        >
          {typeof value === "string" ? value : ""}
        </textarea>
        <ErrorText field={key} errors={errors} />
        <Prev />
      </div>
    );
  }
  if (item.kind === "number") {
    const { min, max } = numberBounds(item);
    const n = (x: number) => formatViNumber(x, { maxFractionDigits: 4 });
    const bounds =
      min !== null && max !== null
        ? `từ ${n(min)} đến ${n(max)}`
        : min !== null
          ? `tối thiểu ${n(min)}`
          : max !== null
            ? `tối đa ${n(max)}`
            : "";
    const boundsId = `bounds-${key}`;
    return (
      <div class="item" id={`item-${key}`}>
        <label for={fieldId(key)} data-label-for={key}>
          {item.label} ({item.unit}){req}
        </label>
        <Extra />
        <div class="unit">
          {/* Text, not type=number: browsers drop "95,54" and "8.700.000" from number inputs. */}
          <input
            type="text"
            id={fieldId(key)}
            name={key}
            data-item={key}
            data-kind="number"
            inputmode={item.valueKind === "integer" ? "numeric" : "decimal"}
            autocomplete="off"
            spellcheck={false}
            required={item.required}
            value={numberInputText(value)}
            aria-invalid={has(key) ? "true" : undefined}
            aria-describedby={describedBy(
              has(key) && errorId(key),
              bounds && boundsId,
              helpId,
              cmtId,
              prevId,
            )}
          />
          <span aria-hidden="true">{item.unit}</span>
        </div>
        {bounds ? (
          <p class="muted" id={boundsId}>
            Giá trị {bounds}
            {item.valueKind === "integer"
              ? ", số nguyên"
              : ", dùng dấu phẩy cho phần thập phân (ví dụ 95,54)"}
            .
          </p>
        ) : null}
        <ErrorText field={key} errors={errors} />
        <Prev />
      </div>
    );
  }
  const v = value && typeof value === "object" ? value : { answer: null, documentRef: null };
  const answerErr = has(key) ? errorId(key) : has(`${key}.answer`) ? errorId(`${key}.answer`) : null;
  const refField = `${key}.documentRef`;
  return (
    <div class="item" id={`item-${key}`}>
      <fieldset
        data-item={key}
        data-kind="yesno"
        aria-describedby={describedBy(answerErr, helpId, cmtId, prevId)}
        aria-invalid={answerErr ? "true" : undefined}
      >
        <legend data-label-for={key}>
          {item.label}
          {req}
        </legend>
        <Extra />
        <div class="choice">
          <label for={fieldId(key, "yes")}>
            <input
              type="radio"
              id={fieldId(key, "yes")}
              name={key}
              value="yes"
              checked={v.answer === true}
              required={item.required}
            />
            Có
          </label>
          <label for={fieldId(key, "no")}>
            <input type="radio" id={fieldId(key, "no")} name={key} value="no" checked={v.answer === false} />
            Không
          </label>
        </div>
        <ErrorText field={key} errors={errors} />
        <ErrorText field={`${key}.answer`} errors={errors} />
        <label for={fieldId(key, "documentRef")}>
          Số hiệu văn bản{item.requiresDocumentRef ? " (bắt buộc nếu chọn Có)" : " (nếu có)"}
        </label>
        <input
          type="text"
          id={fieldId(key, "documentRef")}
          name={refField}
          data-ref="1"
          value={v.documentRef ?? ""}
          autocomplete="off"
          aria-invalid={has(refField) ? "true" : undefined}
          aria-describedby={describedBy(has(refField) && errorId(refField))}
        />
        <ErrorText field={refField} errors={errors} />
        <Prev />
      </fieldset>
    </div>
  );
}

function ReadOnlyItems(props: { form: FormDefinition; values: FormValues; ctx: ReportContext }) {
  const { form, values, ctx } = props;
  return (
    <>
      {form.items.map((item) => (
        <div class="item">
          <h3>{item.label}</h3>
          <p class="theirs">{displayValue(item, values[item.key])}</p>
          {ctx.previous ? (
            <p class="prev muted">
              Kỳ trước ({ctx.previous.label}): {displayValue(item, ctx.previous.values[item.key])}
            </p>
          ) : null}
        </div>
      ))}
    </>
  );
}

function Attachments(props: {
  ctx: ReportContext;
  canUpload: boolean;
  csrf: string;
  error: string | null | undefined;
}) {
  const { ctx, canUpload, csrf, error } = props;
  return (
    <section aria-labelledby="tep-h" id="tep">
      <h2 id="tep-h">Tệp đính kèm (bản ký, đóng dấu)</h2>
      {ctx.attachments.length === 0 ? (
        <p class="muted">Chưa có tệp đính kèm.</p>
      ) : (
        <ul>
          {ctx.attachments.map((a) => (
            <li>
              <a href={`/tep/${a.id}`}>{a.filename}</a> ({formatSize(a.size)},{" "}
              {formatReceiptTime(a.created_at)}
              {a.uploaded_by_name ? `, ${a.uploaded_by_name}` : ""})
            </li>
          ))}
        </ul>
      )}
      {canUpload ? (
        <form method="post" action={`/bao-cao/${ctx.obligation.id}/tep`} enctype="multipart/form-data">
          <CsrfField token={csrf} />
          <label for="f-file">Chọn tệp PDF, JPEG hoặc PNG (tối đa 10 MB)</label>
          <input
            type="file"
            id="f-file"
            name="file"
            accept="application/pdf,image/jpeg,image/png"
            required
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "err-file" : undefined}
          />
          {error ? (
            <p class="error" id="err-file" role="alert">
              {error}
            </p>
          ) : null}
          <p>
            <button type="submit" class="secondary">
              Tải tệp lên
            </button>
          </p>
        </form>
      ) : null}
    </section>
  );
}

/** Both texts, item by item where they differ: nothing typed is lost, and the person decides. */
function ConflictCard(props: {
  conflict: NonNullable<PageState["conflict"]>;
  values: FormValues;
  form: FormDefinition | null;
}) {
  const { conflict, values, form } = props;
  const who = conflict.byName ?? "Một người khác";
  const submitted = conflict.kind === "submitted";
  const differing = (form?.items ?? []).filter(
    (item) => displayValue(item, conflict.values[item.key]) !== displayValue(item, values[item.key]),
  );
  return (
    <section class="card conflict" id="conflict" aria-labelledby="conflict-h" role="alert">
      <h2 id="conflict-h">
        {submitted
          ? "Báo cáo đã được nộp với nội dung khác, bản của đồng chí chưa được nộp"
          : conflict.action === "submit"
            ? "Bản nháp đã thay đổi sau khi đồng chí mở trang, báo cáo chưa được nộp"
            : "Có người khác vừa lưu bản nháp"}
      </h2>
      <p>
        {submitted
          ? `${who} đã nộp báo cáo lúc ${formatReceiptTime(conflict.at)}. Bản của đồng chí vẫn còn nguyên dưới đây; hãy đối chiếu và liên hệ cơ quan xem xét nếu cần nộp lại.`
          : `${who} đã lưu bản nháp lúc ${formatReceiptTime(conflict.at)}, sau khi đồng chí mở trang. Bản của đồng chí vẫn nằm trong biểu mẫu bên dưới (chưa lưu); bản của người kia ở đây. Hãy đối chiếu, rồi bấm “Lưu nháp” hoặc “Nộp báo cáo” để dùng bản trong biểu mẫu.`}
      </p>
      {differing.length === 0 ? <p class="muted">Hai bản có nội dung giống nhau.</p> : null}
      {differing.map((item) => (
        <div class="both">
          <h3>{item.label}</h3>
          <div>
            <h4>{submitted ? "Bản đã nộp" : `Bản đã lưu của ${who}`}</h4>
            <p class="theirs" data-side="theirs">
              {displayValue(item, conflict.values[item.key]) || "(trống)"}
            </p>
          </div>
          <div>
            <h4>Bản của đồng chí</h4>
            <p class="theirs" data-side="yours">
              {displayValue(item, values[item.key]) || "(trống)"}
            </p>
          </div>
        </div>
      ))}
    </section>
  );
}

async function reportPage(
  c: Context<AppEnv>,
  ctx: ReportContext,
  state: PageState,
  status: ContentfulStatusCode = 200,
) {
  const ob = ctx.obligation;
  const form = ctx.form;
  const csrf = await csrfTokenFor(c);
  const editable = EDITABLE_STATUSES.includes(ob.status) && mayDraft(c, ctx) && form !== null;
  const extensionRequests = await extensionRequestsOf(c.env.DB, ob.id);
  const right = submitRight(c, ctx);
  const appCtx = { appEnv: c.var.config.appEnv };
  const canUpload =
    can(c.var.principal, "attachment.upload", ctx.organisation.path, appCtx) &&
    ob.status !== "accepted" &&
    ob.status !== "waived";
  const errors = state.errors ?? [];
  const byItem = errorsByItem(errors);
  const sectionComments = ctx.returned?.comments.sections ?? {};
  const itemLabel = (key: string) => form?.items.find((i) => i.key === key)?.label ?? key;
  const body: Child = (
    <>
      <link rel="stylesheet" href="/assets/report.css" />
      <p class="noprint">
        <a href="/">← Việc cần làm</a>
      </p>
      <h1>{ctx.schedule.name}</h1>
      <Facts ctx={ctx} now={c.var.now} />
      {state.notice ? (
        <p class="notice" role="status">
          {state.notice}
        </p>
      ) : null}
      {ctx.returned ? (
        <section class="card" aria-labelledby="returned-h">
          <h2 id="returned-h">Báo cáo bị trả lại để chỉnh sửa</h2>
          <p>
            {ctx.returned.reviewerName ? `${ctx.returned.reviewerName}, ` : ""}
            {formatReceiptTime(ctx.returned.at)}
          </p>
          {ctx.returned.comments.general ? <p class="comment">{ctx.returned.comments.general}</p> : null}
          {Object.keys(sectionComments).length > 0 ? (
            <ul>
              {Object.entries(sectionComments).map(([key, text]) => (
                <li>
                  <a href={`#item-${key}`}>{itemLabel(key)}</a>: {text}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {errors.length > 0 ? (
        <section
          class="card"
          id="error-summary"
          role={state.errorsAreDraft ? undefined : "alert"}
          aria-labelledby="errors-h"
          tabindex={-1}
          data-errors={state.errorsAreDraft ? "draft" : "submit"}
        >
          <h2 id="errors-h" class="error">
            {state.errorsAreDraft
              ? `Bản nháp đã lưu đủ nội dung; còn ${errors.length} mục cần sửa trước khi nộp`
              : `Báo cáo chưa hợp lệ, chưa nộp (${errors.length} lỗi)`}
          </h2>
          <ul>
            {errors.map((e) => {
              const key = e.field.split(".")[0] ?? e.field;
              const item = form?.items.find((i) => i.key === key);
              const target =
                item?.kind === "yesno"
                  ? e.field.endsWith(".documentRef")
                    ? fieldId(key, "documentRef")
                    : fieldId(key, "yes")
                  : fieldId(key);
              return (
                <li>
                  <a href={`#${target}`}>{item ? item.label : e.field}</a>: {e.message}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {state.conflict ? <ConflictCard conflict={state.conflict} values={state.values} form={form} /> : null}
      {!form ? (
        <p class="error">Biểu mẫu báo cáo của lịch này bị lỗi; vui lòng báo quản trị hệ thống.</p>
      ) : editable ? (
        <form
          id="report-form"
          method="post"
          action={`/bao-cao/${ob.id}/nhap`}
          data-draft-url={`/api/obligations/${ob.id}/draft`}
          data-local-key={localCopyKey(ob.id)}
          novalidate
        >
          <CsrfField token={csrf} />
          <input type="hidden" name="baseRevision" value={String(state.baseRevision)} />
          <h2>{form.title ?? "Nội dung báo cáo"}</h2>
          <p class="muted">
            Các mục ghi “(bắt buộc)” phải điền trước khi nộp. Bản nháp được lưu tự động khi gõ.
          </p>
          {form.items.map((item, index) => (
            <>
              {/* A form built with sections: a heading where a new section starts. */}
              {item.section && item.section !== form.items[index - 1]?.section ? (
                <h3>{item.section}</h3>
              ) : null}
              <ItemInput
                item={item}
                value={state.values[item.key]}
                errors={byItem.get(item.key) ?? []}
                comment={sectionComments[item.key]}
                previous={
                  ctx.previous ? { label: ctx.previous.label, value: ctx.previous.values[item.key] } : null
                }
              />
            </>
          ))}
          {right === "yes" ? <ReportDocumentFields errors={state.errors ?? []} /> : null}
          <div id="autosave-conflict" class="card" hidden aria-live="polite" />
          <div id="local-copy" class="card" hidden role="status">
            <p>
              Máy này còn giữ nội dung đồng chí gõ lúc <span data-when /> mà máy chủ chưa lưu được (bản nháp
              trên máy chủ đã thay đổi sau đó).
            </p>
            <p>
              <button type="button" data-restore>
                Khôi phục nội dung trên máy này
              </button>{" "}
              <button type="button" class="secondary" data-discard>
                Bỏ bản trên máy này
              </button>
            </p>
          </div>
          <div class="actions">
            {/* Its own full-width line above the buttons, one line always reserved, so the
                buttons never move under a finger when the autosave text changes. */}
            <span id="autosave-status" role="status" aria-live="polite">
              {ctx.draft ? `Đã lưu lúc ${formatReceiptTime(ctx.draft.updatedAt)}` : ""}
            </span>
            <button type="submit" class="secondary">
              Lưu nháp
            </button>
            {right === "yes" ? (
              <button type="submit" formaction={`/bao-cao/${ob.id}/nop`}>
                Nộp báo cáo
              </button>
            ) : (
              <span class="muted">
                Chuyên viên Văn phòng không được nộp; Bí thư, Phó Bí thư hoặc Chánh Văn phòng cấp ủy sẽ nộp.
              </span>
            )}
          </div>
        </form>
      ) : (
        <section aria-labelledby="content-h">
          <h2 id="content-h">Nội dung báo cáo</h2>
          {ob.status === "submitted" || ob.status === "accepted" ? (
            <p class="muted">Báo cáo đã nộp; chỉ xem, không sửa được.</p>
          ) : null}
          <ReadOnlyItems
            form={form}
            values={state.conflict?.kind === "submitted" ? state.conflict.values : state.values}
            ctx={ctx}
          />
        </section>
      )}
      {editable || extensionRequests.length ? (
        <ExtensionRequestSection
          obligationId={ob.id}
          requests={extensionRequests}
          mayAsk={editable}
          csrf={csrf}
        />
      ) : null}
      <Attachments ctx={ctx} canUpload={canUpload} csrf={csrf} error={state.uploadError} />
      {editable ? <script src="/assets/report-form.js" defer /> : null}
    </>
  );
  return renderPage(c, `${ctx.schedule.name} – ${ctx.organisation.name}`, body, status);
}

/** The report's own number, date and signer, filled in when it is submitted. */
function ReportDocumentFields(props: { errors: FieldError[] }) {
  const errorOf = (f: string) => props.errors.find((e) => e.field === `document.${f}`)?.message;
  const field = (name: string, label: string, input: Child) => (
    <div>
      <label for={`doc-${name}`}>{label}</label>
      {input}
      {errorOf(name) ? (
        <p class="error" id={`doc-${name}-error`}>
          {errorOf(name)}
        </p>
      ) : null}
    </div>
  );
  return (
    <fieldset>
      <legend>Số, ngày và người ký báo cáo (ghi khi nộp bản đã ký)</legend>
      {field(
        "number",
        "Số báo cáo (ví dụ 125-BC/TU)",
        <input id="doc-number" name="documentNumber" maxlength={60} />,
      )}
      {field("date", "Ngày báo cáo", <input id="doc-date" name="documentDate" type="date" />)}
      {field(
        "signerName",
        "Họ và tên người ký",
        <input id="doc-signerName" name="signerName" maxlength={100} />,
      )}
      {field(
        "signerRole",
        "Chức vụ người ký",
        <select id="doc-signerRole" name="signerRole">
          <option value="">Chưa ghi</option>
          <option value="head">Bí thư (người đứng đầu)</option>
          <option value="deputy">Phó Bí thư (cấp phó)</option>
        </select>,
      )}
    </fieldset>
  );
}

/** The values the page shows: the draft, else the latest submitted version. */
function currentValues(ctx: ReportContext): FormValues {
  if (ctx.draftValues) return ctx.draftValues;
  return ctx.version ? parseContent(ctx.version.content) : {};
}

/**
 * What stands between the draft and submission (types, bounds, document numbers, the form's
 * cross-field rules), shown next to the fields; missing required items are left to the submit.
 */
function draftIssues(form: FormDefinition | null, values: FormValues): FieldError[] {
  if (!form) return [];
  const parsed = buildValuesSchema(form, "draft").safeParse(values);
  return parsed.success ? [] : fieldErrorsFromZod(parsed.error);
}

reportRoutes.get("/bao-cao/:id", requirePolicy("report.read", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const saved = c.req.query("da-luu") !== undefined;
  const uploaded = c.req.query("da-tai-len") !== undefined;
  const values = currentValues(ctx);
  const editable = EDITABLE_STATUSES.includes(ctx.obligation.status);
  const issues = editable && ctx.draftValues ? draftIssues(ctx.form, values) : [];
  return reportPage(c, ctx, {
    values,
    errors: issues,
    errorsAreDraft: true,
    baseRevision: ctx.draft?.revision ?? 0,
    notice: saved
      ? `Đã lưu bản nháp lúc ${formatReceiptTime(ctx.draft?.updatedAt ?? c.var.now)}.${issues.length > 0 ? ` Còn ${issues.length} mục cần sửa trước khi nộp.` : ""}`
      : uploaded
        ? "Đã tải tệp lên."
        : null,
  });
});

// ---------------------------------------------------------------------------------------------
// Drafts

export const draftBody = z.object({
  values: z.record(z.string(), z.unknown()),
  baseRevision: z.number().int().min(0),
});

interface CurrentDraft {
  values: FormValues;
  revision: number;
  updatedBy: string | null;
  updatedAt: number;
  updatedByName: string | null;
}

type DraftOutcome =
  | { kind: "saved"; revision: number; savedAt: number; issues: FieldError[] }
  | { kind: "invalid"; fields: FieldError[]; more: number }
  | { kind: "conflict"; current: CurrentDraft }
  | { kind: "locked" };

async function personName(db: D1Database, id: string | null): Promise<string | null> {
  if (!id) return null;
  const row = await db
    .prepare("select full_name from people where id = ?")
    .bind(id)
    .first<{ full_name: string }>();
  return row?.full_name ?? null;
}

/**
 * Saves what the person typed, valid or not: only input that no form field could produce
 * (unknown keys, objects where text belongs) is refused. The validation issues come back with
 * the saved revision; they block submission, never the save.
 */
async function doSaveDraft(
  c: Context<AppEnv>,
  ctx: ReportContext,
  raw: unknown,
  baseRevision: number,
): Promise<{ outcome: DraftOutcome; values: FormValues }> {
  const form = formOf(ctx);
  const read = readRawValues(form, raw);
  if (!read.ok) {
    return { outcome: { kind: "invalid", fields: read.errors, more: read.more }, values: {} };
  }
  const values = read.values;
  const result = await saveDraft(c.env.DB, {
    obligationId: ctx.obligation.id,
    content: canonicalContent(form, values),
    baseRevision,
    actor: actorOf(c),
    now: c.var.now,
  });
  if (result.ok) {
    return {
      outcome: {
        kind: "saved",
        revision: result.revision,
        savedAt: c.var.now,
        issues: draftIssues(form, values),
      },
      values,
    };
  }
  if (result.reason === "locked" || !result.conflict) {
    // No draft to conflict with: the report is no longer editable (submitted, accepted, waived).
    return { outcome: { kind: "locked" }, values };
  }
  const cur = result.conflict;
  return {
    outcome: {
      kind: "conflict",
      current: {
        values: parseContent(cur.content),
        revision: cur.revision,
        updatedBy: cur.updatedBy,
        updatedAt: cur.updatedAt,
        updatedByName: await personName(c.env.DB, cur.updatedBy),
      },
    },
    values,
  };
}

const lockedError = () =>
  new AppError("conflict", "report_locked", "Báo cáo đã nộp hoặc đã được xử lý, không sửa bản nháp được nữa");

const shapeError = (fields: FieldError[], more: number) =>
  new AppError("invalid", "validation_failed", "Nội dung gửi lên không khớp với biểu mẫu", fields, more);

/** The issues of a saved draft, bounded like every error list. */
function boundedIssues(issues: FieldError[]): { fields: FieldError[]; moreFields?: number } {
  return issues.length > MAX_FIELD_ERRORS
    ? { fields: issues.slice(0, MAX_FIELD_ERRORS), moreFields: issues.length - MAX_FIELD_ERRORS }
    : { fields: issues };
}

reportRoutes.put("/api/obligations/:id/draft", requirePolicy("report.draft", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const body = draftBody.safeParse(await c.req.json().catch(() => null));
  if (!body.success) {
    throw new AppError(
      "malformed",
      "bad_request",
      "Nội dung gửi lên phải là { values, baseRevision }",
      fieldErrorsFromZod(body.error),
    );
  }
  const { outcome, values } = await doSaveDraft(c, ctx, body.data.values, body.data.baseRevision);
  switch (outcome.kind) {
    case "saved":
      return c.json({
        revision: outcome.revision,
        savedAt: outcome.savedAt,
        ...boundedIssues(outcome.issues),
      });
    case "invalid":
      throw shapeError(outcome.fields, outcome.more);
    case "locked":
      throw lockedError();
    case "conflict":
      return c.json(
        {
          error: {
            code: "draft_conflict",
            message:
              "Có người khác vừa lưu bản nháp này. Bản của đồng chí chưa được lưu; hãy đối chiếu hai bản.",
            fields: [],
          },
          current: outcome.current,
          yours: { values, baseRevision: body.data.baseRevision },
        },
        409,
      );
  }
});

function postedRevision(posted: Record<string, unknown>): number {
  const n = Number.parseInt(String(posted.baseRevision ?? "0"), 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

reportRoutes.post("/bao-cao/:id/nhap", requirePolicy("report.draft", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const form = formOf(ctx);
  const posted = await c.req.parseBody({ all: true });
  const raw = valuesFromForm(form, posted);
  const baseRevision = postedRevision(posted);
  const { outcome, values } = await doSaveDraft(c, ctx, raw, baseRevision);
  if (outcome.kind === "saved") return c.redirect(`/bao-cao/${ctx.obligation.id}?da-luu=1`, 303);
  if (outcome.kind === "locked") throw lockedError();
  if (outcome.kind === "invalid") throw shapeError(outcome.fields, outcome.more);
  if (!wantsPage(c)) {
    return c.json(
      {
        error: { code: "draft_conflict", message: "Có người khác vừa lưu bản nháp này", fields: [] },
        current: outcome.current,
        yours: { values, baseRevision },
      },
      409,
    );
  }
  return reportPage(
    c,
    ctx,
    {
      values: raw,
      // Saving again now overwrites the newer draft, knowingly.
      baseRevision: outcome.current.revision,
      conflict: {
        values: outcome.current.values,
        byName: outcome.current.updatedByName,
        at: outcome.current.updatedAt,
        kind: "draft",
        action: "save",
      },
    },
    409,
  );
});

// ---------------------------------------------------------------------------------------------
// Submitting

interface Receipt {
  obligationId: string;
  versionId: string;
  versionNo: number;
  receiptNo: string;
  submittedAt: number;
  onTime: boolean;
  daysLate: number;
  duplicate: boolean;
}

function receiptOf(ctx: ReportContext, v: VersionRow, duplicate: boolean): Receipt {
  return {
    obligationId: ctx.obligation.id,
    versionId: v.id,
    versionNo: v.version_no,
    receiptNo: v.receipt_no,
    submittedAt: v.submitted_at,
    onTime: v.on_time === 1,
    daysLate: daysLate(ctx, v.submitted_at),
    duplicate,
  };
}

interface SubmitConflict {
  kind: "draft_changed" | "already_submitted";
  message: string;
  current: {
    values: FormValues;
    revision: number;
    updatedBy: string | null;
    updatedByName: string | null;
    updatedAt: number;
    versionNo: number | null;
    receiptNo: string | null;
  };
}

async function conflictOf(c: Context<AppEnv>, err: SubmitConflictError): Promise<SubmitConflict> {
  const t = err.theirs;
  return {
    kind: t.kind,
    message: err.message,
    current: {
      values: parseContent(t.content),
      revision: t.revision,
      updatedBy: t.by,
      updatedByName: await personName(c.env.DB, t.by),
      updatedAt: t.at,
      versionNo: t.versionNo,
      receiptNo: t.receiptNo,
    },
  };
}

/** Without asking the database again: is this submit made from an older draft, or too late? */
function staleConflict(ctx: ReportContext, baseRevision: number): SubmitConflictError | null {
  const ob = ctx.obligation;
  if (EDITABLE_STATUSES.includes(ob.status) && ctx.draft && ctx.draft.revision !== baseRevision) {
    return new SubmitConflictError({
      kind: "draft_changed",
      content: ctx.draft.content,
      revision: ctx.draft.revision,
      by: ctx.draft.updatedBy,
      at: ctx.draft.updatedAt,
      versionNo: null,
      receiptNo: null,
    });
  }
  if ((ob.status === "submitted" || ob.status === "accepted") && ctx.version) {
    return new SubmitConflictError({
      kind: "already_submitted",
      content: ctx.version.content,
      revision: 0,
      by: ctx.version.submitted_by,
      at: ctx.version.submitted_at,
      versionNo: ctx.version.version_no,
      receiptNo: ctx.version.receipt_no,
    });
  }
  return null;
}

type SubmitOutcome =
  | { kind: "receipt"; receipt: Receipt }
  | { kind: "invalid"; fields: FieldError[]; values: FormValues }
  | { kind: "conflict"; conflict: SubmitConflict; values: FormValues };

/**
 * Submits `raw` (the values typed), made from the draft at `baseRevision`: a compare-and-set,
 * so a newer draft or a different text already submitted is a conflict showing both texts.
 * `raw === null` submits the saved draft as it is.
 */
async function doSubmit(
  c: Context<AppEnv>,
  ctx: ReportContext,
  raw: unknown,
  baseRevision: number,
  rawDocument: unknown = {},
): Promise<SubmitOutcome> {
  const right = submitRight(c, ctx);
  if (right === "no") authorize(c, "report.submit", ctx.organisation); // throws 403
  if (right === "not_reporter") {
    throw new AppError(
      "forbidden",
      "reporter_may_not_submit",
      "Theo lịch báo cáo này, người lập báo cáo không được nộp; đề nghị Bí thư hoặc Văn phòng cấp ủy nộp báo cáo.",
    );
  }
  // The schedule (not the role matrix) lets a reporter submit here: record the check.
  c.set("authorized", [...(c.var.authorized ?? []), "report.submit"]);
  const ob = ctx.obligation;
  if (ob.status === "waived") throw lockedError();
  const form = formOf(ctx);
  const read = readRawValues(form, raw);
  if (!read.ok) throw shapeError(read.errors, read.more);
  const parsed = buildValuesSchema(form, "submit").safeParse(read.values);
  const documentMeta = reportDocumentSchema(localDate(c.var.now)).safeParse(rawDocument ?? {});
  if (!parsed.success || !documentMeta.success) {
    // Made from an older draft, or the report went in meanwhile: that comes first (both
    // texts), before what is wrong with this one.
    const conflict = staleConflict(ctx, baseRevision);
    if (conflict) return { kind: "conflict", values: read.values, conflict: await conflictOf(c, conflict) };
    const fields = [
      ...(parsed.success ? [] : fieldErrorsFromZod(parsed.error)),
      ...(documentMeta.success
        ? []
        : fieldErrorsFromZod(documentMeta.error).map((f) => ({ ...f, field: `document.${f.field}` }))),
    ];
    return { kind: "invalid", fields, values: read.values };
  }
  const values = parsed.data;
  const codes = indicatorCodeValues(form, values);
  const ids = await indicatorIdsByCode(
    c.env.DB,
    ctx.schedule.directive_id,
    codes.map((x) => x.code),
  );
  let result: Awaited<ReturnType<typeof submitReport>>;
  try {
    result = await submitReport(c.env.DB, {
      obligationId: ob.id,
      content: canonicalContent(form, values),
      baseRevision,
      indicatorValues: codes.flatMap((x) => {
        const id = ids.get(x.code);
        return id ? [{ indicatorId: id, value: x.value }] : [];
      }),
      actor: actorOf(c),
      now: c.var.now,
      receiptPrefix: `${ctx.period.key.toUpperCase()}-${ctx.organisation.id.toUpperCase()}`,
      document: documentMeta.data,
    });
  } catch (err) {
    if (err instanceof SubmitConflictError) {
      return { kind: "conflict", values: read.values, conflict: await conflictOf(c, err) };
    }
    if (err instanceof ReportingError) {
      throw new AppError(
        err.code === "not_found" ? "not_found" : "conflict",
        `report_${err.code}`,
        err.message,
      );
    }
    throw err;
  }
  const version = await c.env.DB.prepare(
    "select id, version_no, content, submitted_by, submitted_at, on_time, receipt_no from report_versions where id = ?",
  )
    .bind(result.versionId)
    .first<VersionRow>();
  if (!version)
    throw new AppError("conflict", "report_stale", "Báo cáo vừa thay đổi, vui lòng tải lại trang");
  // Recorded before answering, so no receipt is lost; sent after the response, so the provider's
  // latency is not the secretary's. Idempotent per version and person: a double submit adds nothing.
  const receiptIds = await recordReceipts(c.env, c.var.config, ctx, version, c.var.now);
  deferFor(c)(sendNotifications(c.env, c.var.config, receiptIds, c.var.now));
  return { kind: "receipt", receipt: receiptOf(ctx, version, result.duplicate) };
}

export const submitBody = z.object({
  values: z.record(z.string(), z.unknown()).optional(),
  baseRevision: z.number().int().min(0).optional(),
});

reportRoutes.post("/api/obligations/:id/submit", requirePolicy("report.submit", "in-handler"), async (c) => {
  const ctx = await contextOr404(c);
  // An empty body or an object without `values` submits the saved draft; anything else that is
  // not a JSON object is refused (a garbled request must never submit the draft).
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim() !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
    }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", [
      {
        field: "(body)",
        message: 'Nội dung phải là một đối tượng JSON, ví dụ { "values": {...}, "baseRevision": 3 }',
      },
    ]);
  }
  const body = submitBody.safeParse(json);
  if (!body.success) throw validationError(body.error);
  const { values: posted, baseRevision } = body.data;
  const done = (s: ObligationStatus) => s === "submitted" || s === "accepted";
  if (posted === undefined && !ctx.draft && done(ctx.obligation.status) && ctx.version) {
    // "Submit my draft" again after it went through (a retry): it was submitted, and no text
    // was sent this time, so nothing is dropped by answering with its receipt.
    if (submitRight(c, ctx) !== "yes") authorize(c, "report.submit", ctx.organisation); // throws 403
    c.set("authorized", [...(c.var.authorized ?? []), "report.submit"]);
    return c.json({ receipt: receiptOf(ctx, ctx.version, true) }, 200);
  }
  const raw = posted ?? ctx.draftValues ?? {};
  // Values sent without a revision were made from no draft (0); the saved draft submits as it is.
  const base = baseRevision ?? (posted === undefined ? (ctx.draft?.revision ?? 0) : 0);
  const outcome = await doSubmit(c, ctx, raw, base, "document" in json ? json.document : {});
  if (outcome.kind === "invalid") {
    throw new AppError("invalid", "validation_failed", "Báo cáo chưa hợp lệ, chưa nộp", outcome.fields);
  }
  if (outcome.kind === "conflict") {
    return c.json(
      {
        error: {
          code: "submit_conflict",
          kind: outcome.conflict.kind,
          message: outcome.conflict.message,
          fields: [],
        },
        current: outcome.conflict.current,
        yours: { values: outcome.values, baseRevision: base },
      },
      409,
    );
  }
  return c.json({ receipt: outcome.receipt }, outcome.receipt.duplicate ? 200 : 201);
});

reportRoutes.post("/bao-cao/:id/nop", requirePolicy("report.submit", "in-handler"), async (c) => {
  const ctx = await contextOr404(c);
  const posted = await c.req.parseBody({ all: true });
  const form = formOf(ctx);
  const raw = valuesFromForm(form, posted);
  const baseRevision = postedRevision(posted);
  const outcome = await doSubmit(c, ctx, raw, baseRevision, {
    number: posted.documentNumber,
    date: posted.documentDate,
    signerName: posted.signerName,
    signerRole: posted.signerRole,
  });
  if (outcome.kind === "invalid") {
    if (!wantsPage(c))
      throw new AppError("invalid", "validation_failed", "Báo cáo chưa hợp lệ, chưa nộp", outcome.fields);
    return reportPage(c, ctx, { values: raw, errors: outcome.fields, baseRevision }, 422);
  }
  if (outcome.kind === "conflict") {
    const { conflict } = outcome;
    if (!wantsPage(c)) {
      return c.json(
        {
          error: { code: "submit_conflict", kind: conflict.kind, message: conflict.message, fields: [] },
          current: conflict.current,
          yours: { values: outcome.values, baseRevision },
        },
        409,
      );
    }
    // The page again, the person's text in the form, the other text beside it. After a newer
    // draft, submitting again from here submits the text in the form, knowingly.
    const fresh = (await loadReportContext(c.env.DB, ctx.obligation.id)) ?? ctx;
    return reportPage(
      c,
      fresh,
      {
        values: raw,
        baseRevision: conflict.current.revision,
        conflict: {
          values: conflict.current.values,
          byName: conflict.current.updatedByName,
          at: conflict.current.updatedAt,
          kind: conflict.kind === "already_submitted" ? "submitted" : "draft",
          action: "submit",
        },
      },
      409,
    );
  }
  return c.redirect(`/bao-cao/${ctx.obligation.id}/bien-nhan`, 303);
});

reportRoutes.get("/bao-cao/:id/bien-nhan", requirePolicy("report.read", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  if (!ctx.version) throw notFound("Báo cáo này chưa được nộp");
  const r = receiptOf(ctx, ctx.version, false);
  const submitter = ctx.version.submitted_by
    ? await c.env.DB.prepare("select full_name from people where id = ?")
        .bind(ctx.version.submitted_by)
        .first<{ full_name: string }>()
    : null;
  return renderPage(
    c,
    "Đã nộp báo cáo",
    <>
      <link rel="stylesheet" href="/assets/report.css" />
      <h1>Đã nộp báo cáo</h1>
      <section class="receipt" aria-labelledby="receipt-h">
        <h2 id="receipt-h">Giấy biên nhận</h2>
        <dl class="facts">
          <dt>Số tiếp nhận</dt>
          <dd>
            <strong>{r.receiptNo}</strong>
          </dd>
          <dt>Báo cáo</dt>
          <dd>{ctx.schedule.name}</dd>
          <dt>Tổ chức</dt>
          <dd>{ctx.organisation.name}</dd>
          <dt>Kỳ báo cáo</dt>
          <dd>{ctx.period.label}</dd>
          <dt>Thời điểm nộp</dt>
          <dd>{formatReceiptTime(r.submittedAt)}</dd>
          <dt>Người nộp</dt>
          <dd>{submitter?.full_name ?? "—"}</dd>
          <dt>Lần nộp</dt>
          <dd>{r.versionNo}</dd>
          <dt>Hạn nộp</dt>
          <dd>{deadlineText(ctx)}</dd>
          <dt>Thời hạn</dt>
          <dd class={r.onTime ? "ok" : "bad"}>
            <strong>{r.onTime ? "Đúng hạn" : capitalise(formatSubmittedLate(r.daysLate))}</strong>
          </dd>
        </dl>
      </section>
      <p>Giấy biên nhận này cũng được gửi qua thư điện tử tới người nộp và Bí thư/Văn phòng cấp ủy.</p>
      {/* The text went through: the page's local copy on this machine can go. */}
      <div hidden data-clear-local={localCopyKey(ctx.obligation.id)} />
      <script src="/assets/report-form.js" defer />
      <p>
        <a href={`/bao-cao/${ctx.obligation.id}`}>Xem báo cáo đã nộp</a> · <a href="/">Về trang chủ</a>
      </p>
    </>,
  );
});

// ---------------------------------------------------------------------------------------------
// Attachments

reportRoutes.post("/bao-cao/:id/tep", requirePolicy("attachment.upload", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const ob = ctx.obligation;
  const refuse = async (message: string, status: 409 | 422 = 422) => {
    if (!wantsPage(c))
      throw new AppError(
        status === 422 ? "invalid" : "conflict",
        status === 422 ? "attachment_invalid" : "report_locked",
        message,
        [{ field: "file", message }],
      );
    return reportPage(
      c,
      ctx,
      { values: currentValues(ctx), baseRevision: ctx.draft?.revision ?? 0, uploadError: message },
      status,
    );
  };
  if (ob.status === "accepted" || ob.status === "waived") {
    return refuse("Báo cáo đã được tiếp nhận hoặc được miễn, không đính kèm thêm tệp được", 409);
  }
  const tooBig = `Tệp quá lớn: tối đa ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`;
  // Refuse an oversized body before reading it (multipart overhead allowed for).
  if (Number(c.req.header("content-length") ?? 0) > MAX_ATTACHMENT_BYTES + 64 * 1024) return refuse(tooBig);
  const posted = await c.req.parseBody().catch(() => null);
  const file = posted?.file;
  if (!(file instanceof File) || file.size === 0) return refuse("Chưa chọn tệp để tải lên");
  if (file.size > MAX_ATTACHMENT_BYTES) return refuse(tooBig);
  const bytes = await file.arrayBuffer();
  const type = sniffType(new Uint8Array(bytes, 0, Math.min(16, bytes.byteLength)));
  if (!type) return refuse("Chỉ nhận tệp PDF, JPEG hoặc PNG (nội dung tệp không phải các định dạng này)");
  const id = newId("att_");
  const key = `obligations/${ob.id}/${id}`;
  const filename = sanitiseFilename(file.name, type);
  const sha256 = await sha256OfBytes(bytes);
  const now = c.var.now;
  await c.env.FILES.put(key, bytes, { httpMetadata: { contentType: type }, sha256 });
  try {
    await c.env.DB.batch([
      c.env.DB.prepare(
        "insert into attachments (id, obligation_id, object_key, filename, content_type, size, sha256, uploaded_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ).bind(
        id,
        ob.id,
        key,
        filename,
        type,
        bytes.byteLength,
        sha256,
        c.var.principal?.personId ?? null,
        now,
      ),
      auditStatement(c.env.DB, {
        at: now,
        actorPersonId: c.var.principal?.personId ?? null,
        actorKind: c.var.principal?.kind === "token" ? "token" : "person",
        action: "attachment.uploaded",
        entityType: "obligation",
        entityId: ob.id,
        organisationId: ob.organisation_id,
        data: { attachmentId: id, filename, contentType: type, size: bytes.byteLength, sha256 },
      }),
    ]);
  } catch (err) {
    // No row, no object: an orphan in R2 would be invisible and never cleaned up.
    await c.env.FILES.delete(key);
    throw err;
  }
  if (wantsPage(c)) return c.redirect(`/bao-cao/${ob.id}?da-tai-len=1#tep`, 303);
  return c.json({ attachment: { id, filename, contentType: type, size: bytes.byteLength, sha256 } }, 201);
});

reportRoutes.get("/tep/:attachmentId", requirePolicy("attachment.read", attachmentOrg), async (c) => {
  const row = await c.env.DB.prepare(
    "select object_key, filename, content_type from attachments where id = ?",
  )
    .bind(c.req.param("attachmentId"))
    .first<{ object_key: string; filename: string; content_type: string }>();
  if (!row) throw notFound("Không tìm thấy tệp");
  const object = await c.env.FILES.get(row.object_key);
  if (!object) throw notFound("Không tìm thấy tệp");
  return new Response(object.body, {
    headers: {
      "content-type": row.content_type,
      "content-length": String(object.size),
      "content-disposition": contentDisposition(row.filename),
      "x-content-type-options": "nosniff",
    },
  });
});

// ---------------------------------------------------------------------------------------------
// JSON

reportRoutes.get("/api/obligations/:id", requirePolicy("report.read", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const ob = ctx.obligation;
  return c.json({
    obligation: {
      id: ob.id,
      status: ob.status,
      dueOn: ob.due_on,
      extendedDueOn: ob.extended_due_on,
      effectiveDueOn: ob.effective_due_on,
      dueText: deadlineText(ctx),
      workingDaysLeft: workingDaysLeftSigned(ctx.deadline, c.var.now, ctx.calendar),
      extensionReason: ctx.extension?.reason ?? null,
      firstSubmittedAt: ob.first_submitted_at,
      lastSubmittedAt: ob.last_submitted_at,
      onTime: ob.on_time === null ? null : ob.on_time === 1,
    },
    organisation: { id: ctx.organisation.id, name: ctx.organisation.name },
    period: {
      id: ctx.period.id,
      label: ctx.period.label,
      cutoffStart: ctx.period.cutoff_start,
      cutoffEnd: ctx.period.cutoff_end,
    },
    schedule: {
      id: ctx.schedule.id,
      name: ctx.schedule.name,
      reporterMaySubmit: ctx.schedule.reporter_may_submit === 1,
    },
    form: ctx.form,
    draft: ctx.draft
      ? {
          values: ctx.draftValues,
          revision: ctx.draft.revision,
          updatedBy: ctx.draft.updatedBy,
          updatedAt: ctx.draft.updatedAt,
        }
      : null,
    version: ctx.version
      ? {
          ...receiptOf(ctx, ctx.version, false),
          duplicate: undefined,
          values: parseContent(ctx.version.content),
        }
      : null,
    comments: ctx.returned?.comments ?? null,
    previous: ctx.previous,
    attachments: ctx.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.content_type,
      size: a.size,
      createdAt: a.created_at,
      url: `/tep/${a.id}`,
    })),
  });
});

reportRoutes.get("/api/my/obligations", signedIn(), async (c) => {
  const principal = c.var.principal!;
  const orgIds = [...new Set(principal.grants.map((g) => g.organisationId))].slice(0, 90);
  // Only the person's own organisations, and only where they may read reports.
  const readable = principal.grants.filter((g) =>
    can(principal, "report.read", g.path, { appEnv: c.var.config.appEnv }),
  );
  if (orgIds.length === 0 || readable.length === 0) return c.json({ obligations: [] });
  const where = scopeSql(
    { global: false, subtrees: [], exact: [...new Set(readable.map((g) => g.organisationId))] },
    "o",
  );
  const { results } = await c.env.DB.prepare(
    `select ob.id, ob.status, ob.effective_due_on, ob.due_on, ob.extended_due_on, o.id as organisation_id,
       o.name as organisation_name, pe.label as period_label, s.name as schedule_name
     from obligations ob
     join periods pe on pe.id = ob.period_id
     join reporting_schedules s on s.id = pe.schedule_id
     join organisations o on o.id = ob.organisation_id
     where pe.status = 'open' and ob.status not in ('accepted', 'waived') and ${where.sql}
     order by ob.effective_due_on, o.name limit 200`,
  )
    .bind(...where.params)
    .all<{
      id: string;
      status: ObligationStatus;
      effective_due_on: string;
      due_on: string;
      extended_due_on: string | null;
      organisation_id: string;
      organisation_name: string;
      period_label: string;
      schedule_name: string;
    }>();
  const calendar = await loadCalendar(c.env.DB);
  return c.json({
    obligations: results.map((r) => ({
      id: r.id,
      status: r.status,
      statusLabel: STATUS_LABELS[r.status],
      organisation: { id: r.organisation_id, name: r.organisation_name },
      report: r.schedule_name,
      period: r.period_label,
      dueOn: r.due_on,
      effectiveDueOn: r.effective_due_on,
      dueText: formatStoredDeadline(
        { dueOn: r.due_on, extendedDueOn: r.extended_due_on, effectiveDueOn: r.effective_due_on },
        calendar,
      ),
      /** Working days left (negative: working days late), the domain's deadline rule. */
      daysLeft: workingDaysLeftSigned(
        deadlineFromStored(r.extended_due_on ?? r.due_on, r.effective_due_on),
        c.var.now,
        calendar,
      ),
      url: `/bao-cao/${r.id}`,
    })),
  });
});
