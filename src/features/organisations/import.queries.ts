/**
 * The CSV import's reads and writes. Lookups are chunked to D1's bound-parameter limit; inserts
 * are multi-row, each within it, so a 2,000-row file is a few dozen statements in one batch.
 */
import { getTableColumns, inArray } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { chunk, columnsOf, D1_MAX_PARAMS, orm, rowsPerInsert, statementOf } from "../../db/client";
import { updateById } from "../../db/rows.queries";
import { memberships, organisations, people } from "../../db/schema";
import { ORG_FIELDS, type OrgRow } from "./organisations.queries";

/** Values per `in (…)` lookup, below D1's limit. */
const LOOKUP_CHUNK = D1_MAX_PARAMS - 5;

export async function organisationsByCode(db: D1Database, codes: string[]): Promise<OrgRow[]> {
  const out: OrgRow[] = [];
  for (const part of chunk(codes, LOOKUP_CHUNK)) {
    out.push(
      ...(await orm(db).select(ORG_FIELDS).from(organisations).where(inArray(organisations.code, part))),
    );
  }
  return out;
}

export interface PersonRow {
  id: string;
  email: string;
  fullName: string;
  phone: string | null;
  title: string | null;
}

export async function peopleByEmail(db: D1Database, emails: string[]): Promise<PersonRow[]> {
  const out: PersonRow[] = [];
  for (const part of chunk(emails, LOOKUP_CHUNK)) {
    out.push(
      ...(await orm(db)
        .select(columnsOf(people, "id", "email", "fullName", "phone", "title"))
        .from(people)
        .where(inArray(people.email, part))),
    );
  }
  return out;
}

/** `person|organisation|role` of every membership the given people hold. */
export async function membershipKeysOf(db: D1Database, personIds: string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const part of chunk(personIds, LOOKUP_CHUNK)) {
    const rows = await orm(db)
      .select(columnsOf(memberships, "personId", "organisationId", "role"))
      .from(memberships)
      .where(inArray(memberships.personId, part));
    for (const m of rows) keys.add(`${m.personId}|${m.organisationId}|${m.role}`);
  }
  return keys;
}

/** Multi-row INSERTs: Drizzle binds a value for every column with a default, so size by the table. */
function chunkedInsert<T extends SQLiteTable>(
  db: D1Database,
  table: T,
  rows: T["$inferInsert"][],
  ignoreConflicts = false,
): D1PreparedStatement[] {
  const per = rowsPerInsert(Object.keys(getTableColumns(table)).length);
  return chunk(rows, per).map((part) => {
    const insert = orm(db).insert(table).values(part);
    return statementOf(db, ignoreConflicts ? insert.onConflictDoNothing() : insert);
  });
}

export const organisationInserts = (db: D1Database, rows: (typeof organisations.$inferInsert)[]) =>
  chunkedInsert(db, organisations, rows);

export const personInserts = (db: D1Database, rows: (typeof people.$inferInsert)[]) =>
  chunkedInsert(db, people, rows);

/** A membership already held is left as it is. */
export const membershipInserts = (db: D1Database, rows: (typeof memberships.$inferInsert)[]) =>
  chunkedInsert(db, memberships, rows, true);

export function importedPersonUpdate(
  db: D1Database,
  id: string,
  fields: Pick<typeof people.$inferInsert, "fullName" | "phone" | "title">,
  now: number,
) {
  return statementOf(db, updateById(db, people, id, fields, now));
}
