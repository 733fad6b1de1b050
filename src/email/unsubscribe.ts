import type { Config } from "../platform/config";

/**
 * What a person can unsubscribe from. The two digests are switched off; `reminders`
 * (service mail about a reporting duty) are moved into the morning digest instead;
 * `escalations` stop coming as separate mail ("gộp vào bản tin"): the late units stay in the
 * weekly digest and on the dashboard, and the chase of the late organisation itself goes on.
 */
export const UNSUBSCRIBE_KINDS = [
  "weekly_compliance",
  "morning_deadlines",
  "reminders",
  "escalations",
] as const;
export type UnsubscribeKind = (typeof UNSUBSCRIBE_KINDS)[number];

const encoder = new TextEncoder();

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

async function key(secretKey: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secretKey), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
}

/**
 * An unguessable, stateless unsubscribe token: HMAC-SHA256 of `personId:kind` under the
 * app secret (prefixed with a purpose label so it can never be confused with another
 * HMAC made from the same secret), base64url.
 */
export async function unsubscribeToken(secretKey: string, personId: string, kind: UnsubscribeKind) {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await key(secretKey),
    encoder.encode(`unsubscribe:${personId}:${kind}`),
  );
  return base64url(mac);
}

/** Constant-time check of a token from a link. */
export async function verifyUnsubscribeToken(
  secretKey: string,
  personId: string,
  kind: UnsubscribeKind,
  token: string,
): Promise<boolean> {
  const expected = encoder.encode(await unsubscribeToken(secretKey, personId, kind));
  const given = encoder.encode(token);
  if (given.length !== expected.length) return false;
  return crypto.subtle.timingSafeEqual(expected, given);
}

/** The one-click link for List-Unsubscribe and the footer of reminder and digest mail. */
export async function unsubscribeUrl(
  config: Pick<Config, "appUrl" | "secretKey">,
  personId: string,
  kind: UnsubscribeKind,
) {
  const params = new URLSearchParams({
    token: await unsubscribeToken(config.secretKey, personId, kind),
    p: personId,
    k: kind,
  });
  return `${config.appUrl}/huy-dang-ky?${params.toString()}`;
}
