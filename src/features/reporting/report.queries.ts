/**
 * What the report routes read from D1 about one obligation, in one batch after its head row;
 * the indicator ids a submission records; who gets the receipt.
 */
import { and, asc, desc, eq, inArray, isNull, lt, notInArray, or } from "drizzle-orm";
import { type ActionScope, scopeWhere } from "../../auth/policy";
import { CALENDAR_DAY_FIELDS } from "../../db/calendar.queries";
import { chunk, columnsOf, orm } from "../../db/client";
import { withOrganisation, withPeriodAndSchedule, withPeriodScheduleAndForm } from "../../db/joins";
import { OBLIGATION_DEADLINE } from "../../db/obligation-fields";
import {
  attachments,
  calendarDays,
  extensions,
  indicators,
  memberships,
  obligations,
  organisations,
  people,
  periods,
  reportForms,
  reportingSchedules,
  reportVersions,
  reviewDecisions,
} from "../../db/schema";
import { calendarFromRows } from "../../domain/calendar";
import { deadlineFromStored } from "../../domain/deadline";
import { parseFormDefinition, parseValues } from "../../domain/form";
import { parseReviewComments } from "../../domain/review-comments";
import type { ReportContext, VersionRow } from "./report-context";
import { nominalDueOn } from "./reporting.types";
import { loadDraft, loadObligation } from "./submissions.queries";

const VERSION_FIELDS = columnsOf(
  reportVersions,
  "id",
  "versionNo",
  "content",
  "submittedBy",
  "submittedAt",
  "onTime",
  "receiptNo",
);

export async function loadReportContext(db: D1Database, obligationId: string): Promise<ReportContext | null> {
  const obligation = await loadObligation(db, obligationId);
  if (!obligation) return null;
  const headQuery = orm(db)
    .select({
      orgName: organisations.name,
      orgPath: organisations.path,
      periodLabel: periods.label,
      ...columnsOf(periods, "cutoffStart", "cutoffEnd"),
      periodDueOn: periods.dueOn,
      periodKey: periods.key,
      scheduleId: reportingSchedules.id,
      scheduleName: reportingSchedules.name,
      ...columnsOf(reportingSchedules, "directiveId", "reporterMaySubmit"),
      definition: reportForms.definition,
    })
    .from(obligations)
    .$dynamic();
  const [head] = await withPeriodScheduleAndForm(withOrganisation(headQuery)).where(
    eq(obligations.id, obligationId),
  );
  if (!head) return null;
  // Read through one batch: each query's selected columns have distinct names (see `orm`'s batch).
  const q = orm(db);
  const [versionRows, reviewRows, extensionRows, previousRows, attachmentRows, calendarRows] = await q.batch([
    q
      .select(VERSION_FIELDS)
      .from(reportVersions)
      .where(eq(reportVersions.obligationId, obligationId))
      .orderBy(desc(reportVersions.versionNo))
      .limit(1),
    q
      .select({
        ...columnsOf(reviewDecisions, "decision", "comments", "createdAt"),
        reviewerName: people.fullName,
      })
      .from(reviewDecisions)
      .leftJoin(people, eq(people.id, reviewDecisions.reviewerId))
      .where(eq(reviewDecisions.obligationId, obligationId))
      .orderBy(desc(reviewDecisions.createdAt))
      .limit(1),
    q
      .select(columnsOf(extensions, "reason", "previousDueOn", "newDueOn"))
      .from(extensions)
      .where(eq(extensions.obligationId, obligationId))
      .orderBy(desc(extensions.createdAt))
      .limit(1),
    // The period just before this one (whether or not the organisation reported in it).
    q
      .select({ label: periods.label, content: reportVersions.content })
      .from(periods)
      .leftJoin(
        obligations,
        and(eq(obligations.periodId, periods.id), eq(obligations.organisationId, obligation.organisationId)),
      )
      .leftJoin(reportVersions, eq(reportVersions.id, obligations.currentVersionId))
      .where(and(eq(periods.scheduleId, head.scheduleId), lt(periods.cutoffEnd, head.cutoffStart)))
      .orderBy(desc(periods.cutoffEnd))
      .limit(1),
    q
      .select({
        ...columnsOf(attachments, "id", "filename", "contentType", "size", "createdAt"),
        uploadedByName: people.fullName,
      })
      .from(attachments)
      .leftJoin(people, eq(people.id, attachments.uploadedBy))
      .where(eq(attachments.obligationId, obligationId))
      .orderBy(asc(attachments.createdAt)),
    q.select(CALENDAR_DAY_FIELDS).from(calendarDays),
  ]);
  const draft = await loadDraft(db, obligationId);
  const draftUpdatedByName = await personName(db, draft?.updatedBy ?? null);
  const review = reviewRows[0] ?? null;
  const previous = previousRows[0] ?? null;
  return {
    obligation,
    deadline: deadlineFromStored(nominalDueOn(obligation), obligation.effectiveDueOn),
    calendar: calendarFromRows(calendarRows),
    organisation: { id: obligation.organisationId, name: head.orgName, path: head.orgPath },
    period: {
      id: obligation.periodId,
      label: head.periodLabel,
      cutoffStart: head.cutoffStart,
      cutoffEnd: head.cutoffEnd,
      dueOn: head.periodDueOn,
      key: head.periodKey,
    },
    schedule: {
      id: head.scheduleId,
      name: head.scheduleName,
      directiveId: head.directiveId,
      reporterMaySubmit: head.reporterMaySubmit,
    },
    form: parseFormDefinition(head.definition),
    draft,
    draftValues: draft ? parseValues(draft.content) : null,
    draftUpdatedByName,
    version: versionRows[0] ?? null,
    returned:
      obligation.status === "returned" && review?.decision === "returned"
        ? {
            comments: parseReviewComments(review.comments) ?? {},
            at: review.createdAt,
            reviewerName: review.reviewerName,
          }
        : null,
    extension: extensionRows[0] ?? null,
    previous: previous
      ? { label: previous.label, values: previous.content ? parseValues(previous.content) : {} }
      : null,
    attachments: attachmentRows,
  };
}

/** Maps the form's indicator codes to `indicators.id` for the schedule's directive. */
export async function indicatorIdsByCode(
  db: D1Database,
  directiveId: string,
  codes: string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  // 90 codes per statement (D1 binds at most 100 parameters), every code looked up.
  const found = await Promise.all(
    chunk(codes, 90).map((part) =>
      orm(db)
        .select({ id: indicators.id, code: indicators.code })
        .from(indicators)
        .where(and(eq(indicators.directiveId, directiveId), inArray(indicators.code, part))),
    ),
  );
  return new Map(found.flat().map((r) => [r.code, r.id]));
}

export type ReceiptRecipient = Pick<typeof people.$inferSelect, "id" | "email" | "fullName" | "title">;

/**
 * Whom a report's news goes to: the person who acted (the submitter, the one who asked for more
 * time) and the organisation's secretaries, still enabled.
 */
export async function personAndSecretaries(
  db: D1Database,
  submittedBy: string | null,
  organisationId: string,
): Promise<ReceiptRecipient[]> {
  const secretaries = inArray(
    people.id,
    orm(db)
      .select({ id: memberships.personId })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, "secretary"))),
  );
  return orm(db)
    .selectDistinct({ id: people.id, email: people.email, fullName: people.fullName, title: people.title })
    .from(people)
    .where(
      and(
        isNull(people.disabledAt),
        // `id = null` matches nobody: no such person, only the secretaries.
        submittedBy === null ? secretaries : or(eq(people.id, submittedBy), secretaries),
      ),
    );
}

/** A person's full name (null: nobody, or unknown). */
export async function personName(db: D1Database, id: string | null): Promise<string | null> {
  if (!id) return null;
  const [row] = await orm(db).select({ fullName: people.fullName }).from(people).where(eq(people.id, id));
  return row?.fullName ?? null;
}

/** One submitted version, as the receipt reads it. */
export async function loadVersion(db: D1Database, versionId: string): Promise<VersionRow | null> {
  const [row] = await orm(db)
    .select(VERSION_FIELDS)
    .from(reportVersions)
    .where(eq(reportVersions.id, versionId));
  return row ?? null;
}

/** The open obligations (not accepted, not waived) of the organisations in `scope`, at most 200. */
export async function openObligationsIn(db: D1Database, scope: ActionScope) {
  const query = orm(db)
    .select({
      ...OBLIGATION_DEADLINE,
      organisationId: organisations.id,
      organisationName: organisations.name,
      periodLabel: periods.label,
      scheduleName: reportingSchedules.name,
    })
    .from(obligations)
    .$dynamic();
  return withOrganisation(withPeriodAndSchedule(query))
    .where(
      and(
        eq(periods.status, "open"),
        notInArray(obligations.status, ["accepted", "waived"]),
        scopeWhere(scope, { path: organisations.path, id: organisations.id }),
      ),
    )
    .orderBy(obligations.effectiveDueOn, organisations.name)
    .limit(200);
}
