/**
 * The directive page's queries (the only place they live): a directive with its sections,
 * indicators, targets and the implementing documents a person may read, the organisations that
 * have not issued theirs, and where a person may add one. Decisions are in directives.service.ts.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { type ActionScope, type Principal, scopeSql } from "../../auth/policy";
import { orm } from "../../db/client";
import { directiveSections, directives, indicators, indicatorTargets, organisations } from "../../db/schema";
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
  const [row] = await orm(db)
    .select({
      id: directives.id,
      code: directives.code,
      title: directives.title,
      issuedOn: directives.issuedOn,
      summary: directives.summary,
      documentId: directives.documentId,
      organisationPath: organisations.path,
    })
    .from(directives)
    .leftJoin(organisations, eq(organisations.id, directives.organisationId))
    .where(eq(directives.id, id));
  return row ?? null;
}

export async function directiveExists(db: D1Database, id: string): Promise<boolean> {
  const [row] = await orm(db).select({ id: directives.id }).from(directives).where(eq(directives.id, id));
  return row !== undefined;
}

/** Sections, indicators, the directive's own targets and the documents `principal` may read. */
export async function directiveContents(
  db: D1Database,
  directive: DirectiveRow,
  principal: Principal | null,
) {
  const id = directive.id;
  const docScope = documentReadScope(principal);
  const q = orm(db);
  const [sections, indicatorRows, targets, documents] = await Promise.all([
    q
      .select({
        id: directiveSections.id,
        number: directiveSections.number,
        title: directiveSections.title,
        body: directiveSections.body,
        // The stored 0/1, as the callers have always had them.
        isTaskGroup: sql<number>`${directiveSections.isTaskGroup}`,
        titleIsEditorial: sql<number>`${directiveSections.titleIsEditorial}`,
      })
      .from(directiveSections)
      .where(eq(directiveSections.directiveId, id))
      .orderBy(asc(directiveSections.number)),
    q
      .select({
        id: indicators.id,
        code: indicators.code,
        name: indicators.name,
        unit: indicators.unit,
        valueKind: indicators.valueKind,
        baselineValue: indicators.baselineValue,
        baselineYear: indicators.baselineYear,
      })
      .from(indicators)
      .where(eq(indicators.directiveId, id))
      .orderBy(asc(indicators.code)),
    // The directive's own targets (its organisation's); provincial targets are on the set-up page.
    q
      .select({
        indicatorId: indicatorTargets.indicatorId,
        year: indicatorTargets.year,
        value: indicatorTargets.value,
        comparator: indicatorTargets.comparator,
        note: indicatorTargets.note,
      })
      .from(indicatorTargets)
      .innerJoin(indicators, eq(indicators.id, indicatorTargets.indicatorId))
      .innerJoin(directives, eq(directives.id, indicators.directiveId))
      .where(
        and(eq(indicators.directiveId, id), eq(indicatorTargets.organisationId, directives.organisationId)),
      )
      .orderBy(asc(indicatorTargets.year)),
    // Raw: filtered by the read scope's path-range predicate (`scopeSql`), as organisations' scoped reads are.
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
    sections: sections satisfies SectionRow[],
    indicators: indicatorRows satisfies IndicatorRow[],
    targets: targets satisfies TargetRow[],
    documents: documents.results,
  };
}

export interface MissingRow {
  id: string;
  code: string;
  name: string;
}

export async function organisationName(db: D1Database, id: string) {
  const [row] = await orm(db)
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, id));
  return row ?? null;
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
  // Raw: the read scope's path-range predicate (`scopeSql`) and a NOT EXISTS over the documents' index.
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
  // Raw: the scope's path-range predicate (`scopeSql`), as organisations' scoped reads are.
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
  return orm(db)
    .select({
      id: directives.id,
      code: directives.code,
      title: directives.title,
      issuedOn: directives.issuedOn,
    })
    .from(directives)
    .orderBy(desc(directives.issuedOn))
    .limit(100);
}
