/** The reporting JSON API: drafts, submission, one obligation, the person's open obligations. */
import { authorize, requirePolicy, signedIn } from "../../auth/guard";
import { can, scopeSql } from "../../auth/policy";
import { loadCalendar } from "../../db/calendar";
import type { ObligationStatus } from "../../db/schema";
import { deadlineFromStored, formatStoredDeadline, workingDaysLeftSigned } from "../../domain/deadline";
import { AppError, fieldErrorsFromZod, validationError } from "../../platform/errors";
import { createApi } from "../../platform/openapi";
import { parseContent } from "./form-values";
import { openObligationsWhere } from "./report.queries";
import { deadlineText, STATUS_LABELS } from "./report-context";
import {
  boundedIssues,
  contextOr404,
  doSaveDraft,
  doSubmit,
  lockedError,
  obligationOrg,
  receiptOf,
  shapeError,
  submitRight,
} from "./reporting.http";
import { draftBody, submitBody } from "./reporting.schemas";

export const reportingApi = createApi();

reportingApi.put("/api/obligations/:id/draft", requirePolicy("report.draft", obligationOrg), async (c) => {
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

reportingApi.post("/api/obligations/:id/submit", requirePolicy("report.submit", "in-handler"), async (c) => {
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

reportingApi.get("/api/obligations/:id", requirePolicy("report.read", obligationOrg), async (c) => {
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

reportingApi.get("/api/my/obligations", signedIn(), async (c) => {
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
  const results = await openObligationsWhere(c.env.DB, where);
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
