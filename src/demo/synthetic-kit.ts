/** What the synthetic data's generators share: row types, sizes, ids, the seeded random source. */
import { DEFAULT_LADDER } from "./seed-helpers";

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export interface TableRows {
  table: string;
  rows: Row[];
}

export interface SyntheticOptions {
  /** Total organisations, including root, Commission and the 40 committees. Default 60,000. */
  organisations?: number;
  seed?: number;
  /** The instant the data describes (created_at etc.). Default 2026-07-20 09:00 UTC+7. */
  now?: number;
}

export interface SyntheticData {
  tables: TableRows[];
  /** Ids useful to drive queries: the root, one province, the two periods, a name to search. */
  refs: {
    rootId: string;
    provinceId: string;
    communeId: string;
    closedPeriodId: string;
    openPeriodId: string;
    searchTerm: string;
    /** The instant the data describes: the engine bench sets the simulated clock to it. */
    now: number;
  };
  counts: Record<string, number>;
}

export const NATIONAL_ORGANISATIONS = 60_000;
export const NATIONAL_COMMUNES = 3_321;
export const PROVINCES = 34;
export const CENTRAL = 6;
export const FIXED = 2 + PROVINCES + CENTRAL;

export const SYNTHETIC_DIRECTIVE_ID = "ct52";
export const SYNTHETIC_SCHEDULE_ID = "sched-ct52-quarterly";
export const SYNTHETIC_FORM_ID = "form-ct52-quarterly";
export const SYNTHETIC_POLICY_ID = "policy-default";
export const SYNTHETIC_CLOSED_PERIOD_ID = "per-ct52-2026-q1";
export const SYNTHETIC_OPEN_PERIOD_ID = "per-ct52-2026-q2";

/** Share of the chased obligations whose latest ladder rung is due at `now` (see above). */
export const DUE_SHARE = 0.5;
/** Weekly compliance digest recipients on the data's Monday (Commission three + followers). */
export const DIGEST_RECIPIENTS = 2_000;

/** The seeded random source and the instant the data describes, shared by the generators in order. */
export interface Gen {
  random: () => number;
  pick: <T>(items: readonly T[]) => T;
  now: number;
}

/** mulberry32: small, fast, good enough for data shapes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** The default escalation ladder, as the demo seeds it. */
export const LADDER = DEFAULT_LADDER;

/** Communes for a size: 3,321 at national scale, proportional below (at least one per province). */
export function communeCount(organisations: number): number {
  return Math.max(PROVINCES, Math.round((NATIONAL_COMMUNES * organisations) / NATIONAL_ORGANISATIONS));
}

export const DAY = 86_400_000;
/** Midnight of a calendar date in Asia/Ho_Chi_Minh, as UTC ms. */
export const vnMidnight = (date: string) => Date.parse(`${date}T00:00:00+07:00`);
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
