import { configFor, createApp } from "./app";
import { startTick } from "./engine/schedule";
import type { Env } from "./env";

export { DigestWorkflow } from "../workflows/digest";
export { OpenPeriodWorkflow } from "../workflows/open-period";
export { ReminderTickWorkflow } from "../workflows/reminder-tick";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    configFor(env);
    ctx.waitUntil(startTick(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
