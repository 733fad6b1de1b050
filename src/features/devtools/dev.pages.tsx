import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";
import { publicRoute } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { csrfTokenFor } from "../../auth/web";
import { setClockOffset } from "../../clock";
import { addDays, instantAt, isValidDate, localDate, MS_PER_DAY } from "../../domain/time";
import { startTick } from "../../engine/schedule";
import type { AppEnv } from "../../http/context";
import { validationError } from "../../platform/errors";
import { readBody } from "../../platform/http-input";
import { findTick } from "./dev.queries";
import { DevPage } from "./dev.views";

/**
 * The /dev page and its forms: move the simulated clock, run an engine tick now (each also
 * answers JSON for scripts and tests). Mounted under /dev behind `devOnly`.
 */
export const devPages = new Hono<AppEnv>();

const clockBody = z.object({
  /** Either an absolute instant (ISO 8601) or an offset in hours from the real clock. */
  at: z.iso.datetime({ offset: true }).optional(),
  offsetHours: z
    .number()
    .min(-24 * 400)
    .max(24 * 400)
    .optional(),
});

/** The clock form on /dev: a local date-time (Asia/Ho_Chi_Minh) or one of the shortcuts. */
const clockForm = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("set"),
    local: z
      .string({ error: "Vui lòng chọn ngày giờ" })
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Ngày giờ không đúng định dạng")
      .refine((v) => isValidDate(v.slice(0, 10)), "Ngày không có thật"),
  }),
  z.object({ action: z.literal("plus_day") }),
  z.object({ action: z.literal("next_morning") }),
  z.object({ action: z.literal("real") }),
]);

/** The simulated instant a clock form asks for (pure: `now` is the current simulated time). */
export function clockTarget(form: z.infer<typeof clockForm>, now: number, realNow: number): number {
  switch (form.action) {
    case "set": {
      const [date, time] = form.local.split("T") as [string, string];
      const [h, m] = time.split(":").map(Number) as [number, number];
      return instantAt(date, h, m);
    }
    case "plus_day":
      return now + MS_PER_DAY;
    case "next_morning":
      return instantAt(addDays(localDate(now), 1), 8);
    case "real":
      return realNow;
  }
}

devPages.post("/clock", publicRoute(), async (c) => {
  const realNow = Date.now();
  const { data, isForm } = await readBody(c);
  if (isForm) {
    const parsed = clockForm.safeParse(data);
    if (!parsed.success) {
      return devPage(c, { error: parsed.error.issues[0]?.message ?? "Dữ liệu không hợp lệ" }, 422);
    }
    const target = clockTarget(parsed.data, c.var.now, realNow);
    await setClockOffset(c.env.DB, target - realNow, realNow);
    return c.redirect("/dev?da-dat-gio=1", 303);
  }
  const parsed = clockBody.safeParse(data);
  if (!parsed.success) throw validationError(parsed.error);
  const offset = parsed.data.at
    ? Date.parse(parsed.data.at) - realNow
    : Math.round((parsed.data.offsetHours ?? 0) * 3_600_000);
  await setClockOffset(c.env.DB, offset, realNow);
  return c.json({ ok: true, now: new Date(realNow + offset).toISOString(), offsetMs: offset });
});

devPages.post("/tick", publicRoute(), async (c) => {
  const isForm = (c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
  const id = await startTick(c.env, Date.now());
  if (isForm) return c.redirect(`/dev?luot=${encodeURIComponent(id ?? "")}`, 303);
  return c.json({ ok: true, instanceId: id });
});

devPages.get("/", publicRoute(), (c) => devPage(c, {}));

async function devPage(c: Context<AppEnv>, state: { error?: string }, status: ContentfulStatusCode = 200) {
  const now = c.var.now;
  const csrf = await csrfTokenFor(c);
  const tickId = c.req.query("luot");
  const tick = tickId ? await findTick(c.env.DB, tickId) : undefined;
  const simulated = now - Date.now() > 60_000 || Date.now() - now > 60_000;
  return renderPage(
    c,
    "Công cụ phát triển",
    <DevPage
      now={now}
      simulated={simulated}
      csrf={csrf}
      error={state.error}
      clockSet={Boolean(c.req.query("da-dat-gio"))}
      tickId={tickId}
      tick={tick}
    />,
    status,
  );
}
