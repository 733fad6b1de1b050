/**
 * Request-wide middleware: security headers, loading the principal, CSRF protection.
 * Mounted once in `src/app.ts` as `app.use("*", ...authMiddleware)`.
 *
 * CSRF: every unsafe method (POST, PUT, PATCH, DELETE) with a cookie session must carry the
 * session's synchronizer token (`sessions.csrf_token`) in the `_csrf` form field or the
 * `x-csrf-token` header. Bearer-token requests carry no ambient authority and are exempt.
 * Anonymous form posts (the sign-in form, the sign-in link's confirm button) carry a signed
 * double-submit token: the cookie `csrf` holds `nonce.hmac(nonce)` and the form field must
 * repeat it; and when the browser says where the post comes from (`Sec-Fetch-Site`, `Origin`),
 * it must be this site (login CSRF: no other site may sign a visitor in). Anonymous JSON posts
 * need no token: a cross-site page cannot send `application/json` without a CORS preflight,
 * which this app never grants.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../http/context";
import { AppError } from "../platform/errors";
import { enforceDeclaredPolicy } from "./guard";
import { isSecure, principalFromApiToken, principalFromSession, sessionTokenFrom } from "./session";

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Security headers on every response (a route may set its own CSP, e.g. a sandboxed mail preview). */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const h = c.res.headers;
  const setIfAbsent = (name: string, value: string) => {
    if (!h.has(name)) h.set(name, value);
  };
  setIfAbsent("content-security-policy", CSP);
  h.set("x-content-type-options", "nosniff");
  h.set("referrer-policy", "same-origin");
  h.set("x-frame-options", "DENY");
  h.set("cross-origin-opener-policy", "same-origin");
  h.set("permissions-policy", "camera=(), microphone=(), geolocation=()");
  if (c.var.config?.appEnv === "production") {
    h.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  }
  // Pages for a signed-in person must not be kept by shared caches or the back button after sign-out.
  if (c.var.principal) h.set("cache-control", "no-store");
};

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

/** Loads `c.var.principal`: a Bearer API token (invalid -> 401), else the session cookie, else null. */
export const loadPrincipal: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("principal", null);
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) {
    const m = BEARER.exec(authorization);
    const principal = m ? await principalFromApiToken(c.env.DB, m[1]!, c.var.now) : null;
    if (!principal) {
      throw new AppError(
        "unauthenticated",
        "invalid_token",
        "Mã truy cập (API token) không hợp lệ, đã hết hạn hoặc bị thu hồi",
      );
    }
    c.set("principal", principal);
  } else {
    const token = sessionTokenFrom(c);
    if (token && token.length <= 200)
      c.set("principal", await principalFromSession(c.env.DB, token, c.var.now));
  }
  await next();
};

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function timingSafeEqualStr(a: string, b: string): boolean {
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  // Tokens have a fixed length, so only their content must not leak through timing.
  if (ea.length !== eb.length) return false;
  let diff = 0;
  for (let i = 0; i < ea.length; i++) diff |= ea[i]! ^ eb[i]!;
  return diff === 0;
}

async function hmac(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const sig = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message));
  return btoa(String.fromCharCode(...new Uint8Array(sig)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function preCookieName(c: Context<AppEnv>): string {
  return isSecure(c.var.config) ? "__Host-csrf" : "csrf";
}

async function validPreToken(c: Context<AppEnv>, value: string | undefined): Promise<boolean> {
  if (!value) return false;
  const [nonce, sig, extra] = value.split(".");
  if (!nonce || !sig || extra !== undefined) return false;
  return timingSafeEqualStr(sig, await hmac(c.var.config.secretKey, `csrf:${nonce}`));
}

/**
 * The CSRF token to put in a form: the session's synchronizer token when signed in, else a
 * pre-session signed double-submit token (setting its cookie when needed).
 */
export async function csrfTokenFor(c: Context<AppEnv>): Promise<string> {
  const principal = c.var.principal;
  if (principal?.csrfToken) return principal.csrfToken;
  const existing = getCookie(c, preCookieName(c));
  if (existing && (await validPreToken(c, existing))) return existing;
  const nonce = crypto.randomUUID().replace(/-/g, "");
  const value = `${nonce}.${await hmac(c.var.config.secretKey, `csrf:${nonce}`)}`;
  setCookie(c, preCookieName(c), value, {
    path: "/",
    httpOnly: true,
    secure: isSecure(c.var.config),
    sameSite: "Lax",
    maxAge: 2 * 60 * 60,
  });
  return value;
}

async function submittedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const header = c.req.header("x-csrf-token");
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    try {
      const body = await c.req.parseBody();
      const value = body._csrf;
      return typeof value === "string" ? value : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * True when the browser reports that an unsafe request comes from another site. Browsers send
 * `Sec-Fetch-Site` and `Origin` with form posts; a client that sends neither (not a browser)
 * cannot carry a visitor's cookies, so the double-submit token alone decides for it.
 */
export function isCrossSiteRequest(c: Context<AppEnv>): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return true;
  const origin = c.req.header("origin");
  if (origin === undefined) return false;
  // The address the Worker was reached at, or the configured public address (behind a proxy).
  return origin !== originOf(c.req.url) && origin !== originOf(c.var.config.appUrl);
}

const csrfRejected = () =>
  new AppError(
    "forbidden",
    "csrf_failed",
    "Phiên làm việc của biểu mẫu không hợp lệ hoặc đã hết hạn. Vui lòng tải lại trang và thử lại.",
  );

/**
 * Endpoints whose authority is a signature carried by the request itself, not a cookie:
 * one-click unsubscribe (RFC 8058: an HMAC token in the link, posted by mail clients) and
 * the provider's signed webhook.
 */
const CSRF_EXEMPT_PATHS = new Set(["/huy-dang-ky", "/webhooks/resend"]);

export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!UNSAFE.has(c.req.method) || CSRF_EXEMPT_PATHS.has(c.req.path)) return next();
  const principal = c.var.principal;
  if (principal?.kind === "token") return next();
  const sent = await submittedToken(c);
  if (principal?.csrfToken) {
    if (!sent || !timingSafeEqualStr(sent, principal.csrfToken)) throw csrfRejected();
    return next();
  }
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("application/json")) return next();
  if (isCrossSiteRequest(c)) throw csrfRejected();
  const cookie = getCookie(c, preCookieName(c));
  if (!sent || !cookie || !timingSafeEqualStr(sent, cookie) || !(await validPreToken(c, cookie))) {
    throw csrfRejected();
  }
  return next();
};

/**
 * The client's address, for rate limits and the audit trail, from the platform's trusted header
 * only. A deployed Worker always runs behind Cloudflare's edge, which sets `cf-connecting-ip` and
 * overwrites any value the client sent, so production believes it (and the tests, which play
 * the edge, send it). Off Cloudflare (`wrangler dev`, `npm start`, a self-hosted workerd)
 * nothing strips a client-sent `cf-connecting-ip`, so development ignores it: every local request
 * counts as the one client "local".
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.config?.appEnv === "development") return "local";
  return c.req.header("cf-connecting-ip") ?? "unknown";
}

export const authMiddleware: MiddlewareHandler<AppEnv>[] = [
  securityHeaders,
  loadPrincipal,
  enforceDeclaredPolicy,
  csrfProtection,
];
