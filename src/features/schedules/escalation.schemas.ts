/**
 * What the escalation policies' routes accept and answer (zod). A policy's input is the domain's
 * `policySchema` (its rungs checked there); the answers are the stored policy, with its ladder
 * described in one sentence and, for one policy, as a timeline in working days.
 */
import * as z from "zod";
import { AUDIENCES } from "../../db/schema";
import { staleWriteJson } from "../../platform/openapi";

export { type PolicyInput, policySchema } from "../../domain/escalation-policy";

const DAY = "YYYY-MM-DD";

export const policyIdParams = z.object({ id: z.string().describe("Mã quy trình") });

const stepJson = z.object({
  offsetDays: z.number().int().describe("Số ngày làm việc so với hạn nộp: âm trước hạn, dương sau hạn"),
  audience: z.enum(AUDIENCES),
  template: z.string().describe("Mẫu thư của bước (suy ra từ người nhận và phía của hạn nộp)"),
});

const policyFields = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  organisationId: z.string().nullable().describe("Cấp ủy quản lý; null: quy trình chung của hệ thống"),
  revision: z.number().int(),
  steps: z.array(stepJson),
  summary: z.string().describe("Các bước trong một câu"),
  schedules: z
    .array(z.object({ id: z.string(), name: z.string(), active: z.boolean() }))
    .describe("Các chế độ báo cáo dùng quy trình"),
});

export const policyJson = policyFields.meta({ id: "EscalationPolicy" });

export const policyListJson = z.object({ policies: z.array(policyJson) });

const timelinePointJson = z.object({
  offsetDays: z.number().int(),
  label: z.string(),
  audiences: z.array(z.object({ audience: z.enum(AUDIENCES), label: z.string(), template: z.string() })),
  exampleDate: z.string().optional().describe("Ngày của bước với hạn nộp ví dụ (dd/mm/yyyy)"),
});

export const policyDetailJson = policyFields.extend({
  timeline: z.object({
    exampleDueOn: z.string().describe(`Hạn nộp ví dụ, ${DAY}`),
    points: z.array(timelinePointJson),
  }),
});

/** A stale edit carries both ladders: the stored one (`current`) and the one sent (`yours`). */
export const stalePolicyJson = staleWriteJson(
  policyJson,
  z.object({
    name: z.string(),
    description: z.string().nullish(),
    organisationId: z.string(),
    steps: z.array(z.object({ offsetDays: z.number().int(), audience: z.enum(AUDIENCES) })),
    revision: z.number().int().optional(),
  }),
);
