/**
 * What the report pages and routes know about one obligation (its organisation, period,
 * schedule and form, the draft, the latest version, the reviewer's comments, the extension, the
 * previous period's values and the attachments), and the deadline rules read from it.
 */

import type {
  attachments,
  extensions,
  ObligationStatus,
  periods,
  reportingSchedules,
  reportVersions,
} from "../../db/schema";
import type { WorkingCalendar } from "../../domain/calendar";
import { type Deadline, formatDeadline, workingDaysLate } from "../../domain/deadline";
import type { FormDefinition, FormValues } from "../../domain/form";
import type { ReviewComments } from "../../domain/review-comments";
import { OBLIGATION_STATUS_LABELS } from "../../domain/status-labels";
import type { DraftState, ObligationRow } from "./reporting.types";

export const STATUS_LABELS = OBLIGATION_STATUS_LABELS;

export const EDITABLE_STATUSES: readonly ObligationStatus[] = ["pending", "draft", "returned"];

/** A submitted version, as the report page and the receipt read it. */
export type VersionRow = Pick<
  typeof reportVersions.$inferSelect,
  "id" | "versionNo" | "content" | "submittedBy" | "submittedAt" | "onTime" | "receiptNo"
>;

export type AttachmentRow = Pick<
  typeof attachments.$inferSelect,
  "id" | "filename" | "contentType" | "size" | "createdAt"
> & { uploadedByName: string | null };

export interface ReportContext {
  obligation: ObligationRow;
  /** The obligation's deadline (nominal and effective date, `deadline.ts`). */
  deadline: Deadline;
  /** The working calendar, to count working days and name days off. */
  calendar: WorkingCalendar;
  organisation: { id: string; name: string; path: string };
  period: Pick<typeof periods.$inferSelect, "id" | "label" | "cutoffStart" | "cutoffEnd" | "dueOn" | "key">;
  schedule: Pick<typeof reportingSchedules.$inferSelect, "id" | "name" | "directiveId" | "reporterMaySubmit">;
  form: FormDefinition | null;
  draft: DraftState | null;
  draftValues: FormValues | null;
  draftUpdatedByName: string | null;
  version: VersionRow | null;
  /** The latest review decision, when the report was returned (its comments). */
  returned: { comments: ReviewComments; at: number; reviewerName: string | null } | null;
  extension: Pick<typeof extensions.$inferSelect, "reason" | "previousDueOn" | "newDueOn"> | null;
  previous: { label: string; values: FormValues } | null;
  attachments: AttachmentRow[];
}

/** Working days late (0 when on time) of a submission at `submittedAt`: the domain's rule. */
export function daysLate(ctx: Pick<ReportContext, "deadline" | "calendar">, submittedAt: number): number {
  return workingDaysLate(ctx.deadline, submittedAt, ctx.calendar);
}

/** The obligation's deadline as people read it ("20/12/2026 (Chủ nhật), tính đến hết 21/12/2026"). */
export function deadlineText(ctx: Pick<ReportContext, "deadline" | "calendar">): string {
  return formatDeadline(ctx.deadline, ctx.calendar);
}
