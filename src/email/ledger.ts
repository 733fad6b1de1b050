/**
 * The send ledger: notifications are recorded first (`./record`), then claimed, sent in
 * batches through the deployment's transport and each outcome recorded, with retries on the
 * policy of `./retry`. Every row is claimed by exactly one sender (compare-and-swap), and its
 * idempotency key is the provider's, so a resend after a crash is deduplicated.
 */
import { auditStatement } from "../audit";
import { chunk } from "../db/client";
import type { Config, Env } from "../platform/config";
import {
  claimDue,
  claimIdsStatement,
  type LedgerRow,
  markFailedStatement,
  markRetryStatement,
  markSentStatement,
  selectPendingRows,
  supersedeStatement,
} from "./ledger.queries";
import { OutboxTransport } from "./outbox";
import { recordNotifications } from "./record";
import { ResendTransport } from "./resend";
import { MAX_ATTEMPTS, retryDelayMs } from "./retry";
import type { EmailMessage, EmailTransport, NotificationDraft, SendOutcome } from "./types";

export {
  notificationStatements,
  type RecordGuard,
  recordNotifications,
  recordNotificationsFor,
} from "./record";
export { MAX_ATTEMPTS, RETRY_BASE_MS, RETRY_CAP_MS, retryDelayMs } from "./retry";

/**
 * A claimed row is hidden from other senders this long. If the sender dies after
 * sending but before recording, the row comes back after the lease and is resent with
 * the same idempotency key, which the transport deduplicates.
 */
export const CLAIM_LEASE_MS = 10 * 60_000;
/** Ids per `in (...)` list: D1 allows 100 bound parameters per statement. */
const IDS_PER_STATEMENT = 90;

/** The transport for this deployment: the local outbox unless configured for Resend. */
export function transportFor(env: Env, config: Config, clock: () => number = Date.now): EmailTransport {
  if (config.emailTransport === "outbox") return new OutboxTransport(env.DB, clock);
  if (!config.resendApiKey) throw new Error("EMAIL_TRANSPORT=resend needs RESEND_API_KEY");
  return new ResendTransport({
    apiKey: config.resendApiKey,
    baseUrl: config.resendBaseUrl,
    userAgent: `directive-tracker/0.1 (+${config.appUrl})`,
  });
}

/** A notification claimed for sending, as handed to a `beforeSend` re-check. */
export interface ClaimedNotification {
  id: string;
  idempotencyKey: string;
  to: string;
  template: string;
  personId: string | null;
  obligationId: string | null;
  stepKey: string | null;
  attempts: number;
}

export interface SendOptions {
  /** Defaults to `transportFor(env, config)`. */
  transport?: EmailTransport;
  /**
   * Re-check just before sending (e.g. "is the report still missing?"): returns the ids
   * that must not go out any more; they are marked `superseded` instead of sent.
   */
  beforeSend?: (rows: ClaimedNotification[]) => Promise<Iterable<string>>;
  /** Jitter source (tests pin it). */
  random?: () => number;
  /**
   * How claimed rows travel: each returned message carries the rows it stands for, and its
   * outcome is recorded on every one of them. Default: one message per row.
   */
  compose?: (rows: ComposableRow[]) => Promise<ComposedMessage[]>;
}

/** A claimed row as `compose` sees it: the rendered message and what was kept with it. */
export interface ComposableRow {
  id: string;
  personId: string | null;
  template: string;
  message: EmailMessage;
  bundle: unknown;
}

export interface ComposedMessage {
  rowIds: string[];
  message: EmailMessage;
}

export interface SendResult {
  sent: number;
  /** Failed this time; will be retried. */
  retrying: number;
  /** Given up (permanent error or too many attempts). */
  failed: number;
  superseded: number;
}

/**
 * Claims specific pending, due notifications (compare-and-swap on status and
 * next_attempt_at), so two senders never both send the same row.
 */
async function claimIds(db: D1Database, ids: string[], now: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const results = await db.batch<{ id: string }>(
    chunk(ids, IDS_PER_STATEMENT).map((slice) => claimIdsStatement(db, slice, now, now + CLAIM_LEASE_MS)),
  );
  return results.flatMap((r) => r.results.map((row) => row.id));
}

async function loadRows(db: D1Database, ids: string[]): Promise<LedgerRow[]> {
  if (ids.length === 0) return [];
  const rows = await selectPendingRows(db, chunk(ids, IDS_PER_STATEMENT));
  // A stable order keeps a retried batch identical, so its derived Idempotency-Key matches.
  return rows.sort((a, b) =>
    a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0,
  );
}

interface Payload {
  html: string;
  text: string;
  headers?: Record<string, string>;
  bundle?: unknown;
}

function toMessage(config: Config, r: LedgerRow): EmailMessage {
  const payload = JSON.parse(r.payload) as Payload;
  return {
    idempotencyKey: r.idempotencyKey,
    to: r.toAddress,
    from: config.emailFrom,
    subject: r.subject,
    html: payload.html,
    text: payload.text,
    headers: payload.headers ?? {},
  };
}

/** Sends claimed rows in batches of `transport.maxBatch` and records each outcome. */
async function sendClaimed(
  env: Env,
  config: Config,
  claimed: string[],
  now: number,
  options: SendOptions,
): Promise<SendResult> {
  const result: SendResult = { sent: 0, retrying: 0, failed: 0, superseded: 0 };
  let rows = await loadRows(env.DB, claimed);
  if (rows.length === 0) return result;
  const transport = options.transport ?? transportFor(env, config, () => now);
  const random = options.random ?? Math.random;

  if (options.beforeSend) {
    const drop = new Set(
      await options.beforeSend(
        rows.map((r) => ({
          id: r.id,
          idempotencyKey: r.idempotencyKey,
          to: r.toAddress,
          template: r.template,
          personId: r.personId,
          obligationId: r.obligationId,
          stepKey: r.stepKey,
          attempts: r.attempts,
        })),
      ),
    );
    const dropped = rows.filter((r) => drop.has(r.id)).map((r) => r.id);
    if (dropped.length > 0) {
      await env.DB.batch(
        chunk(dropped, IDS_PER_STATEMENT).map((slice) => supersedeStatement(env.DB, slice, now)),
      );
      result.superseded += dropped.length;
      rows = rows.filter((r) => !drop.has(r.id));
    }
  }

  const composed: ComposedMessage[] = options.compose
    ? await options.compose(
        rows.map((r) => ({
          id: r.id,
          personId: r.personId,
          template: r.template,
          message: toMessage(config, r),
          bundle: (JSON.parse(r.payload) as Payload).bundle,
        })),
      )
    : rows.map((r) => ({ rowIds: [r.id], message: toMessage(config, r) }));
  const rowById = new Map(rows.map((r) => [r.id, r]));

  for (const batch of chunk(composed, transport.maxBatch)) {
    let outcomes: SendOutcome[];
    try {
      outcomes = await transport.sendBatch(batch.map((m) => m.message));
    } catch (err) {
      outcomes = batch.map(() => ({ ok: false, retryable: true, error: `transport error: ${String(err)}` }));
    }
    const statements: D1PreparedStatement[] = [];
    // One delay per batch (and attempt count) keeps a retried batch together: same rows, same key.
    const delays = new Map<number, number>();
    const perRow = batch.flatMap((m, j) =>
      m.rowIds.flatMap((id) => {
        const row = rowById.get(id);
        return row ? [{ row, outcome: outcomes[j] }] : [];
      }),
    );
    perRow.forEach(({ row, outcome: given }) => {
      const outcome: SendOutcome = given ?? { ok: false, retryable: true, error: "no outcome" };
      const attempts = row.attempts + 1;
      if (outcome.ok) {
        result.sent++;
        statements.push(
          markSentStatement(env.DB, row.id, { providerId: outcome.providerId, attempts, now }),
          auditStatement(env.DB, {
            at: now,
            actorKind: "system",
            action: "email.sent",
            entityType: "notification",
            entityId: row.id,
            data: {
              template: row.template,
              to: row.toAddress,
              transport: transport.name,
              providerId: outcome.providerId,
              attempts,
            },
          }),
        );
        return;
      }
      if (!outcome.retryable || attempts >= MAX_ATTEMPTS) {
        result.failed++;
        statements.push(
          markFailedStatement(env.DB, row.id, { attempts, error: outcome.error, now }),
          auditStatement(env.DB, {
            at: now,
            actorKind: "system",
            action: "email.failed",
            entityType: "notification",
            entityId: row.id,
            reason: outcome.error,
            data: { template: row.template, to: row.toAddress, transport: transport.name, attempts },
          }),
        );
        return;
      }
      result.retrying++;
      let delay = delays.get(attempts);
      if (delay === undefined) {
        delay = retryDelayMs(attempts, outcome.retryAfterMs, random);
        delays.set(attempts, delay);
      }
      statements.push(
        markRetryStatement(env.DB, row.id, { attempts, error: outcome.error, retryAt: now + delay, now }),
      );
    });
    if (statements.length > 0) await env.DB.batch(statements);
  }
  return result;
}

/**
 * Sends the given pending notifications now (rows claimed by another sender or not yet
 * due are skipped) and records each outcome.
 */
export async function sendNotifications(
  env: Env,
  config: Config,
  ids: string[],
  now: number,
  options: SendOptions = {},
): Promise<SendResult> {
  const claimed = await claimIds(env.DB, ids, now);
  return sendClaimed(env, config, claimed, now, options);
}

/**
 * Sends up to `limit` pending notifications whose `next_attempt_at <= now`: the retry
 * loop and the catch-up after an outage. Safe to run concurrently: each row is claimed
 * by exactly one caller before sending.
 */
export async function sendDueNotifications(
  env: Env,
  config: Config,
  now: number,
  limit = 500,
  options: SendOptions = {},
): Promise<SendResult> {
  const claimed = await claimDue(env.DB, now, now + CLAIM_LEASE_MS, limit);
  return sendClaimed(env, config, claimed, now, options);
}

/** Records one notification and sends it at once (sign-in links, receipts). */
export async function deliverNow(
  env: Env,
  config: Config,
  draft: NotificationDraft,
  now: number,
  options: SendOptions = {},
): Promise<SendResult> {
  const ids = await recordNotifications(env.DB, [draft], now);
  return sendNotifications(env, config, ids, now, options);
}
