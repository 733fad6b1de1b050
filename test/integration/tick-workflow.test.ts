/**
 * The cron path through the real Workflow runtime: scheduled() -> ReminderTickWorkflow ->
 * steps that write to D1 with db.batch() (workers-sdk #12419 says such writes may not persist
 * locally: this test proves they do here) -> emails in the outbox. A duplicated tick is a no-op.
 */
import { env, introspectWorkflowInstance } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { setClockOffset } from "../../src/clock";
import { seedDemo } from "../../src/demo/seed";
import { instantAt } from "../../src/domain/time";
import { startTick, tickInstanceId } from "../../src/engine/schedule";

// Wednesday 25/11/2026 09:00 in Vietnam: the Hà Nội communes' monthly report was due 18/11.
const SIMULATED_NOW = instantAt("2026-11-25", 9);

async function count(sql: string): Promise<number> {
  return (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? -1;
}

beforeAll(async () => {
  await seedDemo(env.DB, SIMULATED_NOW - 3_600_000);
  await setClockOffset(env.DB, SIMULATED_NOW - Date.now());
});

describe("the reminder tick Workflow", () => {
  it("runs for a cron tick, records and sends the due ladder steps", async () => {
    const scheduledTime = Date.UTC(2026, 10, 25, 2, 0, 0);
    const instance = await introspectWorkflowInstance(env.TICK_WORKFLOW, tickInstanceId(scheduledTime));
    let output: { examined: number; recorded: number; sent: number };
    try {
      // What the scheduled() handler does for a cron tick.
      expect(await startTick(env, scheduledTime)).toBe(tickInstanceId(scheduledTime));
      await instance.waitForStatus("complete");
      output = (await instance.getOutput()) as typeof output;
      expect(output.examined).toBeGreaterThan(0);
      expect(output.sent).toBeGreaterThan(0);
    } finally {
      await instance.dispose();
    }
    // Writes made by db.batch() inside steps persisted.
    expect(await count("select count(*) as n from engine_ticks where finished_at is not null")).toBe(1);
    // The tick's row records what the instance returned.
    const recordedTick = await env.DB.prepare(
      "select obligations_examined as examined, notifications_recorded as recorded, notifications_sent as sent from engine_ticks where id = ?",
    )
      .bind(tickInstanceId(scheduledTime))
      .first();
    expect(recordedTick).toEqual(output);
    const sent = await count("select count(*) as n from notifications where status = 'sent'");
    expect(sent).toBeGreaterThan(0);
    // Each sent row went out in a message (one person's rows share one message: a bundle).
    expect(
      await count(
        "select count(*) as n from notifications n where status = 'sent' and not exists (select 1 from outbox_messages m where m.id = n.provider_id)",
      ),
    ).toBe(0);
    expect(await count("select count(*) as n from outbox_messages")).toBeLessThanOrEqual(sent);
    // Late Hà Nội communes got their overdue notice; nobody was chased for a submitted report.
    expect(
      await count(
        `select count(*) as n from notifications nt join obligations o on o.id = nt.obligation_id
         where nt.status = 'sent' and o.status in ('submitted','accepted')`,
      ),
    ).toBe(0);
  });

  it("treats a duplicated tick as a no-op", async () => {
    const scheduledTime = Date.UTC(2026, 10, 25, 2, 0, 0);
    expect(await startTick(env, scheduledTime)).toBeNull();
    expect(await count("select count(*) as n from engine_ticks")).toBe(1);
  });

  it("a step that fails and is retried sends each email once", async () => {
    // Thursday 26/11 09:00: the morning digests and any new ladder steps are due again.
    await setClockOffset(env.DB, instantAt("2026-11-26", 9) - Date.now());
    const scheduledTime = Date.UTC(2026, 10, 26, 2, 0, 0);
    const instance = await introspectWorkflowInstance(env.TICK_WORKFLOW, tickInstanceId(scheduledTime));
    try {
      // The first page's send step fails once after the plan was recorded, then is retried.
      await instance.modify(async (m) => {
        await m.disableSleeps();
        await m.mockStepError({ name: "send 0" }, new Error("provider timeout"), 1);
      });
      expect(await startTick(env, scheduledTime)).toBe(tickInstanceId(scheduledTime));
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    // Every ladder email went out exactly once: one outbox message per sent ledger row, none
    // left pending. (Digests run in their own Workflow instances, possibly still running.)
    const sent = await count(
      "select count(*) as n from notifications where status = 'sent' and idempotency_key like 'obl:%'",
    );
    expect(sent).toBeGreaterThan(0);
    // One message per person: a row alone keeps its own key, several travel as one `chase:` bundle.
    expect(
      await count(
        "select count(*) as n from notifications n where status = 'sent' and idempotency_key like 'obl:%' and not exists (select 1 from outbox_messages m where m.id = n.provider_id)",
      ),
    ).toBe(0);
    expect(
      await count(
        "select count(*) as n from (select to_address, created_at from outbox_messages where idempotency_key like 'obl:%' or idempotency_key like 'chase:%' group by 1, 2 having count(*) > 1)",
      ),
    ).toBe(0);
    const pending = await count(
      "select count(*) as n from notifications where status = 'pending' and idempotency_key like 'obl:%'",
    );
    expect(pending).toBe(0);
  });

  it("a second tick sends nothing already sent", async () => {
    const ladderMail =
      "select count(*) as n from outbox_messages where idempotency_key like 'obl:%' or idempotency_key like 'chase:%'";
    const before = await count(ladderMail);
    const scheduledTime = Date.UTC(2026, 10, 25, 2, 15, 0);
    const instance = await introspectWorkflowInstance(env.TICK_WORKFLOW, tickInstanceId(scheduledTime));
    try {
      expect(await startTick(env, scheduledTime)).toBe(tickInstanceId(scheduledTime));
      await instance.waitForStatus("complete");
    } finally {
      await instance.dispose();
    }
    expect(await count(ladderMail)).toBe(before);
  });
});
