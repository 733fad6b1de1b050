/** The audit trail's one statement: an event row, written with the change it describes. */
import { orm, statementOf } from "./db/client";
import { auditEvents } from "./db/schema";

export type AuditRow = typeof auditEvents.$inferInsert;

/** A caller's SQL condition with its parameters (positional `?`), e.g. `exists (select 1 from … where id = ?)`. */
export interface AuditCondition {
  sql: string;
  params: (string | number | null)[];
}

export function insertAuditStatement(
  db: D1Database,
  row: AuditRow,
  onlyIf?: AuditCondition,
): D1PreparedStatement {
  if (!onlyIf) return statementOf(db, orm(db).insert(auditEvents).values(row));
  // Raw: an insert of constants gated by the caller's SQL condition (insert … select … where),
  // which the query builder cannot write without a source table.
  return db
    .prepare(
      `insert into audit_events (id, at, actor_person_id, actor_kind, action, entity_type, entity_id, organisation_id, reason, data, ip)
       select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where ${onlyIf.sql}`,
    )
    .bind(
      row.id,
      row.at,
      row.actorPersonId ?? null,
      row.actorKind,
      row.action,
      row.entityType,
      row.entityId ?? null,
      row.organisationId ?? null,
      row.reason ?? null,
      row.data ?? null,
      row.ip ?? null,
      ...onlyIf.params,
    );
}
