/** Request helpers shared by the organisation tree's API and pages. */
import type { Context } from "hono";
import { actorWithIp } from "../../auth/actor";
import type { AppEnv } from "../../http/context";
import type { OrgRow } from "./organisations.queries";
import type { Actor } from "./organisations.service";

/** The acting person with the request's address (`actorWithIp`), as the organisation services record it. */
export const actorOf: (c: Context<AppEnv>) => Actor = actorWithIp;

/** An organisation as the JSON API returns it (the sort key stays inside). */
export function orgJson(o: OrgRow) {
  const { sortOrder: _s, ...rest } = o;
  return rest;
}
