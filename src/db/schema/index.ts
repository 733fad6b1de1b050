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
// The kinds, roles and statuses the columns are typed with, from the one list in the domain.
export * from "../../domain/enums";
export * from "./directives";
export * from "./notifications";
export * from "./organisations";
export * from "./schedules";
export * from "./submissions";
export * from "./system";
