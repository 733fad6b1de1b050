/** The latest submitted version of a report, with what its official document needs. */
import { eq } from "drizzle-orm";
import { columnsOf, orm } from "../../db/client";
import { withPeriodAndSchedule } from "../../db/joins";
import {
  obligations,
  organisations,
  periods,
  reportForms,
  reportingSchedules,
  reportVersions,
} from "../../db/schema";

export async function submittedReportOf(db: D1Database, obligationId: string) {
  const query = orm(db)
    .select({
      organisationId: obligations.organisationId,
      periodLabel: periods.label,
      scheduleName: reportingSchedules.name,
      directiveId: reportingSchedules.directiveId,
      definition: reportForms.definition,
      ...columnsOf(
        reportVersions,
        "content",
        "submittedAt",
        "documentNumber",
        "documentDate",
        "signerName",
        "signerRole",
      ),
      reviewerName: organisations.name,
    })
    .from(obligations)
    .$dynamic();
  const [row] = await withPeriodAndSchedule(query)
    .innerJoin(reportForms, eq(reportForms.id, reportingSchedules.formId))
    // The schedule's reviewer: the body the report is addressed to.
    .innerJoin(organisations, eq(organisations.id, reportingSchedules.reviewerOrganisationId))
    .innerJoin(reportVersions, eq(reportVersions.id, obligations.currentVersionId))
    .where(eq(obligations.id, obligationId));
  return row ?? null;
}
