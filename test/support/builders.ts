/**
 * Fixture builders: one row each, with the defaults a test rarely cares about, as D1 statements to
 * run in one `env.DB.batch([...])`. Built with Drizzle from the schema, so a renamed column fails
 * to compile here instead of failing a test with an SQL error.
 */
import { env } from "cloudflare:test";
import type { SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { orm, statementOf } from "../../src/db/client";
import {
  apiTokens,
  calendarDays,
  digestSubscriptions,
  directives,
  documents,
  escalationPolicies,
  memberships,
  notifications,
  obligations,
  organisations,
  people,
  periods,
  reportForms,
  reportingSchedules,
} from "../../src/db/schema";

const insert = <T extends Parameters<ReturnType<typeof orm>["insert"]>[0]>(
  table: T,
  row: T["$inferInsert"],
) => statementOf(env.DB, orm(env.DB).insert(table).values(row));

/** An organisation under `parent` (a path like "/tw/hn/"; "/" for a root). */
export function anOrganisation(
  row: Pick<typeof organisations.$inferInsert, "id" | "name" | "kind"> &
    Partial<typeof organisations.$inferInsert> & { parentPath?: string },
) {
  const { parentPath = "/", ...rest } = row;
  const path = `${parentPath}${row.id}/`;
  return insert(organisations, {
    code: row.id.toUpperCase(),
    level: path.split("/").filter(Boolean).length - 1,
    path,
    parentId: parentPath === "/" ? null : (parentPath.split("/").filter(Boolean).at(-1) ?? null),
    createdAt: 0,
    updatedAt: 0,
    ...rest,
  });
}

export const aPerson = (
  row: Pick<typeof people.$inferInsert, "id" | "email" | "fullName"> & Partial<typeof people.$inferInsert>,
) => insert(people, { createdAt: 0, updatedAt: 0, ...row });

export const aMembership = (
  row: Pick<typeof memberships.$inferInsert, "personId" | "organisationId" | "role"> &
    Partial<typeof memberships.$inferInsert>,
) => insert(memberships, { id: `m_${row.personId}_${row.organisationId}_${row.role}`, createdAt: 0, ...row });

/** Directive 52 as a registered document, its directive row, an empty form and a policy. */
export function directive52Basics(ids = { form: "f1", policy: "ep1" }) {
  return [
    insert(documents, {
      id: "d52",
      number: "52-CT/TW",
      docType: "CT",
      issuer: "TW",
      issuedOn: "2025-10-15",
      title: "Chỉ thị 52",
      createdAt: 0,
    }),
    insert(directives, {
      id: "ct52",
      documentId: "d52",
      code: "52-CT/TW",
      title: "Chỉ thị 52",
      issuedOn: "2025-10-15",
      createdAt: 0,
    }),
    insert(reportForms, { id: ids.form, directiveId: "ct52", name: "Mẫu", definition: "{}", createdAt: 0 }),
    insert(escalationPolicies, { id: ids.policy, name: "Mặc định", createdAt: 0, updatedAt: 0 }),
  ];
}

/** An empty form of Directive 52. */
export const aReportForm = (
  row: Pick<typeof reportForms.$inferInsert, "id"> & Partial<typeof reportForms.$inferInsert>,
) => insert(reportForms, { directiveId: "ct52", name: "Mẫu", definition: "{}", createdAt: 0, ...row });

/** A semi-annual schedule of Directive 52 over the whole tree. */
export const aSchedule = (
  row: Pick<typeof reportingSchedules.$inferInsert, "id" | "reviewerOrganisationId"> &
    Partial<typeof reportingSchedules.$inferInsert>,
) =>
  insert(reportingSchedules, {
    directiveId: "ct52",
    name: `Báo cáo ${row.id}`,
    frequency: "semiannual",
    reportKind: "periodic",
    dueRuleKind: "fixed_days",
    dueRuleDays: 5,
    scopeRootId: "tw",
    scopeKinds: "[]",
    formId: "f1",
    policyId: "ep1",
    startsOn: "2026-01-01",
    createdAt: 0,
    updatedAt: 0,
    ...row,
  });

/** An open period of the second half of 2026 (due 19/12/2099 unless given). */
export const aPeriod = (
  row: Pick<typeof periods.$inferInsert, "id" | "scheduleId"> & Partial<typeof periods.$inferInsert>,
) =>
  insert(periods, {
    key: row.id,
    label: "6 tháng cuối năm 2026",
    cutoffStart: "2026-06-15",
    cutoffEnd: "2026-12-14",
    dueOn: "2099-12-19",
    opensOn: "2026-12-01",
    status: "open",
    createdAt: 0,
    ...row,
  });

/** An obligation due on its `dueOn` (effective the same day unless given). */
export const anObligation = (
  row: Pick<typeof obligations.$inferInsert, "id" | "periodId" | "organisationId" | "status"> &
    Partial<typeof obligations.$inferInsert>,
) =>
  insert(obligations, {
    dueOn: "2099-12-19",
    effectiveDueOn: row.dueOn ?? "2099-12-19",
    policySnapshot: "{}",
    createdAt: 0,
    updatedAt: 0,
    ...row,
  });

/** A digest preference row (enabled, not unsubscribed unless given). */
export const aDigestSubscription = (
  row: Pick<typeof digestSubscriptions.$inferInsert, "id" | "personId" | "kind"> &
    Partial<typeof digestSubscriptions.$inferInsert>,
) => insert(digestSubscriptions, { updatedAt: 0, ...row });

/** An API token (never used, no expiry, not revoked unless given). */
export const anApiToken = (
  row: Pick<typeof apiTokens.$inferInsert, "id" | "tokenHash" | "createdBy" | "organisationId" | "role"> &
    Partial<typeof apiTokens.$inferInsert>,
) => insert(apiTokens, { name: "Máy", createdAt: 0, ...row });

/** An exception to the Monday-Friday week (a day off unless given). */
export const aCalendarDay = (
  row: Pick<typeof calendarDays.$inferInsert, "day"> & Partial<typeof calendarDays.$inferInsert>,
) => insert(calendarDays, { kind: "off", name: "Nghỉ", ...row });

/** A pending notification in the send ledger. */
export const aNotification = (
  row: Pick<typeof notifications.$inferInsert, "id" | "idempotencyKey" | "toAddress"> &
    Partial<typeof notifications.$inferInsert>,
) =>
  insert(notifications, {
    template: "t",
    subject: "s",
    payload: "{}",
    status: "pending",
    createdAt: 0,
    updatedAt: 0,
    ...row,
  });

/**
 * Set-up that changes existing rows (e.g. the demo's), typed from the schema like the builders:
 * `changeRows(people, eq(people.id, "p-x"), { bouncedAt: 1 })`.
 */
export const changeRows = <T extends SQLiteTable>(table: T, where: SQL, set: Partial<T["$inferInsert"]>) =>
  statementOf(env.DB, orm(env.DB).update(table).set(set).where(where));
