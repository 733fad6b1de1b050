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
import type { ObligationStatus } from "../db/schema";
import {
  buildValuesSchema,
  type FormDefinition,
  type FormItem,
  type FormValues,
  numberBounds,
} from "../domain/form";
import { daysBetween, formatDateVi, localDate, localHour, localMinute } from "../domain/time";
import { sendNotifications } from "../email/ledger";
import type { AppEnv } from "../http/context";
import { deferFor } from "../http/defer";
import { AppError, type FieldError, fieldErrorsFromZod, notFound } from "../http/errors";
import { newId } from "../ids";
import { type Actor, ReportingError, saveDraft, submitReport } from "../services/reporting";
import {
  daysLate,
  EDITABLE_STATUSES,
  indicatorIdsByCode,
  loadReportContext,
  type ReportContext,
  recordReceipts,
  STATUS_LABELS,
  type VersionRow,
} from "./report-data";
import {
  contentDisposition,
  formatSize,
  MAX_ATTACHMENT_BYTES,
  sanitiseFilename,
  sha256OfBytes,
  sniffType,
} from "./report-files";
import {
  displayValue,
  errorId,
  errorsByItem,
  fieldId,
  indicatorCodeValues,
  parseContent,
  valuesFromForm,
} from "./report-values";

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
    throw new AppError(409, "form_invalid", "Biểu mẫu báo cáo của lịch này bị lỗi; vui lòng báo quản trị");
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
  baseRevision: number;
  /** A stale save: the newer draft someone else saved, shown beside the person's own text. */
  conflict?: { values: FormValues; byName: string | null; at: number } | null;
  notice?: string | null;
  uploadError?: string | null;
}

function timeliness(ctx: ReportContext, now: number): { text: string; cls: string } {
  const ob = ctx.obligation;
  const due = ob.effective_due_on;
  if (ctx.version && (ob.status === "submitted" || ob.status === "accepted")) {
    const late = daysLate(ctx.version.submitted_at, due);
    return late === 0 ? { text: "Nộp đúng hạn", cls: "ok" } : { text: `Nộp muộn ${late} ngày`, cls: "bad" };
  }
  if (ob.status === "waived") return { text: "Không phải nộp", cls: "muted" };
  const left = daysBetween(localDate(now), due);
  if (left < 0) return { text: `Quá hạn ${-left} ngày`, cls: "bad" };
  if (left === 0) return { text: "Hạn nộp là hôm nay", cls: "warn" };
  return { text: `Còn ${left} ngày`, cls: left <= 3 ? "warn" : "ok" };
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
        <strong>{formatDateVi(ob.effective_due_on)}</strong>
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
            <a href={`/bao-cao/${ob.id}/bien-nhan`}>xem giấy biên nhận</a>)
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
    const bounds =
      min !== null && max !== null
        ? `từ ${min} đến ${max}`
        : min !== null
          ? `tối thiểu ${min}`
          : max !== null
            ? `tối đa ${max}`
            : "";
    const boundsId = `bounds-${key}`;
    return (
      <div class="item" id={`item-${key}`}>
        <label for={fieldId(key)} data-label-for={key}>
          {item.label} ({item.unit}){req}
        </label>
        <Extra />
        <div class="unit">
          <input
            type="number"
            id={fieldId(key)}
            name={key}
            data-item={key}
            data-kind="number"
            inputmode={item.valueKind === "integer" ? "numeric" : "decimal"}
            step={item.valueKind === "integer" ? "1" : "any"}
            min={min ?? undefined}
            max={max ?? undefined}
            required={item.required}
            value={value === null || value === undefined ? "" : String(value)}
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
            {item.valueKind === "integer" ? ", số nguyên" : ""}.
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
        <section class="card" role="alert" aria-labelledby="errors-h">
          <h2 id="errors-h" class="error">
            Báo cáo chưa hợp lệ ({errors.length} lỗi)
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
      {state.conflict ? (
        <section class="card" aria-labelledby="conflict-h" role="alert">
          <h2 id="conflict-h">Có người khác vừa lưu bản nháp</h2>
          <p>
            {state.conflict.byName ?? "Một người khác"} đã lưu bản nháp lúc{" "}
            {formatReceiptTime(state.conflict.at)}, sau khi đồng chí mở trang. Bản của đồng chí vẫn nằm trong
            biểu mẫu bên dưới (chưa lưu); bản đã lưu của người kia ở đây. Hãy đối chiếu, rồi bấm “Lưu nháp” để
            lưu bản của đồng chí.
          </p>
          {(form?.items ?? [])
            .filter(
              (item) =>
                JSON.stringify(state.conflict?.values[item.key] ?? null) !==
                JSON.stringify(state.values[item.key] ?? null),
            )
            .map((item) => (
              <div>
                <h3>{item.label}</h3>
                <p class="theirs">{displayValue(item, state.conflict?.values[item.key])}</p>
              </div>
            ))}
        </section>
      ) : null}
      {!form ? (
        <p class="error">Biểu mẫu báo cáo của lịch này bị lỗi; vui lòng báo quản trị hệ thống.</p>
      ) : editable ? (
        <form
          id="report-form"
          method="post"
          action={`/bao-cao/${ob.id}/nhap`}
          data-draft-url={`/api/obligations/${ob.id}/draft`}
          novalidate
        >
          <CsrfField token={csrf} />
          <input type="hidden" name="baseRevision" value={String(state.baseRevision)} />
          <h2>{form.title ?? "Nội dung báo cáo"}</h2>
          <p class="muted">
            Các mục ghi “(bắt buộc)” phải điền trước khi nộp. Bản nháp được lưu tự động khi gõ.
          </p>
          {form.items.map((item) => (
            <ItemInput
              item={item}
              value={state.values[item.key]}
              errors={byItem.get(item.key) ?? []}
              comment={sectionComments[item.key]}
              previous={
                ctx.previous ? { label: ctx.previous.label, value: ctx.previous.values[item.key] } : null
              }
            />
          ))}
          <div id="autosave-conflict" class="card" hidden aria-live="polite" />
          <div class="actions">
            {/* Its own full-width line above the buttons, one line always reserved, so the
                buttons never move under a finger when the autosave text changes. */}
            <span id="autosave-status" role="status" aria-live="polite">
              {ctx.draft ? `Bản nháp lưu lúc ${formatReceiptTime(ctx.draft.updatedAt)}` : ""}
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
          <ReadOnlyItems form={form} values={state.values} ctx={ctx} />
        </section>
      )}
      <Attachments ctx={ctx} canUpload={canUpload} csrf={csrf} error={state.uploadError} />
      {editable ? <script src="/assets/report-form.js" defer /> : null}
    </>
  );
  return renderPage(c, `${ctx.schedule.name} – ${ctx.organisation.name}`, body, status);
}

/** The values the page shows: the draft, else the latest submitted version. */
function currentValues(ctx: ReportContext): FormValues {
  if (ctx.draftValues) return ctx.draftValues;
  return ctx.version ? parseContent(ctx.version.content) : {};
}

reportRoutes.get("/bao-cao/:id", requirePolicy("report.read", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const saved = c.req.query("da-luu") !== undefined;
  const uploaded = c.req.query("da-tai-len") !== undefined;
  return reportPage(c, ctx, {
    values: currentValues(ctx),
    baseRevision: ctx.draft?.revision ?? 0,
    notice: saved
      ? `Đã lưu bản nháp lúc ${formatReceiptTime(ctx.draft?.updatedAt ?? c.var.now)}.`
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

type DraftOutcome =
  | { kind: "saved"; revision: number; savedAt: number }
  | { kind: "invalid"; fields: FieldError[] }
  | {
      kind: "conflict";
      current: {
        values: FormValues;
        revision: number;
        updatedBy: string | null;
        updatedAt: number;
        updatedByName: string | null;
      };
    }
  | { kind: "locked" };

async function doSaveDraft(
  c: Context<AppEnv>,
  ctx: ReportContext,
  raw: unknown,
  baseRevision: number,
): Promise<{ outcome: DraftOutcome; values: FormValues }> {
  const form = formOf(ctx);
  const parsed = buildValuesSchema(form, "draft").safeParse(raw);
  if (!parsed.success) {
    return {
      outcome: { kind: "invalid", fields: fieldErrorsFromZod(parsed.error) },
      values: raw as FormValues,
    };
  }
  const values = parsed.data;
  const result = await saveDraft(c.env.DB, {
    obligationId: ctx.obligation.id,
    content: JSON.stringify(values),
    baseRevision,
    actor: actorOf(c),
    now: c.var.now,
  });
  if (result.ok) return { outcome: { kind: "saved", revision: result.revision, savedAt: c.var.now }, values };
  if (result.reason === "locked" || !result.conflict) {
    // No draft to conflict with: the report is no longer editable (submitted, accepted, waived).
    return { outcome: { kind: "locked" }, values };
  }
  const cur = result.conflict;
  const name = cur.updatedBy
    ? ((
        await c.env.DB.prepare("select full_name from people where id = ?")
          .bind(cur.updatedBy)
          .first<{ full_name: string }>()
      )?.full_name ?? null)
    : null;
  return {
    outcome: {
      kind: "conflict",
      current: {
        values: parseContent(cur.content),
        revision: cur.revision,
        updatedBy: cur.updatedBy,
        updatedAt: cur.updatedAt,
        updatedByName: name,
      },
    },
    values,
  };
}

const lockedError = () =>
  new AppError(409, "report_locked", "Báo cáo đã nộp hoặc đã được xử lý, không sửa bản nháp được nữa");

reportRoutes.put("/api/obligations/:id/draft", requirePolicy("report.draft", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const body = draftBody.safeParse(await c.req.json().catch(() => null));
  if (!body.success) {
    throw new AppError(
      400,
      "bad_request",
      "Nội dung gửi lên phải là { values, baseRevision }",
      fieldErrorsFromZod(body.error),
    );
  }
  const { outcome, values } = await doSaveDraft(c, ctx, body.data.values, body.data.baseRevision);
  switch (outcome.kind) {
    case "saved":
      return c.json({ revision: outcome.revision, savedAt: outcome.savedAt });
    case "invalid":
      throw new AppError(422, "validation_failed", "Dữ liệu không hợp lệ", outcome.fields);
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

reportRoutes.post("/bao-cao/:id/nhap", requirePolicy("report.draft", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const form = formOf(ctx);
  const posted = await c.req.parseBody({ all: true });
  const raw = valuesFromForm(form, posted);
  const baseRevision = Number.parseInt(String(posted.baseRevision ?? "0"), 10);
  const { outcome, values } = await doSaveDraft(
    c,
    ctx,
    raw,
    Number.isFinite(baseRevision) ? baseRevision : 0,
  );
  if (outcome.kind === "saved") return c.redirect(`/bao-cao/${ctx.obligation.id}?da-luu=1`, 303);
  if (outcome.kind === "locked") throw lockedError();
  if (!wantsPage(c)) {
    if (outcome.kind === "invalid")
      throw new AppError(422, "validation_failed", "Dữ liệu không hợp lệ", outcome.fields);
    return c.json(
      {
        error: { code: "draft_conflict", message: "Có người khác vừa lưu bản nháp này", fields: [] },
        current: outcome.current,
        yours: { values, baseRevision },
      },
      409,
    );
  }
  if (outcome.kind === "invalid") {
    return reportPage(c, ctx, { values: raw, errors: outcome.fields, baseRevision }, 422);
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
    daysLate: daysLate(v.submitted_at, ctx.obligation.effective_due_on),
    duplicate,
  };
}

type SubmitOutcome =
  | { kind: "receipt"; receipt: Receipt }
  | { kind: "invalid"; fields: FieldError[]; values: FormValues };

async function doSubmit(c: Context<AppEnv>, ctx: ReportContext, raw: unknown): Promise<SubmitOutcome> {
  const right = submitRight(c, ctx);
  if (right === "no") authorize(c, "report.submit", ctx.organisation); // throws 403
  if (right === "not_reporter") {
    throw new AppError(
      403,
      "reporter_may_not_submit",
      "Theo lịch báo cáo này, người lập báo cáo không được nộp; đề nghị Bí thư hoặc Văn phòng cấp ủy nộp báo cáo.",
    );
  }
  // The schedule (not the role matrix) lets a reporter submit here: record the check.
  c.set("authorized", [...(c.var.authorized ?? []), "report.submit"]);
  const ob = ctx.obligation;
  const already = (s: ObligationStatus) => s === "submitted" || s === "accepted";
  if (already(ob.status) && ctx.version)
    return { kind: "receipt", receipt: receiptOf(ctx, ctx.version, true) };
  if (!EDITABLE_STATUSES.includes(ob.status)) throw lockedError();
  const form = formOf(ctx);
  const parsed = buildValuesSchema(form, "submit").safeParse(raw);
  if (!parsed.success)
    return { kind: "invalid", fields: fieldErrorsFromZod(parsed.error), values: raw as FormValues };
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
      content: JSON.stringify(values),
      indicatorValues: codes.flatMap((x) => {
        const id = ids.get(x.code);
        return id ? [{ indicatorId: id, value: x.value }] : [];
      }),
      actor: actorOf(c),
      now: c.var.now,
      receiptPrefix: `${ctx.period.key.toUpperCase()}-${ctx.organisation.id.toUpperCase()}`,
    });
  } catch (err) {
    if (err instanceof ReportingError) {
      throw new AppError(err.code === "not_found" ? 404 : 409, `report_${err.code}`, err.message);
    }
    throw err;
  }
  const version = await c.env.DB.prepare(
    "select id, version_no, content, submitted_by, submitted_at, on_time, receipt_no from report_versions where id = ?",
  )
    .bind(result.versionId)
    .first<VersionRow>();
  if (!version) throw new AppError(409, "report_stale", "Báo cáo vừa thay đổi, vui lòng tải lại trang");
  // Recorded before answering, so no receipt is lost; sent after the response, so the provider's
  // latency is not the secretary's. Idempotent per version and person: a double submit adds nothing.
  const receiptIds = await recordReceipts(c.env, c.var.config, ctx, version, c.var.now);
  deferFor(c)(sendNotifications(c.env, c.var.config, receiptIds, c.var.now));
  return { kind: "receipt", receipt: receiptOf(ctx, version, result.duplicate) };
}

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
      throw new AppError(400, "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
    }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new AppError(422, "validation_failed", "Dữ liệu không hợp lệ", [
      { field: "(body)", message: 'Nội dung phải là một đối tượng JSON, ví dụ { "values": {...} }' },
    ]);
  }
  const raw = "values" in json ? json.values : (ctx.draftValues ?? {});
  const outcome = await doSubmit(c, ctx, raw);
  if (outcome.kind === "invalid") {
    throw new AppError(422, "validation_failed", "Báo cáo chưa hợp lệ, chưa nộp", outcome.fields);
  }
  return c.json({ receipt: outcome.receipt }, outcome.receipt.duplicate ? 200 : 201);
});

reportRoutes.post("/bao-cao/:id/nop", requirePolicy("report.submit", "in-handler"), async (c) => {
  const ctx = await contextOr404(c);
  const posted = await c.req.parseBody({ all: true });
  const raw = ctx.form ? valuesFromForm(ctx.form, posted) : {};
  const outcome = await doSubmit(c, ctx, raw);
  if (outcome.kind === "invalid") {
    if (!wantsPage(c))
      throw new AppError(422, "validation_failed", "Báo cáo chưa hợp lệ, chưa nộp", outcome.fields);
    const baseRevision = Number.parseInt(String(posted.baseRevision ?? "0"), 10);
    return reportPage(
      c,
      ctx,
      { values: raw, errors: outcome.fields, baseRevision: Number.isFinite(baseRevision) ? baseRevision : 0 },
      422,
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
          <dd>{formatDateVi(ctx.obligation.effective_due_on)}</dd>
          <dt>Thời hạn</dt>
          <dd class={r.onTime ? "ok" : "bad"}>
            <strong>{r.onTime ? "Đúng hạn" : `Nộp muộn ${r.daysLate} ngày`}</strong>
          </dd>
        </dl>
      </section>
      <p>Giấy biên nhận này cũng được gửi qua thư điện tử tới người nộp và Bí thư/Văn phòng cấp ủy.</p>
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
  const refuse = async (message: string, status: ContentfulStatusCode = 422) => {
    if (!wantsPage(c))
      throw new AppError(status, status === 422 ? "attachment_invalid" : "report_locked", message, [
        { field: "file", message },
      ]);
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
  const today = localDate(c.var.now);
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
      daysLeft: daysBetween(today, r.effective_due_on),
      url: `/bao-cao/${r.id}`,
    })),
  });
});
