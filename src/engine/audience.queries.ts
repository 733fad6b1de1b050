/** Audiences' queries: the members of organisations and the staff of every commission (Drizzle). */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { columnsOf, orm } from "../db/client";
import { memberships, organisations, people } from "../db/schema";

const person = {
  personId: people.id,
  ...columnsOf(people, "email", "fullName", "title", "bouncedAt"),
};

/** Enabled secretaries and reporters of these organisations (at most 90 ids: D1's 100 parameters). */
export async function selectSecretariesAndReporters(db: D1Database, organisationIds: string[]) {
  return orm(db)
    .select({ organisationId: memberships.organisationId, role: memberships.role, ...person })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(
      and(
        isNull(people.disabledAt),
        inArray(memberships.role, ["secretary", "reporter"]),
        inArray(memberships.organisationId, organisationIds),
      ),
    );
}

/**
 * Every open commission with its staff and leaders (few: one per province plus the central
 * ones). Joined on the commission's id (memberships_org_role_idx), not through a subquery:
 * SQLite materialised that subquery by scanning every membership, on each plan page. A
 * disabled person comes back with a null person id.
 */
export async function selectCommissionStaff(db: D1Database) {
  return orm(db)
    .select({
      commissionId: organisations.id,
      parentId: organisations.parentId,
      role: memberships.role,
      ...person,
    })
    .from(organisations)
    .leftJoin(
      memberships,
      and(
        eq(memberships.organisationId, organisations.id),
        inArray(memberships.role, ["commission_staff", "commission_leader"]),
      ),
    )
    .leftJoin(people, and(eq(people.id, memberships.personId), isNull(people.disabledAt)))
    .where(and(eq(organisations.kind, "commission"), isNull(organisations.closedOn)));
}
