/**
 * The data model, one module per area, re-exported here (`import … from "../db/schema"`).
 * Conventions:
 * - ids are TEXT (random or readable for demo data), generated before insert so a
 *   whole change can go in one `db.batch()` (D1 has no interactive transactions);
 * - instants are INTEGER milliseconds since the epoch, UTC (`*_at`);
 * - calendar dates are TEXT `YYYY-MM-DD` in Asia/Ho_Chi_Minh (`*_on`);
 * - JSON payloads are TEXT validated with zod at the edges;
 * - rows that can be edited concurrently carry `revision` for compare-and-swap.
 */
export type {
  Audience,
  Frequency,
  NotificationStatus,
  ObligationStatus,
  OrganisationKind,
  Role,
} from "../../domain/enums";
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
} from "../../domain/enums";
export * from "./directives";
export * from "./notifications";
export * from "./organisations";
export * from "./schedules";
export * from "./submissions";
export * from "./system";
