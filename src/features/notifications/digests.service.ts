/**
 * Email digest runs: the weekly compliance digest for Commission staff and leaders (their
 * commission's subtree; also administrators, while next year's working calendar is empty, so the
 * warning that it is reaches the people who keep it) and the morning "your deadlines" digest for secretaries and office
 * staff (only when something is due within 7 days or overdue).
 *
 * Each message is recorded in the send ledger under `digest:<kind>:<personId>:<periodKey>`
 * (ISO week `2026-W48` for the weekly digest, the local date for the morning one), so a
 * re-run, a retried Workflow step or a changed weekday never sends the same digest twice.
 * People who switched a digest off (preferences) or unsubscribed (one-click) get nothing.
 *
 * A run (`runDigestSteps`, the Workflow's steps in order) lists recipients a page at a time,
 * leaving out those who already have this digest in the ledger (so a re-run renders nothing),
 * computes the weekly content once per followed subtree for the whole run, then renders,
 * records and sends in batches of 100.
 */
import { loadCalendar } from "../../db/calendar";
import { chunk } from "../../db/client";
import { weeklyDigestWeekdaysOn } from "../../domain/calendar";
import { localDate } from "../../domain/time";
import { recordNotifications, type SendResult, sendNotifications } from "../../email/ledger";
import type { Config, Env } from "../../platform/config";
import { DIGEST_BATCH_SIZE, type DigestKind, digestPeriodKey, RECIPIENT_PAGE_SIZE } from "./digests.keys";
import { peopleOwedDigest, type RecipientRow, recipientRows } from "./digests.queries";
import { morningDrafts } from "./morning-digest.service";
import {
  type SubtreeRoot,
  type WeeklyContent,
  weeklyContent,
  weeklyDrafts,
  weeklyScopes,
} from "./weekly-digest.service";

/** One page of recipients; the weekly digest goes out on today's weekday and those of the days off before it. */
async function recipientPage(
  db: D1Database,
  kind: DigestKind,
  now: number,
  after: string,
  limit: number,
): Promise<RecipientRow[]> {
  const weekdays =
    kind === "weekly_compliance" ? weeklyDigestWeekdaysOn(localDate(now), await loadCalendar(db)) : [];
  return recipientRows(db, kind, now, { after, limit, weekdays });
}

/** Who gets the digest today (ids, sorted), whether or not it was sent already. */
export async function listDigestRecipients(db: D1Database, kind: DigestKind, now: number): Promise<string[]> {
  const out: string[] = [];
  for (let after = ""; ; ) {
    const rows = await recipientPage(db, kind, now, after, RECIPIENT_PAGE_SIZE);
    out.push(...rows.map((r) => r.id));
    if (rows.length < RECIPIENT_PAGE_SIZE) return out;
    after = rows.at(-1)!.id;
  }
}

export interface RecipientPage {
  /** Recipients still owed this period's digest (no ledger row yet), sorted. */
  ids: string[];
  /** Recipients on this page who already have it (a re-run, a second instance). */
  alreadySent: number;
  /** The next page starts after this id; null when this was the last page. */
  next: string | null;
  /** Weekly digest: the distinct subtrees `ids` follow (empty for the morning digest). */
  subtrees: SubtreeRoot[];
}

/** One step's worth of recipients (`pageSize` examined), after `after` ("" for the first page). */
export async function listRecipientPage(
  db: D1Database,
  kind: DigestKind,
  now: number,
  after: string,
  pageSize = RECIPIENT_PAGE_SIZE,
): Promise<RecipientPage> {
  const rows = await recipientPage(db, kind, now, after, pageSize);
  const ids = rows.filter((r) => r.done !== 1).map((r) => r.id);
  const subtrees: SubtreeRoot[] = [];
  if (kind === "weekly_compliance" && ids.length > 0) {
    const seen = new Set<string>();
    for (const scope of (await weeklyScopes(db, ids)).values()) {
      if (seen.has(scope.root.id)) continue;
      seen.add(scope.root.id);
      subtrees.push(scope.root);
    }
  }
  return {
    ids,
    alreadySent: rows.length - ids.length,
    next: rows.length < pageSize ? null : rows.at(-1)!.id,
    subtrees,
  };
}

export interface BuildResult {
  notificationIds: string[];
  /** People with nothing to tell (morning digest with nothing due) or already sent. */
  skipped: number;
}

/**
 * Renders and records one batch of digests (≤ 100 people); returns the new ledger rows.
 * People who already have this period's digest in the ledger are skipped before rendering.
 * `contents`: the weekly content per subtree root computed earlier in the run (a subtree
 * missing from it, e.g. a membership changed since the listing, is computed here).
 */
export async function buildDigestBatch(
  env: Env,
  config: Config,
  kind: DigestKind,
  personIds: string[],
  now: number,
  contents: ReadonlyMap<string, WeeklyContent> = new Map(),
): Promise<BuildResult> {
  const db = env.DB;
  const periodKey = digestPeriodKey(kind, now);
  // Re-check the subscription at build time: an unsubscribe between listing and building wins.
  const people = (await peopleOwedDigest(db, kind, periodKey, personIds)).filter((p) =>
    personIds.includes(p.id),
  );
  const drafts =
    kind === "weekly_compliance"
      ? await weeklyDrafts(db, config, people, now, periodKey, contents)
      : await morningDrafts(db, config, people, now, periodKey);
  const created = await recordNotifications(db, drafts, now);
  return { notificationIds: created, skipped: personIds.length - created.length };
}

/** Sends recorded digest rows (≤ 100 per provider call). */
export async function sendDigestBatch(
  env: Env,
  config: Config,
  ids: string[],
  now: number,
): Promise<SendResult> {
  return sendNotifications(env, config, ids, now);
}

/**
 * Runs a step: the Workflow persists its result (`step.do` with retries); `runDigest` just
 * calls it. Step names are deterministic so a replayed Workflow finds its results.
 */
export type DigestStep = <T extends Rpc.Serializable<T>>(name: string, fn: () => Promise<T>) => Promise<T>;

export interface DigestRunResult {
  /** People who get this digest today (including those who already had it). */
  recipients: number;
  /** Of those, already in the ledger for this period before the run: not rendered again. */
  alreadySent: number;
  /** Weekly: distinct subtrees whose content was computed (once each). */
  subtrees: number;
  recorded: number;
  sent: number;
}

/**
 * One digest run as steps: per page of recipients: list (without those already sent), the
 * content of each subtree not seen yet in this run (weekly), then per batch of 100: render +
 * record, send. Safe to repeat: nothing is recorded twice, and a re-run renders nothing.
 */
export async function runDigestSteps(
  env: Env,
  config: Config,
  kind: DigestKind,
  now: number,
  step: DigestStep,
  options: { pageSize?: number } = {},
): Promise<DigestRunResult> {
  const contents = new Map<string, WeeklyContent>();
  const out: DigestRunResult = { recipients: 0, alreadySent: 0, subtrees: 0, recorded: 0, sent: 0 };
  let batch = 0;
  for (let page = 0, after = ""; ; page++) {
    const from = after;
    const listed = await step(`list recipients ${page}`, () =>
      listRecipientPage(env.DB, kind, now, from, options.pageSize),
    );
    out.recipients += listed.ids.length + listed.alreadySent;
    out.alreadySent += listed.alreadySent;
    for (const root of listed.subtrees) {
      if (contents.has(root.id)) continue;
      contents.set(root.id, await step(`content ${root.id}`, () => weeklyContent(env.DB, config, root, now)));
    }
    for (const ids of chunk(listed.ids, DIGEST_BATCH_SIZE)) {
      const n = batch++;
      const built = await step(`build ${n}`, () => buildDigestBatch(env, config, kind, ids, now, contents));
      out.recorded += built.notificationIds.length;
      const result = await step(`send ${n}`, () => sendDigestBatch(env, config, built.notificationIds, now));
      out.sent += result.sent;
    }
    if (listed.next === null) break;
    after = listed.next;
  }
  out.subtrees = contents.size;
  return out;
}

/** The whole digest run without a Workflow: the same steps, in order, in this request. */
export async function runDigest(
  env: Env,
  config: Config,
  kind: DigestKind,
  now: number,
): Promise<DigestRunResult> {
  return runDigestSteps(env, config, kind, now, (_name, fn) => fn());
}
