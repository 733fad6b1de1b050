/**
 * Benchmark-only statement capture (`npm run bench`): a wrapper around the D1 binding that
 * records every statement a request runs — its SQL text exactly as the code prepared it, the
 * bound parameters, how it was run and how many rows came back — so the bench can run the very
 * same statements on plain SQLite (the floor of that request). Read by the development tools
 * only (`GET /dev/bench/sql`), so it is not in the production bundle.
 */

export type CapturedMethod = "all" | "first" | "raw" | "run" | "batch" | "exec";

export interface CapturedStatement {
  sql: string;
  /** As D1 binds them: booleans as 1/0, undefined as null (blobs are reported by their size). */
  params: (string | number | null | { blobBytes: number })[];
  method: CapturedMethod;
  /** Rows the statement returned to the code (`first`: 1 or 0; `run`, `batch`, `exec`: null). */
  rows: number | null;
}

function paramOf(v: unknown): CapturedStatement["params"][number] {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "bigint") return Number(v);
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return { blobBytes: v.byteLength };
  return String(v);
}

class CapturingStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    readonly sql: string,
    readonly params: unknown[],
    private readonly sink: CapturedStatement[],
  ) {}

  record(method: CapturedMethod, rows: number | null): void {
    this.sink.push({ sql: this.sql, params: this.params.map(paramOf), method, rows });
  }

  bind(...values: unknown[]): CapturingStatement {
    return new CapturingStatement(this.inner.bind(...values), this.sql, values, this.sink);
  }

  async all<T>(): Promise<D1Result<T>> {
    const result = await this.inner.all<T>();
    this.record("all", result.results.length);
    return result;
  }

  async first<T>(column?: string): Promise<T | null> {
    const row =
      column === undefined ? await this.inner.first<T>() : await this.inner.first<T>(column as string);
    this.record("first", row === null ? 0 : 1);
    return row;
  }

  async raw<T>(options?: { columnNames?: boolean }): Promise<T[]> {
    const rows = options?.columnNames
      ? ((await this.inner.raw<T>({ columnNames: true })) as unknown as T[])
      : await this.inner.raw<T>();
    this.record("raw", options?.columnNames ? rows.length - 1 : rows.length);
    return rows;
  }

  async run<T>(): Promise<D1Result<T>> {
    const result = await this.inner.run<T>();
    this.record("run", null);
    return result;
  }
}

const unwrap = (statements: D1PreparedStatement[]) =>
  statements.map((st) => (st instanceof CapturingStatement ? st.inner : st));

/** A database or one of its sessions: what it prepares and what it runs in a batch is captured. */
class CapturingConnection<C extends D1Database | D1DatabaseSession> {
  constructor(
    protected readonly inner: C,
    protected readonly sink: CapturedStatement[],
  ) {}

  prepare(query: string): CapturingStatement {
    return new CapturingStatement(this.inner.prepare(query), query, [], this.sink);
  }

  async batch<T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const results = await this.inner.batch<T>(unwrap(statements));
    for (const st of statements) {
      if (st instanceof CapturingStatement) st.record("batch", null);
      else
        this.sink.push({
          sql: "(a statement prepared outside the capture)",
          params: [],
          method: "batch",
          rows: null,
        });
    }
    return results;
  }
}

class CapturingSession extends CapturingConnection<D1DatabaseSession> {
  getBookmark(): D1SessionBookmark | null {
    return this.inner.getBookmark();
  }
}

class CapturingDatabase extends CapturingConnection<D1Database> {
  async exec(query: string): Promise<D1ExecResult> {
    const result = await this.inner.exec(query);
    this.sink.push({ sql: query, params: [], method: "exec", rows: null });
    return result;
  }

  withSession(constraintOrBookmark?: D1SessionBookmark | D1SessionConstraint): D1DatabaseSession {
    return new CapturingSession(
      this.inner.withSession(constraintOrBookmark),
      this.sink,
    ) as unknown as D1DatabaseSession;
  }

  dump(): Promise<ArrayBuffer> {
    return this.inner.dump();
  }
}

/** A D1 binding that appends every statement it runs (and its sessions run) to `sink`, in order. */
export function capturingD1(db: D1Database, sink: CapturedStatement[]): D1Database {
  return new CapturingDatabase(db, sink) as unknown as D1Database;
}
