import { formatLateness, formatRemaining, formatStanding } from "../src/domain/deadline";
import { capitalise } from "../src/domain/text";
import { dutyEmail } from "./duty";
import { formatDate } from "./format";
import { type DutyProps, dueTextOf, listHeaders, type RenderedEmail, serviceHeaders } from "./layout";

/** Reminder mail carries one-click unsubscribe (which moves reminders into the morning digest). */
export interface ReminderProps extends DutyProps {
  unsubscribeUrl: string;
}

const REMINDER_REASON =
  "Đồng chí nhận thư này vì được giao theo dõi báo cáo của tổ chức nêu trên. Nhắc nhở sẽ dừng ngay khi báo cáo được nộp.";

/** A period opened: the organisation now has a report to submit. Service mail (no unsubscribe). */
export function periodOpenedEmail(
  p: DutyProps & { cutoffStart?: string; cutoffEnd?: string },
): RenderedEmail {
  const due = dueTextOf(p);
  const cutoff =
    p.cutoffStart && p.cutoffEnd
      ? ` Số liệu tính từ ${formatDate(p.cutoffStart)} đến ${formatDate(p.cutoffEnd)}.`
      : "";
  return dutyEmail(p, {
    subject: `Mở kỳ báo cáo: ${p.reportTitle} – ${p.organisationName} (hạn ${formatDate(p.dueOn)})`,
    heading: "Kỳ báo cáo mới đã mở",
    intro: `${p.organisationName} cần nộp ${p.reportTitle}, kỳ ${p.periodLabel}, chậm nhất ngày ${due}.${cutoff}`,
    facts: [["Tình trạng", "Chưa nộp"]],
    action: "Mở mẫu báo cáo",
    reason: "Đồng chí nhận thư này vì được giao lập báo cáo của tổ chức nêu trên.",
    headers: serviceHeaders(),
  });
}

/** Reminder N working days before the deadline (from the domain's `deadlineStanding`). */
export function reminderBeforeDeadlineEmail(p: ReminderProps & { daysLeft: number }): RenderedEmail {
  const due = dueTextOf(p);
  const left = formatRemaining(p.daysLeft);
  return dutyEmail(p, {
    subject: `Nhắc hạn: ${left} để ${p.organisationName} nộp ${p.reportTitle} (hạn ${formatDate(p.dueOn)})`,
    heading: `${capitalise(left)} đến hạn nộp báo cáo`,
    intro: `${p.organisationName} chưa nộp ${p.reportTitle}, kỳ ${p.periodLabel}. Hạn nộp là ngày ${due} (${left}).`,
    facts: [["Tình trạng", `Chưa nộp – ${left}`]],
    action: "Mở mẫu báo cáo",
    reason: REMINDER_REASON,
    headers: listHeaders("reminders", p.unsubscribeUrl),
    unsubscribeUrl: p.unsubscribeUrl,
  });
}

/**
 * The last day of the deadline is today. `today` is the day the email is sent, which is the
 * effective date (a deadline on a day off is chased on the next working day).
 */
export function dueTodayEmail(p: ReminderProps & { today: string }): RenderedEmail {
  const today = formatDate(p.today);
  const due = dueTextOf(p);
  return dutyEmail(p, {
    subject: `Hôm nay (${today}) là hạn cuối nộp ${p.reportTitle} của ${p.organisationName}`,
    heading: "Hôm nay là hạn cuối nộp báo cáo",
    intro: `${p.organisationName} chưa nộp ${p.reportTitle}, kỳ ${p.periodLabel}. Hạn nộp: ${due}; hôm nay, ngày ${today}, là ngày cuối để nộp đúng hạn.`,
    facts: [["Tình trạng", `Chưa nộp – ${formatStanding({ kind: "due_today" })}`]],
    action: "Nộp báo cáo ngay",
    reason: REMINDER_REASON,
    headers: listHeaders("reminders", p.unsubscribeUrl),
    unsubscribeUrl: p.unsubscribeUrl,
  });
}

/** Overdue notice to the organisation's own secretary and reporters (lateness in working days). */
export function overdueEmail(p: ReminderProps & { daysLate: number }): RenderedEmail {
  const due = dueTextOf(p);
  const late = formatLateness(p.daysLate);
  return dutyEmail(p, {
    subject: `${capitalise(late)}: ${p.organisationName} chưa nộp ${p.reportTitle} (hạn ${formatDate(p.dueOn)})`,
    heading: `Báo cáo đã ${late}`,
    intro: `${p.organisationName} chưa nộp ${p.reportTitle}, kỳ ${p.periodLabel}. Hạn nộp là ngày ${due}; báo cáo đã ${late}. Nếu chưa nộp, việc chậm báo cáo sẽ được thông báo tới cấp ủy cấp trên.`,
    facts: [["Tình trạng", capitalise(late)]],
    action: "Nộp báo cáo ngay",
    reason: REMINDER_REASON,
    headers: listHeaders("reminders", p.unsubscribeUrl),
    unsubscribeUrl: p.unsubscribeUrl,
  });
}
