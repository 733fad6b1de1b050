/**
 * The report forms' queries (the only place they live). A version is an immutable row of its
 * family (`coalesce(family_id, id)`); reads and writes are Drizzle's query builder, with the
 * family expression and the "latest of its family" subquery as SQL fragments. Decisions are in
 * forms.service.ts.
 */
import { and, count, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { columnsOf, orm, statementOf } from "../../db/client";
import {
  directives,
  indicators,
  organisations,
  people,
  periods,
  reportForms,
  reportingSchedules,
} from "../../db/schema";
import { type FormDefinition, parseFormDefinition } from "../../domain/form";

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

/** The directive a form belongs to, with the organisation that manages it. */
export interface FormDirective {
  id: string;
  code: string;
  organisationId: string | null;
  organisationPath: string | null;
}

/** A version's family: the id of its first version (older rows have no `family_id`). */
const familyOf = sql<string>`coalesce(${reportForms.familyId}, ${reportForms.id})`;

const FORM_FIELDS = {
  id: reportForms.id,
  familyId: familyOf,
  ...columnsOf(reportForms, "version", "name", "directiveId"),
  directiveCode: directives.code,
  organisationId: directives.organisationId,
  organisationPath: organisations.path,
  definitionText: reportForms.definition,
  createdAt: reportForms.createdAt,
  createdByName: people.fullName,
};

function selectForms(db: D1Database) {
  return orm(db)
    .select(FORM_FIELDS)
    .from(reportForms)
    .innerJoin(directives, eq(directives.id, reportForms.directiveId))
    .leftJoin(organisations, eq(organisations.id, directives.organisationId))
    .leftJoin(people, eq(people.id, reportForms.createdBy));
}

const withDefinition = (r: Omit<FormVersionRow, "definition">): FormVersionRow => ({
  ...r,
  definition: parseFormDefinition(r.definitionText),
});

/** The latest version of every form (of one directive, or all), at most 200. */
export async function listFormFamilies(db: D1Database, directiveId?: string): Promise<FormVersionRow[]> {
  const latestOfFamily = sql`${reportForms.version} = (select max(g.version) from report_forms g
    where coalesce(g.family_id, g.id) = ${familyOf})`;
  const rows = await selectForms(db)
    .where(
      directiveId === undefined
        ? latestOfFamily
        : and(eq(reportForms.directiveId, directiveId), latestOfFamily),
    )
    .orderBy(desc(directives.issuedOn), reportForms.name)
    .limit(200);
  return rows.map(withDefinition);
}

export async function loadFormVersion(db: D1Database, id: string): Promise<FormVersionRow | null> {
  const [row] = await selectForms(db).where(eq(reportForms.id, id));
  return row ? withDefinition(row) : null;
}

/** A family's versions, newest first (at most 100), each with the number of periods using it. */
export async function listVersions(
  db: D1Database,
  familyId: string,
): Promise<(FormVersionRow & { periodCount: number })[]> {
  const rows = await selectForms(db)
    .where(eq(familyOf, familyId))
    .orderBy(desc(reportForms.version))
    .limit(100);
  const counts = await orm(db)
    .select({ formId: periods.formId, n: count() })
    .from(periods)
    .where(
      inArray(
        periods.formId,
        orm(db).select({ id: reportForms.id }).from(reportForms).where(eq(familyOf, familyId)),
      ),
    )
    .groupBy(periods.formId);
  const byId = new Map(counts.map((c) => [c.formId, c.n]));
  return rows.map((r) => ({ ...withDefinition(r), periodCount: byId.get(r.id) ?? 0 }));
}

export async function latestVersion(db: D1Database, familyId: string): Promise<FormVersionRow | null> {
  const [row] = await selectForms(db)
    .where(eq(familyOf, familyId))
    .orderBy(desc(reportForms.version))
    .limit(1);
  return row ? withDefinition(row) : null;
}

export async function findDirective(db: D1Database, id: string): Promise<FormDirective | null> {
  const [row] = await orm(db)
    .select({
      ...columnsOf(directives, "id", "code", "organisationId"),
      organisationPath: organisations.path,
    })
    .from(directives)
    .leftJoin(organisations, eq(organisations.id, directives.organisationId))
    .where(eq(directives.id, id));
  return row ?? null;
}

/** The codes of the directive's indicators. */
export async function indicatorCodes(db: D1Database, directiveId: string): Promise<string[]> {
  const rows = await orm(db)
    .select({ code: indicators.code })
    .from(indicators)
    .where(eq(indicators.directiveId, directiveId));
  return rows.map((r) => r.code);
}

export interface NewFormVersion {
  id: string;
  directiveId: string;
  name: string;
  definition: FormDefinition;
  familyId: string;
  version: number;
  createdBy: string | null;
  createdAt: number;
}

export function insertFormVersion(db: D1Database, v: NewFormVersion): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .insert(reportForms)
      .values({ ...v, definition: JSON.stringify(v.definition) }),
  );
}

/** The family's schedules move to version `id` (for the periods they open from now on). */
export function moveSchedulesStatement(
  db: D1Database,
  familyId: string,
  id: string,
  now: number,
): D1PreparedStatement {
  const olderVersions = orm(db)
    .select({ id: reportForms.id })
    .from(reportForms)
    .where(and(eq(familyOf, familyId), ne(reportForms.id, id)));
  return statementOf(
    db,
    orm(db)
      .update(reportingSchedules)
      .set({ formId: id, updatedAt: now })
      .where(inArray(reportingSchedules.formId, olderVersions)),
  );
}
