/** The latest submitted version of a report, with what its official document needs. */
import type { SignerRole } from "../../domain/official-format";

export interface SubmittedReportRow {
  organisationId: string;
  periodLabel: string;
  scheduleName: string;
  directiveId: string;
  definition: string;
  content: string;
  submittedAt: number;
  documentNumber: string | null;
  documentDate: string | null;
  signerName: string | null;
  signerRole: SignerRole | null;
  reviewerName: string;
}

export async function submittedReportOf(db: D1Database, obligationId: string) {
  return db
    .prepare(
      `select ob.organisation_id as organisationId, p.label as periodLabel, s.name as scheduleName,
         s.directive_id as directiveId, f.definition, rv.content, rv.submitted_at as submittedAt,
         rv.document_number as documentNumber, rv.document_date as documentDate, rv.signer_name as signerName,
         rv.signer_role as signerRole, rev.name as reviewerName
       from obligations ob join periods p on p.id = ob.period_id
       join reporting_schedules s on s.id = p.schedule_id join report_forms f on f.id = s.form_id
       join organisations rev on rev.id = s.reviewer_organisation_id
       join report_versions rv on rv.id = ob.current_version_id
       where ob.id = ?`,
    )
    .bind(obligationId)
    .first<SubmittedReportRow>();
}
