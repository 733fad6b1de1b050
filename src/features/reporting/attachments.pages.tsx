/** Attachments: uploading the signed scan of a report (page form or API client) and reading it back. */
import { requirePolicy } from "../../auth/guard";
import { newId } from "../../ids";
import { wantsHtml } from "../../pages/error";
import { AppError, notFound } from "../../platform/errors";
import { createApi } from "../../platform/openapi";
import {
  contentDisposition,
  MAX_ATTACHMENT_BYTES,
  sanitiseFilename,
  sha256OfBytes,
  sniffType,
} from "./attachment-files";
import { attachmentOrgOf, loadAttachmentObject, recordAttachment } from "./attachments.queries";
import { reportPage } from "./report-page.views";
import { contextOr404, currentValues, obligationOrg } from "./reporting.http";

export const attachmentPages = createApi();

const attachmentOrg = (c: { env: { DB: D1Database }; req: { param(name: string): string | undefined } }) =>
  attachmentOrgOf(c.env.DB, c.req.param("attachmentId") ?? "");

attachmentPages.post("/bao-cao/:id/tep", requirePolicy("attachment.upload", obligationOrg), async (c) => {
  const ctx = await contextOr404(c);
  const ob = ctx.obligation;
  const refuse = async (message: string, status: 409 | 422 = 422) => {
    if (!wantsHtml(c))
      throw new AppError(
        status === 422 ? "invalid" : "conflict",
        status === 422 ? "attachment_invalid" : "report_locked",
        message,
        [{ field: "file", message }],
      );
    return reportPage(
      c,
      ctx,
      { values: currentValues(ctx), baseRevision: ctx.draft?.revision ?? 0, uploadError: message },
      status,
    );
  };
  if (ob.status === "accepted" || ob.status === "waived") {
    return refuse("Báo cáo đã được tiếp nhận hoặc được miễn, không đính kèm thêm tệp được", 409);
  }
  const tooBig = `Tệp quá lớn: tối đa ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`;
  // Refuse an oversized body before reading it (multipart overhead allowed for).
  if (Number(c.req.header("content-length") ?? 0) > MAX_ATTACHMENT_BYTES + 64 * 1024) return refuse(tooBig);
  const posted = await c.req.parseBody().catch(() => null);
  const file = posted?.file;
  if (!(file instanceof File) || file.size === 0) return refuse("Chưa chọn tệp để tải lên");
  if (file.size > MAX_ATTACHMENT_BYTES) return refuse(tooBig);
  const bytes = await file.arrayBuffer();
  const type = sniffType(new Uint8Array(bytes, 0, Math.min(16, bytes.byteLength)));
  if (!type) return refuse("Chỉ nhận tệp PDF, JPEG hoặc PNG (nội dung tệp không phải các định dạng này)");
  const id = newId("att_");
  const key = `obligations/${ob.id}/${id}`;
  const filename = sanitiseFilename(file.name, type);
  const sha256 = await sha256OfBytes(bytes);
  const now = c.var.now;
  await c.env.FILES.put(key, bytes, { httpMetadata: { contentType: type }, sha256 });
  try {
    await recordAttachment(c.env.DB, {
      id,
      obligationId: ob.id,
      organisationId: ob.organisationId,
      key,
      filename,
      type,
      size: bytes.byteLength,
      sha256,
      personId: c.var.principal?.personId ?? null,
      actorKind: c.var.principal?.kind === "token" ? "token" : "person",
      now,
    });
  } catch (err) {
    // No row, no object: an orphan in R2 would be invisible and never cleaned up.
    await c.env.FILES.delete(key);
    throw err;
  }
  if (wantsHtml(c)) return c.redirect(`/bao-cao/${ob.id}?da-tai-len=1#tep`, 303);
  return c.json({ attachment: { id, filename, contentType: type, size: bytes.byteLength, sha256 } }, 201);
});

attachmentPages.get("/tep/:attachmentId", requirePolicy("attachment.read", attachmentOrg), async (c) => {
  const row = await loadAttachmentObject(c.env.DB, c.req.param("attachmentId"));
  if (!row) throw notFound("Không tìm thấy tệp");
  const object = await c.env.FILES.get(row.objectKey);
  if (!object) throw notFound("Không tìm thấy tệp");
  return new Response(object.body, {
    headers: {
      "content-type": row.contentType,
      "content-length": String(object.size),
      "content-disposition": contentDisposition(row.filename),
      "x-content-type-options": "nosniff",
    },
  });
});
