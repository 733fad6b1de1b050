import { newId } from "../ids";
import { insertOutboxMessageStatement, selectOutboxIds } from "./outbox.queries";
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
        insertOutboxMessageStatement(this.db, {
          id: ids[i]!,
          idempotencyKey: m.idempotencyKey,
          toAddress: m.to,
          fromAddress: m.from,
          subject: m.subject,
          html: m.html,
          text: m.text,
          headers: JSON.stringify(m.headers),
          createdAt: at,
        }),
      ),
    );
    const stored = await selectOutboxIds(
      this.db,
      messages.map((m) => m.idempotencyKey),
    );
    const byKey = new Map(stored.map((r) => [r.idempotencyKey, r.id]));
    return messages.map((m) => ({ ok: true, providerId: byKey.get(m.idempotencyKey) ?? "" }));
  }
}
