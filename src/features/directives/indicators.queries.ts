/**
 * Indicators and their targets per organisation and year (the only place their queries live).
 * Decisions are in setup.service.ts.
 */
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

export async function sectionIdByNumber(db: D1Database, directiveId: string, number: number) {
  return db
    .prepare("select id from directive_sections where directive_id = ? and number = ?")
    .bind(directiveId, number)
    .first<{ id: string }>();
}

export async function indicatorIdByCode(db: D1Database, directiveId: string, code: string) {
  return db
    .prepare("select id from indicators where directive_id = ? and code = ?")
    .bind(directiveId, code)
    .first<{ id: string }>();
}

/** Updates the indicator `id` when it `exists`, else inserts it. */
export function indicatorSave(
  db: D1Database,
  id: string,
  exists: boolean,
  directiveId: string,
  sectionId: string | null,
  input: IndicatorInput,
) {
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
  return exists
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
        .bind(...values, id, directiveId, input.code);
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

export function targetUpsert(db: D1Database, indicatorId: string, target: TargetInput) {
  return db
    .prepare(
      `insert into indicator_targets (indicator_id, organisation_id, year, value, comparator, note) values (?, ?, ?, ?, ?, ?)
         on conflict(indicator_id, organisation_id, year) do update set value = excluded.value,
           comparator = excluded.comparator, note = excluded.note`,
    )
    .bind(
      indicatorId,
      target.organisationId,
      target.year,
      target.value,
      target.comparator,
      target.note ?? null,
    );
}

export function targetDelete(db: D1Database, indicatorId: string, organisationId: string, year: number) {
  return db
    .prepare(
      "delete from indicator_targets where indicator_id = ? and organisation_id = ? and year = ? returning year",
    )
    .bind(indicatorId, organisationId, year);
}

/** The targets of an indicator set for the organisation at `orgPath` and for its ancestors. */
export async function targetsOnPath(
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
  return results;
}
