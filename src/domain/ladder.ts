/**
 * The escalation ladder as one pure function:
 * (obligation, policy steps, calendar, sending window, now, steps already recorded)
 *   -> steps to send now, steps to mark superseded, and when to look again.
 *
 * - A step is due at the start of the sending window on addWorkingDays(due, offsetDays),
 *   where `due` is the deadline's effective date (`deadlineOf`: a deadline on a day off moves
 *   to the next working day, art. 148(5) Civil Code). Steps therefore always land on working
 *   mornings; weekends and Tết delay them, they never fire in a burst.
 * - Nothing is sent outside the sending window or on a non-working day.
 * - After an outage several steps may be due at once: only the most advanced offset is sent
 *   (every audience of it); the earlier unrecorded ones are returned as superseded.
 * - Submitted, accepted and waived obligations are not chased.
 * - Step keys: `pre:<offset>:<audience>` before the deadline (sent once, whatever the
 *   extensions); `c<chaseCycle>:<offset>:<audience>` on and after it, so an extension (which
 *   increments chaseCycle and moves the due date) starts a new cycle of those steps.
 */

import {
  DEFAULT_SENDING_WINDOW,
  isSendingTime,
  nextSendingInstant,
  type SendingWindow,
  type WorkingCalendar,
  windowStartOn,
} from "./calendar";
import { deadlineOf } from "./deadline";
import type { Audience, ObligationStatus } from "./enums";
import type { LocalDate } from "./time";

export type { Audience, ObligationStatus };

/** Statuses whose obligation is still being chased. */
export const CHASED_STATUSES: readonly ObligationStatus[] = ["pending", "draft", "returned"];

export interface LadderObligation {
  status: ObligationStatus;
  effectiveDueOn: LocalDate;
  chaseCycle: number;
}

/** One rung of a policy (a row of `escalation_steps`, or of the obligation's policy snapshot). */
export interface PolicyStep {
  /** Working days relative to the due date: negative before, 0 on the day, positive after. */
  offsetDays: number;
  audience: Audience;
  template: string;
}

export interface ScheduledStep extends PolicyStep {
  stepKey: string;
  /** The instant (ms UTC) the step becomes due. */
  scheduledAt: number;
}

export interface LadderInput {
  obligation: LadderObligation;
  steps: readonly PolicyStep[];
  calendar: WorkingCalendar;
  window?: SendingWindow;
  now: number;
  /** Step keys already recorded for this obligation (sent, pending or superseded). */
  recorded: ReadonlySet<string>;
}

export interface LadderDecision {
  send: ScheduledStep[];
  supersede: ScheduledStep[];
  /** When the ladder next has something to do (for `obligations.next_action_at`); null when done. */
  nextActionAt: number | null;
}

export function stepKey(step: Pick<PolicyStep, "offsetDays" | "audience">, chaseCycle: number): string {
  return step.offsetDays < 0
    ? `pre:${step.offsetDays}:${step.audience}`
    : `c${chaseCycle}:${step.offsetDays}:${step.audience}`;
}

const AUDIENCE_ORDER: Record<Audience, number> = { reporters: 0, superior: 1, commission: 2, leadership: 3 };

/** Every step of the ladder with its key and instant, in order (e.g. to show upcoming reminders). */
export function ladderSchedule(
  obligation: Pick<LadderObligation, "effectiveDueOn" | "chaseCycle">,
  steps: readonly PolicyStep[],
  calendar: WorkingCalendar,
  window: SendingWindow = DEFAULT_SENDING_WINDOW,
): ScheduledStep[] {
  const due = deadlineOf(obligation.effectiveDueOn, calendar).effectiveOn;
  const byKey = new Map<string, ScheduledStep>();
  for (const s of steps) {
    const key = stepKey(s, obligation.chaseCycle);
    if (byKey.has(key)) continue; // (offset, audience) is unique per policy; keep the first
    byKey.set(key, {
      stepKey: key,
      offsetDays: s.offsetDays,
      audience: s.audience,
      template: s.template,
      scheduledAt: windowStartOn(calendar.addWorkingDays(due, s.offsetDays), window),
    });
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.scheduledAt - b.scheduledAt ||
      a.offsetDays - b.offsetDays ||
      AUDIENCE_ORDER[a.audience] - AUDIENCE_ORDER[b.audience],
  );
}

export function evaluateLadder(input: LadderInput): LadderDecision {
  const { obligation, steps, calendar, now, recorded } = input;
  const window = input.window ?? DEFAULT_SENDING_WINDOW;
  if (!CHASED_STATUSES.includes(obligation.status)) return { send: [], supersede: [], nextActionAt: null };

  const open = ladderSchedule(obligation, steps, calendar, window).filter((s) => !recorded.has(s.stepKey));
  const due = isSendingTime(now, calendar, window) ? open.filter((s) => s.scheduledAt <= now) : [];

  let send: ScheduledStep[] = [];
  let supersede: ScheduledStep[] = [];
  if (due.length > 0) {
    const top = Math.max(...due.map((s) => s.offsetDays));
    send = due.filter((s) => s.offsetDays === top);
    supersede = due.filter((s) => s.offsetDays < top);
  }

  const handled = new Set([...send, ...supersede].map((s) => s.stepKey));
  const rest = open.filter((s) => !handled.has(s.stepKey));
  if (rest.length === 0) return { send, supersede, nextActionAt: null };
  const earliest = Math.min(...rest.map((s) => s.scheduledAt));
  // A step already due while we may not send (night, day off) waits for the next window:
  // never report a past instant, so the engine does not re-examine it on every tick.
  const nextActionAt = earliest > now ? earliest : nextSendingInstant(now, calendar, window);
  return { send, supersede, nextActionAt };
}
