/**
 * A manual reminder ("Nhắc") from the dashboard: sent through the send ledger to the
 * organisation's secretaries and reporters, at most once per obligation per local day.
 *
 * The day's action key is `nudge:<obligationId>:<YYYY-MM-DD>`; it is recorded as a marker row
 * in the ledger (status `superseded`, nothing to send) in the same batch as the messages
 * (`nudge:<obligationId>:<YYYY-MM-DD>:<personId>`), so a second click, a double submit or two
 * staff clicking at once record nothing new.
 */
import { dueTodayEmail, overdueEmail, reminderBeforeDeadlineEmail } from "../../../emails";
import { audit } from "../../audit";
import { loadCalendar } from "../../db/calendar";
import { nextSendingInstant } from "../../domain/calendar";
import { deadlineFromStored, deadlineStanding, formatDeadline } from "../../domain/deadline";
import { OPEN_OBLIGATION_STATUSES } from "../../domain/status-labels";
import { localDate } from "../../domain/time";
import { recordNotifications, sendNotifications } from "../../email/ledger";
import type { NotificationDraft } from "../../email/types";
import { unsubscribeUrl } from "../../email/unsubscribe";
import { resolveAudiences, uniqueRecipients } from "../../engine/audience";
import type { Config, Env } from "../../platform/config";
import { AppError, notFound } from "../../platform/errors";
import { ledgerHas, obligationToNudge } from "./nudge.queries";

export interface NudgeResult {
  /** false when the obligation was already nudged today */
  sent: boolean;
  /** When the messages go out: now, or the next sending window when asked on a day off or at night. */
  sendAt?: number;
  recipients: number;
  idempotencyKey: string;
}

export function nudgeKey(obligationId: string, now: number): string {
  return `nudge:${obligationId}:${localDate(now)}`;
}

export async function nudgeObligation(
  env: Env,
  config: Config,
  input: {
    obligationId: string;
    actorPersonId: string;
    /** Who pressed "Nhắc": a person, or a machine with an API token (audited as such). */
    actorKind: "person" | "token";
    now: number;
    ip?: string | null;
  },
): Promise<NudgeResult> {
  const db = env.DB;
  const { obligationId, now } = input;
  const key = nudgeKey(obligationId, now);
  const row = await obligationToNudge(db, obligationId);
  if (!row) throw notFound("Không tìm thấy nghĩa vụ báo cáo");
  if (!OPEN_OBLIGATION_STATUSES.includes(row.status)) {
    throw new AppError("conflict", "not_chased", "Báo cáo này đã được nộp hoặc được miễn, không cần nhắc");
  }
  const already = await ledgerHas(db, key);
  if (already) return { sent: false, recipients: 0, idempotencyKey: key };

  const audiences = await resolveAudiences(db, [{ id: row.organisationId, path: row.organisationPath }]);
  const recipients = uniqueRecipients(audiences(row.organisationId, "reporters")).filter((r) => !r.bounced);
  const calendar = await loadCalendar(db);
  // Scheduled email is never sent on a day off or outside the window: the nudge waits for the
  // next window and is worded as of that day ("Hôm nay" names the day it is sent).
  const sendAt = nextSendingInstant(now, calendar);
  const today = localDate(sendAt);
  const deadline = deadlineFromStored(row.extendedDueOn ?? row.dueOn, row.effectiveDueOn);
  const standing = deadlineStanding(deadline, sendAt, calendar);
  const drafts: NotificationDraft[] = [
    {
      idempotencyKey: key,
      personId: null,
      to: "",
      template: "nudge_marker",
      status: "superseded",
      subject: "Nhắc thủ công",
      html: "",
      text: `Nhắc thủ công bởi ${input.actorPersonId}`,
      obligationId,
    },
  ];
  for (const r of recipients) {
    const duty = {
      recipientName: r.fullName,
      organisationName: row.organisationName,
      reportTitle: row.scheduleName,
      periodLabel: row.periodLabel,
      dueOn: row.effectiveDueOn,
      dueText: formatDeadline(deadline, calendar),
      formUrl: `${config.appUrl}/bao-cao/${row.id}`,
      unsubscribeUrl: await unsubscribeUrl(config, r.personId, "reminders"),
    };
    const email =
      standing.kind === "overdue"
        ? overdueEmail({ ...duty, daysLate: standing.workingDaysLate })
        : standing.kind === "due_today"
          ? dueTodayEmail({ ...duty, today })
          : reminderBeforeDeadlineEmail({ ...duty, daysLeft: standing.workingDaysLeft });
    drafts.push({
      idempotencyKey: `${key}:${r.personId}`,
      personId: r.personId,
      to: r.email,
      template: "manual_nudge",
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
      obligationId,
      sendAt,
    });
  }
  const created = await recordNotifications(db, drafts, now);
  // Nothing new: another click recorded today's nudge between our check and our insert.
  if (created.length === 0) return { sent: false, recipients: 0, idempotencyKey: key };
  await audit(db, {
    at: now,
    actorKind: input.actorKind,
    actorPersonId: input.actorPersonId,
    action: "obligation.nudged",
    entityType: "obligation",
    entityId: obligationId,
    organisationId: row.organisationId,
    data: { idempotencyKey: key, recipients: recipients.map((r) => r.personId) },
    ip: input.ip ?? null,
  });
  // Deferred messages stay pending until `sendAt`; the tick's send pass delivers them then.
  if (sendAt <= now) await sendNotifications(env, config, created, now);
  return { sent: true, sendAt, recipients: recipients.length, idempotencyKey: key };
}
