/** Reading an upload and running an import for the import's API and page. */
import type { Context } from "hono";
import { actorWithIp } from "../../auth/actor";
import { scopeFor } from "../../auth/policy";
import type { AppEnv } from "../../http/context";
import { AppError, forbidden } from "../../platform/errors";
import { decodeUtf8 } from "./import.parse";
import { type ImportKind, type ImportResult, MAX_IMPORT_BYTES } from "./import.schemas";
import { type ImportContext, importOrganisations } from "./org-import.service";
import { importPeople } from "./people-import.service";

/** Importing needs org.manage somewhere; each row's parent is checked by the import itself. */
export function requireImportRight(c: Context<AppEnv>): void {
  const s = scopeFor(c.var.principal, "org.manage");
  if (!(s.global || s.subtrees.length > 0 || s.exact.length > 0)) throw forbidden();
  // The import checks org.manage on every affected parent row by row.
  c.set("authorized", [...(c.var.authorized ?? []), "org.manage"]);
}

const tooBig = () =>
  new AppError(
    "too_large",
    "file_too_large",
    `Tệp quá lớn (tối đa ${MAX_IMPORT_BYTES / 1024 / 1024} MB); hãy chia nhỏ tệp`,
  );

/** The uploaded bytes: a text/csv body, or the `file` field of a multipart form. */
export async function uploadedBytes(
  c: Context<AppEnv>,
): Promise<{ bytes: ArrayBuffer; fields: Record<string, string> }> {
  const type = c.req.header("content-type") ?? "";
  const length = Number(c.req.header("content-length") ?? "0");
  if (length > MAX_IMPORT_BYTES + 64 * 1024) throw tooBig();
  if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) {
    const body = await c.req.parseBody();
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") fields[k] = v;
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) {
      throw new AppError("invalid", "file_missing", "Vui lòng chọn tệp CSV để tải lên", [
        { field: "file", message: "Chưa chọn tệp" },
      ]);
    }
    if (file.size > MAX_IMPORT_BYTES) throw tooBig();
    return { bytes: await file.arrayBuffer(), fields };
  }
  if (type.startsWith("text/csv") || type.startsWith("text/plain") || type === "") {
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength > MAX_IMPORT_BYTES) throw tooBig();
    return { bytes, fields: {} };
  }
  throw new AppError(
    "unsupported",
    "unsupported_media_type",
    "Hãy gửi tệp CSV (text/csv) hoặc biểu mẫu có trường file",
  );
}

export async function runImport(
  c: Context<AppEnv>,
  kind: ImportKind,
  bytes: ArrayBuffer,
  dryRun: boolean,
): Promise<ImportResult> {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { ok: false, issues: [decoded.issue], badEncoding: true };
  const ctx: ImportContext = {
    db: c.env.DB,
    principal: c.var.principal!,
    actor: actorWithIp(c),
    now: c.var.now,
    dryRun,
  };
  return kind === "organisations" ? importOrganisations(ctx, decoded.text) : importPeople(ctx, decoded.text);
}
