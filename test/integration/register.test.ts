/**
 * The official register, checked on what people actually read: pages rendered for each kind
 * of user and every email template. Nobody is addressed as "bạn" (the product says "đồng
 * chí"), salutations read "Kính gửi đồng chí …", and no English status or role code leaks
 * into visible text.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  dueTodayEmail,
  escalationToCommissionEmail,
  escalationToSuperiorEmail,
  morningDeadlinesDigestEmail,
  overdueEmail,
  periodOpenedEmail,
  reminderBeforeDeadlineEmail,
  reportAcceptedEmail,
  reportReceivedEmail,
  reportReturnedEmail,
  weeklyComplianceDigestEmail,
} from "../../emails";
import { signinLinkEmail } from "../../emails/signin-link";
import { call } from "../support/auth-fixtures";
import { DEMO_NOW, demoSession, seedDemoOnce } from "../support/demo-sessions";

/** "bạn"/"Bạn" as a word (not inside another word). */
const BAN = /(^|[^\p{L}])[Bb]ạn(?=$|[^\p{L}])/u;
/** Codes that must never reach a person: statuses, roles, kinds, zod's type words. */
const ENUM_LEAK =
  /\b(pending|draft|submitted|returned|accepted|waived|superseded|commission_staff|commission_leader|secretary|reporter|viewer|provincial_committee|central_committee|weekly_compliance|morning_deadlines|invalid_type|undefined|null)\b/;

/** The text a person reads: no scripts, styles, tags or attribute values. */
function visibleText(html: string): string {
  return (
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
      // Codes a person must type (the import's kind and role columns) are shown as <code>.
      .replace(/<code>[\s\S]*?<\/code>/gi, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/&[a-z#0-9]+;/gi, " ")
      .replace(/\s+/g, " ")
  );
}

function expectRegister(text: string, where: string) {
  const ban = BAN.exec(text);
  expect(
    ban,
    `${where}: addresses the reader as "bạn" near "${text.slice(Math.max(0, (ban?.index ?? 0) - 40), (ban?.index ?? 0) + 40)}"`,
  ).toBeNull();
  const leak = ENUM_LEAK.exec(text);
  expect(
    leak,
    `${where}: shows the code "${leak?.[0]}" near "${text.slice(Math.max(0, (leak?.index ?? 0) - 40), (leak?.index ?? 0) + 40)}"`,
  ).toBeNull();
}

const PAGES: Record<string, string[]> = {
  "p-canbo": [
    "/",
    "/giam-sat",
    "/duyet",
    "/tong-hop",
    "/to-chuc",
    "/to-chuc/hn",
    "/chi-thi",
    "/lich-bao-cao",
    "/cai-dat/thong-bao",
  ],
  "p-bithu-hn": ["/", "/ke-hoach/hn", "/to-chuc/hn", "/to-chuc/hn/khoa-api", "/cai-dat/thong-bao"],
  "p-vanphong-hn": ["/", "/ke-hoach/hn"],
  "p-admin": ["/", "/quan-tri", "/nhap-du-lieu"],
};

describe("register on pages", () => {
  beforeAll(seedDemoOnce);

  it("pages say đồng chí, never bạn, and show no English codes", async () => {
    const { results } = await env.DB.prepare(
      "select o.id from obligations o join periods p on p.id = o.period_id where o.organisation_id = 'hn' and p.status = 'open' limit 2",
    ).all<{ id: string }>();
    PAGES["p-bithu-hn"]!.push(...results.map((r) => `/bao-cao/${r.id}`));
    PAGES["p-canbo"]!.push(...results.map((r) => `/duyet/${r.id}`));
    for (const [person, paths] of Object.entries(PAGES)) {
      const session = await demoSession(person);
      for (const path of paths) {
        const res = await call("GET", path, { session, html: true });
        expect(res.status, `${person} ${path}`).toBe(200);
        const html = await res.text();
        expect(html.startsWith("<!DOCTYPE html>"), `${path} starts with the doctype`).toBe(true);
        expectRegister(visibleText(html), `${person} ${path}`);
      }
    }
    for (const path of ["/", "/dang-nhap", "/dev"]) {
      const res = await call("GET", path, { html: true });
      expectRegister(visibleText(await res.text()), `visitor ${path}`);
    }
  });

  it("a form error names the field in Vietnamese, without type words", async () => {
    const session = await demoSession("p-bithu-hn");
    // A task without its title, as a browser that skipped `required` would post it.
    const res = await call("POST", "/ke-hoach/hn/nhiem-vu", {
      session,
      html: true,
      form: { owner: "Văn phòng" },
    });
    const html = await res.text();
    expect(res.status).toBe(422);
    const text = visibleText(html);
    expect(text).toContain("Tiêu đề : Chưa được nhập");
    expect(text).not.toMatch(/title|string|undefined|mong đợi/);
  });
});

describe("register in emails", () => {
  const duty = {
    recipientName: "Nguyễn Văn An",
    recipientTitle: "Bí thư Thành ủy Hà Nội",
    organisationName: "Thành ủy Hà Nội",
    reportTitle: "Báo cáo 6 tháng thực hiện Chỉ thị 52-CT/TW",
    periodLabel: "6 tháng cuối năm 2026",
    dueOn: "2026-12-20",
    formUrl: "http://127.0.0.1:8811/bao-cao/o1",
  };
  const unsubscribeUrl = "http://127.0.0.1:8811/huy-dang-ky?token=t&p=p1&k=reminders";
  const all = {
    periodOpened: periodOpenedEmail(duty),
    reminder: reminderBeforeDeadlineEmail({ ...duty, unsubscribeUrl, daysLeft: 2 }),
    dueToday: dueTodayEmail({ ...duty, unsubscribeUrl, today: "2026-12-21" }),
    overdue: overdueEmail({ ...duty, unsubscribeUrl, daysLate: 3 }),
    superior: escalationToSuperiorEmail({ ...duty, daysLate: 5, superiorOrganisationName: "Ban Bí thư" }),
    commission: escalationToCommissionEmail({
      ...duty,
      daysLate: 5,
      commissionName: "Ban Tuyên giáo và Dân vận Trung ương",
      audience: "commission",
    }),
    received: reportReceivedEmail({
      ...duty,
      receiptNo: "R-1",
      submittedAt: DEMO_NOW,
      versionNo: 1,
      onTime: true,
    }),
    returned: reportReturnedEmail({
      ...duty,
      reviewerOrganisationName: "Ban Tuyên giáo và Dân vận Trung ương",
      comments: { general: "Bổ sung số liệu" },
    }),
    accepted: reportAcceptedEmail({ ...duty, reviewerOrganisationName: "Ban TG&DV", acceptedAt: DEMO_NOW }),
    morning: morningDeadlinesDigestEmail({
      recipientName: duty.recipientName,
      recipientTitle: duty.recipientTitle,
      date: "2026-12-18",
      items: [{ ...duty, daysLeft: 2 }],
      unsubscribeUrl,
    }),
    weekly: weeklyComplianceDigestEmail({
      recipientName: duty.recipientName,
      recipientTitle: duty.recipientTitle,
      commissionName: "Ban Tuyên giáo và Dân vận Trung ương",
      asOf: "2026-12-21",
      periods: [],
      worstLate: [],
      awaitingReview: [],
      dashboardUrl: "http://127.0.0.1:8811/giam-sat",
      unsubscribeUrl,
    }),
    signin: {
      ...signinLinkEmail({
        fullName: duty.recipientName,
        title: duty.recipientTitle,
        link: "http://127.0.0.1:8811/dang-nhap/xac-nhan?token=x",
        validMinutes: 15,
        expiresAtText: "10:15 ngày 24/11/2026",
      }),
      headers: {},
    },
  };

  it.each(Object.entries(all))(
    "%s: Kính gửi đồng chí {họ tên}, {chức vụ}; no bạn, no codes",
    (name, mail) => {
      for (const [part, text] of [
        ["html", visibleText(mail.html)],
        ["text", mail.text],
        ["subject", mail.subject],
      ] as const) {
        expectRegister(text, `${name} ${part}`);
      }
      expect(mail.text).toContain("Kính gửi đồng chí Nguyễn Văn An, Bí thư Thành ủy Hà Nội,");
      expect(visibleText(mail.html)).toContain("Kính gửi đồng chí Nguyễn Văn An, Bí thư Thành ủy Hà Nội,");
    },
  );
});
