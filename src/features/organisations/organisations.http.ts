/** Request helpers shared by the organisation tree's API and pages. */
import type { OrgRow } from "./organisations.queries";

/** An organisation as the JSON API returns it (the sort key stays inside). */
export function orgJson(o: OrgRow) {
  const { sortOrder: _s, ...rest } = o;
  return rest;
}
