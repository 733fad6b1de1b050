/**
 * Benchmark-only D1 accounting (`npm run bench`): a wrapper around the D1 binding that counts
 * round trips, statements (each statement of a batch counts) and the rows D1 reports as read
 * and written (`meta.rows_read` / `meta.rows_written`). Enabled only when the Worker runs with
 * `BENCH_COUNT_D1=1` outside production; otherwise `countedEnv` returns the env untouched.
 * Counters live in the isolate, per label (e.g. "tick", "open-period").
 */
import type { Env } from "../platform/config";

export interface D1Stats {
  /** Calls that reach D1: each run/all/first/raw, each batch and each exec. */
  roundTrips: number;
  /** SQL statements executed (a batch of 200 counts 200). */
  statements: number;
  batches: number;
  /** Largest batch seen. */
  maxBatch: number;
  rowsRead: number;
  rowsWritten: number;
  /** Statements whose result carried no meta (raw()): their rows read are not counted. */
  withoutMeta: number;
}

const stats = new Map<string, D1Stats>();

const empty = (): D1Stats => ({
  roundTrips: 0,
  statements: 0,
  batches: 0,
  maxBatch: 0,
  rowsRead: 0,
  rowsWritten: 0,
  withoutMeta: 0,
});

function statsFor(label: string): D1Stats {
  let s = stats.get(label);
  if (!s) {
    s = empty();
    stats.set(label, s);
  }
  return s;
}

export function readD1Stats(): Record<string, D1Stats> {
  return Object.fromEntries([...stats].map(([k, v]) => [k, { ...v }]));
}

export function resetD1Stats(): void {
  stats.clear();
}

function addMeta(s: D1Stats, meta: Partial<D1Meta> | undefined): void {
  if (!meta) {
    s.withoutMeta++;
    return;
  }
  s.rowsRead += meta.rows_read ?? 0;
  s.rowsWritten += meta.rows_written ?? 0;
}

class CountingStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    private readonly s: D1Stats,
  ) {}

  bind(...values: unknown[]): CountingStatement {
    return new CountingStatement(this.inner.bind(...values), this.s);
  }

  /** One statement, one round trip, and the rows its result reports. */
  private async counted<T>(call: () => Promise<D1Result<T>>): Promise<D1Result<T>> {
    this.s.roundTrips++;
    this.s.statements++;
    const result = await call();
    addMeta(this.s, result.meta);
    return result;
  }

  run<T>(): Promise<D1Result<T>> {
    return this.counted(() => this.inner.run<T>());
  }

  all<T>(): Promise<D1Result<T>> {
    return this.counted(() => this.inner.all<T>());
  }

  /** Same query as D1's first() (which does not add a LIMIT), through all() to see its meta. */
  async first<T>(column?: string): Promise<T | null> {
    const { results } = await this.all<Record<string, unknown>>();
    const row = results[0];
    if (row === undefined) return null;
    return (column === undefined ? row : (row[column] ?? null)) as T | null;
  }

  async raw<T>(options?: { columnNames?: boolean }): Promise<T[]> {
    this.s.roundTrips++;
    this.s.statements++;
    this.s.withoutMeta++;
    return options?.columnNames
      ? ((await this.inner.raw<T>({ columnNames: true })) as unknown as T[])
      : this.inner.raw<T>();
  }
}

class CountingDatabase {
  constructor(
    private readonly inner: D1Database,
    private readonly s: D1Stats,
  ) {}

  prepare(query: string): CountingStatement {
    return new CountingStatement(this.inner.prepare(query), this.s);
  }

  async batch<T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    this.s.roundTrips++;
    this.s.batches++;
    this.s.statements += statements.length;
    this.s.maxBatch = Math.max(this.s.maxBatch, statements.length);
    const unwrapped = statements.map((st) =>
      st instanceof CountingStatement ? st.inner : (st as D1PreparedStatement),
    );
    const results = await this.inner.batch<T>(unwrapped);
    for (const r of results) addMeta(this.s, r.meta);
    return results;
  }

  async exec(query: string): Promise<D1ExecResult> {
    this.s.roundTrips++;
    this.s.statements++;
    return this.inner.exec(query);
  }

  /** Sessions are not counted (the engine does not use them). */
  withSession(constraintOrBookmark?: D1SessionBookmark | D1SessionConstraint): D1DatabaseSession {
    return this.inner.withSession(constraintOrBookmark);
  }

  dump(): Promise<ArrayBuffer> {
    return this.inner.dump();
  }
}

/** Wraps a D1 binding so every statement is counted under `label`. */
export function countingD1(db: D1Database, label: string): D1Database {
  return new CountingDatabase(db, statsFor(label)) as unknown as D1Database;
}

/** The env with DB counted under `label` when BENCH_COUNT_D1=1 (never in production). */
export function countedEnv(env: Env, label: string): Env {
  if (env.BENCH_COUNT_D1 !== "1" || env.APP_ENV === "production") return env;
  return { ...env, DB: countingD1(env.DB, label) };
}
