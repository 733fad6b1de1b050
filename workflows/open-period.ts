import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import type { Env } from "../src/env";

export interface OpenPeriodParams {
  periodId: string;
}

/** Creates one obligation per organisation in scope, in batches; safe to re-run. */
export class OpenPeriodWorkflow extends WorkflowEntrypoint<Env, OpenPeriodParams> {
  override async run(_event: WorkflowEvent<OpenPeriodParams>, _step: WorkflowStep) {}
}
