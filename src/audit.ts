/** Every change and every email goes on the audit trail: who, what, when, why. */
import { newId } from "./ids";

export interface AuditEvent {
  at: number;
  actorPersonId?: string | null;
  actorKind: "person" | "token" | "system" | "anonymous";
  action: string;
  entityType: string;
  entityId?: string | null;
  organisationId?: string | null;
  reason?: string | null;
  data?: unknown;
  ip?: string | null;
}

/**
 * A statement to put in the same `db.batch()` as the change it describes. With `onlyIf`
 * (an SQL condition and its parameters) the event is written only when the change happened,
 * e.g. `exists (select 1 from report_versions where id = ?)`.
 */
export function auditStatement(
  db: D1Database,
  event: AuditEvent,
  onlyIf?: { sql: string; params: (string | number | null)[] },
): D1PreparedStatement {
  return db
    .prepare(
      `insert into audit_events (id, at, actor_person_id, actor_kind, action, entity_type, entity_id, organisation_id, reason, data, ip)
       select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? ${onlyIf ? `where ${onlyIf.sql}` : ""}`,
    )
    .bind(
      newId("a"),
      event.at,
      event.actorPersonId ?? null,
      event.actorKind,
      event.action,
      event.entityType,
      event.entityId ?? null,
      event.organisationId ?? null,
      event.reason ?? null,
      event.data === undefined ? null : JSON.stringify(event.data),
      event.ip ?? null,
      ...(onlyIf?.params ?? []),
    );
}

export async function audit(db: D1Database, event: AuditEvent): Promise<void> {
  await auditStatement(db, event).run();
}
