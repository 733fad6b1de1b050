/** The report page's parts: its facts, the read-only text, the attachments, both texts of a conflict. */
import { CsrfField } from "../../auth/page";
import { deadlineStanding, formatStanding, formatSubmittedLateLabel } from "../../domain/deadline";
import type { FormDefinition, FormValues } from "../../domain/form";
import { capitalise } from "../../domain/text";
import { formatDateThenTimeVi, formatDateVi } from "../../domain/time";
import type { FieldError } from "../../platform/errors";
import { formatSize } from "./attachment-files";
import { shownValue } from "./form-values";
import { daysLate, deadlineText, type ReportContext, STATUS_LABELS } from "./report-context";

/** Where the page keeps a copy of unsaved text on this machine (until the server confirms it). */
export const localCopyKey = (obligationId: string) => `bao-cao:${obligationId}`;

export interface PageState {
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
    const late = daysLate(ctx, ctx.version.submittedAt);
    return late === 0
      ? { text: "Nộp đúng hạn", cls: "ok" }
      : { text: formatSubmittedLateLabel(late), cls: "bad" };
  }
  if (ob.status === "waived") return { text: "Không phải nộp", cls: "muted" };
  const standing = deadlineStanding(ctx.deadline, now, ctx.calendar);
  const text = capitalise(formatStanding(standing));
  if (standing.kind === "overdue") return { text, cls: "bad" };
  if (standing.kind === "due_today") return { text, cls: "warn" };
  return { text, cls: standing.workingDaysLeft <= 3 ? "warn" : "ok" };
}

export function Facts(props: { ctx: ReportContext; now: number }) {
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
        từ {formatDateVi(ctx.period.cutoffStart)} đến {formatDateVi(ctx.period.cutoffEnd)}
      </dd>
      <dt>Hạn nộp</dt>
      <dd>
        <strong>{deadlineText(ctx)}</strong>
        {ob.extendedDueOn && ctx.extension ? (
          <>
            {" "}
            (đã gia hạn từ {formatDateVi(ctx.extension.previousDueOn)}; lý do: {ctx.extension.reason})
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
            {formatDateThenTimeVi(ctx.version.submittedAt)}, số tiếp nhận {ctx.version.receiptNo} (
            <a href={`/bao-cao/${ob.id}/bien-nhan`}>xem giấy biên nhận</a>;{" "}
            <a href={`/bao-cao/${ob.id}/van-ban`}>bản in theo thể thức văn bản</a>)
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function ReadOnlyItems(props: { form: FormDefinition; values: FormValues; ctx: ReportContext }) {
  const { form, values, ctx } = props;
  return (
    <>
      {form.items.map((item) => (
        <div class="item">
          <h3>{item.label}</h3>
          <p class="theirs">{shownValue(item, values[item.key])}</p>
          {ctx.previous ? (
            <p class="prev muted">
              Kỳ trước ({ctx.previous.label}): {shownValue(item, ctx.previous.values[item.key])}
            </p>
          ) : null}
        </div>
      ))}
    </>
  );
}

export function Attachments(props: {
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
              {formatDateThenTimeVi(a.createdAt)}
              {a.uploadedByName ? `, ${a.uploadedByName}` : ""})
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
export function ConflictCard(props: {
  conflict: NonNullable<PageState["conflict"]>;
  values: FormValues;
  form: FormDefinition | null;
}) {
  const { conflict, values, form } = props;
  const who = conflict.byName ?? "Một người khác";
  const submitted = conflict.kind === "submitted";
  const differing = (form?.items ?? []).filter(
    (item) => shownValue(item, conflict.values[item.key]) !== shownValue(item, values[item.key]),
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
          ? `${who} đã nộp báo cáo lúc ${formatDateThenTimeVi(conflict.at)}. Bản của đồng chí vẫn còn nguyên dưới đây; hãy đối chiếu và liên hệ cơ quan xem xét nếu cần nộp lại.`
          : `${who} đã lưu bản nháp lúc ${formatDateThenTimeVi(conflict.at)}, sau khi đồng chí mở trang. Bản của đồng chí vẫn nằm trong biểu mẫu bên dưới (chưa lưu); bản của người kia ở đây. Hãy đối chiếu, rồi bấm “Lưu nháp” hoặc “Nộp báo cáo” để dùng bản trong biểu mẫu.`}
      </p>
      {differing.length === 0 ? <p class="muted">Hai bản có nội dung giống nhau.</p> : null}
      {differing.map((item) => (
        <div class="both">
          <h3>{item.label}</h3>
          <div>
            <h4>{submitted ? "Bản đã nộp" : `Bản đã lưu của ${who}`}</h4>
            <p class="theirs" data-side="theirs">
              {shownValue(item, conflict.values[item.key])}
            </p>
          </div>
          <div>
            <h4>Bản của đồng chí</h4>
            <p class="theirs" data-side="yours">
              {shownValue(item, values[item.key])}
            </p>
          </div>
        </div>
      ))}
    </section>
  );
}
