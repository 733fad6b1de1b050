/**
 * What is submitted against an obligation and how it is reviewed; consolidated reports.
 * Conventions: see `./index.ts`.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { EXTENSION_REQUEST_STATUSES } from "../../domain/enums";
import { createdAt, primaryId, refersTo, revision, timestamps, updatedAt } from "./columns";
import { indicators } from "./directives";
import { organisations, people, personRef } from "./organisations";
import { obligations, periods } from "./schedules";

/** The one working draft of an obligation, saved as the user types (compare-and-swap on `revision`). */
export const reportDrafts = sqliteTable("report_drafts", {
  obligationId: text("obligation_id")
    .primaryKey()
    .references(() => obligations.id),
  content: text("content").notNull(),
  revision: integer("revision").notNull(),
  updatedBy: personRef("updated_by"),
  updatedAt: updatedAt(),
});

/** Every submitted version, immutable. */
export const reportVersions = sqliteTable(
  "report_versions",
  {
    id: primaryId(),
    obligationId: refersTo("obligation_id", () => obligations.id),
    versionNo: integer("version_no").notNull(),
    content: text("content").notNull(),
    submittedBy: personRef("submitted_by"),
    submittedAt: integer("submitted_at").notNull(),
    onTime: integer("on_time", { mode: "boolean" }).notNull(),
    receiptNo: text("receipt_no").notNull(),
    /** The report as an official document: its number ("125-BC/TU"), date and signer. */
    documentNumber: text("document_number"),
    documentDate: text("document_date"),
    signerName: text("signer_name"),
    signerRole: text("signer_role", { enum: ["head", "deputy"] }),
  },
  (t) => [uniqueIndex("report_versions_no_uq").on(t.obligationId, t.versionNo)],
);

/** Numeric indicator values of a submitted version, one row each, for rollups. */
export const indicatorValues = sqliteTable(
  "indicator_values",
  {
    versionId: refersTo("version_id", () => reportVersions.id),
    obligationId: refersTo("obligation_id", () => obligations.id),
    indicatorId: refersTo("indicator_id", () => indicators.id),
    value: real("value").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.indicatorId] }),
    index("indicator_values_obligation_idx").on(t.obligationId),
  ],
);

export const reviewDecisions = sqliteTable(
  "review_decisions",
  {
    id: primaryId(),
    obligationId: refersTo("obligation_id", () => obligations.id),
    versionId: text("version_id").references(() => reportVersions.id),
    decision: text("decision", { enum: ["accepted", "returned", "reopened", "waived"] }).notNull(),
    /** JSON: { general?: string, sections?: Record<sectionKey, string> } */
    comments: text("comments"),
    reviewerId: personRef("reviewer_id"),
    /** The body that decided: the schedule's reviewer; null when an administrator decided. */
    decidedByOrganisationId: text("decided_by_organisation_id").references(() => organisations.id),
    createdAt: createdAt(),
  },
  (t) => [index("review_decisions_obligation_idx").on(t.obligationId, t.createdAt)],
);

/** Remarks ("ý kiến") on a report by a commission that may comment but not decide. */
export const reviewRemarks = sqliteTable(
  "review_remarks",
  {
    id: primaryId(),
    obligationId: refersTo("obligation_id", () => obligations.id),
    /** The commenting body (the commission whose staff wrote it). */
    organisationId: refersTo("organisation_id", () => organisations.id),
    authorId: refersTo("author_id", () => people.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("review_remarks_obligation_idx").on(t.obligationId, t.createdAt)],
);

export const extensions = sqliteTable(
  "extensions",
  {
    id: primaryId(),
    obligationId: refersTo("obligation_id", () => obligations.id),
    previousDueOn: text("previous_due_on").notNull(),
    newDueOn: text("new_due_on").notNull(),
    reason: text("reason").notNull(),
    grantedBy: personRef("granted_by"),
    createdAt: createdAt(),
  },
  (t) => [index("extensions_obligation_idx").on(t.obligationId)],
);

/** A reporter's request for more time, with a reason, decided by the reviewer. */
export const extensionRequests = sqliteTable(
  "extension_requests",
  {
    id: primaryId(),
    obligationId: refersTo("obligation_id", () => obligations.id),
    requestedBy: personRef("requested_by"),
    requestedDueOn: text("requested_due_on").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: EXTENSION_REQUEST_STATUSES }).notNull(),
    decidedBy: personRef("decided_by"),
    decidedAt: integer("decided_at"),
    /** The day granted (may differ from the day asked) or the reason for refusing. */
    grantedDueOn: text("granted_due_on"),
    decisionNote: text("decision_note"),
    createdAt: createdAt(),
  },
  (t) => [
    index("extension_requests_obligation_idx").on(t.obligationId, t.createdAt),
    // One open request per obligation at a time.
    uniqueIndex("extension_requests_pending_uq").on(t.obligationId).where(sql`status = 'pending'`),
  ],
);

export const attachments = sqliteTable(
  "attachments",
  {
    id: primaryId(),
    obligationId: refersTo("obligation_id", () => obligations.id),
    objectKey: text("object_key").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    uploadedBy: personRef("uploaded_by"),
    createdAt: createdAt(),
  },
  (t) => [index("attachments_obligation_idx").on(t.obligationId)],
);

/** Dated snapshots of the consolidated report (báo cáo tổng hợp), editable before sending. */
export const consolidatedReports = sqliteTable(
  "consolidated_reports",
  {
    id: primaryId(),
    periodId: refersTo("period_id", () => periods.id),
    organisationId: refersTo("organisation_id", () => organisations.id),
    title: text("title").notNull(),
    content: text("content").notNull(),
    /** Edits carry the revision they were made from; a stale edit is a 409 with both texts. */
    revision: revision(),
    createdBy: personRef("created_by"),
    ...timestamps,
  },
  (t) => [index("consolidated_reports_period_idx").on(t.periodId, t.organisationId)],
);
