/**
 * The consolidated report's reads (the directive behind a schedule, its sections and goals, the
 * narratives of the subtree's reports, the issuing commission) and its snapshots in
 * `consolidated_reports`. The figures come from monitoring.queries.ts; decisions are in
 * consolidated.service.ts.
 */
import type { OrgInfo, ReadDb } from "./selection.queries";

export interface DirectiveRow {
  id: string;
  code: string;
  title: string;
  issued_on: string;
  doc_number: string | null;
  doc_type: string | null;
  doc_issuer: string | null;
  doc_title: string | null;
}

/** The directive a schedule reports on, with its document (number, type, issuer, title). */
export async function directiveOfSchedule(db: ReadDb, scheduleId: string): Promise<DirectiveRow | null> {
  return db
    .prepare(
      `select d.id, d.code, d.title, d.issued_on, doc.number as doc_number, doc.doc_type, doc.issuer as doc_issuer,
         doc.title as doc_title
       from directives d join reporting_schedules s on s.directive_id = d.id
       left join documents doc on doc.id = d.document_id
       where s.id = ?`,
    )
    .bind(scheduleId)
    .first<DirectiveRow>();
}

/** The commission whose staff follow this subtree (nearest above or at it): it issues the report. */
export async function issuerOf(db: ReadDb, org: OrgInfo): Promise<{ id: string; name: string } | null> {
  const ids = org.path.split("/").filter(Boolean);
  return db
    .prepare(
      `select id, name from organisations where kind = 'commission' and parent_id in (select value from json_each(?))
       order by length(path) desc limit 1`,
    )
    .bind(JSON.stringify(ids))
    .first<{ id: string; name: string }>();
}

/** The kind and name of an organisation's parent. */
export async function parentOf(db: ReadDb, id: string): Promise<{ kind: string; name: string } | null> {
  return db
    .prepare(
      "select p.kind, p.name from organisations o join organisations p on p.id = o.parent_id where o.id = ?",
    )
    .bind(id)
    .first<{ kind: string; name: string }>();
}

export interface IndicatorGoalRow {
  code: string;
  name: string;
  unit: string;
  valueKind: string;
  baselineValue: number | null;
  baselineYear: number | null;
  year: number | null;
  value: number | null;
  comparator: string | null;
}

/** The directive's indicators with the targets its issuer set, one row per (indicator, year). */
export async function indicatorGoalRows(db: ReadDb, directiveId: string): Promise<IndicatorGoalRow[]> {
  const { results } = await db
    .prepare(
      `select i.code, i.name, i.unit, i.value_kind as valueKind, i.baseline_value as baselineValue,
         i.baseline_year as baselineYear, t.year, t.value, t.comparator
       from indicators i left join indicator_targets t on t.indicator_id = i.id
         and t.organisation_id = (select dr.organisation_id from directives dr where dr.id = i.directive_id)
       where i.directive_id = ? order by i.code, t.year`,
    )
    .bind(directiveId)
    .all<IndicatorGoalRow>();
  return results;
}

/** The sections of the directive a schedule reports on, in order. */
export async function sectionsOfSchedule(
  db: ReadDb,
  scheduleId: string,
): Promise<{ number: number; title: string }[]> {
  const { results } = await db
    .prepare(
      `select ds.number, ds.title from directive_sections ds join reporting_schedules s on s.directive_id = ds.directive_id
       where s.id = ? order by ds.number`,
    )
    .bind(scheduleId)
    .all<{ number: number; title: string }>();
  return results;
}

/** The current versions of the subtree's accepted and submitted reports, accepted first, at most `limit`. */
export async function narrativeReports(
  db: ReadDb,
  periodId: string,
  root: Pick<OrgInfo, "path">,
  limit: number,
): Promise<{ organisation_name: string; status: "accepted" | "submitted"; content: string }[]> {
  const { results } = await db
    .prepare(
      `select org.name as organisation_name, ob.status, rv.content from obligations ob
       join organisations org on org.id = ob.organisation_id
       join report_versions rv on rv.id = ob.current_version_id
       where ob.period_id = ? and org.path >= ? and org.path < ? and ob.status in ('accepted', 'submitted')
       order by ob.status = 'accepted' desc, org.path limit ?`,
    )
    .bind(periodId, root.path, `${root.path}~`, limit)
    .all<{ organisation_name: string; status: "accepted" | "submitted"; content: string }>();
  return results;
}

/** The latest snapshots of a period's report for an organisation, newest first. */
export async function listSnapshots(
  db: D1Database,
  periodId: string,
  organisationId: string,
): Promise<{ id: string; title: string; created_at: number }[]> {
  const { results } = await db
    .prepare(
      "select id, title, created_at from consolidated_reports where period_id = ? and organisation_id = ? order by created_at desc limit 20",
    )
    .bind(periodId, organisationId)
    .all<{ id: string; title: string; created_at: number }>();
  return results;
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
  return db
    .prepare(
      `insert into consolidated_reports (id, period_id, organisation_id, title, content, created_by, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(s.id, s.periodId, s.organisationId, s.title, s.content, s.createdBy, now, now);
}

export interface SnapshotRow {
  id: string;
  organisation_id: string;
  path: string;
  content: string;
  revision: number;
  updated_at: number;
  created_at: number;
}

export async function snapshotRow(db: D1Database, id: string): Promise<SnapshotRow | null> {
  return db
    .prepare(
      `select r.id, r.organisation_id, o.path, r.content, r.revision, r.updated_at, r.created_at from consolidated_reports r
       join organisations o on o.id = r.organisation_id where r.id = ?`,
    )
    .bind(id)
    .first<SnapshotRow>();
}

/** Saves new content over revision `fromRevision` only (none saved since); the revision goes up by one. */
export function updateSnapshotStatement(
  db: D1Database,
  id: string,
  content: string,
  fromRevision: number,
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      "update consolidated_reports set content = ?, revision = revision + 1, updated_at = ? where id = ? and revision = ?",
    )
    .bind(content, now, id, fromRevision);
}

/** The audit condition of an edit: only the edit that won (its revision, instant and content are stored). */
export const EDIT_WON_SQL =
  "exists (select 1 from consolidated_reports where id = ? and revision = ? and updated_at = ? and content = ?)";
