/**
 * The reporting JSON API: drafts, submission, one obligation, the person's open obligations.
 * The draft and submit routes read their bodies themselves (their refusals predate the shared
 * validation: a malformed draft is a 400 naming `{ values, baseRevision }`, an empty submit
 * submits the saved draft), so their bodies are documented, not validated, by the declaration.
 */
import * as z from "zod";
import { authorize, requirePolicy, signedIn } from "../../auth/guard";
import { can } from "../../auth/policy";
import { loadCalendar } from "../../db/calendar";
import { OBLIGATION_STATUSES, type ObligationStatus } from "../../db/schema";
import { deadlineFromStored, formatStoredDeadline, workingDaysLeftSigned } from "../../domain/deadline";
import { FormDefinition, parseValues } from "../../domain/form";
import { AppError, fieldErrorsFromZod, invalidField, validationError } from "../../platform/errors";
import { createApi, jsonResponse, routesTagged } from "../../platform/openapi";
import { openObligationsIn } from "./report.queries";
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
import {
  draftBody,
  draftConflictJson,
  fieldError,
  receiptJson,
  submitBody,
  submitConflictJson,
  values,
} from "./reporting.schemas";

const obligationParams = z.object({ id: z.string().describe("Mã báo cáo (kỳ báo cáo của một tổ chức)") });
const status = z.enum(OBLIGATION_STATUSES);

/** A body the handler reads itself: described in the document, no validator before the handler. */
function documentedBody(schema: z.ZodType, required: boolean) {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return { required, content: { "application/json": { schema: json as { type: "object" } } } };
}

const route = routesTagged("reports");

export const putDraft = route.put("/api/obligations/{id}/draft", {
  summary: "Lưu bản nháp (so khớp số phiên bản; 409 khi có người khác vừa lưu)",
  middleware: [requirePolicy("report.draft", obligationOrg)],
  request: { params: obligationParams, body: documentedBody(draftBody, true) },
  responses: {
    200: jsonResponse(
      z.object({
        revision: z.number().int(),
        savedAt: z.number().int(),
        fields: z.array(fieldError),
        moreFields: z.number().int().optional(),
      }),
      "Đã lưu bản nháp đúng như đã gõ, kể cả giá trị chưa hợp lệ; `fields` liệt kê những gì cần sửa trước khi nộp",
    ),
    409: jsonResponse(
      draftConflictJson,
      "Xung đột: trả về bản nháp mới hơn (current) và bản của bạn (yours)",
    ),
  },
});

export const postSubmit = route.post("/api/obligations/{id}/submit", {
  summary:
    "Nộp báo cáo: so khớp baseRevision với bản nháp (không có values: nộp bản nháp đã lưu); trả biên nhận",
  middleware: [requirePolicy("report.submit", "in-handler")],
  request: { params: obligationParams, body: documentedBody(submitBody, false) },
  responses: {
    201: jsonResponse(z.object({ receipt: receiptJson }), "Biên nhận"),
    200: jsonResponse(
      z.object({ receipt: receiptJson }),
      "Biên nhận của lần nộp trước, chỉ khi nội dung gửi lại giống hệt từng byte",
    ),
    409: jsonResponse(
      submitConflictJson,
      "Xung đột, chưa nộp: bản nháp đã thay đổi sau baseRevision (kind = draft_changed) hoặc báo cáo đã được nộp với nội dung khác (kind = already_submitted); trả cả hai bản (current, yours)",
    ),
  },
});

export const getObligation = route.get("/api/obligations/{id}", {
  summary: "Nghĩa vụ báo cáo, hạn nộp và bản nháp",
  middleware: [requirePolicy("report.read", obligationOrg)],
  request: { params: obligationParams },
  responses: {
    200: jsonResponse(
      z.object({
        obligation: z.object({
          id: z.string(),
          status,
          dueOn: z.string().describe("YYYY-MM-DD"),
          extendedDueOn: z.string().nullable(),
          effectiveDueOn: z.string().describe("YYYY-MM-DD"),
          dueText: z.string(),
          workingDaysLeft: z
            .number()
            .int()
            .describe("Số ngày làm việc còn lại (âm: số ngày làm việc đã trễ)"),
          extensionReason: z.string().nullable(),
          firstSubmittedAt: z.number().int().nullable(),
          lastSubmittedAt: z.number().int().nullable(),
          onTime: z.boolean().nullable(),
        }),
        organisation: z.object({ id: z.string(), name: z.string() }),
        period: z.object({
          id: z.string(),
          label: z.string(),
          cutoffStart: z.string(),
          cutoffEnd: z.string(),
        }),
        schedule: z.object({ id: z.string(), name: z.string(), reporterMaySubmit: z.boolean() }),
        form: FormDefinition.nullable(),
        draft: z
          .object({
            values: values.nullable(),
            revision: z.number().int(),
            updatedBy: z.string().nullable(),
            updatedAt: z.number().int(),
          })
          .nullable(),
        version: receiptJson.omit({ duplicate: true }).extend({ values }).nullable(),
        comments: z
          .object({ general: z.string().optional(), sections: z.record(z.string(), z.string()).optional() })
          .nullable(),
        previous: z.object({ label: z.string(), values }).nullable(),
        attachments: z.array(
          z.object({
            id: z.string(),
            filename: z.string(),
            contentType: z.string(),
            size: z.number().int(),
            createdAt: z.number().int(),
            url: z.string(),
          }),
        ),
      }),
      "Nghĩa vụ báo cáo",
    ),
  },
});

export const getMyObligations = route.get("/api/my/obligations", {
  summary: "Các nghĩa vụ báo cáo của tổ chức mình",
  middleware: [signedIn()],
  responses: {
    200: jsonResponse(
      z.object({
        obligations: z.array(
          z.object({
            id: z.string(),
            status,
            statusLabel: z.string(),
            organisation: z.object({ id: z.string(), name: z.string() }),
            report: z.string(),
            period: z.string(),
            dueOn: z.string().describe("YYYY-MM-DD"),
            effectiveDueOn: z.string().describe("YYYY-MM-DD"),
            dueText: z.string(),
            daysLeft: z.number().int().describe("Số ngày làm việc còn lại (âm: số ngày làm việc đã trễ)"),
            url: z.string(),
          }),
        ),
      }),
      "Danh sách nghĩa vụ báo cáo",
    ),
  },
});

export const reportingApi = createApi()
  .openapi(putDraft, async (c) => {
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
        return c.json(
          {
            revision: outcome.revision,
            savedAt: outcome.savedAt,
            ...boundedIssues(outcome.issues),
          },
          200,
        );
      case "invalid":
        throw shapeError(outcome.fields, outcome.more);
      case "locked":
        throw lockedError();
      case "conflict":
        return c.json(
          {
            error: {
              code: "draft_conflict" as const,
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
  })
  .openapi(postSubmit, async (c) => {
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
      throw invalidField(
        "(body)",
        'Nội dung phải là một đối tượng JSON, ví dụ { "values": {...}, "baseRevision": 3 }',
      );
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
            code: "submit_conflict" as const,
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
  })
  .openapi(getObligation, async (c) => {
    const ctx = await contextOr404(c);
    const ob = ctx.obligation;
    return c.json({
      obligation: {
        id: ob.id,
        status: ob.status,
        dueOn: ob.dueOn,
        extendedDueOn: ob.extendedDueOn,
        effectiveDueOn: ob.effectiveDueOn,
        dueText: deadlineText(ctx),
        workingDaysLeft: workingDaysLeftSigned(ctx.deadline, c.var.now, ctx.calendar),
        extensionReason: ctx.extension?.reason ?? null,
        firstSubmittedAt: ob.firstSubmittedAt,
        lastSubmittedAt: ob.lastSubmittedAt,
        onTime: ob.onTime,
      },
      organisation: { id: ctx.organisation.id, name: ctx.organisation.name },
      period: {
        id: ctx.period.id,
        label: ctx.period.label,
        cutoffStart: ctx.period.cutoffStart,
        cutoffEnd: ctx.period.cutoffEnd,
      },
      schedule: {
        id: ctx.schedule.id,
        name: ctx.schedule.name,
        reporterMaySubmit: ctx.schedule.reporterMaySubmit,
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
            values: parseValues(ctx.version.content),
          }
        : null,
      comments: ctx.returned?.comments ?? null,
      previous: ctx.previous,
      attachments: ctx.attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        contentType: a.contentType,
        size: a.size,
        createdAt: a.createdAt,
        url: `/tep/${a.id}`,
      })),
    });
  })
  .openapi(getMyObligations, async (c) => {
    const principal = c.var.principal!;
    const orgIds = [...new Set(principal.grants.map((g) => g.organisationId))].slice(0, 90);
    // Only the person's own organisations, and only where they may read reports.
    const readable = principal.grants.filter((g) =>
      can(principal, "report.read", g.path, { appEnv: c.var.config.appEnv }),
    );
    if (orgIds.length === 0 || readable.length === 0) return c.json({ obligations: [] });
    const results = await openObligationsIn(c.env.DB, {
      global: false,
      subtrees: [],
      exact: [...new Set(readable.map((g) => g.organisationId))],
    });
    const calendar = await loadCalendar(c.env.DB);
    return c.json({
      obligations: results.map((r) => ({
        id: r.id,
        status: r.status,
        statusLabel: STATUS_LABELS[r.status],
        organisation: { id: r.organisationId, name: r.organisationName },
        report: r.scheduleName,
        period: r.periodLabel,
        dueOn: r.dueOn,
        effectiveDueOn: r.effectiveDueOn,
        dueText: formatStoredDeadline(
          { dueOn: r.dueOn, extendedDueOn: r.extendedDueOn, effectiveDueOn: r.effectiveDueOn },
          calendar,
        ),
        /** Working days left (negative: working days late), the domain's deadline rule. */
        daysLeft: workingDaysLeftSigned(
          deadlineFromStored(r.extendedDueOn ?? r.dueOn, r.effectiveDueOn),
          c.var.now,
          calendar,
        ),
        url: `/bao-cao/${r.id}`,
      })),
    });
  });
