/**
 * The reporting schedules' decisions: who sees which schedule (and which of its periods), the
 * checks before a schedule is created or changed (references, and `directive.manage` on its
 * scope root and reviewer), the change with its audit in one batch, and the periods a rule
 * would open (`periodsBetween`, deadlines by the working calendar's one rule).
 */
import { auditStatement } from "../../audit";
import { loadOrg, type OrgRef } from "../../auth/guard";
import { type ActionScope, COMMISSION_ROLES, type Principal, scopeFor } from "../../auth/policy";
import { loadCalendar } from "../../db/calendar";
import { ORGANISATION_KINDS, type OrganisationKind } from "../../db/schema";
import { deadlineOf, formatDeadline } from "../../domain/deadline";
import { type PeriodSpec, periodsBetween, type ScheduleRule } from "../../domain/periods";
import { ruleOf } from "../../domain/schedule-rule";
import { addDays } from "../../domain/time";
import { newId } from "../../ids";
import { type FieldError, forbidden, invalidFields, notFound } from "../../platform/errors";
import {
  latestPeriods,
  loadSchedule,
  obligationCounts,
  type PeriodRow,
  referencesOf,
  type ScheduleColumns,
  type ScheduleRow,
  saveScheduleStatement,
  schedulesWithReportsIn,
} from "./schedules.queries";
import type { ScheduleInput } from "./schedules.schemas";

export type { PeriodRow, ScheduleRow } from "./schedules.queries";

/** Who changes a schedule, from where. */
export interface ScheduleActor {
  personId: string;
  kind: Principal["kind"];
  ip: string | null;
}

/**
 * The route layer's check of `directive.manage` on an organisation (throws when refused, records
 * the authorization on the request); the service decides which organisations it must hold on.
 */
export type ManageCheck = (org: OrgRef | null) => void;

/** The input as stored: its rule as `ruleOf` reads it, the kinds as JSON. */
function columnsOfInput(v: ScheduleInput): ScheduleColumns {
  return { ...v, ...ruleOf(v), scopeKinds: JSON.stringify(v.scopeKinds) };
}

export function parseKinds(text: string): OrganisationKind[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((k): k is OrganisationKind => ORGANISATION_KINDS.includes(k)) : [];
  } catch {
    return [];
  }
}

/** A stored schedule's input: its optional dates are always there (null when not set). */
export type StoredScheduleInput = ScheduleInput & {
  endsOn: string | null;
  oneOffCutoffStart: string | null;
  oneOffCutoffEnd: string | null;
};

/** A stored schedule as the input that would make it. */
export function inputOf(row: ScheduleRow): StoredScheduleInput {
  return {
    name: row.name,
    directiveId: row.directiveId,
    frequency: row.frequency,
    reportKind: row.reportKind,
    dueRuleKind: row.dueRuleKind,
    dueRuleDays: row.dueRuleDays,
    scopeRootId: row.scopeRootId,
    scopeKinds: parseKinds(row.scopeKinds),
    reviewerOrganisationId: row.reviewerOrganisationId,
    formId: row.formId,
    policyId: row.policyId,
    reporterMaySubmit: row.reporterMaySubmit,
    lowerCommissionsMayComment: row.lowerCommissionsMayComment,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    oneOffCutoffStart: row.oneOffCutoffStart,
    oneOffCutoffEnd: row.oneOffCutoffEnd,
    active: row.active,
  };
}

/** A period to come, with its deadline as people read it (a day off moves it: one rule). */
export type PreviewPeriod = PeriodSpec & { dueText: string };

/** The next periods of a rule from `today` (at most `limit`; a one-off schedule has its one window). */
export async function upcomingPeriods(
  db: D1Database,
  rule: ScheduleRule,
  today: string,
  limit = 6,
): Promise<PreviewPeriod[]> {
  const calendar = await loadCalendar(db);
  const withDeadline = (periods: PeriodSpec[]) =>
    periods.map((p) => ({ ...p, dueText: formatDeadline(deadlineOf(p.dueOn, calendar), calendar) }));
  if (rule.frequency === "one_off") {
    const end = rule.oneOffCutoffEnd!;
    return withDeadline(periodsBetween(rule, end, end, calendar));
  }
  const from = rule.startsOn > today ? rule.startsOn : today;
  return withDeadline(periodsBetween(rule, from, addDays(from, 3 * 366), calendar).slice(0, limit));
}

/** Referenced rows must exist (a foreign key failure would otherwise be a 500). */
async function checkReferences(db: D1Database, v: ScheduleInput): Promise<void> {
  const row = await referencesOf(db, v);
  const errors: FieldError[] = [];
  if (!row?.directive) errors.push({ field: "directiveId", message: "Không tìm thấy chỉ thị" });
  if (!row?.root) errors.push({ field: "scopeRootId", message: "Không tìm thấy tổ chức" });
  if (!row?.reviewer)
    errors.push({ field: "reviewerOrganisationId", message: "Không tìm thấy cơ quan xem xét" });
  if (!row?.formDirective) errors.push({ field: "formId", message: "Không tìm thấy biểu mẫu" });
  else if (row.directive && row.formDirective !== v.directiveId) {
    errors.push({ field: "formId", message: "Biểu mẫu không thuộc chỉ thị đã chọn" });
  }
  if (!row?.policy) errors.push({ field: "policyId", message: "Không tìm thấy chính sách nhắc" });
  if (errors.length > 0) throw invalidFields(errors);
}

/** The schedule's row (new, or `existing` changed) and its audit event, in one batch. */
async function writeSchedule(
  db: D1Database,
  id: string,
  existing: ScheduleRow | null,
  v: ScheduleInput,
  actor: ScheduleActor,
  now: number,
): Promise<string> {
  await db.batch([
    saveScheduleStatement(db, id, existing !== null, columnsOfInput(v), now),
    auditStatement(db, {
      at: now,
      actorPersonId: actor.personId,
      actorKind: actor.kind,
      action: existing ? "schedule.updated" : "schedule.created",
      entityType: "reporting_schedule",
      entityId: id,
      organisationId: v.scopeRootId,
      data: existing ? { before: inputOf(existing), after: v } : v,
      ip: actor.ip,
    }),
  ]);
  return id;
}

/** Creates a schedule (references checked, then `directive.manage` on its scope root and reviewer). */
export async function createSchedule(
  db: D1Database,
  v: ScheduleInput,
  actor: ScheduleActor,
  mayManage: ManageCheck,
  now: number,
): Promise<string> {
  await checkReferences(db, v);
  mayManage(await loadOrg(db, v.scopeRootId));
  mayManage(await loadOrg(db, v.reviewerOrganisationId));
  return writeSchedule(db, newId("sch_"), null, v, actor, now);
}

/** Changes a schedule: both its current and its new scope must be the editor's to manage. */
export async function updateSchedule(
  db: D1Database,
  id: string,
  v: ScheduleInput,
  actor: ScheduleActor,
  mayManage: ManageCheck,
  now: number,
): Promise<string> {
  const existing = await loadSchedule(db, id);
  if (!existing) throw notFound("Không tìm thấy chế độ báo cáo");
  mayManage(await loadOrg(db, existing.scopeRootId));
  await checkReferences(db, v);
  mayManage(await loadOrg(db, v.scopeRootId));
  mayManage(await loadOrg(db, v.reviewerOrganisationId));
  return writeSchedule(db, id, existing, v, actor, now);
}

/**
 * What of the schedules a person sees follows the dashboard's scope (`dashboard.read`): someone
 * covering a schedule's whole scope sees it all; someone covering only part of it (a province's
 * staff, a commune's secretary) sees the schedule only if it has reports in their part, and then
 * only the periods and counts of that part. The Commission that reviews a schedule sees it too.
 */
export interface ScheduleScope {
  principal: Principal | null;
  dashboard: ActionScope;
}

export function scheduleScopeOf(principal: Principal | null): ScheduleScope {
  return { principal, dashboard: scopeFor(principal, "dashboard.read") };
}

function coversWhole(scope: ScheduleScope, row: ScheduleRow): boolean {
  const d = scope.dashboard;
  const rootPath = row.scopeRootPath ?? "";
  if (d.global || d.subtrees.some((p) => rootPath.startsWith(p)) || d.exact.includes(row.scopeRootId)) {
    return true;
  }
  // The reviewer's staff follow every report sent to them.
  return (scope.principal?.grants ?? []).some(
    (g) => COMMISSION_ROLES.has(g.role) && g.organisationId === row.reviewerOrganisationId,
  );
}

/** The schedules (of `rows`) this person may see: whole, or through reports in their scope. */
export async function visibleSchedules(
  db: D1Database,
  scope: ScheduleScope,
  rows: ScheduleRow[],
): Promise<ScheduleRow[]> {
  const partial = rows.filter((r) => !coversWhole(scope, r));
  if (partial.length === 0) return rows;
  const withReports = await schedulesWithReportsIn(
    db,
    partial.map((r) => r.id),
    scope.dashboard,
  );
  return rows.filter((r) => coversWhole(scope, r) || withReports.has(r.id));
}

/** The schedule with id `id` if this person may see it; not found when unknown, forbidden when out of scope. */
export async function visibleSchedule(
  db: D1Database,
  principal: Principal | null,
  id: string,
): Promise<{ row: ScheduleRow; scope: ScheduleScope }> {
  const row = await loadSchedule(db, id);
  if (!row) throw notFound("Không tìm thấy chế độ báo cáo");
  const scope = scheduleScopeOf(principal);
  const [visible] = await visibleSchedules(db, scope, [row]);
  if (!visible) throw forbidden();
  return { row, scope };
}

/**
 * Periods of the given schedules, newest first, with their obligation counts. For a schedule the
 * person covers only in part, the counts are of their part and only periods with reports there
 * are listed.
 */
export async function periodsOf(
  db: D1Database,
  scope: ScheduleScope,
  schedules: ScheduleRow[],
  perSchedule: number,
): Promise<PeriodRow[]> {
  if (schedules.length === 0) return [];
  const partial = new Set(schedules.filter((r) => !coversWhole(scope, r)).map((r) => r.id));
  const results = await latestPeriods(
    db,
    schedules.map((r) => r.id),
    partial.size > 0 ? 1000 : perSchedule,
  );
  if (results.length === 0) return [];
  const whole = results.filter((r) => !partial.has(r.scheduleId));
  const part = results.filter((r) => partial.has(r.scheduleId));
  const counts = [
    ...(await obligationCounts(
      db,
      whole.map((r) => r.id),
      null,
    )),
    ...(await obligationCounts(
      db,
      part.map((r) => r.id),
      scope.dashboard,
    )),
  ];
  const byId = new Map(counts.map((r) => [r.periodId, r]));
  const perScheduleSeen = new Map<string, number>();
  const out: PeriodRow[] = [];
  for (const r of results) {
    const n = byId.get(r.id);
    const isPartial = partial.has(r.scheduleId);
    if (isPartial && !n) continue;
    const seen = perScheduleSeen.get(r.scheduleId) ?? 0;
    if (seen >= perSchedule) continue;
    perScheduleSeen.set(r.scheduleId, seen + 1);
    out.push({
      ...r,
      obligationCount: isPartial ? (n?.total ?? 0) : r.obligationCount,
      submitted: n?.submitted ?? 0,
      accepted: n?.accepted ?? 0,
    });
  }
  return out;
}

/** Whether this person may manage schedules anywhere (sees the form and the "add" link). */
export function mayManageAny(principal: Principal | null): boolean {
  const s = scopeFor(principal, "directive.manage");
  return s.global || s.subtrees.length > 0 || s.exact.length > 0;
}

/** Whether this person may manage schedules rooted at `root` (edits them). */
export function mayManageRoot(principal: Principal | null, root: OrgRef | null): boolean {
  const s = scopeFor(principal, "directive.manage");
  return (
    root !== null &&
    (s.global || s.subtrees.some((p) => root.path.startsWith(p)) || s.exact.includes(root.id))
  );
}

/** The schedule to edit: not found when unknown, forbidden unless this person manages its scope root. */
export async function editableSchedule(
  db: D1Database,
  principal: Principal | null,
  id: string,
): Promise<ScheduleRow> {
  const row = await loadSchedule(db, id);
  if (!row) throw notFound("Không tìm thấy chế độ báo cáo");
  const root = await loadOrg(db, row.scopeRootId);
  if (!root || !scopeFor(principal, "directive.manage").global) {
    // Only someone who may manage the scope root edits it (administrators, by the policy).
    const s = scopeFor(principal, "directive.manage");
    if (!root || !(s.subtrees.some((p) => root.path.startsWith(p)) || s.exact.includes(root.id)))
      throw forbidden();
  }
  return row;
}
