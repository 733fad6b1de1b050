/** Attachments on D1: the organisation one belongs to, where its bytes are, recording an upload. */
import { eq } from "drizzle-orm";
import { auditStatement } from "../../audit";
import type { OrgRef } from "../../auth/guard";
import { columnsOf, orm, statementOf } from "../../db/client";
import { withOrganisation } from "../../db/joins";
import { rowById } from "../../db/rows.queries";
import { attachments, obligations, organisations } from "../../db/schema";

/** The organisation of an attachment, through its obligation. */
export async function attachmentOrgOf(db: D1Database, attachmentId: string): Promise<OrgRef | null> {
  const withObligation = orm(db)
    .select({ id: organisations.id, path: organisations.path })
    .from(attachments)
    .innerJoin(obligations, eq(obligations.id, attachments.obligationId))
    .$dynamic();
  const [row] = await withOrganisation(withObligation).where(eq(attachments.id, attachmentId));
  return row ?? null;
}

export async function loadAttachmentObject(db: D1Database, attachmentId: string) {
  return rowById(
    db,
    attachments,
    columnsOf(attachments, "objectKey", "filename", "contentType"),
    attachmentId,
  );
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
    statementOf(
      db,
      orm(db).insert(attachments).values({
        id: a.id,
        obligationId: a.obligationId,
        objectKey: a.key,
        filename: a.filename,
        contentType: a.type,
        size: a.size,
        sha256: a.sha256,
        uploadedBy: a.personId,
        createdAt: a.now,
      }),
    ),
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
