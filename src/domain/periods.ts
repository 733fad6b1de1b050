/**
 * Reporting periods and their data cut-off windows (thời gian chốt số liệu), following
 * Decree 09/2019/NĐ-CP art. 12: monthly 15th of the previous month to the 14th; quarterly
 * 15th of the month before the quarter to the 14th of its last month; 6 months 15/12 of the
 * previous year to 14/06; annual 15/12 of the previous year to 14/12.
 *
 * The decree defines only the first 6 months. For the second half we use 15/06 to 14/12
 * (our convention, symmetric with the first half); nine months is 15/12 to 14/09.
 */
import type { WorkingCalendar } from "./calendar";
import { addDays, dateParts, isValidDate, type LocalDate, makeDate, maxDate } from "./time";

export type Frequency = "monthly" | "quarterly" | "semiannual" | "nine_month" | "annual" | "one_off";
export type DueRuleKind = "fixed_days" | "working_days";

/** The fields of a `reporting_schedules` row that define its periods. */
export interface ScheduleRule {
  frequency: Frequency;
  dueRuleKind: DueRuleKind;
  dueRuleDays: number;
  startsOn: LocalDate;
  endsOn?: LocalDate | null;
  oneOffCutoffStart?: LocalDate | null;
  oneOffCutoffEnd?: LocalDate | null;
  /** The schedule's name: the label of a one-off period. */
  name?: string | null;
}

export interface PeriodSpec {
  /** Unique per schedule and safe in ids: `2026-m03`, `2026-q1`, `2026-h2`, `2026-9m`, `2026-y`, `once`. */
  key: string;
  /** Vietnamese label: "Tháng 3/2026", "Quý I/2026", ... */
  label: string;
  cutoffStart: LocalDate;
  cutoffEnd: LocalDate;
  dueOn: LocalDate;
  /** When the period opens (obligations created): 30 days before the cut-off end, not before its start. */
  opensOn: LocalDate;
}

/** Days before the cut-off end at which a period opens. */
export const OPEN_DAYS_BEFORE_CUTOFF_END = 30;
/** How long after its due date a period may still be opened (catching up after an outage). */
export const OPEN_GRACE_DAYS_AFTER_DUE = 60;

const ROMAN = ["I", "II", "III", "IV"] as const;

interface Window {
  key: string;
  label: string;
  cutoffStart: LocalDate;
  cutoffEnd: LocalDate;
}

/** The cut-off windows of one reporting year (periods whose cut-off ends in that year). */
function windowsOfYear(frequency: Exclude<Frequency, "one_off">, y: number): Window[] {
  const dec15 = makeDate(y - 1, 12, 15);
  switch (frequency) {
    case "monthly":
      return Array.from({ length: 12 }, (_, i) => ({
        key: `${y}-m${String(i + 1).padStart(2, "0")}`,
        label: `Tháng ${i + 1}/${y}`,
        cutoffStart: makeDate(y, i, 15),
        cutoffEnd: makeDate(y, i + 1, 14),
      }));
    case "quarterly":
      return ROMAN.map((roman, q) => ({
        key: `${y}-q${q + 1}`,
        label: `Quý ${roman}/${y}`,
        cutoffStart: makeDate(y, 3 * q, 15),
        cutoffEnd: makeDate(y, 3 * q + 3, 14),
      }));
    case "semiannual":
      return [
        { key: `${y}-h1`, label: `6 tháng đầu năm ${y}`, cutoffStart: dec15, cutoffEnd: makeDate(y, 6, 14) },
        {
          key: `${y}-h2`,
          label: `6 tháng cuối năm ${y}`,
          cutoffStart: makeDate(y, 6, 15),
          cutoffEnd: makeDate(y, 12, 14),
        },
      ];
    case "nine_month":
      return [
        { key: `${y}-9m`, label: `9 tháng năm ${y}`, cutoffStart: dec15, cutoffEnd: makeDate(y, 9, 14) },
      ];
    case "annual":
      return [{ key: `${y}-y`, label: `Năm ${y}`, cutoffStart: dec15, cutoffEnd: makeDate(y, 12, 14) }];
  }
}

function assertRule(rule: ScheduleRule): void {
  if (!Number.isInteger(rule.dueRuleDays) || rule.dueRuleDays < 0) {
    throw new RangeError(`dueRuleDays must be a non-negative integer: ${rule.dueRuleDays}`);
  }
  dateParts(rule.startsOn);
  if (rule.endsOn) dateParts(rule.endsOn);
  if (rule.frequency === "one_off") {
    const { oneOffCutoffStart: s, oneOffCutoffEnd: e } = rule;
    if (!s || !e || !isValidDate(s) || !isValidDate(e) || s > e) {
      throw new RangeError("A one-off schedule needs a cut-off window with start <= end");
    }
  }
}

/** The due date of a period: N calendar days or N working days after its cut-off end. */
export function dueDate(rule: ScheduleRule, cutoffEnd: LocalDate, calendar: WorkingCalendar): LocalDate {
  return rule.dueRuleKind === "working_days"
    ? calendar.addWorkingDays(cutoffEnd, rule.dueRuleDays)
    : addDays(cutoffEnd, rule.dueRuleDays);
}

function toSpec(rule: ScheduleRule, w: Window, calendar: WorkingCalendar): PeriodSpec {
  return {
    ...w,
    dueOn: dueDate(rule, w.cutoffEnd, calendar),
    opensOn: maxDate(w.cutoffStart, addDays(w.cutoffEnd, -OPEN_DAYS_BEFORE_CUTOFF_END)),
  };
}

/** Is a period within the schedule's life? We judge by its cut-off end. */
function inSchedule(rule: ScheduleRule, w: Window): boolean {
  return w.cutoffEnd >= rule.startsOn && (!rule.endsOn || w.cutoffEnd <= rule.endsOn);
}

/**
 * The schedule's periods whose cut-off END falls within [fromDate, toDate], in order. A
 * period belongs to the schedule when its cut-off end is within [startsOn, endsOn].
 */
export function periodsBetween(
  rule: ScheduleRule,
  fromDate: LocalDate,
  toDate: LocalDate,
  calendar: WorkingCalendar,
): PeriodSpec[] {
  assertRule(rule);
  if (rule.frequency === "one_off") {
    const w: Window = {
      key: "once",
      label: rule.name?.trim() || "Báo cáo đột xuất",
      cutoffStart: rule.oneOffCutoffStart!,
      cutoffEnd: rule.oneOffCutoffEnd!,
    };
    // A one-off schedule is its own window: an ad hoc report may cover days before the
    // schedule was created, so startsOn/endsOn do not filter it.
    return w.cutoffEnd >= fromDate && w.cutoffEnd <= toDate ? [toSpec(rule, w, calendar)] : [];
  }
  const out: PeriodSpec[] = [];
  const firstYear = dateParts(fromDate).year;
  const lastYear = dateParts(toDate).year;
  for (let y = firstYear; y <= lastYear; y++) {
    for (const w of windowsOfYear(rule.frequency, y)) {
      if (w.cutoffEnd >= fromDate && w.cutoffEnd <= toDate && inSchedule(rule, w)) {
        out.push(toSpec(rule, w, calendar));
      }
    }
  }
  return out;
}

/**
 * Periods that should be open on `today`: opened already (opensOn <= today) and not long
 * past due (dueOn >= today - 60 days), within the schedule's life. The caller creates the
 * missing ones (idempotent on the schedule + key unique index).
 */
export function periodsToOpen(rule: ScheduleRule, today: LocalDate, calendar: WorkingCalendar): PeriodSpec[] {
  assertRule(rule);
  // opensOn <= today implies cutoffEnd <= today + 30. dueOn >= today - 60 implies cutoffEnd is
  // at most the due lag before that; a working-day lag is bounded by 3 calendar days per
  // working day plus the longest holiday break.
  const maxLag = rule.dueRuleKind === "working_days" ? 3 * rule.dueRuleDays + 30 : rule.dueRuleDays;
  const from = addDays(today, -(OPEN_GRACE_DAYS_AFTER_DUE + maxLag));
  const to = addDays(today, OPEN_DAYS_BEFORE_CUTOFF_END);
  const earliestDue = addDays(today, -OPEN_GRACE_DAYS_AFTER_DUE);
  return periodsBetween(rule, from, to, calendar).filter((p) => p.opensOn <= today && p.dueOn >= earliestDue);
}
