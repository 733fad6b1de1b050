/**
 * The reporting vocabulary shared by drafts, submission and review: the obligation row, the
 * actor, the results and the refusals (AppErrors with a kind, never an HTTP status).
 */

import type { obligations, reportDrafts, reportVersions } from "../../db/schema";
import type { ReportDocumentMeta } from "../../domain/report-document";
import type { NotificationDraft } from "../../email/types";
import { AppError } from "../../platform/errors";

export type Actor = { personId: string | null; kind: "person" | "token" | "system" };

/** An obligation as stored (the row type Drizzle infers from the schema). */
export type ObligationRow = typeof obligations.$inferSelect;

/** The deadline as set (schedule or last extension), before moving it off a day off. */
export function nominalDueOn(o: Pick<ObligationRow, "dueOn" | "extendedDueOn">): string {
  return o.extendedDueOn ?? o.dueOn;
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

/** The working draft of an obligation. */
export type DraftState = Omit<typeof reportDrafts.$inferSelect, "obligationId">;

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

/** The latest submitted version, as a double submit or a conflict reads it. */
export type LatestVersion = Pick<
  typeof reportVersions.$inferSelect,
  "id" | "versionNo" | "receiptNo" | "onTime" | "submittedAt" | "submittedBy" | "content"
>;

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
    by: draft?.updatedBy ?? fallback?.submittedBy ?? null,
    at: draft?.updatedAt ?? fallback?.submittedAt ?? 0,
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
