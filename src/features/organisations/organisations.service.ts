/**
 * The organisation tree's decisions: pages of children and of a scope, search, create, update,
 * move and close. Each change is one `db.batch` with its audit event and returns the id.
 * Authority over the parent is checked through `Guard` (the route's principal), never by
 * position in the tree alone.
 */
import { auditStatement } from "../../audit";
import type { Guard } from "../../auth/guard";
import type { ActionScope } from "../../auth/policy";
import { chunk } from "../../db/client";
import {
  ancestorIdsOf,
  decodeCursor,
  encodeCursor,
  invalidCursor,
  moveTargetRefusal,
  NEW_PARENT,
  type Page,
  rankMatches,
  searchTermsOf,
} from "../../domain/org-tree";
import { newId } from "../../ids";
import { AppError, notFound } from "../../platform/errors";
import {
  childrenAfter,
  codesOf,
  codeTaken,
  getOrg,
  inScopeAfter,
  type NewOrg,
  type OrgChanges,
  type OrgRow,
  organisationNames,
  organisationsAt,
  orgInsertStatement,
  orgUpdateStatement,
  parentUpdateStatement,
  rootOrganisations,
  searchCandidates,
  subordinateCount,
  subtreeMoveStatement,
} from "./organisations.queries";
import type { OrganisationCreate, OrganisationPatch } from "./organisations.schemas";

export interface Actor {
  personId: string | null;
  kind: "person" | "token" | "system";
  ip?: string | null;
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
    if (typeof c[0] !== "number" || typeof c[1] !== "string") throw invalidCursor();
    after = [c[0], c[1]];
  }
  const rows = await childrenAfter(db, parentId, after, opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > opts.limit && last ? encodeCursor([last.sortOrder, last.id]) : null,
  };
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
    if (typeof c[0] !== "string") throw invalidCursor();
    after = c[0];
  }
  const rows = await inScopeAfter(db, scope, after, opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > opts.limit && last ? encodeCursor([last.path]) : null };
}

/** The top organisations a scope can see: the roots when global, else the organisations where its grants sit. */
export async function scopeRoots(db: D1Database, scope: ActionScope): Promise<OrgRow[]> {
  if (scope.global) return rootOrganisations(db);
  const paths = scope.subtrees;
  if (paths.length === 0 && scope.exact.length === 0) return [];
  const rows = await organisationsAt(db, paths, scope.exact);
  // An exact organisation inside a visible subtree is already reachable from its root.
  return rows.filter((r) => !paths.some((p) => r.path !== p && r.path.startsWith(p)));
}

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
  const terms = searchTermsOf(query);
  if (terms.folded === "") return [];
  return rankMatches(await searchCandidates(db, scope, terms), terms, limit);
}

/** Ancestors from the root down to the parent, read from the path. */
export async function ancestorsOf(db: D1Database, path: string) {
  const rows = await organisationNames(db, ancestorIdsOf(path));
  return rows.sort((a, b) => a.path.length - b.path.length);
}

/** Parent codes for a CSV export of `rows`. */
export function parentCodesOf(db: D1Database, rows: OrgRow[]): Promise<Map<string, string>> {
  return codesOf(db, [...new Set(rows.map((r) => r.parentId).filter((x): x is string => !!x))]);
}

const duplicateCode = (code: string) =>
  new AppError("conflict", "duplicate_code", `Mã tổ chức “${code}” đã tồn tại`, [
    { field: "code", message: `Mã tổ chức “${code}” đã tồn tại` },
  ]);

/** Inserts an organisation with its audit event; a code already used is a conflict on `code`. */
export async function insertOrganisation(
  db: D1Database,
  org: NewOrg,
  actor: Actor,
  now: number,
): Promise<string> {
  const id = newId("o");
  if (await codeTaken(db, org.code)) throw duplicateCode(org.code);
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

/** The parent `parentId`, or a refusal on `parentId` naming the field (`label`) on pages. */
async function parentOrRefuse(db: D1Database, parentId: string, label: string): Promise<OrgRow> {
  const parent = await getOrg(db, parentId);
  if (parent) return parent;
  const message = `Không tìm thấy ${label.toLowerCase()}`;
  throw new AppError("invalid", "unknown_parent", message, [{ field: "parentId", label, message }]);
}

/** Creates an organisation under `input.parentId` (or a root), for someone who may manage there. */
export async function createOrganisation(
  db: D1Database,
  input: OrganisationCreate,
  guard: Guard,
  actor: Actor,
  now: number,
): Promise<string> {
  let parent: OrgRow | null = null;
  if (input.parentId) {
    parent = await parentOrRefuse(db, input.parentId, "Tổ chức cấp trên");
    guard.require("org.manage", parent);
  } else {
    guard.requireGlobal("org.manage");
  }
  return insertOrganisation(
    db,
    {
      code: input.code,
      name: input.name,
      kind: input.kind,
      parent: parent ? { id: parent.id, path: parent.path, level: parent.level } : null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      population: input.population ?? null,
      openedOn: input.openedOn ?? null,
    },
    actor,
    now,
  );
}

/**
 * The organisation `parentId` as `org`'s new parent, refused on `parentId` when it is unknown,
 * outside the actor's authority (the role held there), `org` itself or below it, or closed.
 */
async function newParentOrRefuse(
  db: D1Database,
  org: OrgRow,
  parentId: string,
  guard: Guard,
): Promise<OrgRow> {
  const parent = await parentOrRefuse(db, parentId, NEW_PARENT.label);
  guard.require("org.manage", parent);
  const refusal = moveTargetRefusal(org, parent);
  if (refusal) throw refusal;
  return parent;
}

/** At most this many organisations are offered as a new parent; the note asks for a longer query. */
export const MOVE_CHOICES = 30;

/** An organisation offered as a new parent, with the names of its ancestors from the root. */
export type MoveChoice = OrgRow & { ancestors: string[] };

/**
 * Organisations matching `query` (the tree's search, within `scope`) that `org` could move
 * under: open, not `org` or below it, not its parent already; at most `MOVE_CHOICES`.
 */
export async function moveChoices(
  db: D1Database,
  scope: ActionScope,
  org: OrgRow,
  query: string,
): Promise<{ items: MoveChoice[]; more: boolean }> {
  const open = (await searchOrganisations(db, scope, query, 400)).filter(
    (r) => r.id !== org.parentId && !moveTargetRefusal(org, r),
  );
  const items = open.slice(0, MOVE_CHOICES);
  const names = new Map<string, string>();
  for (const ids of chunk([...new Set(items.flatMap((r) => ancestorIdsOf(r.path)))], 90)) {
    for (const a of await organisationNames(db, ids)) names.set(a.id, a.name);
  }
  return {
    items: items.map((r) => ({ ...r, ancestors: ancestorIdsOf(r.path).map((id) => names.get(id) ?? id) })),
    more: open.length > MOVE_CHOICES,
  };
}

/** A move about to be confirmed: the new parent, its ancestors' names, how many move below the organisation. */
export interface MovePreview {
  parent: OrgRow;
  ancestors: string[];
  subordinates: number;
}

/**
 * What moving `org` under `parentId` would do, checked as the move itself checks it (and refused
 * when it is already the parent): the new parent, its ancestors, and how many organisations
 * below `org` move with it.
 */
export async function movePreview(
  db: D1Database,
  org: OrgRow,
  parentId: string,
  guard: Guard,
): Promise<MovePreview> {
  const parent = await newParentOrRefuse(db, org, parentId, guard);
  if (parent.id === org.parentId) {
    const message = `${parent.name} đang là tổ chức cấp trên của tổ chức này`;
    throw new AppError("invalid", "same_parent", message, [{ ...NEW_PARENT, message }]);
  }
  const [ancestors, subordinates] = await Promise.all([
    ancestorsOf(db, parent.path),
    subordinateCount(db, org.path),
  ]);
  return { parent, ancestors: ancestors.map((a) => a.name), subordinates };
}

/** Moves `org` under `newParent`: the whole subtree's paths and levels, in one batch with the audit event. */
export async function moveOrganisation(
  db: D1Database,
  org: OrgRow,
  newParent: OrgRow,
  actor: Actor,
  now: number,
): Promise<{ moved: number }> {
  if (org.parentId === newParent.id) return { moved: 0 };
  const toPath = `${newParent.path}${org.id}/`;
  const results = await db.batch([
    parentUpdateStatement(db, org.id, org.path, newParent.id, now),
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

/** Moves, renames, closes or reopens an organisation; each part audited. Returns its id. */
export async function updateOrganisation(
  db: D1Database,
  id: string,
  input: OrganisationPatch,
  guard: Guard,
  actor: Actor,
  now: number,
): Promise<string> {
  const org = await getOrg(db, id);
  if (!org) throw notFound();
  if (input.parentId !== undefined) {
    await moveOrganisation(db, org, await newParentOrRefuse(db, org, input.parentId, guard), actor, now);
  }
  const changes: OrgChanges = {};
  if (input.closedOn !== undefined) changes.closedOn = input.closedOn;
  if (input.name !== undefined) changes.name = input.name;
  if (input.email !== undefined) changes.email = input.email;
  if (input.phone !== undefined) changes.phone = input.phone;
  if (input.population !== undefined) changes.population = input.population;
  if (Object.keys(changes).length) {
    await db.batch([
      orgUpdateStatement(db, org.id, changes, now),
      auditStatement(db, {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: input.closedOn ? "organisation.closed" : "organisation.updated",
        entityType: "organisation",
        entityId: org.id,
        organisationId: org.id,
        data: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v ?? null])),
        ip: actor.ip ?? null,
      }),
    ]);
  }
  return org.id;
}
