/**
 * The directive page's queries (the only place they live): a directive with its sections,
 * indicators, targets and the implementing documents a person may read, the organisations that
 * have not issued theirs, and where a person may add one. Decisions are in directives.service.ts.
 */
import { type ActionScope, type Principal, scopeSql } from "../../auth/policy";
import { documentReadScope } from "./documents.queries";

export interface DirectiveRow {
  id: string;
  code: string;
  title: string;
  issuedOn: string;
  summary: string | null;
  documentId: string;
  organisationPath: string | null;
}
export interface SectionRow {
  id: string;
  number: number;
  title: string;
  body: string;
  isTaskGroup: number;
  titleIsEditorial: number;
}
export interface IndicatorRow {
  id: string;
  code: string;
  name: string;
  unit: string;
  valueKind: string;
  baselineValue: number | null;
  baselineYear: number | null;
}
export interface TargetRow {
  indicatorId: string;
  year: number;
  value: number;
  comparator: "gt" | "gte";
  note: string | null;
}
export interface DocumentRow {
  id: string;
  number: string;
  docType: string;
  issuer: string;
  issuedOn: string;
  title: string;
  parentDocumentId: string | null;
  organisationId: string | null;
}

const MAX_DOCUMENTS = 1000;

export async function directiveRow(db: D1Database, id: string): Promise<DirectiveRow | null> {
  return db
    .prepare(
      `select d.id, d.code, d.title, d.issued_on as issuedOn, d.summary, d.document_id as documentId, o.path as organisationPath
       from directives d left join organisations o on o.id = d.organisation_id where d.id = ?`,
    )
    .bind(id)
    .first<DirectiveRow>();
}

export async function directiveExists(db: D1Database, id: string): Promise<boolean> {
  return (await db.prepare("select id from directives where id = ?").bind(id).first()) !== null;
}

/** Sections, indicators, the directive's own targets and the documents `principal` may read. */
export async function directiveContents(
  db: D1Database,
  directive: DirectiveRow,
  principal: Principal | null,
) {
  const id = directive.id;
  const docScope = documentReadScope(principal);
  const [sections, indicators, targets, documents] = await Promise.all([
    db
      .prepare(
        "select id, number, title, body, is_task_group as isTaskGroup, title_is_editorial as titleIsEditorial from directive_sections where directive_id = ? order by number",
      )
      .bind(id)
      .all<SectionRow>(),
    db
      .prepare(
        `select id, code, name, unit, value_kind as valueKind, baseline_value as baselineValue, baseline_year as baselineYear
         from indicators where directive_id = ? order by code`,
      )
      .bind(id)
      .all<IndicatorRow>(),
    db
      .prepare(
        // The directive's own targets (its organisation's); provincial targets are on the set-up page.
        `select t.indicator_id as indicatorId, t.year, t.value, t.comparator, t.note from indicator_targets t
         join indicators i on i.id = t.indicator_id join directives d on d.id = i.directive_id
         where i.directive_id = ? and t.organisation_id = d.organisation_id order by t.year`,
      )
      .bind(id)
      .all<TargetRow>(),
    db
      .prepare(
        `select d.id, d.number, d.doc_type as docType, d.issuer, d.issued_on as issuedOn, d.title,
           d.parent_document_id as parentDocumentId, d.organisation_id as organisationId
         from documents d left join organisations o on o.id = d.organisation_id
         where (d.directive_id = ? or d.id = ?) and d.withdrawn_at is null and ${docScope.sql}
         order by d.issued_on, d.number limit ${MAX_DOCUMENTS}`,
      )
      .bind(id, directive.documentId, ...docScope.params)
      .all<DocumentRow>(),
  ]);
  return {
    sections: sections.results,
    indicators: indicators.results,
    targets: targets.results,
    documents: documents.results,
  };
}

export interface MissingRow {
  id: string;
  code: string;
  name: string;
}

export async function organisationName(db: D1Database, id: string) {
  return db
    .prepare("select id, name from organisations where id = ?")
    .bind(id)
    .first<{ id: string; name: string }>();
}

/**
 * Open organisations in `readScope` that have issued no live document of the directive: the
 * committees directly under the Central Committee, or with `underId` the children of that one.
 */
export async function organisationsWithoutDocument(
  db: D1Database,
  directiveId: string,
  readScope: ActionScope,
  underId: string | undefined,
): Promise<MissingRow[]> {
  const scope = scopeSql(readScope, "o");
  const filter = underId ? "o.parent_id = ?" : "o.kind in ('provincial_committee', 'central_committee')";
  const params = underId ? [underId] : [];
  const { results } = await db
    .prepare(
      `select o.id, o.code, o.name from organisations o
       where ${filter} and o.closed_on is null and ${scope.sql}
         and not exists (select 1 from documents d where d.directive_id = ? and d.organisation_id = o.id and d.withdrawn_at is null)
       order by o.sort_order, o.id limit 300`,
    )
    .bind(...params, ...scope.params, directiveId)
    .all<MissingRow>();
  return results;
}

/** Open organisations in `editable` (where a person may add a document), the highest first. */
export async function editableOrganisations(db: D1Database, editable: ActionScope) {
  const where = scopeSql(editable, "o");
  const { results } = await db
    .prepare(
      `select o.id, o.name from organisations o where ${where.sql} and o.closed_on is null order by o.level, o.sort_order limit 100`,
    )
    .bind(...where.params)
    .all<{ id: string; name: string }>();
  return results;
}

export async function latestDirectives(db: D1Database) {
  const { results } = await db
    .prepare(
      "select id, code, title, issued_on as issuedOn from directives order by issued_on desc limit 100",
    )
    .all<{ id: string; code: string; title: string; issuedOn: string }>();
  return results;
}
