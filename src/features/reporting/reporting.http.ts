/** Request helpers shared by the reporting pages and API: the obligation, who may draft or submit, drafts and submission. */
import type { Context } from "hono";
import { authorize, orgOfRow } from "../../auth/guard";
import { can } from "../../auth/policy";
import { buildValuesSchema, type FormDefinition, type FormValues, parseValues } from "../../domain/form";
import { canonicalContent, readRawValues } from "../../domain/form-input";
import { reportDocumentSchema } from "../../domain/report-document";
import { localDate } from "../../domain/time";
import { sendNotifications } from "../../email/ledger";
import type { AppEnv } from "../../http/context";
import { deferFor } from "../../http/defer";
import {
  AppError,
  type FieldError,
  fieldErrorsFromZod,
  MAX_FIELD_ERRORS,
  notFound,
} from "../../platform/errors";
import { indicatorCodeValues } from "./form-values";
import { recordReceipts } from "./receipts.service";
import { indicatorIdsByCode, loadReportContext, loadVersion, personName } from "./report.queries";
import { daysLate, EDITABLE_STATUSES, type ReportContext, type VersionRow } from "./report-context";
import { type Actor, ReportingError, SubmitConflictError } from "./reporting.types";
import { saveDraft, submitReport } from "./submissions.queries";

export const obligationOrg = orgOfRow("obligations", "id");

export function actorOf(c: Context<AppEnv>): Actor {
  const p = c.var.principal;
  return { personId: p?.personId ?? null, kind: p?.kind === "token" ? "token" : "person" };
}

export async function contextOr404(c: Context<AppEnv>): Promise<ReportContext> {
  const ctx = await loadReportContext(c.env.DB, c.req.param("id") ?? "");
  if (!ctx) throw notFound("Không tìm thấy báo cáo");
  return ctx;
}

export function formOf(ctx: ReportContext): FormDefinition {
  if (!ctx.form)
    throw new AppError(
      "conflict",
      "form_invalid",
      "Biểu mẫu báo cáo của lịch này bị lỗi; vui lòng báo quản trị",
    );
  return ctx.form;
}

export const mayDraft = (c: Context<AppEnv>, ctx: ReportContext) =>
  can(c.var.principal, "report.draft", ctx.organisation.path, { appEnv: c.var.config.appEnv });

/** Submit: `report.submit`, or a reporter (`report.draft`) when the schedule lets reporters submit. */
export function submitRight(c: Context<AppEnv>, ctx: ReportContext): "yes" | "not_reporter" | "no" {
  const appCtx = { appEnv: c.var.config.appEnv };
  if (can(c.var.principal, "report.submit", ctx.organisation.path, appCtx)) return "yes";
  if (mayDraft(c, ctx)) return ctx.schedule.reporterMaySubmit ? "yes" : "not_reporter";
  return "no";
}

/** The values the page shows: the draft, else the latest submitted version. */
export function currentValues(ctx: ReportContext): FormValues {
  if (ctx.draftValues) return ctx.draftValues;
  return ctx.version ? parseValues(ctx.version.content) : {};
}

/**
 * What stands between the draft and submission (types, bounds, document numbers, the form's
 * cross-field rules), shown next to the fields; missing required items are left to the submit.
 */
export function draftIssues(form: FormDefinition | null, values: FormValues): FieldError[] {
  if (!form) return [];
  const parsed = buildValuesSchema(form, "draft").safeParse(values);
  return parsed.success ? [] : fieldErrorsFromZod(parsed.error);
}

export interface CurrentDraft {
  values: FormValues;
  revision: number;
  updatedBy: string | null;
  updatedAt: number;
  updatedByName: string | null;
}

export type DraftOutcome =
  | { kind: "saved"; revision: number; savedAt: number; issues: FieldError[] }
  | { kind: "invalid"; fields: FieldError[]; more: number }
  | { kind: "conflict"; current: CurrentDraft }
  | { kind: "locked" };

/**
 * Saves what the person typed, valid or not: only input that no form field could produce
 * (unknown keys, objects where text belongs) is refused. The validation issues come back with
 * the saved revision; they block submission, never the save.
 */
export async function doSaveDraft(
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
        values: parseValues(cur.content),
        revision: cur.revision,
        updatedBy: cur.updatedBy,
        updatedAt: cur.updatedAt,
        updatedByName: await personName(c.env.DB, cur.updatedBy),
      },
    },
    values,
  };
}

export const lockedError = () =>
  new AppError("conflict", "report_locked", "Báo cáo đã nộp hoặc đã được xử lý, không sửa bản nháp được nữa");

export const shapeError = (fields: FieldError[], more: number) =>
  new AppError("invalid", "validation_failed", "Nội dung gửi lên không khớp với biểu mẫu", fields, more);

/** The issues of a saved draft, bounded like every error list. */
export function boundedIssues(issues: FieldError[]): { fields: FieldError[]; moreFields?: number } {
  return issues.length > MAX_FIELD_ERRORS
    ? { fields: issues.slice(0, MAX_FIELD_ERRORS), moreFields: issues.length - MAX_FIELD_ERRORS }
    : { fields: issues };
}

export function postedRevision(posted: Record<string, unknown>): number {
  const n = Number.parseInt(String(posted.baseRevision ?? "0"), 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

export interface Receipt {
  obligationId: string;
  versionId: string;
  versionNo: number;
  receiptNo: string;
  submittedAt: number;
  onTime: boolean;
  daysLate: number;
  duplicate: boolean;
}

export function receiptOf(ctx: ReportContext, v: VersionRow, duplicate: boolean): Receipt {
  return {
    obligationId: ctx.obligation.id,
    versionId: v.id,
    versionNo: v.versionNo,
    receiptNo: v.receiptNo,
    submittedAt: v.submittedAt,
    onTime: v.onTime,
    daysLate: daysLate(ctx, v.submittedAt),
    duplicate,
  };
}

export interface SubmitConflict {
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

export async function conflictOf(c: Context<AppEnv>, err: SubmitConflictError): Promise<SubmitConflict> {
  const t = err.theirs;
  return {
    kind: t.kind,
    message: err.message,
    current: {
      values: parseValues(t.content),
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
export function staleConflict(ctx: ReportContext, baseRevision: number): SubmitConflictError | null {
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
      by: ctx.version.submittedBy,
      at: ctx.version.submittedAt,
      versionNo: ctx.version.versionNo,
      receiptNo: ctx.version.receiptNo,
    });
  }
  return null;
}

export type SubmitOutcome =
  | { kind: "receipt"; receipt: Receipt }
  | { kind: "invalid"; fields: FieldError[]; values: FormValues }
  | { kind: "conflict"; conflict: SubmitConflict; values: FormValues };

/**
 * Submits `raw` (the values typed), made from the draft at `baseRevision`: a compare-and-set,
 * so a newer draft or a different text already submitted is a conflict showing both texts.
 * `raw === null` submits the saved draft as it is.
 */
export async function doSubmit(
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
    ctx.schedule.directiveId,
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
  const version = await loadVersion(c.env.DB, result.versionId);
  if (!version)
    throw new AppError("conflict", "report_stale", "Báo cáo vừa thay đổi, vui lòng tải lại trang");
  // Recorded before answering, so no receipt is lost; sent after the response, so the provider's
  // latency is not the secretary's. Idempotent per version and person: a double submit adds nothing.
  const receiptIds = await recordReceipts(c.env, c.var.config, ctx, version, c.var.now);
  deferFor(c)(sendNotifications(c.env, c.var.config, receiptIds, c.var.now));
  return { kind: "receipt", receipt: receiptOf(ctx, version, result.duplicate) };
}
