/** The reporting schedules' JSON API: /api/schedules … (read by anyone signed in; changes need `directive.manage`). */
import * as z from "zod";
import { requirePolicy, signedIn } from "../../auth/guard";
import { columnsOf } from "../../db/client";
import { FREQUENCIES, ORGANISATION_KINDS, REPORT_KINDS } from "../../db/schema";
import type { PeriodSpec } from "../../domain/periods";
import { ruleOf } from "../../domain/schedule-rule";
import { createApi, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import { saveSchedule, scheduleDetail, upcomingFrom } from "./schedules.http";
import { listSchedules } from "./schedules.queries";
import { scheduleSchema } from "./schedules.schemas";
import { inputOf, scheduleScopeOf, visibleSchedules } from "./schedules.service";

const DAY = "YYYY-MM-DD";
const idParams = z.object({ id: z.string().describe("Mã chế độ báo cáo") });

const upcomingPeriodJson = z
  .object({
    key: z.string().describe("Mã kỳ, ví dụ 2027-q1"),
    label: z.string(),
    cutoffStart: z.string().describe(DAY),
    cutoffEnd: z.string().describe(DAY),
    dueOn: z.string().describe(`Hạn nộp danh nghĩa, ${DAY}`),
    opensOn: z.string().describe(DAY),
  })
  .meta({ id: "UpcomingPeriod" });

/** A stored schedule (every field present; dates not set are null). */
const scheduleFields = {
  id: z.string(),
  name: z.string(),
  directiveId: z.string(),
  frequency: z.enum(FREQUENCIES),
  reportKind: z.enum(REPORT_KINDS),
  dueRuleKind: z.enum(["fixed_days", "working_days"]),
  dueRuleDays: z.number().int(),
  scopeRootId: z.string(),
  scopeKinds: z.array(z.enum(ORGANISATION_KINDS)),
  reviewerOrganisationId: z.string(),
  formId: z.string(),
  policyId: z.string(),
  reporterMaySubmit: z.boolean(),
  lowerCommissionsMayComment: z.boolean(),
  startsOn: z.string().describe(DAY),
  endsOn: z.string().describe(DAY).nullable(),
  oneOffCutoffStart: z.string().describe(DAY).nullable(),
  oneOffCutoffEnd: z.string().describe(DAY).nullable(),
  active: z.boolean(),
};
const scheduleJson = z.object(scheduleFields).meta({ id: "Schedule" });

/** A schedule as just saved: the input as validated (optional dates absent when not given). */
const savedScheduleJson = z.object({
  ...scheduleFields,
  endsOn: z.string().describe(DAY).nullish(),
  oneOffCutoffStart: z.string().describe(DAY).nullish(),
  oneOffCutoffEnd: z.string().describe(DAY).nullish(),
  upcomingPeriods: z.array(upcomingPeriodJson),
});

const periodJson = z.object({
  id: z.string(),
  label: z.string(),
  cutoffStart: z.string().describe(DAY),
  cutoffEnd: z.string().describe(DAY),
  dueOn: z.string().describe(DAY),
  opensOn: z.string().describe(DAY),
  status: z.string().describe("scheduled, opening, open hoặc closed"),
  obligationCount: z.number().int().describe("Số báo cáo phải nộp (trong phạm vi người đọc)"),
  submitted: z.number().int(),
  accepted: z.number().int(),
});

/** A period's label and dates, as both a stored and an upcoming period answer them. */
const PERIOD_DATES = ["label", "cutoffStart", "cutoffEnd", "dueOn", "opensOn"] as const;

function upcomingJson(p: PeriodSpec): z.infer<typeof upcomingPeriodJson> {
  return columnsOf(p, "key", ...PERIOD_DATES);
}

const route = routesTagged("schedules");

export const listSchedulesRoute = route.get("/api/schedules", {
  summary: "Các chế độ báo cáo",
  middleware: [signedIn()],
  responses: {
    200: jsonResponse(
      z.object({ schedules: z.array(scheduleJson) }),
      "Danh sách chế độ báo cáo (những chế độ người đọc được xem, tối đa 200)",
    ),
  },
});

export const createScheduleRoute = route.post("/api/schedules", {
  summary: "Tạo chế độ báo cáo định kỳ",
  middleware: [requirePolicy("directive.manage", "in-handler")],
  request: { body: jsonBody(scheduleSchema) },
  responses: { 201: jsonResponse(savedScheduleJson, "Chế độ báo cáo mới và các kỳ sắp tới") },
});

export const previewScheduleRoute = route.post("/api/schedules/preview", {
  summary: "Xem trước các kỳ báo cáo (không lưu)",
  middleware: [signedIn()],
  request: { body: jsonBody(scheduleSchema) },
  responses: {
    200: jsonResponse(z.object({ upcomingPeriods: z.array(upcomingPeriodJson) }), "Các kỳ sắp tới"),
  },
});

export const getScheduleRoute = route.get("/api/schedules/{id}", {
  summary: "Chi tiết chế độ báo cáo",
  middleware: [signedIn()],
  request: { params: idParams },
  responses: {
    200: jsonResponse(
      z.object({
        ...scheduleFields,
        periods: z.array(periodJson).describe("Các kỳ đã mở, mới nhất trước (tối đa 100)"),
        upcomingPeriods: z.array(upcomingPeriodJson),
      }),
      "Chế độ báo cáo",
    ),
  },
});

export const updateScheduleRoute = route.put("/api/schedules/{id}", {
  summary: "Sửa chế độ báo cáo",
  middleware: [requirePolicy("directive.manage", "in-handler")],
  request: { params: idParams, body: jsonBody(scheduleSchema) },
  responses: { 200: jsonResponse(savedScheduleJson, "Chế độ báo cáo sau khi sửa") },
});

export const schedulesApi = createApi()
  .openapi(createScheduleRoute, async (c) => {
    const v = c.req.valid("json");
    const id = await saveSchedule(c, null, v);
    const preview = await upcomingFrom(c, ruleOf(v));
    return c.json({ id, ...v, upcomingPeriods: preview.map(upcomingJson) }, 201);
  })
  .openapi(updateScheduleRoute, async (c) => {
    const v = c.req.valid("json");
    const { id } = c.req.valid("param");
    await saveSchedule(c, id, v);
    const preview = await upcomingFrom(c, ruleOf(v));
    return c.json({ id, ...v, upcomingPeriods: preview.map(upcomingJson) }, 200);
  })
  .openapi(previewScheduleRoute, async (c) => {
    const v = c.req.valid("json");
    const preview = await upcomingFrom(c, ruleOf(v), 12);
    return c.json({ upcomingPeriods: preview.map(upcomingJson) }, 200);
  })
  .openapi(listSchedulesRoute, async (c) => {
    const results = await listSchedules(c.env.DB, "name");
    const visible = await visibleSchedules(c.env.DB, scheduleScopeOf(c.var.principal), results);
    return c.json({ schedules: visible.map((r) => ({ id: r.id, ...inputOf(r) })) }, 200);
  })
  .openapi(getScheduleRoute, async (c) => {
    const { row, periods, preview } = await scheduleDetail(c, c.req.valid("param").id);
    return c.json(
      {
        id: row.id,
        ...inputOf(row),
        periods: periods.map((p) =>
          columnsOf(p, "id", ...PERIOD_DATES, "status", "obligationCount", "submitted", "accepted"),
        ),
        upcomingPeriods: preview.map(upcomingJson),
      },
      200,
    );
  });
