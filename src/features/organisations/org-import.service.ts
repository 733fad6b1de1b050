/**
 * CSV import of organisations. All-or-nothing: every row is validated (Vietnamese messages with
 * line and column), cross-row rules are checked (duplicate codes, unknown parents, cycles,
 * org.manage on every affected parent), and only then is everything written in one `db.batch`
 * (one transaction). A dry run returns the same preview and writes nothing. Re-importing the
 * same file is idempotent: organisations are matched by code and only changed fields are updated.
 */
import { auditStatement } from "../../audit";
import { can, type Principal } from "../../auth/policy";
import type { organisations } from "../../db/schema";
import { pathLevel } from "../../domain/org-tree";
import { newId } from "../../ids";
import { inLineOrder, parseRows, rejected } from "./import.parse";
import { organisationInserts, organisationsByCode } from "./import.queries";
import {
  type ImportIssue,
  type ImportPreviewItem,
  type ImportResult,
  ORG_COLUMNS_CSV,
  type OrgCsvRow,
  orgRowSchema,
} from "./import.schemas";
import { type OrgRow, orgUpdateStatement, subtreeMoveStatement } from "./organisations.queries";
import type { Actor } from "./organisations.service";

export interface ImportContext {
  db: D1Database;
  principal: Principal;
  actor: Actor;
  now: number;
  dryRun: boolean;
}

const COMPARED_FIELDS: [keyof OrgCsvRow, keyof OrgRow, string][] = [
  ["name", "name", "tên"],
  ["kind", "kind", "loại"],
  ["email", "email", "thư điện tử"],
  ["phone", "phone", "điện thoại"],
  ["population", "population", "dân số"],
  ["opened_on", "openedOn", "ngày thành lập"],
  ["closed_on", "closedOn", "ngày giải thể"],
];

export async function importOrganisations(ctx: ImportContext, text: string): Promise<ImportResult> {
  const { db, now } = ctx;
  const parsed = parseRows(text, ORG_COLUMNS_CSV, orgRowSchema);
  if (!parsed.ok) return rejected(parsed.issues);
  const rows = parsed.rows;
  // Cell errors so far; the checks across rows below run on the valid rows and add theirs.
  const issues: ImportIssue[] = [...parsed.issues];
  // A parent named by a row whose own cells are wrong is still in the file, not "not found".
  const codesInFile = new Set(parsed.records.map((r) => (r.code ?? "").trim()).filter(Boolean));

  // Duplicate codes within the file.
  const byCode = new Map<string, { line: number; data: OrgCsvRow }>();
  for (const r of rows) {
    const first = byCode.get(r.data.code);
    if (first) {
      issues.push({
        line: r.line,
        column: "code",
        message: `Dòng ${r.line}, cột code: mã “${r.data.code}” bị trùng với dòng ${first.line}`,
      });
    } else byCode.set(r.data.code, r);
  }

  // Existing organisations referenced by code (the rows themselves and their parents).
  const codes = [
    ...new Set(rows.flatMap((r) => [r.data.code, ...(r.data.parent_code ? [r.data.parent_code] : [])])),
  ];
  const existing = new Map((await organisationsByCode(db, codes)).map((o) => [o.code, o]));

  for (const r of rows) {
    const pc = r.data.parent_code;
    if (pc === r.data.code) {
      issues.push({
        line: r.line,
        column: "parent_code",
        message: `Dòng ${r.line}, cột parent_code: tổ chức không thể là cấp trên của chính nó`,
      });
    } else if (pc && !byCode.has(pc) && !codesInFile.has(pc) && !existing.has(pc)) {
      issues.push({
        line: r.line,
        column: "parent_code",
        message: `Dòng ${r.line}, cột parent_code: không tìm thấy tổ chức cấp trên có mã “${pc}” (trong tệp hoặc trong hệ thống)`,
      });
    }
  }
  // Cycles and permissions need a clean tree: stop here with everything found so far.
  if (issues.length) return rejected(inLineOrder(issues));

  // Ids: existing keep theirs, new ones get fresh ids (safe inside paths).
  const idOf = new Map<string, string>();
  for (const r of rows) idOf.set(r.data.code, existing.get(r.data.code)?.id ?? newId("o"));
  for (const [code, o] of existing) if (!idOf.has(code)) idOf.set(code, o.id);

  // The final parent of every node we may walk through: file rows by parent_code, others from their path.
  const parentOf = (path: string | null): string | null => {
    const segs = (path ?? "").split("/").filter(Boolean);
    return segs.length >= 2 ? (segs[segs.length - 2] ?? null) : null;
  };
  const fileRowById = new Map(rows.map((r) => [idOf.get(r.data.code)!, r]));
  const existingById = new Map([...existing.values()].map((o) => [o.id, o]));
  // Ancestors of existing nodes that are not in the file keep their parent; read it from the path.
  const finalParent = (id: string, knownPath: string | null): string | null => {
    const row = fileRowById.get(id);
    if (row) return row.data.parent_code ? (idOf.get(row.data.parent_code) ?? null) : null;
    return parentOf(knownPath ?? existingById.get(id)?.path ?? null);
  };
  // Paths of ancestors outside the file, derived from any known path that contains them.
  const pathOfOutside = new Map<string, string>();
  for (const o of existing.values()) {
    const segs = o.path.split("/").filter(Boolean);
    segs.forEach((_, i) => {
      pathOfOutside.set(segs[i]!, `/${segs.slice(0, i + 1).join("/")}/`);
    });
  }

  // Cycles: walk each row up the final tree.
  const reported = new Set<string>();
  for (const r of rows) {
    const start = idOf.get(r.data.code)!;
    const seen = new Set<string>([start]);
    let cur: string | null = finalParent(start, null);
    let steps = 0;
    while (cur && steps++ < 10_000) {
      if (seen.has(cur)) {
        const key = [...seen].sort().join(",");
        if (!reported.has(key)) {
          reported.add(key);
          issues.push({
            line: r.line,
            column: "parent_code",
            message: `Dòng ${r.line}, cột parent_code: quan hệ cấp trên tạo thành vòng lặp (tổ chức “${r.data.code}” nằm dưới chính nó)`,
          });
        }
        break;
      }
      seen.add(cur);
      cur = finalParent(cur, fileRowById.has(cur) ? null : (pathOfOutside.get(cur) ?? null));
    }
  }
  if (issues.length) return rejected(issues);

  // Authorisation: org.manage on every affected parent (the org itself for an update in place).
  for (const r of rows) {
    const cur = existing.get(r.data.code);
    const pc = r.data.parent_code;
    const parentExisting = pc ? existing.get(pc) : undefined;
    const movesOrCreates = !cur || (cur.parentId ?? null) !== (pc ? idOf.get(pc) : null);
    let allowed: boolean;
    if (movesOrCreates) {
      allowed =
        (pc
          ? parentExisting
            ? can(ctx.principal, "org.manage", parentExisting.path)
            : true
          : can(ctx.principal, "org.manage", undefined)) &&
        (!cur || can(ctx.principal, "org.manage", cur.path));
    } else allowed = can(ctx.principal, "org.manage", cur.path);
    if (!allowed) {
      issues.push({
        line: r.line,
        column: "parent_code",
        message: `Dòng ${r.line}: đồng chí không có quyền quản lý tổ chức cấp trên “${pc ?? "(gốc)"}” của “${r.data.code}”`,
      });
    }
  }
  if (issues.length) return { ok: false, issues };

  // Order rows parents-first in the final tree, then simulate the writes to know every path.
  const depthMemo = new Map<string, number>();
  const depth = (id: string): number => {
    const known = depthMemo.get(id);
    if (known !== undefined) return known;
    const row = fileRowById.get(id);
    let d: number;
    if (!row) d = pathLevel(pathOfOutside.get(id) ?? existingById.get(id)?.path ?? "/x/");
    else d = row.data.parent_code ? depth(idOf.get(row.data.parent_code)!) + 1 : 0;
    depthMemo.set(id, d);
    return d;
  };
  const ordered = [...rows].sort((a, b) => depth(idOf.get(a.data.code)!) - depth(idOf.get(b.data.code)!));

  const rewrites: [string, string][] = [];
  const current = (path: string) =>
    rewrites.reduce((p, [from, to]) => (p.startsWith(from) ? to + p.slice(from.length) : p), path);
  const newPaths = new Map<string, string>();
  const pathNow = (id: string): string => {
    const created = newPaths.get(id);
    if (created) return created;
    const base = existingById.get(id)?.path ?? pathOfOutside.get(id);
    return current(base ?? "/");
  };

  const items: ImportPreviewItem[] = [];
  const statements: D1PreparedStatement[] = [];
  const inserts: (typeof organisations.$inferInsert)[] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  // New rows are inserted (parents first) before any move that may put an existing node under them.
  const pendingInsertFlush = () => {
    if (inserts.length > 0) statements.push(...organisationInserts(db, inserts.splice(0)));
  };
  let sortBase = 1_000_000;
  for (const r of ordered) {
    const d = r.data;
    const id = idOf.get(d.code)!;
    const parentId = d.parent_code ? idOf.get(d.parent_code)! : null;
    const parentPath = parentId ? pathNow(parentId) : "/";
    const cur = existing.get(d.code);
    if (!cur) {
      const path = `${parentPath}${id}/`;
      newPaths.set(id, path);
      inserts.push({
        id,
        code: d.code,
        name: d.name,
        kind: d.kind,
        parentId,
        level: pathLevel(path),
        path,
        email: d.email,
        phone: d.phone,
        population: d.population,
        openedOn: d.opened_on,
        closedOn: d.closed_on,
        sortOrder: sortBase++,
        createdAt: now,
        updatedAt: now,
      });
      created++;
      items.push({ line: r.line, key: d.code, action: "create", changes: [] });
      continue;
    }
    const changes: string[] = [];
    for (const [csvKey, rowKey, label] of COMPARED_FIELDS) {
      if ((d[csvKey] ?? null) !== (cur[rowKey] ?? null)) changes.push(label);
    }
    const moved = (cur.parentId ?? null) !== parentId;
    if (moved) changes.push("cấp trên");
    if (changes.length === 0) {
      unchanged++;
      items.push({ line: r.line, key: d.code, action: "unchanged", changes });
      continue;
    }
    updated++;
    items.push({ line: r.line, key: d.code, action: "update", changes });
    pendingInsertFlush();
    statements.push(
      orgUpdateStatement(
        db,
        id,
        {
          name: d.name,
          kind: d.kind,
          email: d.email,
          phone: d.phone,
          population: d.population,
          openedOn: d.opened_on,
          closedOn: d.closed_on,
          parentId,
        },
        now,
      ),
    );
    if (moved) {
      const from = pathNow(id);
      const to = `${parentPath}${id}/`;
      statements.push(subtreeMoveStatement(db, from, to, now));
      rewrites.push([from, to]);
    }
  }
  pendingInsertFlush();

  if (!ctx.dryRun && statements.length > 0) {
    statements.push(
      auditStatement(db, {
        at: now,
        actorPersonId: ctx.actor.personId,
        actorKind: ctx.actor.kind,
        action: "organisation.imported",
        entityType: "organisation",
        data: {
          created,
          updated,
          unchanged,
          codes: items
            .filter((i) => i.action !== "unchanged")
            .map((i) => i.key)
            .slice(0, 200),
        },
        ip: ctx.actor.ip ?? null,
      }),
    );
    await db.batch(statements);
  }
  items.sort((a, b) => a.line - b.line);
  return { ok: true, dryRun: ctx.dryRun, created, updated, unchanged, items };
}
