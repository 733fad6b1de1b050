/**
 * The organisation tree's queries (the only place they live), through Drizzle's query builder:
 * scoped lists filter with `scopeWhere` (the path-range predicate), the search prefilter is LIKE
 * with escapes, a subtree moves in one UPDATE on the path range.
 */
import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from "drizzle-orm";
import { type ActionScope, scopeWhere } from "../../auth/policy";
import { columnsOf, orm, statementOf } from "../../db/client";
import { withPeriodAndSchedule } from "../../db/joins";
import { OBLIGATION_DEADLINE } from "../../db/obligation-fields";
import { rowById, updateById } from "../../db/rows.queries";
import {
  memberships,
  obligations,
  organisations,
  people,
  periods,
  plans,
  planTasks,
  reportingSchedules,
} from "../../db/schema";
import { containsPattern, foldedLikePattern, pathLevel, type SearchTerms } from "../../domain/org-tree";

/** The columns every organisation read returns. */
export const ORG_FIELDS = columnsOf(
  organisations,
  "id",
  "code",
  "name",
  "shortName",
  "kind",
  "parentId",
  "level",
  "path",
  "email",
  "phone",
  "address",
  "population",
  "openedOn",
  "closedOn",
  "sortOrder",
);

export type OrgRow = Awaited<ReturnType<ReturnType<typeof selectOrgs>["all"]>>[number];

function selectOrgs(db: D1Database) {
  return orm(db).select(ORG_FIELDS).from(organisations);
}

/** The scope's path-range condition over `organisations`. */
const inScope = (scope: ActionScope): SQL =>
  scopeWhere(scope, { path: organisations.path, id: organisations.id });

/** The subtree of the organisation at `path`, itself included: the path index range. */
const inSubtree = (path: string): SQL =>
  and(gte(organisations.path, path), lt(organisations.path, `${path}~`)) as SQL;

export async function getOrg(db: D1Database, id: string): Promise<OrgRow | null> {
  return rowById(db, organisations, ORG_FIELDS, id);
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
  const o = organisations;
  return selectOrgs(db)
    .where(and(inScope(scope), after ? gt(o.path, after) : undefined))
    .orderBy(asc(o.path))
    .limit(take);
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
  const o = organisations;
  const like = (column: SQLWrapper, pattern: string) => sql`${column} like ${pattern} escape '\\'`;
  return selectOrgs(db)
    .where(
      and(
        inScope(scope),
        or(
          like(o.name, containsPattern(terms.text)),
          like(o.code, containsPattern(terms.text)),
          like(o.name, foldedLikePattern(terms.folded)),
          like(
            sql`replace(replace(${o.code}, '-', ''), '_', '')`,
            terms.compact ? containsPattern(terms.compact) : "\u0000",
          ),
        ),
      ),
    )
    .orderBy(asc(o.level), asc(o.path))
    .limit(400);
}

/** How many organisations sit below the one at `path` (its whole subtree, itself aside). */
export async function subordinateCount(db: D1Database, path: string): Promise<number> {
  return (await orm(db).$count(organisations, inSubtree(path))) - 1;
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
  const parentId = org.parent?.id ?? null;
  return statementOf(
    db,
    orm(db)
      .insert(organisations)
      .values({
        id,
        code: org.code,
        name: org.name,
        shortName: org.shortName ?? null,
        kind: org.kind,
        parentId,
        level,
        path,
        email: org.email ?? null,
        phone: org.phone ?? null,
        address: org.address ?? null,
        population: org.population ?? null,
        openedOn: org.openedOn ?? null,
        closedOn: org.closedOn ?? null,
        // Last among its siblings, read in the same statement.
        sortOrder: sql`coalesce((select max(sort_order) + 1 from organisations where parent_id is ${parentId}), 0)`,
        createdAt: now,
        updatedAt: now,
      }),
  );
}

export type OrgChanges = Partial<
  Pick<typeof organisations.$inferInsert, "name" | "email" | "phone" | "population" | "closedOn">
>;

/** Every field a CSV row carries, and the parent (its path is rewritten by the subtree move). */
type ImportedOrgFields = Pick<
  typeof organisations.$inferInsert,
  "name" | "kind" | "email" | "phone" | "population" | "openedOn" | "closedOn" | "parentId"
>;

export function orgUpdateStatement(
  db: D1Database,
  id: string,
  changes: OrgChanges | ImportedOrgFields,
  now: number,
) {
  return statementOf(db, updateById(db, organisations, id, changes, now));
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
  const o = organisations;
  return statementOf(
    db,
    orm(db)
      .update(o)
      .set({
        path: sql`${toPath} || substr(${o.path}, ${fromPath.length + 1})`,
        level: sql`${o.level} + ${levelDelta}`,
        updatedAt: now,
      })
      .where(inSubtree(fromPath)),
  );
}

// ---------------------------------------------------------------- the organisation page

export async function membersOf(db: D1Database, organisationId: string) {
  return orm(db)
    .select({
      personId: people.id,
      ...columnsOf(people, "fullName", "email", "title"),
      role: memberships.role,
      ...columnsOf(people, "bouncedAt", "bounceReason"),
    })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(and(eq(memberships.organisationId, organisationId), isNull(people.disabledAt)))
    .orderBy(asc(memberships.role), asc(people.fullName))
    .limit(200);
}

/** The organisation's plan (the first one), with its number of tasks not deleted. */
export async function firstPlanOf(db: D1Database, organisationId: string) {
  const row = await orm(db)
    .select({
      ...columnsOf(plans, "id", "documentNumber", "documentDate"),
      tasks: sql<number>`(select count(*) from ${planTasks} where ${planTasks.planId} = ${plans.id} and ${planTasks.deletedAt} is null)`,
    })
    .from(plans)
    .where(eq(plans.organisationId, organisationId))
    .orderBy(asc(plans.createdAt))
    .limit(1)
    .get();
  return row ?? null;
}

/** The organisation's last 50 obligations, latest deadline first. */
export async function obligationsOf(db: D1Database, organisationId: string) {
  const ob = obligations;
  const query = orm(db)
    .select({
      ...OBLIGATION_DEADLINE,
      label: periods.label,
      scheduleName: reportingSchedules.name,
      ...columnsOf(ob, "onTime", "lastSubmittedAt"),
    })
    .from(ob)
    .$dynamic();
  return withPeriodAndSchedule(query)
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
  const o = organisations;
  return orm(db)
    .select({ id: o.id, name: o.name })
    .from(o)
    .where(and(inScope(scope), isNull(o.closedOn), inArray(o.kind, kinds as OrgRow["kind"][])))
    .orderBy(asc(o.level), asc(o.sortOrder), asc(o.name))
    .limit(limit);
}
