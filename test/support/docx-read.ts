/**
 * Reads a .docx back for tests: the paragraphs of word/document.xml in order, with their text
 * and run formatting, and the head table's two columns (letterhead left, national title right).
 */
import { strFromU8, unzipSync } from "fflate";

export interface DocxParagraph {
  text: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  align: string | null;
  style: string | null;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

function paragraphsOf(xml: string): DocxParagraph[] {
  const out: DocxParagraph[] = [];
  for (const m of xml.matchAll(/<w:p>(.*?)<\/w:p>|<w:p\/>/gs)) {
    const body = m[1] ?? "";
    const texts = [...body.matchAll(/<w:t[^>]*>(.*?)<\/w:t>|<w:br\/>/gs)].map((t) =>
      t[0] === "<w:br/>" ? "\n" : unescapeXml(t[1] ?? ""),
    );
    out.push({
      text: texts.join(""),
      bold: body.includes("<w:b/>"),
      italic: body.includes("<w:i/>"),
      underline: body.includes('<w:u w:val="single"/>'),
      align: /<w:jc w:val="(\w+)"\/>/.exec(body)?.[1] ?? null,
      style: /<w:pStyle w:val="(\w+)"\/>/.exec(body)?.[1] ?? null,
    });
  }
  return out;
}

export interface ParsedDocx {
  paragraphs: DocxParagraph[];
  /** The first table's cells (the official head): left column, right column. */
  head: { left: DocxParagraph[]; right: DocxParagraph[] };
  /** The last two-column table (the foot: recipients left, signature right). */
  foot: { left: DocxParagraph[]; right: DocxParagraph[] };
}

function columns(tbl: string): { left: DocxParagraph[]; right: DocxParagraph[] } {
  const cells = [...tbl.matchAll(/<w:tc>(.*?)<\/w:tc>/gs)].map((c) => paragraphsOf(c[1] ?? ""));
  return { left: cells[0] ?? [], right: cells[1] ?? [] };
}

export function readDocx(bytes: Uint8Array): ParsedDocx {
  const files = unzipSync(bytes);
  const file = files["word/document.xml"];
  if (!file) throw new Error("no word/document.xml");
  const xml = strFromU8(file);
  const tables = [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/gs)].map((t) => t[1] ?? "");
  const twoColumn = tables.filter((t) => [...t.matchAll(/<w:tc>/g)].length === 2);
  return {
    paragraphs: paragraphsOf(xml.replace(/<w:tbl>.*?<\/w:tbl>/gs, "")),
    head: columns(twoColumn[0] ?? ""),
    foot: columns(twoColumn[twoColumn.length - 1] ?? ""),
  };
}
