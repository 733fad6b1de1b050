/** The report pages: the report, saving a draft and submitting without JavaScript, the receipt. */

import { requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { formatSubmittedLateLabel } from "../../domain/deadline";
import { formatDateThenTimeVi } from "../../domain/time";
import { wantsHtml } from "../../pages/error";
import { AppError, notFound } from "../../platform/errors";
import { createApi } from "../../platform/openapi";
import { valuesFromForm } from "./form-values";
import { loadReportContext, personName } from "./report.queries";
import { localCopyKey } from "./report.views";
import { deadlineText, EDITABLE_STATUSES } from "./report-context";
import { reportPage } from "./report-page.views";
import {
  contextOr404,
  currentValues,
  doSaveDraft,
  doSubmit,
  draftIssues,
  formOf,
  lockedError,
  obligationOrg,
  postedRevision,
  receiptOf,
  shapeError,
} from "./reporting.http";

export const reportPages = createApi();

reportPages.get("/bao-cao/:id", requirePolicy("report.read", obligationOrg), async (c) => {
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
      ? `Đã lưu bản nháp lúc ${formatDateThenTimeVi(ctx.draft?.updatedAt ?? c.var.now)}.${issues.length > 0 ? ` Còn ${issues.length} mục cần sửa trước khi nộp.` : ""}`
      : uploaded
        ? "Đã tải tệp lên."
        : null,
  });
});

reportPages.post("/bao-cao/:id/nhap", requirePolicy("report.draft", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const form = formOf(ctx);
  const posted = await c.req.parseBody({ all: true });
  const raw = valuesFromForm(form, posted);
  const baseRevision = postedRevision(posted);
  const { outcome, values } = await doSaveDraft(c, ctx, raw, baseRevision);
  if (outcome.kind === "saved") return c.redirect(`/bao-cao/${ctx.obligation.id}?da-luu=1`, 303);
  if (outcome.kind === "locked") throw lockedError();
  if (outcome.kind === "invalid") throw shapeError(outcome.fields, outcome.more);
  if (!wantsHtml(c)) {
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

reportPages.post("/bao-cao/:id/nop", requirePolicy("report.submit", "in-handler"), async (c) => {
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
    if (!wantsHtml(c))
      throw new AppError("invalid", "validation_failed", "Báo cáo chưa hợp lệ, chưa nộp", outcome.fields);
    return reportPage(c, ctx, { values: raw, errors: outcome.fields, baseRevision }, 422);
  }
  if (outcome.kind === "conflict") {
    const { conflict } = outcome;
    if (!wantsHtml(c)) {
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

reportPages.get("/bao-cao/:id/bien-nhan", requirePolicy("report.read", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  if (!ctx.version) throw notFound("Báo cáo này chưa được nộp");
  const r = receiptOf(ctx, ctx.version, false);
  const submitterName = await personName(c.env.DB, ctx.version.submittedBy);
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
          <dd>{formatDateThenTimeVi(r.submittedAt)}</dd>
          <dt>Người nộp</dt>
          <dd>{submitterName ?? "—"}</dd>
          <dt>Lần nộp</dt>
          <dd>{r.versionNo}</dd>
          <dt>Hạn nộp</dt>
          <dd>{deadlineText(ctx)}</dd>
          <dt>Thời hạn</dt>
          <dd class={r.onTime ? "ok" : "bad"}>
            <strong>{r.onTime ? "Đúng hạn" : formatSubmittedLateLabel(r.daysLate)}</strong>
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
