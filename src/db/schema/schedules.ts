/**
 * Reporting schedules, their escalation ladders, periods, obligations and the working calendar.
 * Conventions: see `./index.ts`.
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  AUDIENCES,
  FREQUENCIES,
  OBLIGATION_STATUSES,
  PERIOD_STATUSES,
  REPORT_KINDS,
} from "../../domain/enums";
import { createdAt, primaryId, refersTo, revision, timestamps } from "./columns";
import { directives, reportForms } from "./directives";
import { organisations } from "./organisations";

/**
 * A named escalation ladder. `organisationId` is the committee whose Commission owns it
 * (`directive.manage` there edits it); null for system policies only administrators edit.
 */
export const escalationPolicies = sqliteTable("escalation_policies", {
  id: primaryId(),
  name: text("name").notNull(),
  description: text("description"),
  organisationId: text("organisation_id").references(() => organisations.id),
  revision: revision(),
  ...timestamps,
});

/** One rung of a ladder: `offsetDays` working days relative to the due date (negative = before). */
export const escalationSteps = sqliteTable(
  "escalation_steps",
  {
    id: primaryId(),
    policyId: refersTo("policy_id", () => escalationPolicies.id),
    offsetDays: integer("offset_days").notNull(),
    audience: text("audience", { enum: AUDIENCES }).notNull(),
    template: text("template").notNull(),
  },
  (t) => [uniqueIndex("escalation_steps_uq").on(t.policyId, t.offsetDays, t.audience)],
);

export const reportingSchedules = sqliteTable(
  "reporting_schedules",
  {
    id: primaryId(),
    directiveId: refersTo("directive_id", () => directives.id),
    name: text("name").notNull(),
    frequency: text("frequency", { enum: FREQUENCIES }).notNull(),
    reportKind: text("report_kind", { enum: REPORT_KINDS }).notNull(),
    /** `fixed_days`: calendar days after the cut-off end; `working_days`: N working days after it. */
    dueRuleKind: text("due_rule_kind", { enum: ["fixed_days", "working_days"] }).notNull(),
    dueRuleDays: integer("due_rule_days").notNull(),
    scopeRootId: refersTo("scope_root_id", () => organisations.id),
    /** JSON array of organisation kinds that must report. */
    scopeKinds: text("scope_kinds").notNull(),
    reviewerOrganisationId: refersTo("reviewer_organisation_id", () => organisations.id),
    formId: refersTo("form_id", () => reportForms.id),
    policyId: refersTo("policy_id", () => escalationPolicies.id),
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
    ...timestamps,
  },
  (t) => [index("reporting_schedules_directive_idx").on(t.directiveId)],
);

export const periods = sqliteTable(
  "periods",
  {
    id: primaryId(),
    scheduleId: refersTo("schedule_id", () => reportingSchedules.id),
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
    id: primaryId(),
    periodId: refersTo("period_id", () => periods.id),
    organisationId: refersTo("organisation_id", () => organisations.id),
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
    revision: revision(),
    ...timestamps,
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
