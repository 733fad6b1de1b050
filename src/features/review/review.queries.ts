/**
 * The review feature's queries (the only place they live): one obligation with its period,
 * schedule, form and organisation; its versions, decisions, extensions, attachments and remarks;
 * who of the organisation hears about a decision; the review queue. Joins stay SQL; single-table
 * reads and writes are Drizzle's query builder. Decisions are in review.service.ts.
 */
import { eq, sql } from "drizzle-orm";
import { type Principal, reviewAuthoritySql } from "../../auth/policy";
import { orm, statementOf } from "../../db/client";
import { attachments, type ObligationStatus, reviewRemarks } from "../../db/schema";
import { type FormDefinition, parseFormDefinition } from "../../domain/form";
import { parseComments, type ReviewComments } from "./review.schemas";

export interface ObligationView {
  id: string;
  status: ObligationStatus;
  organisationId: string;
  organisationName: string;
  organisationPath: string;
  periodId: string;
  periodLabel: string;
  scheduleId: string;
  scheduleName: string;
  reviewerOrganisationId: string;
  reviewerOrganisationName: string;
  /** The subtree the reviewer serves (see `ReviewSubject`). */
  reviewerScopePath: string;
  lowerCommissionsMayComment: boolean;
  dueOn: string;
  extendedDueOn: string | null;
  effectiveDueOn: string;
  chaseCycle: number;
  lastSubmittedAt: number | null;
  onTime: boolean | null;
  acceptedAt: number | null;
  returnedAt: number | null;
  currentVersionId: string | null;
  revision: number;
  form: FormDefinition | null;
}

export async function loadObligationView(db: D1Database, id: string): Promise<ObligationView | null> {
  const row = await db
    .prepare(
      `select o.id, o.status, o.organisation_id, org.name as organisation_name, org.path as organisation_path,
              o.period_id, p.label as period_label, s.id as schedule_id, s.name as schedule_name,
              rev.id as reviewer_id, rev.name as reviewer_name,
              case when rev.kind = 'commission' then coalesce(revp.path, rev.path) else rev.path end as reviewer_scope_path,
              s.lower_commissions_may_comment, o.due_on, o.extended_due_on, o.effective_due_on, o.chase_cycle,
              o.last_submitted_at, o.on_time, o.accepted_at, o.returned_at, o.current_version_id, o.revision,
              f.definition
       from obligations o
       join organisations org on org.id = o.organisation_id
       join periods p on p.id = o.period_id
       join reporting_schedules s on s.id = p.schedule_id
       join organisations rev on rev.id = s.reviewer_organisation_id
       left join organisations revp on revp.id = rev.parent_id
       join report_forms f on f.id = coalesce(p.form_id, s.form_id)
       where o.id = ?`,
    )
    .bind(id)
    .first<{
      id: string;
      status: ObligationStatus;
      organisation_id: string;
      organisation_name: string;
      organisation_path: string;
      period_id: string;
      period_label: string;
      schedule_id: string;
      schedule_name: string;
      reviewer_id: string;
      reviewer_name: string;
      reviewer_scope_path: string;
      lower_commissions_may_comment: number;
      due_on: string;
      extended_due_on: string | null;
      effective_due_on: string;
      chase_cycle: number;
      last_submitted_at: number | null;
      on_time: number | null;
      accepted_at: number | null;
      returned_at: number | null;
      current_version_id: string | null;
      revision: number;
      definition: string;
    }>();
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    organisationPath: row.organisation_path,
    periodId: row.period_id,
    periodLabel: row.period_label,
    scheduleId: row.schedule_id,
    scheduleName: row.schedule_name,
    reviewerOrganisationId: row.reviewer_id,
    reviewerOrganisationName: row.reviewer_name,
    reviewerScopePath: row.reviewer_scope_path,
    lowerCommissionsMayComment: row.lower_commissions_may_comment === 1,
    dueOn: row.due_on,
    extendedDueOn: row.extended_due_on,
    effectiveDueOn: row.effective_due_on,
    chaseCycle: row.chase_cycle,
    lastSubmittedAt: row.last_submitted_at,
    onTime: row.on_time === null ? null : row.on_time === 1,
    acceptedAt: row.accepted_at,
    returnedAt: row.returned_at,
    currentVersionId: row.current_version_id,
    revision: row.revision,
    form: parseFormDefinition(row.definition),
  };
}

export interface VersionRow {
  id: string;
  versionNo: number;
  content: string;
  submittedAt: number;
  submittedBy: string | null;
  submitterName: string | null;
  onTime: boolean;
  receiptNo: string;
}

export async function loadVersions(db: D1Database, obligationId: string): Promise<VersionRow[]> {
  const { results } = await db
    .prepare(
      `select v.id, v.version_no, v.content, v.submitted_at, v.submitted_by, p.full_name, v.on_time, v.receipt_no
       from report_versions v left join people p on p.id = v.submitted_by
       where v.obligation_id = ? order by v.version_no`,
    )
    .bind(obligationId)
    .all<{
      id: string;
      version_no: number;
      content: string;
      submitted_at: number;
      submitted_by: string | null;
      full_name: string | null;
      on_time: number;
      receipt_no: string;
    }>();
  return results.map((r) => ({
    id: r.id,
    versionNo: r.version_no,
    content: r.content,
    submittedAt: r.submitted_at,
    submittedBy: r.submitted_by,
    submitterName: r.full_name,
    onTime: r.on_time === 1,
    receiptNo: r.receipt_no,
  }));
}

export interface DecisionRow {
  id: string;
  decision: "accepted" | "returned" | "reopened" | "waived";
  versionId: string | null;
  versionNo: number | null;
  comments: ReviewComments | null;
  reviewerName: string | null;
  /** The body that decided (null: an administrator, or a decision recorded before bodies were). */
  decidedByName: string | null;
  createdAt: number;
}

export async function loadDecisions(db: D1Database, obligationId: string): Promise<DecisionRow[]> {
  const { results } = await db
    .prepare(
      `select d.id, d.decision, d.version_id, v.version_no, d.comments, p.full_name, body.name as body_name, d.created_at
       from review_decisions d left join report_versions v on v.id = d.version_id
       left join people p on p.id = d.reviewer_id
       left join organisations body on body.id = d.decided_by_organisation_id
       where d.obligation_id = ? order by d.created_at, d.rowid`,
    )
    .bind(obligationId)
    .all<{
      id: string;
      decision: DecisionRow["decision"];
      version_id: string | null;
      version_no: number | null;
      comments: string | null;
      full_name: string | null;
      body_name: string | null;
      created_at: number;
    }>();
  return results.map((r) => ({
    id: r.id,
    decision: r.decision,
    versionId: r.version_id,
    versionNo: r.version_no,
    comments: parseComments(r.comments),
    reviewerName: r.full_name,
    decidedByName: r.body_name,
    createdAt: r.created_at,
  }));
}

export interface ExtensionRow {
  id: string;
  previousDueOn: string;
  newDueOn: string;
  reason: string;
  grantedByName: string | null;
  createdAt: number;
}

export async function loadExtensions(db: D1Database, obligationId: string): Promise<ExtensionRow[]> {
  const { results } = await db
    .prepare(
      `select e.id, e.previous_due_on, e.new_due_on, e.reason, p.full_name, e.created_at
       from extensions e left join people p on p.id = e.granted_by
       where e.obligation_id = ? order by e.created_at, e.rowid`,
    )
    .bind(obligationId)
    .all<{
      id: string;
      previous_due_on: string;
      new_due_on: string;
      reason: string;
      full_name: string | null;
      created_at: number;
    }>();
  return results.map((r) => ({
    id: r.id,
    previousDueOn: r.previous_due_on,
    newDueOn: r.new_due_on,
    reason: r.reason,
    grantedByName: r.full_name,
    createdAt: r.created_at,
  }));
}

export interface AttachmentRow {
  id: string;
  filename: string;
  size: number;
  createdAt: number;
}

export async function loadAttachments(db: D1Database, obligationId: string): Promise<AttachmentRow[]> {
  return orm(db)
    .select({
      id: attachments.id,
      filename: attachments.filename,
      size: attachments.size,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(eq(attachments.obligationId, obligationId))
    .orderBy(attachments.createdAt, sql`rowid`);
}

export interface Member {
  personId: string;
  email: string;
  fullName: string;
  title: string | null;
}

/** The organisation's secretaries and reporters (one entry per person), who hear about decisions. */
export async function reportingPeople(db: D1Database, organisationId: string): Promise<Member[]> {
  const { results } = await db
    .prepare(
      `select distinct p.id, p.email, p.full_name, p.title from memberships m join people p on p.id = m.person_id
       where m.organisation_id = ? and m.role in ('secretary','reporter') and p.disabled_at is null
       order by p.id`,
    )
    .bind(organisationId)
    .all<{ id: string; email: string; full_name: string; title: string | null }>();
  return results.map((r) => ({ personId: r.id, email: r.email, fullName: r.full_name, title: r.title }));
}

export interface RemarkRow {
  id: string;
  body: string;
  organisationName: string;
  authorName: string;
  createdAt: number;
}

/** Remarks ("ý kiến") of commissions that may comment on the report, oldest first. */
export async function loadRemarks(db: D1Database, obligationId: string): Promise<RemarkRow[]> {
  const { results } = await db
    .prepare(
      `select r.id, r.body, o.name as organisation_name, p.full_name as author_name, r.created_at
       from review_remarks r join organisations o on o.id = r.organisation_id join people p on p.id = r.author_id
       where r.obligation_id = ? order by r.created_at, r.rowid`,
    )
    .bind(obligationId)
    .all<{ id: string; body: string; organisation_name: string; author_name: string; created_at: number }>();
  return results.map((r) => ({
    id: r.id,
    body: r.body,
    organisationName: r.organisation_name,
    authorName: r.author_name,
    createdAt: r.created_at,
  }));
}

/** Records one remark (the audit goes in the same batch). */
export function insertRemarkStatement(
  db: D1Database,
  remark: { id: string; obligationId: string; organisationId: string; authorId: string; body: string },
  now: number,
): D1PreparedStatement {
  return statementOf(
    db,
    orm(db)
      .insert(reviewRemarks)
      .values({ ...remark, createdAt: now }),
  );
}

export interface QueueRow {
  id: string;
  status: ObligationStatus;
  organisation_name: string;
  organisation_path: string;
  reviewer_organisation_id: string;
  reviewer_scope_path: string;
  lower_commissions_may_comment: number;
  period_id: string;
  period_label: string;
  schedule_name: string;
  effective_due_on: string;
  due_on: string;
  extended_due_on: string | null;
  last_submitted_at: number | null;
  version_on_time: number | null;
  version_no: number | null;
}

const REV_SCOPE = "(case when rev.kind = 'commission' then coalesce(revp.path, rev.path) else rev.path end)";

/**
 * The queue, listed in SQL by the same rule as `reviewAuthority`: the reports this person's Ban
 * reviews, and those it may comment on (that filter is the authorisation of this list), with the
 * periods of those reports for the filter.
 */
export async function loadQueue(
  db: D1Database,
  principal: Principal,
  status: ObligationStatus,
  periodId: string | undefined,
): Promise<{ rows: QueueRow[]; periods: { id: string; label: string; schedule_name: string }[] }> {
  const where = reviewAuthoritySql(principal, "any", REV_SCOPE);
  const params: (string | number)[] = [...where.params, status];
  let periodSql = "";
  if (periodId) {
    periodSql = "and o.period_id = ?";
    params.push(periodId);
  }
  const { results } = await db
    .prepare(
      `select o.id, o.status, org.name as organisation_name, org.path as organisation_path,
              p.id as period_id, p.label as period_label,
              s.name as schedule_name, o.effective_due_on, o.due_on, o.extended_due_on, o.last_submitted_at,
              v.on_time as version_on_time, v.version_no,
              s.reviewer_organisation_id, ${REV_SCOPE} as reviewer_scope_path, s.lower_commissions_may_comment
       from obligations o join organisations org on org.id = o.organisation_id
       join periods p on p.id = o.period_id join reporting_schedules s on s.id = p.schedule_id
       join organisations rev on rev.id = s.reviewer_organisation_id
       left join organisations revp on revp.id = rev.parent_id
       left join report_versions v on v.id = o.current_version_id
       where ${where.sql} and o.status = ? ${periodSql}
       order by o.last_submitted_at, org.path limit 300`,
    )
    .bind(...params)
    .all<QueueRow>();
  // Only the periods of reports this person may see here (the same rule as the list).
  const { results: periods } = await db
    .prepare(
      `select p.id, p.label, s.name as schedule_name from periods p join reporting_schedules s on s.id = p.schedule_id
       join organisations rev on rev.id = s.reviewer_organisation_id
       left join organisations revp on revp.id = rev.parent_id
       where p.status in ('open','closed') and exists (
         select 1 from obligations o join organisations org on org.id = o.organisation_id
         where o.period_id = p.id and ${where.sql})
       order by p.cutoff_end desc, s.name limit 60`,
    )
    .bind(...where.params)
    .all<{ id: string; label: string; schedule_name: string }>();
  return { rows: results, periods };
}
