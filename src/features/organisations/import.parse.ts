/**
 * Reading an uploaded CSV: strict UTF-8, the header, each row's cells checked by its zod schema.
 * Pure; every issue carries its line and column so a whole file's errors are shown at once.
 */
import type * as z from "zod";
import { parseCsv } from "../../domain/csv";
import { type ImportIssue, type ImportResult, MAX_IMPORT_ROWS } from "./import.schemas";

export const rejected = (issues: ImportIssue[]): ImportResult => ({ ok: false, issues });

/** Issues in file order (cell errors and cross-row errors of one line together). */
export const inLineOrder = (issues: ImportIssue[]) => [...issues].sort((a, b) => a.line - b.line);

/** Decodes the upload as strict UTF-8: a file saved in another encoding is refused, not garbled. */
export function decodeUtf8(
  bytes: ArrayBuffer,
): { ok: true; text: string } | { ok: false; issue: ImportIssue } {
  try {
    return {
      ok: true,
      text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes).normalize("NFC"),
    };
  } catch {
    return {
      ok: false,
      issue: {
        line: 0,
        column: null,
        message:
          "Tệp không phải mã hóa UTF-8 (có thể đang là Windows-1258 hoặc TCVN3). Trong Excel, hãy chọn Lưu thành “CSV UTF-8 (Comma delimited)” rồi tải lên lại.",
      },
    };
  }
}

export type ParsedRows<T> =
  | {
      ok: true;
      rows: { line: number; data: T }[];
      issues: ImportIssue[];
      /** Every row's cells as typed (valid or not), e.g. to know which codes the file holds. */
      records: Record<string, string>[];
    }
  | { ok: false; issues: ImportIssue[] };

function headerIssue(headers: string[], columns: readonly string[]): ImportIssue | null {
  const missing = columns.filter((c) => !headers.includes(c));
  const unknown = headers.filter((h) => !columns.includes(h));
  if (!missing.length && !unknown.length) return null;
  const parts = [];
  if (missing.length) parts.push(`thiếu cột ${missing.join(", ")}`);
  if (unknown.length) parts.push(`cột không được hỗ trợ ${unknown.join(", ")}`);
  return {
    line: 1,
    column: null,
    message: `Dòng 1: tiêu đề cột không đúng (${parts.join("; ")}). Cần đúng các cột: ${columns.join(",")}`,
  };
}

/**
 * Parses and checks the header and each row's cells. A bad header or file stops here
 * (`ok: false`); otherwise the rows whose cells are valid come back with the issues of the
 * others, so the cross-row rules can still run and every error is reported at once.
 */
export function parseRows<S extends z.ZodType>(
  text: string,
  columns: readonly string[],
  schema: S,
): ParsedRows<z.infer<S>> {
  const parsed = parseCsv(text);
  if (!parsed.ok)
    return { ok: false, issues: [{ line: parsed.line, column: null, message: parsed.message }] };
  const badHeader = headerIssue(parsed.headers, columns);
  if (badHeader) return { ok: false, issues: [badHeader] };
  if (parsed.rows.length === 0) {
    return {
      ok: false,
      issues: [{ line: 2, column: null, message: "Tệp chỉ có dòng tiêu đề, không có dữ liệu" }],
    };
  }
  if (parsed.rows.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      issues: [
        {
          line: 0,
          column: null,
          message: `Tệp có ${parsed.rows.length} dòng dữ liệu, tối đa ${MAX_IMPORT_ROWS} dòng mỗi lần; hãy chia nhỏ tệp`,
        },
      ],
    };
  }
  const issues: ImportIssue[] = parsed.issues.map((i) => ({
    line: i.line,
    column: null,
    message: i.message,
  }));
  const rows: { line: number; data: z.infer<S> }[] = [];
  for (const row of parsed.rows) {
    const result = schema.safeParse(row.record);
    if (result.success) rows.push({ line: row.line, data: result.data });
    else {
      for (const issue of result.error.issues) {
        const column = issue.path.map(String).join(".") || null;
        issues.push({
          line: row.line,
          column,
          message: `Dòng ${row.line}, cột ${column ?? "?"}: ${issue.message}`,
        });
      }
    }
  }
  return { ok: true, rows, issues, records: parsed.rows.map((r) => r.record) };
}
