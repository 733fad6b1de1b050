/**
 * Review decisions, extensions and opening a period's obligations on D1: each one atomic
 * `db.batch()` with its compare-and-swap guard and its audit event.
 */

import { auditStatement } from "../../audit";
import { chunk, rowsPerInsert } from "../../db/client";
import type { ObligationStatus } from "../../db/schema";
import type { WorkingCalendar } from "../../domain/calendar";
import { type Deadline, deadlineOf } from "../../domain/deadline";
import { notificationStatements } from "../../email/ledger";
import { newId } from "../../ids";
import {
  type Actor,
  nominalDueOn,
  type ObligationRow,
  ReportingError,
  type ReviewInput,
} from "./reporting.types";
import { EDITABLE, loadObligation } from "./submissions.queries";

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
