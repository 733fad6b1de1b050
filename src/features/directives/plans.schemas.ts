/** What the implementation plans' routes accept and answer. */
import * as z from "zod";
import { parseDocumentNumber } from "../../domain/document-number";
import { TASK_STATUS_CODES } from "../../domain/task-status";
import { optionalDateField } from "../../http/date-field";
import { staleWriteJson } from "../../platform/openapi";

/** The directive every plan implements for now (Directive 52-CT/TW). */
export const DIRECTIVE_ID = "ct52";

const date = optionalDateField;

const documentNumber = z
  .string()
  .max(100)
  .transform((s, ctx) => {
    const parsed = parseDocumentNumber(s);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.normalized;
  });

export const planSchema = z.object({
  organisationId: z.string().min(1).max(64),
  directiveId: z.string().max(64).default(DIRECTIVE_ID),
  documentNumber: documentNumber.nullable().optional(),
  documentDate: date("Ngày ban hành kế hoạch"),
  title: z.string().trim().min(1).max(300, "Tên kế hoạch quá dài (tối đa 300 ký tự)").optional(),
});
export type PlanInput = z.output<typeof planSchema>;

const taskFields = {
  sectionId: z.string().max(64).nullable().optional(),
  title: z
    .string()
    .trim()
    .min(1, "Vui lòng nhập tên nhiệm vụ")
    .max(500, "Tên nhiệm vụ quá dài (tối đa 500 ký tự)"),
  owner: z.string().trim().max(200, "Đơn vị chủ trì quá dài (tối đa 200 ký tự)").nullable().optional(),
  startOn: date("Ngày bắt đầu"),
  dueOn: date("Hạn hoàn thành"),
  progress: z.coerce
    .number()
    .int("Tiến độ phải là số nguyên")
    .min(0, "Tiến độ từ 0 đến 100")
    .max(100, "Tiến độ từ 0 đến 100")
    .optional(),
  completedOn: date("Ngày hoàn thành"),
  notes: z.string().trim().max(2000, "Ghi chú quá dài (tối đa 2000 ký tự)").nullable().optional(),
};

export const newTaskSchema = z.object(taskFields);
export type NewTaskInput = z.output<typeof newTaskSchema>;
export const patchTaskSchema = z
  .object({ ...taskFields, title: taskFields.title.optional(), revision: z.coerce.number().int().min(1) })
  .strict();
export type TaskPatch = z.output<typeof patchTaskSchema>;

export const revisionSchema = z.object({
  revision: z.coerce
    .number({ error: "Thiếu số phiên bản (revision) của nhiệm vụ" })
    .int()
    .min(1, { error: "Thiếu số phiên bản (revision) của nhiệm vụ" }),
});

export const planIdParams = z.object({ id: z.string().min(1).describe("Mã kế hoạch") });
export const taskIdParams = z.object({ id: z.string().min(1).describe("Mã nhiệm vụ") });
/** The revision of a DELETE: `?revision=3` (or a JSON body `{ revision }`). */
export const deleteTaskQuery = z.object({
  revision: z.string().optional().describe("Số phiên bản của nhiệm vụ (hoặc { revision } trong thân JSON)"),
});

const DAY = "YYYY-MM-DD";

export const planJson = z.object({
  id: z.string(),
  organisationId: z.string(),
  directiveId: z.string(),
  documentNumber: z.string().nullable(),
  documentDate: z.string().describe(DAY).nullable(),
  title: z.string(),
  revision: z.number().int(),
});

export const taskJson = z.object({
  id: z.string(),
  planId: z.string(),
  sectionId: z.string().nullable(),
  title: z.string(),
  owner: z.string().nullable(),
  startOn: z.string().describe(DAY).nullable(),
  dueOn: z.string().describe(DAY).nullable(),
  progress: z.number().int(),
  completedOn: z.string().describe(DAY).nullable(),
  notes: z.string().nullable(),
  sortOrder: z.number().int(),
  revision: z.number().int(),
  deletedAt: z.number().int().nullable(),
});

const taskStatusJson = z.object({
  code: z.enum(TASK_STATUS_CODES),
  label: z.string(),
  tone: z.enum(["success", "warning", "danger", "neutral", "info"]),
  daysLeft: z.number().int().nullable(),
});

export const taskWithStatusJson = taskJson.extend({ status: taskStatusJson });
export const taskBody = z.object({ task: taskWithStatusJson });

/** A refused write: the current task (null if gone) and what the person sent, nothing lost. */
export const taskConflictJson = staleWriteJson(
  taskJson.nullable(),
  z.record(z.string(), z.unknown()),
  z.object({
    code: z.literal("stale_revision"),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })),
  }),
);
