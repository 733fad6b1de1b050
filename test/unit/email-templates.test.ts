import { describe, expect, it } from "vitest";
import {
  chaseBundleEmail,
  type DutyProps,
  dueTodayEmail,
  escalationToCommissionEmail,
  escalationToSuperiorEmail,
  morningDeadlinesDigestEmail,
  overdueEmail,
  periodOpenedEmail,
  type RenderedEmail,
  reminderBeforeDeadlineEmail,
  reportAcceptedEmail,
  reportReceivedEmail,
  reportReturnedEmail,
  weeklyComplianceDigestEmail,
} from "../../emails";
import { formatDate, formatDateTime } from "../../emails/format";
import { formatStanding, standingOfWorkingDays } from "../../src/domain/deadline";

const UNSUB =
  "https://theodoi.example.vn/huy-dang-ky?token=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG&p=p1&k=reminders";
const FORM = "https://theodoi.example.vn/bao-cao/ob_123?ky=2026-h1&x=1";

function duty(org = "Đảng ủy xã Tân Hòa"): DutyProps {
  return {
    recipientName: "Nguyễn Văn Á",
    organisationName: org,
    reportTitle: "Báo cáo 6 tháng thực hiện Chỉ thị 52-CT/TW",
    periodLabel: "6 tháng đầu năm 2026",
    dueOn: "2026-06-20",
    formUrl: FORM,
  };
}

type Case = [
  name: string,
  render: (org: string) => RenderedEmail,
  unsubscribe: string | null,
  dueText: string,
];

const AT = Date.UTC(2026, 5, 22, 2, 30); // 09:30 22/06/2026 in Vietnam

const cases: Case[] = [
  [
    "period opened",
    (org) => periodOpenedEmail({ ...duty(org), cutoffStart: "2025-12-15", cutoffEnd: "2026-06-14" }),
    null,
    "20/06/2026",
  ],
  [
    "reminder before deadline",
    (org) => reminderBeforeDeadlineEmail({ ...duty(org), daysLeft: 3, unsubscribeUrl: UNSUB }),
    "nhac-han",
    "20/06/2026",
  ],
  [
    "due today",
    (org) => dueTodayEmail({ ...duty(org), unsubscribeUrl: UNSUB, today: "2026-06-20" }),
    "nhac-han",
    "20/06/2026",
  ],
  [
    "overdue",
    (org) => overdueEmail({ ...duty(org), daysLate: 2, unsubscribeUrl: UNSUB }),
    "nhac-han",
    "20/06/2026",
  ],
  [
    "escalation to superior",
    (org) =>
      escalationToSuperiorEmail({
        ...duty(org),
        daysLate: 7,
        superiorOrganisationName: "Đảng ủy phường Ba Đình",
        remindersSent: 5,
        contacts: [{ name: "Lê Thị C", phone: "0912 345 678", email: "c@xa.vn" }],
      }),
    null,
    "20/06/2026",
  ],
  [
    "escalation to the Commission",
    (org) =>
      escalationToCommissionEmail({
        ...duty(org),
        daysLate: 12,
        commissionName: "Ban Tuyên giáo và Dân vận Thành ủy",
        audience: "commission",
      }),
    null,
    "20/06/2026",
  ],
  [
    "escalation to leadership",
    (org) =>
      escalationToCommissionEmail({
        ...duty(org),
        daysLate: 12,
        commissionName: "Ban Tuyên giáo và Dân vận Thành ủy",
        audience: "leadership",
      }),
    null,
    "20/06/2026",
  ],
  [
    "report received",
    (org) =>
      reportReceivedEmail({
        ...duty(org),
        receiptNo: "BN-2026-000123",
        submittedAt: AT,
        versionNo: 1,
        onTime: false,
        daysLate: 2,
      }),
    null,
    "22/06/2026",
  ],
  [
    "report returned",
    (org) =>
      reportReturnedEmail({
        ...duty(org),
        reviewerOrganisationName: "Ban Tuyên giáo và Dân vận Thành ủy",
        comments: {
          general: "Bổ sung số liệu",
          sections: [{ title: "Mục 2", comment: "Thiếu tỷ lệ bao phủ" }],
        },
        resubmitBy: "2026-06-30",
      }),
    null,
    "30/06/2026",
  ],
  [
    "report accepted",
    (org) =>
      reportAcceptedEmail({
        ...duty(org),
        reviewerOrganisationName: "Ban Tuyên giáo và Dân vận Thành ủy",
        acceptedAt: AT,
      }),
    null,
    "20/06/2026",
  ],
  [
    "weekly compliance digest",
    (org) =>
      weeklyComplianceDigestEmail({
        recipientName: "Phạm Văn D",
        commissionName: "Ban Tuyên giáo và Dân vận Trung ương",
        asOf: "2026-06-22",
        periods: [
          {
            reportTitle: "Báo cáo 6 tháng",
            periodLabel: "6 tháng đầu năm 2026",
            dueOn: "2026-06-20",
            expected: 40,
            submitted: 31,
            onTime: 28,
            late: 3,
            missing: 9,
            overdueMissing: 9,
            reportingRate: 0.775,
            timelinessRate: 0.7,
            reportingRateLastWeek: 0.5,
          },
        ],
        worstLate: [
          {
            organisationName: org,
            periodLabel: "6 tháng đầu năm 2026",
            dueOn: "2026-06-20",
            daysLate: 2,
            url: FORM,
          },
        ],
        awaitingReview: [
          {
            organisationName: "Tỉnh ủy Lào Cai",
            periodLabel: "6 tháng đầu năm 2026",
            submittedAt: AT,
            url: "https://theodoi.example.vn/x",
          },
        ],
        dashboardUrl: FORM,
        unsubscribeUrl: UNSUB,
      }),
    "tong-hop-tuan",
    "20/06/2026",
  ],
  [
    "morning deadlines digest",
    (org) =>
      morningDeadlinesDigestEmail({
        recipientName: "Nguyễn Văn Á",
        date: "2026-06-18",
        items: [
          {
            organisationName: "Chi bộ thôn 3",
            reportTitle: "Báo cáo quý",
            periodLabel: "Quý II/2026",
            dueOn: "2026-06-25",
            daysLeft: 7,
            formUrl: "https://theodoi.example.vn/y",
          },
          {
            organisationName: org,
            reportTitle: "Báo cáo 6 tháng",
            periodLabel: "6 tháng đầu năm 2026",
            dueOn: "2026-06-20",
            daysLeft: 2,
            formUrl: FORM,
          },
        ],
        unsubscribeUrl: UNSUB,
      }),
    "han-bao-cao",
    "20/06/2026",
  ],
];

const HOSTILE = `<script>alert("x")</script> & <b>Đảng ủy</b>`;

describe("email templates", () => {
  it.each(cases)(
    "%s: states organisation, dd/mm/yyyy date and one button to the form",
    (_name, render, _u, dueText) => {
      const mail = render("Đảng ủy xã Tân Hòa");
      for (const part of [mail.html, mail.text]) {
        expect(part).toContain("Đảng ủy xã Tân Hòa");
        expect(part).toContain(dueText);
        expect(part).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      }
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.subject.length).toBeGreaterThan(10);
      expect(mail.html.startsWith('<!DOCTYPE html><html lang="vi">')).toBe(true);
      // The button URL is in the HTML (attribute-escaped) and in the text part verbatim.
      expect(mail.html).toContain(`href="${FORM.replace(/&/g, "&amp;")}"`);
      expect(mail.text).toContain(FORM);
      // Exactly one button (the bulletproof table cell with the button background).
      expect(mail.html.match(/border-radius:6px;background:#0550ae/g)).toHaveLength(1);
      // Table layout with inline styles, readable on a phone.
      expect(mail.html).toContain('role="presentation"');
      expect(mail.html).toContain("max-width:600px");
      expect(mail.html).not.toContain("<style");
    },
  );

  it.each(cases)("%s: escapes HTML in user-provided text", (_name, render) => {
    const mail = render(HOSTILE);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>Đảng ủy</b>");
    expect(mail.html).toContain("&lt;script&gt;");
    // The plain-text part keeps the text as typed.
    expect(mail.text).toContain(HOSTILE);
  });

  it.each(cases)("%s: unsubscribe headers exactly where required", (_name, render, listId) => {
    const mail = render("Đảng ủy xã Tân Hòa");
    expect(mail.headers["Auto-Submitted"]).toBe("auto-generated");
    if (listId === null) {
      expect(mail.headers["List-Unsubscribe"]).toBeUndefined();
      expect(mail.headers["List-Unsubscribe-Post"]).toBeUndefined();
      expect(mail.html).not.toContain("Hủy đăng ký");
      expect(mail.text).not.toContain("huy-dang-ky");
    } else {
      expect(mail.headers["List-Unsubscribe"]).toBe(`<${UNSUB}>`);
      expect(mail.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
      expect(mail.headers["List-Id"]).toBe(`<${listId}.theodoi.example.vn>`);
      expect(mail.html).toContain(UNSUB.replace(/&/g, "&amp;"));
      expect(mail.text).toContain(UNSUB);
    }
  });

  it("says how late and on time or late", () => {
    expect(overdueEmail({ ...duty(), daysLate: 4, unsubscribeUrl: UNSUB }).subject).toContain(
      "Quá hạn 4 ngày",
    );
    const late = reportReceivedEmail({
      ...duty(),
      receiptNo: "BN-1",
      submittedAt: AT,
      versionNo: 2,
      onTime: false,
      daysLate: 2,
    });
    expect(late.text).toContain("Thời hạn: Nộp muộn 2 ngày làm việc");
    expect(late.text).toContain("Số tiếp nhận: BN-1");
    expect(late.text).toContain("09:30 22/06/2026");
    const onTime = reportReceivedEmail({
      ...duty(),
      receiptNo: "BN-2",
      submittedAt: AT,
      versionNo: 1,
      onTime: true,
    });
    expect(onTime.text).toContain("Thời hạn: Đúng hạn");
  });

  it("the weekly digest's subject carries the body's own figures (first row)", () => {
    const stats = {
      reportTitle: "Báo cáo 6 tháng",
      periodLabel: "6 tháng cuối năm 2026",
      dueOn: "2026-12-20",
      expected: 40,
      submitted: 7,
      onTime: 6,
      late: 1,
      missing: 33,
      overdueMissing: 33,
      reportingRate: 7 / 40,
      timelinessRate: 6 / 40,
      reportingRateLastWeek: null,
    };
    const mail = weeklyComplianceDigestEmail({
      recipientName: "Phạm Văn D",
      commissionName: "Ban Tuyên giáo và Dân vận Trung ương",
      asOf: "2026-12-28",
      periods: [
        stats,
        { ...stats, periodLabel: "Quý IV/2026", expected: 5, submitted: 5, missing: 0, overdueMissing: 0 },
      ],
      worstLate: [
        { organisationName: "Tỉnh ủy A", periodLabel: "x", dueOn: "2026-12-21", daysLate: 5, url: FORM },
      ],
      awaitingReview: [],
      dashboardUrl: FORM,
      unsubscribeUrl: UNSUB,
    });
    expect(mail.subject).toBe(
      "Tổng hợp tuần 28/12/2026 – Ban Tuyên giáo và Dân vận Trung ương: kỳ 6 tháng cuối năm 2026: 40 đơn vị, 7 đã nộp, 33 quá hạn",
    );
    // The same numbers in the body: the first row, and the list says it is shortened.
    expect(mail.text).toContain("đã nộp 7/40");
    expect(mail.text).toContain("quá hạn chưa nộp 33");
    expect(mail.text).toContain("Đơn vị chậm nhất (1 trong số 33 đơn vị quá hạn)");
    expect(mail.text).toContain("quá hạn 5 ngày làm việc");
  });

  it("keeps subjects on one line even when names contain line breaks", () => {
    const mail = dueTodayEmail({
      ...duty("Đảng ủy\r\nBcc: x@y.z"),
      unsubscribeUrl: UNSUB,
      today: "2026-06-20",
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it("the morning digest opens the most urgent form and is never empty", () => {
    const mail = cases.find((c) => c[0] === "morning deadlines digest")![1]("Đảng ủy xã Tân Hòa");
    expect(mail.subject).toContain("18/06/2026");
    expect(mail.text).toContain(`Mở báo cáo của Đảng ủy xã Tân Hòa: ${FORM}`);
    expect(() =>
      morningDeadlinesDigestEmail({
        recipientName: "A",
        date: "2026-06-18",
        items: [],
        unsubscribeUrl: UNSUB,
      }),
    ).toThrow();
  });

  it("the weekly digest shows rates and the change since last week", () => {
    const mail = cases.find((c) => c[0] === "weekly compliance digest")![1]("Đảng ủy xã Tân Hòa");
    expect(mail.text).toContain("31/40 (77,5%, +27,5 điểm %)");
    expect(mail.text).toContain("Báo cáo chờ xem xét (1)");
    expect(mail.html).toContain("Tỉnh ủy Lào Cai");
  });

  it("formats dates and times in Vietnam time", () => {
    expect(formatDate("2026-01-05")).toBe("05/01/2026");
    expect(formatDateTime(Date.UTC(2026, 0, 4, 17, 5))).toBe("00:05 05/01/2026");
    expect(() => formatDate("5/1/2026")).toThrow();
  });
});

describe("the chasing bundle", () => {
  it("states a deadline moved by a day off the way every other email does", () => {
    const mail = chaseBundleEmail({
      recipientName: "Lê Văn Hòa",
      recipientTitle: "Bí thư Tỉnh ủy Bắc Ninh",
      date: "2026-12-22",
      remindersUnsubscribeUrl: "http://127.0.0.1:8787/huy-dang-ky?token=t&p=p1&k=reminders",
      items: [
        {
          kind: "overdue",
          organisationName: "Tỉnh ủy Bắc Ninh",
          reportTitle: "Báo cáo 6 tháng thực hiện Chỉ thị 52-CT/TW",
          periodLabel: "6 tháng cuối năm 2026",
          dueOn: "2026-12-21",
          dueText: "20/12/2026 (Chủ nhật), tính đến hết 21/12/2026",
          workingDays: 1,
          url: "http://127.0.0.1:8787/bao-cao/o1",
        },
      ],
    });
    expect(mail.text).toContain(
      "hạn 20/12/2026 (Chủ nhật), tính đến hết 21/12/2026, quá hạn 1 ngày làm việc",
    );
    expect(mail.html).toContain("20/12/2026 (Chủ nhật), tính đến hết 21/12/2026");
  });
});

describe("a deadline's standing reads the same in every email as on the report page", () => {
  const item = {
    organisationName: "Đảng ủy xã Tân Hòa",
    reportTitle: "Báo cáo quý",
    periodLabel: "Quý IV/2026",
  };
  const url = "http://127.0.0.1:8787/bao-cao/o1";
  it.each([
    ["upcoming", 2, "còn 2 ngày làm việc"],
    ["due today", 0, "hôm nay là ngày cuối của hạn"],
    ["overdue", -3, "quá hạn 3 ngày làm việc"],
  ] as const)("%s", (_name, daysLeft, words) => {
    expect(formatStanding(standingOfWorkingDays(daysLeft))).toBe(words);
    const digest = morningDeadlinesDigestEmail({
      recipientName: "Nguyễn Văn Á",
      date: "2026-12-21",
      items: [{ ...item, dueOn: "2026-12-21", daysLeft, formUrl: url }],
      unsubscribeUrl: UNSUB,
    });
    const chase = chaseBundleEmail({
      recipientName: "Nguyễn Văn Á",
      date: "2026-12-21",
      remindersUnsubscribeUrl: UNSUB,
      items: [
        {
          ...item,
          kind: daysLeft > 0 ? "reminder" : daysLeft === 0 ? "due_today" : "overdue",
          dueOn: "2026-12-21",
          dueText: "21/12/2026",
          workingDays: Math.abs(daysLeft),
          url,
        },
      ],
    });
    for (const mail of [digest, chase]) {
      expect(mail.text).toContain(words);
      expect(mail.html).toContain(words);
    }
  });
  it("the due-today email's status fact says it in the same words", () => {
    const mail = dueTodayEmail({ ...duty("Đảng ủy xã Tân Hòa"), unsubscribeUrl: UNSUB, today: "2026-12-21" });
    expect(mail.text).toContain("Chưa nộp – hôm nay là ngày cuối của hạn");
  });
});
