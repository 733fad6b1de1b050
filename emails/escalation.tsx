import { formatLateness } from "../src/domain/deadline";
import { dutyEmail } from "./duty";
import { formatDate } from "./format";
import { type DutyProps, dueTextOf, listHeaders, type RenderedEmail, serviceHeaders } from "./layout";

/** A contact at the late organisation, so the superior can call. */
export interface Contact {
  name: string;
  email?: string | null;
  phone?: string | null;
}

export interface EscalationProps extends DutyProps {
  /** Working days late, from the domain's `deadlineStanding`. */
  daysLate: number;
  /** Reminders already sent to the organisation. */
  remindersSent?: number;
  contacts?: Contact[];
  /** One-click link to receive escalations through the digests instead of separate mail. */
  unsubscribeUrl?: string;
}

function contactText(c: Contact): string {
  return [c.name, c.phone, c.email].filter(Boolean).join(" – ");
}

function escalation(
  p: EscalationProps,
  o: { subject: string; heading: string; intro: string; reason: string },
): RenderedEmail {
  const facts: [string, string][] = [
    ["Tình trạng", `Chưa nộp – ${formatLateness(p.daysLate)}`],
    ...(p.remindersSent ? ([["Đã nhắc", `${p.remindersSent} lần`]] as [string, string][]) : []),
    ...(p.contacts?.length
      ? ([["Liên hệ", p.contacts.map(contactText).join("; ")]] as [string, string][])
      : []),
  ];
  // The late units stay on the dashboard and in the digests whatever the recipient chooses.
  const headers = p.unsubscribeUrl ? listHeaders("escalations", p.unsubscribeUrl) : serviceHeaders();
  return dutyEmail(p, {
    ...o,
    facts,
    action: "Xem tình trạng báo cáo",
    headers,
    unsubscribeUrl: p.unsubscribeUrl,
  });
}

/** Escalation to the superior committee of a late organisation. */
export function escalationToSuperiorEmail(
  p: EscalationProps & { superiorOrganisationName: string },
): RenderedEmail {
  const due = dueTextOf(p);
  const late = formatLateness(p.daysLate);
  return escalation(p, {
    subject: `Đơn vị trực thuộc ${late}: ${p.organisationName} chưa nộp ${p.reportTitle} (hạn ${formatDate(p.dueOn)})`,
    heading: "Đơn vị trực thuộc chậm nộp báo cáo",
    intro: `${p.organisationName}, trực thuộc ${p.superiorOrganisationName}, chưa nộp ${p.reportTitle}, kỳ ${p.periodLabel}. Hạn nộp là ngày ${due}; đã ${late}. Đề nghị đồng chí chỉ đạo đơn vị khẩn trương hoàn thành.`,
    reason: `Đồng chí nhận thư này với tư cách lãnh đạo/cán bộ của ${p.superiorOrganisationName}, cấp trên trực tiếp của đơn vị chậm báo cáo.`,
  });
}

/** Escalation to the Commission (audience "commission") or its leadership ("leadership"). */
export function escalationToCommissionEmail(
  p: EscalationProps & { commissionName: string; audience: "commission" | "leadership" },
): RenderedEmail {
  const due = dueTextOf(p);
  const late = formatLateness(p.daysLate);
  const leaders = p.audience === "leadership";
  return escalation(p, {
    subject: `${leaders ? "Báo cáo lãnh đạo Ban" : "Đôn đốc báo cáo"}: ${p.organisationName} ${late} nộp ${p.reportTitle} (hạn ${formatDate(p.dueOn)})`,
    heading: leaders ? "Báo cáo lãnh đạo Ban: đơn vị chậm báo cáo kéo dài" : "Đơn vị chậm nộp báo cáo",
    intro: `${p.organisationName} chưa nộp ${p.reportTitle}, kỳ ${p.periodLabel}. Hạn nộp là ngày ${due}; đã ${late} dù đã được nhắc, đôn đốc và báo cáo cấp trên.`,
    reason: `Đồng chí nhận thư này với tư cách ${leaders ? "lãnh đạo" : "cán bộ theo dõi"} của ${p.commissionName}.`,
  });
}
