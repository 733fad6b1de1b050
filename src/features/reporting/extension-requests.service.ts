/**
 * A reporter's request for more time: asked with a reason by the reporting organisation,
 * decided (granted, possibly to another day, or refused with a reason) by those who may extend
 * the deadline. Granting goes through `extendDeadline`, the one way a deadline moves. Every step
 * is audited and mailed: the request to the reviewers, the decision to the requester and the
 * organisation's secretary. One request may be open per obligation at a time.
 */

import { extensionDecidedEmail, extensionRequestedEmail } from "../../../emails";
import { loadCalendar } from "../../db/calendar";
import { CHASED_STATUSES } from "../../domain/ladder";
import { isValidDate, localDate } from "../../domain/time";
import { recordNotifications } from "../../email/ledger";
import type { NotificationDraft } from "../../email/types";
import { newId } from "../../ids";
import { AppError } from "../../platform/errors";
import {
  claimDecision,
  dutyOf,
  type ExtensionRequestRow,
  insertExtensionRequest,
  type Person,
  releaseDecision,
  reviewersOf,
} from "./extension-requests.queries";
import { extendDeadline } from "./obligations.queries";
import { personAndSecretaries, personName } from "./report.queries";
import { type Actor, ReportingError } from "./reporting.types";

const invalid = (field: string, message: string) =>
  new AppError("invalid", "invalid_extension_request", message, [{ field, message }]);

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
    await insertExtensionRequest(db, {
      id,
      duty,
      actor: input.actor,
      requestedDueOn: input.requestedDueOn,
      reason,
      now: input.now,
    });
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
  const requesterName = await personName(db, input.actor.personId);
  const reviewers = await reviewersOf(db, duty.reviewerOrganisationId);
  const drafts = reviewers.map((person) =>
    draftFor(
      person,
      `extension_request:${id}`,
      "extension_requested",
      extensionRequestedEmail({
        recipientName: person.fullName,
        organisationName: duty.organisationName,
        reportTitle: duty.scheduleName,
        periodLabel: duty.periodLabel,
        dueOn: duty.effectiveDueOn,
        formUrl: `${input.appUrl}/duyet/${duty.obligationId}`,
        requesterName: requesterName ?? "người lập báo cáo",
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
  const claimed = await claimDecision(db, {
    request,
    organisationId: duty.organisationId,
    status,
    grantedDueOn,
    note,
    actor,
    now,
  });
  if (!claimed) {
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
      await releaseDecision(db, request.id);
      if (err instanceof ReportingError) throw new AppError("conflict", `report_${err.code}`, err.message);
      throw err;
    }
  }
  const recipients = await personAndSecretaries(db, request.requestedBy, duty.organisationId);
  const drafts = recipients.map((person) =>
    draftFor(
      person,
      `extension_decision:${request.id}`,
      "extension_decided",
      extensionDecidedEmail({
        recipientName: person.fullName,
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
