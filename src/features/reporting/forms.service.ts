/**
 * Report forms as data, versioned. A version is an immutable row; saving a changed form adds
 * the next version of its family (the unique (family, version) index makes two simultaneous
 * saves collide instead of both winning), moves the family's schedules to it, and leaves every
 * period on the version it opened with (`periods.form_id`). Setting forms up needs
 * `directive.manage` on the directive's organisation (checked through the route's Guard).
 */
import { auditStatement } from "../../audit";
import type { Guard } from "../../auth/guard";
import type { FormDefinition } from "../../domain/form";
import { decideVersion } from "../../domain/form-definition";
import { newId } from "../../ids";
import { AppError, forbidden, invalidField, invalidFields } from "../../platform/errors";
import type { ChangeMeta } from "../directives";
import {
  type FormDirective,
  type FormVersionRow,
  findDirective,
  indicatorCodes,
  insertFormVersion,
  latestVersion,
  moveSchedulesStatement,
} from "./forms.queries";

/** `directive.manage` on the organisation that owns the directive (none: refused). */
export function requireManage(
  guard: Guard,
  owner: { organisationId: string | null; organisationPath: string | null },
) {
  if (!owner.organisationId || owner.organisationPath === null) throw forbidden();
  guard.require("directive.manage", { id: owner.organisationId, path: owner.organisationPath });
}

/** The directive a new form is for, once the person may set it up (unknown: a field error). */
export async function directiveToManage(
  db: D1Database,
  guard: Guard,
  directiveId: string,
  field = "directiveId",
): Promise<FormDirective> {
  const directive = await findDirective(db, directiveId);
  if (!directive) throw invalidField(field, "Không tìm thấy chỉ thị");
  requireManage(guard, directive);
  return directive;
}

/**
 * Number items must point at indicators of the directive (otherwise their values roll up
 * nowhere). Codes an earlier version already had are let through, so old forms stay editable.
 */
async function checkIndicatorCodes(
  db: D1Database,
  directiveId: string,
  def: FormDefinition,
  previous?: FormDefinition,
): Promise<void> {
  const codes = def.items.flatMap((i) => (i.kind === "number" && i.indicatorCode ? [i.indicatorCode] : []));
  if (codes.length === 0) return;
  const known = new Set(await indicatorCodes(db, directiveId));
  for (const item of previous?.items ?? [])
    if (item.kind === "number" && item.indicatorCode) known.add(item.indicatorCode);
  const fields = def.items.flatMap((item, i) =>
    item.kind === "number" && item.indicatorCode && !known.has(item.indicatorCode)
      ? [
          {
            field: `definition.items.${i}.indicatorCode`,
            message: `Chỉ thị chưa có chỉ tiêu mã “${item.indicatorCode}”`,
          },
        ]
      : [],
  );
  if (fields.length) throw invalidFields(fields);
}

/** Adds version 1 of a new form of `directive` (already checked by `directiveToManage`); returns its id. */
export async function createForm(
  db: D1Database,
  directive: FormDirective,
  input: { name: string; definition: FormDefinition },
  meta: ChangeMeta,
): Promise<string> {
  await checkIndicatorCodes(db, directive.id, input.definition);
  const id = newId("form_");
  await db.batch([
    insertFormVersion(db, {
      id,
      directiveId: directive.id,
      name: input.name,
      definition: input.definition,
      familyId: id,
      version: 1,
      createdBy: meta.actor.personId,
      createdAt: meta.now,
    }),
    auditStatement(db, {
      at: meta.now,
      actorPersonId: meta.actor.personId,
      actorKind: meta.actor.kind,
      action: "report_form.created",
      entityType: "report_form",
      entityId: id,
      data: { directiveId: directive.id, name: input.name, items: input.definition.items.length },
      ip: meta.ip,
    }),
  ]);
  return id;
}

export interface FormVersionInput {
  name: string;
  definition: FormDefinition;
  /** The version the editor started from; must still be the latest. */
  baseVersion: number;
}

/** A save made from an older version than the latest: both travel with the error. */
export class StaleFormError extends AppError {
  constructor(
    readonly latest: FormVersionRow,
    readonly yours: FormVersionInput,
  ) {
    super(
      "conflict",
      "stale_version",
      `Biểu mẫu đã có phiên bản ${latest.version} do người khác lưu trong lúc đồng chí đang sửa. Nội dung đồng chí vừa nhập vẫn còn; vui lòng đối chiếu với phiên bản mới nhất rồi lưu lại.`,
      [{ field: "baseVersion", message: `Phiên bản mới nhất là ${latest.version}` }],
    );
  }
}

/**
 * Saves a new version of a form family (from `baseVersion`, which must be the latest). Returns
 * the id of the version in force afterwards and whether anything changed. The caller has
 * checked `directive.manage` on the form (`requireManage`).
 */
export async function saveFormVersion(
  db: D1Database,
  familyId: string,
  input: FormVersionInput,
  meta: ChangeMeta,
): Promise<{ id: string; version: number; changed: boolean }> {
  const latest = await latestVersion(db, familyId);
  if (!latest?.definition) throw new AppError("not_found", "not_found", "Không tìm thấy biểu mẫu");
  if (input.baseVersion !== latest.version) throw new StaleFormError(latest, input);
  await checkIndicatorCodes(db, latest.directiveId, input.definition, latest.definition);
  const decision = decideVersion(
    { version: latest.version, definition: latest.definition, name: latest.name },
    input.definition,
    input.name,
  );
  if (!decision.changed) return { id: latest.id, version: latest.version, changed: false };
  const id = newId("form_");
  try {
    await db.batch([
      insertFormVersion(db, {
        id,
        directiveId: latest.directiveId,
        name: input.name,
        definition: input.definition,
        familyId,
        version: decision.version,
        createdBy: meta.actor.personId,
        createdAt: meta.now,
      }),
      moveSchedulesStatement(db, familyId, id, meta.now),
      auditStatement(db, {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "report_form.versioned",
        entityType: "report_form",
        entityId: id,
        data: {
          familyId,
          version: decision.version,
          added: decision.added,
          removed: decision.removed,
          modified: decision.modified,
        },
        ip: meta.ip,
      }),
    ]);
  } catch (err) {
    if (String(err).includes("UNIQUE")) {
      const now = await latestVersion(db, familyId);
      throw new StaleFormError(now ?? latest, input);
    }
    throw err;
  }
  return { id, version: decision.version, changed: true };
}
