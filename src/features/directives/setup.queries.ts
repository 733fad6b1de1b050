/**
 * The directive set-up's queries (the only place they live): a directive with its sections for
 * editing, the statements registering and editing it, its indicators and their targets per
 * organisation and year. Decisions are in setup.service.ts.
 */
import type { DirectiveInput } from "../../domain/directive-registration";
import { newId } from "../../ids";

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
  const row = await db
    .prepare(
      `select d.id, d.code, d.title, d.issued_on as issuedOn, d.summary, d.organisation_id as organisationId,
              o.path as organisationPath, o.name as organisationName, d.document_id as documentId,
              doc.doc_type as docType, doc.issuer, doc.title as subject, d.revision
       from directives d join documents doc on doc.id = d.document_id
       left join organisations o on o.id = d.organisation_id where d.id = ?`,
    )
    .bind(id)
    .first<Omit<StoredDirective, "sections">>();
  if (!row) return null;
  const { results } = await db
    .prepare(
      `select id, number, title, title_is_editorial as titleIsEditorial, body, is_task_group as isTaskGroup
       from directive_sections where directive_id = ? order by number`,
    )
    .bind(id)
    .all<{
      id: string;
      number: number;
      title: string;
      titleIsEditorial: number;
      body: string;
      isTaskGroup: number;
    }>();
  return {
    ...row,
    sections: results.map((s) => ({
      ...s,
      titleIsEditorial: s.titleIsEditorial === 1,
      isTaskGroup: s.isTaskGroup === 1,
    })),
  };
}

/** The directives being followed, newest first (at most 200). */
export async function listDirectiveRows(db: D1Database) {
  const { results } = await db
    .prepare(
      `select d.id, d.code as number, doc.doc_type as docType, d.title, d.issued_on as issuedOn, d.organisation_id as organisationId
     from directives d join documents doc on doc.id = d.document_id order by d.issued_on desc limit 200`,
    )
    .all<{
      id: string;
      number: string;
      docType: string;
      title: string;
      issuedOn: string;
      organisationId: string | null;
    }>();
  return results;
}

/** Whether `normalized` is already a document's number or a directive's code (other than the document `except`). */
export async function numberTaken(db: D1Database, normalized: string, exceptDocumentId: string | null) {
  const dup = await db
    .prepare("select id from documents where number = ? and id is not ? limit 1")
    .bind(normalized, exceptDocumentId)
    .first();
  const dupDirective = await db
    .prepare("select id from directives where code = ? and document_id is not ? limit 1")
    .bind(normalized, exceptDocumentId)
    .first();
  return Boolean(dup || dupDirective);
}

export function sectionInsert(db: D1Database, directiveId: string, s: DirectiveInput["sections"][number]) {
  return db
    .prepare(
      `insert into directive_sections (id, directive_id, number, title, body, is_task_group, title_is_editorial)
       values (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      newId("sec_"),
      directiveId,
      s.number,
      s.title,
      s.body,
      s.isTaskGroup ? 1 : 0,
      s.titleIsEditorial ? 1 : 0,
    );
}

export interface RegistrationKey {
  issuerKey: string;
  issuedYear: number;
  term: string;
}

export interface DirectiveDocument {
  id: string;
  number: string;
  docType: string;
  issuer: string;
  issuedOn: string;
  title: string;
  organisationId: string;
  key: RegistrationKey;
}

/** The directive's own document (the directive references it). */
export function directiveDocumentInsert(
  db: D1Database,
  d: DirectiveDocument,
  directiveId: string,
  now: number,
) {
  return db
    .prepare(
      `insert into documents (id, number, doc_type, issuer, issued_on, title, directive_id, parent_document_id, organisation_id,
             issuer_key, issued_year, term, created_at)
           values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?)`,
    )
    .bind(
      d.id,
      d.number,
      d.docType,
      d.issuer,
      d.issuedOn,
      d.title,
      directiveId,
      d.organisationId,
      d.key.issuerKey,
      d.key.issuedYear,
      d.key.term,
      now,
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
  return db
    .prepare(
      `insert into directives (id, document_id, code, title, issued_on, summary, organisation_id, revision, created_at)
           values (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    )
    .bind(id, documentId, f.code, f.title, f.issuedOn, f.summary, f.organisationId, now);
}

/** The numbers of the sections among `ids` that a plan task or an indicator refers to. */
export async function sectionsInUse(db: D1Database, ids: string[]): Promise<number[]> {
  const { results } = await db
    .prepare(
      `select s.number from directive_sections s where s.id in (select value from json_each(?1))
           and (exists (select 1 from plan_tasks t where t.section_id = s.id)
             or exists (select 1 from indicators i where i.section_id = s.id))`,
    )
    .bind(JSON.stringify(ids))
    .all<{ number: number }>();
  return results.map((r) => r.number);
}

/**
 * The directive's update, compare-and-swap on `revision`: when the update changed nothing
 * (someone saved in between), the second statement violates NOT NULL and rolls the batch back.
 */
export function directiveUpdate(db: D1Database, id: string, revision: number, f: DirectiveFields) {
  return [
    db
      .prepare(
        `update directives set code = ?, title = ?, issued_on = ?, summary = ?, organisation_id = ?, revision = revision + 1
           where id = ? and revision = ?`,
      )
      .bind(f.code, f.title, f.issuedOn, f.summary, f.organisationId, id, revision),
    db.prepare("update directives set code = null where id = ? and changes() = 0").bind(id),
  ];
}

export function directiveDocumentUpdate(db: D1Database, d: DirectiveDocument) {
  return db
    .prepare(
      `update documents set number = ?, doc_type = ?, issuer = ?, issued_on = ?, title = ?, organisation_id = ?,
             issuer_key = ?, issued_year = ?, term = ? where id = ?`,
    )
    .bind(
      d.number,
      d.docType,
      d.issuer,
      d.issuedOn,
      d.title,
      d.organisationId,
      d.key.issuerKey,
      d.key.issuedYear,
      d.key.term,
      d.id,
    );
}

export function sectionUpdate(db: D1Database, id: string, s: DirectiveInput["sections"][number]) {
  return db
    .prepare(
      "update directive_sections set title = ?, body = ?, is_task_group = ?, title_is_editorial = ? where id = ?",
    )
    .bind(s.title, s.body, s.isTaskGroup ? 1 : 0, s.titleIsEditorial ? 1 : 0, id);
}

export function sectionDelete(db: D1Database, id: string) {
  return db.prepare("delete from directive_sections where id = ?").bind(id);
}

export interface GuidanceDocumentRow {
  id: string;
  number: string;
  issuer: string;
  issuedOn: string;
  title: string;
}

/** The directive's own document and the documents registered under it (at most 500). */
export async function directiveDocumentRows(db: D1Database, directiveId: string, documentId: string) {
  const { results } = await db
    .prepare(
      `select id, number, issuer, issued_on as issuedOn, title from documents
         where directive_id = ? or id = ? order by issued_on, number limit 500`,
    )
    .bind(directiveId, documentId)
    .all<GuidanceDocumentRow>();
  return results;
}

export interface ScheduleRow {
  id: string;
  name: string;
  active: number;
}

/** The directive's reporting schedules, by name. */
export async function directiveScheduleRows(db: D1Database, directiveId: string) {
  const { results } = await db
    .prepare("select id, name, active from reporting_schedules where directive_id = ? order by name")
    .bind(directiveId)
    .all<ScheduleRow>();
  return results;
}
