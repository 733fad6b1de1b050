/**
 * The data model. Conventions:
 * - ids are TEXT (random or readable for demo data), generated before insert so a
 *   whole change can go in one `db.batch()` (D1 has no interactive transactions);
 * - instants are INTEGER milliseconds since the epoch, UTC (`*_at`);
 * - calendar dates are TEXT `YYYY-MM-DD` in Asia/Ho_Chi_Minh (`*_on`);
 * - JSON payloads are TEXT validated with zod at the edges;
 * - rows that can be edited concurrently carry `revision` for compare-and-swap.
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
import {
  AUDIENCES,
  DIGEST_KINDS,
  EXTENSION_REQUEST_STATUSES,
  FREQUENCIES,
  INDICATOR_AGGREGATIONS,
  NOTIFICATION_STATUSES,
  OBLIGATION_STATUSES,
  ORGANISATION_KINDS,
  PERIOD_STATUSES,
  REPORT_KINDS,
  ROLES,
} from "../domain/enums";

export type {
  Audience,
  Frequency,
  NotificationStatus,
  ObligationStatus,
  OrganisationKind,
  Role,
} from "../domain/enums";
export {
  AUDIENCES,
  DIGEST_KINDS,
  EXTENSION_REQUEST_STATUSES,
  FREQUENCIES,
  INDICATOR_AGGREGATIONS,
  NOTIFICATION_STATUSES,
  OBLIGATION_STATUSES,
  ORGANISATION_KINDS,
  PERIOD_STATUSES,
  REPORT_KINDS,
  ROLES,
};

const createdAt = () => integer("created_at").notNull();
const updatedAt = () => integer("updated_at").notNull();

/**
 * Organisation tree. `path` is the materialised path of ids (`/root/child/`), so a
 * subtree is the index range `path >= p AND path < p || '~'` (ids are [0-9a-z-_]).
 */
export const organisations = sqliteTable(
  "organisations",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    shortName: text("short_name"),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    parentId: text("parent_id").references((): AnySQLiteColumn => organisations.id),
    level: integer("level").notNull(),
    path: text("path").notNull(),
    email: text("email"),
    phone: text("phone"),
    address: text("address"),
    population: integer("population"),
    openedOn: text("opened_on"),
    closedOn: text("closed_on"),
    /** Place name of the seat, written before the date of its documents ("Hà Nội, ngày …"). */
    seat: text("seat"),
    /** Its symbol in document numbers ("TU", "BTGDVTW", "ĐU"). */
    documentSymbol: text("document_symbol"),
    sortOrder: integer("sort_order").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("organisations_code_uq").on(t.code),
    uniqueIndex("organisations_path_uq").on(t.path),
    // Covering index for subtree rollups: the path range scan yields what the rollups read of each organisation.
    index("organisations_path_rollup_idx").on(t.path, t.id, t.openedOn, t.closedOn, t.population),
    index("organisations_parent_idx").on(t.parentId, t.sortOrder),
    index("organisations_kind_idx").on(t.kind),
    index("organisations_name_idx").on(t.name),
  ],
);

export const people = sqliteTable(
  "people",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    fullName: text("full_name").notNull(),
    phone: text("phone"),
    title: text("title"),
    bouncedAt: integer("bounced_at"),
    bounceReason: text("bounce_reason"),
    disabledAt: integer("disabled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("people_email_uq").on(t.email)],
);

/** A person's role in an organisation; a role covers the organisation's subtree where it makes sense. */
export const memberships = sqliteTable(
  "memberships",
  {
    id: text("id").primaryKey(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("memberships_person_org_role_uq").on(t.personId, t.organisationId, t.role),
    index("memberships_org_role_idx").on(t.organisationId, t.role),
  ],
);

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
    id: text("id").primaryKey(),
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
    revision: integer("revision").notNull().default(1),
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
    id: text("id").primaryKey(),
    documentId: text("document_id")
      .notNull()
      .references(() => documents.id),
    code: text("code").notNull(),
    title: text("title").notNull(),
    issuedOn: text("issued_on").notNull(),
    summary: text("summary"),
    /**
     * The committee whose Commission tracks the directive (the central Commission's directives
     * belong to the root): `directive.manage` on it lets Commission staff edit the directive.
     */
    organisationId: text("organisation_id").references(() => organisations.id),
    revision: integer("revision").notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("directives_code_uq").on(t.code)],
);

export const directiveSections = sqliteTable(
  "directive_sections",
  {
    id: text("id").primaryKey(),
    directiveId: text("directive_id")
      .notNull()
      .references(() => directives.id),
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
    id: text("id").primaryKey(),
    directiveId: text("directive_id")
      .notNull()
      .references(() => directives.id),
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
    indicatorId: text("indicator_id")
      .notNull()
      .references(() => indicators.id),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
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
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    directiveId: text("directive_id")
      .notNull()
      .references(() => directives.id),
    documentNumber: text("document_number"),
    documentDate: text("document_date"),
    title: text("title").notNull(),
    revision: integer("revision").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("plans_org_directive_uq").on(t.organisationId, t.directiveId)],
);

export const planTasks = sqliteTable(
  "plan_tasks",
  {
    id: text("id").primaryKey(),
    planId: text("plan_id")
      .notNull()
      .references(() => plans.id),
    sectionId: text("section_id").references(() => directiveSections.id),
    title: text("title").notNull(),
    owner: text("owner"),
    startOn: text("start_on"),
    dueOn: text("due_on"),
    progress: integer("progress").notNull().default(0),
    completedOn: text("completed_on"),
    notes: text("notes"),
    sortOrder: integer("sort_order").notNull().default(0),
    revision: integer("revision").notNull().default(1),
    /** Soft delete: the row stays (and can be restored); its full text is also in the audit. */
    deletedAt: integer("deleted_at"),
    deletedBy: text("deleted_by").references(() => people.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
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
    id: text("id").primaryKey(),
    directiveId: text("directive_id")
      .notNull()
      .references(() => directives.id),
    name: text("name").notNull(),
    definition: text("definition").notNull(),
    familyId: text("family_id"),
    version: integer("version").notNull().default(1),
    createdBy: text("created_by").references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("report_forms_family_version_uq").on(t.familyId, t.version)],
);

/**
 * A named escalation ladder. `organisationId` is the committee whose Commission owns it
 * (`directive.manage` there edits it); null for system policies only administrators edit.
 */
export const escalationPolicies = sqliteTable("escalation_policies", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
  organisationId: text("organisation_id").references(() => organisations.id),
  revision: integer("revision").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One rung of a ladder: `offsetDays` working days relative to the due date (negative = before). */
export const escalationSteps = sqliteTable(
  "escalation_steps",
  {
    id: text("id").primaryKey(),
    policyId: text("policy_id")
      .notNull()
      .references(() => escalationPolicies.id),
    offsetDays: integer("offset_days").notNull(),
    audience: text("audience", { enum: AUDIENCES }).notNull(),
    template: text("template").notNull(),
  },
  (t) => [uniqueIndex("escalation_steps_uq").on(t.policyId, t.offsetDays, t.audience)],
);

export const reportingSchedules = sqliteTable(
  "reporting_schedules",
  {
    id: text("id").primaryKey(),
    directiveId: text("directive_id")
      .notNull()
      .references(() => directives.id),
    name: text("name").notNull(),
    frequency: text("frequency", { enum: FREQUENCIES }).notNull(),
    reportKind: text("report_kind", { enum: REPORT_KINDS }).notNull(),
    /** `fixed_days`: calendar days after the cut-off end; `working_days`: N working days after it. */
    dueRuleKind: text("due_rule_kind", { enum: ["fixed_days", "working_days"] }).notNull(),
    dueRuleDays: integer("due_rule_days").notNull(),
    scopeRootId: text("scope_root_id")
      .notNull()
      .references(() => organisations.id),
    /** JSON array of organisation kinds that must report. */
    scopeKinds: text("scope_kinds").notNull(),
    reviewerOrganisationId: text("reviewer_organisation_id")
      .notNull()
      .references(() => organisations.id),
    formId: text("form_id")
      .notNull()
      .references(() => reportForms.id),
    policyId: text("policy_id")
      .notNull()
      .references(() => escalationPolicies.id),
    reporterMaySubmit: integer("reporter_may_submit", { mode: "boolean" }).notNull().default(false),
    /**
     * Whether commissions below the reviewer (e.g. a province's commission for its committee's
     * report to the Centre) may see the review page and add remarks ("ý kiến"). They never decide.
     */
    lowerCommissionsMayComment: integer("lower_commissions_may_comment", { mode: "boolean" })
      .notNull()
      .default(false),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on"),
    /** For one-off schedules: the cut-off window. */
    oneOffCutoffStart: text("one_off_cutoff_start"),
    oneOffCutoffEnd: text("one_off_cutoff_end"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("reporting_schedules_directive_idx").on(t.directiveId)],
);

export const periods = sqliteTable(
  "periods",
  {
    id: text("id").primaryKey(),
    scheduleId: text("schedule_id")
      .notNull()
      .references(() => reportingSchedules.id),
    key: text("key").notNull(),
    label: text("label").notNull(),
    cutoffStart: text("cutoff_start").notNull(),
    cutoffEnd: text("cutoff_end").notNull(),
    dueOn: text("due_on").notNull(),
    opensOn: text("opens_on").notNull(),
    /** The form version this period was opened with (later form versions do not change it). */
    formId: text("form_id").references(() => reportForms.id),
    status: text("status", { enum: PERIOD_STATUSES }).notNull(),
    openedAt: integer("opened_at"),
    obligationCount: integer("obligation_count").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("periods_schedule_key_uq").on(t.scheduleId, t.key),
    index("periods_status_opens_idx").on(t.status, t.opensOn),
  ],
);

/**
 * One organisation's duty to report for one period. `effectiveDueOn` is the due date
 * after extensions; `nextActionAt` is when the reminder engine must next look at it
 * (null once nothing more can be sent), which keeps the engine's query on an index.
 * The escalation ladder is snapshotted into `policySnapshot` when the period opens.
 */
export const obligations = sqliteTable(
  "obligations",
  {
    id: text("id").primaryKey(),
    periodId: text("period_id")
      .notNull()
      .references(() => periods.id),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    dueOn: text("due_on").notNull(),
    extendedDueOn: text("extended_due_on"),
    effectiveDueOn: text("effective_due_on").notNull(),
    status: text("status", { enum: OBLIGATION_STATUSES }).notNull(),
    /** Incremented by each extension: after-deadline steps start a new cycle. */
    chaseCycle: integer("chase_cycle").notNull().default(0),
    policySnapshot: text("policy_snapshot").notNull(),
    nextActionAt: integer("next_action_at"),
    firstSubmittedAt: integer("first_submitted_at"),
    lastSubmittedAt: integer("last_submitted_at"),
    onTime: integer("on_time", { mode: "boolean" }),
    acceptedAt: integer("accepted_at"),
    returnedAt: integer("returned_at"),
    currentVersionId: text("current_version_id"),
    revision: integer("revision").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("obligations_period_org_uq").on(t.periodId, t.organisationId),
    // Covering for the dashboard's per-obligation flags (monitoring.queries.ts), looked up by (organisation, period).
    index("obligations_org_rollup_idx").on(
      t.organisationId,
      t.periodId,
      t.status,
      t.firstSubmittedAt,
      t.onTime,
      t.effectiveDueOn,
      t.currentVersionId,
    ),
    index("obligations_period_status_idx").on(t.periodId, t.status),
    // The engine's page query: `next_action_at <= ? order by next_action_at, id limit ?` walks
    // this index in order and stops at the limit (no sort of every due obligation).
    index("obligations_next_action_id_idx").on(t.nextActionAt, t.id),
  ],
);

/** The one working draft of an obligation, saved as the user types (compare-and-swap on `revision`). */
export const reportDrafts = sqliteTable("report_drafts", {
  obligationId: text("obligation_id")
    .primaryKey()
    .references(() => obligations.id),
  content: text("content").notNull(),
  revision: integer("revision").notNull(),
  updatedBy: text("updated_by").references(() => people.id),
  updatedAt: updatedAt(),
});

/** Every submitted version, immutable. */
export const reportVersions = sqliteTable(
  "report_versions",
  {
    id: text("id").primaryKey(),
    obligationId: text("obligation_id")
      .notNull()
      .references(() => obligations.id),
    versionNo: integer("version_no").notNull(),
    content: text("content").notNull(),
    submittedBy: text("submitted_by").references(() => people.id),
    submittedAt: integer("submitted_at").notNull(),
    onTime: integer("on_time", { mode: "boolean" }).notNull(),
    receiptNo: text("receipt_no").notNull(),
    /** The report as an official document: its number ("125-BC/TU"), date and signer. */
    documentNumber: text("document_number"),
    documentDate: text("document_date"),
    signerName: text("signer_name"),
    signerRole: text("signer_role", { enum: ["head", "deputy"] }),
  },
  (t) => [uniqueIndex("report_versions_no_uq").on(t.obligationId, t.versionNo)],
);

/** Numeric indicator values of a submitted version, one row each, for rollups. */
export const indicatorValues = sqliteTable(
  "indicator_values",
  {
    versionId: text("version_id")
      .notNull()
      .references(() => reportVersions.id),
    obligationId: text("obligation_id")
      .notNull()
      .references(() => obligations.id),
    indicatorId: text("indicator_id")
      .notNull()
      .references(() => indicators.id),
    value: real("value").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.indicatorId] }),
    index("indicator_values_obligation_idx").on(t.obligationId),
  ],
);

export const reviewDecisions = sqliteTable(
  "review_decisions",
  {
    id: text("id").primaryKey(),
    obligationId: text("obligation_id")
      .notNull()
      .references(() => obligations.id),
    versionId: text("version_id").references(() => reportVersions.id),
    decision: text("decision", { enum: ["accepted", "returned", "reopened", "waived"] }).notNull(),
    /** JSON: { general?: string, sections?: Record<sectionKey, string> } */
    comments: text("comments"),
    reviewerId: text("reviewer_id").references(() => people.id),
    /** The body that decided: the schedule's reviewer; null when an administrator decided. */
    decidedByOrganisationId: text("decided_by_organisation_id").references(() => organisations.id),
    createdAt: createdAt(),
  },
  (t) => [index("review_decisions_obligation_idx").on(t.obligationId, t.createdAt)],
);

/** Remarks ("ý kiến") on a report by a commission that may comment but not decide. */
export const reviewRemarks = sqliteTable(
  "review_remarks",
  {
    id: text("id").primaryKey(),
    obligationId: text("obligation_id")
      .notNull()
      .references(() => obligations.id),
    /** The commenting body (the commission whose staff wrote it). */
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    authorId: text("author_id")
      .notNull()
      .references(() => people.id),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("review_remarks_obligation_idx").on(t.obligationId, t.createdAt)],
);

export const extensions = sqliteTable(
  "extensions",
  {
    id: text("id").primaryKey(),
    obligationId: text("obligation_id")
      .notNull()
      .references(() => obligations.id),
    previousDueOn: text("previous_due_on").notNull(),
    newDueOn: text("new_due_on").notNull(),
    reason: text("reason").notNull(),
    grantedBy: text("granted_by").references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [index("extensions_obligation_idx").on(t.obligationId)],
);

/** A reporter's request for more time, with a reason, decided by the reviewer. */
export const extensionRequests = sqliteTable(
  "extension_requests",
  {
    id: text("id").primaryKey(),
    obligationId: text("obligation_id")
      .notNull()
      .references(() => obligations.id),
    requestedBy: text("requested_by").references(() => people.id),
    requestedDueOn: text("requested_due_on").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: EXTENSION_REQUEST_STATUSES }).notNull(),
    decidedBy: text("decided_by").references(() => people.id),
    decidedAt: integer("decided_at"),
    /** The day granted (may differ from the day asked) or the reason for refusing. */
    grantedDueOn: text("granted_due_on"),
    decisionNote: text("decision_note"),
    createdAt: createdAt(),
  },
  (t) => [
    index("extension_requests_obligation_idx").on(t.obligationId, t.createdAt),
    // One open request per obligation at a time.
    uniqueIndex("extension_requests_pending_uq").on(t.obligationId).where(sql`status = 'pending'`),
  ],
);

export const attachments = sqliteTable(
  "attachments",
  {
    id: text("id").primaryKey(),
    obligationId: text("obligation_id")
      .notNull()
      .references(() => obligations.id),
    objectKey: text("object_key").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    uploadedBy: text("uploaded_by").references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [index("attachments_obligation_idx").on(t.obligationId)],
);

/**
 * Exceptions to the Monday-Friday working week, kept by administrators (/quan-tri/lich): `off` a
 * weekday without work (holiday, nghỉ bù, swapped day), `work` a Saturday/Sunday made a working
 * day (làm bù). `source` names the document that decided it (e.g. "Thông báo 9441/TB-BNV");
 * `updated_at`/`updated_by` are set by an administrator's edit (null for seeded rows).
 * Seeded for 2025-2027.
 */
export const calendarDays = sqliteTable("calendar_days", {
  day: text("day").primaryKey(),
  kind: text("kind", { enum: ["off", "work"] }).notNull(),
  name: text("name").notNull(),
  source: text("source"),
  updatedAt: integer("updated_at"),
  updatedBy: text("updated_by"),
});

/**
 * The send ledger. `idempotencyKey` is deterministic (e.g. obligation + cycle + step +
 * person) and unique: recording twice is a no-op, and it is the provider's Idempotency-Key.
 */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull(),
    personId: text("person_id").references(() => people.id),
    toAddress: text("to_address").notNull(),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    /** JSON { html, text, headers } rendered when recorded, so a retry sends the same message. */
    payload: text("payload").notNull(),
    obligationId: text("obligation_id").references(() => obligations.id),
    stepKey: text("step_key"),
    status: text("status", { enum: NOTIFICATION_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    providerId: text("provider_id"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: integer("sent_at"),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("notifications_idempotency_uq").on(t.idempotencyKey),
    index("notifications_status_next_idx").on(t.status, t.nextAttemptAt),
    index("notifications_obligation_idx").on(t.obligationId),
    index("notifications_person_idx").on(t.personId, t.createdAt),
    // Delivery webhooks find the notification by the provider's message id.
    index("notifications_provider_idx").on(t.providerId),
  ],
);

/** The local mailbox: what the embedded transport "sent" (development and tests only). */
export const outboxMessages = sqliteTable(
  "outbox_messages",
  {
    id: text("id").primaryKey(),
    idempotencyKey: text("idempotency_key").notNull(),
    toAddress: text("to_address").notNull(),
    fromAddress: text("from_address").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    headers: text("headers").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("outbox_idempotency_uq").on(t.idempotencyKey),
    index("outbox_to_idx").on(t.toAddress, t.createdAt),
  ],
);

/** `escalations` is a preference row (enabled = 0: no separate escalation mail), not a digest. */

export const digestSubscriptions = sqliteTable(
  "digest_subscriptions",
  {
    id: text("id").primaryKey(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    kind: text("kind", { enum: DIGEST_KINDS }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** ISO weekday 1-7 for weekly digests. */
    weekday: integer("weekday"),
    /** Move pre-deadline reminders into the morning digest instead of separate mail. */
    remindersInDigest: integer("reminders_in_digest", { mode: "boolean" }).notNull().default(false),
    unsubscribedAt: integer("unsubscribed_at"),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("digest_subscriptions_uq").on(t.personId, t.kind)],
);

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    at: integer("at").notNull(),
    actorPersonId: text("actor_person_id"),
    actorKind: text("actor_kind", { enum: ["person", "token", "system", "anonymous"] }).notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    organisationId: text("organisation_id"),
    reason: text("reason"),
    data: text("data"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_entity_idx").on(t.entityType, t.entityId),
    index("audit_at_idx").on(t.at),
    index("audit_org_idx").on(t.organisationId, t.at),
  ],
);

export const signinTokens = sqliteTable(
  "signin_tokens",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    email: text("email").notNull(),
    personId: text("person_id").references(() => people.id),
    redirectTo: text("redirect_to"),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("signin_tokens_hash_uq").on(t.tokenHash)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    personId: text("person_id")
      .notNull()
      .references(() => people.id),
    csrfToken: text("csrf_token").notNull(),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("sessions_hash_uq").on(t.tokenHash), index("sessions_person_idx").on(t.personId)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull(),
    name: text("name").notNull(),
    createdBy: text("created_by")
      .notNull()
      .references(() => people.id),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at"),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash_uq").on(t.tokenHash)],
);

/** Fixed-window counters for rate limits (sign-in per address and per client). */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});

/** One row per engine tick (also the catch-up watermark after an outage). */
export const engineTicks = sqliteTable("engine_ticks", {
  id: text("id").primaryKey(),
  scheduledAt: integer("scheduled_at").notNull(),
  startedAt: integer("started_at").notNull(),
  finishedAt: integer("finished_at"),
  obligationsExamined: integer("obligations_examined").notNull().default(0),
  notificationsRecorded: integer("notifications_recorded").notNull().default(0),
  notificationsSent: integer("notifications_sent").notNull().default(0),
  error: text("error"),
});

/** Key/value settings; in development holds the simulated clock offset. */
export const appSettings = sqliteTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: updatedAt(),
});

/** Dated snapshots of the consolidated report (báo cáo tổng hợp), editable before sending. */
export const consolidatedReports = sqliteTable(
  "consolidated_reports",
  {
    id: text("id").primaryKey(),
    periodId: text("period_id")
      .notNull()
      .references(() => periods.id),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    title: text("title").notNull(),
    content: text("content").notNull(),
    /** Edits carry the revision they were made from; a stale edit is a 409 with both texts. */
    revision: integer("revision").notNull().default(1),
    createdBy: text("created_by").references(() => people.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("consolidated_reports_period_idx").on(t.periodId, t.organisationId)],
);

/** Provider webhook deliveries already processed (Svix message ids), to ignore replays. */
export const webhookEvents = sqliteTable("webhook_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: integer("received_at").notNull(),
  payload: text("payload").notNull(),
});
