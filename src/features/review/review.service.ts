/**
 * The review feature's decisions: accept, return or reopen a report (and who hears about it),
 * extend its deadline, add a remark ("ý kiến") of a commission that may comment. Services say
 * what went wrong with an AppError kind; the route layer maps it to a status.
 */
import { reportAcceptedEmail, reportReturnedEmail } from "../../../emails";
import { auditStatement } from "../../audit";
import type { Principal, ReviewAuthority } from "../../auth/policy";
import { loadCalendar } from "../../db/calendar";
import type { ObligationStatus } from "../../db/schema";
import { deadlineFromStored, deadlineOf, formatDeadline, formatStoredDeadline } from "../../domain/deadline";
import type { FormDefinition } from "../../domain/form";
import type { ReviewComments } from "../../domain/review-comments";
import { localDate } from "../../domain/time";
import type { NotificationDraft } from "../../email/types";
import { newId } from "../../ids";
import { AppError, type FieldError, invalidField, invalidFields, notFound } from "../../platform/errors";
import { type Actor, extendDeadline, ReportingError, reviewReport } from "../reporting";
import { insertRemarkStatement, type ObligationView, reportingPeople } from "./review.queries";
import type { ExtensionInput, ReviewRequest } from "./review.schemas";

export type { Actor } from "../reporting";

function reportingFailure(e: unknown): never {
  if (e instanceof ReportingError) {
    if (e.code === "not_found") throw notFound(e.message);
    if (e.code === "invalid_extension") throw invalidField("newDueOn", e.message);
    throw new AppError("conflict", e.code === "stale" ? "conflict" : "invalid_state", e.message);
  }
  throw e;
}

/** The name of the body that decided, for emails and pages. */
export function decidingBodyName(view: ObligationView, authority: ReviewAuthority): string {
  return authority.kind === "decide" && authority.organisationId === null
    ? "Quản trị hệ thống"
    : view.reviewerOrganisationName;
}

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
  if (errors.length > 0) throw invalidFields(errors);
  // The reason of a reopen is also kept with the decision, so the history shows it.
  return {
    comments: req.decision === "reopened" ? { ...comments, general: reason ?? undefined } : comments,
    reason,
  };
}

export interface Decision {
  obligationId: string;
  status: ObligationStatus;
  revision: number;
  decisionId: string;
  comments: ReviewComments | null;
}

/** Who is told of a decision, and by whom it was taken (the email names them). */
export interface DecisionNotice {
  /** The body that actually decided. */
  decidedBy: string;
  reviewerName: string | null;
  appUrl: string;
}

/**
 * Records a decision in one batch: the obligation, the decision, its audit, and the notices to
 * the organisation's secretaries and reporters (sent later by the caller; a failed send is
 * retried by the engine). Returns the decision's id and the new notifications' ids.
 */
export async function decideReview(
  db: D1Database,
  input: {
    view: ObligationView;
    authority: ReviewAuthority;
    req: ReviewRequest;
    actor: Actor;
    notice: DecisionNotice;
    now: number;
  },
): Promise<Decision & { notificationIds: string[]; notified: number }> {
  const { view, authority, req, now } = input;
  const { comments, reason } = normaliseDecision(req, view.form);
  const people = await reportingPeople(db, view.organisationId);
  const updated = await reviewReport(db, {
    obligationId: view.id,
    decision: req.decision,
    comments,
    reason,
    actor: input.actor,
    decidedByOrganisationId: authority.kind === "decide" ? authority.organisationId : null,
    notices: (revision) =>
      decisionNoticeDrafts({
        view,
        people,
        notice: input.notice,
        decision: req.decision,
        comments,
        revision,
        now,
      }),
    now,
  }).catch(reportingFailure);
  return {
    obligationId: view.id,
    status: updated.status,
    revision: updated.revision,
    decisionId: updated.decisionId,
    comments,
    notificationIds: updated.notificationIds,
    notified: people.length,
  };
}

/**
 * The notices of a decision. A reopen reads like a return (the report must be revised), with the
 * reason as the comment. The key (obligation + the revision the decision produces + person)
 * makes a retry of the request send nothing twice.
 */
function decisionNoticeDrafts(input: {
  view: ObligationView;
  people: Awaited<ReturnType<typeof reportingPeople>>;
  notice: DecisionNotice;
  decision: ReviewRequest["decision"];
  comments: ReviewComments | null;
  revision: number;
  now: number;
}): NotificationDraft[] {
  const { view, people, decision, comments, revision, now } = input;
  const { decidedBy, reviewerName, appUrl } = input.notice;
  const labelOf = new Map(view.form?.items.map((i) => [i.key, i.label]) ?? []);
  return people.map((person) => {
    const duty = {
      recipientName: person.fullName,
      recipientTitle: person.title,
      organisationName: view.organisationName,
      reportTitle: view.scheduleName,
      periodLabel: view.periodLabel,
      dueOn: view.effectiveDueOn,
      dueText: formatStoredDeadline(view),
      formUrl: `${appUrl}/bao-cao/${view.id}`,
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
            reviewerName: reviewerName,
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
}

/** Extends the deadline, to a day after the current one and not before today. */
export async function extendReport(
  db: D1Database,
  view: ObligationView,
  input: ExtensionInput,
  actor: Actor,
  now: number,
) {
  const { newDueOn, reason } = input;
  const today = localDate(now);
  const calendar = await loadCalendar(db);
  const wanted = deadlineOf(newDueOn, calendar);
  if (wanted.effectiveOn <= view.effectiveDueOn) {
    throw invalidField(
      "newDueOn",
      `Hạn mới phải sau hạn hiện tại (${formatDeadline(deadlineFromStored(view.extendedDueOn ?? view.dueOn, view.effectiveDueOn), calendar)})`,
    );
  }
  if (newDueOn < today) {
    throw invalidField("newDueOn", "Hạn mới không được trước ngày hôm nay");
  }
  return extendDeadline(db, { obligationId: view.id, newDueOn, reason, actor, now, calendar }).catch(
    reportingFailure,
  );
}

/** The body a remark is signed by: an administrator without one has nothing to sign with. */
export function remarkingBody(authority: ReviewAuthority): string {
  const organisationId = authority.kind === "none" ? null : authority.organisationId;
  if (!organisationId) {
    throw new AppError("forbidden", "no_body", "Ý kiến phải gắn với một Ban; tài khoản quản trị không góp ý");
  }
  return organisationId;
}

/** Records a remark with its audit (one batch); returns it with its id. */
export async function addRemark(
  db: D1Database,
  input: {
    view: ObligationView;
    authority: ReviewAuthority;
    body: string;
    actor: { personId: string; kind: Principal["kind"] };
    now: number;
    ip: string | null;
  },
) {
  const { view, actor, now, body } = input;
  const organisationId = remarkingBody(input.authority);
  const id = newId("rr_");
  await db.batch([
    insertRemarkStatement(
      db,
      { id, obligationId: view.id, organisationId, authorId: actor.personId, body },
      now,
    ),
    auditStatement(db, {
      at: now,
      actorPersonId: actor.personId,
      actorKind: actor.kind,
      action: "report.remarked",
      entityType: "obligation",
      entityId: view.id,
      organisationId: view.organisationId,
      data: { remarkId: id, by: organisationId },
      ip: input.ip,
    }),
  ]);
  return { id, obligationId: view.id, organisationId, body, createdAt: now };
}
