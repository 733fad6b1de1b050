/**
 * SQL text for the compliance rollup and tree browsing, kept in one place so the dashboard,
 * the bench-only dev routes and the benchmark's raw-SQLite floor run the identical statements.
 * Plain SQLite (D1) with positional `?` parameters; no Drizzle so the text is exactly what runs.
 */

export type SqlParam = string | number | null;

export interface SqlQuery {
  sql: string;
  params: SqlParam[];
}

/** One row of the rollup: a direct child of the chosen node and its subtree's counts for a period. */
export interface RollupRow {
  id: string;
  name: string;
  kind: string;
  expected: number;
  submitted: number;
  on_time: number;
  late: number;
  missing: number;
}

/**
 * Expected/submitted/on-time/late/missing obligations of one period per direct child of
 * `rootId`, each child counting its whole subtree (itself included). Children with nothing
 * to report appear with zeros. Waived obligations are not expected.
 *
 * Subtree = the materialised-path range `path > root.path and path < root.path || '~'`
 * (ids use [a-z0-9-_], all below '~'); the child a descendant belongs to is the path
 * segment right after the root's path.
 *
 * CROSS JOIN fixes the join order (SQLite honours it): walk the subtree on the path index,
 * then look each organisation's obligation up on (period_id, organisation_id). Left to
 * itself (no ANALYZE statistics) the planner scanned the whole period first and then
 * looked up organisations, 5-60x slower for a province and 5x slower for the country
 * at 60,000 organisations.
 */
export function rollupByChildSql(rootId: string, periodId: string): SqlQuery {
  return {
    sql: `with root as (select path from organisations where id = ?),
agg as (
  select substr(d.path, length(root.path) + 1,
                instr(substr(d.path, length(root.path) + 1), '/') - 1) as child_id,
         count(*) as expected,
         sum(o.first_submitted_at is not null) as submitted,
         sum(o.first_submitted_at is not null and o.on_time = 1) as on_time,
         sum(o.first_submitted_at is not null and o.on_time = 0) as late,
         sum(o.first_submitted_at is null) as missing
  from root
  cross join organisations d
  cross join obligations o on o.period_id = ? and o.organisation_id = d.id
  where d.path > root.path and d.path < root.path || '~' and o.status <> 'waived'
  group by child_id
)
select c.id, c.name, c.kind,
       coalesce(a.expected, 0) as expected, coalesce(a.submitted, 0) as submitted,
       coalesce(a.on_time, 0) as on_time, coalesce(a.late, 0) as late, coalesce(a.missing, 0) as missing
from organisations c
left join agg a on a.child_id = c.id
where c.parent_id = ?
order by c.sort_order, c.id`,
    params: [rootId, periodId, rootId],
  };
}

export interface ChildRow {
  id: string;
  name: string;
  kind: string;
  level: number;
  path: string;
  population: number | null;
  child_count: number;
}

export const CHILDREN_LIMIT = 500;

/** The children of a node for tree browsing, with how many children each has (to draw the expander). */
export function childrenSql(parentId: string, limit = CHILDREN_LIMIT): SqlQuery {
  return {
    sql: `select o.id, o.name, o.kind, o.level, o.path, o.population,
       (select count(*) from organisations g where g.parent_id = o.id) as child_count
from organisations o
where o.parent_id = ?
order by o.sort_order, o.id
limit ?`,
    params: [parentId, limit],
  };
}

export interface SearchRow {
  id: string;
  name: string;
  kind: string;
  level: number;
  path: string;
}

export const SEARCH_LIMIT = 50;

/** Escapes LIKE wildcards so the user's text matches literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Organisations whose name contains `text` (substring, SQLite LIKE), shallowest first. */
export function searchOrganisationsSql(text: string, limit = SEARCH_LIMIT): SqlQuery {
  return {
    sql: `select id, name, kind, level, path
from organisations
where name like ? escape '\\'
order by level, sort_order, id
limit ?`,
    params: [likePattern(text), limit],
  };
}
