/**
 * Directives and documents, their sections and indicators, the organisations' plans and report forms.
 * Conventions: see `./index.ts`.
 */
import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { INDICATOR_AGGREGATIONS } from "../../domain/enums";
import { createdAt, primaryId, refersTo, revision, timestamps } from "./columns";
import { organisations, personRef } from "./organisations";

/**
 * Party and state documents; `parentDocumentId` links the cascade (52-CT/TW -> 33-HD/BTGDVTW -> ...).
 * `docType` is the kind's code (see `src/domain/document-number.ts`), read against the number's
 * format (TT is a Thông tri of the Party, a Thông tư of the state). A number is unique for its
 * issuer (`issuerKey`: the organisation, or the symbol of an outside body), year and Party term,
 * among documents not withdrawn (`src/domain/document-registry.ts`).
 */
export const documents = sqliteTable(
  "documents",
  {
    id: primaryId(),
    number: text("number").notNull(),
    docType: text("doc_type").notNull(),
    issuer: text("issuer").notNull(),
    issuedOn: text("issued_on").notNull(),
    title: text("title").notNull(),
    directiveId: text("directive_id"),
    parentDocumentId: text("parent_document_id").references((): AnySQLiteColumn => documents.id),
    organisationId: text("organisation_id").references(() => organisations.id),
    issuerKey: text("issuer_key").notNull().default(""),
    /** Party term of the numbering ("2025-2030"); empty for state documents. */
    term: text("term").notNull().default(""),
    /** The year of `issuedOn`, kept for the uniqueness key. */
    issuedYear: integer("issued_year").notNull().default(0),
    revision: revision(),
    withdrawnAt: integer("withdrawn_at"),
    withdrawnBy: text("withdrawn_by"),
    withdrawalReason: text("withdrawal_reason"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at"),
  },
  (t) => [
    uniqueIndex("documents_registration_uq")
      .on(t.issuerKey, t.number, t.issuedYear, t.term)
      .where(sql`withdrawn_at is null`),
    index("documents_number_idx").on(t.number),
    index("documents_parent_idx").on(t.parentDocumentId),
    index("documents_directive_org_idx").on(t.directiveId, t.organisationId),
  ],
);

export const directives = sqliteTable(
  "directives",
  {
    id: primaryId(),
    documentId: refersTo("document_id", () => documents.id),
    code: text("code").notNull(),
    title: text("title").notNull(),
    issuedOn: text("issued_on").notNull(),
    summary: text("summary"),
    /**
     * The committee whose Commission tracks the directive (the central Commission's directives
     * belong to the root): `directive.manage` on it lets Commission staff edit the directive.
     */
    organisationId: text("organisation_id").references(() => organisations.id),
    revision: revision(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("directives_code_uq").on(t.code)],
);

export const directiveSections = sqliteTable(
  "directive_sections",
  {
    id: primaryId(),
    directiveId: refersTo("directive_id", () => directives.id),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** Sections 1-6 of Directive 52 are task groups; section 7 is the organisation of implementation. */
    isTaskGroup: integer("is_task_group", { mode: "boolean" }).notNull(),
    /** The title was written by the editors (the document's own section has none): shown as such. */
    titleIsEditorial: integer("title_is_editorial", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("directive_sections_number_uq").on(t.directiveId, t.number)],
);

export const indicators = sqliteTable(
  "indicators",
  {
    id: primaryId(),
    directiveId: refersTo("directive_id", () => directives.id),
    sectionId: text("section_id").references(() => directiveSections.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    unit: text("unit").notNull(),
    valueKind: text("value_kind", { enum: ["percent", "integer", "decimal"] }).notNull(),
    aggregation: text("aggregation", { enum: INDICATOR_AGGREGATIONS }).notNull(),
    baselineValue: real("baseline_value"),
    baselineYear: integer("baseline_year"),
    minValue: real("min_value"),
    maxValue: real("max_value"),
  },
  (t) => [uniqueIndex("indicators_code_uq").on(t.directiveId, t.code)],
);

/**
 * A target of an indicator for one organisation and year: the national target is held by the
 * directive's own organisation (the root for central directives), a province's by its committee.
 */
export const indicatorTargets = sqliteTable(
  "indicator_targets",
  {
    indicatorId: refersTo("indicator_id", () => indicators.id),
    organisationId: refersTo("organisation_id", () => organisations.id),
    year: integer("year").notNull(),
    value: real("value").notNull(),
    comparator: text("comparator", { enum: ["gt", "gte"] }).notNull(),
    note: text("note"),
  },
  (t) => [
    primaryKey({ columns: [t.indicatorId, t.organisationId, t.year] }),
    index("indicator_targets_org_idx").on(t.organisationId, t.year),
  ],
);

/** An organisation's implementation plan for a directive (its programme/plan document). */
export const plans = sqliteTable(
  "plans",
  {
    id: primaryId(),
    organisationId: refersTo("organisation_id", () => organisations.id),
    directiveId: refersTo("directive_id", () => directives.id),
    documentNumber: text("document_number"),
    documentDate: text("document_date"),
    title: text("title").notNull(),
    revision: revision(),
    ...timestamps,
  },
  (t) => [uniqueIndex("plans_org_directive_uq").on(t.organisationId, t.directiveId)],
);

export const planTasks = sqliteTable(
  "plan_tasks",
  {
    id: primaryId(),
    planId: refersTo("plan_id", () => plans.id),
    sectionId: text("section_id").references(() => directiveSections.id),
    title: text("title").notNull(),
    owner: text("owner"),
    startOn: text("start_on"),
    dueOn: text("due_on"),
    progress: integer("progress").notNull().default(0),
    completedOn: text("completed_on"),
    notes: text("notes"),
    sortOrder: integer("sort_order").notNull().default(0),
    revision: revision(),
    /** Soft delete: the row stays (and can be restored); its full text is also in the audit. */
    deletedAt: integer("deleted_at"),
    deletedBy: personRef("deleted_by"),
    ...timestamps,
  },
  (t) => [
    index("plan_tasks_plan_idx").on(t.planId, t.sortOrder),
    check("plan_tasks_progress_ck", sql`${t.progress} between 0 and 100`),
  ],
);

/**
 * A report form defined as data (JSON validated by `src/domain/form.ts`). Versions are
 * immutable rows of one family (`familyId`, `version`): editing a form adds a version, the
 * schedules move to it, and each period keeps the version it opened with (`periods.form_id`).
 */
export const reportForms = sqliteTable(
  "report_forms",
  {
    id: primaryId(),
    directiveId: refersTo("directive_id", () => directives.id),
    name: text("name").notNull(),
    definition: text("definition").notNull(),
    familyId: text("family_id"),
    version: integer("version").notNull().default(1),
    createdBy: personRef("created_by"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("report_forms_family_version_uq").on(t.familyId, t.version)],
);
