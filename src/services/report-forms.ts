/**
 * Data access for report forms and their versions. A version is an immutable row; saving a
 * changed form adds the next version of its family (the unique (family, version) index makes two
 * simultaneous saves collide instead of both winning), moves the family's schedules to it, and
 * leaves every period on the version it opened with (`periods.form_id`).
 */
import { auditStatement } from "../audit";
import { type FormDefinition, parseFormDefinition } from "../domain/form";
import { decideVersion } from "../domain/form-definition";
import type { ChangeMeta } from "../features/directives";
import { newId } from "../ids";
import { AppError } from "../platform/errors";

export interface FormVersionRow {
  id: string;
  familyId: string;
  version: number;
  name: string;
  directiveId: string;
  directiveCode: string;
  organisationId: string | null;
  organisationPath: string | null;
  definitionText: string;
  definition: FormDefinition | null;
  createdAt: number;
  createdByName: string | null;
}

const FORM_SELECT = `select f.id, coalesce(f.family_id, f.id) as familyId, f.version, f.name, f.directive_id as directiveId,
    d.code as directiveCode, d.organisation_id as organisationId, o.path as organisationPath,
    f.definition as definitionText, f.created_at as createdAt, p.full_name as createdByName
  from report_forms f join directives d on d.id = f.directive_id
  left join organisations o on o.id = d.organisation_id left join people p on p.id = f.created_by`;

type RawRow = Omit<FormVersionRow, "definition">;
const withDefinition = (r: RawRow): FormVersionRow => ({
  ...r,
  definition: parseFormDefinition(r.definitionText),
});

/** The latest version of every form (of one directive, or all). */
export async function listFormFamilies(db: D1Database, directiveId?: string): Promise<FormVersionRow[]> {
  const { results } = await db
    .prepare(
      `${FORM_SELECT} where (?1 is null or f.directive_id = ?1)
         and f.version = (select max(g.version) from report_forms g where coalesce(g.family_id, g.id) = coalesce(f.family_id, f.id))
       order by d.issued_on desc, f.name limit 200`,
    )
    .bind(directiveId ?? null)
    .all<RawRow>();
  return results.map(withDefinition);
}

export async function loadFormVersion(db: D1Database, id: string): Promise<FormVersionRow | null> {
  const row = await db.prepare(`${FORM_SELECT} where f.id = ?`).bind(id).first<RawRow>();
  return row ? withDefinition(row) : null;
}

export async function listVersions(
  db: D1Database,
  familyId: string,
): Promise<(FormVersionRow & { periodCount: number })[]> {
  const { results } = await db
    .prepare(
      `select * from (${FORM_SELECT} where coalesce(f.family_id, f.id) = ?) v order by v.version desc limit 100`,
    )
    .bind(familyId)
    .all<RawRow>();
  const { results: counts } = await db
    .prepare(
      `select form_id, count(*) as n from periods where form_id in (select id from report_forms where coalesce(family_id, id) = ?)
       group by form_id`,
    )
    .bind(familyId)
    .all<{ form_id: string; n: number }>();
  const byId = new Map(counts.map((c) => [c.form_id, c.n]));
  return results.map((r) => ({ ...withDefinition(r), periodCount: byId.get(r.id) ?? 0 }));
}

export async function latestVersion(db: D1Database, familyId: string): Promise<FormVersionRow | null> {
  const row = await db
    .prepare(`${FORM_SELECT} where coalesce(f.family_id, f.id) = ? order by f.version desc limit 1`)
    .bind(familyId)
    .first<RawRow>();
  return row ? withDefinition(row) : null;
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
  const { results } = await db
    .prepare("select code from indicators where directive_id = ?")
    .bind(directiveId)
    .all<{ code: string }>();
  const known = new Set(results.map((r) => r.code));
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
  if (fields.length) throw new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", fields);
}

export async function createForm(
  db: D1Database,
  input: { directiveId: string; name: string; definition: FormDefinition },
  meta: ChangeMeta,
): Promise<string> {
  await checkIndicatorCodes(db, input.directiveId, input.definition);
  const id = newId("form_");
  await db.batch([
    db
      .prepare(
        `insert into report_forms (id, directive_id, name, definition, family_id, version, created_by, created_at)
         values (?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .bind(
        id,
        input.directiveId,
        input.name,
        JSON.stringify(input.definition),
        id,
        meta.actor.personId,
        meta.now,
      ),
    auditStatement(db, {
      at: meta.now,
      actorPersonId: meta.actor.personId,
      actorKind: meta.actor.kind,
      action: "report_form.created",
      entityType: "report_form",
      entityId: id,
      data: { directiveId: input.directiveId, name: input.name, items: input.definition.items.length },
      ip: meta.ip,
    }),
  ]);
  return id;
}

/** A save made from an older version than the latest: both travel with the error. */
export class StaleFormError extends AppError {
  constructor(
    readonly latest: FormVersionRow,
    readonly yours: { name: string; definition: FormDefinition },
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
 * the id of the version in force afterwards and whether anything changed.
 */
export async function saveFormVersion(
  db: D1Database,
  familyId: string,
  input: { name: string; definition: FormDefinition; baseVersion: number },
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
      db
        .prepare(
          `insert into report_forms (id, directive_id, name, definition, family_id, version, created_by, created_at)
           values (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          id,
          latest.directiveId,
          input.name,
          JSON.stringify(input.definition),
          familyId,
          decision.version,
          meta.actor.personId,
          meta.now,
        ),
      // Schedules move to the new version for the periods they open from now on.
      db
        .prepare(
          "update reporting_schedules set form_id = ?, updated_at = ? where form_id in (select id from report_forms where coalesce(family_id, id) = ? and id <> ?)",
        )
        .bind(id, meta.now, familyId, id),
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
