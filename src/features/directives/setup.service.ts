/**
 * Setting a directive up without code: registering and editing it with its sections, its
 * indicators, and indicator targets per organisation and year. Every change is one `db.batch()`
 * with its audit event; edits compare-and-swap on `revision` (a stale edit gets 409 with the
 * stored text, so the typed text is never lost). Authorisation is the caller's.
 */
import { auditStatement } from "../../audit";
import type { Principal } from "../../auth/policy";
import {
  type DirectiveInput,
  directiveDisplayTitle,
  type IndicatorInput,
  registeredNumber,
  sectionChanges,
  type TargetInput,
  type TargetOnPath,
  targetError,
  targetsInForce,
} from "../../domain/directive-registration";
import { checkRegistration } from "../../domain/document-registry";
import { newId } from "../../ids";
import { AppError, invalidField, notFound, StaleRevisionError } from "../../platform/errors";
import {
  indicatorIdByCode,
  indicatorSave,
  type StoredIndicator,
  sectionIdByNumber,
  targetDelete,
  targetsOnPath,
  targetUpsert,
} from "./indicators.queries";
import {
  type DirectiveDocument,
  directiveDocumentInsert,
  directiveDocumentUpdate,
  directiveInsert,
  directiveUpdate,
  loadDirectiveForEdit,
  numberTaken,
  type RegistrationKey,
  type StoredDirective,
  sectionDelete,
  sectionInsert,
  sectionsInUse,
  sectionUpdate,
} from "./setup.queries";

export interface ChangeMeta {
  actor: Principal;
  now: number;
  ip: string;
}

/** The input an edit form starts from. */
export function inputOfDirective(d: StoredDirective): DirectiveInput {
  return {
    number: d.code,
    issuer: d.issuer,
    issuedOn: d.issuedOn,
    title: d.subject,
    summary: d.summary,
    organisationId: d.organisationId ?? "",
    sections: d.sections.map(({ id: _id, ...s }) => s),
    revision: d.revision,
  };
}

/** The document register's key for the directive's own document (see `checkRegistration`). */
function registrationKey(
  number: string,
  docType: string,
  issuedOn: string,
  organisationId: string | null,
): RegistrationKey {
  const r = checkRegistration({ number, docType, issuedOn, organisationId });
  return r.ok
    ? { issuerKey: r.fields.issuerKey, issuedYear: r.fields.issuedYear, term: r.fields.term }
    : { issuerKey: organisationId ?? "", issuedYear: Number(issuedOn.slice(0, 4)), term: "" };
}

const duplicateNumber = (normalized: string) =>
  new AppError("conflict", "duplicate_document", `Văn bản số ${normalized} đã có trong hệ thống`, [
    { field: "number", message: "Số hiệu văn bản đã được đăng ký" },
  ]);

async function assertNumberFree(db: D1Database, normalized: string, exceptDocumentId: string | null) {
  if (await numberTaken(db, normalized, exceptDocumentId)) throw duplicateNumber(normalized);
}

/** The directive's own document as `input` describes it. */
function documentOf(
  id: string,
  input: DirectiveInput,
  number: ReturnType<typeof registeredNumber>,
): DirectiveDocument {
  return {
    id,
    number: number.normalized,
    docType: number.type,
    issuer: input.issuer,
    issuedOn: input.issuedOn,
    title: input.title,
    organisationId: input.organisationId,
    key: registrationKey(number.normalized, number.type, input.issuedOn, input.organisationId),
  };
}

/** Registers a directive with its document and sections; returns its id. */
export async function registerDirective(
  db: D1Database,
  input: DirectiveInput,
  meta: ChangeMeta,
): Promise<string> {
  const number = registeredNumber(input);
  await assertNumberFree(db, number.normalized, null);
  const id = newId("dir_");
  const documentId = newId("doc");
  const title = directiveDisplayTitle(input, number);
  try {
    // The document first (the directive references it), then the directive, then its sections.
    await db.batch([
      directiveDocumentInsert(db, documentOf(documentId, input, number), id, meta.now),
      directiveInsert(
        db,
        id,
        documentId,
        {
          code: number.normalized,
          title,
          issuedOn: input.issuedOn,
          summary: input.summary ?? null,
          organisationId: input.organisationId,
        },
        meta.now,
      ),
      ...input.sections.map((s) => sectionInsert(db, id, s)),
      auditStatement(db, {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "directive.registered",
        entityType: "directive",
        entityId: id,
        organisationId: input.organisationId,
        data: { number: number.normalized, sections: input.sections.length },
        ip: meta.ip,
      }),
    ]);
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw duplicateNumber(number.normalized);
    throw err;
  }
  return id;
}

/** A stale edit: the stored directive travels with the error so the page can show both texts. */
export class StaleDirectiveError extends StaleRevisionError<StoredDirective> {
  constructor(current: StoredDirective) {
    super(
      current,
      "Chỉ thị đã được người khác sửa trong lúc đồng chí đang sửa. Nội dung đồng chí vừa nhập vẫn còn bên dưới, bên cạnh bản đã lưu; vui lòng đối chiếu rồi lưu lại.",
    );
  }
}

/**
 * Edits a directive: its document's number, issuer, date and subject, the text, and its sections
 * (matched by number; a section that a plan task or indicator refers to cannot be removed).
 */
export async function updateDirective(
  db: D1Database,
  existing: StoredDirective,
  input: DirectiveInput,
  meta: ChangeMeta,
): Promise<void> {
  if (input.revision === undefined) {
    throw new AppError("invalid", "validation_failed", "Thiếu phiên bản đang sửa", [
      { field: "revision", message: "Vui lòng gửi kèm phiên bản (revision) đang sửa" },
    ]);
  }
  const number = registeredNumber(input);
  await assertNumberFree(db, number.normalized, existing.documentId);
  const changes = sectionChanges(existing.sections, input.sections);
  if (changes.remove.length > 0) {
    const inUse = await sectionsInUse(
      db,
      changes.remove.map((s) => s.id),
    );
    if (inUse.length > 0) {
      const list = inUse.join(", ");
      throw new AppError(
        "invalid",
        "section_in_use",
        `Không thể bỏ mục ${list}: kế hoạch hoặc chỉ tiêu đang gắn với mục này`,
        [{ field: "sections", message: `Mục ${list} đang được dùng; hãy sửa nội dung thay vì bỏ mục` }],
      );
    }
  }
  const title = directiveDisplayTitle(input, number);
  try {
    await db.batch([
      ...directiveUpdate(db, existing.id, input.revision, {
        code: number.normalized,
        title,
        issuedOn: input.issuedOn,
        summary: input.summary ?? null,
        organisationId: input.organisationId,
      }),
      directiveDocumentUpdate(db, documentOf(existing.documentId, input, number)),
      ...changes.update.map(({ before, after }) => sectionUpdate(db, before.id, after)),
      ...changes.remove.map((s) => sectionDelete(db, s.id)),
      ...changes.insert.map((s) => sectionInsert(db, existing.id, s)),
      auditStatement(db, {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "directive.updated",
        entityType: "directive",
        entityId: existing.id,
        organisationId: input.organisationId,
        data: {
          number: number.normalized,
          sectionsAdded: changes.insert.map((s) => s.number),
          sectionsRemoved: changes.remove.map((s) => s.number),
        },
        ip: meta.ip,
      }),
    ]);
  } catch (err) {
    const text = String(err);
    if (text.includes("NOT NULL")) {
      const current = await loadDirectiveForEdit(db, existing.id);
      if (!current) throw notFound("Không tìm thấy chỉ thị");
      throw new StaleDirectiveError(current);
    }
    if (text.includes("UNIQUE")) throw duplicateNumber(number.normalized);
    throw err;
  }
}

// ---- indicators

async function sectionIdOf(db: D1Database, directiveId: string, number: number | null | undefined) {
  if (number == null) return null;
  const row = await sectionIdByNumber(db, directiveId, number);
  if (!row) {
    throw invalidField("sectionNumber", `Chỉ thị không có mục ${number}`);
  }
  return row.id;
}

/** Adds an indicator, or updates the one with the same code. Returns its id. */
export async function saveIndicator(
  db: D1Database,
  directive: { id: string; organisationId: string | null },
  input: IndicatorInput,
  meta: ChangeMeta,
): Promise<{ id: string; created: boolean }> {
  const sectionId = await sectionIdOf(db, directive.id, input.sectionNumber);
  const existing = await indicatorIdByCode(db, directive.id, input.code);
  const id = existing?.id ?? newId("ind_");
  await db.batch([
    indicatorSave(db, id, existing !== null, directive.id, sectionId, input),
    auditStatement(db, {
      at: meta.now,
      actorPersonId: meta.actor.personId,
      actorKind: meta.actor.kind,
      action: existing ? "indicator.updated" : "indicator.created",
      entityType: "indicator",
      entityId: id,
      organisationId: directive.organisationId,
      data: input,
      ip: meta.ip,
    }),
  ]);
  return { id, created: !existing };
}

// ---- targets per organisation and year

/** Sets (inserts or replaces) the target of an indicator for an organisation and year. */
export async function setTarget(
  db: D1Database,
  indicator: StoredIndicator,
  target: TargetInput,
  meta: ChangeMeta,
): Promise<void> {
  const problem = targetError(indicator, target);
  if (problem) {
    throw invalidField("value", problem);
  }
  await db.batch([
    targetUpsert(db, indicator.id, target),
    auditStatement(db, {
      at: meta.now,
      actorPersonId: meta.actor.personId,
      actorKind: meta.actor.kind,
      action: "indicator_target.set",
      entityType: "indicator",
      entityId: indicator.id,
      organisationId: target.organisationId,
      data: target,
      ip: meta.ip,
    }),
  ]);
}

export async function deleteTarget(
  db: D1Database,
  indicator: StoredIndicator,
  organisationId: string,
  year: number,
  meta: ChangeMeta,
): Promise<boolean> {
  const [deleted] = await db.batch<{ year: number }>([
    targetDelete(db, indicator.id, organisationId, year),
    auditStatement(
      db,
      {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "indicator_target.deleted",
        entityType: "indicator",
        entityId: indicator.id,
        organisationId,
        data: { year },
        ip: meta.ip,
      },
      { sql: "changes() = 1", params: [] },
    ),
  ]);
  return (deleted?.results.length ?? 0) > 0;
}

/** The targets of an indicator in force for the organisation at `orgPath` (its own, else its ancestors'). */
export async function targetsForOrganisation(
  db: D1Database | D1DatabaseSession,
  indicatorId: string,
  orgPath: string,
): Promise<TargetOnPath[]> {
  return targetsInForce(await targetsOnPath(db, indicatorId, orgPath));
}
