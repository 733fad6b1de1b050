/**
 * The directive set-up's queries (the only place they live): a directive with its sections for
 * editing, the statements registering and editing it, its indicators and their targets per
 * organisation and year. Decisions are in setup.service.ts.
 */
import { and, asc, desc, eq, exists, or, sql } from "drizzle-orm";
import { columnsOf, orm, statementOf } from "../../db/client";
import {
  directiveSections,
  directives,
  documents,
  indicators,
  organisations,
  planTasks,
  reportingSchedules,
} from "../../db/schema";
import type { DirectiveInput } from "../../domain/directive-registration";
import { newId } from "../../ids";
import type { StoredDocument } from "./documents.queries";

export interface StoredDirective {
  id: string;
  code: string;
  title: string;
  issuedOn: string;
  summary: string | null;
  organisationId: string | null;
  organisationPath: string | null;
  organisationName: string | null;
  documentId: string;
  docType: string;
  issuer: string;
  subject: string;
  revision: number;
  sections: StoredSection[];
}

export interface StoredSection {
  id: string;
  number: number;
  title: string;
  titleIsEditorial: boolean;
  body: string;
  isTaskGroup: boolean;
}

export async function loadDirectiveForEdit(db: D1Database, id: string): Promise<StoredDirective | null> {
  const [row] = await orm(db)
    .select({
      ...columnsOf(directives, "id", "code", "title", "issuedOn", "summary", "organisationId"),
      organisationPath: organisations.path,
      organisationName: organisations.name,
      documentId: directives.documentId,
      ...columnsOf(documents, "docType", "issuer"),
      subject: documents.title,
      revision: directives.revision,
    })
    .from(directives)
    .innerJoin(documents, eq(documents.id, directives.documentId))
    .leftJoin(organisations, eq(organisations.id, directives.organisationId))
    .where(eq(directives.id, id));
  if (!row) return null;
  const sections = await orm(db)
    .select(columnsOf(directiveSections, "id", "number", "title", "titleIsEditorial", "body", "isTaskGroup"))
    .from(directiveSections)
    .where(eq(directiveSections.directiveId, id))
    .orderBy(asc(directiveSections.number));
  return { ...row, sections };
}

/** The directives being followed, newest first (at most 200). */
export async function listDirectiveRows(db: D1Database) {
  return orm(db)
    .select({
      id: directives.id,
      number: directives.code,
      docType: documents.docType,
      ...columnsOf(directives, "title", "issuedOn", "organisationId"),
    })
    .from(directives)
    .innerJoin(documents, eq(documents.id, directives.documentId))
    .orderBy(desc(directives.issuedOn))
    .limit(200);
}

/** Whether `normalized` is already a document's number or a directive's code (other than the document `except`). */
export async function numberTaken(db: D1Database, normalized: string, exceptDocumentId: string | null) {
  const [dup] = await orm(db)
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.number, normalized), sql`${documents.id} is not ${exceptDocumentId}`))
    .limit(1);
  const [dupDirective] = await orm(db)
    .select({ id: directives.id })
    .from(directives)
    .where(and(eq(directives.code, normalized), sql`${directives.documentId} is not ${exceptDocumentId}`))
    .limit(1);
  return Boolean(dup || dupDirective);
}

export function sectionInsert(db: D1Database, directiveId: string, s: DirectiveInput["sections"][number]) {
  return statementOf(
    db,
    orm(db)
      .insert(directiveSections)
      .values({
        id: newId("sec_"),
        directiveId,
        number: s.number,
        title: s.title,
        body: s.body,
        isTaskGroup: s.isTaskGroup,
        titleIsEditorial: s.titleIsEditorial,
      }),
  );
}

export interface RegistrationKey {
  issuerKey: string;
  issuedYear: number;
  term: string;
}

export interface DirectiveDocument
  extends Pick<StoredDocument, "id" | "number" | "docType" | "issuer" | "issuedOn" | "title"> {
  organisationId: string;
  key: RegistrationKey;
}

/** The columns of the directive's own document that registering and editing both write. */
function documentColumns(d: DirectiveDocument) {
  return {
    number: d.number,
    docType: d.docType,
    issuer: d.issuer,
    issuedOn: d.issuedOn,
    title: d.title,
    organisationId: d.organisationId,
    issuerKey: d.key.issuerKey,
    issuedYear: d.key.issuedYear,
    term: d.key.term,
  };
}

/** The directive's own document (the directive references it). */
export function directiveDocumentInsert(
  db: D1Database,
  d: DirectiveDocument,
  directiveId: string,
  now: number,
) {
  return statementOf(
    db,
    orm(db)
      .insert(documents)
      .values({ id: d.id, ...documentColumns(d), directiveId, parentDocumentId: null, createdAt: now }),
  );
}

export interface DirectiveFields {
  code: string;
  title: string;
  issuedOn: string;
  summary: string | null;
  organisationId: string;
}

export function directiveInsert(
  db: D1Database,
  id: string,
  documentId: string,
  f: DirectiveFields,
  now: number,
) {
  return statementOf(
    db,
    orm(db).insert(directives).values({
      id,
      documentId,
      code: f.code,
      title: f.title,
      issuedOn: f.issuedOn,
      summary: f.summary,
      organisationId: f.organisationId,
      revision: 1,
      createdAt: now,
    }),
  );
}

/** The numbers of the sections among `ids` that a plan task or an indicator refers to. */
export async function sectionsInUse(db: D1Database, ids: string[]): Promise<number[]> {
  const q = orm(db);
  const rows = await q
    .select({ number: directiveSections.number })
    .from(directiveSections)
    .where(
      and(
        // One bound JSON array rather than one parameter per id (D1 allows 100 per statement).
        sql`${directiveSections.id} in (select value from json_each(${JSON.stringify(ids)}))`,
        or(
          exists(
            q.select({ one: sql`1` }).from(planTasks).where(eq(planTasks.sectionId, directiveSections.id)),
          ),
          exists(
            q.select({ one: sql`1` }).from(indicators).where(eq(indicators.sectionId, directiveSections.id)),
          ),
        ),
      ),
    );
  return rows.map((r) => r.number);
}

/**
 * The directive's update, compare-and-swap on `revision`: when the update changed nothing
 * (someone saved in between), the second statement violates NOT NULL and rolls the batch back.
 */
export function directiveUpdate(db: D1Database, id: string, revision: number, f: DirectiveFields) {
  const q = orm(db);
  return [
    statementOf(
      db,
      q
        .update(directives)
        .set({
          code: f.code,
          title: f.title,
          issuedOn: f.issuedOn,
          summary: f.summary,
          organisationId: f.organisationId,
          revision: sql`${directives.revision} + 1`,
        })
        .where(and(eq(directives.id, id), eq(directives.revision, revision))),
    ),
    statementOf(
      db,
      q
        .update(directives)
        .set({ code: sql`null` })
        .where(and(eq(directives.id, id), sql`changes() = 0`)),
    ),
  ];
}

export function directiveDocumentUpdate(db: D1Database, d: DirectiveDocument) {
  return statementOf(db, orm(db).update(documents).set(documentColumns(d)).where(eq(documents.id, d.id)));
}

export function sectionUpdate(db: D1Database, id: string, s: DirectiveInput["sections"][number]) {
  return statementOf(
    db,
    orm(db)
      .update(directiveSections)
      .set({ title: s.title, body: s.body, isTaskGroup: s.isTaskGroup, titleIsEditorial: s.titleIsEditorial })
      .where(eq(directiveSections.id, id)),
  );
}

export function sectionDelete(db: D1Database, id: string) {
  return statementOf(db, orm(db).delete(directiveSections).where(eq(directiveSections.id, id)));
}

export type GuidanceDocumentRow = Pick<StoredDocument, "id" | "number" | "issuer" | "issuedOn" | "title">;

/** The directive's own document and the documents registered under it (at most 500). */
export async function directiveDocumentRows(
  db: D1Database,
  directiveId: string,
  documentId: string,
): Promise<GuidanceDocumentRow[]> {
  return orm(db)
    .select(columnsOf(documents, "id", "number", "issuer", "issuedOn", "title"))
    .from(documents)
    .where(or(eq(documents.directiveId, directiveId), eq(documents.id, documentId)))
    .orderBy(asc(documents.issuedOn), asc(documents.number))
    .limit(500);
}

export interface ScheduleRow {
  id: string;
  name: string;
  active: number;
}

/** The directive's reporting schedules, by name. */
export async function directiveScheduleRows(db: D1Database, directiveId: string): Promise<ScheduleRow[]> {
  return orm(db)
    .select({
      ...columnsOf(reportingSchedules, "id", "name"),
      // The stored 0/1, as the views have always had it.
      active: sql<number>`${reportingSchedules.active}`,
    })
    .from(reportingSchedules)
    .where(eq(reportingSchedules.directiveId, directiveId))
    .orderBy(asc(reportingSchedules.name));
}
