import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { countedEnv } from "../src/db/d1-stats";
import type { DigestKind } from "../src/features/notifications/digests.keys";
import { runDigestSteps } from "../src/features/notifications/digests.service";
import type { Env } from "../src/platform/config";
import { configFor } from "../src/platform/config";
import { STEP_RETRY } from "./step-retry";

export interface DigestParams {
  kind: DigestKind;
  /** The digest's "now" (ms): the instant the schedule decided it was time. */
  at: number;
}

/**
 * Builds and sends one kind of digest (`runDigestSteps`): per page of 1,000 recipients not yet
 * in the ledger -> the weekly content of each new subtree (once per run) -> per batch of 100:
 * render + record (unique key `digest:<kind>:<person>:<period>`) -> send. Every step is
 * idempotent, so a retried step or a re-run instance sends nobody the same digest twice.
 */
export class DigestWorkflow extends WorkflowEntrypoint<Env, DigestParams> {
  override async run(event: WorkflowEvent<DigestParams>, step: WorkflowStep) {
    const config = configFor(this.env);
    const env = countedEnv(this.env, "digest");
    const { kind, at } = event.payload;
    return runDigestSteps(env, config, kind, at, (name, fn) => step.do(name, STEP_RETRY, fn));
  }
}
