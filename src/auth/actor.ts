/** Who acts on a request, as the services record it. */
import type { Context } from "hono";
import type { AppEnv } from "../http/context";

/** The signed-in person or API key acting (a route behind `requirePolicy` always has one). */
export function actorOf<E extends AppEnv>(c: Context<E>): { personId: string; kind: "person" | "token" } {
  const p = c.var.principal!;
  return { personId: p.personId, kind: p.kind };
}
