/**
 * Attachments (the signed scan of a report): what may be stored, decided from the file's own
 * bytes, never from the name or the type the browser declares.
 */

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type AttachmentType = "application/pdf" | "image/jpeg" | "image/png";

const EXTENSION: Record<AttachmentType, string> = {
  "application/pdf": ".pdf",
  "image/jpeg": ".jpg",
  "image/png": ".png",
};

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** The type given by the magic bytes: `%PDF-`, JPEG SOI `FF D8 FF`, the PNG signature; else null. */
export function sniffType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  return null;
}

/**
 * A safe file name to store and to offer on download: no directories, no control or
 * shell/HTML-special characters, at most 100 characters, with the extension of the real type.
 */
export function sanitiseFilename(name: string, type: AttachmentType): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .normalize("NFC")
    .replace(/[^\p{L}\p{N} ._()-]+/gu, "_")
    .replace(/\s+/g, " ")
    .replace(/^[ .]+/, "")
    .trim();
  const stem = base.replace(/\.[^.]*$/, "").slice(0, 90) || "tep-dinh-kem";
  return `${stem}${EXTENSION[type]}`;
}

/** `content-disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266/8187). */
export function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9 ._()-]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function sha256OfBytes(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}
