/**
 * Reporting operations on D1: drafts, submission, review, extensions, opening a period.
 * Each operation is one atomic `db.batch()` guarded by compare-and-swap conditions (D1 has no
 * interactive transactions), and writes its audit event in the same batch.
 */

import { auditStatement } from "../audit";
import { chunk, rowsPerInsert } from "../db/client";
import type { ObligationStatus } from "../db/schema";
import type { WorkingCalendar } from "../domain/calendar";
import { type Deadline, deadlineFromStored, deadlineOf, isOnTime } from "../domain/deadline";
import { CHASED_STATUSES } from "../domain/ladder";
import type { ReportDocumentMeta } from "../domain/report-document";
import { newId } from "../ids";
import { AppError } from "../platform/errors";

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

const EDITABLE: readonly ObligationStatus[] = CHASED_STATUSES;

export async function loadObligation(db: D1Database, id: string): Promise<ObligationRow | null> {
  return db.prepare("select * from obligations where id = ?").bind(id).first<ObligationRow>();
}

export interface DraftState {
  content: string;
  revision: number;
  updatedBy: string | null;
  updatedAt: number;
}

export async function loadDraft(db: D1Database, obligationId: string): Promise<DraftState | null> {
  const row = await db
    .prepare("select content, revision, updated_by, updated_at from report_drafts where obligation_id = ?")
    .bind(obligationId)
    .first<{ content: string; revision: number; updated_by: string | null; updated_at: number }>();
  return row
    ? { content: row.content, revision: row.revision, updatedBy: row.updated_by, updatedAt: row.updated_at }
    : null;
}

export type SaveDraftResult =
  | { ok: true; revision: number }
  | { ok: false; conflict: DraftState | null; reason: "stale" | "locked" };

/**
 * Saves the working draft if nobody saved since `baseRevision` (0 = no draft yet). A stale
 * save changes nothing and returns the newer draft, so the caller can show both texts.
 */
export async function saveDraft(
  db: D1Database,
  input: { obligationId: string; content: string; baseRevision: number; actor: Actor; now: number },
): Promise<SaveDraftResult> {
  const { obligationId, content, baseRevision, actor, now } = input;
  const editable = `exists (select 1 from obligations where id = ?1 and status in ('pending','draft','returned'))`;
  const write =
    baseRevision === 0
      ? db
          .prepare(
            `insert into report_drafts (obligation_id, content, revision, updated_by, updated_at)
             select ?1, ?2, 1, ?3, ?4 where ${editable} on conflict(obligation_id) do nothing`,
          )
          .bind(obligationId, content, actor.personId, now)
      : db
          .prepare(
            `update report_drafts set content = ?2, revision = revision + 1, updated_by = ?3, updated_at = ?4
             where obligation_id = ?1 and revision = ?5 and ${editable}`,
          )
          .bind(obligationId, content, actor.personId, now, baseRevision);
  const [result] = await db.batch([
    write,
    db
      .prepare(
        "update obligations set status = 'draft', updated_at = ?2 where id = ?1 and status = 'pending' and exists (select 1 from report_drafts where obligation_id = ?1 and updated_at = ?2)",
      )
      .bind(obligationId, now),
  ]);
  if ((result?.meta.changes ?? 0) === 1) return { ok: true, revision: baseRevision + 1 };
  const obligation = await loadObligation(db, obligationId);
  if (!obligation) throw new ReportingError("not_found", "Không tìm thấy nghĩa vụ báo cáo");
  const current = await loadDraft(db, obligationId);
  return { ok: false, conflict: current, reason: EDITABLE.includes(obligation.status) ? "stale" : "locked" };
}

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

interface LatestVersion {
  id: string;
  version_no: number;
  receipt_no: string;
  on_time: number;
  submitted_at: number;
  submitted_by: string | null;
  content: string;
}

async function latestVersion(db: D1Database, obligationId: string): Promise<LatestVersion | null> {
  return db
    .prepare(
      "select id, version_no, receipt_no, on_time, submitted_at, submitted_by, content from report_versions where obligation_id = ? order by version_no desc limit 1",
    )
    .bind(obligationId)
    .first<LatestVersion>();
}

/**
 * A report that is no longer editable: the same text again gets the existing receipt (a
 * double submit); a different text is a conflict (it was not submitted, and must not be
 * shown a receipt).
 */
async function alreadySubmitted(
  db: D1Database,
  obligation: ObligationRow,
  content: string,
): Promise<SubmitResult> {
  const version = await latestVersion(db, obligation.id);
  if (!version) throw new ReportingError("locked", "Nghĩa vụ báo cáo này không nhận báo cáo");
  if (obligation.status === "waived")
    throw new ReportingError("locked", "Nghĩa vụ báo cáo này không nhận báo cáo");
  if (!sameReportContent(version.content, content)) {
    throw new SubmitConflictError({
      kind: "already_submitted",
      content: version.content,
      revision: 0,
      by: version.submitted_by,
      at: version.submitted_at,
      versionNo: version.version_no,
      receiptNo: version.receipt_no,
    });
  }
  return {
    versionId: version.id,
    versionNo: version.version_no,
    receiptNo: version.receipt_no,
    onTime: version.on_time === 1,
    submittedAt: version.submitted_at,
    duplicate: true,
  };
}

/**
 * Whether two submitted contents say the same thing: an optional field left empty is `null`
 * from the page and absent from the API, and key order follows whoever built the object.
 */
function sameReportContent(a: string, b: string): boolean {
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

function draftChanged(draft: DraftState | null, fallback: LatestVersion | null): SubmitConflictError {
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

/**
 * Submits a report as a compare-and-set on the draft revision it was made from: creates the
 * next immutable version, marks the obligation submitted, stops the chase (`next_action_at`
 * null, pending reminders cancelled) and removes the draft it replaces. The draft, when its
 * text differs from what is submitted, is kept in full in the audit event first.
 * Of concurrent submits exactly one wins; a loser with the same text gets the winner's
 * receipt, a loser with a different text gets `SubmitConflictError` with both texts.
 */
export async function submitReport(db: D1Database, input: SubmitInput): Promise<SubmitResult> {
  const { obligationId, content, actor, now } = input;
  const obligation = await loadObligation(db, obligationId);
  if (!obligation) throw new ReportingError("not_found", "Không tìm thấy nghĩa vụ báo cáo");
  if (!EDITABLE.includes(obligation.status)) return alreadySubmitted(db, obligation, content);
  const draft = await loadDraft(db, obligationId);
  const draftRevision = draft?.revision ?? 0;
  const baseRevision = input.baseRevision ?? draftRevision;
  if (baseRevision !== draftRevision) throw draftChanged(draft, await latestVersion(db, obligationId));

  const versionId = newId("v_");
  // `effective_due_on` is the deadline's effective date (stored by `deadlineOf`).
  const onTime = isOnTime(deadlineFromStored(nominalDueOn(obligation), obligation.effective_due_on), now);
  const versionNo =
    ((
      await db
        .prepare("select max(version_no) as n from report_versions where obligation_id = ?")
        .bind(obligationId)
        .first<{ n: number | null }>()
    )?.n ?? 0) + 1;
  const receiptNo = `${input.receiptPrefix}-L${versionNo}`;
  // The version is written only if the obligation is still at the revision we read and the
  // draft is still the one the text was made from; every later statement depends on it.
  const guard = `exists (select 1 from obligations where id = ?1 and revision = ?2 and status in ('pending','draft','returned'))
    and coalesce((select revision from report_drafts where obligation_id = ?1), 0) = ?10`;
  const replacedDraft =
    draft && draft.content !== content ? { revision: draft.revision, content: draft.content } : undefined;
  const statements: D1PreparedStatement[] = [
    db
      .prepare(
        `insert into report_versions (id, obligation_id, version_no, content, submitted_by, submitted_at, on_time, receipt_no)
         select ?3, ?1, ?4, ?5, ?6, ?7, ?8, ?9 where ${guard}`,
      )
      .bind(
        obligationId,
        obligation.revision,
        versionId,
        versionNo,
        content,
        actor.personId,
        now,
        onTime ? 1 : 0,
        receiptNo,
        baseRevision,
      ),
    ...(input.document
      ? [
          db
            .prepare(
              "update report_versions set document_number = ?2, document_date = ?3, signer_name = ?4, signer_role = ?5 where id = ?1",
            )
            .bind(
              versionId,
              input.document.number,
              input.document.date,
              input.document.signerName,
              input.document.signerRole,
            ),
        ]
      : []),
    ...input.indicatorValues.map((v) =>
      db
        .prepare(
          "insert into indicator_values (version_id, obligation_id, indicator_id, value) select ?1, ?2, ?3, ?4 where exists (select 1 from report_versions where id = ?1)",
        )
        .bind(versionId, obligationId, v.indicatorId, v.value),
    ),
    db
      .prepare(
        "update notifications set status = 'cancelled', last_error = 'Đã nộp báo cáo', updated_at = ?3 where obligation_id = ?1 and status = 'pending' and exists (select 1 from report_versions where id = ?2)",
      )
      .bind(obligationId, versionId, now),
    db
      .prepare(
        `update obligations set status = 'submitted', current_version_id = ?3, last_submitted_at = ?4,
           first_submitted_at = coalesce(first_submitted_at, ?4),
           on_time = coalesce(on_time, ?5), next_action_at = null, revision = revision + 1, updated_at = ?4
         where id = ?1 and revision = ?2 and status in ('pending','draft','returned')
           and exists (select 1 from report_versions where id = ?3)`,
      )
      .bind(obligationId, obligation.revision, versionId, now, onTime ? 1 : 0),
    // The audit event (holding the replaced draft) goes first, the draft's removal after it.
    auditStatement(
      db,
      {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: "report.submitted",
        entityType: "obligation",
        entityId: obligationId,
        organisationId: obligation.organisation_id,
        data: { versionId, versionNo, onTime, receiptNo, baseRevision, replacedDraft },
      },
      { sql: "exists (select 1 from report_versions where id = ?)", params: [versionId] },
    ),
    db
      .prepare(
        "delete from report_drafts where obligation_id = ?1 and revision = ?3 and exists (select 1 from report_versions where id = ?2)",
      )
      .bind(obligationId, versionId, baseRevision),
  ];
  const results = await db.batch(statements);
  if ((results[0]?.meta.changes ?? 0) === 1) {
    return { versionId, versionNo, receiptNo, onTime, submittedAt: now, duplicate: false };
  }
  // Lost the race to a concurrent submit or draft save: report what is there now.
  const fresh = await loadObligation(db, obligationId);
  if (!fresh) throw new ReportingError("not_found", "Không tìm thấy nghĩa vụ báo cáo");
  if (!EDITABLE.includes(fresh.status)) return alreadySubmitted(db, fresh, content);
  const freshDraft = await loadDraft(db, obligationId);
  if ((freshDraft?.revision ?? 0) !== baseRevision)
    throw draftChanged(freshDraft, await latestVersion(db, obligationId));
  throw new ReportingError("stale", "Báo cáo vừa được thay đổi, vui lòng thử lại");
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
  now: number;
}

/**
 * Accept or return a submitted report; reopen an accepted one (back to `returned`, so the
 * organisation can revise). A returned report is chased again from the next tick. Returns the
 * obligation after the decision and the decision's id.
 */
export async function reviewReport(
  db: D1Database,
  input: ReviewInput,
): Promise<ObligationRow & { decisionId: string }> {
  const { obligationId, decision, actor, now } = input;
  const obligation = await loadObligation(db, obligationId);
  if (!obligation) throw new ReportingError("not_found", "Không tìm thấy nghĩa vụ báo cáo");
  const from: ObligationStatus = decision === "reopened" ? "accepted" : "submitted";
  if (obligation.status !== from) {
    throw new ReportingError(
      "not_submitted",
      decision === "reopened"
        ? "Chỉ mở lại được báo cáo đã tiếp nhận"
        : "Báo cáo chưa được nộp hoặc đã được xử lý",
    );
  }
  const to: ObligationStatus = decision === "accepted" ? "accepted" : "returned";
  const decisionId = newId("rd_");
  const results = await db.batch([
    db
      .prepare(
        `update obligations set status = ?3, accepted_at = case when ?3 = 'accepted' then ?4 else accepted_at end,
           returned_at = case when ?3 = 'returned' then ?4 else returned_at end,
           next_action_at = case when ?3 = 'returned' then ?4 else null end,
           revision = revision + 1, updated_at = ?4
         where id = ?1 and revision = ?2`,
      )
      .bind(obligationId, obligation.revision, to, now),
    db
      .prepare(
        "insert into review_decisions (id, obligation_id, version_id, decision, comments, reviewer_id, decided_by_organisation_id, created_at) select ?, ?, ?, ?, ?, ?, ?, ? where changes() = 1",
      )
      .bind(
        decisionId,
        obligationId,
        obligation.current_version_id,
        decision,
        input.comments ? JSON.stringify(input.comments) : null,
        actor.personId,
        input.decidedByOrganisationId ?? null,
        now,
      ),
    auditStatement(
      db,
      {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: `report.${decision}`,
        entityType: "obligation",
        entityId: obligationId,
        organisationId: obligation.organisation_id,
        reason: input.reason ?? null,
        data: input.comments ?? undefined,
      },
      { sql: "exists (select 1 from review_decisions where id = ?)", params: [decisionId] },
    ),
  ]);
  if ((results[0]?.meta.changes ?? 0) !== 1) {
    throw new ReportingError("stale", "Báo cáo vừa được người khác xử lý, vui lòng tải lại trang");
  }
  return { ...(await loadObligation(db, obligationId))!, decisionId };
}

/**
 * Extends one organisation's deadline with a reason. The after-deadline ladder starts a new
 * cycle (`chase_cycle`), and the engine re-plans the obligation at its next tick.
 */
export async function extendDeadline(
  db: D1Database,
  input: {
    obligationId: string;
    newDueOn: string;
    reason: string;
    actor: Actor;
    now: number;
    calendar: WorkingCalendar;
  },
): Promise<ObligationRow> {
  const { obligationId, newDueOn, reason, actor, now } = input;
  const deadline = deadlineOf(newDueOn, input.calendar);
  const obligation = await loadObligation(db, obligationId);
  if (!obligation) throw new ReportingError("not_found", "Không tìm thấy nghĩa vụ báo cáo");
  if (!EDITABLE.includes(obligation.status)) {
    throw new ReportingError("locked", "Báo cáo đã nộp hoặc đã được miễn, không thể gia hạn");
  }
  if (deadline.effectiveOn <= obligation.effective_due_on) {
    throw new ReportingError("invalid_extension", "Hạn mới phải sau hạn hiện tại (tính theo ngày làm việc)");
  }
  const extensionId = newId("ext_");
  const results = await db.batch([
    db
      .prepare(
        `update obligations set extended_due_on = ?3, effective_due_on = ?5, chase_cycle = chase_cycle + 1,
           next_action_at = ?4, revision = revision + 1, updated_at = ?4
         where id = ?1 and revision = ?2`,
      )
      .bind(obligationId, obligation.revision, newDueOn, now, deadline.effectiveOn),
    db
      .prepare(
        "insert into extensions (id, obligation_id, previous_due_on, new_due_on, reason, granted_by, created_at) select ?, ?, ?, ?, ?, ?, ? where changes() = 1",
      )
      .bind(extensionId, obligationId, nominalDueOn(obligation), newDueOn, reason, actor.personId, now),
    db
      .prepare(
        "update notifications set status = 'cancelled', last_error = 'Đã gia hạn', updated_at = ?2 where obligation_id = ?1 and status = 'pending' and exists (select 1 from extensions where id = ?3)",
      )
      .bind(obligationId, now, extensionId),
    auditStatement(
      db,
      {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: "obligation.extended",
        entityType: "obligation",
        entityId: obligationId,
        organisationId: obligation.organisation_id,
        reason,
        data: { from: nominalDueOn(obligation), to: newDueOn, effective: deadline.effectiveOn },
      },
      { sql: "exists (select 1 from extensions where id = ?)", params: [extensionId] },
    ),
  ]);
  if ((results[0]?.meta.changes ?? 0) !== 1)
    throw new ReportingError("stale", "Dữ liệu vừa thay đổi, vui lòng thử lại");
  return (await loadObligation(db, obligationId))!;
}

const OBLIGATION_INSERT_COLUMNS = [
  "id",
  "period_id",
  "organisation_id",
  "due_on",
  "effective_due_on",
  "status",
  "chase_cycle",
  "policy_snapshot",
  "next_action_at",
  "revision",
  "created_at",
  "updated_at",
] as const;

/**
 * Statements creating one obligation per organisation for a period, chunked to D1's
 * 100-parameter limit. `on conflict do nothing` on (period, organisation) makes re-runs no-ops.
 */
export function obligationInsertStatements(
  db: D1Database,
  input: {
    periodId: string;
    /** The period's nominal due date and its deadline (`deadlineOf`, computed once per period). */
    deadline: Pick<Deadline, "nominalOn" | "effectiveOn">;
    policySnapshot: string;
    organisationIds: string[];
    now: number;
  },
): D1PreparedStatement[] {
  const perStatement = rowsPerInsert(OBLIGATION_INSERT_COLUMNS.length);
  const row = `(${OBLIGATION_INSERT_COLUMNS.map(() => "?").join(",")})`;
  return chunk(input.organisationIds, perStatement).map((ids) =>
    db
      .prepare(
        `insert into obligations (${OBLIGATION_INSERT_COLUMNS.join(",")}) values ${ids.map(() => row).join(",")}
         on conflict(period_id, organisation_id) do nothing`,
      )
      .bind(
        ...ids.flatMap((organisationId) => [
          `o_${input.periodId}_${organisationId}`,
          input.periodId,
          organisationId,
          input.deadline.nominalOn,
          input.deadline.effectiveOn,
          "pending",
          0,
          input.policySnapshot,
          input.now,
          1,
          input.now,
          input.now,
        ]),
      ),
  );
}
