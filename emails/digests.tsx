import { formatLateness, formatStanding, standingOfWorkingDays } from "../src/domain/deadline";
import { formatChange, formatDate, formatDateTime, formatPercent } from "./format";
import { composeEmail, DataTable, dueTextOf, H2, Link, listHeaders, P, type RenderedEmail } from "./layout";

export interface DigestPeriodStats {
  reportTitle: string;
  periodLabel: string;
  dueOn: string;
  /** The deadline as people read it (domain `formatDeadline`); defaults to `dueOn`. */
  dueText?: string;
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  /** Not submitted and past the deadline's effective date (part of `missing`). */
  overdueMissing: number;
  /** submitted / expected, 0..1 */
  reportingRate: number;
  /** on time / expected, 0..1 */
  timelinessRate: number;
  /** Last week's reporting rate, for the change; null when the period is new. */
  reportingRateLastWeek: number | null;
}

export interface WeeklyDigestProps {
  recipientName: string;
  recipientTitle?: string | null;
  /** The Commission (or provincial commission) whose subtree the digest covers. */
  commissionName: string;
  /** The digest's date, `YYYY-MM-DD`. */
  asOf: string;
  periods: DigestPeriodStats[];
  /** Worst late units first; each links to its obligation. */
  worstLate: {
    organisationName: string;
    periodLabel: string;
    dueOn: string;
    dueText?: string;
    /** Working days late (domain `deadlineStanding`). */
    daysLate: number;
    url: string;
  }[];
  awaitingReview: { organisationName: string; periodLabel: string; submittedAt: number; url: string }[];
  /** The monitoring page (the one button). */
  dashboardUrl: string;
  unsubscribeUrl: string;
  /** Set when next year's working calendar has no entries (holidays would count as working days). */
  calendarWarning?: string | null;
  /** Where an administrator fixes it (/quan-tri/lich), for administrators only. */
  calendarUrl?: string | null;
}

/** Weekly compliance digest for Commission staff. */
export function weeklyComplianceDigestEmail(p: WeeklyDigestProps): RenderedEmail {
  const asOf = formatDate(p.asOf);
  const reason = `Đồng chí nhận thư này vì đăng ký thư tổng hợp hằng tuần của ${p.commissionName}.`;
  const action = "Mở bảng theo dõi";
  const change = (s: DigestPeriodStats) =>
    s.reportingRateLastWeek === null ? "kỳ mới" : formatChange(s.reportingRate - s.reportingRateLastWeek);
  const first = p.periods[0];
  const summary = first
    ? `Kỳ ${first.periodLabel}: đã nộp ${first.submitted}/${first.expected} (${formatPercent(first.reportingRate)}, ${change(first)} so với tuần trước), đúng hạn ${formatPercent(first.timelinessRate)}, còn ${first.missing} đơn vị chưa nộp, trong đó ${first.overdueMissing} đơn vị đã quá hạn.`
    : "Không có kỳ báo cáo nào đang mở.";
  const overdueTotal = p.periods.reduce((n, s) => n + s.overdueMissing, 0);
  const worstHeading =
    p.worstLate.length < overdueTotal
      ? `Đơn vị chậm nhất (${p.worstLate.length} trong số ${overdueTotal} đơn vị quá hạn)`
      : "Đơn vị chậm nhất";
  return composeEmail({
    subject: `Tổng hợp tuần ${asOf} – ${p.commissionName}: ${first ? weeklySubjectFigures(first) : "không có kỳ đang mở"}`,
    preheader: summary,
    heading: `Tình hình báo cáo tuần đến ngày ${asOf}`,
    recipient: p,
    body: (
      <>
        {p.calendarWarning ? (
          <P>
            <strong>Lưu ý: {p.calendarWarning}</strong>
            {p.calendarUrl ? (
              <>
                {" "}
                <Link url={p.calendarUrl}>Mở lịch ngày nghỉ</Link>
              </>
            ) : null}
          </P>
        ) : null}
        <P>
          Tình hình báo cáo thực hiện Chỉ thị trong phạm vi {p.commissionName} đến ngày {asOf}.
        </P>
        <DataTable
          head={[
            "Kỳ báo cáo",
            "Hạn",
            "Đã nộp",
            "Tỷ lệ",
            "So với tuần trước",
            "Đúng hạn",
            "Chưa nộp",
            "Quá hạn chưa nộp",
          ]}
          rows={p.periods.map((s) => [
            `${s.reportTitle} – ${s.periodLabel}`,
            dueTextOf(s),
            `${s.submitted}/${s.expected}`,
            formatPercent(s.reportingRate),
            change(s),
            formatPercent(s.timelinessRate),
            String(s.missing),
            String(s.overdueMissing),
          ])}
        />
        <H2>{worstHeading}</H2>
        {p.worstLate.length === 0 ? (
          <P>Không có đơn vị nào quá hạn.</P>
        ) : (
          <DataTable
            head={["Đơn vị", "Kỳ", "Hạn", "Quá hạn"]}
            rows={p.worstLate.map((u) => [
              <Link url={u.url}>{u.organisationName}</Link>,
              u.periodLabel,
              dueTextOf(u),
              `${u.daysLate} ngày làm việc`,
            ])}
          />
        )}
        <H2>Báo cáo chờ xem xét ({p.awaitingReview.length})</H2>
        {p.awaitingReview.length === 0 ? (
          <P>Không có báo cáo nào đang chờ xem xét.</P>
        ) : (
          <DataTable
            head={["Đơn vị", "Kỳ", "Nộp lúc"]}
            rows={p.awaitingReview.map((r) => [
              <Link url={r.url}>{r.organisationName}</Link>,
              r.periodLabel,
              formatDateTime(r.submittedAt),
            ])}
          />
        )}
      </>
    ),
    lines: [
      ...(p.calendarWarning
        ? [`Lưu ý: ${p.calendarWarning}${p.calendarUrl ? ` ${p.calendarUrl}` : ""}`, ""]
        : []),
      `Tình hình báo cáo thực hiện Chỉ thị trong phạm vi ${p.commissionName} đến ngày ${asOf}.`,
      "",
      ...p.periods.map(
        (s) =>
          `- ${s.reportTitle} – ${s.periodLabel} (hạn ${dueTextOf(s)}): đã nộp ${s.submitted}/${s.expected} (${formatPercent(s.reportingRate)}, ${change(s)}), đúng hạn ${formatPercent(s.timelinessRate)}, chưa nộp ${s.missing}, quá hạn chưa nộp ${s.overdueMissing}.`,
      ),
      "",
      `${worstHeading}:`,
      ...(p.worstLate.length === 0
        ? ["Không có đơn vị nào quá hạn."]
        : p.worstLate.map(
            (u) =>
              `- ${u.organisationName} – ${u.periodLabel}, hạn ${dueTextOf(u)}, ${formatLateness(u.daysLate)}: ${u.url}`,
          )),
      "",
      `Báo cáo chờ xem xét (${p.awaitingReview.length}):`,
      ...p.awaitingReview.map(
        (r) =>
          `- ${r.organisationName} – ${r.periodLabel}, nộp lúc ${formatDateTime(r.submittedAt)}: ${r.url}`,
      ),
    ],
    action: { label: action, url: p.dashboardUrl },
    reason,
    unsubscribeUrl: p.unsubscribeUrl,
    headers: listHeaders("weekly_compliance", p.unsubscribeUrl),
  });
}

/**
 * The subject's figures, from the same numbers as the body's first row (the Commission's own
 * schedule first): "kỳ 6 tháng cuối năm 2026: 40 đơn vị, 7 đã nộp, 33 quá hạn".
 */
export function weeklySubjectFigures(s: DigestPeriodStats): string {
  const pending = s.missing - s.overdueMissing;
  return `kỳ ${s.periodLabel}: ${s.expected} đơn vị, ${s.submitted} đã nộp, ${s.overdueMissing} quá hạn${pending > 0 ? `, ${pending} chưa đến hạn` : ""}`;
}

export interface DeadlineItem {
  organisationName: string;
  reportTitle: string;
  periodLabel: string;
  dueOn: string;
  dueText?: string;
  /** Working days until the deadline (domain `workingDaysLeftSigned`); 0 = today, negative = overdue. */
  daysLeft: number;
  /** Returned reports need revising, others need submitting. */
  returned?: boolean;
  formUrl: string;
}

export interface MorningDigestProps {
  recipientName: string;
  recipientTitle?: string | null;
  /** Today, `YYYY-MM-DD`. */
  date: string;
  /** Only sent when something is due: at least one item. */
  items: DeadlineItem[];
  unsubscribeUrl: string;
}

function when(item: DeadlineItem): string {
  return formatStanding(standingOfWorkingDays(item.daysLeft));
}

/** Morning "your deadlines" digest for secretaries; the button opens the most urgent form. */
export function morningDeadlinesDigestEmail(p: MorningDigestProps): RenderedEmail {
  if (p.items.length === 0) throw new Error("the morning digest is only sent when something is due");
  const items = [...p.items].sort((a, b) => a.daysLeft - b.daysLeft);
  const top = items[0]!;
  const date = formatDate(p.date);
  const overdue = items.filter((i) => i.daysLeft < 0).length;
  const reason =
    "Đồng chí nhận thư này vì đăng ký thư buổi sáng về hạn báo cáo (chỉ gửi khi có việc đến hạn).";
  const action = `Mở báo cáo của ${top.organisationName}`;
  const line = (i: DeadlineItem) =>
    `${i.organisationName}: ${i.reportTitle} – ${i.periodLabel}, hạn ${dueTextOf(i)} (${when(i)})${i.returned ? ", cần chỉnh sửa" : ""}`;
  return composeEmail({
    subject: `Hạn báo cáo ngày ${date}: ${items.length} việc${overdue > 0 ? `, ${overdue} quá hạn` : ""} – ${top.organisationName}`,
    preheader: line(top),
    heading: `Hạn báo cáo của đồng chí ngày ${date}`,
    recipient: p,
    body: (
      <>
        <P>
          Đồng chí có {items.length} báo cáo cần hoàn thành
          {overdue > 0 ? `, trong đó ${overdue} báo cáo đã quá hạn` : ""}.
        </P>
        <DataTable
          head={["Tổ chức", "Báo cáo", "Hạn nộp", "Tình trạng"]}
          rows={items.map((i) => [
            <Link url={i.formUrl}>{i.organisationName}</Link>,
            `${i.reportTitle} – ${i.periodLabel}`,
            dueTextOf(i),
            `${when(i)}${i.returned ? ", cần chỉnh sửa" : ""}`,
          ])}
        />
      </>
    ),
    lines: [
      `Đồng chí có ${items.length} báo cáo cần hoàn thành${overdue > 0 ? `, trong đó ${overdue} báo cáo đã quá hạn` : ""}.`,
      "",
      ...items.map((i) => `- ${line(i)}: ${i.formUrl}`),
    ],
    action: { label: action, url: top.formUrl },
    reason,
    unsubscribeUrl: p.unsubscribeUrl,
    headers: listHeaders("morning_deadlines", p.unsubscribeUrl),
  });
}
