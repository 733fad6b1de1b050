/**
 * No account enumeration by timing: asking for a sign-in link takes the same time whether or
 * not the address belongs to someone. Measured over many pairs of requests (one known address,
 * one unknown, in alternating order, each after the previous one's deferred work has settled)
 * and judged with a sign test: if the known address were slower in significantly more pairs
 * than chance allows (one-sided p < 0.001), the timing would tell. Not a wall-clock threshold.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, count } from "../support/auth-fixtures";
import { aPerson } from "../support/builders";

const PAIRS = 60;

beforeAll(async () => {
  await env.DB.batch(
    Array.from({ length: PAIRS }, (_, i) =>
      aPerson({ id: `p_timing_${i}`, email: `co-that-${i}@test.vn`, fullName: "Người có thật" }),
    ),
  );
});

/** Waits until the request's deferred work (token row, and for a known address its mail) is done. */
async function settled(email: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const tokens = await count("select count(*) as n from signin_tokens where email = ?", email);
    const pending = await count(
      "select count(*) as n from notifications where to_address = ? and status = 'pending'",
      email,
    );
    if (tokens > 0 && pending === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the request for ${email} never settled`);
}

async function timed(email: string, ip: string): Promise<number> {
  const started = performance.now();
  const res = await call("POST", "/api/auth/signin-request", {
    json: { email },
    headers: { "cf-connecting-ip": ip },
  });
  await res.text();
  const elapsed = performance.now() - started;
  expect(res.status).toBe(202);
  await settled(email);
  return elapsed;
}

/** P(X >= k) for X ~ Binomial(n, 1/2). */
function upperTail(n: number, k: number): number {
  let p = 0;
  let term = 0.5 ** n; // C(n, 0) / 2^n
  for (let i = 0; i <= n; i++) {
    if (i >= k) p += term;
    term = (term * (n - i)) / (i + 1);
  }
  return p;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("sign-in request timing", () => {
  it("does not tell a known address from an unknown one", { timeout: 120_000 }, async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const k = () => timed(`co-that-${i}@test.vn`, `198.51.100.${i}`);
      const u = () => timed(`khong-co-${i}@test.vn`, `198.51.100.${100 + i}`);
      if (i % 2 === 0) {
        known.push(await k());
        unknown.push(await u());
      } else {
        unknown.push(await u());
        known.push(await k());
      }
    }
    const slower = known.filter((t, i) => t > unknown[i]!).length;
    const faster = known.filter((t, i) => t < unknown[i]!).length;
    const p = upperTail(slower + faster, slower);
    const summary = `known slower in ${slower} of ${slower + faster} pairs (p = ${p.toExponential(2)}), medians ${median(known).toFixed(1)} ms vs ${median(unknown).toFixed(1)} ms`;
    console.log(`sign-in timing: ${summary}`);
    // The clock must have resolved enough pairs, or the test would measure nothing. Workers'
    // timers are coarse (many pairs tie at the same millisecond); 20 resolved pairs still
    // catch a systematic difference (p < 0.001 then needs 18 of 20 one way).
    expect(slower + faster, summary).toBeGreaterThanOrEqual(PAIRS / 3);
    expect(p, summary).toBeGreaterThan(0.001);
  });
});

describe("upperTail", () => {
  it("is the binomial tail", () => {
    expect(upperTail(4, 0)).toBeCloseTo(1);
    expect(upperTail(4, 4)).toBeCloseTo(1 / 16);
    expect(upperTail(4, 3)).toBeCloseTo(5 / 16);
    expect(upperTail(80, 67)).toBeLessThan(0.001);
  });
});
