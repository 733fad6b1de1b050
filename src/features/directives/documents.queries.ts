/**
 * The register of documents' queries (the only place they live): one document, who may read it,
 * duplicates and parents, the statements of registering, correcting and withdrawing, and the
 * history of a document. Decisions are in documents.service.ts.
 */
import { and, asc, eq, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { OrgRef } from "../../auth/guard";
import { type Principal, scopeFor, scopeWhere } from "../../auth/policy";
import { columnsOf, orm, statementOf } from "../../db/client";
import { rowById, updateAtRevision } from "../../db/rows.queries";
import { auditEvents, directives, documents, organisations, people } from "../../db/schema";

/** What every document has: its heading, its term and where it hangs. */
interface DocumentFacts {
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
}

export interface StoredDocument extends DocumentFacts {
  revision: number;
  withdrawnAt: number | null;
  withdrawalReason: string | null;
}

/** A document's heading, as lists of documents show it. */
export const DOCUMENT_HEADING = columnsOf(
  documents,
  "id",
  "number",
  "docType",
  "issuer",
  "issuedOn",
  "title",
);

const DOCUMENT_FIELDS = {
  ...DOCUMENT_HEADING,
  ...columnsOf(
    documents,
    "term",
    "directiveId",
    "parentDocumentId",
    "organisationId",
    "revision",
    "withdrawnAt",
    "withdrawalReason",
  ),
};

/**
 * Which implementing documents a person sees: those of organisations they may read (their
 * subtree) and of the organisations above them (the documents they implement), plus documents
 * of no organisation (the directive itself). Another province's plans are not theirs to read.
 * A condition over `documents left join organisations on organisations.id = documents.organisation_id`.
 */
export function documentReadScope(principal: Principal | null): SQL {
  const scope = scopeFor(principal, "org.read");
  const o = organisations;
  const read = scopeWhere(scope, { path: o.path, id: o.id });
  if (scope.global) return read;
  // Above: an ancestor of one of their organisations, or the Commission serving such an ancestor
  // (its guidance, e.g. 33-HD/BTGDVTW, is what the committees below implement).
  const above = (principal?.grants ?? []).map(
    (g) =>
      sql`(substr(${g.path}, 1, length(${o.path})) = ${o.path} or (${o.kind} = 'commission' and exists (
         select 1 from organisations up where up.id = ${o.parentId} and substr(${g.path}, 1, length(up.path)) = up.path)))`,
  );
  return or(isNull(documents.organisationId), read, ...above) as SQL;
}

/** Whether `principal` may read document `id` (see `documentReadScope`). */
export async function mayReadDocument(
  db: D1Database,
  id: string,
  principal: Principal | null,
): Promise<boolean> {
  const row = await orm(db)
    .select({ ok: sql<number>`1` })
    .from(documents)
    .leftJoin(organisations, eq(organisations.id, documents.organisationId))
    .where(and(eq(documents.id, id), documentReadScope(principal)))
    .get();
  return row !== undefined;
}

export async function loadDocument(db: D1Database, id: string): Promise<StoredDocument | null> {
  return rowById(db, documents, DOCUMENT_FIELDS, id);
}

/** Documents of outside bodies belong to no organisation: only a global scope (administrator) may touch them. */
const OUTSIDE: OrgRef = { id: "", path: "/" };

/** The organisation that issued document `id` (OUTSIDE for an outside body's), or null if there is none. */
export async function orgOfDocumentId(db: D1Database, id: string): Promise<OrgRef | null> {
  const [row] = await orm(db)
    .select({ orgId: documents.organisationId, id: organisations.id, path: organisations.path })
    .from(documents)
    .leftJoin(organisations, eq(organisations.id, documents.organisationId))
    .where(eq(documents.id, id));
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
  const [row] = await orm(db)
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.issuerKey, f.issuerKey),
        eq(documents.number, f.number),
        eq(documents.issuedYear, f.issuedYear),
        eq(documents.term, f.term),
        isNull(documents.withdrawnAt),
        ne(documents.id, exceptId ?? ""),
      ),
    );
  return row ?? null;
}

/** Whether `parentId` is a live document of the directive (or the directive's own document). */
export async function parentExists(
  db: D1Database,
  parentId: string,
  directiveId: string | null,
): Promise<boolean> {
  const [parent] = await orm(db)
    .select({ id: documents.id })
    .from(documents)
    .where(
      and(
        eq(documents.id, parentId),
        isNull(documents.withdrawnAt),
        directiveId === null
          ? undefined
          : or(eq(documents.directiveId, directiveId), eq(documents.id, directiveDocumentId(directiveId))),
      ),
    );
  return parent !== undefined;
}

/** The id of the directive's own document, as a scalar subquery. */
function directiveDocumentId(directiveId: string) {
  return sql`(select ${directives.documentId} from ${directives} where ${directives.id} = ${directiveId})`;
}

export interface DocumentRow extends DocumentFacts {
  issuerKey: string;
  issuedYear: number;
}

export function insertDocumentStatement(db: D1Database, r: DocumentRow, now: number): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .insert(documents)
      .values({ ...r, revision: 1, createdAt: now, updatedAt: now }),
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
  return changeDocumentStatement(db, id, revision, now, {
    number: r.number,
    docType: r.docType,
    issuer: r.issuer,
    issuedOn: r.issuedOn,
    title: r.title,
    term: r.term,
    parentDocumentId: r.parentDocumentId,
    issuerKey: r.issuerKey,
    issuedYear: r.issuedYear,
  });
}

export function withdrawDocumentStatement(
  db: D1Database,
  id: string,
  revision: number,
  by: string | null,
  reason: string,
  now: number,
): D1PreparedStatement {
  return changeDocumentStatement(db, id, revision, now, {
    withdrawnAt: now,
    withdrawnBy: by,
    withdrawalReason: reason,
  });
}

/** Compare-and-set on `revision` of a document not withdrawn: `changes`, a new revision, the time. */
function changeDocumentStatement(
  db: D1Database,
  id: string,
  revision: number,
  now: number,
  changes: Partial<typeof documents.$inferInsert>,
): D1PreparedStatement {
  return statementOf(
    db,
    updateAtRevision(db, documents, id, revision, changes, now, isNull(documents.withdrawnAt)),
  );
}

/** What keeps a document from being withdrawn: the directive it is the document of, a live child. */
export async function usesOfDocument(
  db: D1Database,
  id: string,
): Promise<[{ code: string } | null, { number: string } | null]> {
  const q = orm(db);
  const [[directive], [child]] = await Promise.all([
    q.select({ code: directives.code }).from(directives).where(eq(directives.documentId, id)).limit(1),
    q
      .select({ number: documents.number })
      .from(documents)
      .where(and(eq(documents.parentDocumentId, id), isNull(documents.withdrawnAt)))
      .limit(1),
  ]);
  return [directive ?? null, child ?? null];
}

export interface HistoryRow {
  at: number;
  action: string;
  reason: string | null;
  data: string | null;
  actor: string | null;
}

export async function historyOf(db: D1Database, id: string): Promise<HistoryRow[]> {
  return orm(db)
    .select({
      ...columnsOf(auditEvents, "at", "action", "reason", "data"),
      actor: people.fullName,
    })
    .from(auditEvents)
    .leftJoin(people, eq(people.id, auditEvents.actorPersonId))
    .where(and(eq(auditEvents.entityType, "document"), eq(auditEvents.entityId, id)))
    .orderBy(asc(auditEvents.at), asc(auditEvents.id))
    .limit(100);
}

export async function directiveCodeOf(db: D1Database, directiveId: string) {
  return rowById(db, directives, columnsOf(directives, "id", "code"), directiveId);
}

/** The documents a document of the directive may hang under (itself excepted). */
export async function parentChoices(db: D1Database, directiveId: string, selfId: string) {
  return orm(db)
    .select({ id: documents.id, number: documents.number })
    .from(documents)
    .where(
      and(
        or(eq(documents.directiveId, directiveId), eq(documents.id, directiveDocumentId(directiveId))),
        isNull(documents.withdrawnAt),
        ne(documents.id, selfId),
      ),
    )
    .orderBy(asc(documents.issuedOn), asc(documents.number))
    .limit(500);
}
