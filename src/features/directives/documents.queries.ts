/**
 * The register of documents' queries (the only place they live): one document, who may read it,
 * duplicates and parents, the statements of registering, correcting and withdrawing, and the
 * history of a document. Decisions are in documents.service.ts.
 */
import type { OrgRef } from "../../auth/guard";
import { type Principal, scopeFor, scopeSql } from "../../auth/policy";

export interface StoredDocument {
  id: string;
  number: string;
  docType: string;
  issuer: string;
  issuedOn: string;
  title: string;
  term: string;
  directiveId: string | null;
  parentDocumentId: string | null;
  organisationId: string | null;
  revision: number;
  withdrawnAt: number | null;
  withdrawalReason: string | null;
}

const COLUMNS = `id, number, doc_type as docType, issuer, issued_on as issuedOn, title, term,
  directive_id as directiveId, parent_document_id as parentDocumentId, organisation_id as organisationId,
  revision, withdrawn_at as withdrawnAt, withdrawal_reason as withdrawalReason`;

/**
 * Which implementing documents a person sees: those of organisations they may read (their
 * subtree) and of the organisations above them (the documents they implement), plus documents
 * of no organisation (the directive itself). Another province's plans are not theirs to read.
 * SQL over `documents d left join organisations o on o.id = d.organisation_id`.
 */
export function documentReadScope(principal: Principal | null): { sql: string; params: string[] } {
  const read = scopeSql(scopeFor(principal, "org.read"), "o");
  if (read.sql === "1 = 1") return read;
  const grants = principal?.grants ?? [];
  // Above: an ancestor of one of their organisations, or the Commission serving such an ancestor
  // (its guidance, e.g. 33-HD/BTGDVTW, is what the committees below implement).
  const above = grants.map(
    () =>
      `substr(?, 1, length(o.path)) = o.path or (o.kind = 'commission' and exists (
         select 1 from organisations up where up.id = o.parent_id and substr(?, 1, length(up.path)) = up.path))`,
  );
  return {
    sql: `(d.organisation_id is null or ${read.sql}${above.map((a) => ` or ${a}`).join("")})`,
    params: [...read.params, ...grants.flatMap((g) => [g.path, g.path])],
  };
}

/** Whether `principal` may read document `id` (see `documentReadScope`). */
export async function mayReadDocument(
  db: D1Database,
  id: string,
  principal: Principal | null,
): Promise<boolean> {
  const scope = documentReadScope(principal);
  const row = await db
    .prepare(
      `select 1 as ok from documents d left join organisations o on o.id = d.organisation_id where d.id = ? and ${scope.sql}`,
    )
    .bind(id, ...scope.params)
    .first<{ ok: number }>();
  return row !== null;
}

export async function loadDocument(db: D1Database, id: string): Promise<StoredDocument | null> {
  return db.prepare(`select ${COLUMNS} from documents where id = ?`).bind(id).first<StoredDocument>();
}

/** Documents of outside bodies belong to no organisation: only a global scope (administrator) may touch them. */
const OUTSIDE: OrgRef = { id: "", path: "/" };

/** The organisation that issued document `id` (OUTSIDE for an outside body's), or null if there is none. */
export async function orgOfDocumentId(db: D1Database, id: string): Promise<OrgRef | null> {
  const row = await db
    .prepare(
      `select d.organisation_id as orgId, o.id, o.path from documents d left join organisations o on o.id = d.organisation_id
     where d.id = ?`,
    )
    .bind(id)
    .first<{ orgId: string | null; id: string | null; path: string | null }>();
  if (!row) return null;
  return row.id && row.path ? { id: row.id, path: row.path } : OUTSIDE;
}

export interface SeriesKey {
  issuerKey: string;
  number: string;
  issuedYear: number;
  term: string;
}

/** A registered, not withdrawn document in the same numbering series (other than `exceptId`). */
export async function duplicateInSeries(
  db: D1Database,
  f: SeriesKey,
  exceptId: string | null,
): Promise<{ id: string } | null> {
  return db
    .prepare(
      `select id from documents where issuer_key = ? and number = ? and issued_year = ? and term = ?
         and withdrawn_at is null and id <> ?`,
    )
    .bind(f.issuerKey, f.number, f.issuedYear, f.term, exceptId ?? "")
    .first<{ id: string }>();
}

/** Whether `parentId` is a live document of the directive (or the directive's own document). */
export async function parentExists(
  db: D1Database,
  parentId: string,
  directiveId: string | null,
): Promise<boolean> {
  const parent = await db
    .prepare(
      `select id from documents where id = ? and withdrawn_at is null
         and (? is null or directive_id = ? or id = (select document_id from directives where id = ?))`,
    )
    .bind(parentId, directiveId, directiveId, directiveId)
    .first();
  return parent !== null;
}

export interface DocumentRow {
  id: string;
  number: string;
  docType: string;
  issuer: string;
  issuedOn: string;
  title: string;
  directiveId: string | null;
  parentDocumentId: string | null;
  organisationId: string | null;
  issuerKey: string;
  term: string;
  issuedYear: number;
}

export function insertDocumentStatement(db: D1Database, r: DocumentRow, now: number): D1PreparedStatement {
  return db
    .prepare(
      `insert into documents (id, number, doc_type, issuer, issued_on, title, directive_id, parent_document_id,
             organisation_id, issuer_key, term, issued_year, revision, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    )
    .bind(
      r.id,
      r.number,
      r.docType,
      r.issuer,
      r.issuedOn,
      r.title,
      r.directiveId,
      r.parentDocumentId,
      r.organisationId,
      r.issuerKey,
      r.term,
      r.issuedYear,
      now,
      now,
    );
}

/** Compare-and-set on `revision` (a withdrawn document is not changed). */
export function correctDocumentStatement(
  db: D1Database,
  id: string,
  revision: number,
  r: Omit<DocumentRow, "id" | "directiveId" | "organisationId">,
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      `update documents set number = ?, doc_type = ?, issuer = ?, issued_on = ?, title = ?, term = ?,
             parent_document_id = ?, issuer_key = ?, issued_year = ?, revision = revision + 1, updated_at = ?
           where id = ? and revision = ? and withdrawn_at is null`,
    )
    .bind(
      r.number,
      r.docType,
      r.issuer,
      r.issuedOn,
      r.title,
      r.term,
      r.parentDocumentId,
      r.issuerKey,
      r.issuedYear,
      now,
      id,
      revision,
    );
}

export function withdrawDocumentStatement(
  db: D1Database,
  id: string,
  revision: number,
  by: string | null,
  reason: string,
  now: number,
): D1PreparedStatement {
  return db
    .prepare(
      `update documents set withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ?, revision = revision + 1,
           updated_at = ? where id = ? and revision = ? and withdrawn_at is null`,
    )
    .bind(now, by, reason, now, id, revision);
}

/** What keeps a document from being withdrawn: the directive it is the document of, a live child. */
export async function usesOfDocument(
  db: D1Database,
  id: string,
): Promise<[{ code: string } | null, { number: string } | null]> {
  return Promise.all([
    db.prepare("select code from directives where document_id = ?").bind(id).first<{ code: string }>(),
    db
      .prepare("select number from documents where parent_document_id = ? and withdrawn_at is null limit 1")
      .bind(id)
      .first<{ number: string }>(),
  ]);
}

export interface HistoryRow {
  at: number;
  action: string;
  reason: string | null;
  data: string | null;
  actor: string | null;
}

export async function historyOf(db: D1Database, id: string): Promise<HistoryRow[]> {
  const { results } = await db
    .prepare(
      `select a.at, a.action, a.reason, a.data, p.full_name as actor from audit_events a
       left join people p on p.id = a.actor_person_id
       where a.entity_type = 'document' and a.entity_id = ? order by a.at, a.id limit 100`,
    )
    .bind(id)
    .all<HistoryRow>();
  return results;
}

export async function directiveCodeOf(db: D1Database, directiveId: string) {
  return db
    .prepare("select id, code from directives where id = ?")
    .bind(directiveId)
    .first<{ id: string; code: string }>();
}

/** The documents a document of the directive may hang under (itself excepted). */
export async function parentChoices(db: D1Database, directiveId: string, selfId: string) {
  const { results } = await db
    .prepare(
      `select id, number from documents where (directive_id = ? or id = (select document_id from directives where id = ?))
               and withdrawn_at is null and id <> ? order by issued_on, number limit 500`,
    )
    .bind(directiveId, directiveId, selfId)
    .all<{ id: string; number: string }>();
  return results;
}
