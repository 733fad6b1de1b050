import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import type { Env } from "../src/env";

export interface DigestParams {
  kind: "weekly_compliance" | "morning_deadlines";
  at: number;
}

/** Builds and sends one kind of digest in batches. */
export class DigestWorkflow extends WorkflowEntrypoint<Env, DigestParams> {
  override async run(_event: WorkflowEvent<DigestParams>, _step: WorkflowStep) {}
}
