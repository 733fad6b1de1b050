/**
 * A schedule's rule as `periods` reads it, from the schedule as entered or as stored: what is not
 * set is null, and a one-off's cut-off window counts only for a one-off schedule.
 */
import type { ScheduleRule } from "./periods";

export function ruleOf(s: ScheduleRule & { name: string }) {
  return {
    frequency: s.frequency,
    dueRuleKind: s.dueRuleKind,
    dueRuleDays: s.dueRuleDays,
    startsOn: s.startsOn,
    endsOn: s.endsOn ?? null,
    oneOffCutoffStart: s.frequency === "one_off" ? (s.oneOffCutoffStart ?? null) : null,
    oneOffCutoffEnd: s.frequency === "one_off" ? (s.oneOffCutoffEnd ?? null) : null,
    name: s.name,
  } satisfies ScheduleRule;
}
