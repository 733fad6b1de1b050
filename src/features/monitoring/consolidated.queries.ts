/**
 * The consolidated report's reads (the directive behind a schedule, its sections and goals, the
 * narratives of the subtree's reports, the issuing commission) and its snapshots in
 * `consolidated_reports`, through Drizzle's query builder. The figures come from
 * monitoring.queries.ts; decisions are in consolidated.service.ts.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { alias, type SQLiteColumn, type SQLiteSelect } from "drizzle-orm/sqlite-core";
import { columnsOf, orm, statementOf } from "../../db/client";
import { withOrganisation, withOrganisationOf } from "../../db/joins";
import { updateAtRevision } from "../../db/rows.queries";
import {
  consolidatedReports,
  directiveSections,
  directives,
  documents,
  indicators,
  indicatorTargets,
  obligations,
  organisations,
  reportingSchedules,
  reportVersions,
} from "../../db/schema";
import { type OrgInfo, type ReadDb, rangeEnd } from "./selection.queries";

/**
 * Joins the schedules reporting on the selected rows' directive (`directiveId`); the caller picks
 * the schedule with its own `.where`. For a `$dynamic()` select.
 */
function withScheduleOfDirective<T extends SQLiteSelect>(query: T, directiveId: SQLiteColumn) {
  return query.innerJoin(reportingSchedules, eq(reportingSchedules.directiveId, directiveId));
}

/** The directive a schedule reports on, with its document (number, type, issuer, title). */
export async function directiveOfSchedule(db: ReadDb, scheduleId: string) {
  const query = orm(db)
    .select({
      ...columnsOf(directives, "id", "code", "title", "issuedOn"),
      docNumber: documents.number,
      docType: documents.docType,
      docIssuer: documents.issuer,
      docTitle: documents.title,
    })
    .from(directives)
    .leftJoin(documents, eq(documents.id, directives.documentId))
    .$dynamic();
  const row = await withScheduleOfDirective(query, directives.id)
    .where(eq(reportingSchedules.id, scheduleId))
    .get();
  return row ?? null;
}

/** The commission whose staff follow this subtree (nearest above or at it): it issues the report. */
export async function issuerOf(db: ReadDb, org: OrgInfo): Promise<{ id: string; name: string } | null> {
  const ids = org.path.split("/").filter(Boolean);
  if (ids.length === 0) return null;
  const row = await orm(db)
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, "commission"), inArray(organisations.parentId, ids)))
    .orderBy(desc(sql`length(${organisations.path})`))
    .limit(1)
    .get();
  return row ?? null;
}

const parent = alias(organisations, "parent");

/** The kind and name of an organisation's parent. */
export async function parentOf(db: ReadDb, id: string) {
  const row = await orm(db)
    .select({ kind: parent.kind, name: parent.name })
    .from(organisations)
    .innerJoin(parent, eq(parent.id, organisations.parentId))
    .where(eq(organisations.id, id))
    .get();
  return row ?? null;
}

/** The directive's indicators with the targets its issuer set, one row per (indicator, year). */
export async function indicatorGoalRows(db: ReadDb, directiveId: string) {
  const issuer = sql`(select ${directives.organisationId} from ${directives} where ${directives.id} = ${indicators.directiveId})`;
  return orm(db)
    .select({
      ...columnsOf(indicators, "code", "name", "unit", "valueKind", "baselineValue", "baselineYear"),
      ...columnsOf(indicatorTargets, "year", "value", "comparator"),
    })
    .from(indicators)
    .leftJoin(
      indicatorTargets,
      and(eq(indicatorTargets.indicatorId, indicators.id), eq(indicatorTargets.organisationId, issuer)),
    )
    .where(eq(indicators.directiveId, directiveId))
    .orderBy(asc(indicators.code), asc(indicatorTargets.year));
}

export type IndicatorGoalRow = Awaited<ReturnType<typeof indicatorGoalRows>>[number];

/** The sections of the directive a schedule reports on, in order. */
export async function sectionsOfSchedule(
  db: ReadDb,
  scheduleId: string,
): Promise<{ number: number; title: string }[]> {
  const query = orm(db)
    .select({ number: directiveSections.number, title: directiveSections.title })
    .from(directiveSections)
    .$dynamic();
  return withScheduleOfDirective(query, directiveSections.directiveId)
    .where(eq(reportingSchedules.id, scheduleId))
    .orderBy(asc(directiveSections.number));
}

/** The current versions of the subtree's accepted and submitted reports, accepted first, at most `limit`. */
export async function narrativeReports(
  db: ReadDb,
  periodId: string,
  root: Pick<OrgInfo, "path">,
  limit: number,
) {
  const query = orm(db)
    .select({
      organisationName: organisations.name,
      status: obligations.status,
      content: reportVersions.content,
    })
    .from(obligations)
    .$dynamic();
  const rows = await withOrganisation(query)
    .innerJoin(reportVersions, eq(reportVersions.id, obligations.currentVersionId))
    .where(
      and(
        eq(obligations.periodId, periodId),
        gte(organisations.path, root.path),
        lt(organisations.path, rangeEnd(root.path)),
        inArray(obligations.status, ["accepted", "submitted"]),
      ),
    )
    .orderBy(desc(sql`${obligations.status} = 'accepted'`), asc(organisations.path))
    .limit(limit);
  return rows as { organisationName: string; status: "accepted" | "submitted"; content: string }[];
}

/** The latest snapshots of a period's report for an organisation, newest first. */
export async function listSnapshots(db: D1Database, periodId: string, organisationId: string) {
  return orm(db)
    .select(columnsOf(consolidatedReports, "id", "title", "createdAt"))
    .from(consolidatedReports)
    .where(
      and(eq(consolidatedReports.periodId, periodId), eq(consolidatedReports.organisationId, organisationId)),
    )
    .orderBy(desc(consolidatedReports.createdAt))
    .limit(20);
}

export function insertSnapshotStatement(
  db: D1Database,
  s: {
    id: string;
    periodId: string;
    organisationId: string;
    title: string;
    content: string;
    createdBy: string;
  },
  now: number,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .insert(consolidatedReports)
      .values({ ...s, createdAt: now, updatedAt: now }),
  );
}

export async function snapshotRow(db: D1Database, id: string) {
  const query = orm(db)
    .select({
      ...columnsOf(consolidatedReports, "id", "organisationId"),
      path: organisations.path,
      ...columnsOf(consolidatedReports, "content", "revision", "updatedAt", "createdAt"),
    })
    .from(consolidatedReports)
    .$dynamic();
  const row = await withOrganisationOf(query, consolidatedReports.organisationId)
    .where(eq(consolidatedReports.id, id))
    .get();
  return row ?? null;
}

export type SnapshotRow = NonNullable<Awaited<ReturnType<typeof snapshotRow>>>;

/** Saves new content over revision `fromRevision` only (none saved since); the revision goes up by one. */
export function updateSnapshotStatement(
  db: D1Database,
  id: string,
  content: string,
  fromRevision: number,
  now: number,
): D1PreparedStatement {
  return statementOf(db, updateAtRevision(db, consolidatedReports, id, fromRevision, { content }, now));
}

/** The audit condition of an edit: only the edit that won (its revision, instant and content are stored). */
export const EDIT_WON_SQL =
  "exists (select 1 from consolidated_reports where id = ? and revision = ? and updated_at = ? and content = ?)";
