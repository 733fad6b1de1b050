/**
 * The reporting vocabulary shared by drafts, submission and review: the obligation row, the
 * actor, the results and the refusals (AppErrors with a kind, never an HTTP status).
 */

import type { ObligationStatus } from "../../db/schema";
import type { ReportDocumentMeta } from "../../domain/report-document";
import type { NotificationDraft } from "../../email/types";
import { AppError } from "../../platform/errors";

export type Actor = { personId: string | null; kind: "person" | "token" | "system" };

export interface ObligationRow {
  id: string;
  period_id: string;
  organisation_id: string;
  due_on: string;
  extended_due_on: string | null;
  effective_due_on: string;
  status: ObligationStatus;
  chase_cycle: number;
  policy_snapshot: string;
  next_action_at: number | null;
  first_submitted_at: number | null;
  last_submitted_at: number | null;
  on_time: number | null;
  accepted_at: number | null;
  returned_at: number | null;
  current_version_id: string | null;
  revision: number;
}

/** The deadline as set (schedule or last extension), before moving it off a day off. */
export function nominalDueOn(o: Pick<ObligationRow, "due_on" | "extended_due_on">): string {
  return o.extended_due_on ?? o.due_on;
}

type ReportingFailure = "not_found" | "locked" | "not_submitted" | "invalid_extension" | "stale";

export class ReportingError extends AppError {
  declare readonly code: ReportingFailure;
  constructor(code: ReportingFailure, message: string) {
    super(
      code === "not_found" ? "not_found" : code === "invalid_extension" ? "invalid" : "conflict",
      code,
      message,
    );
    this.name = "ReportingError";
  }
}

export interface DraftState {
  content: string;
  revision: number;
  updatedBy: string | null;
  updatedAt: number;
}

export type SaveDraftResult =
  | { ok: true; revision: number }
  | { ok: false; conflict: DraftState | null; reason: "stale" | "locked" };

export interface SubmitInput {
  obligationId: string;
  content: string;
  /** Numeric indicator values extracted from the content by the form definition. */
  indicatorValues: { indicatorId: string; value: number }[];
  actor: Actor;
  now: number;
  receiptPrefix: string;
  /**
   * The draft revision the submitted text was made from (0: there was no draft). A draft saved
   * since then makes the submit a conflict, never a silent loss. Omitted only by internal
   * callers (demo data, tests): the draft as it is when the submit reads it.
   */
  baseRevision?: number;
  /** The report's own number, date and signer, when given. */
  document?: ReportDocumentMeta;
}

export interface SubmitResult {
  versionId: string;
  versionNo: number;
  receiptNo: string;
  onTime: boolean;
  submittedAt: number;
  /** True when this call found the same text already submitted (a double submit). */
  duplicate: boolean;
}

/** What a submit lost to: a newer draft, or a submission of a different text. */
export interface SubmitConflictTheirs {
  kind: "draft_changed" | "already_submitted";
  content: string;
  /** The draft's revision now (draft_changed). */
  revision: number;
  by: string | null;
  at: number;
  versionNo: number | null;
  receiptNo: string | null;
}

/** A submit refused so that no text is lost: the caller shows both texts. */
export class SubmitConflictError extends AppError {
  constructor(readonly theirs: SubmitConflictTheirs) {
    super(
      "conflict",
      "submit_conflict",
      theirs.kind === "draft_changed"
        ? "Bản nháp đã được lưu lại sau khi đồng chí mở trang; báo cáo chưa được nộp. Hãy đối chiếu hai bản rồi nộp lại."
        : "Báo cáo đã được nộp với nội dung khác; bản của đồng chí chưa được nộp. Hãy đối chiếu hai bản.",
    );
    this.name = "SubmitConflictError";
  }
}

export interface LatestVersion {
  id: string;
  version_no: number;
  receipt_no: string;
  on_time: number;
  submitted_at: number;
  submitted_by: string | null;
  content: string;
}

/**
 * Whether two submitted contents say the same thing: an optional field left empty is `null`
 * from the page and absent from the API, and key order follows whoever built the object.
 */
export function sameReportContent(a: string, b: string): boolean {
  if (a === b) return true;
  const canonical = (text: string): string => {
    const values = JSON.parse(text) as Record<string, unknown>;
    const kept = Object.keys(values)
      .filter((key) => values[key] !== null && values[key] !== undefined)
      .sort()
      .map((key) => [key, values[key]]);
    return JSON.stringify(kept);
  };
  return canonical(a) === canonical(b);
}

export function draftChanged(draft: DraftState | null, fallback: LatestVersion | null): SubmitConflictError {
  return new SubmitConflictError({
    kind: "draft_changed",
    content: draft?.content ?? fallback?.content ?? "{}",
    revision: draft?.revision ?? 0,
    by: draft?.updatedBy ?? fallback?.submitted_by ?? null,
    at: draft?.updatedAt ?? fallback?.submitted_at ?? 0,
    versionNo: null,
    receiptNo: null,
  });
}

export interface ReviewInput {
  obligationId: string;
  decision: "accepted" | "returned" | "reopened";
  /** { general?: string, sections?: Record<itemKey, string> } */
  comments: { general?: string; sections?: Record<string, string> } | null;
  /** Why (required by the routes for a reopen); goes on the audit trail. */
  reason?: string | null;
  actor: Actor;
  /** The body deciding (the schedule's reviewer; null for an administrator), see `reviewAuthority`. */
  decidedByOrganisationId?: string | null;
  /**
   * The notices of the decision, given the revision it produces: recorded in the decision's own
   * batch, so a decision is never left without its notice nor a notice without its decision.
   */
  notices?: (revision: number) => NotificationDraft[];
  now: number;
}
