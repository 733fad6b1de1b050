/** The report page: facts, comments, errors, the form (or the read-only text), extension requests, attachments. */

import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { CsrfField, renderPage } from "../../auth/page";
import { can } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import { formatDateThenTimeVi } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { Notice } from "../../pages/page-bits";
import { extensionRequestsOf } from "./extension-requests.queries";
import { ExtensionRequestSection } from "./extension-requests.views";
import { ItemInput, ReportDocumentFields } from "./form.views";
import { errorsByItem, fieldId } from "./form-values";
import {
  Attachments,
  ConflictCard,
  Facts,
  localCopyKey,
  type PageState,
  ReadOnlyItems,
} from "./report.views";
import { EDITABLE_STATUSES, type ReportContext } from "./report-context";
import { mayDraft, submitRight } from "./reporting.http";

export async function reportPage(
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
      <Notice text={state.notice} />
      {ctx.returned ? (
        <section class="card" aria-labelledby="returned-h">
          <h2 id="returned-h">Báo cáo bị trả lại để chỉnh sửa</h2>
          <p>
            {ctx.returned.reviewerName ? `${ctx.returned.reviewerName}, ` : ""}
            {formatDateThenTimeVi(ctx.returned.at)}
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
              {ctx.draft ? `Đã lưu lúc ${formatDateThenTimeVi(ctx.draft.updatedAt)}` : ""}
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
