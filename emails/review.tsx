import { formatSubmittedLate } from "../src/domain/deadline";
import { capitalise } from "../src/domain/text";
import { type DutyMail, dutyEmail } from "./duty";
import { formatDate, formatDateTime } from "./format";
import { type DutyProps, dueTextOf, H2, P, type RenderedEmail, serviceHeaders } from "./layout";

const REVIEW_REASON = "Đồng chí nhận thư này vì là người lập hoặc phụ trách báo cáo của tổ chức nêu trên.";

/** Review mail is service mail to the report's people: the same reason, no unsubscribe. */
function review(p: DutyProps, o: Omit<DutyMail, "reason" | "headers">): RenderedEmail {
  return dutyEmail(p, { ...o, reason: REVIEW_REASON, headers: serviceHeaders() });
}

/** The receipt (giấy biên nhận) after a submission: number, time, on time or late. */
export function reportReceivedEmail(
  p: DutyProps & {
    receiptNo: string;
    submittedAt: number;
    versionNo: number;
    onTime: boolean;
    /** Working days late (the domain's `workingDaysLate`), when late. */
    daysLate?: number;
  },
): RenderedEmail {
  const timeliness = p.onTime ? "Đúng hạn" : capitalise(formatSubmittedLate(p.daysLate ?? 1));
  return review(p, {
    subject: `Đã nhận báo cáo (số ${p.receiptNo}): ${p.reportTitle} – ${p.organisationName}`,
    heading: "Xác nhận đã nhận báo cáo",
    intro: `Hệ thống đã nhận ${p.reportTitle} của ${p.organisationName}, kỳ ${p.periodLabel}, lúc ${formatDateTime(p.submittedAt)} (${timeliness.toLowerCase()}, hạn ${dueTextOf(p)}).`,
    facts: [
      ["Số tiếp nhận", p.receiptNo],
      ["Thời điểm nộp", formatDateTime(p.submittedAt)],
      ["Lần nộp", String(p.versionNo)],
      ["Thời hạn", timeliness],
    ],
    action: "Xem báo cáo đã nộp",
  });
}

export interface ReviewComments {
  general?: string | null;
  sections?: { title: string; comment: string }[];
}

/** The reviewer returned the report with comments: the recipient must revise and resubmit. */
export function reportReturnedEmail(
  p: DutyProps & {
    reviewerOrganisationName: string;
    reviewerName?: string | null;
    comments: ReviewComments;
    /** A new due date for the revision, when set. */
    resubmitBy?: string | null;
  },
): RenderedEmail {
  const by = p.resubmitBy ?? p.dueOn;
  const sections = p.comments.sections ?? [];
  return review(p, {
    subject: `Báo cáo cần chỉnh sửa: ${p.reportTitle} – ${p.organisationName} (nộp lại trước ${formatDate(by)})`,
    heading: "Báo cáo được trả lại để chỉnh sửa",
    intro: `${p.reviewerOrganisationName} đã xem ${p.reportTitle} của ${p.organisationName}, kỳ ${p.periodLabel}, và đề nghị chỉnh sửa, bổ sung rồi nộp lại trước ngày ${formatDate(by)}.`,
    facts: [
      ["Người xem xét", [p.reviewerName, p.reviewerOrganisationName].filter(Boolean).join(", ")],
      ["Nộp lại trước", formatDate(by)],
    ],
    action: "Mở báo cáo để chỉnh sửa",
    extraHtml: (
      <>
        <H2>Ý kiến</H2>
        {p.comments.general ? <P>{p.comments.general}</P> : null}
        {sections.map((s) => (
          <P>
            <strong>{s.title}:</strong> {s.comment}
          </P>
        ))}
      </>
    ),
    extraText: [
      "",
      "Ý kiến:",
      ...(p.comments.general ? [p.comments.general] : []),
      ...sections.map((s) => `- ${s.title}: ${s.comment}`),
    ],
  });
}

/** The reviewer accepted the report. */
export function reportAcceptedEmail(
  p: DutyProps & { reviewerOrganisationName: string; acceptedAt: number; comment?: string | null },
): RenderedEmail {
  return review(p, {
    subject: `Báo cáo đã được chấp nhận: ${p.reportTitle} – ${p.organisationName}`,
    heading: "Báo cáo đã được chấp nhận",
    intro: `${p.reviewerOrganisationName} đã chấp nhận ${p.reportTitle} của ${p.organisationName}, kỳ ${p.periodLabel} (hạn ${dueTextOf(p)}), lúc ${formatDateTime(p.acceptedAt)}.`,
    facts: [
      ["Chấp nhận lúc", formatDateTime(p.acceptedAt)],
      ...(p.comment ? ([["Ý kiến", p.comment]] as [string, string][]) : []),
    ],
    action: "Xem báo cáo",
  });
}
