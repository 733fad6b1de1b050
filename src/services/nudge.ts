/**
 * A manual reminder ("Nhắc") from the dashboard: sent through the send ledger to the
 * organisation's secretaries and reporters, at most once per obligation per local day.
 *
 * The day's action key is `nudge:<obligationId>:<YYYY-MM-DD>`; it is recorded as a marker row
 * in the ledger (status `superseded`, nothing to send) in the same batch as the messages
 * (`nudge:<obligationId>:<YYYY-MM-DD>:<personId>`), so a second click, a double submit or two
 * staff clicking at once record nothing new.
 */
import { dueTodayEmail, overdueEmail, reminderBeforeDeadlineEmail } from "../../emails";
import { audit } from "../audit";
import { loadCalendar } from "../db/calendar";
import { localDate } from "../domain/time";
import { recordNotifications, sendNotifications } from "../email/ledger";
import type { NotificationDraft } from "../email/types";
import { unsubscribeUrl } from "../email/unsubscribe";
import { resolveAudiences, uniqueRecipients } from "../engine/audience";
import type { Config, Env } from "../env";
import { AppError, notFound } from "../http/errors";

export interface NudgeResult {
  /** false when the obligation was already nudged today */
  sent: boolean;
  recipients: number;
  idempotencyKey: string;
}

interface NudgeRow {
  id: string;
  status: string;
  effective_due_on: string;
  organisation_id: string;
  organisation_name: string;
  organisation_path: string;
  period_label: string;
  schedule_name: string;
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
  const row = await db
    .prepare(
      `select o.id, o.status, o.effective_due_on, o.organisation_id, org.name as organisation_name,
         org.path as organisation_path, p.label as period_label, s.name as schedule_name
       from obligations o join organisations org on org.id = o.organisation_id
         join periods p on p.id = o.period_id join reporting_schedules s on s.id = p.schedule_id
       where o.id = ?`,
    )
    .bind(obligationId)
    .first<NudgeRow>();
  if (!row) throw notFound("Không tìm thấy nghĩa vụ báo cáo");
  if (!["pending", "draft", "returned"].includes(row.status)) {
    throw new AppError(409, "not_chased", "Báo cáo này đã được nộp hoặc được miễn, không cần nhắc");
  }
  const already = await db
    .prepare("select 1 as x from notifications where idempotency_key = ?")
    .bind(key)
    .first();
  if (already) return { sent: false, recipients: 0, idempotencyKey: key };

  const audiences = await resolveAudiences(db, [{ id: row.organisation_id, path: row.organisation_path }]);
  const recipients = uniqueRecipients(audiences(row.organisation_id, "reporters")).filter((r) => !r.bounced);
  const calendar = await loadCalendar(db);
  const today = localDate(now);
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
      organisationName: row.organisation_name,
      reportTitle: row.schedule_name,
      periodLabel: row.period_label,
      dueOn: row.effective_due_on,
      formUrl: `${config.appUrl}/bao-cao/${row.id}`,
      unsubscribeUrl: await unsubscribeUrl(config, r.personId, "reminders"),
    };
    const email =
      today > row.effective_due_on
        ? overdueEmail({
            ...duty,
            daysLate: Math.max(1, calendar.workingDaysBetween(row.effective_due_on, today)),
          })
        : today === row.effective_due_on
          ? dueTodayEmail(duty)
          : reminderBeforeDeadlineEmail({
              ...duty,
              daysLeft: Math.max(1, calendar.workingDaysBetween(today, row.effective_due_on)),
            });
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
    organisationId: row.organisation_id,
    data: { idempotencyKey: key, recipients: recipients.map((r) => r.personId) },
    ip: input.ip ?? null,
  });
  await sendNotifications(env, config, created, now);
  return { sent: true, recipients: recipients.length, idempotencyKey: key };
}
