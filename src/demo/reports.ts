/**
 * Demo reporting: two schedules (a 6-month report of the 40 committees to the Commission, and
 * a monthly report of Hà Nội's communes to the city's commission), their periods from the
 * directive's date until today, and a deterministic mix of accepted, returned, late, draft
 * and missing reports so every page has something real to show.
 */
import { loadCalendar } from "../db/calendar";
import { DIRECTIVE_52_FORM, type FormValues } from "../domain/form";
import { periodsBetween, type ScheduleRule } from "../domain/periods";
import { addDays, instantAt, localDate } from "../domain/time";
import { openingPeriodStatement, openPeriodFully, periodId } from "../engine/periods";
import { reviewReport, saveDraft, submitReport } from "../features/reporting";
import {
  chaseDemoPeriodAt,
  closeDemoPeriod,
  countPeriodsOf,
  insertStatements,
  selectDemoObligations,
  selectPersonIds,
} from "./demo.queries";
import { DIRECTIVE_52_ID } from "./seed-helpers";

export const DEMO_FORM_ID = "form-52";

export const DEMO_SCHEDULES = [
  {
    id: "sch-52-6m",
    name: "Báo cáo 6 tháng thực hiện Chỉ thị 52-CT/TW",
    frequency: "semiannual",
    due_rule_kind: "fixed_days",
    due_rule_days: 6,
    scope_root_id: "tw",
    scope_kinds: JSON.stringify(["provincial_committee", "central_committee"]),
    reviewer_organisation_id: "btgdv",
    // Provinces' own commissions follow their committee's report to the Centre and may comment.
    lower_commissions_may_comment: 1,
    starts_on: "2025-10-03",
  },
  {
    id: "sch-52-hn-thang",
    name: "Báo cáo tháng thực hiện Chỉ thị 52-CT/TW (cấp xã, Hà Nội)",
    frequency: "monthly",
    due_rule_kind: "working_days",
    due_rule_days: 3,
    scope_root_id: "hn",
    scope_kinds: JSON.stringify(["commune"]),
    reviewer_organisation_id: "hn-btgdv",
    lower_commissions_may_comment: 0,
    starts_on: "2026-07-01",
  },
] as const;

/** A small deterministic hash in [0, 1) so the demo mix is the same on every machine. */
function unit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 10_000) / 10_000;
}

const NARRATIVE: Record<number, string> = {
  1: "Cấp ủy đã đưa chỉ tiêu bao phủ bảo hiểm y tế vào nghị quyết phát triển kinh tế - xã hội; tập trung vận động người dân tham gia bảo hiểm y tế theo hộ gia đình.",
  2: "Rà soát các quy định của địa phương về hỗ trợ mức đóng cho người thuộc hộ cận nghèo, người yếu thế; kiến nghị sửa đổi một số điểm chưa phù hợp.",
  3: "Tổ chức hội nghị quán triệt Chỉ thị cho cán bộ chủ chốt; đăng tải tin, bài trên báo, đài địa phương và mạng xã hội.",
  4: "Nâng cấp trang thiết bị tại trạm y tế xã; cải thiện thái độ phục vụ người bệnh có thẻ bảo hiểm y tế.",
  5: "Phối hợp kiểm tra liên ngành việc thực hiện chính sách bảo hiểm y tế; chưa phát hiện trường hợp trục lợi.",
  6: "Triển khai khám, chữa bệnh bằng thẻ căn cước và ứng dụng VNeID; liên thông dữ liệu với cơ sở dữ liệu quốc gia về bảo hiểm.",
  7: "Ban Thường vụ phân công đồng chí Phó Bí thư trực tiếp chỉ đạo; định kỳ kiểm tra, đôn đốc việc thực hiện.",
};

function demoValues(organisationId: string, periodKey: string, population: number | null): FormValues {
  const coverage = Math.round((92 + unit(`${organisationId}${periodKey}c`) * 4.5) * 100) / 100;
  const values: FormValues = {
    plan_issued: { answer: true, documentRef: `${10 + Math.floor(unit(organisationId) * 200)}-KH/TU` },
    inspection_done: { answer: unit(`${organisationId}i`) > 0.3, documentRef: null },
    dissemination_sessions: 1 + Math.floor(unit(`${organisationId}${periodKey}s`) * 6),
    coverage_pct: coverage,
    chi_bo_reached_pct: Math.round((80 + unit(`${organisationId}${periodKey}cb`) * 20) * 10) / 10,
    difficulties: "Một bộ phận người lao động tự do chưa tham gia bảo hiểm y tế; đề nghị tăng mức hỗ trợ.",
  };
  if (population) {
    values.population = population;
    values.insured_people = Math.round((population * coverage) / 100);
  }
  for (let i = 1; i <= 7; i++) values[`section_${i}`] = NARRATIVE[i] ?? "";
  return values;
}

const INDICATOR_BY_KEY: Record<string, string> = {
  coverage_pct: "ind-coverage",
  insured_people: "ind-insured",
  chi_bo_reached_pct: "ind-chi-bo",
};

function indicatorValues(values: FormValues): { indicatorId: string; value: number }[] {
  return Object.entries(INDICATOR_BY_KEY).flatMap(([key, indicatorId]) => {
    const v = values[key];
    return typeof v === "number" ? [{ indicatorId, value: v }] : [];
  });
}

/** Loads schedules, periods, obligations and reports. Idempotent: skipped when already loaded. */
export async function seedDemoReporting(db: D1Database, now: number): Promise<void> {
  if ((await countPeriodsOf(db, "sch-52-6m")) > 0) return;
  await db.batch([
    ...insertStatements(db, "report_forms", [
      {
        id: DEMO_FORM_ID,
        directive_id: DIRECTIVE_52_ID,
        name: DIRECTIVE_52_FORM.title ?? "Mẫu báo cáo Chỉ thị 52-CT/TW",
        definition: JSON.stringify(DIRECTIVE_52_FORM),
        family_id: DEMO_FORM_ID,
        version: 1,
        created_at: now,
      },
    ]),
    ...insertStatements(
      db,
      "reporting_schedules",
      DEMO_SCHEDULES.map((s) => ({
        ...s,
        directive_id: DIRECTIVE_52_ID,
        report_kind: "periodic",
        form_id: DEMO_FORM_ID,
        policy_id: "policy-default",
        reporter_may_submit: 0,
        active: 1,
        created_at: now,
        updated_at: now,
      })),
    ),
  ]);
  const calendar = await loadCalendar(db);
  const personIds = new Set(await selectPersonIds(db));
  const today = localDate(now);
  for (const schedule of DEMO_SCHEDULES) {
    const reviewer = {
      kind: "person" as const,
      personId: schedule.id === "sch-52-6m" ? "p-canbo" : "p-canbo-hn",
    };
    const rule: ScheduleRule = {
      frequency: schedule.frequency,
      dueRuleKind: schedule.due_rule_kind,
      dueRuleDays: schedule.due_rule_days,
      startsOn: schedule.starts_on,
    };
    const specs = periodsBetween(rule, schedule.starts_on, addDays(today, 40), calendar).filter(
      (p) => p.opensOn <= today,
    );
    for (const spec of specs) {
      const id = periodId(schedule.id, spec.key);
      const openedAt = instantAt(spec.opensOn, 8);
      await openingPeriodStatement(db, schedule.id, spec, DEMO_FORM_ID, openedAt).run();
      await openPeriodFully(db, id, openedAt);
      const closed = addDays(spec.dueOn, 30) < today;
      const results = await selectDemoObligations(db, id);
      const dueAt = instantAt(spec.dueOn, 9);
      for (const ob of results) {
        const roll = unit(`${ob.organisationId}/${spec.key}`);
        const values = demoValues(ob.organisationId, spec.key, ob.population);
        const content = JSON.stringify(values);
        const receiptPrefix = `${spec.key.toUpperCase()}-${ob.organisationId.toUpperCase()}`;
        const secretaryId = `p-bithu-${ob.organisationId}`;
        const secretary = {
          kind: "person" as const,
          personId: personIds.has(secretaryId) ? secretaryId : null,
        };
        const submit = (at: number) =>
          submitReport(db, {
            obligationId: ob.id,
            content,
            indicatorValues: indicatorValues(values),
            actor: secretary,
            now: at,
            receiptPrefix,
          });
        const dueHasPassed = spec.dueOn < today;
        if (roll < 0.55 && dueAt - 3 * 86_400_000 <= now) {
          // On time, a few days before the deadline; older periods reviewed.
          await submit(Math.min(now, dueAt - Math.floor(unit(ob.id) * 4) * 86_400_000));
          if (closed || roll < 0.2) {
            await reviewReport(db, {
              obligationId: ob.id,
              decision: "accepted",
              comments: null,
              actor: reviewer,
              now: Math.min(now, dueAt + 5 * 86_400_000),
            });
          }
        } else if (roll < 0.65 && dueHasPassed) {
          // Late by a few days.
          await submit(Math.min(now, dueAt + (2 + Math.floor(unit(ob.id) * 5)) * 86_400_000));
        } else if (roll < 0.72 && (dueHasPassed || dueAt - 3 * 86_400_000 <= now)) {
          // Returned with comments, waiting for revision.
          await submit(Math.min(now, dueAt - 86_400_000));
          await reviewReport(db, {
            obligationId: ob.id,
            decision: "returned",
            comments: {
              general: "Đề nghị bổ sung số liệu cụ thể về tỷ lệ bao phủ theo nhóm đối tượng.",
              sections: { section_3: "Nêu rõ số hội nghị và số người tham dự." },
            },
            actor: reviewer,
            now: Math.min(now, dueAt + 86_400_000),
          });
        } else if (roll >= 0.2 && roll < 0.38 && !dueHasPassed) {
          // Early birds of a period still running: submitted on time in the last few days.
          await submit(Math.max(openedAt, now - (1 + Math.floor(unit(ob.id) * 5)) * 86_400_000));
        } else if (roll < 0.85 && !closed) {
          await saveDraft(db, {
            obligationId: ob.id,
            content,
            baseRevision: 0,
            actor: secretary,
            now: Math.min(now, dueAt - 5 * 86_400_000),
          });
        }
      }
      if (closed) {
        await closeDemoPeriod(db, id);
      } else {
        // Chased obligations are examined at the next engine tick.
        await chaseDemoPeriodAt(db, id, now);
      }
    }
  }
}
