/** What the reporting schedules' routes accept (zod, Vietnamese messages per field). */
import * as z from "zod";
import { FREQUENCIES, ORGANISATION_KINDS, REPORT_KINDS } from "../../db/schema";
import { requiredText } from "../../domain/required-text";
import { dateField } from "../../http/date-field";

const idField = (message: string) => requiredText(message, 100, message);

export const scheduleSchema = z
  .strictObject({
    name: requiredText("Vui lòng nhập tên chế độ báo cáo", 300, "Tên dài quá 300 ký tự"),
    directiveId: idField("Vui lòng chọn chỉ thị"),
    frequency: z.enum(FREQUENCIES, { error: "Vui lòng chọn tần suất báo cáo" }),
    reportKind: z.enum(REPORT_KINDS, { error: "Vui lòng chọn loại báo cáo" }),
    dueRuleKind: z.enum(["fixed_days", "working_days"], { error: "Vui lòng chọn cách tính hạn nộp" }),
    dueRuleDays: z
      .number({ error: "Số ngày phải là một số" })
      .int({ error: "Số ngày phải là số nguyên" })
      .min(0, { error: "Số ngày không được âm" })
      .max(120, { error: "Số ngày tối đa là 120" }),
    scopeRootId: idField("Vui lòng chọn tổ chức gốc của phạm vi báo cáo"),
    scopeKinds: z
      .array(z.enum(ORGANISATION_KINDS, { error: "Loại tổ chức không hợp lệ" }), {
        error: "Vui lòng chọn loại tổ chức phải báo cáo",
      })
      .min(1, { error: "Chọn ít nhất một loại tổ chức phải báo cáo" })
      .max(ORGANISATION_KINDS.length),
    reviewerOrganisationId: idField("Vui lòng chọn cơ quan xem xét báo cáo"),
    formId: idField("Vui lòng chọn biểu mẫu báo cáo"),
    policyId: idField("Vui lòng chọn chính sách nhắc hạn, đôn đốc và báo cáo cấp trên"),
    reporterMaySubmit: z.boolean({ error: "Giá trị phải là đúng hoặc sai" }).default(false),
    /** Commissions below the reviewer may see the review and add remarks (never decide). */
    lowerCommissionsMayComment: z.boolean({ error: "Giá trị phải là đúng hoặc sai" }).default(false),
    startsOn: dateField("Ngày bắt đầu"),
    endsOn: dateField("Ngày kết thúc").nullish(),
    oneOffCutoffStart: dateField("Ngày bắt đầu chốt số liệu").nullish(),
    oneOffCutoffEnd: dateField("Ngày kết thúc chốt số liệu").nullish(),
    active: z.boolean({ error: "Giá trị phải là đúng hoặc sai" }).default(true),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn && v.endsOn < v.startsOn) {
      ctx.addIssue({
        code: "custom",
        path: ["endsOn"],
        message: "Ngày kết thúc phải từ ngày bắt đầu trở đi",
      });
    }
    if (v.frequency === "one_off") {
      if (!v.oneOffCutoffStart) {
        ctx.addIssue({
          code: "custom",
          path: ["oneOffCutoffStart"],
          message: "Báo cáo một lần cần ngày bắt đầu chốt số liệu",
        });
      }
      if (!v.oneOffCutoffEnd) {
        ctx.addIssue({
          code: "custom",
          path: ["oneOffCutoffEnd"],
          message: "Báo cáo một lần cần ngày kết thúc chốt số liệu",
        });
      }
      if (v.oneOffCutoffStart && v.oneOffCutoffEnd && v.oneOffCutoffStart > v.oneOffCutoffEnd) {
        ctx.addIssue({
          code: "custom",
          path: ["oneOffCutoffEnd"],
          message: "Ngày kết thúc chốt số liệu phải từ ngày bắt đầu trở đi",
        });
      }
    }
  });
export type ScheduleInput = z.infer<typeof scheduleSchema>;
