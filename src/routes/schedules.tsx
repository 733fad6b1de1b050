/**
 * Reporting schedules (chế độ báo cáo): the regime of a directive (frequency, cut-off, due
 * rule, who reports, who reviews, the form, the escalation policy). Anyone signed in may read
 * them; creating and editing needs `directive.manage` on the scope root and on the reviewing
 * commission (Commission staff for the subtree they follow, and administrators).
 * The engine opens periods automatically from active schedules; a preview here shows the
 * upcoming periods computed by `periodsBetween`.
 */
import { type Context, Hono } from "hono";
import * as z from "zod";
import { auditStatement } from "../audit";
import { authorize, loadOrg, requirePolicy, signedIn } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { type ActionScope, COMMISSION_ROLES, type Principal, scopeFor, scopeSql } from "../auth/policy";
import { clientIp, csrfTokenFor } from "../auth/web";
import { loadCalendar } from "../db/calendar";
import { FREQUENCIES, ORGANISATION_KINDS, type OrganisationKind, REPORT_KINDS } from "../db/schema";
import { deadlineOf, formatDeadline } from "../domain/deadline";
import { type PeriodSpec, periodsBetween, type ScheduleRule } from "../domain/periods";
import { PERIOD_STATUS_LABELS } from "../domain/status-labels";
import { addDays, formatDateVi, localDate } from "../domain/time";
import type { AppEnv } from "../http/context";
import { dateField as sharedDateField } from "../http/date-field";
import { newId } from "../ids";
import { PageStyles } from "../pages/page-styles";
import { AppError, type FieldError, fieldErrorsFromZod, forbidden, notFound } from "../platform/errors";

export const scheduleRoutes = new Hono<AppEnv>();

export const FREQUENCY_LABELS: Record<(typeof FREQUENCIES)[number], string> = {
  monthly: "Hằng tháng",
  quarterly: "Hằng quý",
  semiannual: "6 tháng",
  nine_month: "9 tháng",
  annual: "Hằng năm",
  one_off: "Một lần (có thời gian chốt số liệu riêng)",
};

export const REPORT_KIND_LABELS: Record<(typeof REPORT_KINDS)[number], string> = {
  periodic: "Định kỳ",
  thematic: "Chuyên đề",
  ad_hoc: "Đột xuất",
  interim_review: "Sơ kết",
  final_review: "Tổng kết",
};

const ORG_KIND_LABELS: Record<OrganisationKind, string> = {
  secretariat: "Ban Bí thư",
  commission: "Ban Tuyên giáo và Dân vận",
  central_committee: "Đảng bộ trực thuộc Trung ương",
  provincial_committee: "Tỉnh ủy, thành ủy",
  committee: "Đảng ủy cấp trên cơ sở",
  commune: "Đảng ủy xã, phường",
  association: "Hội, tổ chức thành viên",
  grassroots: "Tổ chức cơ sở đảng",
  state_body: "Cơ quan nhà nước",
};

const DUE_RULE_LABELS = {
  fixed_days: "ngày sau khi chốt số liệu",
  working_days: "ngày làm việc sau khi chốt số liệu",
} as const;

const dateField = sharedDateField;

const idField = (message: string) =>
  z.string({ error: message }).trim().min(1, { error: message }).max(100, { error: message });

export const scheduleSchema = z
  .strictObject({
    name: z
      .string({ error: "Vui lòng nhập tên chế độ báo cáo" })
      .trim()
      .min(1, { error: "Vui lòng nhập tên chế độ báo cáo" })
      .max(300, { error: "Tên dài quá 300 ký tự" }),
    directiveId: idField("Vui lòng chọn chỉ thị"),
    frequency: z.enum(FREQUENCIES, { error: "Vui lòng chọn tần suất báo cáo" }),
    reportKind: z.enum(REPORT_KINDS, { error: "Vui lòng chọn loại báo cáo" }),
    dueRuleKind: z.enum(["fixed_days", "working_days"], { error: "Vui lòng chọn cách tính hạn nộp" }),
    dueRuleDays: z
      .number({ error: "Số ngày phải là một số" })
      .int({ error: "Số ngày phải là số nguyên" })
      .min(0, { error: "Số ngày không được âm" })
      .max(120, { error: "Số ngày tối đa là 120" }),
    scopeRootId: idField("Vui lòng chọn tổ chức gốc của phạm vi báo cáo"),
    scopeKinds: z
      .array(z.enum(ORGANISATION_KINDS, { error: "Loại tổ chức không hợp lệ" }), {
        error: "Vui lòng chọn loại tổ chức phải báo cáo",
      })
      .min(1, { error: "Chọn ít nhất một loại tổ chức phải báo cáo" })
      .max(ORGANISATION_KINDS.length),
    reviewerOrganisationId: idField("Vui lòng chọn cơ quan xem xét báo cáo"),
    formId: idField("Vui lòng chọn biểu mẫu báo cáo"),
    policyId: idField("Vui lòng chọn chính sách nhắc hạn, đôn đốc và báo cáo cấp trên"),
    reporterMaySubmit: z.boolean({ error: "Giá trị phải là đúng hoặc sai" }).default(false),
    /** Commissions below the reviewer may see the review and add remarks (never decide). */
    lowerCommissionsMayComment: z.boolean({ error: "Giá trị phải là đúng hoặc sai" }).default(false),
    startsOn: dateField("Ngày bắt đầu"),
    endsOn: dateField("Ngày kết thúc").nullish(),
    oneOffCutoffStart: dateField("Ngày bắt đầu chốt số liệu").nullish(),
    oneOffCutoffEnd: dateField("Ngày kết thúc chốt số liệu").nullish(),
    active: z.boolean({ error: "Giá trị phải là đúng hoặc sai" }).default(true),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn && v.endsOn < v.startsOn) {
      ctx.addIssue({
        code: "custom",
        path: ["endsOn"],
        message: "Ngày kết thúc phải từ ngày bắt đầu trở đi",
      });
    }
    if (v.frequency === "one_off") {
      if (!v.oneOffCutoffStart) {
        ctx.addIssue({
          code: "custom",
          path: ["oneOffCutoffStart"],
          message: "Báo cáo một lần cần ngày bắt đầu chốt số liệu",
        });
      }
      if (!v.oneOffCutoffEnd) {
        ctx.addIssue({
          code: "custom",
          path: ["oneOffCutoffEnd"],
          message: "Báo cáo một lần cần ngày kết thúc chốt số liệu",
        });
      }
      if (v.oneOffCutoffStart && v.oneOffCutoffEnd && v.oneOffCutoffStart > v.oneOffCutoffEnd) {
        ctx.addIssue({
          code: "custom",
          path: ["oneOffCutoffEnd"],
          message: "Ngày kết thúc chốt số liệu phải từ ngày bắt đầu trở đi",
        });
      }
    }
  });
export type ScheduleInput = z.infer<typeof scheduleSchema>;

const invalid = (fields: FieldError[]) =>
  new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", fields);

function ruleOf(v: ScheduleInput): ScheduleRule {
  return {
    frequency: v.frequency,
    dueRuleKind: v.dueRuleKind,
    dueRuleDays: v.dueRuleDays,
    startsOn: v.startsOn,
    endsOn: v.endsOn ?? null,
    oneOffCutoffStart: v.frequency === "one_off" ? (v.oneOffCutoffStart ?? null) : null,
    oneOffCutoffEnd: v.frequency === "one_off" ? (v.oneOffCutoffEnd ?? null) : null,
    name: v.name,
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
  const row = await db
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
  const errors: FieldError[] = [];
  if (!row?.directive) errors.push({ field: "directiveId", message: "Không tìm thấy chỉ thị" });
  if (!row?.root) errors.push({ field: "scopeRootId", message: "Không tìm thấy tổ chức" });
  if (!row?.reviewer)
    errors.push({ field: "reviewerOrganisationId", message: "Không tìm thấy cơ quan xem xét" });
  if (!row?.form_directive) errors.push({ field: "formId", message: "Không tìm thấy biểu mẫu" });
  else if (row.directive && row.form_directive !== v.directiveId) {
    errors.push({ field: "formId", message: "Biểu mẫu không thuộc chỉ thị đã chọn" });
  }
  if (!row?.policy) errors.push({ field: "policyId", message: "Không tìm thấy chính sách nhắc" });
  if (errors.length > 0) throw invalid(errors);
}

function columns(v: ScheduleInput) {
  return [
    v.directiveId,
    v.name,
    v.frequency,
    v.reportKind,
    v.dueRuleKind,
    v.dueRuleDays,
    v.scopeRootId,
    JSON.stringify(v.scopeKinds),
    v.reviewerOrganisationId,
    v.formId,
    v.policyId,
    v.reporterMaySubmit ? 1 : 0,
    v.lowerCommissionsMayComment ? 1 : 0,
    v.startsOn,
    v.endsOn ?? null,
    v.frequency === "one_off" ? (v.oneOffCutoffStart ?? null) : null,
    v.frequency === "one_off" ? (v.oneOffCutoffEnd ?? null) : null,
    v.active ? 1 : 0,
  ];
}

async function createSchedule(c: Context<AppEnv>, v: ScheduleInput): Promise<string> {
  const db = c.env.DB;
  await checkReferences(db, v);
  authorize(c, "directive.manage", await loadOrg(db, v.scopeRootId));
  authorize(c, "directive.manage", await loadOrg(db, v.reviewerOrganisationId));
  const id = newId("sch_");
  const now = c.var.now;
  const principal = c.var.principal!;
  await db.batch([
    db
      .prepare(
        `insert into reporting_schedules (id, directive_id, name, frequency, report_kind, due_rule_kind, due_rule_days,
           scope_root_id, scope_kinds, reviewer_organisation_id, form_id, policy_id, reporter_may_submit,
           lower_commissions_may_comment, starts_on, ends_on, one_off_cutoff_start, one_off_cutoff_end, active,
           created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(id, ...columns(v), now, now),
    auditStatement(db, {
      at: now,
      actorPersonId: principal.personId,
      actorKind: principal.kind,
      action: "schedule.created",
      entityType: "reporting_schedule",
      entityId: id,
      organisationId: v.scopeRootId,
      data: v,
      ip: clientIp(c),
    }),
  ]);
  return id;
}

interface ScheduleRow {
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

function parseKinds(text: string): OrganisationKind[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((k): k is OrganisationKind => ORGANISATION_KINDS.includes(k)) : [];
  } catch {
    return [];
  }
}

function inputOf(row: ScheduleRow): ScheduleInput {
  return {
    name: row.name,
    directiveId: row.directive_id,
    frequency: row.frequency,
    reportKind: row.report_kind,
    dueRuleKind: row.due_rule_kind,
    dueRuleDays: row.due_rule_days,
    scopeRootId: row.scope_root_id,
    scopeKinds: parseKinds(row.scope_kinds),
    reviewerOrganisationId: row.reviewer_organisation_id,
    formId: row.form_id,
    policyId: row.policy_id,
    reporterMaySubmit: row.reporter_may_submit === 1,
    lowerCommissionsMayComment: row.lower_commissions_may_comment === 1,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    oneOffCutoffStart: row.one_off_cutoff_start,
    oneOffCutoffEnd: row.one_off_cutoff_end,
    active: row.active === 1,
  };
}

const SCHEDULE_SELECT = `select s.*, root.name as scope_root_name, root.path as scope_root_path, rev.name as reviewer_name, f.name as form_name,
    ep.name as policy_name, d.code as directive_code
  from reporting_schedules s join organisations root on root.id = s.scope_root_id
  join organisations rev on rev.id = s.reviewer_organisation_id join report_forms f on f.id = s.form_id
  join escalation_policies ep on ep.id = s.policy_id join directives d on d.id = s.directive_id`;

async function loadSchedule(db: D1Database, id: string): Promise<ScheduleRow | null> {
  return db.prepare(`${SCHEDULE_SELECT} where s.id = ?`).bind(id).first<ScheduleRow>();
}

async function updateSchedule(c: Context<AppEnv>, id: string, v: ScheduleInput): Promise<void> {
  const db = c.env.DB;
  const existing = await loadSchedule(db, id);
  if (!existing) throw notFound("Không tìm thấy chế độ báo cáo");
  // Both the current and the new scope must be the editor's to manage.
  authorize(c, "directive.manage", await loadOrg(db, existing.scope_root_id));
  await checkReferences(db, v);
  authorize(c, "directive.manage", await loadOrg(db, v.scopeRootId));
  authorize(c, "directive.manage", await loadOrg(db, v.reviewerOrganisationId));
  const now = c.var.now;
  const principal = c.var.principal!;
  await db.batch([
    db
      .prepare(
        `update reporting_schedules set directive_id = ?, name = ?, frequency = ?, report_kind = ?, due_rule_kind = ?,
           due_rule_days = ?, scope_root_id = ?, scope_kinds = ?, reviewer_organisation_id = ?, form_id = ?, policy_id = ?,
           reporter_may_submit = ?, lower_commissions_may_comment = ?, starts_on = ?, ends_on = ?, one_off_cutoff_start = ?, one_off_cutoff_end = ?,
           active = ?, updated_at = ? where id = ?`,
      )
      .bind(...columns(v), now, id),
    auditStatement(db, {
      at: now,
      actorPersonId: principal.personId,
      actorKind: principal.kind,
      action: "schedule.updated",
      entityType: "reporting_schedule",
      entityId: id,
      organisationId: v.scopeRootId,
      data: { before: inputOf(existing), after: v },
      ip: clientIp(c),
    }),
  ]);
}

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
  });
}

function parseInput(raw: unknown): ScheduleInput {
  const parsed = scheduleSchema.safeParse(raw);
  if (!parsed.success) throw invalid(fieldErrorsFromZod(parsed.error));
  return parsed.data;
}

function periodJson(p: PeriodSpec) {
  return {
    key: p.key,
    label: p.label,
    cutoffStart: p.cutoffStart,
    cutoffEnd: p.cutoffEnd,
    dueOn: p.dueOn,
    opensOn: p.opensOn,
  };
}

// ---------------------------------------------------------------------------------------------
// JSON API

scheduleRoutes.post("/api/schedules", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const v = parseInput(await readJson(c));
  const id = await createSchedule(c, v);
  const preview = await upcomingPeriods(c.env.DB, ruleOf(v), localDate(c.var.now));
  return c.json({ id, ...v, upcomingPeriods: preview.map(periodJson) }, 201);
});

scheduleRoutes.put("/api/schedules/:id", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const v = parseInput(await readJson(c));
  const id = c.req.param("id");
  await updateSchedule(c, id, v);
  const preview = await upcomingPeriods(c.env.DB, ruleOf(v), localDate(c.var.now));
  return c.json({ id, ...v, upcomingPeriods: preview.map(periodJson) });
});

/** The periods a schedule would have, without saving anything. */
scheduleRoutes.post("/api/schedules/preview", signedIn(), async (c) => {
  const v = parseInput(await readJson(c));
  const preview = await upcomingPeriods(c.env.DB, ruleOf(v), localDate(c.var.now), 12);
  return c.json({ upcomingPeriods: preview.map(periodJson) });
});

interface PeriodRow {
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

/**
 * What of the schedules a person sees follows the dashboard's scope (`dashboard.read`): someone
 * covering a schedule's whole scope sees it all; someone covering only part of it (a province's
 * staff, a commune's secretary) sees the schedule only if it has reports in their part, and then
 * only the periods and counts of that part. The Commission that reviews a schedule sees it too.
 */
interface ScheduleScope {
  principal: Principal | null;
  dashboard: ActionScope;
}

function scheduleScopeOf(principal: Principal | null): ScheduleScope {
  return { principal, dashboard: scopeFor(principal, "dashboard.read") };
}

function coversWhole(scope: ScheduleScope, row: ScheduleRow): boolean {
  const d = scope.dashboard;
  const rootPath = row.scope_root_path ?? "";
  if (d.global || d.subtrees.some((p) => rootPath.startsWith(p)) || d.exact.includes(row.scope_root_id)) {
    return true;
  }
  // The reviewer's staff follow every report sent to them.
  return (scope.principal?.grants ?? []).some(
    (g) => COMMISSION_ROLES.has(g.role) && g.organisationId === row.reviewer_organisation_id,
  );
}

/** The schedules (of `rows`) this person may see: whole, or through reports in their scope. */
async function visibleSchedules(
  db: D1Database,
  scope: ScheduleScope,
  rows: ScheduleRow[],
): Promise<ScheduleRow[]> {
  const partial = rows.filter((r) => !coversWhole(scope, r));
  if (partial.length === 0) return rows;
  const where = scopeSql(scope.dashboard, "org");
  const { results } = await db
    .prepare(
      `select distinct p.schedule_id from obligations o join periods p on p.id = o.period_id
       join organisations org on org.id = o.organisation_id
       where p.schedule_id in (${partial.map(() => "?").join(",")}) and ${where.sql}`,
    )
    .bind(...partial.map((r) => r.id), ...where.params)
    .all<{ schedule_id: string }>();
  const withReports = new Set(results.map((r) => r.schedule_id));
  return rows.filter((r) => coversWhole(scope, r) || withReports.has(r.id));
}

/**
 * Periods of the given schedules, newest first, with their obligation counts. For a schedule the
 * person covers only in part, the counts are of their part and only periods with reports there
 * are listed.
 */
async function periodsOf(
  db: D1Database,
  scope: ScheduleScope,
  schedules: ScheduleRow[],
  perSchedule: number,
): Promise<PeriodRow[]> {
  if (schedules.length === 0) return [];
  const partial = new Set(schedules.filter((r) => !coversWhole(scope, r)).map((r) => r.id));
  const { results } = await db
    .prepare(
      `select * from (
         select p.id, p.schedule_id, p.label, p.cutoff_start, p.cutoff_end, p.due_on, p.opens_on, p.status,
                p.obligation_count,
                row_number() over (partition by p.schedule_id order by p.cutoff_end desc) as rn
         from periods p where p.schedule_id in (${schedules.map(() => "?").join(",")})
       ) where rn <= ? order by schedule_id, cutoff_end desc`,
    )
    .bind(...schedules.map((r) => r.id), partial.size > 0 ? 1000 : perSchedule)
    .all<Omit<PeriodRow, "submitted" | "accepted">>();
  if (results.length === 0) return [];
  const counted = async (ids: string[], where: { sql: string; params: string[] }) => {
    if (ids.length === 0) return [];
    const { results: counts } = await db
      .prepare(
        `select o.period_id, count(*) as total, sum(o.status in ('submitted','accepted')) as submitted,
                sum(o.status = 'accepted') as accepted
         from obligations o join organisations org on org.id = o.organisation_id
         where o.period_id in (${ids.map(() => "?").join(",")}) and ${where.sql} group by o.period_id`,
      )
      .bind(...ids, ...where.params)
      .all<{ period_id: string; total: number; submitted: number; accepted: number }>();
    return counts;
  };
  const whole = results.filter((r) => !partial.has(r.schedule_id));
  const part = results.filter((r) => partial.has(r.schedule_id));
  const counts = [
    ...(await counted(
      whole.map((r) => r.id),
      { sql: "1 = 1", params: [] },
    )),
    ...(await counted(
      part.map((r) => r.id),
      scopeSql(scope.dashboard, "org"),
    )),
  ];
  const byId = new Map(counts.map((r) => [r.period_id, r]));
  const perScheduleSeen = new Map<string, number>();
  const out: PeriodRow[] = [];
  for (const r of results) {
    const n = byId.get(r.id);
    const isPartial = partial.has(r.schedule_id);
    if (isPartial && !n) continue;
    const seen = perScheduleSeen.get(r.schedule_id) ?? 0;
    if (seen >= perSchedule) continue;
    perScheduleSeen.set(r.schedule_id, seen + 1);
    out.push({
      ...r,
      obligation_count: isPartial ? (n?.total ?? 0) : r.obligation_count,
      submitted: n?.submitted ?? 0,
      accepted: n?.accepted ?? 0,
    });
  }
  return out;
}

/** The schedule with id `id` if this person may see it; 404 when unknown, 403 when out of scope. */
async function visibleSchedule(
  c: Context<AppEnv>,
  id: string,
): Promise<{ row: ScheduleRow; scope: ScheduleScope }> {
  const row = await loadSchedule(c.env.DB, id);
  if (!row) throw notFound("Không tìm thấy chế độ báo cáo");
  const scope = scheduleScopeOf(c.var.principal);
  const [visible] = await visibleSchedules(c.env.DB, scope, [row]);
  if (!visible) throw forbidden();
  return { row, scope };
}

scheduleRoutes.get("/api/schedules", signedIn(), async (c) => {
  const { results } = await c.env.DB.prepare(
    `${SCHEDULE_SELECT} order by s.name limit 200`,
  ).all<ScheduleRow>();
  const visible = await visibleSchedules(c.env.DB, scheduleScopeOf(c.var.principal), results);
  return c.json({ schedules: visible.map((r) => ({ id: r.id, ...inputOf(r) })) });
});

scheduleRoutes.get("/api/schedules/:id", signedIn(), async (c) => {
  const { row, scope } = await visibleSchedule(c, c.req.param("id"));
  const periods = await periodsOf(c.env.DB, scope, [row], 100);
  const preview = await upcomingPeriods(c.env.DB, scheduleRuleOf(row), localDate(c.var.now));
  return c.json({
    id: row.id,
    ...inputOf(row),
    periods: periods.map((p) => ({
      id: p.id,
      label: p.label,
      cutoffStart: p.cutoff_start,
      cutoffEnd: p.cutoff_end,
      dueOn: p.due_on,
      opensOn: p.opens_on,
      status: p.status,
      obligationCount: p.obligation_count,
      submitted: p.submitted,
      accepted: p.accepted,
    })),
    upcomingPeriods: preview.map(periodJson),
  });
});

function scheduleRuleOf(row: ScheduleRow): ScheduleRule {
  return ruleOf(inputOf(row));
}

// ---------------------------------------------------------------------------------------------
// Pages

function mayManageAny(c: Context<AppEnv>): boolean {
  const s = scopeFor(c.var.principal, "directive.manage");
  return s.global || s.subtrees.length > 0 || s.exact.length > 0;
}

function PeriodTable(props: { periods: PeriodRow[]; caption: string }) {
  if (props.periods.length === 0) return <p class="muted">Chưa có kỳ báo cáo nào được mở.</p>;
  return (
    <table>
      <caption class="muted">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Kỳ</th>
          <th scope="col">Chốt số liệu</th>
          <th scope="col">Hạn nộp</th>
          <th scope="col">Mở từ</th>
          <th scope="col">Trạng thái</th>
          <th scope="col">Đã nộp / phải nộp</th>
        </tr>
      </thead>
      <tbody>
        {props.periods.map((p) => (
          <tr>
            <td>{p.label}</td>
            <td>
              {formatDateVi(p.cutoff_start)} – {formatDateVi(p.cutoff_end)}
            </td>
            <td>{formatDateVi(p.due_on)}</td>
            <td>{formatDateVi(p.opens_on)}</td>
            <td>{PERIOD_STATUS_LABELS[p.status] ?? p.status}</td>
            <td>
              {p.submitted} / {p.obligation_count}
              {p.accepted > 0 ? <span class="muted"> ({p.accepted} đã tiếp nhận)</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PreviewTable(props: { periods: PreviewPeriod[] }) {
  if (props.periods.length === 0) return <p class="muted">Không còn kỳ báo cáo nào sắp tới.</p>;
  return (
    <table>
      <caption class="muted">Các kỳ sắp tới (dự kiến, tính theo lịch làm việc)</caption>
      <thead>
        <tr>
          <th scope="col">Kỳ</th>
          <th scope="col">Chốt số liệu</th>
          <th scope="col">Hạn nộp</th>
          <th scope="col">Mở từ</th>
        </tr>
      </thead>
      <tbody>
        {props.periods.map((p) => (
          <tr>
            <td>{p.label}</td>
            <td>
              {formatDateVi(p.cutoffStart)} – {formatDateVi(p.cutoffEnd)}
            </td>
            <td>{p.dueText}</td>
            <td>{formatDateVi(p.opensOn)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Summary(props: { row: ScheduleRow }) {
  const r = props.row;
  const kinds = parseKinds(r.scope_kinds);
  return (
    <dl class="grid">
      <div>
        <dt class="muted">Tần suất</dt>
        <dd>
          {FREQUENCY_LABELS[r.frequency]}
          {r.frequency === "one_off" && r.one_off_cutoff_start && r.one_off_cutoff_end
            ? ` (chốt số liệu ${formatDateVi(r.one_off_cutoff_start)} – ${formatDateVi(r.one_off_cutoff_end)})`
            : ""}
        </dd>
      </div>
      <div>
        <dt class="muted">Loại báo cáo</dt>
        <dd>{REPORT_KIND_LABELS[r.report_kind]}</dd>
      </div>
      <div>
        <dt class="muted">Hạn nộp</dt>
        <dd>
          {r.due_rule_days} {DUE_RULE_LABELS[r.due_rule_kind]}
        </dd>
      </div>
      <div>
        <dt class="muted">Đơn vị phải báo cáo</dt>
        <dd>
          {kinds.map((k) => ORG_KIND_LABELS[k]).join(", ")} thuộc {r.scope_root_name}
        </dd>
      </div>
      <div>
        <dt class="muted">Cơ quan xem xét</dt>
        <dd>{r.reviewer_name}</dd>
      </div>
      <div>
        <dt class="muted">Chỉ thị, biểu mẫu</dt>
        <dd>
          {r.directive_code}; <a href={`/bieu-mau/${encodeURIComponent(r.form_id)}`}>{r.form_name}</a>
        </dd>
      </div>
      <div>
        <dt class="muted">Nhắc hạn, đôn đốc và báo cáo cấp trên</dt>
        <dd>
          <a href={`/quy-trinh-nhac/${encodeURIComponent(r.policy_id)}`}>{r.policy_name}</a>
        </dd>
      </div>
      <div>
        <dt class="muted">Hiệu lực</dt>
        <dd>
          Từ {formatDateVi(r.starts_on)}
          {r.ends_on ? ` đến ${formatDateVi(r.ends_on)}` : ""}; {r.active ? "đang áp dụng" : "tạm dừng"};{" "}
          {r.reporter_may_submit ? "người lập báo cáo được nộp" : "chỉ bí thư/văn phòng được nộp"}
        </dd>
      </div>
      <div>
        <dt class="muted">Ban cấp dưới</dt>
        <dd>
          {r.lower_commissions_may_comment
            ? "được xem và góp ý kiến (không tiếp nhận, trả lại)"
            : "không tham gia xem xét"}
        </dd>
      </div>
    </dl>
  );
}

scheduleRoutes.get("/lich-bao-cao", signedIn(), async (c) => {
  const db = c.env.DB;
  const { results: all } = await db
    .prepare(`${SCHEDULE_SELECT} order by s.active desc, s.name limit 200`)
    .all<ScheduleRow>();
  const scope = scheduleScopeOf(c.var.principal);
  const rows = await visibleSchedules(db, scope, all);
  const periods = await periodsOf(db, scope, rows, 4);
  return renderPage(
    c,
    "Chế độ báo cáo",
    <>
      <PageStyles />
      <h1>Chế độ báo cáo</h1>
      {mayManageAny(c) ? (
        <p>
          <a class="button" href="/lich-bao-cao/moi">
            Thêm chế độ báo cáo
          </a>
        </p>
      ) : null}
      {rows.length === 0 ? <p class="muted">Chưa có chế độ báo cáo nào.</p> : null}
      {rows.map((r) => (
        <section class="card" aria-labelledby={`sch-${r.id}`}>
          <h2 id={`sch-${r.id}`}>
            <a href={`/lich-bao-cao/${encodeURIComponent(r.id)}`}>{r.name}</a>
          </h2>
          <Summary row={r} />
          <PeriodTable
            periods={periods.filter((p) => p.schedule_id === r.id)}
            caption="Các kỳ gần đây (mới nhất trước)"
          />
        </section>
      ))}
    </>,
  );
});

// ---- create / edit form

interface Options {
  directives: { id: string; code: string }[];
  forms: { id: string; name: string }[];
  policies: { id: string; name: string }[];
  roots: { id: string; name: string }[];
  reviewers: { id: string; name: string }[];
}

async function loadOptions(db: D1Database): Promise<Options> {
  const [d, f, p, roots, reviewers] = await db.batch([
    db.prepare("select id, code from directives order by issued_on desc limit 100"),
    // Only the version in force of each form (older versions stay with the periods that used them).
    db.prepare(
      `select f.id, f.name || ' (phiên bản ' || f.version || ')' as name from report_forms f
       where f.version = (select max(g.version) from report_forms g where coalesce(g.family_id, g.id) = coalesce(f.family_id, f.id))
       order by f.name limit 200`,
    ),
    db.prepare("select id, name from escalation_policies order by name limit 100"),
    db.prepare(
      `select id, name from organisations where closed_on is null
         and kind in ('secretariat','commission','central_committee','provincial_committee','committee')
       order by path limit 500`,
    ),
    db.prepare(
      "select id, name from organisations where closed_on is null and kind = 'commission' order by path limit 500",
    ),
  ]);
  return {
    directives: (d?.results ?? []) as Options["directives"],
    forms: (f?.results ?? []) as Options["forms"],
    policies: (p?.results ?? []) as Options["policies"],
    roots: (roots?.results ?? []) as Options["roots"],
    reviewers: (reviewers?.results ?? []) as Options["reviewers"],
  };
}

type FormBody = Record<string, string | string[]>;

/** Form fields -> the JSON shape the schema validates (empty optional dates are null). */
function fromForm(body: FormBody): Record<string, unknown> {
  const one = (k: string) => {
    const v = body[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const optionalDate = (k: string) => {
    const v = one(k)?.trim();
    return v ? v : null;
  };
  const days = one("dueRuleDays")?.trim() ?? "";
  const kinds = body.scopeKinds;
  return {
    name: one("name") ?? "",
    directiveId: one("directiveId") ?? "",
    frequency: one("frequency") ?? "",
    reportKind: one("reportKind") ?? "",
    dueRuleKind: one("dueRuleKind") ?? "",
    dueRuleDays: days === "" ? undefined : Number(days),
    scopeRootId: one("scopeRootId") ?? "",
    scopeKinds: kinds === undefined ? [] : Array.isArray(kinds) ? kinds : [kinds],
    reviewerOrganisationId: one("reviewerOrganisationId") ?? "",
    formId: one("formId") ?? "",
    policyId: one("policyId") ?? "",
    reporterMaySubmit: one("reporterMaySubmit") === "on",
    lowerCommissionsMayComment: one("lowerCommissionsMayComment") === "on",
    startsOn: one("startsOn") ?? "",
    endsOn: optionalDate("endsOn"),
    oneOffCutoffStart: optionalDate("oneOffCutoffStart"),
    oneOffCutoffEnd: optionalDate("oneOffCutoffEnd"),
    active: one("active") === "on",
  };
}

interface FormState {
  values: Partial<Record<keyof ScheduleInput, unknown>>;
  errors?: FieldError[];
  preview?: PreviewPeriod[];
}

async function schedulePage(
  c: Context<AppEnv>,
  mode: { kind: "create" } | { kind: "edit"; id: string },
  state: FormState,
  status: 200 | 422 = 200,
) {
  const options = await loadOptions(c.env.DB);
  const csrf = await csrfTokenFor(c);
  const v = state.values;
  const s = (k: keyof ScheduleInput) => (v[k] === undefined || v[k] === null ? "" : String(v[k]));
  const err = (field: string) => state.errors?.find((e) => e.field === field)?.message;
  const invalidAttrs = (field: string) =>
    err(field) ? { "aria-invalid": "true", "aria-describedby": `${field}-error` } : {};
  const ErrorFor = (props: { field: string }) => {
    const m = err(props.field);
    return m ? (
      <p id={`${props.field}-error`} class="error">
        {m}
      </p>
    ) : null;
  };
  const Select = (props: {
    field: keyof ScheduleInput;
    label: string;
    options: { value: string; label: string }[];
  }) => (
    <>
      <label for={props.field}>{props.label}</label>
      <select id={props.field} name={props.field} required {...invalidAttrs(props.field)}>
        <option value="">– Chọn –</option>
        {props.options.map((o) => (
          <option value={o.value} selected={s(props.field) === o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorFor field={props.field} />
    </>
  );
  const kinds = Array.isArray(v.scopeKinds) ? (v.scopeKinds as string[]) : [];
  const title = mode.kind === "create" ? "Thêm chế độ báo cáo" : "Sửa chế độ báo cáo";
  const action = mode.kind === "create" ? "/lich-bao-cao" : `/lich-bao-cao/${encodeURIComponent(mode.id)}`;
  return renderPage(
    c,
    title,
    <>
      <PageStyles />
      <p>
        <a href="/lich-bao-cao">← Chế độ báo cáo</a>
      </p>
      <h1>{title}</h1>
      {state.errors?.length ? (
        <p class="error" role="alert">
          Chưa lưu được: vui lòng sửa các lỗi bên dưới.
        </p>
      ) : null}
      {state.preview ? (
        <section class="card" aria-labelledby="preview">
          <h2 id="preview">Xem trước các kỳ báo cáo</h2>
          <PreviewTable periods={state.preview} />
        </section>
      ) : null}
      <form method="post" action={action} class="card">
        <CsrfField token={csrf} />
        <label for="name">Tên chế độ báo cáo</label>
        <input
          id="name"
          name="name"
          type="text"
          required
          maxlength={300}
          value={s("name")}
          {...invalidAttrs("name")}
        />
        <ErrorFor field="name" />
        <Select
          field="directiveId"
          label="Chỉ thị"
          options={options.directives.map((d) => ({ value: d.id, label: d.code }))}
        />
        <div class="grid">
          <div>
            <Select
              field="frequency"
              label="Tần suất"
              options={FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f] }))}
            />
          </div>
          <div>
            <Select
              field="reportKind"
              label="Loại báo cáo"
              options={REPORT_KINDS.map((k) => ({ value: k, label: REPORT_KIND_LABELS[k] }))}
            />
          </div>
        </div>
        <fieldset>
          <legend>Thời gian chốt số liệu (chỉ cho báo cáo một lần)</legend>
          <div class="grid">
            <div>
              <label for="oneOffCutoffStart">Từ ngày</label>
              <input
                id="oneOffCutoffStart"
                name="oneOffCutoffStart"
                type="date"
                value={s("oneOffCutoffStart")}
                {...invalidAttrs("oneOffCutoffStart")}
              />
              <ErrorFor field="oneOffCutoffStart" />
            </div>
            <div>
              <label for="oneOffCutoffEnd">Đến ngày</label>
              <input
                id="oneOffCutoffEnd"
                name="oneOffCutoffEnd"
                type="date"
                value={s("oneOffCutoffEnd")}
                {...invalidAttrs("oneOffCutoffEnd")}
              />
              <ErrorFor field="oneOffCutoffEnd" />
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend>Hạn nộp</legend>
          <div class="grid">
            <div>
              <label for="dueRuleDays">Số ngày sau khi chốt số liệu</label>
              <input
                id="dueRuleDays"
                name="dueRuleDays"
                type="number"
                min={0}
                max={120}
                step={1}
                required
                value={s("dueRuleDays")}
                {...invalidAttrs("dueRuleDays")}
              />
              <ErrorFor field="dueRuleDays" />
            </div>
            <div>
              <Select
                field="dueRuleKind"
                label="Cách tính"
                options={[
                  { value: "fixed_days", label: "Ngày theo lịch" },
                  { value: "working_days", label: "Ngày làm việc" },
                ]}
              />
            </div>
          </div>
        </fieldset>
        <Select
          field="scopeRootId"
          label="Phạm vi: các đơn vị thuộc tổ chức"
          options={options.roots.map((o) => ({ value: o.id, label: o.name }))}
        />
        <fieldset {...invalidAttrs("scopeKinds")}>
          <legend>Loại tổ chức phải báo cáo</legend>
          {ORGANISATION_KINDS.map((k) => (
            <label for={`kind-${k}`} class="check">
              <input
                id={`kind-${k}`}
                type="checkbox"
                name="scopeKinds"
                value={k}
                checked={kinds.includes(k)}
              />{" "}
              {ORG_KIND_LABELS[k]}
            </label>
          ))}
          <ErrorFor field="scopeKinds" />
        </fieldset>
        <Select
          field="reviewerOrganisationId"
          label="Cơ quan xem xét báo cáo"
          options={options.reviewers.map((o) => ({ value: o.id, label: o.name }))}
        />
        <Select
          field="formId"
          label="Biểu mẫu báo cáo"
          options={options.forms.map((f) => ({ value: f.id, label: f.name }))}
        />
        <Select
          field="policyId"
          label="Chính sách nhắc hạn, đôn đốc và báo cáo cấp trên"
          options={options.policies.map((p) => ({ value: p.id, label: p.name }))}
        />
        <div class="grid">
          <div>
            <label for="startsOn">Áp dụng từ ngày</label>
            <input
              id="startsOn"
              name="startsOn"
              type="date"
              required
              value={s("startsOn")}
              {...invalidAttrs("startsOn")}
            />
            <ErrorFor field="startsOn" />
          </div>
          <div>
            <label for="endsOn">Đến ngày (không bắt buộc)</label>
            <input id="endsOn" name="endsOn" type="date" value={s("endsOn")} {...invalidAttrs("endsOn")} />
            <ErrorFor field="endsOn" />
          </div>
        </div>
        <label for="reporterMaySubmit" class="check">
          <input
            id="reporterMaySubmit"
            type="checkbox"
            name="reporterMaySubmit"
            checked={v.reporterMaySubmit === true}
          />{" "}
          Chuyên viên Văn phòng cấp ủy được nộp (không cần Bí thư hoặc Chánh Văn phòng nộp)
        </label>
        <label for="lowerCommissionsMayComment" class="check">
          <input
            id="lowerCommissionsMayComment"
            type="checkbox"
            name="lowerCommissionsMayComment"
            checked={v.lowerCommissionsMayComment === true}
          />{" "}
          Ban Tuyên giáo và Dân vận cấp dưới được xem và góp ý kiến (chỉ cơ quan xem xét tiếp nhận, trả lại)
        </label>
        <label for="active" class="check">
          <input id="active" type="checkbox" name="active" checked={v.active !== false} /> Đang áp dụng (tự
          động mở các kỳ báo cáo)
        </label>
        <p>
          <button type="submit" name="intent" value="save">
            Lưu
          </button>{" "}
          <button type="submit" name="intent" value="preview" class="secondary">
            Xem trước các kỳ
          </button>
        </p>
      </form>
    </>,
    status,
  );
}

async function handleForm(c: Context<AppEnv>, mode: { kind: "create" } | { kind: "edit"; id: string }) {
  const body = (await c.req.parseBody({ all: true })) as FormBody;
  const raw = fromForm(body);
  const parsed = scheduleSchema.safeParse(raw);
  if (!parsed.success) {
    return schedulePage(c, mode, { values: raw, errors: fieldErrorsFromZod(parsed.error) }, 422);
  }
  const intent = Array.isArray(body.intent) ? body.intent[0] : body.intent;
  if (intent === "preview") {
    if (!mayManageAny(c)) throw forbidden();
    const preview = await upcomingPeriods(c.env.DB, ruleOf(parsed.data), localDate(c.var.now), 12);
    // A preview writes nothing; the form page itself is open to those who may manage schedules.
    c.set("authorized", [...(c.var.authorized ?? []), "directive.manage"]);
    return schedulePage(c, mode, { values: parsed.data, preview });
  }
  try {
    const id = mode.kind === "create" ? await createSchedule(c, parsed.data) : mode.id;
    if (mode.kind === "edit") await updateSchedule(c, mode.id, parsed.data);
    return c.redirect(`/lich-bao-cao/${encodeURIComponent(id)}?da=luu`, 303);
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid") {
      return schedulePage(c, mode, { values: parsed.data, errors: e.fields }, 422);
    }
    throw e;
  }
}

scheduleRoutes.get("/lich-bao-cao/moi", signedIn(), async (c) => {
  if (!mayManageAny(c)) throw forbidden();
  const today = localDate(c.var.now);
  // From a directive's set-up page: the directive (and its newest form) chosen already.
  const directiveId = c.req.query("directiveId")?.slice(0, 64);
  const form = directiveId
    ? await c.env.DB.prepare(
        "select id from report_forms where directive_id = ? order by created_at desc, version desc limit 1",
      )
        .bind(directiveId)
        .first<{ id: string }>()
    : null;
  return schedulePage(
    c,
    { kind: "create" },
    {
      values: {
        frequency: "semiannual",
        reportKind: "periodic",
        dueRuleKind: "fixed_days",
        dueRuleDays: 6,
        scopeKinds: ["provincial_committee", "central_committee"],
        startsOn: today,
        active: true,
        ...(directiveId ? { directiveId } : {}),
        ...(form ? { formId: form.id } : {}),
      },
    },
  );
});

scheduleRoutes.post("/lich-bao-cao", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleForm(c, { kind: "create" }),
);

scheduleRoutes.get("/lich-bao-cao/:id/sua", signedIn(), async (c) => {
  const row = await loadSchedule(c.env.DB, c.req.param("id"));
  if (!row) throw notFound("Không tìm thấy chế độ báo cáo");
  const root = await loadOrg(c.env.DB, row.scope_root_id);
  if (!root || !scopeFor(c.var.principal, "directive.manage").global) {
    // Only someone who may manage the scope root edits it (administrators, by the policy).
    const s = scopeFor(c.var.principal, "directive.manage");
    if (!root || !(s.subtrees.some((p) => root.path.startsWith(p)) || s.exact.includes(root.id)))
      throw forbidden();
  }
  return schedulePage(c, { kind: "edit", id: row.id }, { values: inputOf(row) });
});

scheduleRoutes.post("/lich-bao-cao/:id", requirePolicy("directive.manage", "in-handler"), (c) =>
  handleForm(c, { kind: "edit", id: c.req.param("id") }),
);

scheduleRoutes.get("/lich-bao-cao/:id", signedIn(), async (c) => {
  const db = c.env.DB;
  const { row, scope } = await visibleSchedule(c, c.req.param("id"));
  const periods = await periodsOf(db, scope, [row], 100);
  const preview = await upcomingPeriods(db, scheduleRuleOf(row), localDate(c.var.now));
  const root = await loadOrg(db, row.scope_root_id);
  const s = scopeFor(c.var.principal, "directive.manage");
  const mayEdit =
    root !== null &&
    (s.global || s.subtrees.some((p) => root.path.startsWith(p)) || s.exact.includes(root.id));
  return renderPage(
    c,
    row.name,
    <>
      <PageStyles />
      <p>
        <a href="/lich-bao-cao">← Chế độ báo cáo</a>
      </p>
      <h1>{row.name}</h1>
      {c.req.query("da") === "luu" ? (
        <p class="notice" role="status">
          Đã lưu chế độ báo cáo. Các kỳ mới được mở tự động theo lịch.
        </p>
      ) : null}
      <Summary row={row} />
      {mayEdit ? (
        <p>
          <a class="button secondary" href={`/lich-bao-cao/${encodeURIComponent(row.id)}/sua`}>
            Sửa chế độ báo cáo
          </a>
        </p>
      ) : null}
      <h2>Các kỳ báo cáo</h2>
      <PeriodTable periods={periods} caption="Các kỳ đã mở (mới nhất trước)" />
      <h2>Các kỳ sắp tới</h2>
      <PreviewTable periods={preview} />
    </>,
  );
});
