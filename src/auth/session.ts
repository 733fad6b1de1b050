/**
 * Sessions (cookie) and API tokens (Bearer): only SHA-256 hashes of the secrets are stored.
 *
 * Session lifetime: 12 hours idle (no request for 12 h signs you out) and 7 days absolute
 * (`sessions.expires_at`, set at sign-in and never extended). `last_seen_at` is refreshed at
 * most every 5 minutes to keep writes low.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../http/context";
import { newId, newToken, sha256Hex } from "../ids";
import type { Config } from "../platform/config";
import { type Grant, mayIssueToken, type Principal } from "./policy";
import {
  insertSessionStatement,
  revokeAllSessionsStatement,
  revokeSessionStatement,
  selectGrants,
  selectLiveApiToken,
  selectLiveSession,
  touchApiToken,
  touchSession,
} from "./session.queries";

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 5 * 60 * 1000;
const TOKEN_TOUCH_EVERY_MS = 60 * 1000;

export function isSecure(config: Config): boolean {
  return config.appUrl.startsWith("https://");
}

/** `__Host-` cookies must be Secure, so plain-http development uses bare names. */
export function sessionCookieName(config: Config): string {
  return isSecure(config) ? "__Host-sid" : "sid";
}

/**
 * A person's grants. A Commission role held in a commission (Ban Tuyên giáo và Dân vận) covers
 * the subtree of the committee that commission serves, its parent: the central Commission's
 * staff cover the whole tree, Hà Nội's commission covers Hà Nội (as the engine's audiences do).
 */
export async function loadGrants(db: D1Database, personId: string): Promise<Grant[]> {
  return selectGrants(db, personId);
}

/** The principal of a live session token, or null (unknown, revoked, idle, expired, disabled person). */
export async function principalFromSession(
  db: D1Database,
  token: string,
  now: number,
): Promise<Principal | null> {
  const row = await selectLiveSession(db, await sha256Hex(token), now, now - SESSION_IDLE_MS);
  if (!row) return null;
  if (now - row.lastSeenAt > TOUCH_EVERY_MS) await touchSession(db, row.id, now);
  return {
    kind: "person",
    personId: row.personId,
    email: row.email,
    fullName: row.fullName,
    grants: await loadGrants(db, row.personId),
    sessionId: row.id,
    csrfToken: row.csrfToken,
  };
}

/**
 * The principal of a live API token, or null. A token acts with its own role at its own
 * organisation, and only while its creator could still issue it (a secretary who loses
 * the role takes their tokens' power with them).
 */
export async function principalFromApiToken(
  db: D1Database,
  token: string,
  now: number,
): Promise<Principal | null> {
  const row = await selectLiveApiToken(db, await sha256Hex(token), now);
  if (!row) return null;
  const creator: Principal = {
    kind: "person",
    personId: row.createdBy,
    email: row.email,
    fullName: row.fullName,
    grants: await loadGrants(db, row.createdBy),
  };
  if (!mayIssueToken(creator, row.role, row.path)) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt > TOKEN_TOUCH_EVERY_MS) {
    await touchApiToken(db, row.id, now);
  }
  return {
    kind: "token",
    personId: row.createdBy,
    email: row.email,
    fullName: row.fullName,
    grants: [{ role: row.role, organisationId: row.organisationId, path: row.path }],
    tokenId: row.id,
  };
}

export interface NewSession {
  id: string;
  token: string;
  statement: D1PreparedStatement;
}

/** A new session for `personId`, as a statement to batch with its audit event. */
export async function newSessionStatement(
  db: D1Database,
  personId: string,
  userAgent: string | null,
  now: number,
): Promise<NewSession> {
  const id = newId("s_");
  const token = newToken();
  const statement = insertSessionStatement(db, {
    id,
    tokenHash: await sha256Hex(token),
    personId,
    csrfToken: newToken(),
    userAgent: userAgent?.slice(0, 300) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + SESSION_ABSOLUTE_MS,
  });
  return { id, token, statement };
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, sessionCookieName(c.var.config), token, {
    path: "/",
    httpOnly: true,
    secure: isSecure(c.var.config),
    sameSite: "Lax",
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookieName(c.var.config), { path: "/", secure: isSecure(c.var.config) });
}

export function sessionTokenFrom(c: Context<AppEnv>): string | undefined {
  return getCookie(c, sessionCookieName(c.var.config));
}

export { revokeAllSessionsStatement, revokeSessionStatement };
