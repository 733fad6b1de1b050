import type { Child } from "hono/jsx";
import { stripForbidden } from "../src/domain/text";
import { formatDate, oneLine } from "./format";

/** What every template returns: ready to record in the send ledger. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** The facts every duty email states: what is due, for which organisation, by when, and where to act. */
export interface DutyProps {
  recipientName: string;
  /** The recipient's position (chức vụ), e.g. "Bí thư Thành ủy Hà Nội"; in the salutation. */
  recipientTitle?: string | null;
  organisationName: string;
  /** e.g. "Báo cáo 6 tháng thực hiện Chỉ thị 52-CT/TW". */
  reportTitle: string;
  /** e.g. "6 tháng đầu năm 2026". */
  periodLabel: string;
  /** Effective due date (the last day counted, art. 148(5) Civil Code), `YYYY-MM-DD`. */
  dueOn: string;
  /**
   * The deadline as people read it, from the domain's `formatDeadline` ("20/12/2026 (Chủ nhật),
   * tính đến hết 21/12/2026"); defaults to the effective date.
   */
  dueText?: string;
  /** The exact page to act on (the report form or the obligation). */
  formUrl: string;
}

/** Mailing-list kinds: each has its own List-Id; reminders and digests can be unsubscribed. */
export type ListKind = "reminders" | "escalations" | "weekly_compliance" | "morning_deadlines";

const LIST_ID_LABEL: Record<ListKind, string> = {
  reminders: "nhac-han",
  escalations: "don-doc",
  weekly_compliance: "tong-hop-tuan",
  morning_deadlines: "han-bao-cao",
};

/** Headers common to all automated mail (no auto-replies to a robot). */
export function serviceHeaders(): Record<string, string> {
  return { "Auto-Submitted": "auto-generated" };
}

/**
 * Headers of list-like mail (reminders, digests): a List-Id per kind and RFC 8058
 * one-click unsubscribe (the HTTPS link itself carries the unguessable token).
 */
export function listHeaders(kind: ListKind, unsubscribeUrl: string): Record<string, string> {
  const host = new URL(unsubscribeUrl).hostname;
  return {
    ...serviceHeaders(),
    "List-Id": `<${LIST_ID_LABEL[kind]}.${host}>`,
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/** The official salutation: "Kính gửi đồng chí {họ tên}, {chức vụ}," (chức vụ when known). */
export function salutation(name: string, title?: string | null): string {
  const position = title?.trim();
  return `Kính gửi đồng chí ${name}${position ? `, ${position}` : ""},`;
}

function subjectLine(text: string): string {
  return stripForbidden(oneLine(text)).slice(0, 250);
}

const FONT = "font-family:Arial,Helvetica,sans-serif;";
const COLORS = { text: "#1b1f24", muted: "#57606a", line: "#d0d7de", accent: "#b00020", link: "#0550ae" };

/** A table for layout only (no semantics, no spacing), as mail clients need; `width` where it fills. */
function LayoutTable(props: { width?: string; style: string; children: Child }) {
  return (
    <table
      role="presentation"
      cellpadding={0}
      cellspacing={0}
      border={0}
      width={props.width}
      style={props.style}
    >
      {props.children}
    </table>
  );
}

/** One bulletproof (table-based) button: the single call to action of each email. */
function Button(props: { url: string; label: string }) {
  return (
    <LayoutTable style="margin:20px 0">
      <tr>
        <td style={`border-radius:6px;background:${COLORS.link}`}>
          <a
            href={props.url}
            style={`display:inline-block;padding:13px 22px;${FONT}font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px`}
          >
            {props.label}
          </a>
        </td>
      </tr>
    </LayoutTable>
  );
}

/** A label/value table for the facts (organisation, report, due date, status). */
export function Facts(props: { rows: [string, Child][] }) {
  return (
    <LayoutTable width="100%" style="margin:12px 0">
      {props.rows.map(([label, value]) => (
        <tr>
          <td
            valign="top"
            style={`padding:6px 12px 6px 0;${FONT}font-size:14px;color:${COLORS.muted};white-space:nowrap;border-bottom:1px solid ${COLORS.line}`}
          >
            {label}
          </td>
          <td
            valign="top"
            style={`padding:6px 0;${FONT}font-size:15px;color:${COLORS.text};border-bottom:1px solid ${COLORS.line}`}
          >
            {value}
          </td>
        </tr>
      ))}
    </LayoutTable>
  );
}

export function P(props: { children: Child; muted?: boolean }) {
  return (
    <p
      style={`margin:0 0 12px;${FONT}font-size:${props.muted ? 13 : 16}px;line-height:1.5;color:${props.muted ? COLORS.muted : COLORS.text}`}
    >
      {props.children}
    </p>
  );
}

export function H2(props: { children: Child }) {
  return <h2 style={`margin:20px 0 8px;${FONT}font-size:17px;color:${COLORS.text}`}>{props.children}</h2>;
}

/** A simple data table for digests. */
export function DataTable(props: { head: string[]; rows: Child[][] }) {
  const cell = `padding:6px 8px;${FONT}font-size:14px;border-bottom:1px solid ${COLORS.line};text-align:left;vertical-align:top`;
  return (
    <LayoutTable width="100%" style="margin:8px 0">
      <tr>
        {props.head.map((h) => (
          <th style={`${cell};color:${COLORS.muted};font-weight:bold`}>{h}</th>
        ))}
      </tr>
      {props.rows.map((r) => (
        <tr>
          {r.map((v) => (
            <td style={`${cell};color:${COLORS.text}`}>{v}</td>
          ))}
        </tr>
      ))}
    </LayoutTable>
  );
}

export function Link(props: { url: string; children: Child }) {
  return (
    <a href={props.url} style={`color:${COLORS.link}`}>
      {props.children}
    </a>
  );
}

interface EmailLayoutProps {
  /** Inbox preview text. */
  preheader: string;
  heading: string;
  children: Child;
  /** Shown under the content: why the recipient gets this mail. */
  reason: string;
  unsubscribeUrl?: string;
}

/** The shared shell: a 600 px centred table that shrinks to the phone's width. */
function EmailLayout(props: EmailLayoutProps) {
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{props.heading}</title>
      </head>
      <body style="margin:0;padding:0;background:#f6f8fa">
        <div style="display:none;max-height:0;overflow:hidden;opacity:0">{props.preheader}</div>
        <LayoutTable width="100%" style="background:#f6f8fa">
          <tr>
            <td align="center" style="padding:16px 8px">
              <LayoutTable
                width="100%"
                style="max-width:600px;background:#ffffff;border:1px solid #d0d7de;border-radius:8px"
              >
                <tr>
                  <td
                    style={`background:${COLORS.accent};padding:12px 20px;border-radius:8px 8px 0 0;${FONT}font-size:14px;font-weight:bold;color:#ffffff`}
                  >
                    Theo dõi thực hiện Chỉ thị
                  </td>
                </tr>
                <tr>
                  <td style="padding:20px">
                    <h1 style={`margin:0 0 16px;${FONT}font-size:20px;line-height:1.3;color:${COLORS.text}`}>
                      {props.heading}
                    </h1>
                    {props.children}
                  </td>
                </tr>
                <tr>
                  <td style={`padding:12px 20px 20px;border-top:1px solid ${COLORS.line}`}>
                    <P muted>{props.reason}</P>
                    {props.unsubscribeUrl ? (
                      <P muted>
                        Không muốn nhận loại thư này? <Link url={props.unsubscribeUrl}>Hủy đăng ký</Link>
                      </P>
                    ) : null}
                    <P muted>Thư gửi tự động, vui lòng không trả lời thư này.</P>
                  </td>
                </tr>
              </LayoutTable>
            </td>
          </tr>
        </LayoutTable>
      </body>
    </html>
  );
}

/** Renders a synchronous JSX tree to an HTML document string. */
function renderHtml(node: unknown): string {
  const html = String(node);
  if (html.includes("[object Promise]")) throw new Error("email templates must render synchronously");
  // Text people wrote may reach an email; characters no mail client can show are dropped.
  return `<!DOCTYPE html>${stripForbidden(html)}`;
}

/** What one email says, from which its HTML and its plain-text part are both built. */
export interface EmailParts {
  subject: string;
  /** Inbox preview text. */
  preheader: string;
  heading: string;
  /** Greeted by name and position (the official salutation) unless `greeting` says otherwise. */
  recipient: { recipientName: string; recipientTitle?: string | null };
  greeting?: string;
  /** The HTML body between the greeting and the action's button. */
  body: Child;
  /** The same, as plain-text lines. */
  lines: TextLine[];
  /** The one action, a button in HTML and its own line in the text part. */
  action: { label: string; url: string };
  /** HTML shown after the button. */
  afterAction?: Child;
  reason: string;
  unsubscribeUrl?: string;
  headers: Record<string, string>;
}

/** Every email's frame: the greeting first, the action's button last, as HTML and as plain text. */
export function composeEmail(m: EmailParts): RenderedEmail {
  const greeting = m.greeting ?? salutation(m.recipient.recipientName, m.recipient.recipientTitle);
  const html = renderHtml(
    <EmailLayout
      preheader={m.preheader}
      heading={m.heading}
      reason={m.reason}
      unsubscribeUrl={m.unsubscribeUrl}
    >
      <P>{greeting}</P>
      {m.body}
      <Button url={m.action.url} label={m.action.label} />
      {m.afterAction ?? null}
    </EmailLayout>,
  );
  const text = renderText({
    greeting,
    lines: m.lines,
    action: m.action,
    reason: m.reason,
    unsubscribeUrl: m.unsubscribeUrl,
  });
  return { subject: subjectLine(m.subject), html, text, headers: m.headers };
}

type TextLine = string | null | undefined | false;

/** The plain-text part: same facts, the action URL on its own line, the footer. */
function renderText(parts: {
  greeting: string;
  lines: TextLine[];
  action: { label: string; url: string };
  reason: string;
  unsubscribeUrl?: string;
}): string {
  const body = parts.lines.filter((l): l is string => typeof l === "string");
  return [
    parts.greeting,
    "",
    ...body,
    "",
    `${parts.action.label}: ${parts.action.url}`,
    "",
    "--",
    parts.reason,
    parts.unsubscribeUrl ? `Hủy đăng ký loại thư này: ${parts.unsubscribeUrl}` : null,
    "Thư gửi tự động, vui lòng không trả lời thư này.",
  ]
    .filter((l): l is string => l !== null)
    .map(stripForbidden)
    .join("\n");
}

/** "Facts" as plain-text lines. */
export function factLines(rows: [string, string][]): string[] {
  return rows.map(([label, value]) => `${label}: ${value}`);
}

/** The deadline text of a duty: both dates when the nominal one is a day off. */
export function dueTextOf(p: Pick<DutyProps, "dueOn" | "dueText">): string {
  return p.dueText ?? formatDate(p.dueOn);
}

export function dutyFacts(p: DutyProps): [string, string][] {
  return [
    ["Tổ chức", p.organisationName],
    ["Báo cáo", p.reportTitle],
    ["Kỳ báo cáo", p.periodLabel],
    ["Hạn nộp", dueTextOf(p)],
  ];
}
