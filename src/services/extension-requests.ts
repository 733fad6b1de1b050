/**
 * A reporter's request for more time: asked with a reason by the reporting organisation,
 * decided (granted, possibly to another day, or refused with a reason) by those who may extend
 * the deadline. Granting goes through `extendDeadline`, the one way a deadline moves. Every step
 * is audited and mailed: the request to the reviewers, the decision to the requester and the
 * organisation's secretary. One request may be open per obligation at a time.
 */

import { extensionDecidedEmail, extensionRequestedEmail } from "../../emails";
import { auditStatement } from "../audit";
import { loadCalendar } from "../db/calendar";
import { CHASED_STATUSES } from "../domain/ladder";
import { isValidDate, localDate } from "../domain/time";
import { recordNotifications } from "../email/ledger";
import type { NotificationDraft } from "../email/types";
import { type Actor, extendDeadline, ReportingError } from "../features/reporting";
import { newId } from "../ids";
import { AppError } from "../platform/errors";

export interface ExtensionRequestRow {
  id: string;
  obligationId: string;
  requestedBy: string | null;
  requesterName: string | null;
  requestedDueOn: string;
  reason: string;
  status: "pending" | "granted" | "refused" | "withdrawn";
  decidedBy: string | null;
  deciderName: string | null;
  decidedAt: number | null;
  grantedDueOn: string | null;
  decisionNote: string | null;
  createdAt: number;
}

const COLUMNS = `r.id, r.obligation_id as obligationId, r.requested_by as requestedBy, rp.full_name as requesterName,
  r.requested_due_on as requestedDueOn, r.reason, r.status, r.decided_by as decidedBy, dp.full_name as deciderName,
  r.decided_at as decidedAt, r.granted_due_on as grantedDueOn, r.decision_note as decisionNote, r.created_at as createdAt`;
const FROM = `extension_requests r left join people rp on rp.id = r.requested_by left join people dp on dp.id = r.decided_by`;

export async function loadExtensionRequest(db: D1Database, id: string): Promise<ExtensionRequestRow | null> {
  return db.prepare(`select ${COLUMNS} from ${FROM} where r.id = ?`).bind(id).first<ExtensionRequestRow>();
}

export async function extensionRequestsOf(
  db: D1Database,
  obligationId: string,
): Promise<ExtensionRequestRow[]> {
  const { results } = await db
    .prepare(`select ${COLUMNS} from ${FROM} where r.obligation_id = ? order by r.created_at desc limit 50`)
    .bind(obligationId)
    .all<ExtensionRequestRow>();
  return results;
}

interface Duty {
  obligationId: string;
  organisationId: string;
  organisationName: string;
  reviewerOrganisationId: string;
  scheduleName: string;
  periodLabel: string;
  status: string;
  effectiveDueOn: string;
}

async function dutyOf(db: D1Database, obligationId: string): Promise<Duty | null> {
  return db
    .prepare(
      `select ob.id as obligationId, ob.organisation_id as organisationId, o.name as organisationName,
         s.reviewer_organisation_id as reviewerOrganisationId, s.name as scheduleName, p.label as periodLabel,
         ob.status, ob.effective_due_on as effectiveDueOn
       from obligations ob join organisations o on o.id = ob.organisation_id join periods p on p.id = ob.period_id
       join reporting_schedules s on s.id = p.schedule_id where ob.id = ?`,
    )
    .bind(obligationId)
    .first<Duty>();
}

const invalid = (field: string, message: string) =>
  new AppError("invalid", "invalid_extension_request", message, [{ field, message }]);

interface Person {
  id: string;
  email: string;
  full_name: string;
}

function draftFor(
  person: Person,
  key: string,
  template: string,
  mail: { subject: string; html: string; text: string; headers: Record<string, string> },
  obligationId: string,
): NotificationDraft {
  return {
    idempotencyKey: `${key}:${person.id}`,
    personId: person.id,
    to: person.email,
    template,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers: mail.headers,
    obligationId,
  };
}

/**
 * Records the request and the mails to the reviewers (Commission staff and leaders of the
 * schedule's reviewing organisation); returns the request id and the notification ids to send.
 */
export async function requestExtension(
  db: D1Database,
  input: {
    obligationId: string;
    requestedDueOn: string;
    reason: string;
    actor: Actor;
    appUrl: string;
    now: number;
  },
): Promise<{ id: string; notificationIds: string[] }> {
  const duty = await dutyOf(db, input.obligationId);
  if (!duty) throw new AppError("not_found", "not_found", "Không tìm thấy nghĩa vụ báo cáo");
  if (!(CHASED_STATUSES as readonly string[]).includes(duty.status)) {
    throw new AppError("conflict", "report_locked", "Báo cáo đã nộp hoặc đã được miễn, không cần gia hạn");
  }
  const reason = input.reason.trim();
  if (reason.length < 10) throw invalid("reason", "Vui lòng nêu lý do đề nghị gia hạn (ít nhất 10 ký tự)");
  if (reason.length > 1000) throw invalid("reason", "Lý do quá dài (tối đa 1.000 ký tự)");
  if (!isValidDate(input.requestedDueOn))
    throw invalid("requestedDueOn", "Hạn đề nghị phải là ngày hợp lệ dạng YYYY-MM-DD");
  if (input.requestedDueOn <= duty.effectiveDueOn) {
    throw invalid("requestedDueOn", "Hạn đề nghị phải sau hạn hiện tại");
  }
  if (input.requestedDueOn <= localDate(input.now))
    throw invalid("requestedDueOn", "Hạn đề nghị phải sau hôm nay");
  const id = newId("er_");
  try {
    await db.batch([
      db
        .prepare(
          `insert into extension_requests (id, obligation_id, requested_by, requested_due_on, reason, status, created_at)
           values (?, ?, ?, ?, ?, 'pending', ?)`,
        )
        .bind(id, duty.obligationId, input.actor.personId, input.requestedDueOn, reason, input.now),
      auditStatement(db, {
        at: input.now,
        actorPersonId: input.actor.personId,
        actorKind: input.actor.kind,
        action: "extension.requested",
        entityType: "obligation",
        entityId: duty.obligationId,
        organisationId: duty.organisationId,
        reason,
        data: { requestId: id, requestedDueOn: input.requestedDueOn, currentDueOn: duty.effectiveDueOn },
      }),
    ]);
  } catch (err) {
    if (String(err).includes("UNIQUE")) {
      throw new AppError(
        "conflict",
        "extension_request_pending",
        "Đã có một đề nghị gia hạn đang chờ quyết định",
      );
    }
    throw err;
  }
  const requester = input.actor.personId
    ? await db
        .prepare("select full_name from people where id = ?")
        .bind(input.actor.personId)
        .first<{ full_name: string }>()
    : null;
  const { results: reviewers } = await db
    .prepare(
      `select distinct p.id, p.email, p.full_name from people p join memberships m on m.person_id = p.id
       where m.organisation_id = ? and m.role in ('commission_staff', 'commission_leader') and p.disabled_at is null`,
    )
    .bind(duty.reviewerOrganisationId)
    .all<Person>();
  const drafts = reviewers.map((person) =>
    draftFor(
      person,
      `extension_request:${id}`,
      "extension_requested",
      extensionRequestedEmail({
        recipientName: person.full_name,
        organisationName: duty.organisationName,
        reportTitle: duty.scheduleName,
        periodLabel: duty.periodLabel,
        dueOn: duty.effectiveDueOn,
        formUrl: `${input.appUrl}/duyet/${duty.obligationId}`,
        requesterName: requester?.full_name ?? "người lập báo cáo",
        requestedDueOn: input.requestedDueOn,
        reason,
      }),
      duty.obligationId,
    ),
  );
  return { id, notificationIds: await recordNotifications(db, drafts, input.now) };
}

/**
 * Decides a pending request. The request is claimed first (pending -> decided, compare-and-set),
 * so two reviewers deciding at once cannot both act; granting then moves the deadline, and if
 * that fails the claim is released.
 */
export async function decideExtension(
  db: D1Database,
  input: {
    request: ExtensionRequestRow;
    decision: "grant" | "refuse";
    grantedDueOn?: string | undefined;
    note?: string | undefined;
    actor: Actor;
    appUrl: string;
    now: number;
  },
): Promise<{ notificationIds: string[] }> {
  const { request, actor, now } = input;
  if (request.status !== "pending") {
    throw new AppError("conflict", "extension_request_decided", "Đề nghị này đã được quyết định");
  }
  const duty = await dutyOf(db, request.obligationId);
  if (!duty) throw new AppError("not_found", "not_found", "Không tìm thấy nghĩa vụ báo cáo");
  const note = input.note?.trim() || null;
  if (input.decision === "refuse" && !note) throw invalid("note", "Vui lòng ghi lý do không chấp thuận");
  const grantedDueOn = input.decision === "grant" ? (input.grantedDueOn ?? request.requestedDueOn) : null;
  if (grantedDueOn !== null) {
    if (!isValidDate(grantedDueOn))
      throw invalid("grantedDueOn", "Hạn gia hạn phải là ngày hợp lệ dạng YYYY-MM-DD");
    if (grantedDueOn <= duty.effectiveDueOn) throw invalid("grantedDueOn", "Hạn mới phải sau hạn hiện tại");
  }
  const status = input.decision === "grant" ? "granted" : "refused";
  const claimed = await db.batch([
    db
      .prepare(
        `update extension_requests set status = ?2, decided_by = ?3, decided_at = ?4, granted_due_on = ?5, decision_note = ?6
         where id = ?1 and status = 'pending'`,
      )
      .bind(request.id, status, actor.personId, now, grantedDueOn, note),
    auditStatement(
      db,
      {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: `extension.${status}`,
        entityType: "obligation",
        entityId: request.obligationId,
        organisationId: duty.organisationId,
        reason: note,
        data: { requestId: request.id, requestedDueOn: request.requestedDueOn, grantedDueOn },
      },
      { sql: "changes() = 1", params: [] },
    ),
  ]);
  if ((claimed[0]?.meta.changes ?? 0) !== 1) {
    throw new AppError("conflict", "extension_request_decided", "Đề nghị này vừa được người khác quyết định");
  }
  if (grantedDueOn !== null) {
    try {
      await extendDeadline(db, {
        obligationId: request.obligationId,
        newDueOn: grantedDueOn,
        reason: `Theo đề nghị của đơn vị: ${request.reason}`,
        actor,
        now,
        calendar: await loadCalendar(db),
      });
    } catch (err) {
      await db
        .prepare(
          "update extension_requests set status = 'pending', decided_by = null, decided_at = null, granted_due_on = null, decision_note = null where id = ?",
        )
        .bind(request.id)
        .run();
      if (err instanceof ReportingError) throw new AppError("conflict", `report_${err.code}`, err.message);
      throw err;
    }
  }
  const { results: recipients } = await db
    .prepare(
      `select distinct p.id, p.email, p.full_name from people p where p.disabled_at is null and (p.id = ?1 or p.id in
         (select person_id from memberships where organisation_id = ?2 and role = 'secretary'))`,
    )
    .bind(request.requestedBy, duty.organisationId)
    .all<Person>();
  const drafts = recipients.map((person) =>
    draftFor(
      person,
      `extension_decision:${request.id}`,
      "extension_decided",
      extensionDecidedEmail({
        recipientName: person.full_name,
        organisationName: duty.organisationName,
        reportTitle: duty.scheduleName,
        periodLabel: duty.periodLabel,
        dueOn: grantedDueOn ?? duty.effectiveDueOn,
        formUrl: `${input.appUrl}/bao-cao/${request.obligationId}`,
        granted: grantedDueOn !== null,
        grantedDueOn,
        note,
      }),
      request.obligationId,
    ),
  );
  return { notificationIds: await recordNotifications(db, drafts, now) };
}
