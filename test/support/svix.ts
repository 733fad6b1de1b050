/**
 * Signs a webhook delivery like Svix (Resend's webhooks): `v1,` + base64(HMAC-SHA256(key,
 * `${id}.${timestamp}.${body}`)), the key being the base64 after `whsec_`. For tests that need
 * deliveries signed now; the reference vector in test/integration/webhooks.test.ts (computed with
 * openssl) checks both this signer and the SDK's verification.
 */
export async function svixSignature(secret: string, id: string, timestamp: string, body: string) {
  const raw = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (ch) => ch.charCodeAt(0));
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  return `v1,${btoa(String.fromCharCode(...new Uint8Array(mac)))}`;
}
