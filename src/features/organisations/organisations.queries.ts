/**
 * The organisation tree's queries (the only place they live). Single-table reads and writes are
 * Drizzle's query builder; the scoped lists, the search prefilter and the subtree move stay SQL
 * (a path-range predicate built by `scopeSql`, LIKE with escapes, one UPDATE on the path range).
 */
import { and, asc, desc, eq, gt, inArray, isNull, or } from "drizzle-orm";
import { type ActionScope, scopeSql } from "../../auth/policy";
import { orm, statementOf } from "../../db/client";
import {
  memberships,
  obligations,
  organisations,
  people,
  periods,
  reportingSchedules,
} from "../../db/schema";
import { containsPattern, foldedLikePattern, pathLevel, type SearchTerms } from "../../domain/org-tree";

/** The columns every organisation read returns. */
export const ORG_FIELDS = {
  id: organisations.id,
  code: organisations.code,
  name: organisations.name,
  shortName: organisations.shortName,
  kind: organisations.kind,
  parentId: organisations.parentId,
  level: organisations.level,
  path: organisations.path,
  email: organisations.email,
  phone: organisations.phone,
  address: organisations.address,
  population: organisations.population,
  openedOn: organisations.openedOn,
  closedOn: organisations.closedOn,
  sortOrder: organisations.sortOrder,
};

export interface OrgRow {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: (typeof organisations.$inferSelect)["kind"];
  parentId: string | null;
  level: number;
  path: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  population: number | null;
  openedOn: string | null;
  closedOn: string | null;
  sortOrder: number;
}

/** The same columns for raw SQL over `organisations o`. */
export const ORG_COLUMNS = `o.id, o.code, o.name, o.short_name as shortName, o.kind, o.parent_id as parentId, o.level,
  o.path, o.email, o.phone, o.address, o.population, o.opened_on as openedOn, o.closed_on as closedOn,
  o.sort_order as sortOrder`;

export async function getOrg(db: D1Database, id: string): Promise<OrgRow | null> {
  const [row] = await orm(db).select(ORG_FIELDS).from(organisations).where(eq(organisations.id, id));
  return row ?? null;
}

export async function getOrgByCode(db: D1Database, code: string): Promise<OrgRow | null> {
  const [row] = await orm(db).select(ORG_FIELDS).from(organisations).where(eq(organisations.code, code));
  return row ?? null;
}

export async function codeTaken(db: D1Database, code: string): Promise<boolean> {
  const [row] = await orm(db)
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.code, code));
  return !!row;
}

/** Children in display order after the keyset `after` (sortOrder, id); `limit + 1` rows to see if more follow. */
export async function childrenAfter(
  db: D1Database,
  parentId: string,
  after: [number, string] | null,
  take: number,
): Promise<OrgRow[]> {
  const o = organisations;
  return orm(db)
    .select(ORG_FIELDS)
    .from(o)
    .where(
      and(
        eq(o.parentId, parentId),
        after ? or(gt(o.sortOrder, after[0]), and(eq(o.sortOrder, after[0]), gt(o.id, after[1]))) : undefined,
      ),
    )
    .orderBy(asc(o.sortOrder), asc(o.id))
    .limit(take);
}

/** Every organisation in a scope in tree order after the path `after` (keyset on the unique path). */
export async function inScopeAfter(
  db: D1Database,
  scope: ActionScope,
  after: string | null,
  take: number,
): Promise<OrgRow[]> {
  const where = scopeSql(scope, "o");
  const { results } = await db
    .prepare(
      `select ${ORG_COLUMNS} from organisations o where ${where.sql} ${after ? "and o.path > ?" : ""}
       order by o.path limit ?`,
    )
    .bind(...where.params, ...(after ? [after] : []), take)
    .all<OrgRow>();
  return results;
}

export async function rootOrganisations(db: D1Database): Promise<OrgRow[]> {
  const o = organisations;
  return orm(db).select(ORG_FIELDS).from(o).where(isNull(o.parentId)).orderBy(asc(o.sortOrder), asc(o.id));
}

/** Organisations at the given paths or ids (a scope's grants), in tree order, at most 100. */
export async function organisationsAt(db: D1Database, paths: string[], ids: string[]): Promise<OrgRow[]> {
  const o = organisations;
  return orm(db)
    .select(ORG_FIELDS)
    .from(o)
    .where(or(paths.length ? inArray(o.path, paths) : undefined, ids.length ? inArray(o.id, ids) : undefined))
    .orderBy(asc(o.path))
    .limit(100);
}

/** Search candidates in a scope: the LIKE prefilter on name and code, at most 400 (ranked by the caller). */
export async function searchCandidates(
  db: D1Database,
  scope: ActionScope,
  terms: SearchTerms,
): Promise<OrgRow[]> {
  const where = scopeSql(scope, "o");
  const { results } = await db
    .prepare(
      `select ${ORG_COLUMNS} from organisations o
       where ${where.sql} and (o.name like ? escape '\\' or o.code like ? escape '\\' or o.name like ? escape '\\'
         or replace(replace(o.code, '-', ''), '_', '') like ? escape '\\')
       order by o.level, o.path limit 400`,
    )
    .bind(
      ...where.params,
      containsPattern(terms.text),
      containsPattern(terms.text),
      foldedLikePattern(terms.folded),
      terms.compact ? containsPattern(terms.compact) : "\u0000",
    )
    .all<OrgRow>();
  return results;
}

export async function organisationNames(
  db: D1Database,
  ids: string[],
): Promise<{ id: string; name: string; path: string }[]> {
  if (ids.length === 0) return [];
  const o = organisations;
  return orm(db).select({ id: o.id, name: o.name, path: o.path }).from(o).where(inArray(o.id, ids));
}

/** Codes of the given organisations, by id (for CSV exports), 90 ids per query. */
export async function codesOf(db: D1Database, ids: string[]): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 90) {
    const rows = await orm(db)
      .select({ id: organisations.id, code: organisations.code })
      .from(organisations)
      .where(inArray(organisations.id, ids.slice(i, i + 90)));
    for (const r of rows) codes.set(r.id, r.code);
  }
  return codes;
}

export interface NewOrg {
  code: string;
  name: string;
  kind: OrgRow["kind"];
  parent: { id: string; path: string; level: number } | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  population?: number | null;
  openedOn?: string | null;
  closedOn?: string | null;
  shortName?: string | null;
}

/** Inserts an organisation last among its siblings (the sort order is read in the same statement). */
export function orgInsertStatement(
  db: D1Database,
  id: string,
  org: NewOrg,
  now: number,
): D1PreparedStatement {
  const path = `${org.parent?.path ?? "/"}${id}/`;
  const level = org.parent ? org.parent.level + 1 : 0;
  return db
    .prepare(
      `insert into organisations (id, code, name, short_name, kind, parent_id, level, path, email, phone, address,
         population, opened_on, closed_on, sort_order, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
         coalesce((select max(sort_order) + 1 from organisations where parent_id is ?), 0), ?, ?)`,
    )
    .bind(
      id,
      org.code,
      org.name,
      org.shortName ?? null,
      org.kind,
      org.parent?.id ?? null,
      level,
      path,
      org.email ?? null,
      org.phone ?? null,
      org.address ?? null,
      org.population ?? null,
      org.openedOn ?? null,
      org.closedOn ?? null,
      org.parent?.id ?? null,
      now,
      now,
    );
}

export type OrgChanges = Partial<
  Pick<typeof organisations.$inferInsert, "name" | "email" | "phone" | "population" | "closedOn">
>;

export function orgUpdateStatement(db: D1Database, id: string, changes: OrgChanges, now: number) {
  return statementOf(
    db,
    orm(db)
      .update(organisations)
      .set({ ...changes, updatedAt: now })
      .where(eq(organisations.id, id)),
  );
}

/** Sets the parent, compare-and-swap on the path read before: a concurrent move makes it a no-op. */
export function parentUpdateStatement(
  db: D1Database,
  id: string,
  fromPath: string,
  parentId: string,
  now: number,
) {
  return statementOf(
    db,
    orm(db)
      .update(organisations)
      .set({ parentId, updatedAt: now })
      .where(and(eq(organisations.id, id), eq(organisations.path, fromPath))),
  );
}

/**
 * The statement that moves the subtree rooted at the node whose current path is `fromPath`
 * so that it sits at `toPath`: paths are rewritten by prefix and levels shifted, all rows of
 * the subtree in one UPDATE on the path index range. The node's own `parent_id` is set separately.
 */
export function subtreeMoveStatement(db: D1Database, fromPath: string, toPath: string, now: number) {
  const levelDelta = pathLevel(toPath) - pathLevel(fromPath);
  return db
    .prepare(
      `update organisations set path = ? || substr(path, ?), level = level + ?, updated_at = ?
       where path >= ? and path < ?`,
    )
    .bind(toPath, fromPath.length + 1, levelDelta, now, fromPath, `${fromPath}~`);
}

// ---------------------------------------------------------------- the organisation page

export async function membersOf(db: D1Database, organisationId: string) {
  return orm(db)
    .select({
      personId: people.id,
      fullName: people.fullName,
      email: people.email,
      title: people.title,
      role: memberships.role,
      bouncedAt: people.bouncedAt,
      bounceReason: people.bounceReason,
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.organisationId, organisationId), isNull(people.disabledAt)))
    .orderBy(asc(memberships.role), asc(people.fullName))
    .limit(200);
}

/** The organisation's plan (the first one), with its number of tasks not deleted. */
export async function firstPlanOf(db: D1Database, organisationId: string) {
  return db
    .prepare(
      `select pl.id, pl.document_number as documentNumber, pl.document_date as documentDate,
         (select count(*) from plan_tasks t where t.plan_id = pl.id and t.deleted_at is null) as tasks
       from plans pl where pl.organisation_id = ? order by pl.created_at limit 1`,
    )
    .bind(organisationId)
    .first<{ id: string; documentNumber: string | null; documentDate: string | null; tasks: number }>();
}

/** The organisation's last 50 obligations, latest deadline first. */
export async function obligationsOf(db: D1Database, organisationId: string) {
  const ob = obligations;
  return orm(db)
    .select({
      id: ob.id,
      label: periods.label,
      scheduleName: reportingSchedules.name,
      dueOn: ob.dueOn,
      extendedDueOn: ob.extendedDueOn,
      effectiveDueOn: ob.effectiveDueOn,
      status: ob.status,
      onTime: ob.onTime,
      lastSubmittedAt: ob.lastSubmittedAt,
    })
    .from(ob)
    .innerJoin(periods, eq(periods.id, ob.periodId))
    .innerJoin(reportingSchedules, eq(reportingSchedules.id, periods.scheduleId))
    .where(eq(ob.organisationId, organisationId))
    .orderBy(desc(ob.effectiveDueOn))
    .limit(50);
}

/** Open committees in a scope, of the given kinds (the owners a directive, a policy or a target may have). */
export async function committeesInScope(
  db: D1Database,
  scope: ActionScope,
  kinds: readonly string[] = ["secretariat", "central_committee", "provincial_committee", "committee"],
  limit = 300,
): Promise<{ id: string; name: string }[]> {
  const where = scopeSql(scope, "o");
  const { results } = await db
    .prepare(
      `select o.id, o.name from organisations o where ${where.sql} and o.closed_on is null
         and o.kind in (${kinds.map(() => "?").join(",")}) order by o.level, o.sort_order, o.name limit ?`,
    )
    .bind(...where.params, ...kinds, limit)
    .all<{ id: string; name: string }>();
  return results;
}
