/**
 * The authorisation policy, as data: which role may do which action, and over which
 * organisations. Every route declares one action (or `public` / `signed_in`) through
 * `requirePolicy` in `src/auth/guard.ts`; this file is the only place that decides.
 *
 * Scopes (where a role held at organisation X applies):
 * - `subtree`: X and every organisation below it (`target.path` starts with `X.path`);
 * - `self`:    X only (a secretary submits for their own committee, not for the communes below);
 * - `global`:  everywhere, and also for actions that concern no organisation (administration).
 *
 * Roles:
 * - admin: system administrator (wherever the membership is held): everything.
 * - commission_leader / commission_staff: monitor and review everything in the subtree of the
 *   organisation where they hold the role (the central Commission's staff hold it at the root,
 *   so they cover the whole tree; a provincial commission covers its province).
 * - secretary: edits the plan, drafts and submits reports of their organisation; reads its
 *   subtree (a committee follows the units below it); manages its API tokens.
 * - reporter: drafts reports and edits the plan of their organisation; reads only it.
 *   (Whether a reporter may also submit is a per-schedule setting, `reporter_may_submit`,
 *   which the report routes check in addition to `report.draft`.)
 * - viewer: reads the subtree (plans, reports, dashboards).
 *
 * Machine clients (API tokens) act with the token's role at the token's organisation, but
 * never manage credentials or people (`HUMAN_ONLY`).
 */
import type { Role } from "../db/schema";

export const ACTIONS = [
  "org.read",
  "org.manage",
  "plan.read",
  "plan.edit",
  "report.read",
  "report.draft",
  "report.submit",
  /** accept / return / reopen / waive */
  "report.review",
  "obligation.extend",
  "obligation.nudge",
  "dashboard.read",
  "export.read",
  "attachment.read",
  "attachment.upload",
  "people.manage",
  "roles.manage",
  "tokens.manage",
  /** The local mailbox: open to everyone outside production (it is how one signs in there), never in production. */
  "mailbox.read",
  "admin.read",
  "admin.audit",
  "admin.settings",
  "admin.clock",
  "admin.engine",
] as const;

/** `admin.*` is open-ended: any `admin.<something>` is an administrator-only action. */
export type Action = (typeof ACTIONS)[number] | `admin.${string}`;

export type Scope = "self" | "subtree" | "global";

const READS = {
  "org.read": "subtree",
  "plan.read": "subtree",
  "report.read": "subtree",
  "attachment.read": "subtree",
  "dashboard.read": "subtree",
} as const satisfies Partial<Record<Action, Scope>>;

const MONITOR = {
  ...READS,
  "report.review": "subtree",
  "obligation.extend": "subtree",
  "obligation.nudge": "subtree",
  "export.read": "subtree",
} as const satisfies Partial<Record<Action, Scope>>;

/** The role -> action matrix. Anything not listed is refused (deny by default). */
export const POLICY: Record<Exclude<Role, "admin">, Partial<Record<Action, Scope>>> = {
  commission_leader: MONITOR,
  commission_staff: MONITOR,
  secretary: {
    ...READS,
    "plan.edit": "self",
    "report.draft": "self",
    "report.submit": "self",
    "attachment.upload": "self",
    "tokens.manage": "self",
  },
  reporter: {
    "org.read": "self",
    "plan.read": "self",
    "report.read": "self",
    "attachment.read": "self",
    "plan.edit": "self",
    "report.draft": "self",
    "attachment.upload": "self",
  },
  viewer: READS,
};

/** Actions an API token may never perform, whatever its role: credentials and people need a person. */
export const HUMAN_ONLY: ReadonlySet<Action> = new Set<Action>([
  "tokens.manage",
  "roles.manage",
  "people.manage",
]);

/** Roles an API token may carry (never admin). */
export const TOKEN_ROLES = [
  "commission_leader",
  "commission_staff",
  "secretary",
  "reporter",
  "viewer",
] as const;
/** Roles a secretary may give to a token of their own organisation. */
export const SECRETARY_TOKEN_ROLES: ReadonlySet<Role> = new Set<Role>(["secretary", "reporter", "viewer"]);

export interface Grant {
  role: Role;
  organisationId: string;
  /** Materialised path of the organisation, e.g. `/tw/hn/`. */
  path: string;
}

export interface Principal {
  kind: "person" | "token";
  personId: string;
  email: string;
  fullName: string;
  grants: Grant[];
  /** Set for cookie sessions. */
  sessionId?: string;
  csrfToken?: string;
  /** Set for API tokens. */
  tokenId?: string;
}

/** Where `role` may perform `action`, or null if never. */
export function scopeOf(role: Role, action: Action): Scope | null {
  if (role === "admin") return "global";
  return POLICY[role][action] ?? null;
}

function grantCovers(grant: Grant, action: Action, targetPath: string | undefined): boolean {
  const scope = scopeOf(grant.role, action);
  if (scope === null) return false;
  if (scope === "global") return true;
  if (targetPath === undefined) return false;
  return scope === "subtree" ? targetPath.startsWith(grant.path) : targetPath === grant.path;
}

export interface PolicyContext {
  appEnv: "development" | "test" | "production";
}

/**
 * May `principal` perform `action` on something belonging to the organisation at
 * `targetPath`? Actions that concern no organisation (administration) pass `undefined`,
 * which only a global scope satisfies.
 */
export function can(
  principal: Principal | null,
  action: Action,
  targetPath: string | undefined,
  ctx?: PolicyContext,
): boolean {
  if (action === "mailbox.read") return ctx !== undefined && ctx.appEnv !== "production";
  if (!principal) return false;
  if (principal.kind === "token" && HUMAN_ONLY.has(action)) return false;
  return principal.grants.some((g) => grantCovers(g, action, targetPath));
}

/** The organisations a principal may act on for `action`, for filtering lists in SQL. */
export interface ActionScope {
  global: boolean;
  /** Paths whose whole subtree is covered. */
  subtrees: string[];
  /** Organisation ids covered alone. */
  exact: string[];
}

export function scopeFor(principal: Principal | null, action: Action): ActionScope {
  const out: ActionScope = { global: false, subtrees: [], exact: [] };
  if (!principal || (principal.kind === "token" && HUMAN_ONLY.has(action))) return out;
  for (const g of principal.grants) {
    const scope = scopeOf(g.role, action);
    if (scope === "global") out.global = true;
    else if (scope === "subtree") out.subtrees.push(g.path);
    else if (scope === "self") out.exact.push(g.organisationId);
  }
  // A subtree inside another adds nothing.
  out.subtrees = out.subtrees.filter((p) => !out.subtrees.some((q) => q !== p && p.startsWith(q)));
  return out;
}

/**
 * A SQL condition (with bindings) restricting `orgAlias` (an `organisations` alias) to a scope.
 * Subtrees use the path index range `path >= p and path < p || '~'`.
 */
export function scopeSql(scope: ActionScope, orgAlias: string): { sql: string; params: string[] } {
  if (scope.global) return { sql: "1 = 1", params: [] };
  const parts: string[] = [];
  const params: string[] = [];
  for (const p of scope.subtrees) {
    parts.push(`(${orgAlias}.path >= ? and ${orgAlias}.path < ?)`);
    params.push(p, `${p}~`);
  }
  if (scope.exact.length > 0) {
    parts.push(`${orgAlias}.id in (${scope.exact.map(() => "?").join(",")})`);
    params.push(...scope.exact);
  }
  return parts.length === 0 ? { sql: "1 = 0", params: [] } : { sql: `(${parts.join(" or ")})`, params };
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Quản trị hệ thống",
  commission_leader: "Lãnh đạo Ban",
  commission_staff: "Cán bộ Ban",
  secretary: "Bí thư, Phó Bí thư, Chánh Văn phòng cấp ủy",
  reporter: "Chuyên viên Văn phòng cấp ủy",
  viewer: "Người xem",
};

export function isAdmin(principal: Principal | null): boolean {
  return principal?.kind === "person" && principal.grants.some((g) => g.role === "admin");
}

/**
 * May `issuer` create an API token with `role` at the organisation at `orgPath`? Administrators
 * may issue any token role; a secretary only secretary/reporter/viewer tokens of their own organisation.
 */
export function mayIssueToken(issuer: Principal, role: Role, orgPath: string): boolean {
  if (!(TOKEN_ROLES as readonly Role[]).includes(role)) return false;
  if (!can(issuer, "tokens.manage", orgPath)) return false;
  return isAdmin(issuer) || SECRETARY_TOKEN_ROLES.has(role);
}
