/** Request helpers shared by the sign-in, membership and token routes. */
import type { Context } from "hono";
import { clearSessionCookie } from "../../auth/session";
import { clientIp } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import { type ActionMeta, signOut } from "./auth.service";

/** Who acts, when, from where: the signed-in principal of the request. */
export function actionMetaOf(c: Context<AppEnv>): ActionMeta {
  return { actor: c.var.principal!, now: c.var.now, ip: clientIp(c) };
}

/** Signs the request's principal out (here, or `everywhere`) and clears the cookie if a session ended. */
export async function signOutRequest(c: Context<AppEnv>, everywhere: boolean): Promise<void> {
  if (await signOut(c.env.DB, everywhere, actionMetaOf(c))) clearSessionCookie(c);
}
