/**
 * Development and test tools, mounted by the development entry only (src/dev-tools.ts): the
 * simulated clock, the demo data and the engine tick (/dev), the local mailbox and the send
 * ledger (/dev/hop-thu, /dev/api/mailbox, /dev/thong-bao), and the bench paths (/dev/bench).
 * Plain Hono routes, not in the OpenAPI document; each answers 404 in production, in case that
 * entry is ever deployed. Queries (the only SQL), views (JSX), pages and JSON routes, mounted here.
 */
import { Hono } from "hono";
import { publicRoute } from "../../auth/guard";
import type { AppEnv } from "../../http/context";
import { benchRoutes } from "./bench.routes";
import { benchSqlRoutes } from "./bench-sql.routes";
import { devPages } from "./dev.pages";
import { devRoutes } from "./dev.routes";
import { devOnly, outboxOnly } from "./devtools.http";
import { mailboxPages } from "./mailbox.pages";
import { mailboxRoutes } from "./mailbox.routes";

/** Everything under /dev but the bench and the mailbox (mount at "/dev"). */
export const devToolRoutes = new Hono<AppEnv>().use("*", devOnly).route("/", devRoutes).route("/", devPages);

/** The bench paths (mount at "/dev/bench"); `/sql` runs a product path through `app`. */
export function devBenchRoutes(app: Hono<AppEnv>) {
  return new Hono<AppEnv>().use("*", devOnly).route("/", benchSqlRoutes(app)).route("/", benchRoutes);
}

/** The local mailbox and the send ledger (mount at "/"). */
export const mailboxToolRoutes = new Hono<AppEnv>();
for (const path of ["/dev/hop-thu", "/dev/hop-thu/*", "/dev/api/mailbox", "/dev/thong-bao"]) {
  mailboxToolRoutes.use(path, publicRoute(), outboxOnly);
}
mailboxToolRoutes.route("/", mailboxRoutes).route("/", mailboxPages);

export { clockTarget } from "./dev.pages";
