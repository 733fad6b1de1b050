import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import type { Env } from "../src/env";

export interface TickParams {
  scheduledTime: number;
}

/** One engine tick: open due periods, find due ladder steps, record and send notifications. */
export class ReminderTickWorkflow extends WorkflowEntrypoint<Env, TickParams> {
  override async run(event: WorkflowEvent<TickParams>, step: WorkflowStep) {
    const { scheduledTime } = event.payload;
    await step.do("record tick", async () => {
      await this.env.DB.prepare(
        "insert or ignore into engine_ticks (id, scheduled_at, started_at) values (?, ?, ?)",
      )
        .bind(`t${scheduledTime}`, scheduledTime, Date.now())
        .run();
      return true;
    });
  }
}
