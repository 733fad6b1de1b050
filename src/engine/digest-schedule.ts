/**
 * When digests go out (called from the cron tick), per `SEND_SCHEDULE`: the morning deadlines
 * digest from 07:00 on working days, the weekly compliance digest from 07:30 on the weekday
 * each person chose (Monday by default) or, when that day is a day off, on the next working
 * day. Both stop being started at 17:00, the end of the sending window, so a long outage does
 * not send "morning" mail at night; the next working day catches up.
 *
 * One Workflow instance per kind and day, with a deterministic id, so the ticks every 15
 * minutes after 07:00 all map to the same instance and `create` refuses the duplicates.
 */
import { loadCalendar } from "../db/calendar";
import { SEND_SCHEDULE, weeklyDigestWeekdaysOn } from "../domain/calendar";
import { isoWeekday, localDate, localMinutesOfDay } from "../domain/time";
import { type DigestKind, isoWeekKey } from "../features/notifications/digests.keys";
import type { Env } from "../platform/config";
import { weeklyDigestWantedOn } from "./schedule.queries";

export const MORNING_DIGEST_AT = SEND_SCHEDULE.morningDigestAt;
export const WEEKLY_DIGEST_AT = SEND_SCHEDULE.weeklyDigestAt;
export const DIGEST_LAST_START = SEND_SCHEDULE.window.endMinutes;

/** `digest-<kind>-<period key>`: the local date, or the ISO week and weekday for the weekly one. */
export function digestInstanceId(kind: DigestKind, now: number): string {
  const today = localDate(now);
  return kind === "morning_deadlines"
    ? `digest-${kind}-${today}`
    : `digest-${kind}-${isoWeekKey(today)}-${isoWeekday(today)}`;
}

/** The digests whose time has come at `now` (pure apart from the calendar and the weekday lookup). */
export async function dueDigestKinds(db: D1Database, now: number): Promise<DigestKind[]> {
  const minutes = localMinutesOfDay(now);
  if (minutes >= DIGEST_LAST_START) return [];
  const today = localDate(now);
  const calendar = await loadCalendar(db);
  // Nothing scheduled goes out on a day off.
  if (!calendar.isWorkingDay(today)) return [];
  const kinds: DigestKind[] = [];
  if (minutes >= MORNING_DIGEST_AT) kinds.push("morning_deadlines");
  if (minutes >= WEEKLY_DIGEST_AT) {
    const weekdays = weeklyDigestWeekdaysOn(today, calendar);
    const wanted = weekdays.includes(1) || (await weeklyDigestWantedOn(db, weekdays));
    if (wanted) kinds.push("weekly_compliance");
  }
  return kinds;
}

/** Starts the digest Workflow instances that are due; returns the ids created now. */
export async function startDueDigests(env: Env, now: number): Promise<string[]> {
  const created: string[] = [];
  for (const kind of await dueDigestKinds(env.DB, now)) {
    const id = digestInstanceId(kind, now);
    try {
      await env.DIGEST_WORKFLOW.create({ id, params: { kind, at: now } });
      created.push(id);
    } catch (err) {
      // Started by an earlier tick today: that instance does the work.
      if (!String(err).includes("already exists")) throw err;
    }
  }
  return created;
}
