import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as z from "zod";
import { publicRoute } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { csrfTokenFor } from "../auth/web";
import { setClockOffset } from "../clock";
import { seedDemo } from "../demo/seed";
import {
  addDays,
  formatDateTimeVi,
  instantAt,
  isValidDate,
  localDate,
  MS_PER_DAY,
  VN_OFFSET_MS,
} from "../domain/time";
import { startTick } from "../engine/schedule";
import type { AppEnv } from "../http/context";
import { AppError, validationError } from "../platform/errors";
import { readBody } from "../platform/http-input";

/**
 * Development tools: load the demo data, move the simulated clock, run an engine tick now.
 * Never reachable in production (404 before anything else runs).
 */
export const devRoutes = new Hono<AppEnv>();

devRoutes.use("*", async (c, next) => {
  if (c.var.config.appEnv === "production") throw new AppError("not_found", "not_found", "Không tìm thấy");
  await next();
});

devRoutes.post("/seed", publicRoute(), async (c) => {
  await seedDemo(c.env.DB, c.var.now);
  return c.json({ ok: true });
});

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

devRoutes.post("/clock", publicRoute(), async (c) => {
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

devRoutes.post("/tick", publicRoute(), async (c) => {
  const isForm = (c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
  const id = await startTick(c.env, Date.now());
  if (isForm) return c.redirect(`/dev?luot=${encodeURIComponent(id ?? "")}`, 303);
  return c.json({ ok: true, instanceId: id });
});

/** Clears the sign-in rate-limit counters (browser tests sign in many times at one simulated instant). */
devRoutes.post("/rate-limits/reset", publicRoute(), async (c) => {
  await c.env.DB.prepare("delete from rate_limits").run();
  return c.json({ ok: true });
});

/** An engine tick's progress (tests and scripts wait for `finishedAt`). */
devRoutes.get("/api/tick/:id", publicRoute(), async (c) => {
  const row = await c.env.DB.prepare(
    "select id, scheduled_at, started_at, finished_at, obligations_examined, notifications_recorded, notifications_sent from engine_ticks where id = ?",
  )
    .bind(c.req.param("id"))
    .first<Record<string, number | string | null>>();
  if (!row) throw new AppError("not_found", "not_found", "Không tìm thấy lượt chạy");
  return c.json({
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    examined: row.obligations_examined,
    recorded: row.notifications_recorded,
    sent: row.notifications_sent,
  });
});

const obligationsQuery = z.object({ period: z.string().min(1).max(200) });

/** Obligations of a period with their organisation and status (tests check the engine against them). */
devRoutes.get("/api/obligations", publicRoute(), async (c) => {
  const q = obligationsQuery.safeParse(c.req.query());
  if (!q.success) throw validationError(q.error);
  const { results } = await c.env.DB.prepare(
    `select o.id, o.organisation_id as organisationId, org.name as organisationName, o.status, o.effective_due_on as dueOn
     from obligations o join organisations org on org.id = o.organisation_id where o.period_id = ? order by org.path`,
  )
    .bind(q.data.period)
    .all();
  return c.json({ obligations: results });
});

devRoutes.get("/", publicRoute(), (c) => devPage(c, {}));

interface TickRow {
  id: string;
  finished_at: number | null;
  obligations_examined: number | null;
  notifications_recorded: number | null;
  notifications_sent: number | null;
}

/** "2026-12-01T08:00" for a datetime-local input, in Vietnam time. */
function localInputValue(instant: number): string {
  const d = new Date(instant + VN_OFFSET_MS);
  return d.toISOString().slice(0, 16);
}

async function devPage(c: Context<AppEnv>, state: { error?: string }, status: ContentfulStatusCode = 200) {
  const now = c.var.now;
  const csrf = await csrfTokenFor(c);
  const tickId = c.req.query("luot");
  const tick = tickId
    ? await c.env.DB.prepare(
        "select id, finished_at, obligations_examined, notifications_recorded, notifications_sent from engine_ticks where id = ?",
      )
        .bind(tickId)
        .first<TickRow>()
    : null;
  const simulated = now - Date.now() > 60_000 || Date.now() - now > 60_000;
  return renderPage(
    c,
    "Công cụ phát triển",
    <>
      <h1>Công cụ phát triển (chỉ có ở môi trường thử nghiệm)</h1>
      <p>
        Giờ hệ thống (mô phỏng): <strong>{formatDateTimeVi(now)}</strong>
        {simulated ? <span class="muted"> (đồng hồ đang được dời so với giờ thật)</span> : null}
      </p>
      <div aria-live="polite">
        {state.error ? (
          <p class="error" role="alert">
            {state.error}
          </p>
        ) : null}
        {c.req.query("da-dat-gio") ? <p class="notice">Đã đặt giờ mô phỏng.</p> : null}
        {tickId !== undefined ? (
          tickId === "" ? (
            <p class="notice">Lượt nhắc cho thời điểm này đã được chạy trước đó.</p>
          ) : (
            <p class="notice" id="tick-status">
              {tick?.finished_at
                ? `Lượt nhắc đã chạy xong: xét ${tick.obligations_examined ?? 0} báo cáo, ghi ${tick.notifications_recorded ?? 0} thư, gửi ${tick.notifications_sent ?? 0} thư.`
                : "Lượt nhắc đang chạy. "}
              {tick?.finished_at ? null : <a href={`/dev?luot=${encodeURIComponent(tickId)}`}>Cập nhật</a>}
            </p>
          )
        ) : null}
      </div>
      <section class="card" aria-labelledby="clock-h">
        <h2 id="clock-h">Đồng hồ mô phỏng</h2>
        <form method="post" action="/dev/clock">
          <CsrfField token={csrf} />
          <input type="hidden" name="action" value="set" />
          <label for="clock-local">Ngày giờ (giờ Hà Nội)</label>
          <input id="clock-local" name="local" type="datetime-local" required value={localInputValue(now)} />
          <p>
            <button type="submit">Đặt giờ</button>
          </p>
        </form>
        <div class="actions">
          <form method="post" action="/dev/clock" class="inline">
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value="plus_day" />
            <button type="submit" class="secondary">
              +1 ngày
            </button>
          </form>
          <form method="post" action="/dev/clock" class="inline">
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value="next_morning" />
            <button type="submit" class="secondary">
              08:00 hôm sau
            </button>
          </form>
          <form method="post" action="/dev/clock" class="inline">
            <CsrfField token={csrf} />
            <input type="hidden" name="action" value="real" />
            <button type="submit" class="secondary">
              Về giờ thật
            </button>
          </form>
        </div>
      </section>
      <section class="card" aria-labelledby="tick-h">
        <h2 id="tick-h">Lượt nhắc việc</h2>
        <p class="muted">
          Lượt nhắc chạy theo giờ mô phỏng: mở kỳ báo cáo đến hạn, gửi nhắc hạn, thông báo quá hạn, đôn đốc và
          báo cáo cấp trên, thư buổi sáng và thư tổng hợp hằng tuần.
        </p>
        <form method="post" action="/dev/tick">
          <CsrfField token={csrf} />
          <button type="submit">Chạy lượt nhắc ngay</button>
        </form>
      </section>
      <ul>
        <li>
          <a href="/dev/hop-thu">Hộp thư cục bộ</a>
        </li>
        <li>
          <a href="/dev/thong-bao">Sổ theo dõi thư gửi đi</a>
        </li>
      </ul>
    </>,
    status,
  );
}
