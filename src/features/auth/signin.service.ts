/**
 * Sign-in by emailed link. The link's token is random (256 bits), stored only as its
 * SHA-256 hash, valid for 15 minutes and usable once. Requesting a link answers the same
 * way whether or not the address belongs to someone (no account enumeration): the answer
 * is decided before the address is even looked up, and the lookup, the rows (the same either
 * way) and the email all happen after the response (`waitUntil`), so the timing does not tell.
 */
import { signinLinkEmail } from "../../../emails/signin-link";
import { auditStatement } from "../../audit";
import { formatInstantVi } from "../../auth/format";
import { newSessionStatement, revokeSessionStatement } from "../../auth/session";
import { deliverNow } from "../../email/ledger";
import { newId, newToken, sha256Hex } from "../../ids";
import type { Config, Env } from "../../platform/config";
import {
  activePersonByEmail,
  consumeSigninToken,
  countRequest,
  insertSigninTokenStatement,
  type SigninTokenRow,
  signinTokenByHash,
} from "./signin.queries";

/**
 * Fixed-window rate limits in D1 (`rate_limits`): one row per key, counting requests in the
 * current window.
 */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/** Per email address from one client address: the lock-out a requester can cause is its own. */
export const SIGNIN_PER_ADDRESS: RateLimit = { limit: 5, windowMs: 15 * 60 * 1000 };
/** Per email address from anywhere: beyond it no more mail is sent (the answer stays the same). */
export const SIGNIN_PER_ADDRESS_ALL: RateLimit = { limit: 20, windowMs: 15 * 60 * 1000 };
export const SIGNIN_PER_IP: RateLimit = { limit: 20, windowMs: 15 * 60 * 1000 };

export function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/** Counts one request under `key`; returns whether it is within the limit, and when the window resets. */
async function hit(
  db: D1Database,
  key: string,
  rule: RateLimit,
  now: number,
): Promise<{ allowed: boolean; count: number; resetAt: number }> {
  const start = windowStart(now, rule.windowMs);
  const count = await countRequest(db, key, start);
  return { allowed: count <= rule.limit, count, resetAt: start + rule.windowMs };
}

export const SIGNIN_LINK_TTL_MS = 15 * 60 * 1000;

/** The shape of a token in a link (base64url of 32 random bytes, with some slack). */
export const SIGNIN_TOKEN_RE = /^[A-Za-z0-9_-]{20,100}$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Control characters (which browsers silently drop from URLs) or a backslash (read as `/`). */
function hasControlOrBackslash(s: string): boolean {
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f || ch === "\\") return true;
  }
  return false;
}

/** Only printable ASCII without space or backslash may appear in a destination as given. */
function isPlainAscii(s: string): boolean {
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code <= 0x20 || code >= 0x7f || ch === "\\") return false;
  }
  return true;
}

/** Look-alikes of `/` and `\` that some parsers fold into them. */
const UNICODE_SLASHES = /^\/[\u2044\u2215\u29f8\uff0f\uff3c]/;

/** `s` percent-decoded, or null when the encoding is broken. */
function decodeOnce(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/**
 * Only a same-origin path may be a post-sign-in destination (no open redirect). Browsers drop
 * tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.example` or `/\evil.example` is
 * `//evil.example`, another site. Rather than cleaning such input, anything but printable ASCII
 * (control characters, spaces, backslashes, look-alike Unicode slashes) is refused, as is a path
 * that starts `//` now or once percent-decoded (`/%2F%2Fevil.example`, also double-encoded), or
 * that the URL parser resolves to another origin. What is returned is the parser's own path.
 */
export function safeNext(next: string | undefined | null): string | null {
  if (typeof next !== "string" || next.length === 0 || next.length > 500) return null;
  if (!isPlainAscii(next) || !next.startsWith("/")) return null;
  // Decode until nothing changes; a destination still changing after a few rounds is refused.
  let form = next;
  for (let round = 0; ; round++) {
    if (form.startsWith("//") || hasControlOrBackslash(form) || UNICODE_SLASHES.test(form)) return null;
    const decoded = decodeOnce(form);
    if (decoded === null || round === 8) return null;
    if (decoded === form) break;
    form = decoded;
  }
  const base = "https://next.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return null;
  }
  if (url.origin !== base) return null;
  return url.pathname + url.search + url.hash;
}

export type SigninRequestOutcome = { kind: "sent" } | { kind: "rate_limited"; resetAt: number };

export interface SigninRequest {
  email: string;
  next: string | null;
  /** The requester's address, from the platform's trusted header only (see `clientIp`). */
  ip: string;
  now: number;
  /** Runs work after the response (ExecutionContext.waitUntil). */
  defer: (work: Promise<unknown>) => void;
}

/**
 * Asks for a sign-in link. The answer depends only on the requester's counters, never on the
 * address: whether the address belongs to someone is looked up after the response (`defer`),
 * with the token, its audit event and the email, so neither the answer nor its timing tells.
 *
 * Lock-out is per requester: 20 requests per client address, and 5 per email address *from
 * that client*. Someone elsewhere asking for a person's address does not lock the person out;
 * past `SIGNIN_PER_ADDRESS_ALL` requests for one address from anywhere no further mail is sent
 * (the answer is the same), so an address cannot be flooded either. Links already sent stay
 * usable whatever the counters say.
 */
export async function requestSigninLink(
  env: Env,
  config: Config,
  req: SigninRequest,
): Promise<SigninRequestOutcome> {
  const db = env.DB;
  const email = normaliseEmail(req.email);
  const emailKey = await sha256Hex(email);
  // Both counters always advance, so a limited address cannot be told from an unknown one.
  const byIp = await hit(db, `signin:ip:${req.ip}`, SIGNIN_PER_IP, req.now);
  const byAddress = await hit(db, `signin:email:${emailKey}:ip:${req.ip}`, SIGNIN_PER_ADDRESS, req.now);
  if (!byIp.allowed || !byAddress.allowed) {
    await auditStatement(db, {
      at: req.now,
      actorKind: "anonymous",
      action: "auth.rate_limited",
      entityType: "signin_request",
      data: { email, limit: byIp.allowed ? "address" : "ip" },
      ip: req.ip,
    }).run();
    return {
      kind: "rate_limited",
      resetAt: Math.max(byIp.allowed ? 0 : byIp.resetAt, byAddress.allowed ? 0 : byAddress.resetAt),
    };
  }
  req.defer(issueSigninLink(env, config, { email, emailKey, next: req.next, ip: req.ip, now: req.now }));
  return { kind: "sent" };
}

/** The part of a request that depends on the address: after the response. */
async function issueSigninLink(
  env: Env,
  config: Config,
  req: { email: string; emailKey: string; next: string | null; ip: string; now: number },
): Promise<void> {
  const db = env.DB;
  const { email, now } = req;
  const overall = await hit(db, `signin:email:${req.emailKey}`, SIGNIN_PER_ADDRESS_ALL, now);
  const person = await activePersonByEmail(db, email);
  const id = newId("st_");
  const token = newToken();
  const expiresAt = now + SIGNIN_LINK_TTL_MS;
  await db.batch([
    insertSigninTokenStatement(db, {
      id,
      tokenHash: await sha256Hex(token),
      email,
      personId: person?.id ?? null,
      redirectTo: req.next,
      expiresAt,
      createdAt: now,
    }),
    auditStatement(db, {
      at: now,
      actorPersonId: person?.id ?? null,
      actorKind: "anonymous",
      action: "auth.signin_requested",
      entityType: "signin_token",
      entityId: id,
      data: { email, known: person !== null, ...(overall.allowed ? {} : { mailed: false }) },
      ip: req.ip,
    }),
  ]);
  if (!person || !overall.allowed) return;
  const link = `${config.appUrl}/dang-nhap/xac-nhan?token=${token}`;
  const rendered = signinLinkEmail({
    fullName: person.fullName,
    title: person.title,
    link,
    validMinutes: SIGNIN_LINK_TTL_MS / 60_000,
    expiresAtText: formatInstantVi(expiresAt),
  });
  await deliverNow(
    env,
    config,
    {
      idempotencyKey: `signin:${id}`,
      personId: person.id,
      to: person.email,
      template: "signin-link",
      ...rendered,
    },
    now,
  );
}

export type SigninFailure = "invalid" | "expired" | "used";

export type ConfirmOutcome =
  | { kind: "ok"; personId: string; sessionToken: string; sessionId: string; next: string }
  | { kind: SigninFailure };

/** What opening a link shows before anything is consumed. */
export type InspectOutcome = { kind: "valid"; email: string; expiresAt: number } | { kind: SigninFailure };

async function loadSigninToken(db: D1Database, token: string): Promise<SigninTokenRow | null> {
  // A malformed token cannot match a stored hash; skip the query rather than hash junk.
  if (!SIGNIN_TOKEN_RE.test(token)) return null;
  return signinTokenByHash(db, await sha256Hex(token));
}

/** Why a token cannot be used now, or null if it can. Unknown addresses and disabled people are "invalid". */
function failureOf(row: SigninTokenRow | null, now: number): SigninFailure | null {
  if (!row?.personId || row.disabledAt !== null) return "invalid";
  if (row.usedAt !== null) return "used";
  if (row.expiresAt <= now) return "expired";
  return null;
}

interface FailureMeta {
  ip: string;
  now: number;
  /** "open": the link was opened (GET); "confirm": the sign-in button was pressed (POST). */
  step: "open" | "confirm";
}

async function recordFailure(
  db: D1Database,
  row: SigninTokenRow | null,
  kind: SigninFailure,
  meta: FailureMeta,
): Promise<{ kind: SigninFailure }> {
  await auditStatement(db, {
    at: meta.now,
    actorPersonId: row?.personId ?? null,
    actorKind: "anonymous",
    action: "auth.signin_failed",
    entityType: "signin_token",
    entityId: row?.id ?? null,
    reason: kind,
    data: { step: meta.step },
    ip: meta.ip,
  }).run();
  return { kind };
}

/**
 * Looks at a sign-in token WITHOUT consuming it. Opening the emailed link (a GET) only shows a
 * confirmation page: mail gateways and link scanners fetch links in messages, and must not burn
 * them. Only the button on that page (a POST, `confirmSignin`) uses the token. A link already
 * known to be unusable is audited as a failure, as before.
 */
export async function inspectSignin(
  db: D1Database,
  token: string,
  meta: { ip: string; now: number },
): Promise<InspectOutcome> {
  const row = await loadSigninToken(db, token);
  const failure = failureOf(row, meta.now);
  if (failure || !row) return recordFailure(db, row, failure ?? "invalid", { ...meta, step: "open" });
  return { kind: "valid", email: row.email, expiresAt: row.expiresAt };
}

/** Consumes a sign-in token (once) and opens a session. */
export async function confirmSignin(
  db: D1Database,
  token: string,
  meta: { ip: string; userAgent: string | null; now: number; previousSessionId?: string },
): Promise<ConfirmOutcome> {
  const { now } = meta;
  const row = await loadSigninToken(db, token);
  const fail = (kind: SigninFailure) => recordFailure(db, row, kind, { ip: meta.ip, now, step: "confirm" });
  const failure = failureOf(row, now);
  if (failure || !row?.personId) return fail(failure ?? "invalid");
  // Compare-and-swap: of two concurrent uses, only one consumes the token.
  if (!(await consumeSigninToken(db, row.id, now))) return fail("used");
  const session = await newSessionStatement(db, row.personId, meta.userAgent, now);
  const statements = [
    session.statement,
    auditStatement(db, {
      at: now,
      actorPersonId: row.personId,
      actorKind: "person",
      action: "auth.signed_in",
      entityType: "session",
      entityId: session.id,
      data: { signinTokenId: row.id },
      ip: meta.ip,
    }),
  ];
  if (meta.previousSessionId) {
    statements.push(revokeSessionStatement(db, meta.previousSessionId, now));
  }
  await db.batch(statements);
  return {
    kind: "ok",
    personId: row.personId,
    sessionToken: session.token,
    sessionId: session.id,
    next: safeNext(row.redirectTo) ?? "/",
  };
}
