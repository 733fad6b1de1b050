/**
 * The parts every official Party document shares, as .docx blocks (Hướng dẫn 36-HD/VPTW):
 * the two-column head (letterhead and number left; "ĐẢNG CỘNG SẢN VIỆT NAM" and place and date
 * right), the title, and the foot ("Nơi nhận" left, the signature block right). Also the
 * committee's own report in that layout, its narratives under the standard outline.
 */

import type { OrganisationKind } from "../db/schema";
import type { FormDefinition, FormValues } from "../domain/form";
import {
  type Letterhead,
  numberLine,
  placeAndDateLine,
  type SignerRole,
  signatureLines,
} from "../domain/official-format";
import { outlineOf, plainLabel, valueInDocument } from "../domain/report-outline";
import type { Block } from "./docx";

export interface OfficialHead {
  letterhead: Letterhead;
  /** The number as registered ("12"), or null to leave room for it. */
  number: string | null;
  /** Kind symbol in the number (BC). */
  type: string;
  /** The body's symbol (BTGDVTW, TU). */
  symbol: string;
  seat: string;
  /** YYYY-MM-DD */
  date: string;
}

export function officialHeadBlocks(h: OfficialHead): Block {
  const left: Block[] = [];
  if (h.letterhead.superior) left.push({ kind: "p", text: h.letterhead.superior, align: "center", size: 14 });
  left.push(
    { kind: "p", text: h.letterhead.body, bold: true, align: "center", size: 14 },
    { kind: "p", text: "*", align: "center", size: 14 },
    { kind: "p", text: numberLine(h.number, h.type, h.symbol), align: "center", size: 14 },
  );
  return {
    kind: "columns",
    left,
    right: [
      { kind: "p", text: "ĐẢNG CỘNG SẢN VIỆT NAM", bold: true, underline: true, align: "center", size: 15 },
      { kind: "p", text: placeAndDateLine(h.seat, h.date), italic: true, align: "right", size: 14 },
    ],
  };
}

export interface OfficialFoot {
  recipients: string[];
  bodyKind: OrganisationKind;
  signerRole: SignerRole;
  signerName: string | null;
}

export function officialFootBlock(f: OfficialFoot): Block {
  return {
    kind: "columns",
    left: [
      { kind: "p", text: "Nơi nhận:", underline: true, size: 14 },
      ...f.recipients.map((r) => ({ kind: "p" as const, text: `- ${r}`, size: 12 })),
    ],
    right: [
      ...signatureLines(f.bodyKind, f.signerRole).map((line) => ({
        kind: "p" as const,
        text: line,
        bold: true,
        align: "center" as const,
        size: 14,
      })),
      { kind: "p", text: "\n\n", align: "center" },
      { kind: "p", text: f.signerName ?? "", bold: true, align: "center", size: 14 },
    ],
  };
}

export interface CommitteeReportInput {
  head: OfficialHead;
  foot: OfficialFoot;
  /** "kết quả thực hiện Chỉ thị số 52-CT/TW, ngày 03/10/2025 của Ban Bí thư …, kỳ 6 tháng đầu năm 2026" */
  subject: string;
  definition: FormDefinition;
  values: FormValues;
}

/** A committee's report in the official layout: head, title, the outline with its narratives, appendix, foot. */
export function committeeReportBlocks(r: CommitteeReportInput): Block[] {
  const blocks: Block[] = [
    officialHeadBlocks(r.head),
    { kind: "p", text: "BÁO CÁO", style: "Title" },
    { kind: "p", text: r.subject, bold: true, align: "center" },
    { kind: "p", text: "-----", align: "center" },
  ];
  for (const group of outlineOf(r.definition)) {
    blocks.push({ kind: "p", text: group.heading, style: "Heading1" });
    if (group.part === "appendix") {
      blocks.push({
        kind: "table",
        header: ["TT", "Nội dung", "Đơn vị tính", "Số liệu"],
        rows: group.items.map((item, i) => [
          String(i + 1),
          plainLabel(item.label),
          item.kind === "number" ? item.unit : "",
          valueInDocument(r.values[item.key]),
        ]),
      });
      continue;
    }
    const several = group.items.length > 1;
    group.items.forEach((item, i) => {
      if (several)
        blocks.push({
          kind: "p",
          text: `${i + 1}. ${plainLabel(item.label).replace(/^\d+\.\s*/u, "")}`,
          style: "Heading2",
        });
      const text = valueInDocument(r.values[item.key]);
      for (const para of text.split(/\n+/)) blocks.push({ kind: "p", text: para });
    });
  }
  blocks.push(officialFootBlock(r.foot));
  return blocks;
}
