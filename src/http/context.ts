import type { Db } from "../db/client";
import type { Config, Env } from "../env";

/** Per-request context shared by every route. */
export interface AppVariables {
  config: Config;
  db: Db;
  /** The request's "now" in ms (simulated outside production). */
  now: number;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
