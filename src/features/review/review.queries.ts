/**
 * The review feature's queries (the only place they live): one obligation with its period,
 * schedule, form and organisation; its versions, decisions, extensions, attachments and remarks;
 * who of the organisation hears about a decision; the review queue. Drizzle's query builder,
 * except the queue, which is filtered by `reviewAuthoritySql` (the authority rule as SQL, shared
 * with the home page). Decisions are in review.service.ts.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias, type SQLiteSelect } from "drizzle-orm/sqlite-core";
import { type Principal, reviewAuthoritySql } from "../../auth/policy";
import { columnsOf, orm, statementOf } from "../../db/client";
import {
  reviewer,
  withOrganisation,
  withOrganisationOf,
  withPeriodScheduleAndForm,
  withPersonOf,
  withReviewer,
} from "../../db/joins";
import {
  attachments,
  extensions,
  memberships,
  type ObligationStatus,
  obligations,
  organisations,
  people,
  periods,
  reportForms,
  reportingSchedules,
  reportVersions,
  reviewDecisions,
  reviewRemarks,
} from "../../db/schema";
import { type FormDefinition, parseFormDefinition } from "../../domain/form";
import { parseReviewComments, type ReviewComments } from "../../domain/review-comments";

const revParent = alias(organisations, "revp");

async function loadViewRow(db: D1Database, id: string) {
  const query = orm(db)
    .select({
      ...columnsOf(obligations, "id", "status", "organisationId"),
      organisationName: organisations.name,
      organisationPath: organisations.path,
      periodId: obligations.periodId,
      periodLabel: periods.label,
      scheduleId: reportingSchedules.id,
      scheduleName: reportingSchedules.name,
      reviewerOrganisationId: reviewer.id,
      reviewerOrganisationName: reviewer.name,
      /** The subtree the reviewer serves (see `ReviewSubject`). */
      reviewerScopePath: sql<string>`case when ${reviewer.kind} = 'commission' then coalesce(${revParent.path}, ${reviewer.path}) else ${reviewer.path} end`,
      lowerCommissionsMayComment: reportingSchedules.lowerCommissionsMayComment,
      ...columnsOf(
        obligations,
        "dueOn",
        "extendedDueOn",
        "effectiveDueOn",
        "chaseCycle",
        "lastSubmittedAt",
        "onTime",
        "acceptedAt",
        "returnedAt",
        "currentVersionId",
        "revision",
      ),
      definition: reportForms.definition,
    })
    .from(obligations)
    .$dynamic();
  const [row] = await withReviewer(withPeriodScheduleAndForm(withOrganisation(query)))
    .leftJoin(revParent, eq(revParent.id, reviewer.parentId))
    .where(eq(obligations.id, id));
  return row;
}

export type ObligationView = Omit<NonNullable<Awaited<ReturnType<typeof loadViewRow>>>, "definition"> & {
  form: FormDefinition | null;
};

export async function loadObligationView(db: D1Database, id: string): Promise<ObligationView | null> {
  const row = await loadViewRow(db, id);
  if (!row) return null;
  const { definition, ...view } = row;
  return { ...view, form: parseFormDefinition(definition) };
}

export async function loadVersions(db: D1Database, obligationId: string) {
  return orm(db)
    .select({
      ...columnsOf(reportVersions, "id", "versionNo", "content", "submittedAt", "submittedBy"),
      submitterName: people.fullName,
      ...columnsOf(reportVersions, "onTime", "receiptNo"),
    })
    .from(reportVersions)
    .leftJoin(people, eq(people.id, reportVersions.submittedBy))
    .where(eq(reportVersions.obligationId, obligationId))
    .orderBy(reportVersions.versionNo);
}

export type VersionRow = Awaited<ReturnType<typeof loadVersions>>[number];

const decidingBody = alias(organisations, "body");

/** The rows of an obligation's history table; `oldestFirst` reads them. */
type HistoryTable = typeof reviewDecisions | typeof extensions | typeof attachments | typeof reviewRemarks;

/** An obligation's rows of `table`, oldest first (rowid orders those of one instant). For a `$dynamic()` select. */
function oldestFirst<T extends SQLiteSelect>(query: T, table: HistoryTable, obligationId: string) {
  return query.where(eq(table.obligationId, obligationId)).orderBy(table.createdAt, sql`${table}.rowid`);
}

async function loadDecisionRows(db: D1Database, obligationId: string) {
  const query = orm(db)
    .select({
      ...columnsOf(reviewDecisions, "id", "decision", "versionId"),
      versionNo: reportVersions.versionNo,
      comments: reviewDecisions.comments,
      reviewerName: people.fullName,
      /** The body that decided (null: an administrator, or a decision recorded before bodies were). */
      decidedByName: decidingBody.name,
      createdAt: reviewDecisions.createdAt,
    })
    .from(reviewDecisions)
    .leftJoin(reportVersions, eq(reportVersions.id, reviewDecisions.versionId))
    .leftJoin(people, eq(people.id, reviewDecisions.reviewerId))
    .leftJoin(decidingBody, eq(decidingBody.id, reviewDecisions.decidedByOrganisationId))
    .$dynamic();
  return oldestFirst(query, reviewDecisions, obligationId);
}

export type DecisionRow = Omit<Awaited<ReturnType<typeof loadDecisionRows>>[number], "comments"> & {
  comments: ReviewComments | null;
};

export async function loadDecisions(db: D1Database, obligationId: string): Promise<DecisionRow[]> {
  const rows = await loadDecisionRows(db, obligationId);
  return rows.map((r) => ({ ...r, comments: parseReviewComments(r.comments) }));
}

export async function loadExtensions(db: D1Database, obligationId: string) {
  const query = orm(db)
    .select({
      ...columnsOf(extensions, "id", "previousDueOn", "newDueOn", "reason"),
      grantedByName: people.fullName,
      createdAt: extensions.createdAt,
    })
    .from(extensions)
    .leftJoin(people, eq(people.id, extensions.grantedBy))
    .$dynamic();
  return oldestFirst(query, extensions, obligationId);
}

export type ExtensionRow = Awaited<ReturnType<typeof loadExtensions>>[number];

export async function loadAttachments(db: D1Database, obligationId: string) {
  const query = orm(db)
    .select(columnsOf(attachments, "id", "filename", "size", "createdAt"))
    .from(attachments);
  return oldestFirst(query.$dynamic(), attachments, obligationId);
}

export type AttachmentRow = Awaited<ReturnType<typeof loadAttachments>>[number];

/** The organisation's secretaries and reporters (one entry per person), who hear about decisions. */
export async function reportingPeople(db: D1Database, organisationId: string) {
  const query = orm(db)
    .selectDistinct({
      personId: people.id,
      ...columnsOf(people, "email", "fullName", "title"),
    })
    .from(memberships)
    .$dynamic();
  return withPersonOf(query, memberships.personId)
    .where(
      and(
        eq(memberships.organisationId, organisationId),
        inArray(memberships.role, ["secretary", "reporter"]),
        isNull(people.disabledAt),
      ),
    )
    .orderBy(people.id);
}

export type Member = Awaited<ReturnType<typeof reportingPeople>>[number];

/** Remarks ("ý kiến") of commissions that may comment on the report, oldest first. */
export async function loadRemarks(db: D1Database, obligationId: string) {
  const query = orm(db)
    .select({
      ...columnsOf(reviewRemarks, "id", "body"),
      organisationName: organisations.name,
      authorName: people.fullName,
      createdAt: reviewRemarks.createdAt,
    })
    .from(reviewRemarks)
    .$dynamic();
  const joined = withPersonOf(
    withOrganisationOf(query, reviewRemarks.organisationId),
    reviewRemarks.authorId,
  );
  return oldestFirst(joined, reviewRemarks, obligationId);
}

export type RemarkRow = Awaited<ReturnType<typeof loadRemarks>>[number];

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
  // Raw: the filter is `reviewAuthoritySql`'s SQL over the aliases s, org, rev and revp.
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
