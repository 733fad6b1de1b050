import { type CreateBatchOptions, type CreateEmailOptions, Resend } from "resend";
import { sha256Hex } from "../ids";
import type { EmailMessage, EmailTransport, SendOutcome } from "./types";

export interface ResendOptions {
  apiKey: string;
  baseUrl?: string;
  /** Per-request timeout; a timeout is retryable. */
  timeoutMs?: number;
  userAgent?: string;
}

/** Resend's batch endpoint takes at most 100 messages per call. */
export const RESEND_MAX_BATCH = 100;

/**
 * Error names Resend answers with that are worth retrying; every other named error (validation,
 * auth, daily/monthly quota, a reused idempotency key with another payload) is permanent.
 */
const RETRYABLE_NAMES = new Set([
  "rate_limit_exceeded",
  "concurrent_idempotent_requests",
  "internal_server_error",
]);

/**
 * Whether an error the SDK reports is worth retrying. The SDK calls every answer it could not
 * read `application_error`: with no status, the request failed on the network or Resend accepted
 * it and the answer was lost (a retry is safe: it carries the same Idempotency-Key, so Resend does
 * not send twice); with a status, the body was not Resend's JSON (a proxy's error page).
 */
export function isRetryable(error: { name: string; statusCode: number | null }): boolean {
  const status = typeof error.statusCode === "number" ? error.statusCode : null;
  if (RETRYABLE_NAMES.has(error.name)) return true;
  if (status !== null && status >= 500) return true;
  if (error.name !== "application_error") return false;
  return status === null || status === 408 || status === 429;
}

/**
 * The Idempotency-Key of one batch call. Resend takes one key per request, so it is
 * derived from the messages' own keys: the same batch retried carries the same key
 * (kept 24 h by Resend). Our D1 ledger stays the real guard against duplicates.
 */
export async function batchIdempotencyKey(
  messages: readonly Pick<EmailMessage, "idempotencyKey">[],
): Promise<string> {
  return `batch-${await sha256Hex(messages.map((m) => m.idempotencyKey).join("\n"))}`;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && value.trim() !== "") return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What the SDK answers for one call: the data, or an error with the response's headers. */
type SdkResult<T> =
  | { data: T; error: null; headers: Record<string, string> | null }
  | {
      data: null;
      error: { name: string; message: string; statusCode: number | null };
      headers: Record<string, string> | null;
    };

/**
 * Sends through Resend's SDK: `batch.send` (permissive validation, so one invalid message is
 * reported by index instead of sinking the other 99) and `emails.send` for a single message.
 * The SDK does not retry, classify errors or time out; this transport does, so the ledger can
 * schedule retries (never earlier than Retry-After) and give up on permanent errors.
 */
export class ResendTransport implements EmailTransport {
  readonly name = "resend";
  readonly maxBatch = RESEND_MAX_BATCH;
  private readonly client: Resend;
  private readonly timeoutMs: number;

  constructor(options: ResendOptions) {
    this.client = new Resend(options.apiKey, {
      baseUrl: (options.baseUrl ?? "https://api.resend.com").replace(/\/$/, ""),
      userAgent: options.userAgent ?? "directive-tracker/0.1",
    });
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async sendBatch(messages: EmailMessage[]): Promise<SendOutcome[]> {
    if (messages.length === 0) return [];
    if (messages.length > this.maxBatch) {
      throw new Error(`Resend batch of ${messages.length} exceeds ${this.maxBatch} messages`);
    }
    const all = (outcome: SendOutcome) => messages.map(() => outcome);
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      if (messages.length === 1) {
        const [message] = messages as [EmailMessage];
        const result: SdkResult<{ id: string }> = await this.client.emails.send(toSdkEmail(message), {
          idempotencyKey: message.idempotencyKey,
          signal,
        });
        if (result.error) return all(this.failure(result.error, result.headers, signal));
        return [{ ok: true, providerId: result.data?.id ?? "" }];
      }
      const result: SdkResult<{ data?: { id: string }[]; errors?: { index: number; message: string }[] }> =
        await this.client.batch.send(messages.map(toSdkEmail) satisfies CreateBatchOptions, {
          idempotencyKey: await batchIdempotencyKey(messages),
          batchValidation: "permissive",
          signal,
        });
      if (result.error) return all(this.failure(result.error, result.headers, signal));
      const rejected = new Map<number, string>();
      for (const e of result.data?.errors ?? []) rejected.set(e.index, e.message ?? "rejected");
      // `data` lists the accepted messages in request order.
      const data = Array.isArray(result.data?.data) ? result.data.data : [];
      const readable = data.length === messages.length - rejected.size;
      let next = 0;
      return messages.map((_, i): SendOutcome => {
        const reason = rejected.get(i);
        if (reason !== undefined)
          return { ok: false, retryable: false, error: `HTTP 200 validation_error: ${reason}` };
        // Accepted, but the ids do not line up: it went out; record what we know.
        return { ok: true, providerId: readable ? (data[next++]?.id ?? "") : "" };
      });
    } catch (err) {
      // The SDK reports failures as results; this is the rare rethrown abort (or a bug).
      const timedOut = signal.aborted || (err instanceof Error && err.name === "TimeoutError");
      return all({
        ok: false,
        retryable: true,
        error: timedOut ? `timeout after ${this.timeoutMs} ms` : `network error: ${String(err)}`,
      });
    }
  }

  private failure(
    error: { name: string; message: string; statusCode: number | null },
    headers: Record<string, string> | null,
    signal: AbortSignal,
  ): SendOutcome {
    const status = typeof error.statusCode === "number" ? error.statusCode : null;
    // The SDK reports its own aborted fetch as "no answer"; ours was the timeout.
    if (status === null && signal.aborted) {
      return { ok: false, retryable: true, error: `timeout after ${this.timeoutMs} ms` };
    }
    const text = `${status === null ? "no answer" : `HTTP ${status}`} ${error.name}: ${error.message}`;
    if (!isRetryable(error)) return { ok: false, retryable: false, error: text };
    const retryAfterMs = parseRetryAfter(headers?.["retry-after"]);
    return {
      ok: false,
      retryable: true,
      error: text,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
}

function toSdkEmail(m: EmailMessage): CreateEmailOptions {
  return { from: m.from, to: [m.to], subject: m.subject, html: m.html, text: m.text, headers: m.headers };
}
