import { newId } from "../ids";
import type { EmailMessage, EmailTransport, SendOutcome } from "./types";

/**
 * The embedded transport for development and tests: stores each message in D1
 * (`outbox_messages`), shown by the local mailbox page. The unique idempotency key
 * makes a repeated send a no-op, as Resend's Idempotency-Key does.
 */
export class OutboxTransport implements EmailTransport {
  readonly name = "outbox";
  readonly maxBatch = 100;
  constructor(
    private readonly db: D1Database,
    private readonly clock: () => number = Date.now,
  ) {}

  async sendBatch(messages: EmailMessage[]): Promise<SendOutcome[]> {
    if (messages.length === 0) return [];
    const at = this.clock();
    const ids = messages.map(() => newId("out_"));
    await this.db.batch(
      messages.map((m, i) =>
        this.db
          .prepare(
            `insert into outbox_messages (id, idempotency_key, to_address, from_address, subject, html, text, headers, created_at)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict(idempotency_key) do nothing`,
          )
          .bind(
            ids[i],
            m.idempotencyKey,
            m.to,
            m.from,
            m.subject,
            m.html,
            m.text,
            JSON.stringify(m.headers),
            at,
          ),
      ),
    );
    const placeholders = messages.map(() => "?").join(",");
    const { results } = await this.db
      .prepare(`select id, idempotency_key from outbox_messages where idempotency_key in (${placeholders})`)
      .bind(...messages.map((m) => m.idempotencyKey))
      .all<{ id: string; idempotency_key: string }>();
    const byKey = new Map(results.map((r) => [r.idempotency_key, r.id]));
    return messages.map((m) => ({ ok: true, providerId: byKey.get(m.idempotencyKey) ?? "" }));
  }
}
