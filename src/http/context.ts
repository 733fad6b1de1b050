import type { OrgRef } from "../auth/guard";
import type { Principal } from "../auth/policy";
import type { Config, Env } from "../platform/config";

/** Per-request context shared by every route. */
export interface AppVariables {
  config: Config;
  /** The request's "now" in ms (simulated outside production). */
  now: number;
  /** Who is asking (session cookie or Bearer API token); null when anonymous. Set by `loadPrincipal`. */
  principal: Principal | null;
  /** The organisation a `requirePolicy` resolver loaded and authorised. */
  targetOrg?: OrgRef;
  /** Actions authorised for this request (see `authorize`). */
  authorized?: string[];
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
