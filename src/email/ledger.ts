import { auditStatement } from "../audit";
import type { Config, Env } from "../env";
import { newId } from "../ids";
import { OutboxTransport } from "./outbox";
import type { EmailMessage, EmailTransport, NotificationDraft } from "./types";

/** The transport for this deployment: the local outbox unless configured for Resend. */
export function transportFor(env: Env, config: Config, clock: () => number = Date.now): EmailTransport {
  if (config.emailTransport === "outbox") return new OutboxTransport(env.DB, clock);
  throw new Error("Resend transport not yet available");
}

/**
 * Records notifications in the send ledger. The unique idempotency key makes a second
 * recording of the same notification a no-op; returns the ids of rows that are new.
 */
export async function recordNotifications(
  db: D1Database,
  drafts: NotificationDraft[],
  now: number,
): Promise<string[]> {
  if (drafts.length === 0) return [];
  const ids = drafts.map(() => newId("n_"));
  const results = await db.batch<{ id: string }>(
    drafts.flatMap((d, i) => [
      db
        .prepare(
          `insert into notifications (id, idempotency_key, person_id, to_address, template, subject, payload, obligation_id, step_key, status, attempts, next_attempt_at, created_at, updated_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) on conflict(idempotency_key) do nothing returning id`,
        )
        .bind(
          ids[i],
          d.idempotencyKey,
          d.personId,
          d.to,
          d.template,
          d.subject,
          JSON.stringify({ html: d.html, text: d.text, headers: d.headers ?? {} }),
          d.obligationId ?? null,
          d.stepKey ?? null,
          now,
          now,
          now,
        ),
    ]),
  );
  return results.flatMap((r) => r.results.map((row) => row.id));
}

interface PendingRow {
  id: string;
  idempotency_key: string;
  to_address: string;
  subject: string;
  payload: string;
  attempts: number;
  template: string;
  person_id: string | null;
  obligation_id: string | null;
}

/** Sends the given pending notifications through the transport and records each outcome. */
export async function sendNotifications(
  env: Env,
  config: Config,
  transport: EmailTransport,
  ids: string[],
  now: number,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < ids.length; i += transport.maxBatch) {
    const slice = ids.slice(i, i + transport.maxBatch);
    const { results: rows } = await env.DB.prepare(
      `select id, idempotency_key, to_address, subject, payload, attempts, template, person_id, obligation_id
       from notifications where status = 'pending' and id in (${slice.map(() => "?").join(",")})`,
    )
      .bind(...slice)
      .all<PendingRow>();
    if (rows.length === 0) continue;
    const messages: EmailMessage[] = rows.map((r) => {
      const payload = JSON.parse(r.payload) as {
        html: string;
        text: string;
        headers: Record<string, string>;
      };
      return {
        idempotencyKey: r.idempotency_key,
        to: r.to_address,
        from: config.emailFrom,
        subject: r.subject,
        html: payload.html,
        text: payload.text,
        headers: payload.headers,
      };
    });
    const outcomes = await transport.sendBatch(messages);
    const statements: D1PreparedStatement[] = [];
    rows.forEach((row, j) => {
      const outcome = outcomes[j];
      if (outcome?.ok) {
        sent++;
        statements.push(
          env.DB.prepare(
            "update notifications set status = 'sent', provider_id = ?, attempts = attempts + 1, sent_at = ?, last_error = null, updated_at = ? where id = ?",
          ).bind(outcome.providerId, now, now, row.id),
          auditStatement(env.DB, {
            at: now,
            actorKind: "system",
            action: "email.sent",
            entityType: "notification",
            entityId: row.id,
            data: { template: row.template, to: row.to_address, transport: transport.name },
          }),
        );
      } else {
        failed++;
        const error = outcome?.error ?? "no outcome";
        const retry = outcome?.retryable ?? true;
        statements.push(
          env.DB.prepare(
            "update notifications set status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ? where id = ?",
          ).bind(retry ? "pending" : "failed", error, now + (outcome?.retryAfterMs ?? 60_000), now, row.id),
        );
      }
    });
    if (statements.length > 0) await env.DB.batch(statements);
  }
  return { sent, failed };
}

/** Records one notification and sends it at once (sign-in links, receipts). */
export async function deliverNow(
  env: Env,
  config: Config,
  draft: NotificationDraft,
  now: number,
): Promise<void> {
  const ids = await recordNotifications(env.DB, [draft], now);
  await sendNotifications(
    env,
    config,
    transportFor(env, config, () => now),
    ids,
    now,
  );
}
