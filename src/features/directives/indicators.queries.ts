/**
 * Indicators and their targets per organisation and year (the only place their queries live).
 * Decisions are in setup.service.ts.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { columnsOf, orm, statementOf } from "../../db/client";
import { withOrganisationOf } from "../../db/joins";
import { directiveSections, indicators, indicatorTargets, organisations } from "../../db/schema";
import type { IndicatorInput, TargetInput, TargetOnPath } from "../../domain/directive-registration";

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

const INDICATOR_FIELDS = {
  ...columnsOf(indicators, "id", "directiveId", "code", "name", "unit", "valueKind", "aggregation"),
  sectionNumber: directiveSections.number,
  ...columnsOf(indicators, "baselineValue", "baselineYear", "minValue", "maxValue"),
};
function selectIndicators(db: D1Database) {
  return orm(db)
    .select(INDICATOR_FIELDS)
    .from(indicators)
    .leftJoin(directiveSections, eq(directiveSections.id, indicators.sectionId));
}

export async function listIndicators(db: D1Database, directiveId: string): Promise<StoredIndicator[]> {
  return selectIndicators(db).where(eq(indicators.directiveId, directiveId)).orderBy(asc(indicators.code));
}

export async function loadIndicator(db: D1Database, id: string): Promise<StoredIndicator | null> {
  const [row] = await selectIndicators(db).where(eq(indicators.id, id));
  return row ?? null;
}

/** The id of the directive's section or indicator whose `key` (its number, its code) is `value`, or null. */
async function idInDirective(
  db: D1Database,
  table: typeof directiveSections | typeof indicators,
  directiveId: string,
  key: SQLiteColumn,
  value: string | number,
) {
  const [row] = await orm(db)
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.directiveId, directiveId), eq(key, value)));
  return row ?? null;
}

export const sectionIdByNumber = (db: D1Database, directiveId: string, number: number) =>
  idInDirective(db, directiveSections, directiveId, directiveSections.number, number);

export const indicatorIdByCode = (db: D1Database, directiveId: string, code: string) =>
  idInDirective(db, indicators, directiveId, indicators.code, code);

/** Updates the indicator `id` when it `exists`, else inserts it. */
export function indicatorSave(
  db: D1Database,
  id: string,
  exists: boolean,
  directiveId: string,
  sectionId: string | null,
  input: IndicatorInput,
) {
  const values = {
    sectionId,
    ...columnsOf(input, "name", "unit", "valueKind", "aggregation"),
    baselineValue: input.baselineValue ?? null,
    baselineYear: input.baselineYear ?? null,
    minValue: input.minValue ?? null,
    maxValue: input.maxValue ?? null,
  };
  return exists
    ? statementOf(db, orm(db).update(indicators).set(values).where(eq(indicators.id, id)))
    : statementOf(
        db,
        orm(db)
          .insert(indicators)
          .values({ ...values, id, directiveId, code: input.code }),
      );
}

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
  const query = orm(db)
    .select({
      ...columnsOf(indicatorTargets, "indicatorId", "organisationId"),
      organisationName: organisations.name,
      ...columnsOf(indicatorTargets, "year", "value", "comparator", "note"),
    })
    .from(indicatorTargets)
    .innerJoin(indicators, eq(indicators.id, indicatorTargets.indicatorId))
    .$dynamic();
  return withOrganisationOf(query, indicatorTargets.organisationId)
    .where(eq(indicators.directiveId, directiveId))
    .orderBy(
      asc(indicators.code),
      asc(organisations.level),
      asc(organisations.sortOrder),
      asc(indicatorTargets.year),
    );
}

export function targetUpsert(db: D1Database, indicatorId: string, target: TargetInput) {
  return statementOf(
    db,
    orm(db)
      .insert(indicatorTargets)
      .values({
        indicatorId,
        organisationId: target.organisationId,
        year: target.year,
        value: target.value,
        comparator: target.comparator,
        note: target.note ?? null,
      })
      .onConflictDoUpdate({
        target: [indicatorTargets.indicatorId, indicatorTargets.organisationId, indicatorTargets.year],
        set: {
          value: sql`excluded.value`,
          comparator: sql`excluded.comparator`,
          note: sql`excluded.note`,
        },
      }),
  );
}

export function targetDelete(db: D1Database, indicatorId: string, organisationId: string, year: number) {
  return statementOf(
    db,
    orm(db)
      .delete(indicatorTargets)
      .where(
        and(
          eq(indicatorTargets.indicatorId, indicatorId),
          eq(indicatorTargets.organisationId, organisationId),
          eq(indicatorTargets.year, year),
        ),
      )
      .returning({ year: indicatorTargets.year }),
  );
}

/** The targets of an indicator set for the organisation at `orgPath` and for its ancestors. */
export async function targetsOnPath(
  db: D1Database | D1DatabaseSession,
  indicatorId: string,
  orgPath: string,
): Promise<TargetOnPath[]> {
  const query = orm(db)
    .select({
      organisationId: indicatorTargets.organisationId,
      organisationName: organisations.name,
      level: organisations.level,
      ...columnsOf(indicatorTargets, "year", "value", "comparator"),
    })
    .from(indicatorTargets)
    .$dynamic();
  return withOrganisationOf(query, indicatorTargets.organisationId).where(
    and(
      eq(indicatorTargets.indicatorId, indicatorId),
      sql`substr(${orgPath}, 1, length(${organisations.path})) = ${organisations.path}`,
    ),
  );
}
