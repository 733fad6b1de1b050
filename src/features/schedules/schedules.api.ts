/** The reporting schedules' JSON API: /api/schedules … */
import type { Context } from "hono";
import { Hono } from "hono";
import { requirePolicy, signedIn } from "../../auth/guard";
import type { PeriodSpec } from "../../domain/periods";
import { localDate } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { AppError, validationError } from "../../platform/errors";
import { actorOf, manageCheck } from "./schedules.http";
import { listSchedules } from "./schedules.queries";
import { type ScheduleInput, scheduleSchema } from "./schedules.schemas";
import {
  createSchedule,
  inputOf,
  periodsOf,
  ruleOf,
  scheduleRuleOf,
  scheduleScopeOf,
  upcomingPeriods,
  updateSchedule,
  visibleSchedule,
  visibleSchedules,
} from "./schedules.service";

export const schedulesApi = new Hono<AppEnv>();

async function readJson(c: Context<AppEnv>): Promise<unknown> {
  return c.req.json().catch(() => {
    throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
  });
}

function parseInput(raw: unknown): ScheduleInput {
  const parsed = scheduleSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

function periodJson(p: PeriodSpec) {
  return {
    key: p.key,
    label: p.label,
    cutoffStart: p.cutoffStart,
    cutoffEnd: p.cutoffEnd,
    dueOn: p.dueOn,
    opensOn: p.opensOn,
  };
}

schedulesApi.post("/api/schedules", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const v = parseInput(await readJson(c));
  const id = await createSchedule(c.env.DB, v, actorOf(c), manageCheck(c), c.var.now);
  const preview = await upcomingPeriods(c.env.DB, ruleOf(v), localDate(c.var.now));
  return c.json({ id, ...v, upcomingPeriods: preview.map(periodJson) }, 201);
});

schedulesApi.put("/api/schedules/:id", requirePolicy("directive.manage", "in-handler"), async (c) => {
  const v = parseInput(await readJson(c));
  const id = c.req.param("id");
  await updateSchedule(c.env.DB, id, v, actorOf(c), manageCheck(c), c.var.now);
  const preview = await upcomingPeriods(c.env.DB, ruleOf(v), localDate(c.var.now));
  return c.json({ id, ...v, upcomingPeriods: preview.map(periodJson) });
});

/** The periods a schedule would have, without saving anything. */
schedulesApi.post("/api/schedules/preview", signedIn(), async (c) => {
  const v = parseInput(await readJson(c));
  const preview = await upcomingPeriods(c.env.DB, ruleOf(v), localDate(c.var.now), 12);
  return c.json({ upcomingPeriods: preview.map(periodJson) });
});

schedulesApi.get("/api/schedules", signedIn(), async (c) => {
  const results = await listSchedules(c.env.DB, "name");
  const visible = await visibleSchedules(c.env.DB, scheduleScopeOf(c.var.principal), results);
  return c.json({ schedules: visible.map((r) => ({ id: r.id, ...inputOf(r) })) });
});

schedulesApi.get("/api/schedules/:id", signedIn(), async (c) => {
  const { row, scope } = await visibleSchedule(c.env.DB, c.var.principal, c.req.param("id"));
  const periods = await periodsOf(c.env.DB, scope, [row], 100);
  const preview = await upcomingPeriods(c.env.DB, scheduleRuleOf(row), localDate(c.var.now));
  return c.json({
    id: row.id,
    ...inputOf(row),
    periods: periods.map((p) => ({
      id: p.id,
      label: p.label,
      cutoffStart: p.cutoff_start,
      cutoffEnd: p.cutoff_end,
      dueOn: p.due_on,
      opensOn: p.opens_on,
      status: p.status,
      obligationCount: p.obligation_count,
      submitted: p.submitted,
      accepted: p.accepted,
    })),
    upcomingPeriods: preview.map(periodJson),
  });
});
