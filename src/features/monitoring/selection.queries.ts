/**
 * The periods and organisations the monitoring pages select (loaders, pickers, breadcrumbs),
 * and the subtree lists the digests read. The rollup SQL is in monitoring.queries.ts.
 */

/** A database or a D1 read session (`withSession`): these queries only read (`prepare`, `batch`). */
export type ReadDb = D1Database | D1DatabaseSession;

export interface PeriodInfo {
  id: string;
  scheduleId: string;
  scheduleName: string;
  frequency: string;
  key: string;
  label: string;
  cutoffStart: string;
  cutoffEnd: string;
  dueOn: string;
  status: string;
  openedAt: number | null;
}

export interface OrgInfo {
  id: string;
  name: string;
  path: string;
  parentId: string | null;
  kind: string;
  population: number | null;
}

const PERIOD_SELECT = `select pe.id, pe.schedule_id as scheduleId, s.name as scheduleName, s.frequency, pe.key,
  pe.label, pe.cutoff_start as cutoffStart, pe.cutoff_end as cutoffEnd, pe.due_on as dueOn, pe.status,
  pe.opened_at as openedAt
  from periods pe join reporting_schedules s on s.id = pe.schedule_id`;

const ORG_SELECT = `select id, name, path, parent_id as parentId, kind, population from organisations`;

export async function loadPeriod(db: ReadDb, id: string): Promise<PeriodInfo | null> {
  return db.prepare(`${PERIOD_SELECT} where pe.id = ?`).bind(id).first<PeriodInfo>();
}

/**
 * The period a monitoring page opens on: the most recent one whose deadline has passed (its
 * figures mean something), semiannual first among equals; before any deadline, the earliest
 * upcoming one. `passedThrough` is `lastPassedDueOn(today, calendar)`: due dates up to it have
 * passed by the one deadline rule.
 */
export async function defaultPeriod(db: ReadDb, passedThrough: string): Promise<PeriodInfo | null> {
  return db
    .prepare(
      `${PERIOD_SELECT} where pe.status in ('open', 'closed')
       order by (pe.due_on <= ?1) desc, case when pe.due_on <= ?1 then pe.due_on end desc,
                (s.frequency = 'semiannual') desc, pe.due_on, pe.id limit 1`,
    )
    .bind(passedThrough)
    .first<PeriodInfo>();
}

/** The open period whose deadline has not passed yet (the "current" tab), earliest deadline first. */
export async function currentPeriod(db: ReadDb, passedThrough: string): Promise<PeriodInfo | null> {
  return db
    .prepare(
      `${PERIOD_SELECT} where pe.status = 'open' and pe.due_on > ?1
       order by (s.frequency = 'semiannual') desc, pe.due_on, pe.id limit 1`,
    )
    .bind(passedThrough)
    .first<PeriodInfo>();
}

/** Periods of a schedule up to (and including) `upTo`, oldest first, at most `limit`. */
export async function recentPeriods(db: ReadDb, period: PeriodInfo, limit = 6): Promise<PeriodInfo[]> {
  const { results } = await db
    .prepare(
      `${PERIOD_SELECT} where pe.schedule_id = ? and pe.cutoff_end <= ? and pe.status in ('open', 'closed')
       order by pe.cutoff_end desc limit ?`,
    )
    .bind(period.scheduleId, period.cutoffEnd, limit)
    .all<PeriodInfo>();
  return results.reverse();
}

/** Open and closed periods, newest first, for a period picker. */
export async function listPeriods(db: ReadDb): Promise<PeriodInfo[]> {
  const { results } = await db
    .prepare(
      `${PERIOD_SELECT} where pe.status in ('open', 'closed') order by pe.cutoff_end desc, s.name limit 60`,
    )
    .all<PeriodInfo>();
  return results;
}

export async function loadOrgInfo(db: ReadDb, id: string): Promise<OrgInfo | null> {
  return db.prepare(`${ORG_SELECT} where id = ?`).bind(id).first<OrgInfo>();
}

/** Direct children in display order (index on parent_id, sort_order). */
export async function childrenOf(db: ReadDb, id: string): Promise<OrgInfo[]> {
  const { results } = await db
    .prepare(`${ORG_SELECT} where parent_id = ? order by sort_order, name`)
    .bind(id)
    .all<OrgInfo>();
  return results;
}

/** The organisations on a path, root first (for breadcrumbs). */
export async function pathOrgs(db: ReadDb, path: string): Promise<OrgInfo[]> {
  const ids = path.split("/").filter(Boolean);
  const { results } = await db
    .prepare(`${ORG_SELECT} where id in (select value from json_each(?))`)
    .bind(JSON.stringify(ids))
    .all<OrgInfo>();
  const byId = new Map(results.map((o) => [o.id, o]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The end of a subtree's path range: `path >= p and path < p || '~'`. */
export const rangeEnd = (path: string) => `${path}~`;

/** The top of the tree (first root in display order): what a global dashboard scope opens on. */
export async function rootOrgId(db: ReadDb): Promise<string | null> {
  const root = await db
    .prepare("select id from organisations where parent_id is null order by sort_order limit 1")
    .first<{ id: string }>();
  return root?.id ?? null;
}

/** Which of `ids` have children of their own. */
export async function withChildren(db: ReadDb, ids: readonly string[]): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      "select distinct parent_id as id from organisations where parent_id in (select value from json_each(?))",
    )
    .bind(JSON.stringify(ids))
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}

export interface AwaitingReviewRow {
  obligationId: string;
  organisationName: string;
  periodLabel: string;
  submittedAt: number;
}

/** Reports submitted and waiting for review in open periods of a subtree, oldest first. */
export async function awaitingReview(
  db: ReadDb,
  root: Pick<OrgInfo, "path">,
  limit = 20,
): Promise<AwaitingReviewRow[]> {
  const { results } = await db
    .prepare(
      `select ob.id as obligationId, org.name as organisationName, pe.label as periodLabel,
         ob.last_submitted_at as submittedAt
       from organisations org
         cross join obligations ob on ob.organisation_id = org.id
         join periods pe on pe.id = ob.period_id
       where org.path >= ? and org.path < ? and ob.status = 'submitted' and pe.status = 'open'
       order by ob.last_submitted_at, org.path limit ?`,
    )
    .bind(root.path, rangeEnd(root.path), limit)
    .all<AwaitingReviewRow>();
  return results;
}

/** Open periods whose obligations reach into a subtree. */
export async function openPeriodsIn(db: ReadDb, root: Pick<OrgInfo, "path">): Promise<PeriodInfo[]> {
  const { results } = await db
    .prepare(
      `${PERIOD_SELECT} where pe.status = 'open' and exists (
         select 1 from organisations org cross join obligations ob on ob.organisation_id = org.id and ob.period_id = pe.id
         where org.path >= ? and org.path < ?)
       order by pe.due_on, pe.id`,
    )
    .bind(root.path, rangeEnd(root.path))
    .all<PeriodInfo>();
  return results;
}
