/**
 * Review decisions, extensions and opening a period's obligations on D1: each one atomic
 * `db.batch()` with its compare-and-swap guard and its audit event.
 */

import { and, eq, sql } from "drizzle-orm";
import { auditStatement } from "../../audit";
import { chunk, orm, rowsPerInsert, statementOf } from "../../db/client";
import { extensions, type ObligationStatus, obligations } from "../../db/schema";
import type { WorkingCalendar } from "../../domain/calendar";
import { type Deadline, deadlineOf } from "../../domain/deadline";
import { notificationStatements } from "../../email/ledger";
import { cancelPendingNotificationsStatement } from "../../email/ledger.queries";
import { newId } from "../../ids";
import {
  type Actor,
  nominalDueOn,
  type ObligationRow,
  ReportingError,
  type ReviewInput,
} from "./reporting.types";
import { EDITABLE, existsWhere, loadObligation } from "./submissions.queries";

/**
 * Accept or return a submitted report; reopen an accepted one (back to `returned`, so the
 * organisation can revise). A returned report is chased again from the next tick. Returns the
 * obligation after the decision and the decision's id.
 */
export async function reviewReport(
  db: D1Database,
  input: ReviewInput,
): Promise<ObligationRow & { decisionId: string; notificationIds: string[] }> {
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
  const decided = { sql: "exists (select 1 from review_decisions where id = ?)", params: [decisionId] };
  const notices = notificationStatements(db, input.notices?.(obligation.revision + 1) ?? [], now, decided);
  const results = await db.batch<{ id: string }>([
    statementOf(
      db,
      orm(db)
        .update(obligations)
        .set({
          status: to,
          // Unset (undefined) fields are left as they are.
          acceptedAt: to === "accepted" ? now : undefined,
          returnedAt: to === "returned" ? now : undefined,
          nextActionAt: to === "returned" ? now : null,
          revision: sql`${obligations.revision} + 1`,
          updatedAt: now,
        })
        .where(and(eq(obligations.id, obligationId), eq(obligations.revision, obligation.revision))),
    ),
    // insert … select … where changes() = 1: the decision is recorded only if the update above won.
    db
      .prepare(
        "insert into review_decisions (id, obligation_id, version_id, decision, comments, reviewer_id, decided_by_organisation_id, created_at) select ?, ?, ?, ?, ?, ?, ?, ? where changes() = 1",
      )
      .bind(
        decisionId,
        obligationId,
        obligation.currentVersionId,
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
        organisationId: obligation.organisationId,
        reason: input.reason ?? null,
        data: input.comments ?? undefined,
      },
      decided,
    ),
    ...notices.statements,
  ]);
  if ((results[0]?.meta.changes ?? 0) !== 1) {
    throw new ReportingError("stale", "Báo cáo vừa được người khác xử lý, vui lòng tải lại trang");
  }
  const notificationIds = results.slice(3).flatMap((r) => r.results.map((row) => row.id));
  return { ...(await loadObligation(db, obligationId))!, decisionId, notificationIds };
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
  if (deadline.effectiveOn <= obligation.effectiveDueOn) {
    throw new ReportingError("invalid_extension", "Hạn mới phải sau hạn hiện tại (tính theo ngày làm việc)");
  }
  const extensionId = newId("ext_");
  const results = await db.batch([
    statementOf(
      db,
      orm(db)
        .update(obligations)
        .set({
          extendedDueOn: newDueOn,
          effectiveDueOn: deadline.effectiveOn,
          chaseCycle: sql`${obligations.chaseCycle} + 1`,
          nextActionAt: now,
          revision: sql`${obligations.revision} + 1`,
          updatedAt: now,
        })
        .where(and(eq(obligations.id, obligationId), eq(obligations.revision, obligation.revision))),
    ),
    // insert … select … where changes() = 1: the extension is recorded only if the update above won.
    db
      .prepare(
        "insert into extensions (id, obligation_id, previous_due_on, new_due_on, reason, granted_by, created_at) select ?, ?, ?, ?, ?, ?, ? where changes() = 1",
      )
      .bind(extensionId, obligationId, nominalDueOn(obligation), newDueOn, reason, actor.personId, now),
    cancelPendingNotificationsStatement(
      db,
      obligationId,
      "Đã gia hạn",
      now,
      existsWhere(db, extensions, eq(extensions.id, extensionId)),
    ),
    auditStatement(
      db,
      {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: "obligation.extended",
        entityType: "obligation",
        entityId: obligationId,
        organisationId: obligation.organisationId,
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

type ObligationInsertInput = {
  periodId: string;
  /** The period's nominal due date and its deadline (`deadlineOf`, computed once per period). */
  deadline: Pick<Deadline, "nominalOn" | "effectiveOn">;
  policySnapshot: string;
  organisationIds: string[];
  now: number;
};

/** One organisation's new obligation: the values bound (the other columns are written as null). */
function newObligation(input: ObligationInsertInput, organisationId: string) {
  return {
    id: `o_${input.periodId}_${organisationId}`,
    periodId: input.periodId,
    organisationId,
    dueOn: input.deadline.nominalOn,
    effectiveDueOn: input.deadline.effectiveOn,
    status: "pending" as const,
    chaseCycle: 0,
    policySnapshot: input.policySnapshot,
    nextActionAt: input.now,
    revision: 1,
    createdAt: input.now,
    updatedAt: input.now,
  } satisfies typeof obligations.$inferInsert;
}

/**
 * Statements creating one obligation per organisation for a period, chunked to D1's
 * 100-parameter limit. `on conflict do nothing` on (period, organisation) makes re-runs no-ops.
 */
export function obligationInsertStatements(
  db: D1Database,
  input: ObligationInsertInput,
): D1PreparedStatement[] {
  const perStatement = rowsPerInsert(Object.keys(newObligation(input, "")).length);
  return chunk(input.organisationIds, perStatement).map((ids) =>
    statementOf(
      db,
      orm(db)
        .insert(obligations)
        .values(ids.map((organisationId) => newObligation(input, organisationId)))
        .onConflictDoNothing({ target: [obligations.periodId, obligations.organisationId] }),
    ),
  );
}
