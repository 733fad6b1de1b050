/** Attachments on D1: the organisation one belongs to, where its bytes are, recording an upload. */
import { auditStatement } from "../../audit";
import type { OrgRef } from "../../auth/guard";

/** The organisation of an attachment, through its obligation. */
export async function attachmentOrgOf(db: D1Database, attachmentId: string): Promise<OrgRef | null> {
  return db
    .prepare(
      `select o.id, o.path from attachments a join obligations ob on ob.id = a.obligation_id
     join organisations o on o.id = ob.organisation_id where a.id = ?`,
    )
    .bind(attachmentId)
    .first<OrgRef>();
}

export async function loadAttachmentObject(
  db: D1Database,
  attachmentId: string,
): Promise<{ object_key: string; filename: string; content_type: string } | null> {
  return db
    .prepare("select object_key, filename, content_type from attachments where id = ?")
    .bind(attachmentId)
    .first<{ object_key: string; filename: string; content_type: string }>();
}

export interface NewAttachment {
  id: string;
  obligationId: string;
  organisationId: string;
  key: string;
  filename: string;
  type: string;
  size: number;
  sha256: string;
  personId: string | null;
  actorKind: "person" | "token";
  now: number;
}

/** The attachment row and its audit event, in one batch. */
export async function recordAttachment(db: D1Database, a: NewAttachment): Promise<void> {
  await db.batch([
    db
      .prepare(
        "insert into attachments (id, obligation_id, object_key, filename, content_type, size, sha256, uploaded_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(a.id, a.obligationId, a.key, a.filename, a.type, a.size, a.sha256, a.personId, a.now),
    auditStatement(db, {
      at: a.now,
      actorPersonId: a.personId,
      actorKind: a.actorKind,
      action: "attachment.uploaded",
      entityType: "obligation",
      entityId: a.obligationId,
      organisationId: a.organisationId,
      data: { attachmentId: a.id, filename: a.filename, contentType: a.type, size: a.size, sha256: a.sha256 },
    }),
  ]);
}
