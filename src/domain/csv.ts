/**
 * CSV for exports (opened in Excel) and for the organisation import. Written by hand
 * rather than with papaparse: RFC 4180 is small, and it keeps the Worker bundle small.
 *
 * Export: RFC 4180 quoting, CRLF line ends and a UTF-8 byte-order mark so Excel reads
 * Vietnamese diacritics correctly; text cells that a spreadsheet would run as a
 * formula (starting with =, +, -, @, tab or CR; OWASP "CSV injection") get a leading
 * apostrophe, except plain numbers such as -12 or -3.5, which stay numbers.
 *
 * Import: strips a BOM, accepts CRLF/LF/CR, quoted cells with commas, quotes and line
 * breaks, and the semicolon that Excel writes under a Vietnamese locale (where the
 * comma is the decimal separator). Each row keeps the line number it starts on, so an
 * import can say "Dòng 12: ...".
 */

import { stripForbidden } from "./text";

export const BOM = "\uFEFF";

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

/** The text of one cell, neutralised against formula injection. */
export function safeCellText(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  // Characters no spreadsheet or XML-based format can hold are dropped, never exported.
  cell = stripForbidden(cell);
  if (FORMULA_START.test(cell) && !(cell.startsWith("-") && PLAIN_NUMBER.test(cell))) return `'${cell}`;
  return cell;
}

function quote(text: string, delimiter: string): string {
  return text.includes('"') || text.includes(delimiter) || text.includes("\n") || text.includes("\r")
    ? `"${text.replaceAll('"', '""')}"`
    : text;
}

export interface ToCsvOptions {
  /** Default ",". */
  delimiter?: "," | ";";
  /** Default true: Excel needs it to read UTF-8. */
  bom?: boolean;
}

export function toCsv(
  headers: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  options: ToCsvOptions = {},
) {
  const d = options.delimiter ?? ",";
  const line = (cells: readonly CsvCell[]) => cells.map((c) => quote(safeCellText(c), d)).join(d);
  const lines = [line(headers)];
  for (const row of rows) lines.push(line(row));
  return `${options.bom === false ? "" : BOM}${lines.join("\r\n")}\r\n`;
}

export interface CsvRow {
  /** 1-based line of the file where the row starts (the header is line 1). */
  line: number;
  cells: string[];
  /** Cells by header (trimmed header names); missing cells are "". */
  record: Record<string, string>;
}

export interface CsvIssue {
  line: number;
  message: string;
}

export type CsvParseResult =
  | { ok: true; delimiter: "," | ";"; headers: string[]; rows: CsvRow[]; issues: CsvIssue[] }
  | { ok: false; line: number; message: string };

/** Splits text into records of raw cells, each with the line it starts on. */
function records(
  text: string,
  delimiter: string,
): { ok: true; records: { line: number; cells: string[] }[] } | { ok: false; line: number; message: string } {
  const out: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let startLine = 1;
  let inQuotes = false;
  let quoteLine = 0;
  let afterQuote = false;
  const endRecord = () => {
    cells.push(cell);
    out.push({ line: startLine, cells });
    cells = [];
    cell = "";
    afterQuote = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          inQuotes = false;
          afterQuote = true;
        }
      } else {
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        cell += ch;
      }
      continue;
    }
    if (ch === delimiter) {
      cells.push(cell);
      cell = "";
      afterQuote = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      startLine = line;
    } else if (ch === '"' && cell === "" && !afterQuote) {
      inQuotes = true;
      quoteLine = line;
    } else if (afterQuote) {
      return { ok: false, line, message: `Dòng ${line}: có ký tự sau dấu ngoặc kép đóng ô` };
    } else {
      cell += ch;
    }
  }
  if (inQuotes)
    return { ok: false, line: quoteLine, message: `Dòng ${quoteLine}: thiếu dấu ngoặc kép đóng ô` };
  if (cell !== "" || cells.length > 0 || afterQuote) endRecord();
  return { ok: true, records: out };
}

/** "," unless the header line has semicolons and no commas outside quotes. */
function detectDelimiter(text: string): "," | ";" {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) break;
    else if (!inQuotes && ch === ",") commas++;
    else if (!inQuotes && ch === ";") semicolons++;
  }
  return semicolons > commas ? ";" : ",";
}

export function parseCsv(input: string, options: { delimiter?: "," | ";" } = {}): CsvParseResult {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const delimiter = options.delimiter ?? detectDelimiter(text);
  const parsed = records(text, delimiter);
  if (!parsed.ok) return parsed;
  // Blank lines (one empty cell) carry no data; Excel adds them at the end.
  const nonBlank = parsed.records.filter((r) => !(r.cells.length === 1 && r.cells[0] === ""));
  const head = nonBlank[0];
  if (!head) return { ok: false, line: 1, message: "Tệp CSV không có dữ liệu" };
  const headers = head.cells.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of headers) {
    if (h === "") return { ok: false, line: head.line, message: `Dòng ${head.line}: có cột không có tên` };
    if (seen.has(h)) return { ok: false, line: head.line, message: `Dòng ${head.line}: cột “${h}” bị trùng` };
    seen.add(h);
  }
  const issues: CsvIssue[] = [];
  const rows: CsvRow[] = nonBlank.slice(1).map(({ line, cells }) => {
    if (cells.length !== headers.length) {
      issues.push({ line, message: `Dòng ${line}: có ${cells.length} cột, cần ${headers.length} cột` });
    }
    const record: Record<string, string> = {};
    headers.forEach((h, i) => {
      record[h] = cells[i] ?? "";
    });
    return { line, cells, record };
  });
  return { ok: true, delimiter, headers, rows, issues };
}
