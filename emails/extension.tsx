import { type DutyMail, dutyEmail } from "./duty";
import { formatDate } from "./format";
import { type DutyProps, type RenderedEmail, serviceHeaders } from "./layout";

/** Extension mail is service mail; its salutation names the person alone. */
function mail(p: DutyProps, o: Omit<DutyMail, "headers" | "greeting">): RenderedEmail {
  return dutyEmail(p, { ...o, greeting: `Kính gửi đồng chí ${p.recipientName},`, headers: serviceHeaders() });
}

/** To the reviewers: a reporting organisation asks for more time, with its reason. */
export function extensionRequestedEmail(
  p: DutyProps & { requesterName: string; requestedDueOn: string; reason: string },
): RenderedEmail {
  return mail(p, {
    subject: `Đề nghị gia hạn báo cáo: ${p.organisationName} – ${p.reportTitle}`,
    heading: "Đề nghị gia hạn nộp báo cáo",
    intro: `Đồng chí ${p.requesterName} (${p.organisationName}) đề nghị gia hạn nộp ${p.reportTitle}, kỳ ${p.periodLabel}, đến ngày ${formatDate(p.requestedDueOn)}.`,
    facts: [
      ["Hạn đề nghị", formatDate(p.requestedDueOn)],
      ["Lý do", p.reason],
    ],
    action: "Xem và quyết định",
    reason: "Đồng chí nhận thư này vì đơn vị của đồng chí xem xét báo cáo của tổ chức nêu trên.",
  });
}

/** To the requester and the organisation's secretary: the reviewer's decision. */
export function extensionDecidedEmail(
  p: DutyProps & { granted: boolean; grantedDueOn: string | null; note: string | null },
): RenderedEmail {
  const outcome = p.granted
    ? `Đề nghị gia hạn đã được chấp thuận: hạn mới là ngày ${formatDate(p.grantedDueOn ?? p.dueOn)}.`
    : "Đề nghị gia hạn không được chấp thuận; hạn nộp giữ nguyên.";
  return mail(p, {
    subject: `${p.granted ? "Đã gia hạn" : "Không gia hạn"}: ${p.reportTitle} – ${p.organisationName}`,
    heading: p.granted ? "Đề nghị gia hạn được chấp thuận" : "Đề nghị gia hạn không được chấp thuận",
    intro: outcome,
    facts: p.note ? [["Ý kiến", p.note]] : [],
    action: "Mở báo cáo",
    reason: "Đồng chí nhận thư này vì là người lập hoặc phụ trách báo cáo của tổ chức nêu trên.",
  });
}
