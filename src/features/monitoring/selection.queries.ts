/**
 * The periods and organisations the monitoring pages select (loaders, pickers, breadcrumbs),
 * and the subtree lists the digests read. The rollup SQL is in monitoring.queries.ts.
 * Ordinary reads are Drizzle's query builder; `awaitingReview` and `openPeriodsIn` stay raw
 * (measured plans: the cross join from the subtree's path range, BENCHMARKS.md).
 */
import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import { columnsOf, orm } from "../../db/client";
import { organisations, periods, reportingSchedules } from "../../db/schema";
import { firstRootIdBy } from "../../db/tree.queries";

/** A database or a D1 read session (`withSession`): these queries only read (`prepare`, `batch`). */
export type ReadDb = D1Database | D1DatabaseSession;

const PERIOD_FIELDS = {
  ...columnsOf(periods, "id", "scheduleId"),
  scheduleName: reportingSchedules.name,
  frequency: reportingSchedules.frequency,
  ...columnsOf(periods, "key", "label", "cutoffStart", "cutoffEnd", "dueOn", "status", "openedAt"),
};

const ORG_FIELDS = columnsOf(organisations, "id", "name", "path", "parentId", "kind", "population");

function selectPeriods(db: ReadDb) {
  return orm(db)
    .select(PERIOD_FIELDS)
    .from(periods)
    .innerJoin(reportingSchedules, eq(reportingSchedules.id, periods.scheduleId));
}

function selectOrgs(db: ReadDb) {
  return orm(db).select(ORG_FIELDS).from(organisations);
}

export type PeriodInfo = Awaited<ReturnType<ReturnType<typeof selectPeriods>["all"]>>[number];
export type OrgInfo = Awaited<ReturnType<ReturnType<typeof selectOrgs>["all"]>>[number];

const OPEN_OR_CLOSED = inArray(periods.status, ["open", "closed"]);
const SEMIANNUAL_FIRST = desc(sql`${reportingSchedules.frequency} = 'semiannual'`);

export async function loadPeriod(db: ReadDb, id: string): Promise<PeriodInfo | null> {
  return (await selectPeriods(db).where(eq(periods.id, id)).get()) ?? null;
}

/**
 * The period a monitoring page opens on: the most recent one whose deadline has passed (its
 * figures mean something), semiannual first among equals; before any deadline, the earliest
 * upcoming one. `passedThrough` is `lastPassedDueOn(today, calendar)`: due dates up to it have
 * passed by the one deadline rule.
 */
export async function defaultPeriod(db: ReadDb, passedThrough: string): Promise<PeriodInfo | null> {
  const passed = lte(periods.dueOn, passedThrough);
  const row = await selectPeriods(db)
    .where(OPEN_OR_CLOSED)
    .orderBy(
      desc(passed),
      desc(sql`case when ${passed} then ${periods.dueOn} end`),
      SEMIANNUAL_FIRST,
      asc(periods.dueOn),
      asc(periods.id),
    )
    .limit(1)
    .get();
  return row ?? null;
}

/** The open period whose deadline has not passed yet (the "current" tab), earliest deadline first. */
export async function currentPeriod(db: ReadDb, passedThrough: string): Promise<PeriodInfo | null> {
  const row = await selectPeriods(db)
    .where(and(eq(periods.status, "open"), sql`${periods.dueOn} > ${passedThrough}`))
    .orderBy(SEMIANNUAL_FIRST, asc(periods.dueOn), asc(periods.id))
    .limit(1)
    .get();
  return row ?? null;
}

/** Periods of a schedule up to (and including) `upTo`, oldest first, at most `limit`. */
export async function recentPeriods(db: ReadDb, period: PeriodInfo, limit = 6): Promise<PeriodInfo[]> {
  const rows = await selectPeriods(db)
    .where(
      and(
        eq(periods.scheduleId, period.scheduleId),
        lte(periods.cutoffEnd, period.cutoffEnd),
        OPEN_OR_CLOSED,
      ),
    )
    .orderBy(desc(periods.cutoffEnd))
    .limit(limit);
  return rows.reverse();
}

/** Open and closed periods, newest first, for a period picker. */
export async function listPeriods(db: ReadDb): Promise<PeriodInfo[]> {
  return selectPeriods(db)
    .where(OPEN_OR_CLOSED)
    .orderBy(desc(periods.cutoffEnd), asc(reportingSchedules.name))
    .limit(60);
}

export async function loadOrgInfo(db: ReadDb, id: string): Promise<OrgInfo | null> {
  return (await selectOrgs(db).where(eq(organisations.id, id)).get()) ?? null;
}

/** Direct children in display order (index on parent_id, sort_order). */
export async function childrenOf(db: ReadDb, id: string): Promise<OrgInfo[]> {
  return selectOrgs(db)
    .where(eq(organisations.parentId, id))
    .orderBy(asc(organisations.sortOrder), asc(organisations.name));
}

/** The organisations on a path, root first (for breadcrumbs; a path is a few ids deep). */
export async function pathOrgs(db: ReadDb, path: string): Promise<OrgInfo[]> {
  const ids = path.split("/").filter(Boolean);
  if (ids.length === 0) return [];
  const results = await selectOrgs(db).where(inArray(organisations.id, ids));
  const byId = new Map(results.map((o) => [o.id, o]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The end of a subtree's path range: `path >= p and path < p || '~'`. */
export const rangeEnd = (path: string) => `${path}~`;

/** The top of the tree (first root in display order): what a global dashboard scope opens on. */
export const rootOrgId = (db: ReadDb) => firstRootIdBy(db, organisations.sortOrder);

/** Which of `ids` have children of their own (one JSON parameter: a page may list hundreds). */
export async function withChildren(db: ReadDb, ids: readonly string[]): Promise<Set<string>> {
  const results = await orm(db)
    .selectDistinct({ id: organisations.parentId })
    .from(organisations)
    .where(sql`${organisations.parentId} in (select value from json_each(${JSON.stringify(ids)}))`);
  return new Set(results.flatMap((r) => (r.id === null ? [] : [r.id])));
}

/** `PERIOD_FIELDS` in SQL, for the raw subtree list below. */
const PERIOD_SELECT = `select pe.id, pe.schedule_id as scheduleId, s.name as scheduleName, s.frequency, pe.key,
  pe.label, pe.cutoff_start as cutoffStart, pe.cutoff_end as cutoffEnd, pe.due_on as dueOn, pe.status,
  pe.opened_at as openedAt
  from periods pe join reporting_schedules s on s.id = pe.schedule_id`;

export interface AwaitingReviewRow {
  obligationId: string;
  organisationName: string;
  periodLabel: string;
  submittedAt: number;
}

/**
 * Reports submitted and waiting for review in open periods of a subtree, oldest first. Raw: a
 * measured plan (the cross join starts from the path range; query plan in digest-run.test.ts).
 */
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

/**
 * Open periods whose obligations reach into a subtree. Raw: a measured plan (the cross join
 * starts from the path range; query plan in digest-run.test.ts).
 */
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
