/**
 * The send ledger's retry policy: how many attempts a notification gets and how long to wait
 * between them. Public entry: `./ledger`.
 */

/** After this many attempts a notification is given up and marked `failed`. */
export const MAX_ATTEMPTS = 8;
/** First retry delay; doubles each attempt up to RETRY_CAP_MS. */
export const RETRY_BASE_MS = 60_000;
export const RETRY_CAP_MS = 6 * 60 * 60_000;

/**
 * Delay before the next attempt after `attempts` failed ones: exponential backoff with
 * jitter (50-100 % of the step, so retries of many rows spread out), never earlier than
 * the provider's Retry-After.
 */
export function retryDelayMs(
  attempts: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(step * (0.5 + 0.5 * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}
