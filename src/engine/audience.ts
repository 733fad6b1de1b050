/**
 * Who receives a ladder step: the reporting organisation's secretary and reporters, the
 * superior committee's secretary, Commission staff for the subtree (the nearest commission
 * above the organisation), or that commission's leadership (the nearest one that has leaders).
 */
import { chunk } from "../db/client";
import type { Audience } from "../db/schema";
import { selectCommissionStaff, selectSecretariesAndReporters } from "./audience.queries";

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
  const members: Awaited<ReturnType<typeof selectSecretariesAndReporters>> = [];
  for (const ids of chunk(ownAndParents, 90)) members.push(...(await selectSecretariesAndReporters(db, ids)));
  // Commissions are few (one per province plus the central ones): load them whole.
  const commissionRows = await selectCommissionStaff(db);
  const toRecipient = (r: {
    personId: string;
    email: string;
    fullName: string;
    title: string | null;
    bouncedAt: number | null;
  }): Recipient => ({
    personId: r.personId,
    email: r.email,
    fullName: r.fullName,
    title: r.title,
    bounced: r.bouncedAt !== null,
  });
  const byOrgRole = new Map<string, Recipient[]>();
  for (const m of members) {
    const key = `${m.organisationId}:${m.role}`;
    byOrgRole.set(key, [...(byOrgRole.get(key) ?? []), toRecipient(m)]);
  }
  // Commission staff/leaders keyed by the organisation whose subtree the commission serves.
  const staffByServed = new Map<string, Recipient[]>();
  const leadersByServed = new Map<string, Recipient[]>();
  for (const row of commissionRows) {
    // A commission without staff, or a disabled person, comes back without a person.
    if (!row.parentId || !row.personId || row.email === null || row.fullName === null) continue;
    const target = row.role === "commission_leader" ? leadersByServed : staffByServed;
    const recipient = toRecipient({
      ...row,
      personId: row.personId,
      email: row.email,
      fullName: row.fullName,
    });
    target.set(row.parentId, [...(target.get(row.parentId) ?? []), recipient]);
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
