/**
 * Compliance monitoring (giám sát) and the consolidated report (báo cáo tổng hợp), in the layout
 * of issue 16: schemas, queries (the only SQL: the rollup in monitoring.queries.ts, periods and
 * organisations in selection.queries.ts, the report's reads in consolidated.queries.ts),
 * services (decisions) and views (JSX). The pages are still in src/routes for now.
 */
export { bandOf, HEAT_BANDS, num, ProgressChart, pct } from "./charts.views";
export {
  consolidatedBlocks,
  indicatorParagraph,
  int,
  pct as pctVi,
  placeAndDate,
  reportingParagraph,
  reportTitle,
  SECTION_HEADINGS,
  STATUS_NOTE,
} from "./consolidated.document";
export type { ConsolidatedContent } from "./consolidated.schemas";
export { buildConsolidated, parseContent } from "./consolidated.service";
export {
  type IndicatorRollup,
  indicatorRollup,
  lateAndMissing,
  rollupSubtree,
} from "./monitoring.queries";
export {
  awaitingReview,
  childrenOf,
  currentPeriod,
  defaultPeriod,
  listPeriods,
  loadOrgInfo,
  loadPeriod,
  type OrgInfo,
  openPeriodsIn,
  type PeriodInfo,
  pathOrgs,
  type ReadDb,
  recentPeriods,
} from "./selection.queries";
