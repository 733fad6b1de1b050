/**
 * Status of an implementation-plan task, in the vocabulary Vietnamese task-tracking
 * systems use. A pure function of the task and `today` (a `YYYY-MM-DD` date in
 * Asia/Ho_Chi_Minh); the caller derives `today` from its clock.
 *
 * Precedence (first rule that applies wins):
 * 1. Finished (a `completedOn` date, or progress 100): "Hoàn thành đúng hạn" when it
 *    was finished on or before `dueOn` (or there is no deadline), else "Hoàn thành quá
 *    hạn". A task at 100% without `completedOn` is taken as finished today: the UI
 *    records `completedOn` when progress reaches 100, so a missing date means we only
 *    know it is done now. A recorded `completedOn` wins even if progress is below 100
 *    (the completion was declared explicitly).
 * 2. No deadline: "Không có thời hạn", whatever the progress (deadline is the axis the
 *    monitoring is organised on; such tasks are listed apart).
 * 3. Past the deadline: "Đang thực hiện quá hạn", even at 0% progress. Supervisors care
 *    that the deadline was missed; government task-tracking systems count every
 *    unfinished overdue task in that bucket, so "Chưa thực hiện" never hides one.
 * 4. Due within 3 days (today <= dueOn <= today + 3): "Sắp đến hạn", whether started
 *    or not: the warning is the actionable information.
 * 5. Progress 0: "Chưa thực hiện".
 * 6. Otherwise: "Đang thực hiện trong hạn".
 *
 * `startOn` does not change the status: a task scheduled to begin later and one that
 * should have begun but has no progress are both "Chưa thực hiện" (the vocabulary has
 * no separate word for them); it is accepted so callers can pass a task row as is.
 */

import { daysBetween, isValidDate } from "./time";

export const TASK_STATUS_CODES = [
  "done_on_time",
  "done_late",
  "in_progress",
  "in_progress_overdue",
  "not_started",
  "due_soon",
  "no_deadline",
] as const;
export type TaskStatusCode = (typeof TASK_STATUS_CODES)[number];

export const TASK_STATUS_LABELS: Readonly<Record<TaskStatusCode, string>> = {
  done_on_time: "Hoàn thành đúng hạn",
  done_late: "Hoàn thành quá hạn",
  in_progress: "Đang thực hiện trong hạn",
  in_progress_overdue: "Đang thực hiện quá hạn",
  not_started: "Chưa thực hiện",
  due_soon: "Sắp đến hạn",
  no_deadline: "Không có thời hạn",
};

/** How a status should be shown (colour family), so pages and emails agree. */
export type StatusTone = "success" | "warning" | "danger" | "neutral" | "info";
export const TASK_STATUS_TONES: Readonly<Record<TaskStatusCode, StatusTone>> = {
  done_on_time: "success",
  done_late: "warning",
  in_progress: "info",
  in_progress_overdue: "danger",
  not_started: "neutral",
  due_soon: "warning",
  no_deadline: "neutral",
};

/** A task is "due soon" when its deadline is at most this many days ahead. */
export const DUE_SOON_DAYS = 3;

export interface TaskFacts {
  dueOn: string | null;
  /** 0..100 */
  progress: number;
  completedOn: string | null;
  startOn?: string | null;
}

/** Days since 1970-01-01 for a valid `YYYY-MM-DD`; throws on anything else (a programming error). */
function dayNumber(date: string, what: string): number {
  if (!isValidDate(date))
    throw new RangeError(`${what} must be a YYYY-MM-DD calendar date, got ${JSON.stringify(date)}`);
  return daysBetween("1970-01-01", date);
}

export function taskStatus(task: TaskFacts, today: string): TaskStatusCode {
  const todayN = dayNumber(today, "today");
  if (!Number.isFinite(task.progress) || task.progress < 0 || task.progress > 100) {
    throw new RangeError(`progress must be between 0 and 100, got ${task.progress}`);
  }
  const dueN = task.dueOn === null ? null : dayNumber(task.dueOn, "dueOn");

  if (task.completedOn !== null || task.progress >= 100) {
    const doneN = task.completedOn !== null ? dayNumber(task.completedOn, "completedOn") : todayN;
    return dueN === null || doneN <= dueN ? "done_on_time" : "done_late";
  }
  if (dueN === null) return "no_deadline";
  if (todayN > dueN) return "in_progress_overdue";
  if (dueN - todayN <= DUE_SOON_DAYS) return "due_soon";
  if (task.progress === 0) return "not_started";
  return "in_progress";
}

export interface TaskStatusView {
  code: TaskStatusCode;
  label: string;
  tone: StatusTone;
  /** Whole days until the deadline (negative when overdue); null when there is none or the task is done. */
  daysLeft: number | null;
}

export function describeTaskStatus(task: TaskFacts, today: string): TaskStatusView {
  const code = taskStatus(task, today);
  const finished = code === "done_on_time" || code === "done_late";
  const daysLeft =
    finished || task.dueOn === null ? null : dayNumber(task.dueOn, "dueOn") - dayNumber(today, "today");
  return { code, label: TASK_STATUS_LABELS[code], tone: TASK_STATUS_TONES[code], daysLeft };
}
