/** The synthetic data as SQL: multi-row INSERTs with literal values, sized for D1's statement limit. */
import type { SqlValue, TableRows } from "./synthetic-kit";

function sqlLiteral(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) n += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return n;
}

export interface SqlInsertOptions {
  /** Rows per INSERT statement. Default 200. */
  rowsPerStatement?: number;
  /** Upper bound on one statement's length in bytes (D1 limits statements to 100 KB). Default 90,000. */
  maxStatementBytes?: number;
}

/**
 * Multi-row INSERT statements (literal values, no bound parameters) for the tables in order,
 * each statement ending with ";\n". Statements stay under `maxStatementBytes`.
 */
export function toSqlStatements(tables: readonly TableRows[], options: SqlInsertOptions = {}): string[] {
  const maxRows = options.rowsPerStatement ?? 200;
  const maxBytes = options.maxStatementBytes ?? 90_000;
  const out: string[] = [];
  for (const { table, rows } of tables) {
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]!);
    const head = `INSERT INTO ${table} (${columns.join(", ")}) VALUES\n`;
    let tuples: string[] = [];
    let bytes = utf8Length(head);
    const flush = () => {
      if (tuples.length > 0) out.push(`${head}${tuples.join(",\n")};\n`);
      tuples = [];
      bytes = utf8Length(head);
    };
    for (const row of rows) {
      const tuple = `(${columns.map((c) => sqlLiteral(row[c] ?? null)).join(", ")})`;
      const size = utf8Length(tuple) + 2;
      if (tuples.length >= maxRows || (tuples.length > 0 && bytes + size > maxBytes)) flush();
      tuples.push(tuple);
      bytes += size;
    }
    flush();
  }
  return out;
}

/** The whole data set as one SQL script of multi-row INSERTs (write it to a .sql file). */
export function toSqlInserts(tables: readonly TableRows[], options: SqlInsertOptions = {}): string {
  return toSqlStatements(tables, options).join("");
}
