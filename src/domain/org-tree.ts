/**
 * The organisation tree's pure rules: materialised paths (`/tw/hn/hn-hoankiem/`), keyset
 * cursors, and search by name or code with or without Vietnamese diacritics.
 */
import { AppError } from "../platform/errors";
import type { OrganisationKind } from "./enums";

/** Search queries are cut to this many characters. */
export const MAX_QUERY_LENGTH = 100;

/** D1 refuses LIKE patterns longer than 50 bytes ("LIKE or GLOB pattern too complex"). */
const MAX_LIKE_BYTES = 50;

const VIET_FOLD: Record<string, string> = { đ: "d", Đ: "D" };

/** Removes Vietnamese diacritics (and đ -> d), lower-cases, collapses spaces: "Hoàn Kiếm" -> "hoan kiem". */
export function foldVi(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, (ch) => VIET_FOLD[ch] ?? ch)
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Letters and digits only, folded: "HN-HOANKIEM" and "hoàn kiếm" both give "hoankiem". */
export function compactFold(text: string): string {
  return foldVi(text).replace(/[^0-9a-z]/g, "");
}

/** Escapes LIKE wildcards (with `escape '\'`). */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * `%text%` cut to fit D1's limit: the longest prefix of `text` whose pattern fits. The LIKE is
 * only a prefilter (matches are scored on the full query afterwards), so a prefix is safe.
 */
export function containsPattern(text: string, map: (escaped: string) => string = (e) => e): string {
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  let chars = [...text];
  let pattern = `%${map(likeEscape(chars.join("")))}%`;
  while (bytes(pattern) > MAX_LIKE_BYTES && chars.length > 0) {
    chars = chars.slice(0, -1);
    pattern = `%${map(likeEscape(chars.join("")))}%`;
  }
  return pattern;
}

/**
 * A LIKE pattern that matches the folded query in text with diacritics: every letter that
 * has accented forms in Vietnamese (vowels, d) becomes `_` (one code point in NFC), the rest
 * stays (LIKE is case-insensitive for ASCII). Candidates are confirmed with `foldVi`.
 */
export function foldedLikePattern(folded: string): string {
  return containsPattern(folded, (e) => e.replace(/[aeiouyd]/g, "_"));
}

/** A search query in its three forms: as typed (NFC), folded, and letters-and-digits only. */
export interface SearchTerms {
  text: string;
  folded: string;
  compact: string;
}

export function searchTermsOf(query: string): SearchTerms {
  const text = query.normalize("NFC").trim().replace(/\s+/g, " ");
  return { text, folded: foldVi(text), compact: compactFold(text) };
}

/**
 * Orders LIKE candidates: exact code first, then name prefix, word prefix, name contains, code
 * contains; candidates that match none (the LIKE prefilter is looser) are dropped.
 */
export function rankMatches<T extends { code: string; name: string; level: number }>(
  candidates: T[],
  terms: SearchTerms,
  limit: number,
): T[] {
  const { text, folded, compact } = terms;
  const scored = candidates
    .map((r) => {
      const name = foldVi(r.name);
      const code = compactFold(r.code);
      let score = -1;
      if (r.code.toLowerCase() === text.toLowerCase() || (compact !== "" && code === compact)) score = 0;
      else if (name.startsWith(folded)) score = 1;
      else if (name.split(" ").some((_, i, words) => words.slice(i).join(" ").startsWith(folded))) score = 2;
      else if (name.includes(folded)) score = 3;
      else if (compact !== "" && code.includes(compact)) score = 4;
      return { r, score };
    })
    .filter((x) => x.score >= 0);
  scored.sort((a, b) => a.score - b.score || a.r.level - b.r.level || a.r.name.localeCompare(b.r.name, "vi"));
  return scored.slice(0, limit).map((x) => x.r);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const toB64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/=+$/, "");
const fromB64 = (s: string) => new TextDecoder().decode(Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0)));

export function encodeCursor(parts: (string | number)[]): string {
  return toB64(JSON.stringify(parts)).replace(/\+/g, "-").replace(/\//g, "_");
}

export const invalidCursor = () =>
  new AppError("malformed", "invalid_cursor", "Tham số phân trang (cursor) không hợp lệ", [
    { field: "cursor", message: "Tham số phân trang không hợp lệ" },
  ]);

export function decodeCursor(cursor: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(fromB64(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw invalidCursor();
}

/**
 * The kind a new organisation most likely has under a parent of `parentKind` (the form's
 * preselected choice): a province's committee has communes, a commune's committee has
 * grassroots organisations, and so on down the Party's tree.
 */
export function defaultChildKind(parentKind: OrganisationKind): OrganisationKind {
  const next: Record<OrganisationKind, OrganisationKind> = {
    secretariat: "provincial_committee",
    commission: "provincial_committee",
    central_committee: "committee",
    provincial_committee: "commune",
    committee: "grassroots",
    commune: "grassroots",
    association: "grassroots",
    grassroots: "grassroots",
    state_body: "committee",
  };
  return next[parentKind];
}

/** Depth of a path: `/tw/` is 0. */
export function pathLevel(path: string): number {
  return path.split("/").filter(Boolean).length - 1;
}

/** The ids on a path from the root down to the node's parent. */
export function ancestorIdsOf(path: string): string[] {
  return path.split("/").filter(Boolean).slice(0, -1);
}

/** The field a move's refusal names: the new parent, by its Vietnamese name on pages. */
export const NEW_PARENT = { field: "parentId", label: "Tổ chức cấp trên mới" };

const moveCycle = () =>
  new AppError(
    "invalid",
    "move_cycle",
    "Không thể chuyển tổ chức vào chính nó hoặc vào một tổ chức trực thuộc nó",
    [{ ...NEW_PARENT, message: "Tổ chức cấp trên mới nằm trong cây của chính tổ chức này" }],
  );

const isWithin = (node: { path: string }, root: { path: string }) => node.path.startsWith(root.path);

/**
 * Why `target` cannot become `node`'s new parent, or null when it can: the node itself or one of
 * its descendants (a cycle), or an organisation that has been closed (giải thể/sáp nhập).
 */
export function moveTargetRefusal(node: { path: string }, target: { path: string; closedOn: string | null }) {
  if (isWithin(target, node)) return moveCycle();
  if (target.closedOn) {
    const message = "Tổ chức cấp trên mới đã giải thể/sáp nhập, không thể nhận thêm tổ chức trực thuộc";
    return new AppError("invalid", "parent_closed", message, [{ ...NEW_PARENT, message }]);
  }
  return null;
}
