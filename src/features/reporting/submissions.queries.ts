/**
 * Drafts and submission on D1. Each operation is one atomic `db.batch()` guarded by
 * compare-and-swap conditions (D1 has no interactive transactions), and writes its audit event
 * in the same batch.
 */
import { auditStatement } from "../../audit";
import type { ObligationStatus } from "../../db/schema";
import { deadlineFromStored, isOnTime } from "../../domain/deadline";
import { CHASED_STATUSES } from "../../domain/ladder";
import { newId } from "../../ids";
import {
  type Actor,
  type DraftState,
  draftChanged,
  type LatestVersion,
  nominalDueOn,
  type ObligationRow,
  ReportingError,
  type SaveDraftResult,
  SubmitConflictError,
  type SubmitInput,
  type SubmitResult,
  sameReportContent,
} from "./reporting.types";

export const EDITABLE: readonly ObligationStatus[] = CHASED_STATUSES;

export async function loadObligation(db: D1Database, id: string): Promise<ObligationRow | null> {
  return db.prepare("select * from obligations where id = ?").bind(id).first<ObligationRow>();
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
