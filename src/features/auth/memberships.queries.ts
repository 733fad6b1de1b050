/**
 * Memberships' queries (the only place their SQL lives): people and organisations looked up
 * for a grant, the filtered list, the grant and the revocation (which never removes the last
 * administrator), and the conditions that keep each audit row to a change that happened.
 */
import { type AnyColumn, and, asc, eq, or, type SQL, sql } from "drizzle-orm";
import { columnsOf, orm, statementOf } from "../../db/client";
import { withOrganisationOf, withPersonOf } from "../../db/joins";
import { memberships, organisations, people, type Role } from "../../db/schema";
import { containsPattern } from "../../domain/org-tree";

export interface MembershipRow {
  id: string;
  role: Role;
  createdAt: number;
  personId: string;
  email: string;
  fullName: string;
  organisationId: string;
  organisationCode: string;
  organisationName: string;
}

export interface MembershipFilter {
  organisationId?: string;
  personId?: string;
  q?: string;
}

export async function personById(db: D1Database, id: string): Promise<{ id: string } | null> {
  const [row] = await orm(db).select({ id: people.id }).from(people).where(eq(people.id, id)).limit(1);
  return row ?? null;
}

export async function personByEmail(db: D1Database, email: string): Promise<{ id: string } | null> {
  const [row] = await orm(db).select({ id: people.id }).from(people).where(eq(people.email, email)).limit(1);
  return row ?? null;
}

export async function organisationByCode(
  db: D1Database,
  code: string,
): Promise<{ id: string; path: string } | null> {
  const [row] = await orm(db)
    .select({ id: organisations.id, path: organisations.path })
    .from(organisations)
    .where(eq(organisations.code, code))
    .limit(1);
  return row ?? null;
}

/** `column like pattern escape '\'` (Drizzle's `like` has no escape clause). */
const likeEscaped = (column: AnyColumn, pattern: string) => sql`${column} like ${pattern} escape '\\'`;

/** At most 200 memberships, by organisation path then person name. */
export async function listMemberships(db: D1Database, filter: MembershipFilter): Promise<MembershipRow[]> {
  const where: SQL[] = [];
  if (filter.organisationId) where.push(eq(memberships.organisationId, filter.organisationId));
  if (filter.personId) where.push(eq(memberships.personId, filter.personId));
  if (filter.q) {
    // Cut to D1's 50-byte LIKE limit (a longer pattern is a 500).
    const pattern = containsPattern(filter.q);
    where.push(
      or(
        likeEscaped(people.email, pattern),
        likeEscaped(people.fullName, pattern),
        likeEscaped(organisations.code, pattern),
        likeEscaped(organisations.name, pattern),
      )!,
    );
  }
  const query = orm(db)
    .select({
      ...columnsOf(memberships, "id", "role", "createdAt"),
      personId: people.id,
      ...columnsOf(people, "email", "fullName"),
      organisationId: organisations.id,
      organisationCode: organisations.code,
      organisationName: organisations.name,
    })
    .from(memberships)
    .$dynamic();
  return withOrganisationOf(withPersonOf(query, memberships.personId), memberships.organisationId)
    .where(and(...where))
    .orderBy(asc(organisations.path), asc(people.fullName))
    .limit(200);
}

export interface NewMembership {
  id: string;
  personId: string;
  organisationId: string;
  role: Role;
  createdAt: number;
}

/** Inserts the membership unless the person already has that role there; returns its id only then. */
export function insertMembershipStatement(db: D1Database, row: NewMembership): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .insert(memberships)
      .values(row)
      .onConflictDoNothing({ target: [memberships.personId, memberships.organisationId, memberships.role] })
      .returning({ id: memberships.id }),
  );
}

export async function membershipById(
  db: D1Database,
  id: string,
): Promise<{ id: string; personId: string; organisationId: string; role: Role } | null> {
  const [row] = await orm(db)
    .select(columnsOf(memberships, "id", "personId", "organisationId", "role"))
    .from(memberships)
    .where(eq(memberships.id, id))
    .limit(1);
  return row ?? null;
}

/** Deletes the membership; an administrator's only while another administrator remains. Returns its id if deleted. */
export function deleteMembershipStatement(db: D1Database, id: string, role: Role): D1PreparedStatement {
  const notLastAdmin = sql`(select count(*) from ${memberships} where ${memberships.role} = 'admin') > 1`;
  return statementOf(
    db,
    orm(db)
      .delete(memberships)
      .where(role === "admin" ? and(eq(memberships.id, id), notLastAdmin) : eq(memberships.id, id))
      .returning({ id: memberships.id }),
  );
}

/** An audit row's condition: the membership exists (after a grant) or not (after a revocation). */
export function membershipExists(id: string, exists: boolean) {
  return { sql: `${exists ? "" : "not "}exists (select 1 from memberships where id = ?)`, params: [id] };
}
