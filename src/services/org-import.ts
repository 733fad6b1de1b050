/**
 * CSV import of organisations and of people with roles. All-or-nothing: every row is
 * validated (zod, Vietnamese messages with line and column), cross-row rules are checked
 * (duplicate codes, unknown parents, cycles), and only then is everything written in one
 * `db.batch` (one transaction). A dry run returns the same preview and writes nothing.
 * Re-importing the same file is idempotent: organisations are matched by code, people by
 * email, and only changed fields are updated.
 */

import * as z from "zod";
import { auditStatement } from "../audit";
import { can, type Principal, ROLE_LABELS } from "../auth/policy";
import { ORGANISATION_KINDS, ROLES } from "../db/schema";
import { parseCsv } from "../domain/csv";
import { pathLevel } from "../domain/org-tree";
import { ORGANISATION_KIND_LABELS as KIND_LABELS } from "../domain/status-labels";
import { dateInputError, parseDateInput } from "../domain/time";
import { type Actor, codeSchema, ORG_COLUMNS, type OrgRow } from "../features/organisations";
import { newId } from "../ids";

export const MAX_IMPORT_ROWS = 2000;
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** D1 allows 100 bound parameters per statement. */
export const D1_MAX_PARAMS = 100;

export const ORG_COLUMNS_CSV = [
  "code",
  "name",
  "kind",
  "parent_code",
  "email",
  "phone",
  "population",
  "opened_on",
  "closed_on",
] as const;
export const PEOPLE_COLUMNS_CSV = [
  "email",
  "full_name",
  "phone",
  "title",
  "organisation_code",
  "role",
] as const;

export interface ImportIssue {
  line: number;
  column: string | null;
  message: string;
}

export interface ImportPreviewItem {
  line: number;
  key: string;
  action: "create" | "update" | "unchanged";
  changes: string[];
}

export type ImportResult =
  | {
      ok: true;
      dryRun: boolean;
      created: number;
      updated: number;
      unchanged: number;
      items: ImportPreviewItem[];
    }
  | { ok: false; issues: ImportIssue[] };

const fail = (issues: ImportIssue[]): ImportResult => ({ ok: false, issues });

/** Decodes the upload as strict UTF-8: a file saved in another encoding is refused, not garbled. */
export function decodeUtf8(
  bytes: ArrayBuffer,
): { ok: true; text: string } | { ok: false; issue: ImportIssue } {
  try {
    return {
      ok: true,
      text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes).normalize("NFC"),
    };
  } catch {
    return {
      ok: false,
      issue: {
        line: 0,
        column: null,
        message:
          "Tệp không phải mã hóa UTF-8 (có thể đang là Windows-1258 hoặc TCVN3). Trong Excel, hãy chọn Lưu thành “CSV UTF-8 (Comma delimited)” rồi tải lên lại.",
      },
    };
  }
}

const optText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} quá dài (tối đa ${max} ký tự)`)
    .transform((s) => (s === "" ? null : s));

const optDate = (label: string) =>
  z
    .string()
    .trim()
    .refine((s) => s === "" || parseDateInput(s) !== null, dateInputError(label))
    .transform((s) => (s === "" ? null : parseDateInput(s)));

const orgRowSchema = z.object({
  code: codeSchema,
  name: z.string().trim().min(1, "Chưa có tên tổ chức").max(200, "Tên tổ chức quá dài (tối đa 200 ký tự)"),
  kind: z.enum(ORGANISATION_KINDS, {
    error: `Loại tổ chức không hợp lệ; dùng một trong các mã: ${ORGANISATION_KINDS.map((k) => `${k} (${KIND_LABELS[k]})`).join(", ")}`,
  }),
  parent_code: z
    .string()
    .trim()
    .max(40, "Mã tổ chức cấp trên quá dài (tối đa 40 ký tự)")
    .transform((s) => (s === "" ? null : s)),
  email: z
    .string()
    .trim()
    .max(200, "Thư điện tử quá dài (tối đa 200 ký tự)")
    .refine((s) => s === "" || z.email().safeParse(s).success, "Địa chỉ thư điện tử không hợp lệ")
    .transform((s) => (s === "" ? null : s.toLowerCase())),
  phone: optText(30, "Số điện thoại"),
  population: z
    .string()
    .trim()
    .refine(
      (s) => s === "" || /^\d{1,10}$/.test(s.replace(/[.\s]/g, "")),
      "Dân số phải là số nguyên không âm",
    )
    .transform((s) => (s === "" ? null : Number(s.replace(/[.\s]/g, "")))),
  opened_on: optDate("Ngày thành lập"),
  closed_on: optDate("Ngày giải thể/sáp nhập"),
});
type OrgCsvRow = z.infer<typeof orgRowSchema>;

const personRowSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Chưa có địa chỉ thư điện tử")
    .max(200, "Thư điện tử quá dài (tối đa 200 ký tự)")
    .pipe(z.email("Địa chỉ thư điện tử không hợp lệ"))
    .transform((s) => s.toLowerCase()),
  full_name: z.string().trim().min(1, "Chưa có họ tên").max(120, "Họ tên quá dài (tối đa 120 ký tự)"),
  phone: optText(30, "Số điện thoại"),
  title: optText(200, "Chức vụ"),
  organisation_code: codeSchema,
  role: z.enum(ROLES, {
    error: `Vai trò không hợp lệ; dùng một trong các mã: ${ROLES.map((r) => `${r} (${ROLE_LABELS[r]})`).join(", ")}`,
  }),
});

/**
 * Parses and checks the header and each row's cells. A bad header or file stops here
 * (`ok: false`); otherwise the rows whose cells are valid come back with the issues of the
 * others, so the cross-row rules can still run and every error is reported at once.
 */
function parseRows<S extends z.ZodType>(
  text: string,
  columns: readonly string[],
  schema: S,
):
  | {
      ok: true;
      rows: { line: number; data: z.infer<S> }[];
      issues: ImportIssue[];
      /** Every row's cells as typed (valid or not), e.g. to know which codes the file holds. */
      records: Record<string, string>[];
    }
  | { ok: false; issues: ImportIssue[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok)
    return { ok: false, issues: [{ line: parsed.line, column: null, message: parsed.message }] };
  const missing = columns.filter((c) => !parsed.headers.includes(c));
  const unknown = parsed.headers.filter((h) => !columns.includes(h));
  if (missing.length || unknown.length) {
    const parts = [];
    if (missing.length) parts.push(`thiếu cột ${missing.join(", ")}`);
    if (unknown.length) parts.push(`cột không được hỗ trợ ${unknown.join(", ")}`);
    return {
      ok: false,
      issues: [
        {
          line: 1,
          column: null,
          message: `Dòng 1: tiêu đề cột không đúng (${parts.join("; ")}). Cần đúng các cột: ${columns.join(",")}`,
        },
      ],
    };
  }
  if (parsed.rows.length === 0) {
    return {
      ok: false,
      issues: [{ line: 2, column: null, message: "Tệp chỉ có dòng tiêu đề, không có dữ liệu" }],
    };
  }
  if (parsed.rows.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      issues: [
        {
          line: 0,
          column: null,
          message: `Tệp có ${parsed.rows.length} dòng dữ liệu, tối đa ${MAX_IMPORT_ROWS} dòng mỗi lần; hãy chia nhỏ tệp`,
        },
      ],
    };
  }
  const issues: ImportIssue[] = parsed.issues.map((i) => ({
    line: i.line,
    column: null,
    message: i.message,
  }));
  const rows: { line: number; data: z.infer<S> }[] = [];
  for (const row of parsed.rows) {
    const result = schema.safeParse(row.record);
    if (result.success) rows.push({ line: row.line, data: result.data });
    else {
      for (const issue of result.error.issues) {
        const column = issue.path.map(String).join(".") || null;
        issues.push({
          line: row.line,
          column,
          message: `Dòng ${row.line}, cột ${column ?? "?"}: ${issue.message}`,
        });
      }
    }
  }
  return { ok: true, rows, issues, records: parsed.rows.map((r) => r.record) };
}

/** Issues in file order (cell errors and cross-row errors of one line together). */
const inLineOrder = (issues: ImportIssue[]) => [...issues].sort((a, b) => a.line - b.line);

/** `select ... where col in (...)` chunked to D1's bound-parameter limit. */
async function selectIn<T>(db: D1Database, sqlPrefix: string, values: string[]): Promise<T[]> {
  const out: T[] = [];
  const size = D1_MAX_PARAMS - 5;
  for (let i = 0; i < values.length; i += size) {
    const chunk = values.slice(i, i + size);
    const { results } = await db
      .prepare(`${sqlPrefix} (${chunk.map(() => "?").join(",")})`)
      .bind(...chunk)
      .all<T>();
    out.push(...results);
  }
  return out;
}

/** Multi-row INSERTs, each within D1's 100-parameter limit (floor(100 / columns) rows). */
export function chunkedInsert(
  db: D1Database,
  table: string,
  columns: string[],
  rows: (string | number | null)[][],
  suffix = "",
): D1PreparedStatement[] {
  const per = Math.max(1, Math.floor(D1_MAX_PARAMS / columns.length));
  const out: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const tuple = `(${columns.map(() => "?").join(",")})`;
    out.push(
      db
        .prepare(
          `insert into ${table} (${columns.join(",")}) values ${chunk.map(() => tuple).join(",")} ${suffix}`,
        )
        .bind(...chunk.flat()),
    );
  }
  return out;
}

const ORG_FIELDS: [keyof OrgCsvRow, keyof OrgRow, string][] = [
  ["name", "name", "tên"],
  ["kind", "kind", "loại"],
  ["email", "email", "thư điện tử"],
  ["phone", "phone", "điện thoại"],
  ["population", "population", "dân số"],
  ["opened_on", "openedOn", "ngày thành lập"],
  ["closed_on", "closedOn", "ngày giải thể"],
];

export interface ImportContext {
  db: D1Database;
  principal: Principal;
  actor: Actor;
  now: number;
  dryRun: boolean;
}

export async function importOrganisations(ctx: ImportContext, text: string): Promise<ImportResult> {
  const { db, now } = ctx;
  const parsed = parseRows(text, ORG_COLUMNS_CSV, orgRowSchema);
  if (!parsed.ok) return fail(parsed.issues);
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
  const existing = new Map(
    (await selectIn<OrgRow>(db, `select ${ORG_COLUMNS} from organisations o where o.code in`, codes)).map(
      (o) => [o.code, o],
    ),
  );

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
  if (issues.length) return fail(inLineOrder(issues));

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
  if (issues.length) return fail(issues);

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
  const inserts: (string | number | null)[][] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  // New rows are inserted (parents first) before any move that may put an existing node under them.
  const pendingInsertFlush = () => {
    if (inserts.length === 0) return;
    statements.push(
      ...chunkedInsert(
        db,
        "organisations",
        [
          "id",
          "code",
          "name",
          "kind",
          "parent_id",
          "level",
          "path",
          "email",
          "phone",
          "population",
          "opened_on",
          "closed_on",
          "sort_order",
          "created_at",
          "updated_at",
        ],
        inserts.splice(0),
      ),
    );
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
      inserts.push([
        id,
        d.code,
        d.name,
        d.kind,
        parentId,
        pathLevel(path),
        path,
        d.email,
        d.phone,
        d.population,
        d.opened_on,
        d.closed_on,
        sortBase++,
        now,
        now,
      ]);
      created++;
      items.push({ line: r.line, key: d.code, action: "create", changes: [] });
      continue;
    }
    const changes: string[] = [];
    for (const [csvKey, rowKey, label] of ORG_FIELDS) {
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
      db
        .prepare(
          `update organisations set name = ?, kind = ?, email = ?, phone = ?, population = ?, opened_on = ?, closed_on = ?,
             parent_id = ?, updated_at = ? where id = ?`,
        )
        .bind(d.name, d.kind, d.email, d.phone, d.population, d.opened_on, d.closed_on, parentId, now, id),
    );
    if (moved) {
      const from = pathNow(id);
      const to = `${parentPath}${id}/`;
      statements.push(
        db
          .prepare(
            "update organisations set path = ? || substr(path, ?), level = level + ?, updated_at = ? where path >= ? and path < ?",
          )
          .bind(to, from.length + 1, pathLevel(to) - pathLevel(from), now, from, `${from}~`),
      );
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

interface PersonRow {
  id: string;
  email: string;
  fullName: string;
  phone: string | null;
  title: string | null;
}

export async function importPeople(ctx: ImportContext, text: string): Promise<ImportResult> {
  const { db, now } = ctx;
  const parsed = parseRows(text, PEOPLE_COLUMNS_CSV, personRowSchema);
  if (!parsed.ok) return fail(parsed.issues);
  const rows = parsed.rows;
  // Cell errors so far; the checks across rows below run on the valid rows and add theirs.
  const issues: ImportIssue[] = [...parsed.issues];

  const orgs = new Map(
    (
      await selectIn<OrgRow>(db, `select ${ORG_COLUMNS} from organisations o where o.code in`, [
        ...new Set(rows.map((r) => r.data.organisation_code)),
      ])
    ).map((o) => [o.code, o]),
  );
  const people = new Map(
    (
      await selectIn<PersonRow>(
        db,
        "select id, email, full_name as fullName, phone, title from people where email in",
        [...new Set(rows.map((r) => r.data.email))],
      )
    ).map((p) => [p.email, p]),
  );

  const firstByEmail = new Map<string, (typeof rows)[number]>();
  const seenRole = new Map<string, number>();
  for (const r of rows) {
    const d = r.data;
    const org = orgs.get(d.organisation_code);
    if (!org) {
      issues.push({
        line: r.line,
        column: "organisation_code",
        message: `Dòng ${r.line}, cột organisation_code: không tìm thấy tổ chức có mã “${d.organisation_code}”`,
      });
    } else if (!can(ctx.principal, "org.manage", org.path)) {
      issues.push({
        line: r.line,
        column: "organisation_code",
        message: `Dòng ${r.line}: đồng chí không có quyền quản lý tổ chức “${d.organisation_code}”`,
      });
    }
    const key = `${d.email}|${d.organisation_code}|${d.role}`;
    const dup = seenRole.get(key);
    if (dup) {
      issues.push({
        line: r.line,
        column: "role",
        message: `Dòng ${r.line}: vai trò này của ${d.email} tại “${d.organisation_code}” trùng với dòng ${dup}`,
      });
    } else seenRole.set(key, r.line);
    const first = firstByEmail.get(d.email);
    if (!first) firstByEmail.set(d.email, r);
    else if (
      first.data.full_name !== d.full_name ||
      first.data.phone !== d.phone ||
      first.data.title !== d.title
    ) {
      issues.push({
        line: r.line,
        column: "full_name",
        message: `Dòng ${r.line}: thông tin của ${d.email} khác với dòng ${first.line} (họ tên, điện thoại, chức vụ phải giống nhau)`,
      });
    }
  }
  if (issues.length) return fail(inLineOrder(issues));

  const personIds = new Map<string, string>();
  for (const [email, p] of people) personIds.set(email, p.id);
  for (const email of firstByEmail.keys()) if (!personIds.has(email)) personIds.set(email, newId("p"));

  const existingMemberships = new Set(
    (
      await selectIn<{ k: string }>(
        db,
        "select person_id || '|' || organisation_id || '|' || role as k from memberships where person_id in",
        [...people.values()].map((p) => p.id),
      )
    ).map((m) => m.k),
  );

  const items: ImportPreviewItem[] = [];
  const statements: D1PreparedStatement[] = [];
  const newPeople: (string | number | null)[][] = [];
  const newMemberships: (string | number | null)[][] = [];
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const handledPerson = new Set<string>();
  for (const r of rows) {
    const d = r.data;
    const pid = personIds.get(d.email)!;
    const org = orgs.get(d.organisation_code)!;
    const changes: string[] = [];
    const existing = people.get(d.email);
    let action: ImportPreviewItem["action"] = "unchanged";
    if (!handledPerson.has(d.email)) {
      handledPerson.add(d.email);
      if (!existing) {
        newPeople.push([pid, d.email, d.full_name, d.phone, d.title, now, now]);
        action = "create";
      } else {
        if (existing.fullName !== d.full_name) changes.push("họ tên");
        if ((existing.phone ?? null) !== d.phone) changes.push("điện thoại");
        if ((existing.title ?? null) !== d.title) changes.push("chức vụ");
        if (changes.length) {
          statements.push(
            db
              .prepare("update people set full_name = ?, phone = ?, title = ?, updated_at = ? where id = ?")
              .bind(d.full_name, d.phone, d.title, now, pid),
          );
        }
      }
    }
    if (!existingMemberships.has(`${pid}|${org.id}|${d.role}`)) {
      newMemberships.push([newId("m"), pid, org.id, d.role, now]);
      changes.push(`vai trò ${d.role} tại ${d.organisation_code}`);
    }
    if (action !== "create" && changes.length) action = "update";
    if (action === "create") created++;
    else if (action === "update") updated++;
    else unchanged++;
    items.push({ line: r.line, key: `${d.email} · ${d.organisation_code} · ${d.role}`, action, changes });
  }
  const writes = [
    ...chunkedInsert(
      db,
      "people",
      ["id", "email", "full_name", "phone", "title", "created_at", "updated_at"],
      newPeople,
    ),
    ...statements,
    ...chunkedInsert(
      db,
      "memberships",
      ["id", "person_id", "organisation_id", "role", "created_at"],
      newMemberships,
      "on conflict do nothing",
    ),
  ];
  if (!ctx.dryRun && writes.length > 0) {
    writes.push(
      auditStatement(db, {
        at: now,
        actorPersonId: ctx.actor.personId,
        actorKind: ctx.actor.kind,
        action: "people.imported",
        entityType: "person",
        data: { created, updated, unchanged, memberships: newMemberships.length },
        ip: ctx.actor.ip ?? null,
      }),
    );
    await db.batch(writes);
  }
  return { ok: true, dryRun: ctx.dryRun, created, updated, unchanged, items };
}
