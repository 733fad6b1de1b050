/**
 * A minimal Word (.docx) writer: an OOXML package (document.xml, styles.xml,
 * [Content_Types].xml, the relationships) zipped with fflate. Enough for a text report with
 * headings, paragraphs and simple tables, without a heavy docx library in the Worker bundle.
 */
import { strToU8, zipSync } from "fflate";
import { stripForbidden } from "../domain/text";

export type Block =
  | {
      kind: "p";
      text: string;
      bold?: boolean;
      italic?: boolean;
      underline?: boolean;
      align?: "left" | "center" | "right" | "both";
      size?: number;
      style?: "Heading1" | "Heading2" | "Title";
    }
  | { kind: "table"; header?: string[]; rows: string[][]; borders?: boolean; widths?: number[] }
  | { kind: "columns"; left: Block[]; right: Block[] };

/** Escapes text for XML content and attributes; drops characters XML 1.0 forbids and non-characters. */
export function xmlEscape(text: string): string {
  return stripForbidden(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function run(
  text: string,
  b: { bold?: boolean; italic?: boolean; underline?: boolean; size?: number },
): string {
  const props = [
    b.bold ? "<w:b/>" : "",
    b.italic ? "<w:i/>" : "",
    b.underline ? '<w:u w:val="single"/>' : "",
    b.size ? `<w:sz w:val="${b.size * 2}"/><w:szCs w:val="${b.size * 2}"/>` : "",
  ].join("");
  // Line breaks inside a paragraph become <w:br/>.
  const parts = text.split(/\r?\n/).map((line) => `<w:t xml:space="preserve">${xmlEscape(line)}</w:t>`);
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ""}${parts.join("<w:br/>")}</w:r>`;
}

function paragraph(b: Extract<Block, { kind: "p" }>): string {
  const ppr = [
    b.style ? `<w:pStyle w:val="${b.style}"/>` : "",
    b.align ? `<w:jc w:val="${b.align}"/>` : "",
  ].join("");
  return `<w:p>${ppr ? `<w:pPr>${ppr}</w:pPr>` : ""}${run(b.text, b)}</w:p>`;
}

function cell(content: string, width: number | undefined, bold = false): string {
  const w = width ? `<w:tcW w:w="${width}" w:type="dxa"/>` : "";
  return `<w:tc><w:tcPr>${w}</w:tcPr>${content || paragraph({ kind: "p", text: "", bold })}</w:tc>`;
}

function table(t: Extract<Block, { kind: "table" }>): string {
  const border = t.borders === false ? "none" : "single";
  const borders = ["top", "left", "bottom", "right", "insideH", "insideV"]
    .map((side) => `<w:${side} w:val="${border}" w:sz="4" w:space="0" w:color="000000"/>`)
    .join("");
  const rows = [
    ...(t.header
      ? [t.header.map((h, i) => cell(paragraph({ kind: "p", text: h, bold: true }), t.widths?.[i], true))]
      : []),
    ...t.rows.map((r) => r.map((v, i) => cell(paragraph({ kind: "p", text: v }), t.widths?.[i]))),
  ];
  return `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>${borders}</w:tblBorders></w:tblPr>${rows
    .map((r) => `<w:tr>${r.join("")}</w:tr>`)
    .join("")}</w:tbl><w:p/>`;
}

function block(b: Block): string {
  if (b.kind === "p") return paragraph(b);
  if (b.kind === "table") return table(b);
  const side = (blocks: Block[]) => cell(blocks.map(block).join(""), 4500);
  return `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>${[
    "top",
    "left",
    "bottom",
    "right",
    "insideH",
    "insideV",
  ]
    .map((s) => `<w:${s} w:val="none" w:sz="0" w:space="0" w:color="auto"/>`)
    .join("")}</w:tblBorders></w:tblPr><w:tr>${side(b.left)}${side(b.right)}</w:tr></w:tbl><w:p/>`;
}

const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

export function documentXml(blocks: Block[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${blocks
    .map(block)
    .join(
      "",
    )}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="288" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style>
</w:styles>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`;

export const DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** The .docx bytes of a document made of `blocks`. */
export function buildDocx(blocks: Block[]): Uint8Array {
  return zipSync(
    {
      "[Content_Types].xml": strToU8(CONTENT_TYPES),
      "_rels/.rels": strToU8(ROOT_RELS),
      "word/document.xml": strToU8(documentXml(blocks)),
      "word/styles.xml": strToU8(STYLES),
      "word/_rels/document.xml.rels": strToU8(DOCUMENT_RELS),
    },
    { level: 6 },
  );
}
