/**
 * Per-person email preferences (`/cai-dat/thong-bao`): which digests to receive, the weekday of
 * the weekly one, and whether pre-deadline reminders are gathered into the morning digest.
 * Stored in `digest_subscriptions`; saving re-enables a digest unsubscribed by one click.
 */
import { Hono } from "hono";
import * as z from "zod";
import { auditStatement } from "../audit";
import { personOnly } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { csrfTokenFor } from "../auth/web";
import type { AppEnv } from "../http/context";
import { newId } from "../ids";
import { validationError } from "../platform/errors";

export const preferencesRoutes = new Hono<AppEnv>();

const WEEKDAYS: [number, string][] = [
  [1, "Thứ Hai"],
  [2, "Thứ Ba"],
  [3, "Thứ Tư"],
  [4, "Thứ Năm"],
  [5, "Thứ Sáu"],
];

export interface Preferences {
  weekly: boolean;
  weekday: number;
  morning: boolean;
  remindersInDigest: boolean;
}

interface SubRow {
  kind: string;
  enabled: number;
  weekday: number | null;
  reminders_in_digest: number;
  unsubscribed_at: number | null;
}

export async function loadPreferences(db: D1Database, personId: string): Promise<Preferences> {
  const { results } = await db
    .prepare(
      "select kind, enabled, weekday, reminders_in_digest, unsubscribed_at from digest_subscriptions where person_id = ?",
    )
    .bind(personId)
    .all<SubRow>();
  const weekly = results.find((r) => r.kind === "weekly_compliance");
  const morning = results.find((r) => r.kind === "morning_deadlines");
  const on = (r: SubRow | undefined) => !r || (r.enabled === 1 && r.unsubscribed_at === null);
  return {
    weekly: on(weekly),
    weekday: weekly?.weekday ?? 1,
    morning: on(morning),
    remindersInDigest: morning?.reminders_in_digest === 1,
  };
}

const checkbox = z
  .union([z.literal("1"), z.literal("on"), z.literal("")])
  .optional()
  .transform((v) => v === "1" || v === "on");

const form = z.object({
  weekly: checkbox,
  morning: checkbox,
  reminders_in_digest: checkbox,
  weekday: z.coerce
    .number({ error: "Chọn ngày trong tuần" })
    .int()
    .min(1, { error: "Chọn một ngày từ Thứ Hai đến Thứ Sáu" })
    .max(5, { error: "Chọn một ngày từ Thứ Hai đến Thứ Sáu" }),
});

preferencesRoutes.get("/cai-dat/thong-bao", personOnly("account.preferences"), async (c) => {
  const principal = c.var.principal!;
  const prefs = await loadPreferences(c.env.DB, principal.personId);
  const saved = c.req.query("da-luu") === "1";
  return renderPage(
    c,
    "Tùy chọn nhận thư",
    <>
      <link rel="stylesheet" href="/assets/giam-sat.css" />
      <h1>Tùy chọn nhận thư</h1>
      {saved ? (
        <p class="notice" role="status">
          Đã lưu tùy chọn nhận thư.
        </p>
      ) : null}
      <form method="post" action="/cai-dat/thong-bao">
        <CsrfField token={await csrfTokenFor(c)} />
        <fieldset>
          <legend>Thư tổng hợp tình hình báo cáo hằng tuần (cán bộ Ban)</legend>
          <p class="check">
            <input type="checkbox" id="weekly" name="weekly" value="1" checked={prefs.weekly} />
            <label for="weekly">Nhận thư tổng hợp hằng tuần</label>
          </p>
          <label for="weekday">Ngày nhận trong tuần (7 giờ 30 sáng)</label>
          <select id="weekday" name="weekday">
            {WEEKDAYS.map(([n, name]) => (
              <option value={String(n)} selected={prefs.weekday === n}>
                {name}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset>
          <legend>Thư buổi sáng “Hạn báo cáo của đồng chí” (bí thư, văn phòng cấp ủy)</legend>
          <p class="check">
            <input type="checkbox" id="morning" name="morning" value="1" checked={prefs.morning} />
            <label for="morning">
              Nhận thư buổi sáng (7 giờ, ngày làm việc, chỉ khi có việc đến hạn trong 7 ngày hoặc quá hạn)
            </label>
          </p>
          <p class="check">
            <input
              type="checkbox"
              id="reminders_in_digest"
              name="reminders_in_digest"
              value="1"
              checked={prefs.remindersInDigest}
            />
            <label for="reminders_in_digest">
              Gộp nhắc hạn vào thư buổi sáng (không nhận thư nhắc riêng lẻ)
            </label>
          </p>
          <p class="muted">Thông báo quá hạn gửi cấp ủy cấp trên vẫn tiếp tục theo quy định.</p>
        </fieldset>
        <p>
          <button type="submit">Lưu tùy chọn</button>
        </p>
      </form>
    </>,
  );
});

preferencesRoutes.post("/cai-dat/thong-bao", personOnly("account.preferences"), async (c) => {
  const principal = c.var.principal!;
  const body = await c.req.parseBody();
  const parsed = form.safeParse({
    weekly: body.weekly,
    morning: body.morning,
    reminders_in_digest: body.reminders_in_digest,
    weekday: body.weekday ?? "1",
  });
  if (!parsed.success) throw validationError(parsed.error);
  const p = parsed.data;
  const db = c.env.DB;
  const now = c.var.now;
  const upsert = (kind: string, enabled: boolean, weekday: number | null, reminders: boolean) =>
    db
      .prepare(
        `insert into digest_subscriptions (id, person_id, kind, enabled, weekday, reminders_in_digest, unsubscribed_at, updated_at)
         values (?, ?, ?, ?, ?, ?, null, ?)
         on conflict(person_id, kind) do update set enabled = excluded.enabled, weekday = excluded.weekday,
           reminders_in_digest = excluded.reminders_in_digest,
           unsubscribed_at = case when excluded.enabled = 1 then null else digest_subscriptions.unsubscribed_at end,
           updated_at = excluded.updated_at`,
      )
      .bind(newId("ds_"), principal.personId, kind, enabled ? 1 : 0, weekday, reminders ? 1 : 0, now);
  await db.batch([
    upsert("weekly_compliance", p.weekly, p.weekday, false),
    upsert("morning_deadlines", p.morning, null, p.reminders_in_digest),
    auditStatement(db, {
      at: now,
      actorKind: principal.kind,
      actorPersonId: principal.personId,
      action: "subscription.updated",
      entityType: "person",
      entityId: principal.personId,
      data: p,
    }),
  ]);
  if ((c.req.header("accept") ?? "").includes("application/json")) return c.json({ preferences: p });
  return c.redirect("/cai-dat/thong-bao?da-luu=1", 303);
});
