/**
 * What the report pages and routes know about one obligation (its organisation, period,
 * schedule and form, the draft, the latest version, the reviewer's comments, the extension, the
 * previous period's values and the attachments), and the deadline rules read from it.
 */
import type { ObligationStatus } from "../../db/schema";
import type { WorkingCalendar } from "../../domain/calendar";
import { type Deadline, formatDeadline, workingDaysLate } from "../../domain/deadline";
import type { FormDefinition, FormValues } from "../../domain/form";
import { OBLIGATION_STATUS_LABELS } from "../../domain/status-labels";
import type { DraftState, ObligationRow } from "./reporting.types";

export const STATUS_LABELS = OBLIGATION_STATUS_LABELS;

export const EDITABLE_STATUSES: readonly ObligationStatus[] = ["pending", "draft", "returned"];

export interface VersionRow {
  id: string;
  version_no: number;
  content: string;
  submitted_by: string | null;
  submitted_at: number;
  on_time: number;
  receipt_no: string;
}

export interface ReviewComments {
  general?: string;
  sections?: Record<string, string>;
}

export interface AttachmentRow {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  created_at: number;
  uploaded_by_name: string | null;
}

export interface ReportContext {
  obligation: ObligationRow;
  /** The obligation's deadline (nominal and effective date, `deadline.ts`). */
  deadline: Deadline;
  /** The working calendar, to count working days and name days off. */
  calendar: WorkingCalendar;
  organisation: { id: string; name: string; path: string };
  period: {
    id: string;
    label: string;
    cutoff_start: string;
    cutoff_end: string;
    due_on: string;
    key: string;
  };
  schedule: { id: string; name: string; directive_id: string; reporter_may_submit: number };
  form: FormDefinition | null;
  draft: DraftState | null;
  draftValues: FormValues | null;
  draftUpdatedByName: string | null;
  version: VersionRow | null;
  /** The latest review decision, when the report was returned (its comments). */
  returned: { comments: ReviewComments; at: number; reviewerName: string | null } | null;
  extension: { reason: string; previous_due_on: string; new_due_on: string } | null;
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
