/**
 * The ledger rows a tick records for one obligation's ladder step: the chasing email for a
 * recipient (`ladderDraft`, rendered now so a retry sends the same message, with its chase
 * bundle item) and the markers that record a step as handled without sending anything.
 */
import {
  type ChaseKind,
  type DutyProps,
  dueTodayEmail,
  escalationToCommissionEmail,
  escalationToSuperiorEmail,
  overdueEmail,
  type RenderedEmail,
  reminderBeforeDeadlineEmail,
} from "../../emails";
import type { WorkingCalendar } from "../domain/calendar";
import { deadlineFromStored, deadlineStanding, formatStoredDeadline } from "../domain/deadline";
import type { ScheduledStep } from "../domain/ladder";
import { localDate } from "../domain/time";
import type { NotificationDraft } from "../email/types";
import { unsubscribeUrl } from "../email/unsubscribe";
import type { Config } from "../platform/config";
import type { Recipient } from "./audience";
import type { ChaseBundleData } from "./chase-bundle";
import type { PlanRow } from "./tick.queries";

export function supersededMarker(
  row: PlanRow,
  step: ScheduledStep,
  reason = "Bỏ qua: đã có bước nhắc mới hơn",
): NotificationDraft {
  return markerDraft(row, step, `obl:${row.id}:${step.stepKey}:skip`, null, reason);
}

/** A ladder step handled for one person by their digest preference (their own key, never sent). */
export function digestedMarker(row: PlanRow, step: ScheduledStep, personId: string): NotificationDraft {
  const key = `obl:${row.id}:${step.stepKey.replace(/:[a-z]+$/, "")}:${personId}`;
  return markerDraft(row, step, key, personId, "Gộp vào bản tin theo lựa chọn của người nhận");
}

/** A ledger row that records a step as handled without sending anything. */
function markerDraft(
  row: PlanRow,
  step: ScheduledStep,
  idempotencyKey: string,
  personId: string | null,
  reason: string,
): NotificationDraft {
  return {
    idempotencyKey,
    personId,
    to: "",
    template: "superseded_marker",
    status: "superseded",
    subject: reason,
    html: "",
    text: reason,
    obligationId: row.id,
    stepKey: step.stepKey,
  };
}

/** The email of a due ladder step for one recipient, keyed per obligation, step and person. */
export async function ladderDraft(
  config: Config,
  calendar: WorkingCalendar,
  row: PlanRow,
  step: ScheduledStep,
  recipient: Recipient,
  now: number,
  commissionName: string,
): Promise<NotificationDraft> {
  const nominal = row.extendedDueOn ?? row.dueOn;
  const stored = {
    dueOn: row.dueOn,
    extendedDueOn: row.extendedDueOn,
    effectiveDueOn: row.effectiveDueOn,
  };
  const duty: DutyProps = {
    recipientName: recipient.fullName,
    recipientTitle: recipient.title,
    organisationName: row.organisationName,
    reportTitle: row.scheduleName,
    periodLabel: row.periodLabel,
    dueOn: row.effectiveDueOn,
    dueText: formatStoredDeadline(stored, calendar),
    formUrl: `${config.appUrl}/bao-cao/${row.id}`,
  };
  const today = localDate(now);
  // One rule for every email: working days, from the domain's deadline standing at `now`.
  const standing = deadlineStanding(deadlineFromStored(nominal, row.effectiveDueOn), now, calendar);
  const daysLate = standing.kind === "overdue" ? standing.workingDaysLate : 1;
  let email: RenderedEmail;
  let kind: ChaseKind;
  // Listed in a bundle as working days late ("quá hạn 5 ngày làm việc").
  let workingDays = daysLate;
  let unsubscribe: string;
  switch (step.audience) {
    case "reporters": {
      unsubscribe = await unsubscribeUrl(config, recipient.personId, "reminders");
      if (step.offsetDays < 0) {
        workingDays = standing.kind === "upcoming" ? standing.workingDaysLeft : 1;
        kind = "reminder";
        email = reminderBeforeDeadlineEmail({ ...duty, unsubscribeUrl: unsubscribe, daysLeft: workingDays });
      } else if (step.offsetDays === 0) {
        kind = "due_today";
        email = dueTodayEmail({ ...duty, unsubscribeUrl: unsubscribe, today });
      } else {
        kind = "overdue";
        email = overdueEmail({ ...duty, unsubscribeUrl: unsubscribe, daysLate });
      }
      break;
    }
    case "superior":
      kind = "superior";
      unsubscribe = await unsubscribeUrl(config, recipient.personId, "escalations");
      email = escalationToSuperiorEmail({
        ...duty,
        daysLate,
        unsubscribeUrl: unsubscribe,
        superiorOrganisationName: row.parentName ?? "cấp ủy cấp trên",
      });
      break;
    case "commission":
    case "leadership":
      kind = step.audience;
      unsubscribe = await unsubscribeUrl(config, recipient.personId, "escalations");
      email = escalationToCommissionEmail({
        ...duty,
        daysLate,
        unsubscribeUrl: unsubscribe,
        commissionName,
        audience: step.audience,
      });
      break;
  }
  const bundle: ChaseBundleData = {
    item: {
      kind,
      organisationName: row.organisationName,
      reportTitle: row.scheduleName,
      periodLabel: row.periodLabel,
      dueOn: row.effectiveDueOn,
      dueText: duty.dueText,
      workingDays,
      url: duty.formUrl,
    },
    recipientName: recipient.fullName,
    recipientTitle: recipient.title,
    unsubscribeUrl: unsubscribe,
  };
  return {
    idempotencyKey: `obl:${row.id}:${step.stepKey.replace(/:[a-z]+$/, "")}:${recipient.personId}`,
    personId: recipient.personId,
    to: recipient.email,
    template: step.template,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: email.headers,
    obligationId: row.id,
    stepKey: step.stepKey,
    bundle,
  };
}
