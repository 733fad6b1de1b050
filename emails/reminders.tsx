import { formatDate } from "./format";
import {
  Button,
  type DutyProps,
  dutyFacts,
  EmailLayout,
  Facts,
  factLines,
  listHeaders,
  P,
  type RenderedEmail,
  renderHtml,
  renderText,
  salutation,
  serviceHeaders,
  subjectLine,
} from "./layout";

/** Reminder mail carries one-click unsubscribe (which moves reminders into the morning digest). */
export interface ReminderProps extends DutyProps {
  unsubscribeUrl: string;
}

const REMINDER_REASON =
  "Đồng chí nhận thư này vì được giao theo dõi báo cáo của tổ chức nêu trên. Nhắc nhở sẽ dừng ngay khi báo cáo được nộp.";

function duty(
  p: DutyProps,
  o: {
    subject: string;
    heading: string;
    intro: string;
    status: string;
    action: string;
    reason: string;
    headers: Record<string, string>;
    unsubscribeUrl?: string;
  },
): RenderedEmail {
  const facts: [string, string][] = [...dutyFacts(p), ["Tình trạng", o.status]];
  const html = renderHtml(
    <EmailLayout preheader={o.intro} heading={o.heading} reason={o.reason} unsubscribeUrl={o.unsubscribeUrl}>
      <P>{salutation(p.recipientName, p.recipientTitle)}</P>
      <P>{o.intro}</P>
      <Facts rows={facts} />
      <Button url={p.formUrl} label={o.action} />
    </EmailLayout>,
  );
  const text = renderText({
    greeting: salutation(p.recipientName, p.recipientTitle),
    lines: [o.intro, "", ...factLines(facts)],
    action: { label: o.action, url: p.formUrl },
    reason: o.reason,
    unsubscribeUrl: o.unsubscribeUrl,
  });
  return { subject: subjectLine(o.subject), html, text, headers: o.headers };
}

/** A period opened: the organisation now has a report to submit. Service mail (no unsubscribe). */
export function periodOpenedEmail(
  p: DutyProps & { cutoffStart?: string; cutoffEnd?: string },
): RenderedEmail {
  const due = formatDate(p.dueOn);
  const cutoff =
    p.cutoffStart && p.cutoffEnd
      ? ` Số liệu tính từ ${formatDate(p.cutoffStart)} đến ${formatDate(p.cutoffEnd)}.`
      : "";
  return duty(p, {
    subject: `Mở kỳ báo cáo: ${p.reportTitle} – ${p.organisationName} (hạn ${due})`,
    heading: "Kỳ báo cáo mới đã mở",
    intro: `${p.organisationName} cần nộp ${p.reportTitle}, kỳ ${p.periodLabel}, chậm nhất ngày ${due}.${cutoff}`,
    status: "Chưa nộp",
    action: "Mở mẫu báo cáo",
    reason: "Đồng chí nhận thư này vì được giao lập báo cáo của tổ chức nêu trên.",
    headers: serviceHeaders(),
  });
}

/** Reminder N days before the deadline. */
export function reminderBeforeDeadlineEmail(p: ReminderProps & { daysLeft: number }): RenderedEmail {
  const due = formatDate(p.dueOn);
  return duty(p, {
    subject: `Nhắc hạn: còn ${p.daysLeft} ngày để ${p.organisationName} nộp ${p.reportTitle} (hạn ${due})`,
    heading: `Còn ${p.daysLeft} ngày đến hạn nộp báo cáo`,
    intro: `${p.organisationName} chưa nộp ${p.reportTitle}, kỳ ${p.periodLabel}. Hạn nộp là ngày ${due} (còn ${p.daysLeft} ngày).`,
    status: `Chưa nộp – còn ${p.daysLeft} ngày`,
    action: "Mở mẫu báo cáo",
    reason: REMINDER_REASON,
    headers: listHeaders("reminders", p.unsubscribeUrl),
    unsubscribeUrl: p.unsubscribeUrl,
  });
}

/** The deadline is today. */
export function dueTodayEmail(p: ReminderProps): RenderedEmail {
  const due = formatDate(p.dueOn);
  return duty(p, {
    subject: `Hôm nay (${due}) là hạn nộp ${p.reportTitle} của ${p.organisationName}`,
    heading: "Hôm nay là hạn nộp báo cáo",
    intro: `${p.organisationName} chưa nộp ${p.reportTitle}, kỳ ${p.periodLabel}. Hạn nộp là hôm nay, ngày ${due}.`,
    status: "Chưa nộp – đến hạn hôm nay",
    action: "Nộp báo cáo ngay",
    reason: REMINDER_REASON,
    headers: listHeaders("reminders", p.unsubscribeUrl),
    unsubscribeUrl: p.unsubscribeUrl,
  });
}

/** Overdue notice to the organisation's own secretary and reporters. */
export function overdueEmail(p: ReminderProps & { daysLate: number }): RenderedEmail {
  const due = formatDate(p.dueOn);
  return duty(p, {
    subject: `Quá hạn ${p.daysLate} ngày: ${p.organisationName} chưa nộp ${p.reportTitle} (hạn ${due})`,
    heading: `Báo cáo đã quá hạn ${p.daysLate} ngày`,
    intro: `${p.organisationName} chưa nộp ${p.reportTitle}, kỳ ${p.periodLabel}. Hạn nộp là ngày ${due}; báo cáo đã quá hạn ${p.daysLate} ngày. Nếu chưa nộp, việc chậm báo cáo sẽ được thông báo tới cấp ủy cấp trên.`,
    status: `Quá hạn ${p.daysLate} ngày`,
    action: "Nộp báo cáo ngay",
    reason: REMINDER_REASON,
    headers: listHeaders("reminders", p.unsubscribeUrl),
    unsubscribeUrl: p.unsubscribeUrl,
  });
}
