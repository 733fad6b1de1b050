/**
 * Data access for setting a directive up without code: registering and editing it with its
 * sections, its indicators, and indicator targets per organisation and year. Every change is
 * one `db.batch()` with its audit event; edits compare-and-swap on `revision` (a stale edit gets
 * 409 with the stored text, so the typed text is never lost). Authorisation is the caller's.
 */

import { auditStatement } from "../audit";
import type { Principal } from "../auth/policy";
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
} from "../domain/directive-registration";
import { checkRegistration } from "../domain/document-registry";
import { newId } from "../ids";
import { AppError, notFound } from "../platform/errors";

export interface ChangeMeta {
  actor: Principal;
  now: number;
  ip: string;
}

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
function registrationKey(number: string, docType: string, issuedOn: string, organisationId: string | null) {
  const r = checkRegistration({ number, docType, issuedOn, organisationId });
  return r.ok
    ? { issuerKey: r.fields.issuerKey, issuedYear: r.fields.issuedYear, term: r.fields.term }
    : { issuerKey: organisationId ?? "", issuedYear: Number(issuedOn.slice(0, 4)), term: "" };
}

async function assertNumberFree(db: D1Database, normalized: string, exceptDocumentId: string | null) {
  const dup = await db
    .prepare("select id from documents where number = ? and id is not ? limit 1")
    .bind(normalized, exceptDocumentId)
    .first();
  const dupDirective = await db
    .prepare("select id from directives where code = ? and document_id is not ? limit 1")
    .bind(normalized, exceptDocumentId)
    .first();
  if (dup || dupDirective) {
    throw new AppError("conflict", "duplicate_document", `Văn bản số ${normalized} đã có trong hệ thống`, [
      { field: "number", message: "Số hiệu văn bản đã được đăng ký" },
    ]);
  }
}

function sectionInsert(db: D1Database, directiveId: string, s: DirectiveInput["sections"][number]) {
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
      db
        .prepare(
          `insert into documents (id, number, doc_type, issuer, issued_on, title, directive_id, parent_document_id, organisation_id,
             issuer_key, issued_year, term, created_at)
           values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?)`,
        )
        .bind(
          documentId,
          number.normalized,
          number.type,
          input.issuer,
          input.issuedOn,
          input.title,
          id,
          input.organisationId,
          ...Object.values(
            registrationKey(number.normalized, number.type, input.issuedOn, input.organisationId),
          ),
          meta.now,
        ),
      db
        .prepare(
          `insert into directives (id, document_id, code, title, issued_on, summary, organisation_id, revision, created_at)
           values (?, ?, ?, ?, ?, ?, ?, 1, ?)`,
        )
        .bind(
          id,
          documentId,
          number.normalized,
          title,
          input.issuedOn,
          input.summary ?? null,
          input.organisationId,
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
    if (String(err).includes("UNIQUE")) {
      throw new AppError(
        "conflict",
        "duplicate_document",
        `Văn bản số ${number.normalized} đã có trong hệ thống`,
        [{ field: "number", message: "Số hiệu văn bản đã được đăng ký" }],
      );
    }
    throw err;
  }
  return id;
}

/** A stale edit: the stored directive travels with the error so the page can show both texts. */
export class StaleDirectiveError extends AppError {
  constructor(readonly current: StoredDirective) {
    super(
      "conflict",
      "stale_revision",
      "Chỉ thị đã được người khác sửa trong lúc đồng chí đang sửa. Nội dung đồng chí vừa nhập vẫn còn bên dưới, bên cạnh bản đã lưu; vui lòng đối chiếu rồi lưu lại.",
      [{ field: "revision", message: `Phiên bản hiện tại là ${current.revision}` }],
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
    const { results } = await db
      .prepare(
        `select s.number from directive_sections s where s.id in (select value from json_each(?1))
           and (exists (select 1 from plan_tasks t where t.section_id = s.id)
             or exists (select 1 from indicators i where i.section_id = s.id))`,
      )
      .bind(JSON.stringify(changes.remove.map((s) => s.id)))
      .all<{ number: number }>();
    if (results.length > 0) {
      const list = results.map((r) => r.number).join(", ");
      throw new AppError(
        "invalid",
        "section_in_use",
        `Không thể bỏ mục ${list}: kế hoạch hoặc chỉ tiêu đang gắn với mục này`,
        [{ field: "sections", message: `Mục ${list} đang được dùng; hãy sửa nội dung thay vì bỏ mục` }],
      );
    }
  }
  const title = directiveDisplayTitle(input, number);
  const rev = input.revision;
  try {
    await db.batch([
      db
        .prepare(
          `update directives set code = ?, title = ?, issued_on = ?, summary = ?, organisation_id = ?, revision = revision + 1
           where id = ? and revision = ?`,
        )
        .bind(
          number.normalized,
          title,
          input.issuedOn,
          input.summary ?? null,
          input.organisationId,
          existing.id,
          rev,
        ),
      // Compare-and-swap guard: when the update above changed nothing (someone saved in between),
      // this violates NOT NULL and rolls the whole batch back.
      db.prepare("update directives set code = null where id = ? and changes() = 0").bind(existing.id),
      db
        .prepare(
          `update documents set number = ?, doc_type = ?, issuer = ?, issued_on = ?, title = ?, organisation_id = ?,
             issuer_key = ?, issued_year = ?, term = ? where id = ?`,
        )
        .bind(
          number.normalized,
          number.type,
          input.issuer,
          input.issuedOn,
          input.title,
          input.organisationId,
          ...Object.values(
            registrationKey(number.normalized, number.type, input.issuedOn, input.organisationId),
          ),
          existing.documentId,
        ),
      ...changes.update.map(({ before, after }) =>
        db
          .prepare(
            "update directive_sections set title = ?, body = ?, is_task_group = ?, title_is_editorial = ? where id = ?",
          )
          .bind(
            after.title,
            after.body,
            after.isTaskGroup ? 1 : 0,
            after.titleIsEditorial ? 1 : 0,
            before.id,
          ),
      ),
      ...changes.remove.map((s) => db.prepare("delete from directive_sections where id = ?").bind(s.id)),
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
    if (text.includes("UNIQUE")) {
      throw new AppError(
        "conflict",
        "duplicate_document",
        `Văn bản số ${number.normalized} đã có trong hệ thống`,
        [{ field: "number", message: "Số hiệu văn bản đã được đăng ký" }],
      );
    }
    throw err;
  }
}

// ---- indicators

export interface StoredIndicator {
  id: string;
  directiveId: string;
  code: string;
  name: string;
  unit: string;
  valueKind: "percent" | "integer" | "decimal";
  aggregation: string;
  sectionNumber: number | null;
  baselineValue: number | null;
  baselineYear: number | null;
  minValue: number | null;
  maxValue: number | null;
}

const INDICATOR_SELECT = `select i.id, i.directive_id as directiveId, i.code, i.name, i.unit, i.value_kind as valueKind,
    i.aggregation, s.number as sectionNumber, i.baseline_value as baselineValue, i.baseline_year as baselineYear,
    i.min_value as minValue, i.max_value as maxValue
  from indicators i left join directive_sections s on s.id = i.section_id`;

export async function listIndicators(db: D1Database, directiveId: string): Promise<StoredIndicator[]> {
  const { results } = await db
    .prepare(`${INDICATOR_SELECT} where i.directive_id = ? order by i.code`)
    .bind(directiveId)
    .all<StoredIndicator>();
  return results;
}

export async function loadIndicator(db: D1Database, id: string): Promise<StoredIndicator | null> {
  return db.prepare(`${INDICATOR_SELECT} where i.id = ?`).bind(id).first<StoredIndicator>();
}

async function sectionIdOf(db: D1Database, directiveId: string, number: number | null | undefined) {
  if (number == null) return null;
  const row = await db
    .prepare("select id from directive_sections where directive_id = ? and number = ?")
    .bind(directiveId, number)
    .first<{ id: string }>();
  if (!row) {
    throw new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", [
      { field: "sectionNumber", message: `Chỉ thị không có mục ${number}` },
    ]);
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
  const existing = await db
    .prepare("select id from indicators where directive_id = ? and code = ?")
    .bind(directive.id, input.code)
    .first<{ id: string }>();
  const id = existing?.id ?? newId("ind_");
  const values = [
    sectionId,
    input.name,
    input.unit,
    input.valueKind,
    input.aggregation,
    input.baselineValue ?? null,
    input.baselineYear ?? null,
    input.minValue ?? null,
    input.maxValue ?? null,
  ];
  await db.batch([
    existing
      ? db
          .prepare(
            `update indicators set section_id = ?, name = ?, unit = ?, value_kind = ?, aggregation = ?, baseline_value = ?,
               baseline_year = ?, min_value = ?, max_value = ? where id = ?`,
          )
          .bind(...values, id)
      : db
          .prepare(
            `insert into indicators (section_id, name, unit, value_kind, aggregation, baseline_value, baseline_year, min_value,
               max_value, id, directive_id, code) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .bind(...values, id, directive.id, input.code),
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

export interface StoredTarget {
  indicatorId: string;
  organisationId: string;
  organisationName: string;
  year: number;
  value: number;
  comparator: "gt" | "gte";
  note: string | null;
}

export async function listTargets(db: D1Database, directiveId: string): Promise<StoredTarget[]> {
  const { results } = await db
    .prepare(
      `select t.indicator_id as indicatorId, t.organisation_id as organisationId, o.name as organisationName, t.year,
              t.value, t.comparator, t.note
       from indicator_targets t join indicators i on i.id = t.indicator_id join organisations o on o.id = t.organisation_id
       where i.directive_id = ? order by i.code, o.level, o.sort_order, t.year`,
    )
    .bind(directiveId)
    .all<StoredTarget>();
  return results;
}

/** Sets (inserts or replaces) the target of an indicator for an organisation and year. */
export async function setTarget(
  db: D1Database,
  indicator: StoredIndicator,
  target: TargetInput,
  meta: ChangeMeta,
): Promise<void> {
  const problem = targetError(indicator, target);
  if (problem) {
    throw new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", [
      { field: "value", message: problem },
    ]);
  }
  await db.batch([
    db
      .prepare(
        `insert into indicator_targets (indicator_id, organisation_id, year, value, comparator, note) values (?, ?, ?, ?, ?, ?)
         on conflict(indicator_id, organisation_id, year) do update set value = excluded.value,
           comparator = excluded.comparator, note = excluded.note`,
      )
      .bind(
        indicator.id,
        target.organisationId,
        target.year,
        target.value,
        target.comparator,
        target.note ?? null,
      ),
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
    db
      .prepare(
        "delete from indicator_targets where indicator_id = ? and organisation_id = ? and year = ? returning year",
      )
      .bind(indicator.id, organisationId, year),
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
  db: Pick<D1Database, "prepare">,
  indicatorId: string,
  orgPath: string,
): Promise<TargetOnPath[]> {
  const { results } = await db
    .prepare(
      `select t.organisation_id as organisationId, o.name as organisationName, o.level, t.year, t.value, t.comparator
       from indicator_targets t join organisations o on o.id = t.organisation_id
       where t.indicator_id = ? and substr(?, 1, length(o.path)) = o.path`,
    )
    .bind(indicatorId, orgPath)
    .all<TargetOnPath>();
  return targetsInForce(results);
}
