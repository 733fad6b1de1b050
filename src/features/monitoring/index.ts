/**
 * Compliance monitoring (giám sát) and the consolidated report (báo cáo tổng hợp), in the layout
 * of issue 16: schemas, queries (the only SQL: the rollup in monitoring.queries.ts, periods and
 * organisations in selection.queries.ts, the report's reads and snapshots in
 * consolidated.queries.ts), services (decisions), views (JSX) and pages, mounted here.
 */
import { createApi } from "../../platform/openapi";
import { consolidatedPages } from "./consolidated.pages";
import { monitoringPages } from "./monitoring.pages";

export const monitoringRoutes = createApi().route("/", monitoringPages).route("/", consolidatedPages);
export type { ConsolidatedContent } from "./consolidated.schemas";
export { indicatorRollup, lateAndMissing, rollupSubtree } from "./monitoring.queries";
export { awaitingReview, loadOrgInfo, type OrgInfo, openPeriodsIn } from "./selection.queries";
