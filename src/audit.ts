/** Every change and every email goes on the audit trail: who, what, when, why. */
import { type AuditCondition, insertAuditStatement } from "./audit.queries";
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
  onlyIf?: AuditCondition,
): D1PreparedStatement {
  return insertAuditStatement(
    db,
    {
      id: newId("a"),
      at: event.at,
      actorPersonId: event.actorPersonId ?? null,
      actorKind: event.actorKind,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      organisationId: event.organisationId ?? null,
      reason: event.reason ?? null,
      data: event.data === undefined ? null : JSON.stringify(event.data),
      ip: event.ip ?? null,
    },
    onlyIf,
  );
}

export async function audit(db: D1Database, event: AuditEvent): Promise<void> {
  await auditStatement(db, event).run();
}
