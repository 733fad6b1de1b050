import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { countedEnv } from "../src/db/d1-stats";
import { openPeriodPage } from "../src/engine/periods";
import type { Env } from "../src/platform/config";

export interface OpenPeriodParams {
  periodId: string;
  now: number;
}

/**
 * Creates one obligation per organisation in scope, a page (keyset on the path) per step,
 * so 60,000 organisations open within the per-invocation limits; safe to re-run.
 */
export class OpenPeriodWorkflow extends WorkflowEntrypoint<Env, OpenPeriodParams> {
  override async run(event: WorkflowEvent<OpenPeriodParams>, step: WorkflowStep) {
    const { periodId, now } = event.payload;
    const env = countedEnv(this.env, "open-period");
    let after = "";
    let total = 0;
    for (let page = 0; ; page++) {
      const result = await step.do(`page ${page}`, async () => openPeriodPage(env.DB, periodId, after, now));
      total += result.created;
      if (result.lastPath === null) break;
      after = result.lastPath;
    }
    return { periodId, created: total };
  }
}
