/**
 * What Commission staff do with reports: the review queue, the review page (accept, return
 * with comments per item, reopen with a reason), every submitted version and its diff against
 * the previous one, and deadline extensions per organisation. JSON equivalents under /api.
 * Routes are thin: validate with zod, call `src/services/reporting.ts`, render.
 */
import { type Context, Hono } from "hono";
import * as z from "zod";
import { reportAcceptedEmail, reportReturnedEmail } from "../../emails";
import { auditStatement } from "../audit";
import { orgOfRow, requirePolicy } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import {
  COMMISSION_ROLES,
  can,
  isAdmin,
  type ReviewAuthority,
  reviewAuthority,
  reviewAuthoritySql,
} from "../auth/policy";
import { clientIp, csrfTokenFor } from "../auth/web";
import { loadCalendar } from "../db/calendar";
import type { ObligationStatus } from "../db/schema";
import { deadlineFromStored, deadlineOf, formatDeadline, formatStoredDeadline } from "../domain/deadline";
import { type DiffPart, diffValues, displayValue, type ItemDiff, parseValues } from "../domain/diff";
import type { FormDefinition, FormValues } from "../domain/form";
import { OBLIGATION_STATUS_LABELS, REVIEW_DECISION_LABELS } from "../domain/status-labels";
import { formatDateTimeVi, formatDateVi, localDate } from "../domain/time";
import { recordNotifications, sendNotifications } from "../email/ledger";
import type { NotificationDraft } from "../email/types";
import type { AppEnv } from "../http/context";
import { dateField } from "../http/date-field";
import { deferFor } from "../http/defer";
import { newId } from "../ids";
import { PageStyles } from "../pages/page-styles";
import { AppError, type FieldError, fieldErrorsFromZod, forbidden, notFound } from "../platform/errors";
import { type ExtensionRequestRow, extensionRequestsOf } from "../services/extension-requests";
import { type Actor, extendDeadline, ReportingError, reviewReport } from "../services/reporting";
import {
  type DecisionRow,
  type ExtensionRow,
  loadAttachments,
  loadDecisions,
  loadExtensions,
  loadObligationView,
  loadRemarks,
  loadVersions,
  type ObligationView,
  type RemarkRow,
  type ReviewComments,
  reportingPeople,
  type VersionRow,
} from "../services/review-view";

export const reviewRoutes = new Hono<AppEnv>();

export { PageStyles };

export const STATUS_LABELS = OBLIGATION_STATUS_LABELS;

const DECISION_LABELS: Record<DecisionRow["decision"], string> = REVIEW_DECISION_LABELS;

const QUEUE_STATUSES = ["submitted", "returned", "accepted"] as const;

const invalid = (fields: FieldError[]) =>
  new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", fields);

function actorOf(c: Context<AppEnv>): Actor {
  const p = c.var.principal!;
  return { personId: p.personId, kind: p.kind };
}

function reportingFailure(e: unknown): never {
  if (e instanceof ReportingError) {
    if (e.code === "not_found") throw notFound(e.message);
    if (e.code === "invalid_extension") throw invalid([{ field: "newDueOn", message: e.message }]);
    throw new AppError("conflict", e.code === "stale" ? "conflict" : "invalid_state", e.message);
  }
  throw e;
}

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
  });
}

async function viewOr404(c: Context<AppEnv>): Promise<ObligationView> {
  const view = await loadObligationView(c.env.DB, c.req.param("id") ?? "");
  if (!view) throw notFound("Không tìm thấy báo cáo");
  return view;
}

/** The name of the body that decided, for emails and pages. */
function decidingBodyName(view: ObligationView, authority: ReviewAuthority): string {
  return authority.kind === "decide" && authority.organisationId === null
    ? "Quản trị hệ thống"
    : view.reviewerOrganisationName;
}

/**
 * Loads the obligation and checks the principal's review authority over it (the schedule's
 * reviewer decides; see `reviewAuthority`), recording the check for the guard. Someone who may
 * read the report is told which body decides; anyone else learns nothing more than "forbidden".
 */
async function authorizedView(
  c: Context<AppEnv>,
  need: "decide" | "comment",
  action: "report.review" | "obligation.extend",
): Promise<{ view: ObligationView; authority: ReviewAuthority }> {
  const view = await viewOr404(c);
  const authority = reviewAuthority(c.var.principal, view);
  const ok = need === "decide" ? authority.kind === "decide" : authority.kind !== "none";
  if (!ok) {
    if (!can(c.var.principal, "report.read", view.organisationPath)) throw forbidden();
    throw new AppError(
      "forbidden",
      "not_reviewer",
      need === "decide"
        ? `Chỉ ${view.reviewerOrganisationName} (cơ quan xem xét theo lịch báo cáo) mới được tiếp nhận, trả lại, mở lại hoặc gia hạn báo cáo này`
        : `Báo cáo này do ${view.reviewerOrganisationName} xem xét; đồng chí không có quyền xem xét hay góp ý`,
    );
  }
  c.set("authorized", [...(c.var.authorized ?? []), action]);
  return { view, authority };
}

// ---------------------------------------------------------------------------------------------
// Decisions

const text = (max: number, what: string) =>
  z
    .string({ error: `${what} phải là văn bản` })
    .trim()
    .max(max, { error: `${what} dài quá ${max} ký tự` });

const commentsSchema = z.strictObject(
  {
    general: text(5000, "Ý kiến chung").optional(),
    sections: z.record(z.string().max(64), text(5000, "Ý kiến theo mục")).optional(),
  },
  { error: "Ý kiến không hợp lệ" },
);

export const reviewSchema = z.strictObject({
  decision: z.enum(["accepted", "returned", "reopened"], {
    error: "Quyết định phải là accepted (tiếp nhận), returned (trả lại) hoặc reopened (mở lại)",
  }),
  comments: commentsSchema.nullish(),
  reason: text(1000, "Lý do").optional(),
});
export type ReviewRequest = z.infer<typeof reviewSchema>;

/** Drops empty comments and checks the item keys against the form; enforces what each decision needs. */
function normaliseDecision(
  req: ReviewRequest,
  form: FormDefinition | null,
): { comments: ReviewComments | null; reason: string | null } {
  const errors: FieldError[] = [];
  const general = req.comments?.general?.trim() || undefined;
  const sections: Record<string, string> = {};
  const keys = new Set(form?.items.map((i) => i.key) ?? []);
  for (const [key, value] of Object.entries(req.comments?.sections ?? {})) {
    if (!keys.has(key))
      errors.push({ field: `comments.sections.${key}`, message: "Mục này không có trong biểu mẫu" });
    else if (value.trim() !== "") sections[key] = value.trim();
  }
  const hasSections = Object.keys(sections).length > 0;
  const comments: ReviewComments | null =
    general || hasSections ? { ...(general ? { general } : {}), ...(hasSections ? { sections } : {}) } : null;
  let reason: string | null = null;
  if (req.decision === "returned" && !comments) {
    errors.push({ field: "comments.general", message: "Vui lòng nhập ý kiến khi trả lại báo cáo" });
  }
  if (req.decision === "reopened") {
    reason = req.reason?.trim() || general || null;
    if (!reason) errors.push({ field: "reason", message: "Vui lòng nhập lý do mở lại báo cáo" });
  }
  if (errors.length > 0) throw invalid(errors);
  // The reason of a reopen is also kept with the decision, so the history shows it.
  return {
    comments: req.decision === "reopened" ? { ...comments, general: reason ?? undefined } : comments,
    reason,
  };
}

interface DecisionResult {
  obligationId: string;
  status: ObligationStatus;
  revision: number;
  decisionId: string | null;
  notified: number;
}

async function decide(
  c: Context<AppEnv>,
  view: ObligationView,
  authority: ReviewAuthority,
  req: ReviewRequest,
): Promise<DecisionResult> {
  const { comments, reason } = normaliseDecision(req, view.form);
  const now = c.var.now;
  const updated = await reviewReport(c.env.DB, {
    obligationId: view.id,
    decision: req.decision,
    comments,
    reason,
    actor: actorOf(c),
    decidedByOrganisationId: authority.kind === "decide" ? authority.organisationId : null,
    now,
  }).catch(reportingFailure);
  const decision = await c.env.DB.prepare(
    "select id from review_decisions where obligation_id = ? and created_at = ? order by rowid desc limit 1",
  )
    .bind(view.id, now)
    .first<{ id: string }>();
  const notified = await notifyDecision(
    c,
    view,
    decidingBodyName(view, authority),
    req.decision,
    comments,
    updated.revision,
  );
  return {
    obligationId: view.id,
    status: updated.status,
    revision: updated.revision,
    decisionId: decision?.id ?? null,
    notified,
  };
}

/**
 * Tells the organisation's secretaries and reporters. A reopen reads like a return (the report
 * must be revised), with the reason as the comment. The key (obligation + the revision the
 * decision produced + person) makes a retry of this request send nothing twice.
 */
async function notifyDecision(
  c: Context<AppEnv>,
  view: ObligationView,
  /** The body that actually decided (the email names it). */
  decidedBy: string,
  decision: ReviewRequest["decision"],
  comments: ReviewComments | null,
  revision: number,
): Promise<number> {
  const now = c.var.now;
  const config = c.var.config;
  const labelOf = new Map(view.form?.items.map((i) => [i.key, i.label]) ?? []);
  const people = await reportingPeople(c.env.DB, view.organisationId);
  const drafts: NotificationDraft[] = people.map((person) => {
    const duty = {
      recipientName: person.fullName,
      recipientTitle: person.title,
      organisationName: view.organisationName,
      reportTitle: view.scheduleName,
      periodLabel: view.periodLabel,
      dueOn: view.effectiveDueOn,
      dueText: formatStoredDeadline(view),
      formUrl: `${config.appUrl}/bao-cao/${view.id}`,
    };
    const email =
      decision === "accepted"
        ? reportAcceptedEmail({
            ...duty,
            reviewerOrganisationName: decidedBy,
            acceptedAt: now,
            comment: comments?.general ?? null,
          })
        : reportReturnedEmail({
            ...duty,
            reviewerOrganisationName: decidedBy,
            reviewerName: c.var.principal?.fullName ?? null,
            comments: {
              general: comments?.general ?? null,
              sections: Object.entries(comments?.sections ?? {}).map(([key, comment]) => ({
                title: labelOf.get(key) ?? key,
                comment,
              })),
            },
          });
    return {
      idempotencyKey: `review:${view.id}:r${revision}:${person.personId}`,
      personId: person.personId,
      to: person.email,
      template: decision === "accepted" ? "report_accepted" : "report_returned",
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
      obligationId: view.id,
      stepKey: `review-${decision}-r${revision}`,
    };
  });
  // Recorded now (the decision is never left without its notice); sent after the response, in
  // one provider batch. A failed send stays pending and the engine's sender retries it.
  const ids = await recordNotifications(c.env.DB, drafts, now);
  if (ids.length > 0) {
    deferFor(c)(sendNotifications(c.env, config, ids, now));
  }
  return drafts.length;
}

reviewRoutes.post("/api/obligations/:id/review", requirePolicy("report.review", "in-handler"), async (c) => {
  const { view, authority } = await authorizedView(c, "decide", "report.review");
  const parsed = reviewSchema.safeParse(await readJson(c));
  if (!parsed.success) throw invalid(fieldErrorsFromZod(parsed.error));
  return c.json(await decide(c, view, authority, parsed.data));
});

/** Form fields `comment_<itemKey>` become per-item comments. */
function formComments(body: Record<string, unknown>): { general?: string; sections: Record<string, string> } {
  const sections: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith("comment_") && typeof value === "string") sections[name.slice(8)] = value;
  }
  return { general: typeof body.general === "string" ? body.general : undefined, sections };
}

async function pageDecision(c: Context<AppEnv>, decision: ReviewRequest["decision"]) {
  const { view, authority } = await authorizedView(c, "decide", "report.review");
  const body = await c.req.parseBody();
  const raw =
    decision === "reopened"
      ? { decision, reason: typeof body.reason === "string" ? body.reason : "" }
      : decision === "accepted"
        ? { decision, comments: { general: typeof body.general === "string" ? body.general : undefined } }
        : { decision, comments: formComments(body) };
  try {
    const parsed = reviewSchema.safeParse(raw);
    if (!parsed.success) throw invalid(fieldErrorsFromZod(parsed.error));
    await decide(c, view, authority, parsed.data);
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid") {
      return reviewPage(c, view, { errors: e.fields, form: decision, values: body }, 422);
    }
    throw e;
  }
  const done = { accepted: "tiep-nhan", returned: "tra-lai", reopened: "mo-lai" }[decision];
  return c.redirect(`/duyet/${encodeURIComponent(view.id)}?da=${done}`, 303);
}

reviewRoutes.post("/duyet/:id/tiep-nhan", requirePolicy("report.review", "in-handler"), (c) =>
  pageDecision(c, "accepted"),
);
reviewRoutes.post("/duyet/:id/tra-lai", requirePolicy("report.review", "in-handler"), (c) =>
  pageDecision(c, "returned"),
);
reviewRoutes.post("/duyet/:id/mo-lai", requirePolicy("report.review", "in-handler"), (c) =>
  pageDecision(c, "reopened"),
);

// ---------------------------------------------------------------------------------------------
// Extensions

export const extensionSchema = z.strictObject({
  newDueOn: dateField("Hạn mới"),
  reason: z
    .string({ error: "Vui lòng nhập lý do gia hạn" })
    .trim()
    .min(1, { error: "Vui lòng nhập lý do gia hạn" })
    .max(1000, { error: "Lý do dài quá 1000 ký tự" }),
});

async function extend(c: Context<AppEnv>, view: ObligationView, raw: unknown) {
  const parsed = extensionSchema.safeParse(raw);
  if (!parsed.success) throw invalid(fieldErrorsFromZod(parsed.error));
  const { newDueOn, reason } = parsed.data;
  const today = localDate(c.var.now);
  const calendar = await loadCalendar(c.env.DB);
  const wanted = deadlineOf(newDueOn, calendar);
  if (wanted.effectiveOn <= view.effectiveDueOn) {
    throw invalid([
      {
        field: "newDueOn",
        message: `Hạn mới phải sau hạn hiện tại (${formatDeadline(deadlineFromStored(view.extendedDueOn ?? view.dueOn, view.effectiveDueOn), calendar)})`,
      },
    ]);
  }
  if (newDueOn < today) {
    throw invalid([{ field: "newDueOn", message: "Hạn mới không được trước ngày hôm nay" }]);
  }
  return extendDeadline(c.env.DB, {
    obligationId: view.id,
    newDueOn,
    reason,
    actor: actorOf(c),
    now: c.var.now,
    calendar,
  }).catch(reportingFailure);
}

reviewRoutes.post(
  "/api/obligations/:id/extension",
  requirePolicy("obligation.extend", "in-handler"),
  async (c) => {
    const { view } = await authorizedView(c, "decide", "obligation.extend");
    const o = await extend(c, view, await readJson(c));
    return c.json({
      obligationId: o.id,
      dueOn: o.due_on,
      effectiveDueOn: o.effective_due_on,
      chaseCycle: o.chase_cycle,
      status: o.status,
    });
  },
);

reviewRoutes.post("/bao-cao/:id/gia-han", requirePolicy("obligation.extend", "in-handler"), async (c) => {
  const { view } = await authorizedView(c, "decide", "obligation.extend");
  const body = await c.req.parseBody();
  try {
    await extend(c, view, {
      newDueOn: typeof body.newDueOn === "string" ? body.newDueOn : "",
      reason: typeof body.reason === "string" ? body.reason : "",
    });
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid") {
      return reviewPage(c, view, { errors: e.fields, form: "extension", values: body }, 422);
    }
    throw e;
  }
  return c.redirect(`/duyet/${encodeURIComponent(view.id)}?da=gia-han`, 303);
});

// ---------------------------------------------------------------------------------------------
// Remarks ("ý kiến") of a commission that may comment but not decide

export const remarkSchema = z.strictObject({
  body: z
    .string({ error: "Vui lòng nhập ý kiến" })
    .trim()
    .min(1, { error: "Vui lòng nhập ý kiến" })
    .max(5000, { error: "Ý kiến dài quá 5000 ký tự" }),
});

async function addRemark(c: Context<AppEnv>, view: ObligationView, authority: ReviewAuthority, raw: unknown) {
  // The remark is signed by a body: an administrator without one has nothing to sign with.
  const organisationId = authority.kind === "none" ? null : authority.organisationId;
  if (!organisationId) {
    throw new AppError("forbidden", "no_body", "Ý kiến phải gắn với một Ban; tài khoản quản trị không góp ý");
  }
  const parsed = remarkSchema.safeParse(raw);
  if (!parsed.success) throw invalid(fieldErrorsFromZod(parsed.error));
  const principal = c.var.principal!;
  const id = newId("rr_");
  const now = c.var.now;
  const db = c.env.DB;
  await db.batch([
    db
      .prepare(
        "insert into review_remarks (id, obligation_id, organisation_id, author_id, body, created_at) values (?, ?, ?, ?, ?, ?)",
      )
      .bind(id, view.id, organisationId, principal.personId, parsed.data.body, now),
    auditStatement(db, {
      at: now,
      actorPersonId: principal.personId,
      actorKind: principal.kind,
      action: "report.remarked",
      entityType: "obligation",
      entityId: view.id,
      organisationId: view.organisationId,
      data: { remarkId: id, by: organisationId },
      ip: clientIp(c),
    }),
  ]);
  return { id, obligationId: view.id, organisationId, body: parsed.data.body, createdAt: now };
}

reviewRoutes.post("/api/obligations/:id/remarks", requirePolicy("report.review", "in-handler"), async (c) => {
  const { view, authority } = await authorizedView(c, "comment", "report.review");
  return c.json({ remark: await addRemark(c, view, authority, await readJson(c)) }, 201);
});

reviewRoutes.post("/duyet/:id/y-kien", requirePolicy("report.review", "in-handler"), async (c) => {
  const { view, authority } = await authorizedView(c, "comment", "report.review");
  const body = await c.req.parseBody();
  try {
    await addRemark(c, view, authority, { body: typeof body.remark === "string" ? body.remark : "" });
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid") {
      return reviewPage(c, view, { errors: e.fields, form: "remark", values: body }, 422);
    }
    throw e;
  }
  return c.redirect(`/duyet/${encodeURIComponent(view.id)}?da=y-kien#y-kien`, 303);
});

// ---------------------------------------------------------------------------------------------
// Queue

const queueQuery = z.object({
  ky: z.string().max(200).optional(),
  trang_thai: z.enum(QUEUE_STATUSES).optional().catch(undefined),
});

interface QueueRow {
  id: string;
  status: ObligationStatus;
  organisation_name: string;
  organisation_path: string;
  reviewer_organisation_id: string;
  reviewer_scope_path: string;
  lower_commissions_may_comment: number;
  period_id: string;
  period_label: string;
  schedule_name: string;
  effective_due_on: string;
  due_on: string;
  extended_due_on: string | null;
  last_submitted_at: number | null;
  version_on_time: number | null;
  version_no: number | null;
}

reviewRoutes.get("/duyet", requirePolicy("report.review", "in-handler"), async (c) => {
  const principal = c.var.principal!;
  if (!isAdmin(principal) && !principal.grants.some((g) => COMMISSION_ROLES.has(g.role))) {
    throw new AppError("forbidden", "forbidden", "Đồng chí không có quyền xem xét báo cáo");
  }
  // Listed in SQL by the same rule as `reviewAuthority`: the reports this person's Ban reviews,
  // and those it may comment on. That filter is the authorisation of this list.
  c.set("authorized", [...(c.var.authorized ?? []), "report.review"]);
  const q = queueQuery.safeParse(c.req.query());
  const filter = q.success ? q.data : {};
  const status = filter.trang_thai ?? "submitted";
  const revScope = "(case when rev.kind = 'commission' then coalesce(revp.path, rev.path) else rev.path end)";
  const where = reviewAuthoritySql(principal, "any", revScope);
  const params: (string | number)[] = [...where.params, status];
  let periodSql = "";
  if (filter.ky) {
    periodSql = "and o.period_id = ?";
    params.push(filter.ky);
  }
  const db = c.env.DB;
  const { results } = await db
    .prepare(
      `select o.id, o.status, org.name as organisation_name, org.path as organisation_path,
              p.id as period_id, p.label as period_label,
              s.name as schedule_name, o.effective_due_on, o.due_on, o.extended_due_on, o.last_submitted_at,
              v.on_time as version_on_time, v.version_no,
              s.reviewer_organisation_id, ${revScope} as reviewer_scope_path, s.lower_commissions_may_comment
       from obligations o join organisations org on org.id = o.organisation_id
       join periods p on p.id = o.period_id join reporting_schedules s on s.id = p.schedule_id
       join organisations rev on rev.id = s.reviewer_organisation_id
       left join organisations revp on revp.id = rev.parent_id
       left join report_versions v on v.id = o.current_version_id
       where ${where.sql} and o.status = ? ${periodSql}
       order by o.last_submitted_at, org.path limit 300`,
    )
    .bind(...params)
    .all<QueueRow>();
  const authorityOf = (r: QueueRow) =>
    reviewAuthority(principal, {
      organisationPath: r.organisation_path,
      reviewerOrganisationId: r.reviewer_organisation_id,
      reviewerScopePath: r.reviewer_scope_path,
      lowerCommissionsMayComment: r.lower_commissions_may_comment === 1,
    }).kind;
  // Only the periods of reports this person may see here (the same rule as the list).
  const { results: periods } = await db
    .prepare(
      `select p.id, p.label, s.name as schedule_name from periods p join reporting_schedules s on s.id = p.schedule_id
       join organisations rev on rev.id = s.reviewer_organisation_id
       left join organisations revp on revp.id = rev.parent_id
       where p.status in ('open','closed') and exists (
         select 1 from obligations o join organisations org on org.id = o.organisation_id
         where o.period_id = p.id and ${where.sql})
       order by p.cutoff_end desc, s.name limit 60`,
    )
    .bind(...where.params)
    .all<{ id: string; label: string; schedule_name: string }>();
  if (c.req.header("accept")?.includes("application/json")) {
    return c.json({
      status,
      items: results.map((r) => ({
        obligationId: r.id,
        status: r.status,
        organisationName: r.organisation_name,
        periodId: r.period_id,
        periodLabel: r.period_label,
        scheduleName: r.schedule_name,
        submittedAt: r.last_submitted_at,
        onTime: r.version_on_time === null ? null : r.version_on_time === 1,
        versionNo: r.version_no,
        /** "decide": this person's Ban reviews it; "comment": it may only add remarks. */
        authority: authorityOf(r),
      })),
    });
  }
  return renderPage(
    c,
    "Báo cáo chờ xem xét",
    <>
      <PageStyles />
      <h1>Báo cáo chờ xem xét</h1>
      <form method="get" action="/duyet" class="card">
        <div class="grid">
          <div>
            <label for="ky">Kỳ báo cáo</label>
            <select id="ky" name="ky">
              <option value="">Tất cả các kỳ</option>
              {periods.map((p) => (
                <option value={p.id} selected={filter.ky === p.id}>
                  {p.label} – {p.schedule_name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="trang_thai">Trạng thái</label>
            <select id="trang_thai" name="trang_thai">
              {QUEUE_STATUSES.map((s) => (
                <option value={s} selected={status === s}>
                  {STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p>
          <button type="submit" class="secondary">
            Lọc
          </button>
        </p>
      </form>
      <p role="status">
        {results.length === 0
          ? "Không có báo cáo nào phù hợp."
          : `${results.length} báo cáo, nộp sớm nhất xếp trước.`}
      </p>
      {results.length > 0 ? (
        <table>
          <caption class="muted">Danh sách báo cáo ({STATUS_LABELS[status].toLowerCase()})</caption>
          <thead>
            <tr>
              <th scope="col">Tổ chức</th>
              <th scope="col">Kỳ báo cáo</th>
              <th scope="col">Nộp lúc</th>
              <th scope="col">Thời hạn</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr>
                <td>
                  <a href={`/duyet/${encodeURIComponent(r.id)}`}>{r.organisation_name}</a>
                  {authorityOf(r) === "comment" ? <span class="muted"> (chỉ góp ý)</span> : null}
                </td>
                <td>
                  {r.period_label}
                  <br />
                  <span class="muted">{r.schedule_name}</span>
                </td>
                <td>
                  {r.last_submitted_at ? formatDateTimeVi(r.last_submitted_at) : "–"}
                  {r.version_no && r.version_no > 1 ? <span class="muted"> (lần {r.version_no})</span> : null}
                </td>
                <td>
                  <OnTimeBadge onTime={r.version_on_time === null ? null : r.version_on_time === 1} />
                  <br />
                  <span class="muted">
                    hạn{" "}
                    {formatStoredDeadline({
                      dueOn: r.due_on,
                      extendedDueOn: r.extended_due_on,
                      effectiveDueOn: r.effective_due_on,
                    })}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>,
  );
});

function OnTimeBadge(props: { onTime: boolean | null }) {
  if (props.onTime === null) return <span class="muted">–</span>;
  return props.onTime ? <span class="badge ok">Đúng hạn</span> : <span class="badge bad">Quá hạn</span>;
}

// ---------------------------------------------------------------------------------------------
// Review page

interface PageState {
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

function Paragraphs(props: { text: string }) {
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
function VersionValues(props: {
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

function DecisionList(props: { decisions: DecisionRow[]; form: FormDefinition | null }) {
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
function ExtensionRequestList(props: { requests: ExtensionRequestRow[] }) {
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

function ExtensionTable(props: { extensions: ExtensionRow[] }) {
  if (props.extensions.length === 0) return <p class="muted">Chưa gia hạn lần nào.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Ngày gia hạn</th>
          <th scope="col">Hạn cũ</th>
          <th scope="col">Hạn mới</th>
          <th scope="col">Lý do</th>
        </tr>
      </thead>
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

function Field(props: {
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

function RemarkSection(props: {
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
          <p>
            <button type="submit">Ghi ý kiến</button>
          </p>
        </form>
      ) : null}
    </section>
  );
}

async function reviewPage(
  c: Context<AppEnv>,
  view: ObligationView,
  state: PageState = {},
  status: 200 | 422 = 200,
) {
  const db = c.env.DB;
  const [versions, decisions, extensions, attachments, remarks] = await Promise.all([
    loadVersions(db, view.id),
    loadDecisions(db, view.id),
    loadExtensions(db, view.id),
    loadAttachments(db, view.id),
    loadRemarks(db, view.id),
  ]);
  const authority = reviewAuthority(c.var.principal, view);
  const decides = authority.kind === "decide";
  const csrf = await csrfTokenFor(c);
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
  const notice = NOTICES[c.req.query("da") ?? ""];
  const mayExtend = decides && ["pending", "draft", "returned"].includes(view.status);
  const mayRemark = authority.kind !== "none" && authority.organisationId !== null;
  const today = localDate(c.var.now);
  return renderPage(
    c,
    `Xem xét báo cáo: ${view.organisationName}`,
    <>
      <PageStyles />
      <p>
        <a href="/duyet">← Danh sách báo cáo chờ xem xét</a>
      </p>
      <h1>Xem xét báo cáo: {view.organisationName}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {state.errors?.length ? (
        <p class="error" role="alert">
          Chưa thực hiện được: vui lòng sửa các lỗi bên dưới.
        </p>
      ) : null}
      <dl class="grid card">
        <div>
          <dt class="muted">Báo cáo</dt>
          <dd>{view.scheduleName}</dd>
        </div>
        <div>
          <dt class="muted">Kỳ báo cáo</dt>
          <dd>{view.periodLabel}</dd>
        </div>
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
              <OnTimeBadge onTime={current.onTime} />
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
          <form method="post" action={`/duyet/${encodeURIComponent(view.id)}/tiep-nhan`} class="card">
            <CsrfField token={csrf} />
            <Field
              id="accept-general"
              name="general"
              label="Ý kiến khi tiếp nhận (không bắt buộc)"
              kind="textarea"
              errors={errorsFor("accepted")}
              errorField="comments.general"
              value={state.form === "accepted" ? str("general") : ""}
            />
            <p>
              <button type="submit">Tiếp nhận báo cáo</button>
            </p>
          </form>
          <form method="post" action={`/duyet/${encodeURIComponent(view.id)}/tra-lai`} class="card">
            <CsrfField token={csrf} />
            <h3>Trả lại để chỉnh sửa</h3>
            <Field
              id="return-general"
              name="general"
              label="Ý kiến chung"
              kind="textarea"
              errors={errorsFor("returned")}
              errorField="comments.general"
              value={state.form === "returned" ? str("general") : ""}
            />
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
                  errors={errorsFor("returned")}
                  errorField={`comments.sections.${item.key}`}
                  value={state.form === "returned" ? str(`comment_${item.key}`) : ""}
                />
              ))}
            </details>
            <p>
              <button type="submit">Trả lại báo cáo</button>
            </p>
          </form>
        </section>
      ) : null}
      {decides && view.status === "accepted" ? (
        <section aria-labelledby="reopen">
          <h2 id="reopen">Mở lại báo cáo đã tiếp nhận</h2>
          <form method="post" action={`/duyet/${encodeURIComponent(view.id)}/mo-lai`} class="card">
            <CsrfField token={csrf} />
            <Field
              id="reopen-reason"
              name="reason"
              label="Lý do mở lại (bắt buộc)"
              kind="textarea"
              required
              errors={errorsFor("reopened")}
              value={state.form === "reopened" ? str("reason") : ""}
            />
            <p>
              <button type="submit">Mở lại báo cáo</button>
            </p>
          </form>
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
        errors={errorsFor("remark")}
        value={state.form === "remark" ? str("remark") : ""}
      />

      <h2>Các quyết định xem xét</h2>
      {lastReturn && view.status === "returned" ? (
        <p class="muted">Báo cáo đang chờ tổ chức chỉnh sửa theo ý kiến gần nhất.</p>
      ) : null}
      <DecisionList decisions={decisions} form={view.form} />

      <h2 id="gia-han">Gia hạn nộp báo cáo</h2>
      <ExtensionTable extensions={extensions} />
      <ExtensionRequestList requests={await extensionRequestsOf(db, view.id)} />
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
            errors={errorsFor("extension")}
            value={state.form === "extension" ? str("newDueOn") : ""}
          />
          <Field
            id="ext-reason"
            name="reason"
            label="Lý do gia hạn"
            kind="textarea"
            required
            errors={errorsFor("extension")}
            value={state.form === "extension" ? str("reason") : ""}
          />
          <p>
            <button type="submit">Gia hạn</button>
          </p>
        </form>
      ) : null}
    </>,
    status,
  );
}

reviewRoutes.get("/duyet/:id", requirePolicy("report.review", "in-handler"), async (c) => {
  const { view } = await authorizedView(c, "comment", "report.review");
  return reviewPage(c, view);
});

// ---------------------------------------------------------------------------------------------
// Versions

function versionJson(v: VersionRow) {
  return {
    id: v.id,
    versionNo: v.versionNo,
    submittedAt: v.submittedAt,
    submittedBy: v.submittedBy,
    submitterName: v.submitterName,
    onTime: v.onTime,
    receiptNo: v.receiptNo,
  };
}

reviewRoutes.get(
  "/api/obligations/:id/versions",
  requirePolicy("report.read", orgOfRow("obligations", "id")),
  async (c) => {
    const view = await viewOr404(c);
    const [versions, decisions, extensions] = await Promise.all([
      loadVersions(c.env.DB, view.id),
      loadDecisions(c.env.DB, view.id),
      loadExtensions(c.env.DB, view.id),
    ]);
    return c.json({
      obligationId: view.id,
      status: view.status,
      effectiveDueOn: view.effectiveDueOn,
      versions: versions.map(versionJson),
      decisions,
      extensions,
    });
  },
);

reviewRoutes.get(
  "/bao-cao/:id/phien-ban",
  requirePolicy("report.read", orgOfRow("obligations", "id")),
  async (c) => {
    const view = await viewOr404(c);
    const [versions, decisions] = await Promise.all([
      loadVersions(c.env.DB, view.id),
      loadDecisions(c.env.DB, view.id),
    ]);
    // One timeline: submissions and decisions in the order they happened.
    const events = [
      ...versions.map((v) => ({ at: v.submittedAt, order: 0, version: v, decision: null })),
      ...decisions.map((d) => ({ at: d.createdAt, order: 1, version: null, decision: d })),
    ].sort((a, b) => a.at - b.at || a.order - b.order);
    const base = `/bao-cao/${encodeURIComponent(view.id)}/phien-ban`;
    return renderPage(
      c,
      `Các lần nộp: ${view.organisationName}`,
      <>
        <PageStyles />
        <p>
          <a href={`/bao-cao/${encodeURIComponent(view.id)}`}>← Trang báo cáo</a>
        </p>
        <h1>Các lần nộp báo cáo</h1>
        <p>
          {view.organisationName} – {view.scheduleName}, kỳ {view.periodLabel}. Trạng thái:{" "}
          <strong>{STATUS_LABELS[view.status]}</strong>.
        </p>
        {versions.length === 0 ? (
          <p class="muted">Chưa có lần nộp nào.</p>
        ) : (
          <table>
            <caption class="muted">Mỗi lần nộp được lưu nguyên vẹn</caption>
            <thead>
              <tr>
                <th scope="col">Lần</th>
                <th scope="col">Nộp lúc</th>
                <th scope="col">Người nộp</th>
                <th scope="col">Thời hạn</th>
                <th scope="col">Số tiếp nhận</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr>
                  <td>
                    <a href={`${base}/${v.versionNo}`}>Lần {v.versionNo}</a>
                  </td>
                  <td>{formatDateTimeVi(v.submittedAt)}</td>
                  <td>{v.submitterName ?? "–"}</td>
                  <td>
                    <OnTimeBadge onTime={v.onTime} />
                  </td>
                  <td>{v.receiptNo}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>Diễn biến</h2>
        {events.length === 0 ? (
          <p class="muted">Chưa có diễn biến nào.</p>
        ) : (
          <ol>
            {events.map((e) =>
              e.version ? (
                <li>
                  {formatDateTimeVi(e.at)}: nộp{" "}
                  <a href={`${base}/${e.version.versionNo}`}>lần {e.version.versionNo}</a>
                  {e.version.submitterName ? ` (${e.version.submitterName})` : ""}
                </li>
              ) : (
                <li>
                  {formatDateTimeVi(e.at)}: <DecisionList decisions={[e.decision!]} form={view.form} />
                </li>
              ),
            )}
          </ol>
        )}
      </>,
    );
  },
);

function WordDiff(props: { parts: DiffPart[] }) {
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

function DiffItem(props: { item: ItemDiff }) {
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

reviewRoutes.get(
  "/bao-cao/:id/phien-ban/:no",
  requirePolicy("report.read", orgOfRow("obligations", "id")),
  async (c) => {
    const view = await viewOr404(c);
    const no = Number(c.req.param("no"));
    const versions = await loadVersions(c.env.DB, view.id);
    const version = Number.isInteger(no) ? versions.find((v) => v.versionNo === no) : undefined;
    if (!version) throw notFound("Không tìm thấy lần nộp này");
    const previous = versions.find((v) => v.versionNo === no - 1);
    const values = parseValues(version.content);
    const diff = previous && view.form ? diffValues(view.form, parseValues(previous.content), values) : null;
    const changed = diff?.filter((d) => d.changed).length ?? 0;
    const base = `/bao-cao/${encodeURIComponent(view.id)}/phien-ban`;
    return renderPage(
      c,
      `Lần nộp ${no}: ${view.organisationName}`,
      <>
        <PageStyles />
        <p>
          <a href={base}>← Các lần nộp</a>
        </p>
        <h1>
          Lần nộp {no}: {view.organisationName}
        </h1>
        <p>
          {view.scheduleName}, kỳ {view.periodLabel}. Nộp lúc {formatDateTimeVi(version.submittedAt)}
          {version.submitterName ? ` bởi ${version.submitterName}` : ""}, số tiếp nhận {version.receiptNo}.{" "}
          <OnTimeBadge onTime={version.onTime} />
        </p>
        <nav aria-label="Các lần nộp khác">
          {previous ? <a href={`${base}/${no - 1}`}>← Lần {no - 1}</a> : null}{" "}
          {versions.some((v) => v.versionNo === no + 1) ? (
            <a href={`${base}/${no + 1}`}>Lần {no + 1} →</a>
          ) : null}
        </nav>
        {!view.form ? (
          <p class="error">Không đọc được biểu mẫu của báo cáo.</p>
        ) : diff ? (
          <>
            <h2>So sánh với lần nộp {no - 1}</h2>
            <p role="status">
              {changed === 0 ? "Không có mục nào thay đổi." : `${changed} mục có thay đổi (được đánh dấu).`}
            </p>
            {diff.map((d) => (
              <DiffItem item={d} />
            ))}
          </>
        ) : (
          <>
            <h2>Nội dung</h2>
            <VersionValues form={view.form} values={values} />
          </>
        )}
      </>,
    );
  },
);
