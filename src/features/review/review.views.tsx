/** The review page of one report (JSX only: the data comes from review.pages.tsx). */

import type { Child } from "hono/jsx";
import { CsrfField } from "../../auth/page";
import type { ReviewAuthority } from "../../auth/policy";
import type { WorkingCalendar } from "../../domain/calendar";
import { formatStoredDeadline } from "../../domain/deadline";
import { parseValues } from "../../domain/form";
import { formatDateTimeVi, formatDateVi } from "../../domain/time";
import { Alert, Fact, Notice, Submit } from "../../pages/page-bits";
import { PageStyles } from "../../pages/page-styles";
import type { FieldError } from "../../platform/errors";
import type { ExtensionRequestRow } from "../reporting";
import {
  DecisionList,
  ExtensionRequestList,
  ExtensionTable,
  Field,
  OnTimeBadge,
  RemarkSection,
  STATUS_LABELS,
  VersionValues,
} from "./review.components";
import type {
  AttachmentRow,
  DecisionRow,
  ExtensionRow,
  ObligationView,
  RemarkRow,
  VersionRow,
} from "./review.queries";

export interface PageState {
  errors?: FieldError[];
  /** Which form the errors belong to. */
  form?: "accepted" | "returned" | "reopened" | "extension" | "remark";
  values?: Record<string, unknown>;
}

const NOTICES: Record<string, string> = {
  "tiep-nhan": "Đã tiếp nhận báo cáo và gửi thư báo cho tổ chức.",
  "tra-lai": "Đã trả lại báo cáo kèm ý kiến và gửi thư báo cho tổ chức.",
  "mo-lai": "Đã mở lại báo cáo; tổ chức có thể chỉnh sửa và nộp lại.",
  "gia-han": "Đã gia hạn nộp báo cáo.",
  "y-kien": "Đã ghi ý kiến của Ban.",
};

export function ReviewPageView(props: {
  view: ObligationView;
  versions: VersionRow[];
  decisions: DecisionRow[];
  extensions: ExtensionRow[];
  attachments: AttachmentRow[];
  remarks: RemarkRow[];
  extensionRequests: ExtensionRequestRow[];
  authority: ReviewAuthority;
  csrf: string;
  state: PageState;
  /** The `da` query: what the last change did. */
  done: string;
  today: string;
  calendar: WorkingCalendar;
}) {
  const { view, versions, decisions, extensions, attachments, remarks, extensionRequests } = props;
  const { authority, csrf, state, today } = props;
  const decides = authority.kind === "decide";
  const current = versions.find((v) => v.id === view.currentVersionId) ?? versions[versions.length - 1];
  const values = current ? parseValues(current.content) : {};
  const lastReturn = [...decisions]
    .reverse()
    .find((d) => d.decision === "returned" || d.decision === "reopened");
  const str = (name: string) => {
    const v = state.values?.[name];
    return typeof v === "string" ? v : "";
  };
  const errorsFor = (form: PageState["form"]) => (state.form === form ? state.errors : undefined);
  /** A field's errors and the value posted to it, when its form is the one that was posted. */
  const posted = (form: PageState["form"], name: string) => ({
    errors: errorsFor(form),
    value: state.form === form ? str(name) : "",
  });
  /** A decision's form, posted to `/duyet/:id/<step>`. */
  const DecisionForm = (p: { step: string; submit: string; children: Child }) => (
    <form method="post" action={`/duyet/${encodeURIComponent(view.id)}/${p.step}`} class="card">
      <CsrfField token={csrf} />
      {p.children}
      <Submit>{p.submit}</Submit>
    </form>
  );
  /** The general comment of an acceptance or a return. */
  const GeneralComment = (p: { form: "accepted" | "returned"; id: string; label: string }) => (
    <Field
      id={p.id}
      name="general"
      label={p.label}
      kind="textarea"
      errorField="comments.general"
      {...posted(p.form, "general")}
    />
  );
  /** The required reason for reopening a report or extending its deadline. */
  const Reason = (p: { form: "reopened" | "extension"; id: string; label: string }) => (
    <Field id={p.id} name="reason" label={p.label} kind="textarea" required {...posted(p.form, "reason")} />
  );
  const notice = NOTICES[props.done];
  const mayExtend = decides && ["pending", "draft", "returned"].includes(view.status);
  const mayRemark = authority.kind !== "none" && authority.organisationId !== null;
  return (
    <>
      <PageStyles />
      <p>
        <a href="/duyet">← Danh sách báo cáo chờ xem xét</a>
      </p>
      <h1>Xem xét báo cáo: {view.organisationName}</h1>
      <Notice text={notice} />
      {state.errors?.length ? <Alert>Chưa thực hiện được: vui lòng sửa các lỗi bên dưới.</Alert> : null}
      <dl class="grid card">
        <Fact label="Báo cáo">{view.scheduleName}</Fact>
        <Fact label="Kỳ báo cáo">{view.periodLabel}</Fact>
        <div>
          <dt class="muted">Hạn nộp</dt>
          <dd>
            {formatStoredDeadline(view)}
            {view.extendedDueOn ? ` (đã gia hạn, hạn ban đầu ${formatDateVi(view.dueOn)})` : ""}
          </dd>
        </div>
        <div>
          <dt class="muted">Trạng thái</dt>
          <dd>
            <strong>{STATUS_LABELS[view.status]}</strong>
          </dd>
        </div>
        {current ? (
          <div>
            <dt class="muted">Lần nộp</dt>
            <dd>
              Lần {current.versionNo}, {formatDateTimeVi(current.submittedAt)}{" "}
              <OnTimeBadge
                onTime={current.onTime}
                submittedAt={current.submittedAt}
                due={view}
                calendar={props.calendar}
              />
              <br />
              Số tiếp nhận {current.receiptNo}
              {current.submitterName ? `, người nộp ${current.submitterName}` : ""}
            </dd>
          </div>
        ) : null}
      </dl>
      <p>
        Cơ quan xem xét: <strong>{view.reviewerOrganisationName}</strong>.
        {authority.kind === "comment"
          ? " Ban của đồng chí được xem và góp ý kiến, không tiếp nhận, trả lại hay gia hạn báo cáo này."
          : ""}
      </p>
      <p>
        <a href={`/bao-cao/${encodeURIComponent(view.id)}/phien-ban`}>Các lần nộp và so sánh</a>
        {" · "}
        <a href={`/bao-cao/${encodeURIComponent(view.id)}`}>Trang báo cáo</a>
      </p>

      {decides && view.status === "submitted" ? (
        <section aria-labelledby="actions">
          <h2 id="actions">Xử lý báo cáo</h2>
          <DecisionForm step="tiep-nhan" submit="Tiếp nhận báo cáo">
            <GeneralComment
              form="accepted"
              id="accept-general"
              label="Ý kiến khi tiếp nhận (không bắt buộc)"
            />
          </DecisionForm>
          <DecisionForm step="tra-lai" submit="Trả lại báo cáo">
            <h3>Trả lại để chỉnh sửa</h3>
            <GeneralComment form="returned" id="return-general" label="Ý kiến chung" />
            <details
              open={Boolean(errorsFor("returned")?.some((e) => e.field.startsWith("comments.sections")))}
            >
              <summary>Ý kiến theo từng mục (không bắt buộc)</summary>
              {(view.form?.items ?? []).map((item) => (
                <Field
                  id={`comment-${item.key}`}
                  name={`comment_${item.key}`}
                  label={`Ý kiến về mục: ${item.label}`}
                  kind="textarea"
                  errorField={`comments.sections.${item.key}`}
                  {...posted("returned", `comment_${item.key}`)}
                />
              ))}
            </details>
          </DecisionForm>
        </section>
      ) : null}
      {decides && view.status === "accepted" ? (
        <section aria-labelledby="reopen">
          <h2 id="reopen">Mở lại báo cáo đã tiếp nhận</h2>
          <DecisionForm step="mo-lai" submit="Mở lại báo cáo">
            <Reason form="reopened" id="reopen-reason" label="Lý do mở lại (bắt buộc)" />
          </DecisionForm>
        </section>
      ) : null}

      <h2>Nội dung báo cáo{current ? ` (lần nộp ${current.versionNo})` : ""}</h2>
      {!current ? (
        <p class="muted">Tổ chức chưa nộp báo cáo cho kỳ này.</p>
      ) : view.form ? (
        <VersionValues form={view.form} values={values} />
      ) : (
        <p class="error">Không đọc được biểu mẫu của báo cáo.</p>
      )}

      <h2>Tệp đính kèm</h2>
      {attachments.length === 0 ? (
        <p class="muted">Không có tệp đính kèm.</p>
      ) : (
        <ul>
          {attachments.map((a) => (
            <li>
              <a href={`/tep/${encodeURIComponent(a.id)}`}>{a.filename}</a>{" "}
              <span class="muted">({Math.max(1, Math.round(a.size / 1024))} KB)</span>
            </li>
          ))}
        </ul>
      )}

      <RemarkSection
        remarks={remarks}
        action={mayRemark ? `/duyet/${encodeURIComponent(view.id)}/y-kien` : null}
        csrf={csrf}
        {...posted("remark", "remark")}
      />

      <h2>Các quyết định xem xét</h2>
      {lastReturn && view.status === "returned" ? (
        <p class="muted">Báo cáo đang chờ tổ chức chỉnh sửa theo ý kiến gần nhất.</p>
      ) : null}
      <DecisionList decisions={decisions} form={view.form} />

      <h2 id="gia-han">Gia hạn nộp báo cáo</h2>
      <ExtensionTable extensions={extensions} />
      <ExtensionRequestList requests={extensionRequests} />
      {mayExtend ? (
        <form method="post" action={`/bao-cao/${encodeURIComponent(view.id)}/gia-han`} class="card">
          <CsrfField token={csrf} />
          <Field
            id="ext-date"
            name="newDueOn"
            label={`Hạn mới (sau ${formatDateVi(view.effectiveDueOn)}; hạn rơi vào ngày nghỉ được tính đến hết ngày làm việc tiếp theo)`}
            kind="date"
            required
            min={today > view.effectiveDueOn ? today : undefined}
            {...posted("extension", "newDueOn")}
          />
          <Reason form="extension" id="ext-reason" label="Lý do gia hạn" />
          <Submit>Gia hạn</Submit>
        </form>
      ) : null}
    </>
  );
}
