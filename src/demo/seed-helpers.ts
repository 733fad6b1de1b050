/** Shared by the demo loaders (kept apart to avoid an import cycle). */
export type Value = string | number | null;

export const DIRECTIVE_52_ID = "ct52";

/** One `insert ... on conflict do nothing` per row; rows are objects keyed by column. */
export function insertStatements(
  db: D1Database,
  table: string,
  rows: Record<string, Value>[],
): D1PreparedStatement[] {
  return rows.map((row) => {
    const columns = Object.keys(row);
    return db
      .prepare(
        `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")}) on conflict do nothing`,
      )
      .bind(...columns.map((c) => row[c] ?? null));
  });
}

/** The default escalation ladder: [working days from the due date, audience, template]. */
export const DEFAULT_LADDER: [number, string, string][] = [
  [-7, "reporters", "reminder_before"],
  [-3, "reporters", "reminder_before"],
  [-1, "reporters", "reminder_before"],
  [0, "reporters", "due_today"],
  [1, "reporters", "overdue"],
  [5, "superior", "escalation_superior"],
  [5, "commission", "escalation_commission"],
  [10, "leadership", "escalation_leadership"],
];
