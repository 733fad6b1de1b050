/** Who acts on a request, as the services record it. */
import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import { clientIp } from "./web";

/** The signed-in person or API key acting (a route behind `requirePolicy` always has one). */
export function actorOf<E extends AppEnv>(c: Context<E>): { personId: string; kind: "person" | "token" } {
  const p = c.var.principal!;
  return { personId: p.personId, kind: p.kind };
}

/** The acting person, with the address the request came from (for the audit log). */
export function actorWithIp(c: Context<AppEnv>): { personId: string; kind: "person" | "token"; ip: string } {
  return { ...actorOf(c), ip: clientIp(c) };
}
