/**
 * CSV import of people with their roles. All-or-nothing like the organisations' import: every
 * row is checked (the organisation exists and the importer manages it, one person's details
 * agree across rows, no duplicate role), then one `db.batch` writes it all. People are matched
 * by email; a role already held is left as it is.
 */
import { auditStatement } from "../../audit";
import { can } from "../../auth/policy";
import type { memberships, people as peopleTable } from "../../db/schema";
import { newId } from "../../ids";
import { inLineOrder, parseRows, rejected } from "./import.parse";
import {
  importedPersonUpdate,
  membershipInserts,
  membershipKeysOf,
  organisationsByCode,
  peopleByEmail,
  personInserts,
} from "./import.queries";
import {
  type ImportIssue,
  type ImportPreviewItem,
  type ImportResult,
  PEOPLE_COLUMNS_CSV,
  personRowSchema,
} from "./import.schemas";
import type { ImportContext } from "./org-import.service";

export async function importPeople(ctx: ImportContext, text: string): Promise<ImportResult> {
  const { db, now } = ctx;
  const parsed = parseRows(text, PEOPLE_COLUMNS_CSV, personRowSchema);
  if (!parsed.ok) return rejected(parsed.issues);
  const rows = parsed.rows;
  // Cell errors so far; the checks across rows below run on the valid rows and add theirs.
  const issues: ImportIssue[] = [...parsed.issues];

  const orgs = new Map(
    (await organisationsByCode(db, [...new Set(rows.map((r) => r.data.organisation_code))])).map((o) => [
      o.code,
      o,
    ]),
  );
  const people = new Map(
    (await peopleByEmail(db, [...new Set(rows.map((r) => r.data.email))])).map((p) => [p.email, p]),
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
  if (issues.length) return rejected(inLineOrder(issues));

  const personIds = new Map<string, string>();
  for (const [email, p] of people) personIds.set(email, p.id);
  for (const email of firstByEmail.keys()) if (!personIds.has(email)) personIds.set(email, newId("p"));

  const existingMemberships = await membershipKeysOf(
    db,
    [...people.values()].map((p) => p.id),
  );

  const items: ImportPreviewItem[] = [];
  const statements: D1PreparedStatement[] = [];
  const newPeople: (typeof peopleTable.$inferInsert)[] = [];
  const newMemberships: (typeof memberships.$inferInsert)[] = [];
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
        newPeople.push({
          id: pid,
          email: d.email,
          fullName: d.full_name,
          phone: d.phone,
          title: d.title,
          createdAt: now,
          updatedAt: now,
        });
        action = "create";
      } else {
        if (existing.fullName !== d.full_name) changes.push("họ tên");
        if ((existing.phone ?? null) !== d.phone) changes.push("điện thoại");
        if ((existing.title ?? null) !== d.title) changes.push("chức vụ");
        if (changes.length) {
          statements.push(
            importedPersonUpdate(db, pid, { fullName: d.full_name, phone: d.phone, title: d.title }, now),
          );
        }
      }
    }
    if (!existingMemberships.has(`${pid}|${org.id}|${d.role}`)) {
      newMemberships.push({
        id: newId("m"),
        personId: pid,
        organisationId: org.id,
        role: d.role,
        createdAt: now,
      });
      changes.push(`vai trò ${d.role} tại ${d.organisation_code}`);
    }
    if (action !== "create" && changes.length) action = "update";
    if (action === "create") created++;
    else if (action === "update") updated++;
    else unchanged++;
    items.push({ line: r.line, key: `${d.email} · ${d.organisation_code} · ${d.role}`, action, changes });
  }
  const writes = [...personInserts(db, newPeople), ...statements, ...membershipInserts(db, newMemberships)];
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
