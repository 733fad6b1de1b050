/**
 * The register of documents: registering, correcting and withdrawing a document, each in one
 * batch with its audit event. The rules of what is a valid and a duplicate registration are in
 * `src/domain/document-registry.ts`; the statements are in documents.queries.ts.
 */
import { type AuditEvent, auditStatement } from "../../audit";
import { storedDocumentKindLabel } from "../../domain/document-number";
import { checkRegistration, duplicateMessage, type RegistrationFields } from "../../domain/document-registry";
import { newId } from "../../ids";
import { AppError, type FieldError, notFound, StaleRevisionError } from "../../platform/errors";
import {
  correctDocumentStatement,
  duplicateInSeries,
  insertDocumentStatement,
  loadDocument,
  parentExists,
  type StoredDocument,
  usesOfDocument,
  withdrawDocumentStatement,
} from "./documents.queries";

export type Actor = Pick<AuditEvent, "actorPersonId" | "actorKind" | "ip">;

export interface DocumentInput {
  number: string;
  docType?: string | undefined;
  issuer: string;
  issuedOn: string;
  title: string;
  term?: string | undefined;
  organisationId: string | null;
  parentDocumentId?: string | null | undefined;
  directiveId?: string | null | undefined;
}

/** The label of a stored document's kind ("Thông tư" for 40/2015/TT-BYT, "Thông tri" for 05-TT/TW). */
export const kindLabelOf = (d: { number: string; docType: string }) =>
  storedDocumentKindLabel(d.number, d.docType);

type Suggestible = FieldError & { suggestion?: string };

function invalid(errors: Suggestible[]): AppError {
  const first = errors[0];
  const code = first?.field === "number" ? "invalid_document_number" : "invalid_document";
  const err = new AppError("invalid", code, first?.message ?? "Dữ liệu không hợp lệ", errors);
  return err;
}

function checked(input: DocumentInput): RegistrationFields {
  const result = checkRegistration(input);
  if (!result.ok) throw invalid(result.errors);
  return result.fields;
}

async function assertNotDuplicate(db: D1Database, f: RegistrationFields, exceptId: string | null) {
  if (await duplicateInSeries(db, f, exceptId)) throw duplicate(f);
}

const duplicate = (f: RegistrationFields) => {
  const message = duplicateMessage(f.number, f.issuedYear, f.term);
  return new AppError("conflict", "duplicate_document", message, [{ field: "number", message }]);
};

async function assertParent(db: D1Database, parentId: string, directiveId: string | null, selfId?: string) {
  if (parentId === selfId) {
    throw new AppError(
      "invalid",
      "invalid_parent_document",
      "Văn bản không thể là văn bản cấp trên của chính nó",
      [{ field: "parentDocumentId", message: "Văn bản cấp trên không hợp lệ" }],
    );
  }
  if (!(await parentExists(db, parentId, directiveId))) {
    throw new AppError(
      "invalid",
      "unknown_parent_document",
      "Không tìm thấy văn bản cấp trên của chỉ thị này",
      [{ field: "parentDocumentId", message: "Không tìm thấy văn bản cấp trên" }],
    );
  }
}

/**
 * A document's fields as registered, and as a correction may change them: the checked number,
 * kind and term, the input's issuer, date and summary, and the parent document.
 */
function documentFields(
  f: RegistrationFields,
  input: Pick<DocumentInput, "issuer" | "issuedOn" | "title">,
  parentDocumentId: string | null,
) {
  return {
    number: f.number,
    docType: f.docType,
    issuer: input.issuer,
    issuedOn: input.issuedOn,
    title: input.title,
    term: f.term,
    parentDocumentId,
  };
}

/** Registers a document; a duplicate in its numbering series answers 409 and changes nothing. */
export async function registerDocument(
  db: D1Database,
  input: DocumentInput,
  actor: Actor,
  now: number,
): Promise<{ id: string } & RegistrationFields> {
  const f = checked(input);
  if (input.parentDocumentId) await assertParent(db, input.parentDocumentId, input.directiveId ?? null);
  await assertNotDuplicate(db, f, null);
  const id = newId("doc");
  try {
    await db.batch([
      insertDocumentStatement(
        db,
        {
          id,
          ...documentFields(f, input, input.parentDocumentId ?? null),
          directiveId: input.directiveId ?? null,
          organisationId: input.organisationId,
          issuerKey: f.issuerKey,
          issuedYear: f.issuedYear,
        },
        now,
      ),
      auditStatement(db, {
        ...actor,
        at: now,
        action: "document.created",
        entityType: "document",
        entityId: id,
        organisationId: input.organisationId,
        data: { number: f.number, docType: f.docType, term: f.term, directiveId: input.directiveId ?? null },
      }),
    ]);
  } catch (err) {
    // Two registrations racing past the check: the partial unique index decides.
    if (String(err).includes("UNIQUE")) throw duplicate(f);
    throw err;
  }
  return { id, ...f };
}

/** A stale correction or withdrawal: the current version and what was sent, so nothing typed is lost. */
export class StaleDocumentError extends StaleRevisionError<StoredDocument> {
  constructor(
    current: StoredDocument,
    readonly submitted: unknown,
  ) {
    super(
      current,
      "Văn bản vừa được người khác sửa trong lúc đồng chí đang sửa. Vui lòng xem bản hiện tại rồi sửa tiếp.",
    );
  }
}

export interface CorrectionInput extends Omit<DocumentInput, "organisationId" | "directiveId"> {
  revision: number;
  reason: string;
}

/**
 * Corrects a wrongly registered document (number, kind, issuer, date, summary, parent, term):
 * compare-and-set on `revision`, audited with the values before and after and the reason.
 */
export async function correctDocument(
  db: D1Database,
  current: StoredDocument,
  input: CorrectionInput,
  actor: Actor,
  now: number,
): Promise<StoredDocument> {
  if (current.withdrawnAt !== null) {
    throw new AppError(
      "conflict",
      "document_withdrawn",
      "Văn bản đã bị thu hồi khỏi hệ thống, không sửa được",
    );
  }
  if (input.revision !== current.revision) throw new StaleDocumentError(current, input);
  const f = checked({ ...input, organisationId: current.organisationId });
  const parentId = input.parentDocumentId === undefined ? current.parentDocumentId : input.parentDocumentId;
  if (parentId && parentId !== current.parentDocumentId) {
    await assertParent(db, parentId, current.directiveId, current.id);
  }
  await assertNotDuplicate(db, f, current.id);
  const after = documentFields(f, input, parentId);
  const before = {
    number: current.number,
    docType: current.docType,
    issuer: current.issuer,
    issuedOn: current.issuedOn,
    title: current.title,
    term: current.term,
    parentDocumentId: current.parentDocumentId,
  };
  let results: D1Result[];
  try {
    results = await db.batch([
      correctDocumentStatement(
        db,
        current.id,
        input.revision,
        { ...after, issuerKey: f.issuerKey, issuedYear: f.issuedYear },
        now,
      ),
      auditStatement(
        db,
        {
          ...actor,
          at: now,
          action: "document.corrected",
          entityType: "document",
          entityId: current.id,
          organisationId: current.organisationId,
          reason: input.reason,
          data: { before, after },
        },
        { sql: "changes() = 1", params: [] },
      ),
    ]);
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw duplicate(f);
    throw err;
  }
  if ((results[0]?.meta.changes ?? 0) !== 1) {
    const fresh = await loadDocument(db, current.id);
    if (!fresh) throw notFound("Không tìm thấy văn bản");
    throw new StaleDocumentError(fresh, input);
  }
  const fresh = await loadDocument(db, current.id);
  if (!fresh) throw notFound("Không tìm thấy văn bản");
  return fresh;
}

/**
 * Withdraws a document registered by mistake: it leaves the cascade and the uniqueness check
 * (so the number can be registered again correctly) but stays in the database and the audit.
 * A directive's own document and a document with implementing documents under it stay.
 */
export async function withdrawDocument(
  db: D1Database,
  current: StoredDocument,
  input: { revision: number; reason: string },
  actor: Actor,
  now: number,
): Promise<void> {
  if (current.withdrawnAt !== null) {
    throw new AppError("conflict", "document_withdrawn", "Văn bản đã được thu hồi trước đó");
  }
  if (input.revision !== current.revision) throw new StaleDocumentError(current, input);
  const [directive, child] = await usesOfDocument(db, current.id);
  if (directive) {
    throw new AppError(
      "conflict",
      "document_in_use",
      `Văn bản ${current.number} là văn bản của chỉ thị ${directive.code}; không thu hồi được`,
    );
  }
  if (child) {
    throw new AppError(
      "conflict",
      "document_in_use",
      `Văn bản ${current.number} còn văn bản triển khai ${child.number} ở cấp dưới; hãy sửa hoặc thu hồi văn bản đó trước`,
    );
  }
  const results = await db.batch([
    withdrawDocumentStatement(db, current.id, input.revision, actor.actorPersonId ?? null, input.reason, now),
    auditStatement(
      db,
      {
        ...actor,
        at: now,
        action: "document.withdrawn",
        entityType: "document",
        entityId: current.id,
        organisationId: current.organisationId,
        reason: input.reason,
        data: { number: current.number, docType: current.docType, issuedOn: current.issuedOn },
      },
      { sql: "changes() = 1", params: [] },
    ),
  ]);
  if ((results[0]?.meta.changes ?? 0) !== 1) {
    const fresh = await loadDocument(db, current.id);
    if (!fresh) throw notFound("Không tìm thấy văn bản");
    throw new StaleDocumentError(fresh, input);
  }
}
