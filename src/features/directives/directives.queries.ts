/**
 * The directive page's queries (the only place they live): a directive with its sections,
 * indicators, targets and the implementing documents a person may read, the organisations that
 * have not issued theirs, and where a person may add one. Decisions are in directives.service.ts.
 */
import { and, asc, desc, eq, inArray, isNull, notExists, or, sql } from "drizzle-orm";
import { type ActionScope, type Principal, scopeWhere } from "../../auth/policy";
import { columnsOf, orm } from "../../db/client";
import { rowById } from "../../db/rows.queries";
import {
  directiveSections,
  directives,
  documents,
  indicators,
  indicatorTargets,
  organisations,
} from "../../db/schema";
import { DOCUMENT_HEADING, documentReadScope } from "./documents.queries";

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
const MAX_DOCUMENTS = 1000;

export async function directiveRow(db: D1Database, id: string): Promise<DirectiveRow | null> {
  const [row] = await orm(db)
    .select({
      ...columnsOf(directives, "id", "code", "title", "issuedOn", "summary", "documentId"),
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
  const q = orm(db);
  const [sections, indicatorRows, targets, docs] = await Promise.all([
    q
      .select({
        ...columnsOf(directiveSections, "id", "number", "title", "body"),
        // The stored 0/1, as the callers have always had them.
        isTaskGroup: sql<number>`${directiveSections.isTaskGroup}`,
        titleIsEditorial: sql<number>`${directiveSections.titleIsEditorial}`,
      })
      .from(directiveSections)
      .where(eq(directiveSections.directiveId, id))
      .orderBy(asc(directiveSections.number)),
    q
      .select(
        columnsOf(indicators, "id", "code", "name", "unit", "valueKind", "baselineValue", "baselineYear"),
      )
      .from(indicators)
      .where(eq(indicators.directiveId, id))
      .orderBy(asc(indicators.code)),
    // The directive's own targets (its organisation's); provincial targets are on the set-up page.
    q
      .select(columnsOf(indicatorTargets, "indicatorId", "year", "value", "comparator", "note"))
      .from(indicatorTargets)
      .innerJoin(indicators, eq(indicators.id, indicatorTargets.indicatorId))
      .innerJoin(directives, eq(directives.id, indicators.directiveId))
      .where(
        and(eq(indicators.directiveId, id), eq(indicatorTargets.organisationId, directives.organisationId)),
      )
      .orderBy(asc(indicatorTargets.year)),
    q
      .select({ ...DOCUMENT_HEADING, ...columnsOf(documents, "parentDocumentId", "organisationId") })
      .from(documents)
      .leftJoin(organisations, eq(organisations.id, documents.organisationId))
      .where(
        and(
          or(eq(documents.directiveId, id), eq(documents.id, directive.documentId)),
          isNull(documents.withdrawnAt),
          documentReadScope(principal),
        ),
      )
      .orderBy(asc(documents.issuedOn), asc(documents.number))
      .limit(MAX_DOCUMENTS),
  ]);
  return {
    sections: sections satisfies SectionRow[],
    indicators: indicatorRows satisfies IndicatorRow[],
    targets: targets satisfies TargetRow[],
    documents: docs,
  };
}

/** An implementing document as the directive page lists it. */
export type DocumentRow = Awaited<ReturnType<typeof directiveContents>>["documents"][number];

export async function organisationName(db: D1Database, id: string) {
  return rowById(db, organisations, columnsOf(organisations, "id", "name"), id);
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
) {
  const o = organisations;
  const q = orm(db);
  const issued = q
    .select({ one: sql`1` })
    .from(documents)
    .where(
      and(
        eq(documents.directiveId, directiveId),
        eq(documents.organisationId, o.id),
        isNull(documents.withdrawnAt),
      ),
    );
  return q
    .select({ id: o.id, code: o.code, name: o.name })
    .from(o)
    .where(
      and(
        underId ? eq(o.parentId, underId) : inArray(o.kind, ["provincial_committee", "central_committee"]),
        isNull(o.closedOn),
        scopeWhere(readScope, { path: o.path, id: o.id }),
        notExists(issued),
      ),
    )
    .orderBy(asc(o.sortOrder), asc(o.id))
    .limit(300);
}

export type MissingRow = Awaited<ReturnType<typeof organisationsWithoutDocument>>[number];

/** Open organisations in `editable` (where a person may add a document), the highest first. */
export async function editableOrganisations(db: D1Database, editable: ActionScope) {
  const o = organisations;
  return orm(db)
    .select({ id: o.id, name: o.name })
    .from(o)
    .where(and(scopeWhere(editable, { path: o.path, id: o.id }), isNull(o.closedOn)))
    .orderBy(asc(o.level), asc(o.sortOrder))
    .limit(100);
}

export async function latestDirectives(db: D1Database) {
  return orm(db)
    .select(columnsOf(directives, "id", "code", "title", "issuedOn"))
    .from(directives)
    .orderBy(desc(directives.issuedOn))
    .limit(100);
}
