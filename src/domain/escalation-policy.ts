/**
 * Escalation policies as data: validating a ladder typed by Commission staff, the email template
 * each rung uses (it follows from the audience and the side of the deadline, so nobody has to
 * pick it), and the ladder as a timeline in working days. Pure functions, no I/O.
 *
 * The timeline's dates come from `ladderSchedule` (the one place that turns offsets into days:
 * the due date rolled to a working day, then N working days either side).
 */
import * as z from "zod";
import type { WorkingCalendar } from "./calendar";
import { AUDIENCES, type Audience } from "./enums";
import { ladderSchedule, type PolicyStep } from "./ladder";
import { requiredText } from "./required-text";
import { capitalise } from "./text";
import { formatDateVi, type LocalDate, localDate } from "./time";

/** How far a rung may sit from the deadline, in working days (a quarter either way). */
export const MAX_OFFSET_BEFORE = 60;
export const MAX_OFFSET_AFTER = 60;
export const MAX_STEPS = 20;

export const AUDIENCE_LABELS: Record<Audience, string> = {
  reporters: "Đơn vị phải báo cáo (bí thư, văn phòng, người lập báo cáo)",
  superior: "Cấp ủy cấp trên",
  commission: "Ban Tuyên giáo và Dân vận theo dõi",
  leadership: "Lãnh đạo Ban",
};

export const policyStepSchema = z.strictObject({
  offsetDays: z
    .number({ error: "Số ngày làm việc phải là một số" })
    .int({ error: "Số ngày làm việc phải là số nguyên" })
    .min(-MAX_OFFSET_BEFORE, { error: `Nhắc sớm nhất ${MAX_OFFSET_BEFORE} ngày làm việc trước hạn` })
    .max(MAX_OFFSET_AFTER, { error: `Báo cáo vượt cấp muộn nhất ${MAX_OFFSET_AFTER} ngày làm việc sau hạn` }),
  audience: z.enum(AUDIENCES, { error: "Vui lòng chọn người nhận" }),
});

export const policySchema = z
  .strictObject({
    name: requiredText("Vui lòng nhập tên quy trình", 200, "Tên quy trình dài quá 200 ký tự"),
    description: z.string().trim().max(2000, { error: "Mô tả dài quá 2.000 ký tự" }).nullish(),
    organisationId: requiredText("Vui lòng chọn tổ chức quản lý quy trình", 64),
    steps: z
      .array(policyStepSchema, { error: "Danh sách bước không hợp lệ" })
      .min(1, { error: "Quy trình cần ít nhất một bước" })
      .max(MAX_STEPS, { error: `Quy trình có tối đa ${MAX_STEPS} bước` }),
    /** The revision the editor started from (compare-and-swap); absent when creating. */
    revision: z.number().int().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.steps.forEach((s, i) => {
      const key = `${s.offsetDays}:${s.audience}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "offsetDays"],
          message: `Trùng với bước ${first + 1}: cùng ngày và cùng người nhận`,
        });
      } else seen.set(key, i);
      // Superiors and leadership hear about late reports, never before the deadline.
      if (s.offsetDays < 0 && s.audience !== "reporters") {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "audience"],
          message: "Trước hạn chỉ nhắc đơn vị phải báo cáo; báo cáo vượt cấp chỉ sau hạn",
        });
      }
    });
  });
export type PolicyInput = z.infer<typeof policySchema>;

/** The email template of a rung: it follows from who receives it and when. */
export function templateFor(step: { offsetDays: number; audience: Audience }): string {
  switch (step.audience) {
    case "reporters":
      return step.offsetDays < 0 ? "reminder_before" : step.offsetDays === 0 ? "due_today" : "overdue";
    case "superior":
      return "escalation_superior";
    case "commission":
      return "escalation_commission";
    case "leadership":
      return "escalation_leadership";
  }
}

/** Steps in ladder order (offset, then audience order), each with its template. */
export function normalisedSteps(steps: readonly { offsetDays: number; audience: Audience }[]): PolicyStep[] {
  const order: Record<Audience, number> = { reporters: 0, superior: 1, commission: 2, leadership: 3 };
  return [...steps]
    .sort((a, b) => a.offsetDays - b.offsetDays || order[a.audience] - order[b.audience])
    .map((s) => ({ offsetDays: s.offsetDays, audience: s.audience, template: templateFor(s) }));
}

/** "7 ngày làm việc trước hạn", "Ngày đến hạn", "5 ngày làm việc sau hạn". */
export function offsetLabel(offsetDays: number): string {
  if (offsetDays === 0) return "Ngày đến hạn";
  const n = Math.abs(offsetDays);
  return `${n} ngày làm việc ${offsetDays < 0 ? "trước hạn" : "sau hạn"}`;
}

export interface TimelinePoint {
  offsetDays: number;
  label: string;
  audiences: { audience: Audience; label: string; template: string }[];
  /** With an example due date: the working day the rung fires on (dd/mm/yyyy). */
  exampleDate?: string;
}

/**
 * The ladder as a timeline: one point per distinct offset (its audiences together), ordered,
 * with the date each point falls on for `exampleDueOn` when given (a due date on a day off
 * counts from the next working day, as the engine does).
 */
export function ladderTimeline(
  steps: readonly PolicyStep[],
  example?: { dueOn: LocalDate; calendar: WorkingCalendar },
): TimelinePoint[] {
  const dates = new Map<number, string>();
  if (example) {
    for (const s of ladderSchedule(
      { effectiveDueOn: example.dueOn, chaseCycle: 0 },
      steps,
      example.calendar,
    )) {
      dates.set(s.offsetDays, formatDateVi(localDate(s.scheduledAt)));
    }
  }
  const points = new Map<number, TimelinePoint>();
  for (const s of normalisedSteps(steps)) {
    const point = points.get(s.offsetDays) ?? {
      offsetDays: s.offsetDays,
      label: offsetLabel(s.offsetDays),
      audiences: [],
      ...(dates.has(s.offsetDays) ? { exampleDate: dates.get(s.offsetDays) } : {}),
    };
    point.audiences.push({ audience: s.audience, label: AUDIENCE_LABELS[s.audience], template: s.template });
    points.set(s.offsetDays, point);
  }
  return [...points.values()].sort((a, b) => a.offsetDays - b.offsetDays);
}

/** One sentence describing a ladder, for lists ("Nhắc 7, 3, 1 ngày làm việc trước hạn; …"). */
export function describeLadder(steps: readonly { offsetDays: number; audience: Audience }[]): string {
  const before = steps.filter((s) => s.offsetDays < 0).map((s) => -s.offsetDays);
  const uniqueBefore = [...new Set(before)].sort((a, b) => b - a);
  const parts: string[] = [];
  if (uniqueBefore.length) parts.push(`nhắc ${uniqueBefore.join(", ")} ngày làm việc trước hạn`);
  if (steps.some((s) => s.offsetDays === 0)) parts.push("nhắc ngày đến hạn");
  const after = [...new Set(steps.filter((s) => s.offsetDays > 0).map((s) => s.offsetDays))].sort(
    (a, b) => a - b,
  );
  for (const d of after) {
    const who = steps
      .filter((s) => s.offsetDays === d)
      .map((s) => AUDIENCE_SHORT[s.audience])
      .join(", ");
    parts.push(`sau hạn ${d} ngày làm việc: ${who}`);
  }
  const text = parts.join("; ");
  return text ? capitalise(text) : "Không có bước nào";
}

const AUDIENCE_SHORT: Record<Audience, string> = {
  reporters: "báo đơn vị",
  superior: "báo cấp ủy cấp trên",
  commission: "báo Ban",
  leadership: "báo lãnh đạo Ban",
};
