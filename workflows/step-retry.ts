/** How every step of our workflows retries: up to 5 times, backing off from 10 s, 5 minutes a try. */
export const STEP_RETRY = {
  retries: { limit: 5, delay: "10 seconds", backoff: "exponential" },
  timeout: "5 minutes",
} as const;
