/**
 * Granting and revoking roles (memberships), each change with its audit row in one batch. The
 * JSON API names a person by id or address and an organisation by id, checked with
 * `roles.manage` on that organisation; the page (administrators only) names them by address
 * and code. The last administrator is never revoked.
 */
import { auditStatement } from "../../audit";
import { type Guard, loadOrg } from "../../auth/guard";
import type { Role } from "../../db/schema";
import { newId } from "../../ids";
import { AppError, invalidField } from "../../platform/errors";
import type { ActionMeta } from "./auth.service";
import {
  deleteMembershipStatement,
  insertMembershipStatement,
  type MembershipFilter,
  type MembershipRow,
  membershipById,
  membershipExists,
  organisationByCode,
  personByEmail,
  personById,
  listMemberships as selectMemberships,
} from "./memberships.queries";
import type { GrantFormInput, GrantInput } from "./memberships.schemas";

export type { MembershipRow } from "./memberships.queries";

export interface RoleChangeMeta extends ActionMeta {
  reason?: string | null;
}

export function listMemberships(db: D1Database, filter: MembershipFilter): Promise<MembershipRow[]> {
  return selectMemberships(db, filter);
}

function findPerson(db: D1Database, by: { personId?: string; email?: string }) {
  return by.personId ? personById(db, by.personId) : personByEmail(db, by.email!.trim().toLowerCase());
}

async function grantRole(
  db: D1Database,
  input: { personId: string; organisationId: string; role: Role },
  meta: RoleChangeMeta,
): Promise<{ id: string }> {
  const id = newId("m_");
  const [inserted] = await db.batch<{ id: string }>([
    insertMembershipStatement(db, { id, ...input, createdAt: meta.now }),
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
      membershipExists(id, true),
    ),
  ]);
  if (!inserted || inserted.results.length === 0) {
    throw new AppError("conflict", "membership_exists", "Người này đã có vai trò này tại tổ chức này", [
      { field: "role", message: "Vai trò đã được cấp" },
    ]);
  }
  return { id };
}

/** The JSON API's grant: `roles.manage` on the organisation, checked once it is found. */
export async function grantMembership(db: D1Database, input: GrantInput, guard: Guard, meta: ActionMeta) {
  const org = await loadOrg(db, input.organisationId);
  if (!org) throw invalidField("organisationId", "Không tìm thấy tổ chức");
  guard.require("roles.manage", org);
  const person = await findPerson(db, input);
  if (!person) throw invalidField(input.personId ? "personId" : "email", "Không tìm thấy người dùng");
  const { id } = await grantRole(
    db,
    { personId: person.id, organisationId: org.id, role: input.role },
    { ...meta, reason: input.reason },
  );
  return { id, personId: person.id, organisationId: org.id, role: input.role };
}

/** The page's grant (its route allows administrators only): organisation by code, person by address. */
export async function grantMembershipByCode(
  db: D1Database,
  input: GrantFormInput,
  meta: ActionMeta,
): Promise<string> {
  const org = await organisationByCode(db, input.organisationCode);
  if (!org) throw invalidField("organisationCode", "Không tìm thấy tổ chức có mã này");
  const person = await findPerson(db, { email: input.email });
  if (!person) throw invalidField("email", "Không tìm thấy người dùng có địa chỉ này");
  const { id } = await grantRole(
    db,
    { personId: person.id, organisationId: org.id, role: input.role },
    { ...meta, reason: input.reason },
  );
  return id;
}

/** Revokes a membership (the route has checked `roles.manage` on its organisation). */
export async function revokeMembership(
  db: D1Database,
  membershipId: string,
  meta: RoleChangeMeta,
): Promise<void> {
  const row = await membershipById(db, membershipId);
  if (!row) throw new AppError("not_found", "not_found", "Không tìm thấy vai trò");
  const [deleted] = await db.batch<{ id: string }>([
    deleteMembershipStatement(db, row.id, row.role),
    auditStatement(
      db,
      {
        at: meta.now,
        actorPersonId: meta.actor.personId,
        actorKind: meta.actor.kind,
        action: "role.revoked",
        entityType: "membership",
        entityId: row.id,
        organisationId: row.organisationId,
        reason: meta.reason ?? null,
        data: { personId: row.personId, role: row.role },
        ip: meta.ip,
      },
      membershipExists(row.id, false),
    ),
  ]);
  if (!deleted || deleted.results.length === 0) {
    throw new AppError("conflict", "last_admin", "Không thể thu hồi vai trò quản trị cuối cùng của hệ thống");
  }
}
