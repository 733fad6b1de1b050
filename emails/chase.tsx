/**
 * One chasing email per person per tick: the reminders, overdue notices and escalations a
 * person would otherwise receive as separate messages, listed in one, by organisation with
 * the deadline and the working days left or late. Each listed item keeps its own entry in the
 * send ledger; this is only how they travel.
 */
import { formatStanding } from "../src/domain/deadline";
import { formatDate } from "./format";
import { composeEmail, DataTable, dueTextOf, H2, Link, listHeaders, P, type RenderedEmail } from "./layout";

/** What a chasing notification is about: its organisation's report and where it stands. */
export type ChaseKind = "reminder" | "due_today" | "overdue" | "superior" | "commission" | "leadership";

export interface ChaseItem {
  kind: ChaseKind;
  organisationName: string;
  reportTitle: string;
  periodLabel: string;
  dueOn: string;
  /** The deadline as people read it ("20/12/2026 (Chủ nhật), tính đến hết 21/12/2026"). */
  dueText?: string;
  /** Working days left (before the deadline) or late (after it). */
  workingDays: number;
  url: string;
}

export interface ChaseBundleProps {
  recipientName: string;
  recipientTitle?: string | null;
  /** Today, `YYYY-MM-DD`. */
  date: string;
  items: ChaseItem[];
  /** One-click link: move reminders into the morning digest (present when reminders are listed). */
  remindersUnsubscribeUrl?: string;
  /** One-click link: receive escalations through the digests instead (present when escalations are listed). */
  escalationsUnsubscribeUrl?: string;
}

const OWN: ReadonlySet<ChaseKind> = new Set(["reminder", "due_today", "overdue"]);

/** The item's standing in the domain's one wording ("còn 2 ngày làm việc", "quá hạn 3 ngày làm việc"). */
export function chaseStanding(item: Pick<ChaseItem, "kind" | "workingDays">): string {
  if (item.kind === "reminder")
    return formatStanding({ kind: "upcoming", workingDaysLeft: item.workingDays });
  if (item.kind === "due_today") return formatStanding({ kind: "due_today" });
  return formatStanding({ kind: "overdue", workingDaysLate: item.workingDays });
}

function byOrganisation(a: ChaseItem, b: ChaseItem): number {
  return (
    a.organisationName.localeCompare(b.organisationName, "vi") ||
    a.dueOn.localeCompare(b.dueOn) ||
    b.workingDays - a.workingDays
  );
}

interface Section {
  title: string;
  items: ChaseItem[];
}

function sections(items: ChaseItem[]): Section[] {
  const pick = (kinds: ChaseKind[]) => items.filter((i) => kinds.includes(i.kind)).sort(byOrganisation);
  return [
    { title: "Báo cáo của đơn vị đồng chí cần nộp", items: pick(["reminder", "due_today", "overdue"]) },
    { title: "Đơn vị trực thuộc chậm nộp báo cáo", items: pick(["superior"]) },
    { title: "Đơn vị chậm nộp báo cáo trong phạm vi theo dõi", items: pick(["commission", "leadership"]) },
  ].filter((s) => s.items.length > 0);
}

export function chaseBundleEmail(p: ChaseBundleProps): RenderedEmail {
  if (p.items.length === 0) throw new Error("a chasing email lists at least one report");
  const date = formatDate(p.date);
  const parts = sections(p.items);
  const ownDue = p.items.filter((i) => i.kind === "reminder" || i.kind === "due_today").length;
  const ownLate = p.items.filter((i) => i.kind === "overdue").length;
  const escalated = p.items.filter((i) => !OWN.has(i.kind));
  const lateOrgs = new Set(escalated.map((i) => i.organisationName)).size;
  const summary = [
    ownDue > 0 ? `${ownDue} báo cáo của đơn vị đồng chí sắp đến hạn` : null,
    ownLate > 0 ? `${ownLate} báo cáo của đơn vị đồng chí đã quá hạn` : null,
    lateOrgs > 0 ? `${lateOrgs} đơn vị chậm nộp cần đôn đốc` : null,
  ]
    .filter(Boolean)
    .join("; ");
  const reasonParts = [
    ownDue + ownLate > 0 ? "được giao lập, nộp báo cáo của đơn vị" : null,
    lateOrgs > 0 ? "được giao theo dõi, đôn đốc các đơn vị nêu trên" : null,
  ].filter(Boolean);
  const reason = `Đồng chí nhận thư này vì ${reasonParts.join(" và ")}. Mỗi lượt nhắc việc gửi đồng chí nhiều nhất một thư; nhắc nhở dừng ngay khi báo cáo được nộp.`;
  const first = parts[0]!.items[0]!;
  const action = parts.length === 1 && parts[0]!.items.length === 1 ? "Mở báo cáo" : "Mở báo cáo đầu tiên";
  const unsubscribeUrl = p.remindersUnsubscribeUrl ?? p.escalationsUnsubscribeUrl;
  const subject = `${ownLate + lateOrgs > 0 ? "Đôn đốc báo cáo" : "Nhắc hạn báo cáo"} ngày ${date}: ${summary}`;
  return composeEmail({
    subject,
    preheader: summary,
    heading: `Đôn đốc báo cáo ngày ${date}`,
    recipient: p,
    body: (
      <>
        <P>
          Hệ thống xin thông báo tình hình báo cáo đến ngày {date}: {summary}.
        </P>
        {parts.map((s) => (
          <>
            <H2>
              {s.title} ({s.items.length})
            </H2>
            <DataTable
              head={["Đơn vị", "Báo cáo", "Hạn nộp", "Tình trạng"]}
              rows={s.items.map((i) => [
                <Link url={i.url}>{i.organisationName}</Link>,
                `${i.reportTitle} – ${i.periodLabel}`,
                dueTextOf(i),
                chaseStanding(i),
              ])}
            />
          </>
        ))}
      </>
    ),
    lines: [
      `Hệ thống xin thông báo tình hình báo cáo đến ngày ${date}: ${summary}.`,
      ...parts.flatMap((s) => [
        "",
        `${s.title} (${s.items.length}):`,
        ...s.items.map(
          (i) =>
            `- ${i.organisationName}: ${i.reportTitle} – ${i.periodLabel}, hạn ${dueTextOf(i)}, ${chaseStanding(i)}: ${i.url}`,
        ),
      ]),
      p.remindersUnsubscribeUrl && p.escalationsUnsubscribeUrl
        ? `\nGộp thư đôn đốc các đơn vị vào bản tin: ${p.escalationsUnsubscribeUrl}`
        : null,
    ],
    action: { label: action, url: first.url },
    afterAction:
      p.remindersUnsubscribeUrl && p.escalationsUnsubscribeUrl ? (
        <P muted>
          Muốn nhận thư đôn đốc các đơn vị qua thư tổng hợp thay vì thư riêng?{" "}
          <Link url={p.escalationsUnsubscribeUrl}>Gộp vào bản tin</Link>
        </P>
      ) : null,
    reason,
    unsubscribeUrl,
    headers: listHeaders(p.remindersUnsubscribeUrl ? "reminders" : "escalations", unsubscribeUrl!),
  });
}
