import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { configFor } from "../src/app";
import type { Env } from "../src/env";
import {
  buildDigestBatch,
  DIGEST_BATCH_SIZE,
  type DigestKind,
  listDigestRecipients,
  sendDigestBatch,
} from "../src/services/digests";

export interface DigestParams {
  kind: DigestKind;
  /** The digest's "now" (ms): the instant the schedule decided it was time. */
  at: number;
}

const RETRY = {
  retries: { limit: 5, delay: "10 seconds", backoff: "exponential" },
  timeout: "5 minutes",
} as const;

/**
 * Builds and sends one kind of digest in batches: list recipients -> per batch of 100:
 * render + record (unique key `digest:<kind>:<person>:<period>`) -> send. Every step is
 * idempotent, so a retried step or a re-run instance sends nobody the same digest twice.
 */
export class DigestWorkflow extends WorkflowEntrypoint<Env, DigestParams> {
  override async run(event: WorkflowEvent<DigestParams>, step: WorkflowStep) {
    const env = this.env;
    const config = configFor(env);
    const { kind, at } = event.payload;
    const ids = await step.do("list recipients", RETRY, async () => listDigestRecipients(env.DB, kind, at));
    let recorded = 0;
    let sent = 0;
    for (let i = 0; i < ids.length; i += DIGEST_BATCH_SIZE) {
      const batch = ids.slice(i, i + DIGEST_BATCH_SIZE);
      const n = i / DIGEST_BATCH_SIZE;
      const built = await step.do(`build ${n}`, RETRY, async () =>
        buildDigestBatch(env, config, kind, batch, at),
      );
      recorded += built.notificationIds.length;
      const result = await step.do(`send ${n}`, RETRY, async () =>
        sendDigestBatch(env, config, built.notificationIds, at),
      );
      sent += result.sent;
    }
    return { recipients: ids.length, recorded, sent };
  }
}
