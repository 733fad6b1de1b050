/**
 * The receipt of a submission: recorded in the send ledger for the submitter and the
 * organisation's secretaries, sent after the response.
 */
import { reportReceivedEmail } from "../../../emails";
import { recordNotifications } from "../../email/ledger";
import type { NotificationDraft } from "../../email/types";
import type { Config, Env } from "../../platform/config";
import { personAndSecretaries } from "./report.queries";
import { daysLate, deadlineText, type ReportContext, type VersionRow } from "./report-context";

/**
 * Records the receipt for the submitter and the organisation's secretaries in the send ledger
 * (one batch) and returns the new notification ids; the caller sends them after the response.
 * The idempotency key `receipt:<versionId>:<personId>` makes a repeat (double submit, retry)
 * record nothing new. A receipt that is recorded but not sent stays pending: the cron tick's
 * retry pass (`sendDueNotifications`) delivers it.
 */
export async function recordReceipts(
  env: Env,
  config: Config,
  ctx: ReportContext,
  version: VersionRow,
  now: number,
): Promise<string[]> {
  const results = await personAndSecretaries(env.DB, version.submittedBy, ctx.organisation.id);
  const drafts: NotificationDraft[] = results.map((person) => {
    const mail = reportReceivedEmail({
      recipientName: person.fullName,
      recipientTitle: person.title,
      organisationName: ctx.organisation.name,
      reportTitle: ctx.schedule.name,
      periodLabel: ctx.period.label,
      dueOn: ctx.obligation.effectiveDueOn,
      dueText: deadlineText(ctx),
      formUrl: `${config.appUrl}/bao-cao/${ctx.obligation.id}/bien-nhan`,
      receiptNo: version.receiptNo,
      submittedAt: version.submittedAt,
      versionNo: version.versionNo,
      onTime: version.onTime,
      daysLate: daysLate(ctx, version.submittedAt),
    });
    return {
      idempotencyKey: `receipt:${version.id}:${person.id}`,
      personId: person.id,
      to: person.email,
      template: "report_received",
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: mail.headers,
      obligationId: ctx.obligation.id,
    };
  });
  return recordNotifications(env.DB, drafts, now);
}
