/**
 * Read models for the Commission's review work: one obligation with its period, schedule,
 * form and organisation; its versions, decisions, extensions and attachments; and who of the
 * organisation hears about a decision.
 */
import type { ObligationStatus } from "../db/schema";
import { type FormDefinition, parseFormDefinition } from "../domain/form";

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

export interface ReviewComments {
  general?: string;
  sections?: Record<string, string>;
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

function parseComments(text: string | null): ReviewComments | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== "object") return null;
    const o = v as Record<string, unknown>;
    const out: ReviewComments = {};
    if (typeof o.general === "string") out.general = o.general;
    if (o.sections && typeof o.sections === "object") {
      out.sections = Object.fromEntries(
        Object.entries(o.sections as Record<string, unknown>).filter(
          (e): e is [string, string] => typeof e[1] === "string",
        ),
      );
    }
    return out;
  } catch {
    return null;
  }
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
  const { results } = await db
    .prepare(
      "select id, filename, size, created_at from attachments where obligation_id = ? order by created_at, rowid",
    )
    .bind(obligationId)
    .all<{ id: string; filename: string; size: number; created_at: number }>();
  return results.map((r) => ({ id: r.id, filename: r.filename, size: r.size, createdAt: r.created_at }));
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
