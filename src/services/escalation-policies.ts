/**
 * Data access for escalation policies and their steps. Editing a policy replaces its steps in one
 * batch with a compare-and-swap on `revision`; running chases are unaffected because each
 * obligation carries the snapshot taken when its period opened (`policySnapshot`).
 */
import { auditStatement } from "../audit";
import type { Audience } from "../db/schema";
import { normalisedSteps, type PolicyInput } from "../domain/escalation-policy";
import type { PolicyStep } from "../domain/ladder";
import type { ChangeMeta } from "../features/directives";
import { newId } from "../ids";
import { AppError, notFound } from "../platform/errors";

export interface StoredPolicy {
  id: string;
  name: string;
  description: string | null;
  organisationId: string | null;
  organisationName: string | null;
  organisationPath: string | null;
  revision: number;
  updatedAt: number;
  steps: PolicyStep[];
  /** Schedules that use the policy (their next periods take the edited ladder). */
  schedules: { id: string; name: string; active: boolean }[];
}

const POLICY_SELECT = `select p.id, p.name, p.description, p.organisation_id as organisationId, o.name as organisationName,
    o.path as organisationPath, p.revision, p.updated_at as updatedAt
  from escalation_policies p left join organisations o on o.id = p.organisation_id`;

type PolicyHead = Omit<StoredPolicy, "steps" | "schedules">;

export async function listPolicies(db: D1Database): Promise<StoredPolicy[]> {
  const [heads, steps, schedules] = await db.batch([
    db.prepare(`${POLICY_SELECT} order by p.name limit 200`),
    db.prepare(
      "select policy_id, offset_days as offsetDays, audience, template from escalation_steps order by offset_days, audience",
    ),
    db.prepare("select id, name, policy_id, active from reporting_schedules order by name"),
  ]);
  const stepRows = (steps?.results ?? []) as (PolicyStep & { policy_id: string })[];
  const scheduleRows = (schedules?.results ?? []) as {
    id: string;
    name: string;
    policy_id: string;
    active: number;
  }[];
  return ((heads?.results ?? []) as PolicyHead[]).map((h) => ({
    ...h,
    steps: normalisedSteps(stepRows.filter((s) => s.policy_id === h.id)),
    schedules: scheduleRows
      .filter((s) => s.policy_id === h.id)
      .map((s) => ({ id: s.id, name: s.name, active: s.active === 1 })),
  }));
}

export async function loadPolicy(db: D1Database, id: string): Promise<StoredPolicy | null> {
  const [head, steps, schedules] = await db.batch([
    db.prepare(`${POLICY_SELECT} where p.id = ?`).bind(id),
    db
      .prepare(
        "select offset_days as offsetDays, audience, template from escalation_steps where policy_id = ?",
      )
      .bind(id),
    db.prepare("select id, name, active from reporting_schedules where policy_id = ? order by name").bind(id),
  ]);
  const row = head?.results[0] as PolicyHead | undefined;
  if (!row) return null;
  return {
    ...row,
    steps: normalisedSteps((steps?.results ?? []) as { offsetDays: number; audience: Audience }[]),
    schedules: ((schedules?.results ?? []) as { id: string; name: string; active: number }[]).map((s) => ({
      ...s,
      active: s.active === 1,
    })),
  };
}

function stepInserts(db: D1Database, policyId: string, input: PolicyInput): D1PreparedStatement[] {
  return normalisedSteps(input.steps).map((s) =>
    db
      .prepare(
        "insert into escalation_steps (id, policy_id, offset_days, audience, template) values (?, ?, ?, ?, ?)",
      )
      .bind(newId("step_"), policyId, s.offsetDays, s.audience, s.template),
  );
}

export async function createPolicy(db: D1Database, input: PolicyInput, meta: ChangeMeta): Promise<string> {
  const id = newId("pol_");
  await db.batch([
    db
      .prepare(
        `insert into escalation_policies (id, name, description, organisation_id, revision, created_at, updated_at)
         values (?, ?, ?, ?, 1, ?, ?)`,
      )
      .bind(id, input.name, input.description ?? null, input.organisationId, meta.now, meta.now),
    ...stepInserts(db, id, input),
    auditStatement(db, {
      at: meta.now,
      actorPersonId: meta.actor.personId,
      actorKind: meta.actor.kind,
      action: "escalation_policy.created",
      entityType: "escalation_policy",
      entityId: id,
      organisationId: input.organisationId,
      data: { name: input.name, steps: normalisedSteps(input.steps) },
      ip: meta.ip,
    }),
  ]);
  return id;
}

/** A stale edit: the stored policy travels with the error so both versions can be shown. */
export class StalePolicyError extends AppError {
  constructor(readonly current: StoredPolicy) {
    super(
      "conflict",
      "stale_revision",
      "Quy trình đã được người khác sửa trong lúc đồng chí đang sửa. Các bước đồng chí vừa nhập vẫn còn bên dưới, bên cạnh bản đã lưu; vui lòng đối chiếu rồi lưu lại.",
      [{ field: "revision", message: `Phiên bản hiện tại là ${current.revision}` }],
    );
  }
}

export async function updatePolicy(
  db: D1Database,
  existing: StoredPolicy,
  input: PolicyInput,
  meta: ChangeMeta,
): Promise<void> {
  if (input.revision === undefined) {
    throw new AppError("invalid", "validation_failed", "Thiếu phiên bản đang sửa", [
      { field: "revision", message: "Vui lòng gửi kèm phiên bản (revision) đang sửa" },
    ]);
  }
  try {
    await db.batch([
      db
        .prepare(
          `update escalation_policies set name = ?, description = ?, organisation_id = ?, revision = revision + 1,
             updated_at = ? where id = ? and revision = ?`,
        )
        .bind(
          input.name,
          input.description ?? null,
          input.organisationId,
          meta.now,
          existing.id,
          input.revision,
        ),
      // Compare-and-swap guard: nothing changed above means someone saved in between; abort the batch.
      db
        .prepare("update escalation_policies set name = null where id = ? and changes() = 0")
        .bind(existing.id),
      db.prepare("delete from escalation_steps where policy_id = ?").bind(existing.id),
      ...stepInserts(db, existing.id, input),
      auditStatement(db, {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "escalation_policy.updated",
        entityType: "escalation_policy",
        entityId: existing.id,
        organisationId: input.organisationId,
        data: { before: existing.steps, after: normalisedSteps(input.steps), name: input.name },
        ip: meta.ip,
      }),
    ]);
  } catch (err) {
    if (String(err).includes("NOT NULL")) {
      const current = await loadPolicy(db, existing.id);
      if (!current) throw notFound("Không tìm thấy quy trình");
      throw new StalePolicyError(current);
    }
    throw err;
  }
}
