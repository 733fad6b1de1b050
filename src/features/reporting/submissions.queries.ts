/**
 * Drafts and submission on D1. Each operation is one atomic `db.batch()` guarded by
 * compare-and-swap conditions (D1 has no interactive transactions), and writes its audit event
 * in the same batch.
 */
import { and, desc, eq, exists, inArray, max, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { auditStatement } from "../../audit";
import { columnsOf, orm, statementOf } from "../../db/client";
import {
  indicatorValues,
  type ObligationStatus,
  obligations,
  reportDrafts,
  reportVersions,
} from "../../db/schema";
import { deadlineFromStored, isOnTime } from "../../domain/deadline";
import { CHASED_STATUSES } from "../../domain/ladder";
import { cancelPendingNotificationsStatement } from "../../email/ledger.queries";
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
  const [row] = await orm(db).select().from(obligations).where(eq(obligations.id, id));
  return row ?? null;
}

export async function loadDraft(db: D1Database, obligationId: string): Promise<DraftState | null> {
  const [row] = await orm(db)
    .select(columnsOf(reportDrafts, "content", "revision", "updatedBy", "updatedAt"))
    .from(reportDrafts)
    .where(eq(reportDrafts.obligationId, obligationId));
  return row ?? null;
}

/** `exists (select 1 from <table> where <condition>)`, the guard of a write later in a batch. */
export function existsWhere(db: D1Database, table: SQLiteTable, condition: SQL | undefined): SQL {
  return exists(orm(db).select({ one: sql`1` }).from(table).where(condition));
}

/** The obligation still takes drafts and submissions. */
const editableStatus = () => inArray(obligations.status, [...EDITABLE]);

/**
 * Saves the working draft if nobody saved since `baseRevision` (0 = no draft yet). A stale
 * save changes nothing and returns the newer draft, so the caller can show both texts.
 */
export async function saveDraft(
  db: D1Database,
  input: { obligationId: string; content: string; baseRevision: number; actor: Actor; now: number },
): Promise<SaveDraftResult> {
  const { obligationId, content, baseRevision, actor, now } = input;
  const editable = existsWhere(db, obligations, and(eq(obligations.id, obligationId), editableStatus()));
  const write =
    baseRevision === 0
      ? // insert … select … where: the first draft is written only while the obligation is editable.
        db
          .prepare(
            `insert into report_drafts (obligation_id, content, revision, updated_by, updated_at)
             select ?1, ?2, 1, ?3, ?4 where exists (select 1 from obligations where id = ?1 and status in ('pending','draft','returned'))
             on conflict(obligation_id) do nothing`,
          )
          .bind(obligationId, content, actor.personId, now)
      : statementOf(
          db,
          orm(db)
            .update(reportDrafts)
            .set({
              content,
              revision: sql`${reportDrafts.revision} + 1`,
              updatedBy: actor.personId,
              updatedAt: now,
            })
            .where(
              and(
                eq(reportDrafts.obligationId, obligationId),
                eq(reportDrafts.revision, baseRevision),
                editable,
              ),
            ),
        );
  const [result] = await db.batch([
    write,
    statementOf(
      db,
      orm(db)
        .update(obligations)
        .set({ status: "draft", updatedAt: now })
        .where(
          and(
            eq(obligations.id, obligationId),
            eq(obligations.status, "pending"),
            existsWhere(
              db,
              reportDrafts,
              and(eq(reportDrafts.obligationId, obligationId), eq(reportDrafts.updatedAt, now)),
            ),
          ),
        ),
    ),
  ]);
  if ((result?.meta.changes ?? 0) === 1) return { ok: true, revision: baseRevision + 1 };
  const obligation = await loadObligation(db, obligationId);
  if (!obligation) throw new ReportingError("not_found", "Không tìm thấy nghĩa vụ báo cáo");
  const current = await loadDraft(db, obligationId);
  return { ok: false, conflict: current, reason: EDITABLE.includes(obligation.status) ? "stale" : "locked" };
}

async function latestVersion(db: D1Database, obligationId: string): Promise<LatestVersion | null> {
  const [row] = await orm(db)
    .select(
      columnsOf(
        reportVersions,
        "id",
        "versionNo",
        "receiptNo",
        "onTime",
        "submittedAt",
        "submittedBy",
        "content",
      ),
    )
    .from(reportVersions)
    .where(eq(reportVersions.obligationId, obligationId))
    .orderBy(desc(reportVersions.versionNo))
    .limit(1);
  return row ?? null;
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
      by: version.submittedBy,
      at: version.submittedAt,
      versionNo: version.versionNo,
      receiptNo: version.receiptNo,
    });
  }
  return {
    versionId: version.id,
    versionNo: version.versionNo,
    receiptNo: version.receiptNo,
    onTime: version.onTime,
    submittedAt: version.submittedAt,
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
  const onTime = isOnTime(deadlineFromStored(nominalDueOn(obligation), obligation.effectiveDueOn), now);
  const [last] = await orm(db)
    .select({ n: max(reportVersions.versionNo) })
    .from(reportVersions)
    .where(eq(reportVersions.obligationId, obligationId));
  const versionNo = (last?.n ?? 0) + 1;
  const receiptNo = `${input.receiptPrefix}-L${versionNo}`;
  const versionWritten = existsWhere(db, reportVersions, eq(reportVersions.id, versionId));
  const replacedDraft =
    draft && draft.content !== content ? { revision: draft.revision, content: draft.content } : undefined;
  const statements: D1PreparedStatement[] = [
    // insert … select … where: the version is written only if the obligation is still at the
    // revision we read and the draft is still the one the text was made from; every later
    // statement depends on it.
    db
      .prepare(
        `insert into report_versions (id, obligation_id, version_no, content, submitted_by, submitted_at, on_time, receipt_no)
         select ?3, ?1, ?4, ?5, ?6, ?7, ?8, ?9 where exists (select 1 from obligations where id = ?1 and revision = ?2 and status in ('pending','draft','returned'))
           and coalesce((select revision from report_drafts where obligation_id = ?1), 0) = ?10`,
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
          statementOf(
            db,
            orm(db)
              .update(reportVersions)
              .set({
                documentNumber: input.document.number,
                documentDate: input.document.date,
                signerName: input.document.signerName,
                signerRole: input.document.signerRole,
              })
              .where(eq(reportVersions.id, versionId)),
          ),
        ]
      : []),
    // Each value is written only if the version was (one row from `report_versions` or none).
    ...input.indicatorValues.map((v) =>
      statementOf(
        db,
        orm(db)
          .insert(indicatorValues)
          .select(
            orm(db)
              .select({
                versionId: sql<string>`${versionId}`.as("version_id"),
                obligationId: sql<string>`${obligationId}`.as("obligation_id"),
                indicatorId: sql<string>`${v.indicatorId}`.as("indicator_id"),
                value: sql<number>`${v.value}`.as("value"),
              })
              .from(reportVersions)
              .where(eq(reportVersions.id, versionId)),
          ),
      ),
    ),
    cancelPendingNotificationsStatement(db, obligationId, "Đã nộp báo cáo", now, versionWritten),
    statementOf(
      db,
      orm(db)
        .update(obligations)
        .set({
          status: "submitted",
          currentVersionId: versionId,
          lastSubmittedAt: now,
          firstSubmittedAt: sql`coalesce(${obligations.firstSubmittedAt}, ${now})`,
          onTime: sql`coalesce(${obligations.onTime}, ${onTime ? 1 : 0})`,
          nextActionAt: null,
          revision: sql`${obligations.revision} + 1`,
          updatedAt: now,
        })
        .where(
          and(
            eq(obligations.id, obligationId),
            eq(obligations.revision, obligation.revision),
            editableStatus(),
            versionWritten,
          ),
        ),
    ),
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
        organisationId: obligation.organisationId,
        data: { versionId, versionNo, onTime, receiptNo, baseRevision, replacedDraft },
      },
      { sql: "exists (select 1 from report_versions where id = ?)", params: [versionId] },
    ),
    statementOf(
      db,
      orm(db)
        .delete(reportDrafts)
        .where(
          and(
            eq(reportDrafts.obligationId, obligationId),
            eq(reportDrafts.revision, baseRevision),
            versionWritten,
          ),
        ),
    ),
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
