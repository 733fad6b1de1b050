/**
 * The reminder engine's work for one tick, run directly on D1 (no Workflow): record and send
 * every due ladder step page by page (a person's rows bundled within a page; the Workflow gathers
 * them from all pages first, as chase-walk does), then send what is still pending and due
 * (retries, one email each), asking first which obligations are no longer chased. With the
 * demo's few communes one page holds every due row, so the two agree in the engine and deadline
 * walks; chase-walk uses small pages to test the Workflow's packing.
 */
import { env } from "cloudflare:test";
import { sendDueNotifications } from "../../src/email/ledger";
import {
  findDueObligations,
  obligationsNoLongerChased,
  planObligations,
  sendPlanned,
} from "../../src/engine/tick";
import { configFor } from "../../src/platform/config";

export async function engineTick(now: number): Promise<void> {
  const config = configFor(env);
  for (;;) {
    const ids = await findDueObligations(env.DB, now);
    if (ids.length === 0) break;
    const plan = await planObligations(env, config, ids, now);
    await sendPlanned(env, config, plan.notificationIds, now);
  }
  await sendDueNotifications(env, config, now, 500, {
    beforeSend: (rows) => obligationsNoLongerChased(env.DB, rows),
  });
}
