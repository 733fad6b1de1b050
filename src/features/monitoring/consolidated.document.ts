/**
 * The consolidated report's text, as the page and the .docx say it: title, place and date,
 * section headings, the paragraphs written from the figures, and the .docx blocks in the
 * conventional layout of a Party report (letterhead, numbered sections, "Nơi nhận").
 */

import type { Block } from "../../documents/docx";
import { officialFootBlock, officialHeadBlocks } from "../../documents/official-docx";
import { formatViCount, formatViNumber, formatViPercent } from "../../domain/numbers";
import { placeAndDateLine } from "../../domain/official-format";
import { formatDateVi, localDate } from "../../domain/time";
import type { ConsolidatedContent } from "./consolidated.schemas";

/** "Tổng hợp kết quả thực hiện Chỉ thị số 52-CT/TW, ngày 03/10/2025 của Ban Bí thư về … (Báo cáo 6 tháng, kỳ …)" */
export function reportTitle(c: ConsolidatedContent): string {
  const d = c.directiveDocument;
  const directive = d
    ? `${d.kind} số ${c.directiveCode}, ngày ${formatDateVi(c.directiveIssuedOn)}${d.issuer ? ` của ${d.issuer}` : ""} ${d.subject}`
    : `${c.directiveTitle}, ngày ${formatDateVi(c.directiveIssuedOn)}`;
  const schedule = c.period.scheduleName.replace(/ thực hiện .*$/u, "");
  return `Tổng hợp kết quả thực hiện ${directive.trim()} (${schedule}, kỳ ${c.period.label})`;
}

/** "Hà Nội, ngày 24 tháng 11 năm 2026": the place of the issuer's seat. */
export function placeAndDate(c: ConsolidatedContent, at: number): string {
  return placeAndDateLine(c.official?.seat ?? "Hà Nội", localDate(at));
}

export const SECTION_HEADINGS = {
  reporting: "I. TÌNH HÌNH BÁO CÁO",
  indicators: "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
  tasks: "III. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP",
  missing: "IV. CÁC TỔ CHỨC CHƯA BÁO CÁO",
  summary: "V. NHẬN XÉT, ĐÁNH GIÁ VÀ KIẾN NGHỊ",
} as const;

export const STATUS_NOTE: Record<"accepted" | "submitted", string> = {
  accepted: "đã được chấp nhận",
  submitted: "đã nộp, chưa xem xét",
};

export function reportingParagraph(c: ConsolidatedContent): string {
  const t = c.totals;
  return `Đến ngày ${formatDateVi(localDate(c.generatedAt))}, trong phạm vi ${c.organisation.name} có ${t.expected} tổ chức phải báo cáo kỳ ${c.period.label} (hạn nộp ${c.period.dueText ?? formatDateVi(c.period.dueOn)}); đã nộp ${t.reported} báo cáo (tỷ lệ báo cáo ${formatViPercent(t.reportingRate)}), trong đó ${t.onTime} báo cáo đúng hạn (tỷ lệ đúng hạn ${formatViPercent(t.timelinessRate)}), ${t.late} báo cáo nộp muộn; ${t.accepted} báo cáo đã được chấp nhận, ${t.returned} báo cáo bị trả lại để hoàn thiện; còn ${t.missing} tổ chức chưa nộp báo cáo.`;
}

/** A value with its unit: "94,29%" for percentages, "1.234 người" otherwise. */
function withUnit(value: number, valueKind: string, unit: string): string {
  return valueKind === "percent" ? `${formatViNumber(value)}%` : `${formatViNumber(value)} ${unit}`;
}

/** The rolled-up value of an indicator in this report, when the roll-up computes it. */
function rolledUp(c: ConsolidatedContent, code: string): number | null {
  if (code === "coverage") return c.indicators.total.coverage;
  if (code === "insured") return c.indicators.total.insured;
  return null;
}

/** One sentence per indicator of the directive: the value reached, the baseline and the targets, from the data. */
export function indicatorParagraph(c: ConsolidatedContent): string {
  const goals = c.indicatorGoals ?? [];
  if (goals.length === 0) return "Chỉ thị chưa có chỉ tiêu định lượng.";
  const sentences = goals.map((g) => {
    const value = rolledUp(c, g.code);
    const reached =
      value === null ? "chưa có số liệu tổng hợp" : `đạt ${withUnit(value, g.valueKind, g.unit)}`;
    const context = [
      g.baselineValue !== null && g.baselineYear !== null
        ? `năm ${g.baselineYear}: ${withUnit(g.baselineValue, g.valueKind, g.unit)}`
        : null,
      ...g.targets.map(
        (t) =>
          `mục tiêu năm ${t.year}: ${t.comparator === "gt" ? "trên" : "đạt"} ${withUnit(t.value, g.valueKind, g.unit)}`,
      ),
    ].filter(Boolean);
    return `${g.name} ${reached}${context.length ? ` (${context.join("; ")})` : ""}`;
  });
  return `Theo số liệu của các báo cáo đã nộp: ${sentences.join("; ")}.`;
}

/** A table of figures by organisation: the header, then a row each (its name first). */
export interface FigureRows {
  header: string[];
  rows: string[][];
}

/** Section I's table (the page and the .docx show the same): each organisation below, its duties and rates. */
export function reportingTable(c: ConsolidatedContent): FigureRows {
  return {
    header: ["Tổ chức", "Phải nộp", "Đã nộp", "Đúng hạn", "Chưa nộp", "Tỷ lệ báo cáo", "Tỷ lệ đúng hạn"],
    rows: c.children.map((ch) => [
      ch.name,
      String(ch.totals.expected),
      String(ch.totals.reported),
      String(ch.totals.onTime),
      String(ch.totals.missing),
      formatViPercent(ch.totals.reportingRate),
      formatViPercent(ch.totals.timelinessRate),
    ]),
  };
}

/** Section II's table: each organisation's coverage, insured and population. */
export function indicatorTable(c: ConsolidatedContent): FigureRows {
  return {
    header: ["Tổ chức", "Tỷ lệ bao phủ BHYT", "Số người tham gia BHYT", "Dân số"],
    rows: c.indicators.rows.map((r) => [
      r.name,
      formatViPercent(r.coverage, 2),
      formatViCount(r.insured),
      formatViCount(r.population || null),
    ]),
  };
}

/** The report as .docx blocks: letterhead, place and date, title, numbered sections, "Nơi nhận". */
export function consolidatedBlocks(c: ConsolidatedContent, updatedAt: number): Block[] {
  const o = c.official;
  const blocks: Block[] = [
    officialHeadBlocks({
      letterhead: o?.letterhead ?? { superior: null, body: c.issuer.toUpperCase() },
      number: o?.number ?? null,
      type: "BC",
      symbol: o?.symbol ?? "",
      seat: o?.seat ?? "Hà Nội",
      date: localDate(updatedAt),
    }),
    { kind: "p", text: "BÁO CÁO", style: "Title" },
    { kind: "p", text: reportTitle(c), bold: true, align: "center" },
    { kind: "p", text: "-----", align: "center" },
    { kind: "p", text: SECTION_HEADINGS.reporting, style: "Heading1" },
    { kind: "p", text: reportingParagraph(c) },
  ];
  if (c.children.length > 0) {
    blocks.push({ kind: "table", ...reportingTable(c) });
  }
  blocks.push(
    { kind: "p", text: SECTION_HEADINGS.indicators, style: "Heading1" },
    { kind: "p", text: indicatorParagraph(c) },
  );
  if (c.indicators.rows.length > 0) {
    blocks.push({ kind: "table", ...indicatorTable(c) });
  }
  blocks.push({ kind: "p", text: SECTION_HEADINGS.tasks, style: "Heading1" });
  for (const s of c.sections) {
    blocks.push({ kind: "p", text: `${s.number}. ${s.title}`, style: "Heading2" });
    if (s.entries.length === 0) blocks.push({ kind: "p", text: "Chưa có tổ chức nào báo cáo nội dung này." });
    for (const e of s.entries) {
      blocks.push({ kind: "p", text: `- ${e.organisationName} (${STATUS_NOTE[e.status]}): ${e.text}` });
    }
  }
  if (c.narrativesTruncated) {
    blocks.push({
      kind: "p",
      text: "(Chỉ tổng hợp nội dung của một phần các báo cáo; xem đầy đủ trên hệ thống.)",
      italic: true,
    });
  }
  blocks.push({ kind: "p", text: SECTION_HEADINGS.missing, style: "Heading1" });
  if (c.notReported.length === 0) blocks.push({ kind: "p", text: "Tất cả các tổ chức đã nộp báo cáo." });
  else
    blocks.push({
      kind: "table",
      header: ["TT", "Tổ chức", "Hạn nộp (tính đến hết ngày)"],
      rows: c.notReported.map((m, i) => [String(i + 1), m.organisationName, formatDateVi(m.effectiveDueOn)]),
    });
  blocks.push(
    { kind: "p", text: SECTION_HEADINGS.summary, style: "Heading1" },
    { kind: "p", text: c.summary.trim() || "(Chưa có nhận xét của Ban.)" },
    officialFootBlock({
      recipients: o?.recipients ?? [],
      bodyKind: o?.kind ?? "commission",
      signerRole: o?.signerRole ?? "head",
      signerName: o?.signerName ?? null,
    }),
  );
  return blocks;
}
