/** Request helpers shared by the organisation tree's API and pages. */
import type { Context } from "hono";
import { clientIp } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import type { OrgRow } from "./organisations.queries";
import type { Actor } from "./organisations.service";

export function actorOf(c: Context<AppEnv>): Actor {
  const p = c.var.principal!;
  return { personId: p.personId, kind: p.kind, ip: clientIp(c) };
}

/** An organisation as the JSON API returns it (the sort key stays inside). */
export function orgJson(o: OrgRow) {
  const { sortOrder: _s, ...rest } = o;
  return rest;
}
