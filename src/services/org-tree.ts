/**
 * The organisation tree on D1: lists (keyset pages), search, create, move and close.
 * Paths are materialised (`/tw/hn/hn-hoankiem/`): a subtree is the index range
 * `path >= p and path < p || '~'`, so moving a node rewrites its subtree with one
 * UPDATE on that range (no per-row round trips, whatever the subtree's size).
 */
import { auditStatement } from "../audit";
import { type ActionScope, scopeSql } from "../auth/policy";
import type { OrganisationKind } from "../db/schema";
import { newId } from "../ids";
import { AppError } from "../platform/errors";

export interface OrgRow {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  kind: OrganisationKind;
  parentId: string | null;
  level: number;
  path: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  population: number | null;
  openedOn: string | null;
  closedOn: string | null;
  sortOrder: number;
}

export const ORG_COLUMNS = `o.id, o.code, o.name, o.short_name as shortName, o.kind, o.parent_id as parentId, o.level,
  o.path, o.email, o.phone, o.address, o.population, o.opened_on as openedOn, o.closed_on as closedOn,
  o.sort_order as sortOrder`;

export const KIND_LABELS: Record<OrganisationKind, string> = {
  secretariat: "Ban Bí thư",
  commission: "Ban Tuyên giáo và Dân vận",
  central_committee: "Đảng ủy trực thuộc Trung ương",
  provincial_committee: "Tỉnh ủy, thành ủy",
  committee: "Đảng ủy",
  commune: "Đảng ủy xã, phường",
  association: "Hội, tổ chức thành viên",
  grassroots: "Tổ chức cơ sở đảng",
  state_body: "Cơ quan nhà nước",
};

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
 * A LIKE pattern that matches the folded query in text with diacritics: every letter that
 * has accented forms in Vietnamese (vowels, d) becomes `_` (one code point in NFC), the rest
 * stays (LIKE is case-insensitive for ASCII). Candidates are confirmed in JS with `foldVi`.
 */
/** D1 refuses LIKE patterns longer than 50 bytes ("LIKE or GLOB pattern too complex"). */
const MAX_LIKE_BYTES = 50;

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

function foldedLikePattern(folded: string): string {
  return containsPattern(folded, (e) => e.replace(/[aeiouyd]/g, "_"));
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

export function decodeCursor(cursor: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(fromB64(cursor.replace(/-/g, "+").replace(/_/g, "/")));
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // fall through
  }
  throw new AppError("malformed", "invalid_cursor", "Tham số phân trang (cursor) không hợp lệ", [
    { field: "cursor", message: "Tham số phân trang không hợp lệ" },
  ]);
}

/** Children of `parentId`, in display order, one keyset page (cursor = last (sortOrder, id)). */
export async function listChildren(
  db: D1Database,
  parentId: string,
  opts: { cursor?: string; limit: number },
): Promise<Page<OrgRow>> {
  let after: [number, string] | null = null;
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    if (typeof c[0] !== "number" || typeof c[1] !== "string") throw decodeCursorError();
    after = [c[0], c[1]];
  }
  const { results } = await db
    .prepare(
      `select ${ORG_COLUMNS} from organisations o where o.parent_id = ?
       ${after ? "and (o.sort_order > ? or (o.sort_order = ? and o.id > ?))" : ""}
       order by o.sort_order, o.id limit ?`,
    )
    .bind(parentId, ...(after ? [after[0], after[0], after[1]] : []), opts.limit + 1)
    .all<OrgRow>();
  const items = results.slice(0, opts.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: results.length > opts.limit && last ? encodeCursor([last.sortOrder, last.id]) : null,
  };
}

function decodeCursorError() {
  return new AppError("malformed", "invalid_cursor", "Tham số phân trang (cursor) không hợp lệ", [
    { field: "cursor", message: "Tham số phân trang không hợp lệ" },
  ]);
}

/** Every organisation in a scope, in tree order (keyset on the unique path). */
export async function listInScope(
  db: D1Database,
  scope: ActionScope,
  opts: { cursor?: string; limit: number },
): Promise<Page<OrgRow>> {
  let after: string | null = null;
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    if (typeof c[0] !== "string") throw decodeCursorError();
    after = c[0];
  }
  const where = scopeSql(scope, "o");
  const { results } = await db
    .prepare(
      `select ${ORG_COLUMNS} from organisations o where ${where.sql} ${after ? "and o.path > ?" : ""}
       order by o.path limit ?`,
    )
    .bind(...where.params, ...(after ? [after] : []), opts.limit + 1)
    .all<OrgRow>();
  const items = results.slice(0, opts.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: results.length > opts.limit && last ? encodeCursor([last.path]) : null };
}

/** The top organisations a scope can see: the roots when global, else the organisations where its grants sit. */
export async function scopeRoots(db: D1Database, scope: ActionScope): Promise<OrgRow[]> {
  if (scope.global) {
    const { results } = await db
      .prepare(
        `select ${ORG_COLUMNS} from organisations o where o.parent_id is null order by o.sort_order, o.id`,
      )
      .all<OrgRow>();
    return results;
  }
  const paths = scope.subtrees;
  const ids = scope.exact;
  if (paths.length === 0 && ids.length === 0) return [];
  const parts: string[] = [];
  if (paths.length) parts.push(`o.path in (${paths.map(() => "?").join(",")})`);
  if (ids.length) parts.push(`o.id in (${ids.map(() => "?").join(",")})`);
  const { results } = await db
    .prepare(
      `select ${ORG_COLUMNS} from organisations o where ${parts.join(" or ")} order by o.path limit 100`,
    )
    .bind(...paths, ...ids)
    .all<OrgRow>();
  // An exact organisation inside a visible subtree is already reachable from its root.
  return results.filter((r) => !paths.some((p) => r.path !== p && r.path.startsWith(p)));
}

export const MAX_QUERY_LENGTH = 100;

/**
 * Search by name or code within a scope: the NFC text (contains, case-insensitive for ASCII)
 * and the diacritics-folded form ("hoan kiem" finds "Hoàn Kiếm"); prefix matches first.
 */
export async function searchOrganisations(
  db: D1Database,
  scope: ActionScope,
  query: string,
  limit: number,
): Promise<OrgRow[]> {
  const q = query.normalize("NFC").trim().replace(/\s+/g, " ");
  const folded = foldVi(q);
  const compact = compactFold(q);
  if (folded === "") return [];
  const where = scopeSql(scope, "o");
  const { results } = await db
    .prepare(
      `select ${ORG_COLUMNS} from organisations o
       where ${where.sql} and (o.name like ? escape '\\' or o.code like ? escape '\\' or o.name like ? escape '\\'
         or replace(replace(o.code, '-', ''), '_', '') like ? escape '\\')
       order by o.level, o.path limit 400`,
    )
    .bind(
      ...where.params,
      containsPattern(q),
      containsPattern(q),
      foldedLikePattern(folded),
      compact ? containsPattern(compact) : "\u0000",
    )
    .all<OrgRow>();
  const scored = results
    .map((r) => {
      const name = foldVi(r.name);
      const code = compactFold(r.code);
      let score = -1;
      if (r.code.toLowerCase() === q.toLowerCase() || (compact !== "" && code === compact)) score = 0;
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

export async function getOrg(db: D1Database, id: string): Promise<OrgRow | null> {
  return db.prepare(`select ${ORG_COLUMNS} from organisations o where o.id = ?`).bind(id).first<OrgRow>();
}

export async function getOrgByCode(db: D1Database, code: string): Promise<OrgRow | null> {
  return db.prepare(`select ${ORG_COLUMNS} from organisations o where o.code = ?`).bind(code).first<OrgRow>();
}

/** Ancestors from the root down to the parent, read from the path. */
export async function ancestorsOf(
  db: D1Database,
  path: string,
): Promise<{ id: string; name: string; path: string }[]> {
  const ids = path.split("/").filter(Boolean).slice(0, -1);
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(`select id, name, path from organisations where id in (${ids.map(() => "?").join(",")})`)
    .bind(...ids)
    .all<{ id: string; name: string; path: string }>();
  return results.sort((a, b) => a.path.length - b.path.length);
}

export interface Actor {
  personId: string | null;
  kind: "person" | "token" | "system";
  ip?: string | null;
}

export interface NewOrg {
  code: string;
  name: string;
  kind: OrganisationKind;
  parent: { id: string; path: string; level: number } | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  population?: number | null;
  openedOn?: string | null;
  closedOn?: string | null;
  shortName?: string | null;
}

export function orgInsertStatement(
  db: D1Database,
  id: string,
  org: NewOrg,
  now: number,
): D1PreparedStatement {
  const path = `${org.parent?.path ?? "/"}${id}/`;
  const level = org.parent ? org.parent.level + 1 : 0;
  return db
    .prepare(
      `insert into organisations (id, code, name, short_name, kind, parent_id, level, path, email, phone, address,
         population, opened_on, closed_on, sort_order, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
         coalesce((select max(sort_order) + 1 from organisations where parent_id is ?), 0), ?, ?)`,
    )
    .bind(
      id,
      org.code,
      org.name,
      org.shortName ?? null,
      org.kind,
      org.parent?.id ?? null,
      level,
      path,
      org.email ?? null,
      org.phone ?? null,
      org.address ?? null,
      org.population ?? null,
      org.openedOn ?? null,
      org.closedOn ?? null,
      org.parent?.id ?? null,
      now,
      now,
    );
}

export async function createOrganisation(
  db: D1Database,
  org: NewOrg,
  actor: Actor,
  now: number,
): Promise<string> {
  const id = newId("o");
  const existing = await db.prepare("select id from organisations where code = ?").bind(org.code).first();
  if (existing) throw duplicateCode(org.code);
  try {
    await db.batch([
      orgInsertStatement(db, id, org, now),
      auditStatement(db, {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: "organisation.created",
        entityType: "organisation",
        entityId: id,
        organisationId: id,
        data: { code: org.code, name: org.name, kind: org.kind, parentId: org.parent?.id ?? null },
        ip: actor.ip ?? null,
      }),
    ]);
  } catch (err) {
    if (String(err).includes("UNIQUE")) throw duplicateCode(org.code);
    throw err;
  }
  return id;
}

const duplicateCode = (code: string) =>
  new AppError("conflict", "duplicate_code", `Mã tổ chức “${code}” đã tồn tại`, [
    { field: "code", message: `Mã tổ chức “${code}” đã tồn tại` },
  ]);

/**
 * The statement that moves the subtree rooted at the node whose current path is `fromPath`
 * so that it sits at `toPath`: paths are rewritten by prefix and levels shifted, all rows of
 * the subtree in one UPDATE on the path index range. The node's own `parent_id` is set separately.
 */
export function subtreeMoveStatement(db: D1Database, fromPath: string, toPath: string, now: number) {
  const levelDelta = pathLevel(toPath) - pathLevel(fromPath);
  return db
    .prepare(
      `update organisations set path = ? || substr(path, ?), level = level + ?, updated_at = ?
       where path >= ? and path < ?`,
    )
    .bind(toPath, fromPath.length + 1, levelDelta, now, fromPath, `${fromPath}~`);
}

/** Depth of a path: `/tw/` is 0. */
export function pathLevel(path: string): number {
  return path.split("/").filter(Boolean).length - 1;
}

/** Refuses a move that would make a node its own ancestor. */
export function assertNotUnderItself(node: { path: string }, newParent: { path: string }): void {
  if (newParent.path.startsWith(node.path)) {
    throw new AppError(
      "invalid",
      "move_cycle",
      "Không thể chuyển tổ chức vào chính nó hoặc vào một tổ chức trực thuộc nó",
      [{ field: "parentId", message: "Tổ chức cấp trên mới nằm trong cây của chính tổ chức này" }],
    );
  }
}

/** Moves `org` under `newParent`: the whole subtree's paths and levels, in one batch with the audit event. */
export async function moveOrganisation(
  db: D1Database,
  org: OrgRow,
  newParent: OrgRow,
  actor: Actor,
  now: number,
): Promise<{ moved: number }> {
  assertNotUnderItself(org, newParent);
  if (org.parentId === newParent.id) return { moved: 0 };
  const toPath = `${newParent.path}${org.id}/`;
  const results = await db.batch([
    // Compare-and-swap on the path read before: a concurrent move makes this a no-op.
    db
      .prepare("update organisations set parent_id = ?, updated_at = ? where id = ? and path = ?")
      .bind(newParent.id, now, org.id, org.path),
    subtreeMoveStatement(db, org.path, toPath, now),
    auditStatement(db, {
      at: now,
      actorPersonId: actor.personId,
      actorKind: actor.kind,
      action: "organisation.moved",
      entityType: "organisation",
      entityId: org.id,
      organisationId: org.id,
      data: { fromParentId: org.parentId, toParentId: newParent.id, fromPath: org.path, toPath },
      ip: actor.ip ?? null,
    }),
  ]);
  return { moved: results[1]?.meta.changes ?? 0 };
}
