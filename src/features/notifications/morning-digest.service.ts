/** The morning "Hạn báo cáo của đồng chí" digest: what is due within 7 working days or overdue. */
import { type DeadlineItem, morningDeadlinesDigestEmail } from "../../../emails";
import { loadCalendar } from "../../db/calendar";
import type { WorkingCalendar } from "../../domain/calendar";
import { deadlineFromStored, formatDeadline, workingDaysLeftSigned } from "../../domain/deadline";
import { ladderSchedule, type PolicyStep } from "../../domain/ladder";
import { addDays, localDate } from "../../domain/time";
import type { NotificationDraft } from "../../email/types";
import { unsubscribeUrl } from "../../email/unsubscribe";
import type { Config } from "../../platform/config";
import { digestKey, MORNING_HORIZON_DAYS } from "./digests.keys";
import { type DueRow, morningDueRows, type PersonRow } from "./digests.queries";

/** True when a reporters' step of the obligation's ladder falls on `today` (sent at the window's start). */
export function reminderDueToday(
  row: Pick<DueRow, "effective_due_on" | "chase_cycle" | "policy_snapshot">,
  calendar: WorkingCalendar,
  today: string,
): boolean {
  const steps = JSON.parse(row.policy_snapshot) as PolicyStep[];
  return ladderSchedule(
    { effectiveDueOn: row.effective_due_on, chaseCycle: row.chase_cycle },
    steps,
    calendar,
  ).some((s) => s.audience === "reporters" && localDate(s.scheduledAt) === today);
}

export async function morningDrafts(
  db: D1Database,
  config: Config,
  people: PersonRow[],
  now: number,
  periodKey: string,
): Promise<NotificationDraft[]> {
  if (people.length === 0) return [];
  const today = localDate(now);
  const calendar = await loadCalendar(db);
  const results = await morningDueRows(
    db,
    people.map((p) => p.id),
    addDays(today, MORNING_HORIZON_DAYS),
  );
  const drafts: NotificationDraft[] = [];
  for (const person of people) {
    const items: DeadlineItem[] = results
      .filter((r) => r.person_id === person.id)
      // The ladder's own reminder about this report goes to them this morning: not both.
      .filter((r) => r.reminders_in_digest === 1 || !reminderDueToday(r, calendar, today))
      .map((r) => ({
        organisationName: r.organisation_name,
        reportTitle: r.schedule_name,
        periodLabel: r.period_label,
        dueOn: r.effective_due_on,
        dueText: formatDeadline({ nominalOn: r.nominal_due_on, effectiveOn: r.effective_due_on }, calendar),
        daysLeft: workingDaysLeftSigned(
          deadlineFromStored(r.nominal_due_on, r.effective_due_on),
          now,
          calendar,
        ),
        returned: r.status === "returned",
        formUrl: `${config.appUrl}/bao-cao/${r.obligation_id}`,
      }));
    // Only sent when something is due.
    if (items.length === 0) continue;
    const email = morningDeadlinesDigestEmail({
      recipientName: person.full_name,
      recipientTitle: person.title,
      date: today,
      items,
      unsubscribeUrl: await unsubscribeUrl(config, person.id, "morning_deadlines"),
    });
    drafts.push({
      idempotencyKey: digestKey("morning_deadlines", person.id, periodKey),
      personId: person.id,
      to: person.email,
      template: "morning_deadlines",
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
    });
  }
  return drafts;
}
