import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { currentTime } from "../src/clock";
import { countedEnv } from "../src/db/d1-stats";
import { sendDueNotifications } from "../src/email/ledger";
import { composeChaseBundles } from "../src/engine/chase-bundle";
import { startDueDigests } from "../src/engine/digest-schedule";
import { recordDuePeriods } from "../src/engine/periods";
import { claimTick, recordTickFinished } from "../src/engine/schedule.queries";
import {
  findDueObligations,
  MAX_PAGES_PER_TICK,
  obligationsNoLongerChased,
  planObligations,
  sendPlanned,
} from "../src/engine/tick";
import type { Env } from "../src/platform/config";
import { configFor } from "../src/platform/config";
import { STEP_RETRY } from "./step-retry";

/**
 * Send steps: whole recipients (never split across steps), at most 100 recipients (so at most
 * 100 messages, one provider call) and, unless one person alone has more, 1,000 rows per step.
 */
export function packSendSteps(groups: string[][], maxPeople = 100, maxRows = 1_000): string[][] {
  const steps: string[][] = [];
  let current: string[] = [];
  let people = 0;
  for (const ids of groups) {
    if (people > 0 && (people === maxPeople || current.length + ids.length > maxRows)) {
      steps.push(current);
      current = [];
      people = 0;
    }
    current.push(...ids);
    people++;
  }
  if (current.length > 0) steps.push(current);
  return steps;
}

export interface TickParams {
  scheduledTime: number;
}

/**
 * One engine tick. Each step is idempotent (unique keys in D1), so a retried step or a
 * re-run instance records and sends nothing twice. Step names are deterministic.
 */
export class ReminderTickWorkflow extends WorkflowEntrypoint<Env, TickParams> {
  override async run(event: WorkflowEvent<TickParams>, step: WorkflowStep) {
    const config = configFor(this.env);
    const env = countedEnv(this.env, "tick");
    // The tick's "now" is read once and replayed from the step result on retries.
    const now = await step.do("read clock", async () => currentTime(env.DB, config));

    await step.do("start tick", STEP_RETRY, async () => {
      // Already claimed by the cron entry when it started this instance; claimed here otherwise.
      await claimTick(env.DB, event.instanceId, event.payload.scheduledTime, now);
      return true;
    });

    const opening = await step.do("record due periods", STEP_RETRY, async () =>
      recordDuePeriods(env.DB, now),
    );
    for (const periodId of opening) {
      await step.do(`open period ${periodId}`, STEP_RETRY, async () => {
        try {
          await env.OPEN_PERIOD_WORKFLOW.create({ id: `open-${periodId}`, params: { periodId, now } });
        } catch (err) {
          // Already started by an earlier tick: that instance finishes the job.
          if (!String(err).includes("already exists")) throw err;
        }
        return true;
      });
    }

    let examined = 0;
    let recorded = 0;
    let sent = 0;
    // Plan every due page first, then send: a person's notifications from all pages go in one
    // send step and so in one email (at most one chasing email per person per tick).
    const byPerson = new Map<string, string[]>();
    for (let page = 0; page < MAX_PAGES_PER_TICK; page++) {
      const ids = await step.do(`find due ${page}`, STEP_RETRY, async () => findDueObligations(env.DB, now));
      if (ids.length === 0) break;
      examined += ids.length;
      const plan = await step.do(`plan ${page}`, STEP_RETRY, async () =>
        planObligations(env, config, ids, now),
      );
      recorded += plan.recorded;
      for (const [person, ids] of plan.byPerson)
        byPerson.set(person, [...(byPerson.get(person) ?? []), ...ids]);
    }
    const sends = packSendSteps([...byPerson.values()]);
    for (const [i, batch] of sends.entries()) {
      const result = await step.do(`send ${i}`, STEP_RETRY, async () => sendPlanned(env, config, batch, now));
      sent += result.sent;
    }

    // Retries and catch-up: anything still pending whose time has come (429s, 5xx, a crash).
    const retried = await step.do("send due retries", STEP_RETRY, async () =>
      sendDueNotifications(env, config, now, 500, {
        beforeSend: (rows) => obligationsNoLongerChased(env.DB, rows),
        compose: composeChaseBundles(now),
      }),
    );
    sent += retried.sent;

    // Morning and weekly digests: one Workflow instance per kind and day/week (the ledger's
    // per-person keys make a second start harmless).
    await step.do("start due digests", STEP_RETRY, async () => startDueDigests(env, now));

    await step.do("finish tick", STEP_RETRY, async () => {
      await recordTickFinished(env.DB, event.instanceId, now, { examined, recorded, sent });
      return true;
    });
    return { examined, recorded, sent };
  }
}
