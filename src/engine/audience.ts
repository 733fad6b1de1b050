/**
 * Who receives a ladder step: the reporting organisation's secretary and reporters, the
 * superior committee's secretary, Commission staff for the subtree (the nearest commission
 * above the organisation), or that commission's leadership (the nearest one that has leaders).
 */
import { chunk } from "../db/client";
import type { Audience } from "../db/schema";

export interface Recipient {
  personId: string;
  email: string;
  fullName: string;
  /** Position (chức vụ) for the salutation. */
  title: string | null;
  bounced: boolean;
}

export interface OrganisationRef {
  id: string;
  path: string;
}

/** Ancestor ids of a materialised path, nearest first (excluding the organisation itself). */
export function ancestorIds(path: string): string[] {
  const ids = path.split("/").filter(Boolean);
  return ids.slice(0, -1).reverse();
}

interface MemberRow {
  organisation_id: string;
  role: string;
  person_id: string;
  email: string;
  full_name: string;
  title: string | null;
  bounced_at: number | null;
}

const MEMBER_SELECT = `select m.organisation_id, m.role, p.id as person_id, p.email, p.full_name, p.title, p.bounced_at
  from memberships m join people p on p.id = m.person_id where p.disabled_at is null`;

/**
 * Resolves the recipients of every audience for a set of organisations with a bounded number
 * of queries (chunked to D1's parameter limit), whatever the size of the tree.
 */
export async function resolveAudiences(
  db: D1Database,
  organisations: OrganisationRef[],
): Promise<(organisationId: string, audience: Audience) => Recipient[]> {
  const parentOf = new Map(organisations.map((o) => [o.id, ancestorIds(o.path)[0] ?? null]));
  const ownAndParents = [
    ...new Set(organisations.flatMap((o) => [o.id, parentOf.get(o.id)]).filter((x) => x !== null)),
  ] as string[];
  const members: MemberRow[] = [];
  for (const ids of chunk(ownAndParents, 90)) {
    const { results } = await db
      .prepare(
        `${MEMBER_SELECT} and m.role in ('secretary','reporter') and m.organisation_id in (${ids.map(() => "?").join(",")})`,
      )
      .bind(...ids)
      .all<MemberRow>();
    members.push(...results);
  }
  // Commissions are few (one per province plus the central ones): load them whole.
  // Joined on the commission's id (memberships_org_role_idx), not through a subquery: SQLite
  // materialised that subquery by scanning every membership, on each plan page.
  // A disabled person comes back with a null person_id and is skipped below.
  const { results: commissionRows } = await db
    .prepare(
      `select c.id as commission_id, c.parent_id, m.role, p.id as person_id, p.email, p.full_name, p.title, p.bounced_at
       from organisations c
       left join memberships m on m.organisation_id = c.id and m.role in ('commission_staff','commission_leader')
       left join people p on p.id = m.person_id and p.disabled_at is null
       where c.kind = 'commission' and c.closed_on is null`,
    )
    .all<Omit<MemberRow, "organisation_id"> & { commission_id: string; parent_id: string | null }>();

  const toRecipient = (r: {
    person_id: string;
    email: string;
    full_name: string;
    title: string | null;
    bounced_at: number | null;
  }) => ({
    personId: r.person_id,
    email: r.email,
    fullName: r.full_name,
    title: r.title,
    bounced: r.bounced_at !== null,
  });
  const byOrgRole = new Map<string, Recipient[]>();
  for (const m of members) {
    const key = `${m.organisation_id}:${m.role}`;
    byOrgRole.set(key, [...(byOrgRole.get(key) ?? []), toRecipient(m)]);
  }
  // Commission staff/leaders keyed by the organisation whose subtree the commission serves.
  const staffByServed = new Map<string, Recipient[]>();
  const leadersByServed = new Map<string, Recipient[]>();
  for (const row of commissionRows) {
    if (!row.parent_id || !row.person_id) continue;
    const target = row.role === "commission_leader" ? leadersByServed : staffByServed;
    target.set(row.parent_id, [...(target.get(row.parent_id) ?? []), toRecipient(row)]);
  }
  const pathOf = new Map(organisations.map((o) => [o.id, o.path]));
  const nearest = (organisationId: string, served: Map<string, Recipient[]>): Recipient[] => {
    // Only commissions above: Thành ủy Hà Nội answers to the central Commission, not to its own.
    for (const id of ancestorIds(pathOf.get(organisationId) ?? "")) {
      const found = served.get(id);
      if (found && found.length > 0) return found;
    }
    return [];
  };

  return (organisationId, audience) => {
    switch (audience) {
      case "reporters":
        return [
          ...(byOrgRole.get(`${organisationId}:secretary`) ?? []),
          ...(byOrgRole.get(`${organisationId}:reporter`) ?? []),
        ];
      case "superior": {
        const parent = parentOf.get(organisationId);
        return parent ? (byOrgRole.get(`${parent}:secretary`) ?? []) : [];
      }
      case "commission":
        return nearest(organisationId, staffByServed);
      case "leadership":
        return nearest(organisationId, leadersByServed);
    }
  };
}

/** One message per person: a person reached through several audiences or roles is listed once. */
export function uniqueRecipients(recipients: Recipient[]): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const r of recipients) if (!seen.has(r.personId)) seen.set(r.personId, r);
  return [...seen.values()];
}
