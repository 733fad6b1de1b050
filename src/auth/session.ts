/**
 * Sessions (cookie) and API tokens (Bearer): only SHA-256 hashes of the secrets are stored.
 *
 * Session lifetime: 12 hours idle (no request for 12 h signs you out) and 7 days absolute
 * (`sessions.expires_at`, set at sign-in and never extended). `last_seen_at` is refreshed at
 * most every 5 minutes to keep writes low.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Role } from "../db/schema";
import type { AppEnv } from "../http/context";
import { newId, newToken, sha256Hex } from "../ids";
import type { Config } from "../platform/config";
import { type Grant, mayIssueToken, type Principal } from "./policy";

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
  const { results } = await db
    .prepare(
      // A commission serves its parent committee's subtree (Ban TG&DV Trung ương -> the whole
      // tree, Ban TG&DV Thành ủy Hà Nội -> Hà Nội), so its staff's grant covers that subtree.
      `select m.role as role, m.organisation_id as organisationId,
              case when m.role in ('commission_staff', 'commission_leader') and o.kind = 'commission'
                   then coalesce(parent.path, o.path) else o.path end as path
       from memberships m join organisations o on o.id = m.organisation_id
         left join organisations parent on parent.id = o.parent_id
       where m.person_id = ?`,
    )
    .bind(personId)
    .all<Grant>();
  return results;
}

interface SessionRow {
  id: string;
  person_id: string;
  csrf_token: string;
  last_seen_at: number;
  email: string;
  full_name: string;
}

/** The principal of a live session token, or null (unknown, revoked, idle, expired, disabled person). */
export async function principalFromSession(
  db: D1Database,
  token: string,
  now: number,
): Promise<Principal | null> {
  const row = await db
    .prepare(
      `select s.id, s.person_id, s.csrf_token, s.last_seen_at, p.email, p.full_name
       from sessions s join people p on p.id = s.person_id
       where s.token_hash = ? and s.revoked_at is null and s.expires_at > ? and s.last_seen_at > ?
         and p.disabled_at is null`,
    )
    .bind(await sha256Hex(token), now, now - SESSION_IDLE_MS)
    .first<SessionRow>();
  if (!row) return null;
  if (now - row.last_seen_at > TOUCH_EVERY_MS) {
    await db.prepare("update sessions set last_seen_at = ? where id = ?").bind(now, row.id).run();
  }
  return {
    kind: "person",
    personId: row.person_id,
    email: row.email,
    fullName: row.full_name,
    grants: await loadGrants(db, row.person_id),
    sessionId: row.id,
    csrfToken: row.csrf_token,
  };
}

interface TokenRow {
  id: string;
  created_by: string;
  organisation_id: string;
  role: Role;
  last_used_at: number | null;
  path: string;
  email: string;
  full_name: string;
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
  const row = await db
    .prepare(
      `select t.id, t.created_by, t.organisation_id, t.role, t.last_used_at, o.path, p.email, p.full_name
       from api_tokens t join organisations o on o.id = t.organisation_id join people p on p.id = t.created_by
       where t.token_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > ?)
         and p.disabled_at is null`,
    )
    .bind(await sha256Hex(token), now)
    .first<TokenRow>();
  if (!row) return null;
  const creator: Principal = {
    kind: "person",
    personId: row.created_by,
    email: row.email,
    fullName: row.full_name,
    grants: await loadGrants(db, row.created_by),
  };
  if (!mayIssueToken(creator, row.role, row.path)) return null;
  if (row.last_used_at === null || now - row.last_used_at > TOKEN_TOUCH_EVERY_MS) {
    await db.prepare("update api_tokens set last_used_at = ? where id = ?").bind(now, row.id).run();
  }
  return {
    kind: "token",
    personId: row.created_by,
    email: row.email,
    fullName: row.full_name,
    grants: [{ role: row.role, organisationId: row.organisation_id, path: row.path }],
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
  const statement = db
    .prepare(
      `insert into sessions (id, token_hash, person_id, csrf_token, user_agent, created_at, last_seen_at, expires_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      id,
      await sha256Hex(token),
      personId,
      newToken(),
      userAgent?.slice(0, 300) ?? null,
      now,
      now,
      now + SESSION_ABSOLUTE_MS,
    );
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

export function revokeSessionStatement(db: D1Database, sessionId: string, now: number): D1PreparedStatement {
  return db
    .prepare("update sessions set revoked_at = ? where id = ? and revoked_at is null")
    .bind(now, sessionId);
}

export function revokeAllSessionsStatement(
  db: D1Database,
  personId: string,
  now: number,
): D1PreparedStatement {
  return db
    .prepare("update sessions set revoked_at = ? where person_id = ? and revoked_at is null")
    .bind(now, personId);
}
