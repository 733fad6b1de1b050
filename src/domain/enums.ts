/**
 * The closed sets of values the domain decides on (kinds, roles, statuses). The database schema
 * (src/db/schema/) takes its column enums from here, so the domain depends on nothing in db.
 */
export const ORGANISATION_KINDS = [
  "secretariat",
  "commission",
  "central_committee",
  "provincial_committee",
  "committee",
  "commune",
  "association",
  "grassroots",
  /** A state body (ministry, provincial People's Committee): implements through the Government's plans. */
  "state_body",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** Every role but the administrator's (the roles an API token may carry). */
export const NON_ADMIN_ROLES = [
  "commission_leader",
  "commission_staff",
  "secretary",
  "reporter",
  "viewer",
] as const;
export const ROLES = ["admin", ...NON_ADMIN_ROLES] as const;
export type Role = (typeof ROLES)[number];

export const INDICATOR_AGGREGATIONS = ["sum", "avg", "weighted_avg"] as const;

export const AUDIENCES = ["reporters", "superior", "commission", "leadership"] as const;
export type Audience = (typeof AUDIENCES)[number];

export const FREQUENCIES = ["monthly", "quarterly", "semiannual", "nine_month", "annual", "one_off"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const REPORT_KINDS = ["periodic", "thematic", "ad_hoc", "interim_review", "final_review"] as const;

export const PERIOD_STATUSES = ["scheduled", "opening", "open", "closed"] as const;

export const OBLIGATION_STATUSES = [
  "pending",
  "draft",
  "submitted",
  "returned",
  "accepted",
  "waived",
] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

export const EXTENSION_REQUEST_STATUSES = ["pending", "granted", "refused", "withdrawn"] as const;

export const NOTIFICATION_STATUSES = ["pending", "sent", "failed", "superseded", "cancelled"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const DIGEST_KINDS = ["weekly_compliance", "morning_deadlines", "escalations"] as const;
