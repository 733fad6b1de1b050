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
 *   so they cover the whole tree; a provincial commission covers its province), and set up the
 *   directives of that subtree (`directive.manage`: directives, forms, schedules, ladders, targets).
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
import { and, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Role } from "../db/schema";
import { NON_ADMIN_ROLES } from "../domain/enums";

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
  /**
   * Onboarding and running a directive without code: register it with its sections and guidance,
   * its report forms, schedules, escalation policies and indicator targets. Checked on the
   * directive's (or schedule scope's, policy's, target's) organisation.
   */
  "directive.manage",
  "dashboard.read",
  "export.read",
  "attachment.read",
  "attachment.upload",
  "people.manage",
  "roles.manage",
  "tokens.manage",
  /** Ending every session of the person (sign out everywhere). */
  "account.sessions",
  /** The person's own email preferences. */
  "account.preferences",
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

/** The Commission's own work: monitoring, plus setting up the directives it tracks. */
const COMMISSION = { ...MONITOR, "directive.manage": "subtree" } as const satisfies Partial<
  Record<Action, Scope>
>;

/** The role -> action matrix. Anything not listed is refused (deny by default). */
export const POLICY: Record<Exclude<Role, "admin">, Partial<Record<Action, Scope>>> = {
  commission_leader: COMMISSION,
  commission_staff: COMMISSION,
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

/**
 * The one declared list of person-only actions: an API token may never perform them, whatever
 * its role. A token stands for a machine, not for the person who created it: it manages no
 * credentials (tokens), no people or roles, and nothing of its creator's own account (ending
 * their sessions, their email preferences). Checked in `can` and `scopeFor`, and by the guard's
 * `personOnly` declaration for the account routes that every signed-in person may use.
 */
export const PERSON_ONLY_ACTIONS = [
  "tokens.manage",
  "roles.manage",
  "people.manage",
  "account.sessions",
  "account.preferences",
] as const satisfies readonly Action[];

export const HUMAN_ONLY: ReadonlySet<Action> = new Set<Action>(PERSON_ONLY_ACTIONS);

/** True when `principal` is an API token and `action` needs a person. */
export function refusedToToken(principal: Principal | null, action: Action): boolean {
  return principal?.kind === "token" && HUMAN_ONLY.has(action);
}

/** Roles an API token may carry (never admin). */
export const TOKEN_ROLES = NON_ADMIN_ROLES;
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
  if (refusedToToken(principal, action)) return false;
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
  if (!principal || refusedToToken(principal, action)) return out;
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
 * The condition restricting an organisations table (or an alias of it, given its `path` and `id`
 * columns) to a scope, for Drizzle's query builder. Subtrees use the path index range
 * `path >= p and path < p || '~'`.
 */
export function scopeWhere(scope: ActionScope, columns: { path: SQLiteColumn; id: SQLiteColumn }): SQL {
  if (scope.global) return sql`1 = 1`;
  const parts: SQL[] = scope.subtrees.map((p) => and(gte(columns.path, p), lt(columns.path, `${p}~`)) as SQL);
  if (scope.exact.length > 0) parts.push(inArray(columns.id, scope.exact));
  return parts.length === 0 ? sql`1 = 0` : (or(...parts) as SQL);
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

// -------------------------------------------------------------------------------------------------
// Review authority: the schedule's reviewer decides, never a body merely above or below it.

export const COMMISSION_ROLES: ReadonlySet<Role> = new Set<Role>(["commission_staff", "commission_leader"]);

/** What decides who may review one report: its organisation and its schedule's reviewer. */
export interface ReviewSubject {
  /** Path of the reporting organisation, e.g. `/tw/hn/`. */
  organisationPath: string;
  /** The organisation the schedule names as reviewer. */
  reviewerOrganisationId: string;
  /**
   * The subtree the reviewer serves (a commission serves its parent committee's subtree, as in
   * `loadGrants`): commissions strictly inside it are "lower" than the reviewer.
   */
  reviewerScopePath: string;
  /** The schedule lets lower commissions see the review and add remarks. */
  lowerCommissionsMayComment: boolean;
}

export type ReviewAuthority =
  /** Accept, return, reopen, extend (and remark). `organisationId` is the deciding body; null for an administrator. */
  | { kind: "decide"; organisationId: string | null }
  /** See the review page and add remarks ("ý kiến") as the commission `organisationId`; never decide. */
  | { kind: "comment"; organisationId: string }
  | { kind: "none" };

/**
 * Who may act on the review of a report. Only staff (or leaders) of the organisation the
 * schedule names as reviewer decide, plus administrators; an ancestor commission (whose subtree
 * contains the unit) or a lower one (e.g. the province's own commission for its committee's
 * report to the Centre) never does. A lower commission covering the unit may comment when the
 * schedule says so. Reading the report itself stays with `report.read`.
 */
export function reviewAuthority(principal: Principal | null, subject: ReviewSubject): ReviewAuthority {
  if (!principal) return { kind: "none" };
  const reviewerGrant = principal.grants.find(
    (g) => COMMISSION_ROLES.has(g.role) && g.organisationId === subject.reviewerOrganisationId,
  );
  if (reviewerGrant) return { kind: "decide", organisationId: subject.reviewerOrganisationId };
  if (isAdmin(principal)) return { kind: "decide", organisationId: null };
  if (!subject.lowerCommissionsMayComment) return { kind: "none" };
  const lower = principal.grants.find(
    (g) =>
      COMMISSION_ROLES.has(g.role) &&
      subject.organisationPath.startsWith(g.path) &&
      g.path.startsWith(subject.reviewerScopePath) &&
      g.path !== subject.reviewerScopePath,
  );
  return lower ? { kind: "comment", organisationId: lower.organisationId } : { kind: "none" };
}

/**
 * The same rule as SQL over a query joining `reporting_schedules s`, the reporting organisation
 * `org`, and a `rev_scope` column expression (the reviewer's served path): the review queue and
 * the home page list exactly what `reviewAuthority` allows. `kind` "decide" lists what the
 * principal decides; "any" also what they may comment on.
 */
export function reviewAuthoritySql(
  principal: Principal,
  kind: "decide" | "any",
  revScope: string,
): { sql: string; params: string[] } {
  if (isAdmin(principal)) return { sql: "1 = 1", params: [] };
  const commission = principal.grants.filter((g) => COMMISSION_ROLES.has(g.role));
  if (commission.length === 0) return { sql: "1 = 0", params: [] };
  const parts = [`s.reviewer_organisation_id in (${commission.map(() => "?").join(",")})`];
  const params = commission.map((g) => g.organisationId);
  if (kind === "any") {
    for (const g of commission) {
      parts.push(
        `(s.lower_commissions_may_comment = 1 and org.path >= ? and org.path < ?
          and substr(?, 1, length(${revScope})) = ${revScope} and ? <> ${revScope})`,
      );
      params.push(g.path, `${g.path}~`, g.path, g.path);
    }
  }
  return { sql: `(${parts.join(" or ")})`, params };
}
