/**
 * Escalation policies' decisions: a policy as read (its ladder in order, the schedules using it),
 * who may edit it (`directive.manage` on its organisation; a system-wide policy only with a
 * global scope), creating one and editing one in one batch with its audit, a compare-and-swap on
 * `revision` (a stale edit fails with both versions). Running chases are unaffected: each
 * obligation carries the ladder snapshotted when its period opened (`policySnapshot`).
 */
import { auditStatement } from "../../audit";
import { type Guard, loadOrg } from "../../auth/guard";
import { can, type Principal } from "../../auth/policy";
import { loadCalendar } from "../../db/calendar";
import type { WorkingCalendar } from "../../domain/calendar";
import { normalisedSteps, type PolicyInput } from "../../domain/escalation-policy";
import type { PolicyStep } from "../../domain/ladder";
import { addDays, type LocalDate, localDate } from "../../domain/time";
import { newId } from "../../ids";
import { AppError, invalidField, notFound, StaleRevisionError } from "../../platform/errors";
import type { ChangeMeta } from "../directives";
import {
  deleteStepsStatement,
  insertStepStatements,
  isStaleGuardError,
  type PolicyHead,
  readAllPolicies,
  readPolicy,
  savePolicyStatement,
  staleGuardStatement,
} from "./escalation.queries";

export interface StoredPolicy extends PolicyHead {
  steps: PolicyStep[];
  /** Schedules that use the policy (their next periods take the edited ladder). */
  schedules: { id: string; name: string; active: boolean }[];
}

export const POLICY_NOT_FOUND = "Không tìm thấy quy trình nhắc";

export async function listPolicies(db: D1Database): Promise<StoredPolicy[]> {
  const { heads, steps, schedules } = await readAllPolicies(db);
  return heads.map((h) => ({
    ...h,
    steps: normalisedSteps(steps.filter((s) => s.policyId === h.id)),
    schedules: schedules
      .filter((s) => s.policyId === h.id)
      .map((s) => ({ id: s.id, name: s.name, active: s.active })),
  }));
}

export async function loadPolicy(db: D1Database, id: string): Promise<StoredPolicy | null> {
  const { head, steps, schedules } = await readPolicy(db, id);
  if (!head) return null;
  return {
    ...head,
    steps: normalisedSteps(steps),
    schedules: schedules.map((s) => ({ id: s.id, name: s.name, active: s.active })),
  };
}

/** The policy, or "not found". */
export async function existingPolicy(db: D1Database, id: string): Promise<StoredPolicy> {
  const p = await loadPolicy(db, id);
  if (!p) throw notFound(POLICY_NOT_FOUND);
  return p;
}

/** Whether the principal may edit the policy (to offer the edit link and page). */
export function mayEditPolicy(principal: Principal | null, p: StoredPolicy): boolean {
  return can(principal, "directive.manage", p.organisationPath ?? undefined);
}

/** A due date to show a ladder against: the next working day a month from today. */
export async function exampleDue(
  db: D1Database,
  now: number,
): Promise<{ dueOn: LocalDate; calendar: WorkingCalendar }> {
  const calendar = await loadCalendar(db);
  return { dueOn: calendar.nextWorkingDay(addDays(localDate(now), 30)), calendar };
}

/** Who may own a policy: `directive.manage` on its organisation, or globally when it has none. */
async function requireOwner(db: D1Database, guard: Guard, organisationId: string | null): Promise<void> {
  if (organisationId === null) {
    guard.requireGlobal("directive.manage");
    return;
  }
  const org = await loadOrg(db, organisationId);
  if (!org) {
    throw invalidField("organisationId", "Không tìm thấy tổ chức");
  }
  guard.require("directive.manage", org);
}

function columnsOf(input: PolicyInput) {
  return { name: input.name, description: input.description ?? null, organisationId: input.organisationId };
}

/** Creates a policy owned by an organisation the editor manages; returns its id. */
export async function createPolicy(
  db: D1Database,
  input: PolicyInput,
  guard: Guard,
  meta: ChangeMeta,
): Promise<string> {
  await requireOwner(db, guard, input.organisationId);
  const id = newId("pol_");
  const steps = normalisedSteps(input.steps);
  await db.batch([
    savePolicyStatement(db, id, null, columnsOf(input), meta.now),
    ...insertStepStatements(db, id, steps),
    auditStatement(db, {
      at: meta.now,
      actorPersonId: meta.actor.personId,
      actorKind: meta.actor.kind,
      action: "escalation_policy.created",
      entityType: "escalation_policy",
      entityId: id,
      organisationId: input.organisationId,
      data: { name: input.name, steps },
      ip: meta.ip,
    }),
  ]);
  return id;
}

/** A stale edit: the stored policy travels with the error so both versions can be shown. */
export class StalePolicyError extends StaleRevisionError<StoredPolicy> {
  constructor(current: StoredPolicy) {
    super(
      current,
      "Quy trình đã được người khác sửa trong lúc đồng chí đang sửa. Các bước đồng chí vừa nhập vẫn còn bên dưới, bên cạnh bản đã lưu; vui lòng đối chiếu rồi lưu lại.",
    );
  }
}

/**
 * Edits a policy from the revision the editor started from: the editor must manage both its
 * current and its new organisation; the steps are replaced. A stale revision: `StalePolicyError`.
 * Returns the policy's id.
 */
export async function updatePolicy(
  db: D1Database,
  existing: StoredPolicy,
  input: PolicyInput,
  guard: Guard,
  meta: ChangeMeta,
): Promise<string> {
  await requireOwner(db, guard, existing.organisationId);
  await requireOwner(db, guard, input.organisationId);
  if (input.revision === undefined) {
    throw new AppError("invalid", "validation_failed", "Thiếu phiên bản đang sửa", [
      { field: "revision", message: "Vui lòng gửi kèm phiên bản (revision) đang sửa" },
    ]);
  }
  const steps = normalisedSteps(input.steps);
  try {
    await db.batch([
      savePolicyStatement(db, existing.id, input.revision, columnsOf(input), meta.now),
      staleGuardStatement(db, existing.id),
      deleteStepsStatement(db, existing.id),
      ...insertStepStatements(db, existing.id, steps),
      auditStatement(db, {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "escalation_policy.updated",
        entityType: "escalation_policy",
        entityId: existing.id,
        organisationId: input.organisationId,
        data: { before: existing.steps, after: steps, name: input.name },
        ip: meta.ip,
      }),
    ]);
  } catch (err) {
    if (isStaleGuardError(err)) {
      const current = await loadPolicy(db, existing.id);
      if (!current) throw notFound("Không tìm thấy quy trình");
      throw new StalePolicyError(current);
    }
    throw err;
  }
  return existing.id;
}
