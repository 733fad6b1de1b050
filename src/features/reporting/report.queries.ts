/**
 * What the report routes read from D1 about one obligation, in one batch after its head row;
 * the indicator ids a submission records; who gets the receipt.
 */
import type { ObligationStatus } from "../../db/schema";
import { calendarFromRows } from "../../domain/calendar";
import { deadlineFromStored } from "../../domain/deadline";
import { parseFormDefinition } from "../../domain/form";
import { parseContent } from "./form-values";
import type { AttachmentRow, ReportContext, ReviewComments, VersionRow } from "./report-context";
import { nominalDueOn } from "./reporting.types";
import { loadDraft, loadObligation } from "./submissions.queries";

interface HeadRow {
  org_name: string;
  org_path: string;
  period_label: string;
  cutoff_start: string;
  cutoff_end: string;
  period_due_on: string;
  period_key: string;
  schedule_id: string;
  schedule_name: string;
  directive_id: string;
  reporter_may_submit: number;
  definition: string;
}

function parseComments(text: string | null): ReviewComments {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as ReviewComments;
    return v && typeof v === "object" ? v : {};
  } catch {
    return {};
  }
}

export async function loadReportContext(db: D1Database, obligationId: string): Promise<ReportContext | null> {
  const obligation = await loadObligation(db, obligationId);
  if (!obligation) return null;
  const head = await db
    .prepare(
      `select o.name as org_name, o.path as org_path, pe.label as period_label, pe.cutoff_start, pe.cutoff_end,
         pe.due_on as period_due_on, pe.key as period_key, s.id as schedule_id, s.name as schedule_name,
         s.directive_id, s.reporter_may_submit, f.definition
       from obligations ob
       join organisations o on o.id = ob.organisation_id
       join periods pe on pe.id = ob.period_id
       join reporting_schedules s on s.id = pe.schedule_id
       join report_forms f on f.id = coalesce(pe.form_id, s.form_id)
       where ob.id = ?`,
    )
    .bind(obligationId)
    .first<HeadRow>();
  if (!head) return null;
  const [versionRes, reviewRes, extensionRes, previousRes, attachmentRes, calendarRes] = await db.batch([
    db
      .prepare(
        "select id, version_no, content, submitted_by, submitted_at, on_time, receipt_no from report_versions where obligation_id = ? order by version_no desc limit 1",
      )
      .bind(obligationId),
    db
      .prepare(
        `select rd.decision, rd.comments, rd.created_at, p.full_name as reviewer_name from review_decisions rd
         left join people p on p.id = rd.reviewer_id where rd.obligation_id = ? order by rd.created_at desc limit 1`,
      )
      .bind(obligationId),
    db
      .prepare(
        "select reason, previous_due_on, new_due_on from extensions where obligation_id = ? order by created_at desc limit 1",
      )
      .bind(obligationId),
    db
      .prepare(
        // The period just before this one (whether or not the organisation reported in it).
        `select pe.label, rv.content from periods pe
         left join obligations ob on ob.period_id = pe.id and ob.organisation_id = ?
         left join report_versions rv on rv.id = ob.current_version_id
         where pe.schedule_id = ? and pe.cutoff_end < ?
         order by pe.cutoff_end desc limit 1`,
      )
      .bind(obligation.organisationId, head.schedule_id, head.cutoff_start),
    db
      .prepare(
        `select a.id, a.filename, a.content_type, a.size, a.created_at, p.full_name as uploaded_by_name
         from attachments a left join people p on p.id = a.uploaded_by where a.obligation_id = ? order by a.created_at`,
      )
      .bind(obligationId),
    db.prepare("select day, kind, name from calendar_days"),
  ]);
  const draft = await loadDraft(db, obligationId);
  const draftUpdatedByName = draft?.updatedBy
    ? ((
        await db
          .prepare("select full_name from people where id = ?")
          .bind(draft.updatedBy)
          .first<{ full_name: string }>()
      )?.full_name ?? null)
    : null;
  const review = (reviewRes?.results[0] ?? null) as {
    decision: string;
    comments: string | null;
    created_at: number;
    reviewer_name: string | null;
  } | null;
  const previous = (previousRes?.results[0] ?? null) as { label: string; content: string | null } | null;
  return {
    obligation,
    deadline: deadlineFromStored(nominalDueOn(obligation), obligation.effectiveDueOn),
    calendar: calendarFromRows((calendarRes?.results ?? []) as { day: string; kind: string; name: string }[]),
    organisation: { id: obligation.organisationId, name: head.org_name, path: head.org_path },
    period: {
      id: obligation.periodId,
      label: head.period_label,
      cutoff_start: head.cutoff_start,
      cutoff_end: head.cutoff_end,
      due_on: head.period_due_on,
      key: head.period_key,
    },
    schedule: {
      id: head.schedule_id,
      name: head.schedule_name,
      directive_id: head.directive_id,
      reporter_may_submit: head.reporter_may_submit,
    },
    form: parseFormDefinition(head.definition),
    draft,
    draftValues: draft ? parseContent(draft.content) : null,
    draftUpdatedByName,
    version: (versionRes?.results[0] ?? null) as VersionRow | null,
    returned:
      obligation.status === "returned" && review?.decision === "returned"
        ? {
            comments: parseComments(review.comments),
            at: review.created_at,
            reviewerName: review.reviewer_name,
          }
        : null,
    extension: (extensionRes?.results[0] ?? null) as ReportContext["extension"],
    previous: previous
      ? { label: previous.label, values: previous.content ? parseContent(previous.content) : {} }
      : null,
    attachments: (attachmentRes?.results ?? []) as AttachmentRow[],
  };
}

/** Maps the form's indicator codes to `indicators.id` for the schedule's directive. */
export async function indicatorIdsByCode(
  db: D1Database,
  directiveId: string,
  codes: string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `select id, code from indicators where directive_id = ? and code in (${codes.map(() => "?").join(",")})`,
    )
    .bind(directiveId, ...codes.slice(0, 90))
    .all<{ id: string; code: string }>();
  return new Map(results.map((r) => [r.code, r.id]));
}

export interface ReceiptRecipient {
  id: string;
  email: string;
  full_name: string;
  title: string | null;
}

/** The submitter and the organisation's secretaries, still enabled. */
export async function receiptRecipients(
  db: D1Database,
  submittedBy: string | null,
  organisationId: string,
): Promise<ReceiptRecipient[]> {
  const { results } = await db
    .prepare(
      `select distinct p.id, p.email, p.full_name, p.title from people p
     where p.disabled_at is null and (p.id = ?1 or p.id in
       (select person_id from memberships where organisation_id = ?2 and role = 'secretary'))`,
    )
    .bind(submittedBy, organisationId)
    .all<ReceiptRecipient>();
  return results;
}

/** A person's full name (null: nobody, or unknown). */
export async function personName(db: D1Database, id: string | null): Promise<string | null> {
  if (!id) return null;
  const row = await db
    .prepare("select full_name from people where id = ?")
    .bind(id)
    .first<{ full_name: string }>();
  return row?.full_name ?? null;
}

/** One submitted version, as the receipt reads it. */
export async function loadVersion(db: D1Database, versionId: string): Promise<VersionRow | null> {
  return db
    .prepare(
      "select id, version_no, content, submitted_by, submitted_at, on_time, receipt_no from report_versions where id = ?",
    )
    .bind(versionId)
    .first<VersionRow>();
}

export interface MyObligationRow {
  id: string;
  status: ObligationStatus;
  effective_due_on: string;
  due_on: string;
  extended_due_on: string | null;
  organisation_id: string;
  organisation_name: string;
  period_label: string;
  schedule_name: string;
}

/** The open obligations (not accepted, not waived) of the organisations `where` selects. */
export async function openObligationsWhere(
  db: D1Database,
  where: { sql: string; params: unknown[] },
): Promise<MyObligationRow[]> {
  const { results } = await db
    .prepare(
      `select ob.id, ob.status, ob.effective_due_on, ob.due_on, ob.extended_due_on, o.id as organisation_id,
       o.name as organisation_name, pe.label as period_label, s.name as schedule_name
     from obligations ob
     join periods pe on pe.id = ob.period_id
     join reporting_schedules s on s.id = pe.schedule_id
     join organisations o on o.id = ob.organisation_id
     where pe.status = 'open' and ob.status not in ('accepted', 'waived') and ${where.sql}
     order by ob.effective_due_on, o.name limit 200`,
    )
    .bind(...where.params)
    .all<MyObligationRow>();
  return results;
}
