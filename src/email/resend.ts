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

/** Error names Resend answers with that are worth retrying (everything else is permanent). */
const RETRYABLE_NAMES = new Set(["rate_limit_exceeded", "concurrent_idempotent_requests"]);

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
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && value.trim() !== "") return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface ResendError {
  name?: string;
  message?: string;
  statusCode?: number;
}

/**
 * Sends through Resend's HTTP API with plain `fetch` (no SDK: keeps the bundle small).
 * Batches use Resend's permissive validation mode, so one invalid message is reported
 * in `errors` (by index) instead of sinking the other 99; request-level errors (rate
 * limit, quota, auth, 5xx) apply to every message of the call.
 */
export class ResendTransport implements EmailTransport {
  readonly name = "resend";
  readonly maxBatch = RESEND_MAX_BATCH;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(private readonly options: ResendOptions) {
    this.baseUrl = (options.baseUrl ?? "https://api.resend.com").replace(/\/$/, "");
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.userAgent = options.userAgent ?? "directive-tracker/0.1";
  }

  async sendBatch(messages: EmailMessage[]): Promise<SendOutcome[]> {
    if (messages.length === 0) return [];
    if (messages.length > this.maxBatch) {
      throw new Error(`Resend batch of ${messages.length} exceeds ${this.maxBatch} messages`);
    }
    const all = (outcome: SendOutcome) => messages.map(() => outcome);
    const body = messages.map((m) => ({
      from: m.from,
      to: [m.to],
      subject: m.subject,
      html: m.html,
      text: m.text,
      headers: m.headers,
    }));
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/emails/batch`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${this.options.apiKey}`,
          "Content-Type": "application/json",
          "User-Agent": this.userAgent,
          "Idempotency-Key": await batchIdempotencyKey(messages),
          "x-batch-validation": "permissive",
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
      return all({
        ok: false,
        retryable: true,
        error: timedOut ? `timeout after ${this.timeoutMs} ms` : `network error: ${String(err)}`,
      });
    }

    if (res.ok) {
      const json = (await res.json().catch(() => null)) as {
        data?: { id?: string }[];
        errors?: { index?: number; message?: string }[];
      } | null;
      const rejected = new Map<number, string>();
      for (const e of json?.errors ?? []) {
        if (typeof e.index === "number") rejected.set(e.index, e.message ?? "rejected");
      }
      // `data` lists the accepted messages in request order.
      const data = Array.isArray(json?.data) ? json.data : [];
      const readable = data.length === messages.length - rejected.size;
      let next = 0;
      return messages.map((_, i): SendOutcome => {
        const reason = rejected.get(i);
        if (reason !== undefined)
          return { ok: false, retryable: false, error: `HTTP ${res.status} validation_error: ${reason}` };
        // Accepted but unreadable: do not resend (it went out); record what we know.
        return { ok: true, providerId: readable ? (data[next++]?.id ?? "") : "" };
      });
    }

    const text = await res.text().catch(() => "");
    let parsed: ResendError = {};
    try {
      parsed = JSON.parse(text) as ResendError;
    } catch {
      // Non-JSON error bodies (a proxy's 502 page) keep their text.
    }
    const name = parsed.name ?? "";
    const error = `HTTP ${res.status}${name ? ` ${name}` : ""}: ${parsed.message ?? text.slice(0, 300)}`;
    const retryable =
      res.status >= 500 ||
      (res.status === 429 && (name === "" || RETRYABLE_NAMES.has(name))) ||
      (res.status === 409 && name === "concurrent_idempotent_requests");
    const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
    return all(
      retryable
        ? { ok: false, retryable: true, error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
        : { ok: false, retryable: false, error },
    );
  }
}
