/**
 * The reporting schedules' queries (the only place they live). Ordinary single-table reads and
 * writes are Drizzle's query builder; the joins that name a schedule's organisations, form and
 * policy, the scope-filtered reads and the per-period counts stay SQL. Decisions are in
 * schedules.service.ts.
 */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { orm, statementOf } from "../../db/client";
import {
  directives,
  escalationPolicies,
  organisations,
  reportForms,
  reportingSchedules,
} from "../../db/schema";
import type { ScheduleInput } from "./schedules.schemas";

/** A schedule as read with the names of what it refers to (`SCHEDULE_SELECT`). */
export interface ScheduleRow {
  id: string;
  directive_id: string;
  name: string;
  frequency: ScheduleInput["frequency"];
  report_kind: ScheduleInput["reportKind"];
  due_rule_kind: ScheduleInput["dueRuleKind"];
  due_rule_days: number;
  scope_root_id: string;
  scope_kinds: string;
  reviewer_organisation_id: string;
  form_id: string;
  policy_id: string;
  reporter_may_submit: number;
  lower_commissions_may_comment: number;
  scope_root_path?: string;
  starts_on: string;
  ends_on: string | null;
  one_off_cutoff_start: string | null;
  one_off_cutoff_end: string | null;
  active: number;
  updated_at: number;
  scope_root_name?: string;
  reviewer_name?: string;
  form_name?: string;
  policy_name?: string;
  directive_code?: string;
}

/** A period of a schedule with its obligation counts. */
export interface PeriodRow {
  id: string;
  schedule_id: string;
  label: string;
  cutoff_start: string;
  cutoff_end: string;
  due_on: string;
  opens_on: string;
  status: string;
  obligation_count: number;
  submitted: number;
  accepted: number;
}

const SCHEDULE_SELECT = `select s.*, root.name as scope_root_name, root.path as scope_root_path, rev.name as reviewer_name, f.name as form_name,
    ep.name as policy_name, d.code as directive_code
  from reporting_schedules s join organisations root on root.id = s.scope_root_id
  join organisations rev on rev.id = s.reviewer_organisation_id join report_forms f on f.id = s.form_id
  join escalation_policies ep on ep.id = s.policy_id join directives d on d.id = s.directive_id`;

export async function loadSchedule(db: D1Database, id: string): Promise<ScheduleRow | null> {
  return db.prepare(`${SCHEDULE_SELECT} where s.id = ?`).bind(id).first<ScheduleRow>();
}

/** At most 200 schedules, by name (`"name"`) or active ones first (`"active-first"`). */
export async function listSchedules(db: D1Database, order: "name" | "active-first"): Promise<ScheduleRow[]> {
  const orderBy = order === "name" ? "s.name" : "s.active desc, s.name";
  const { results } = await db.prepare(`${SCHEDULE_SELECT} order by ${orderBy} limit 200`).all<ScheduleRow>();
  return results;
}

/** What a schedule refers to, counted in one read (a foreign key failure would otherwise be a 500). */
export async function referencesOf(
  db: D1Database,
  v: ScheduleInput,
): Promise<{
  directive: number;
  root: number;
  reviewer: number;
  form_directive: string | null;
  policy: number;
} | null> {
  return db
    .prepare(
      `select (select count(*) from directives where id = ?1) as directive,
              (select count(*) from organisations where id = ?2 and closed_on is null) as root,
              (select count(*) from organisations where id = ?3 and closed_on is null) as reviewer,
              (select directive_id from report_forms where id = ?4) as form_directive,
              (select count(*) from escalation_policies where id = ?5) as policy`,
    )
    .bind(v.directiveId, v.scopeRootId, v.reviewerOrganisationId, v.formId, v.policyId)
    .first<{
      directive: number;
      root: number;
      reviewer: number;
      form_directive: string | null;
      policy: number;
    }>();
}

function columnsOf(v: ScheduleInput) {
  return {
    directiveId: v.directiveId,
    name: v.name,
    frequency: v.frequency,
    reportKind: v.reportKind,
    dueRuleKind: v.dueRuleKind,
    dueRuleDays: v.dueRuleDays,
    scopeRootId: v.scopeRootId,
    scopeKinds: JSON.stringify(v.scopeKinds),
    reviewerOrganisationId: v.reviewerOrganisationId,
    formId: v.formId,
    policyId: v.policyId,
    reporterMaySubmit: v.reporterMaySubmit,
    lowerCommissionsMayComment: v.lowerCommissionsMayComment,
    startsOn: v.startsOn,
    endsOn: v.endsOn ?? null,
    oneOffCutoffStart: v.frequency === "one_off" ? (v.oneOffCutoffStart ?? null) : null,
    oneOffCutoffEnd: v.frequency === "one_off" ? (v.oneOffCutoffEnd ?? null) : null,
    active: v.active,
  };
}

/** Adds a schedule (the audit goes in the same batch). */
export function insertScheduleStatement(
  db: D1Database,
  id: string,
  v: ScheduleInput,
  now: number,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .insert(reportingSchedules)
      .values({ id, ...columnsOf(v), createdAt: now, updatedAt: now }),
  );
}

/** Changes a schedule (the audit goes in the same batch). */
export function updateScheduleStatement(
  db: D1Database,
  id: string,
  v: ScheduleInput,
  now: number,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .update(reportingSchedules)
      .set({ ...columnsOf(v), updatedAt: now })
      .where(eq(reportingSchedules.id, id)),
  );
}

/** Of the schedules `ids`, those with reports from organisations matching `where` (alias `org`). */
export async function schedulesWithReportsIn(
  db: D1Database,
  ids: string[],
  where: { sql: string; params: string[] },
): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `select distinct p.schedule_id from obligations o join periods p on p.id = o.period_id
       join organisations org on org.id = o.organisation_id
       where p.schedule_id in (${ids.map(() => "?").join(",")}) and ${where.sql}`,
    )
    .bind(...ids, ...where.params)
    .all<{ schedule_id: string }>();
  return new Set(results.map((r) => r.schedule_id));
}

/** The newest `perSchedule` periods of each schedule, newest first (without counts). */
export async function latestPeriods(
  db: D1Database,
  scheduleIds: string[],
  perSchedule: number,
): Promise<Omit<PeriodRow, "submitted" | "accepted">[]> {
  const { results } = await db
    .prepare(
      `select * from (
         select p.id, p.schedule_id, p.label, p.cutoff_start, p.cutoff_end, p.due_on, p.opens_on, p.status,
                p.obligation_count,
                row_number() over (partition by p.schedule_id order by p.cutoff_end desc) as rn
         from periods p where p.schedule_id in (${scheduleIds.map(() => "?").join(",")})
       ) where rn <= ? order by schedule_id, cutoff_end desc`,
    )
    .bind(...scheduleIds, perSchedule)
    .all<Omit<PeriodRow, "submitted" | "accepted">>();
  return results;
}

/** Obligations of the periods `ids` from organisations matching `where` (alias `org`), counted. */
export async function obligationCounts(
  db: D1Database,
  ids: string[],
  where: { sql: string; params: string[] },
): Promise<{ period_id: string; total: number; submitted: number; accepted: number }[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(
      `select o.period_id, count(*) as total, sum(o.status in ('submitted','accepted')) as submitted,
              sum(o.status = 'accepted') as accepted
       from obligations o join organisations org on org.id = o.organisation_id
       where o.period_id in (${ids.map(() => "?").join(",")}) and ${where.sql} group by o.period_id`,
    )
    .bind(...ids, ...where.params)
    .all<{ period_id: string; total: number; submitted: number; accepted: number }>();
  return results;
}

/** The newest form of a directive, or null. */
export async function newestFormOf(db: D1Database, directiveId: string): Promise<{ id: string } | null> {
  const [form] = await orm(db)
    .select({ id: reportForms.id })
    .from(reportForms)
    .where(eq(reportForms.directiveId, directiveId))
    .orderBy(desc(reportForms.createdAt), desc(reportForms.version))
    .limit(1);
  return form ?? null;
}

export interface ScheduleOptions {
  directives: { id: string; code: string }[];
  forms: { id: string; name: string }[];
  policies: { id: string; name: string }[];
  roots: { id: string; name: string }[];
  reviewers: { id: string; name: string }[];
}

/** What the schedule form offers to choose from, in one round trip. */
export async function scheduleOptions(db: D1Database): Promise<ScheduleOptions> {
  const q = orm(db);
  const open = isNull(organisations.closedOn);
  const [d, f, p, roots, reviewers] = await db.batch([
    statementOf(
      db,
      q
        .select({ id: directives.id, code: directives.code })
        .from(directives)
        .orderBy(desc(directives.issuedOn))
        .limit(100),
    ),
    // Only the version in force of each form (older versions stay with the periods that used them).
    db.prepare(
      `select f.id, f.name || ' (phiên bản ' || f.version || ')' as name from report_forms f
       where f.version = (select max(g.version) from report_forms g where coalesce(g.family_id, g.id) = coalesce(f.family_id, f.id))
       order by f.name limit 200`,
    ),
    statementOf(
      db,
      q
        .select({ id: escalationPolicies.id, name: escalationPolicies.name })
        .from(escalationPolicies)
        .orderBy(escalationPolicies.name)
        .limit(100),
    ),
    statementOf(
      db,
      q
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(
          and(
            open,
            inArray(organisations.kind, [
              "secretariat",
              "commission",
              "central_committee",
              "provincial_committee",
              "committee",
            ]),
          ),
        )
        .orderBy(organisations.path)
        .limit(500),
    ),
    statementOf(
      db,
      q
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(and(open, eq(organisations.kind, "commission")))
        .orderBy(organisations.path)
        .limit(500),
    ),
  ]);
  return {
    directives: (d?.results ?? []) as ScheduleOptions["directives"],
    forms: (f?.results ?? []) as ScheduleOptions["forms"],
    policies: (p?.results ?? []) as ScheduleOptions["policies"],
    roots: (roots?.results ?? []) as ScheduleOptions["roots"],
    reviewers: (reviewers?.results ?? []) as ScheduleOptions["reviewers"],
  };
}
