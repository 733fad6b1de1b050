/** Granting and revoking roles (memberships), each change on the audit trail. */
import { auditStatement } from "../audit";
import type { Role } from "../db/schema";
import { newId } from "../ids";
import { AppError } from "../platform/errors";
import type { Principal } from "./policy";

export interface RoleChangeMeta {
  actor: Principal;
  now: number;
  ip: string;
  reason?: string | null;
}

export async function grantRole(
  db: D1Database,
  input: { personId: string; organisationId: string; role: Role },
  meta: RoleChangeMeta,
): Promise<{ id: string }> {
  const id = newId("m_");
  const [inserted] = await db.batch<{ id: string }>([
    db
      .prepare(
        `insert into memberships (id, person_id, organisation_id, role, created_at) values (?, ?, ?, ?, ?)
         on conflict(person_id, organisation_id, role) do nothing returning id`,
      )
      .bind(id, input.personId, input.organisationId, input.role, meta.now),
    auditStatement(
      db,
      {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "role.granted",
        entityType: "membership",
        entityId: id,
        organisationId: input.organisationId,
        reason: meta.reason ?? null,
        data: { personId: input.personId, role: input.role },
        ip: meta.ip,
      },
      { sql: "exists (select 1 from memberships where id = ?)", params: [id] },
    ),
  ]);
  if (!inserted || inserted.results.length === 0) {
    throw new AppError("conflict", "membership_exists", "Người này đã có vai trò này tại tổ chức này", [
      { field: "role", message: "Vai trò đã được cấp" },
    ]);
  }
  return { id };
}

export async function revokeRole(db: D1Database, membershipId: string, meta: RoleChangeMeta): Promise<void> {
  const row = await db
    .prepare("select id, person_id, organisation_id, role from memberships where id = ?")
    .bind(membershipId)
    .first<{ id: string; person_id: string; organisation_id: string; role: Role }>();
  if (!row) throw new AppError("not_found", "not_found", "Không tìm thấy vai trò");
  // Never lock everyone out: the last administrator stays.
  const deleteSql =
    row.role === "admin"
      ? "delete from memberships where id = ? and (select count(*) from memberships where role = 'admin') > 1 returning id"
      : "delete from memberships where id = ? returning id";
  const [deleted] = await db.batch<{ id: string }>([
    db.prepare(deleteSql).bind(row.id),
    auditStatement(
      db,
      {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "role.revoked",
        entityType: "membership",
        entityId: row.id,
        organisationId: row.organisation_id,
        reason: meta.reason ?? null,
        data: { personId: row.person_id, role: row.role },
        ip: meta.ip,
      },
      { sql: "not exists (select 1 from memberships where id = ?)", params: [row.id] },
    ),
  ]);
  if (!deleted || deleted.results.length === 0) {
    throw new AppError("conflict", "last_admin", "Không thể thu hồi vai trò quản trị cuối cùng của hệ thống");
  }
}
