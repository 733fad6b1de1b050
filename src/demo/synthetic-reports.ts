/** The synthetic directive, its quarterly schedule, two periods, and every obligation's history. */
import { calendarFromRows } from "../domain/calendar";
import { deadlineFromStored, deadlineOf } from "../domain/deadline";
import { VN_HOLIDAYS } from "../domain/holidays-vn";
import { ladderSchedule, type PolicyStep, type ScheduledStep } from "../domain/ladder";
import { directive52Document } from "./seed-helpers";
import {
  addDays,
  DAY,
  DUE_SHARE,
  type Gen,
  LADDER,
  pad,
  type Row,
  SYNTHETIC_CLOSED_PERIOD_ID,
  SYNTHETIC_DIRECTIVE_ID,
  SYNTHETIC_FORM_ID,
  SYNTHETIC_OPEN_PERIOD_ID,
  SYNTHETIC_POLICY_ID,
  SYNTHETIC_SCHEDULE_ID,
  vnMidnight,
} from "./synthetic-kit";

/** The directive and what reporting on it needs: document, form, policy with its steps, schedule, periods. */
export function syntheticSetup(orgs: Row[]) {
  // ---- directive, form, policy, schedule, periods ---------------------------------------
  const created = Date.parse("2025-11-01T09:00:00+07:00");
  const documents: Row[] = [directive52Document(SYNTHETIC_DIRECTIVE_ID, created)];
  const directives: Row[] = [
    {
      id: SYNTHETIC_DIRECTIVE_ID,
      document_id: "doc-52",
      code: "52-CT/TW",
      title: "Chỉ thị số 52-CT/TW của Ban Bí thư về thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới",
      issued_on: "2025-10-03",
      summary: null,
      created_at: created,
    },
  ];
  const forms: Row[] = [
    {
      id: SYNTHETIC_FORM_ID,
      directive_id: SYNTHETIC_DIRECTIVE_ID,
      name: "Báo cáo quý kết quả thực hiện Chỉ thị 52-CT/TW",
      // A valid FormDefinition (src/domain/form.ts), so reports can be submitted through the API.
      definition: JSON.stringify({
        version: 1,
        title: "Báo cáo quý kết quả thực hiện Chỉ thị 52-CT/TW",
        items: [
          { kind: "narrative", key: "s1", label: "Công tác tuyên truyền", required: true, maxLength: 20_000 },
          {
            kind: "number",
            key: "coverage",
            label: "Tỷ lệ bao phủ BHYT",
            unit: "%",
            indicatorCode: "coverage",
            valueKind: "percent",
            required: true,
          },
        ],
      }),
      created_at: created,
    },
  ];
  const policies: Row[] = [
    {
      id: SYNTHETIC_POLICY_ID,
      name: "Quy trình nhắc hạn, đôn đốc và báo cáo cấp trên mặc định",
      description: null,
      created_at: created,
      updated_at: created,
    },
  ];
  const steps: Row[] = LADDER.map(([offset, audience, template]) => ({
    id: `${SYNTHETIC_POLICY_ID}-${offset < 0 ? `m${-offset}` : offset}-${audience}`,
    policy_id: SYNTHETIC_POLICY_ID,
    offset_days: offset,
    audience,
    template,
  }));
  // What the engine snapshots onto each obligation (`policySnapshot()`: order by offset, audience).
  const ladderSteps: PolicyStep[] = LADDER.map(([offsetDays, audience, template]) => ({
    offsetDays,
    audience: audience as PolicyStep["audience"],
    template,
  })).sort((a, b) => a.offsetDays - b.offsetDays || a.audience.localeCompare(b.audience));
  const policySnapshot = JSON.stringify(ladderSteps);
  const schedules: Row[] = [
    {
      id: SYNTHETIC_SCHEDULE_ID,
      directive_id: SYNTHETIC_DIRECTIVE_ID,
      name: "Báo cáo quý thực hiện Chỉ thị 52-CT/TW",
      frequency: "quarterly",
      report_kind: "periodic",
      due_rule_kind: "fixed_days",
      due_rule_days: 10,
      scope_root_id: "tw",
      scope_kinds: JSON.stringify(["commune", "grassroots"]),
      reviewer_organisation_id: "btgdv",
      form_id: SYNTHETIC_FORM_ID,
      policy_id: SYNTHETIC_POLICY_ID,
      reporter_may_submit: 0,
      starts_on: "2026-01-01",
      ends_on: null,
      one_off_cutoff_start: null,
      one_off_cutoff_end: null,
      active: 1,
      created_at: created,
      updated_at: created,
    },
  ];
  const reporting = orgs.filter((o) => o.kind === "commune" || o.kind === "grassroots");
  const periodDefs = [
    {
      id: SYNTHETIC_CLOSED_PERIOD_ID,
      // The engine's key format (src/domain/periods.ts): its `recordDuePeriods` then sees the
      // period as existing and does not open a second Q2 for the same schedule.
      key: "2026-q1",
      label: "Quý I/2026",
      cutoffStart: "2026-01-01",
      cutoffEnd: "2026-03-31",
      dueOn: "2026-04-10",
      opensOn: "2026-03-25",
      status: "closed",
    },
    {
      id: SYNTHETIC_OPEN_PERIOD_ID,
      key: "2026-q2",
      label: "Quý II/2026",
      cutoffStart: "2026-04-01",
      cutoffEnd: "2026-06-30",
      dueOn: "2026-07-10",
      opensOn: "2026-06-24",
      status: "open",
    },
  ];
  const periods: Row[] = periodDefs.map((p) => ({
    id: p.id,
    schedule_id: SYNTHETIC_SCHEDULE_ID,
    key: p.key,
    label: p.label,
    cutoff_start: p.cutoffStart,
    cutoff_end: p.cutoffEnd,
    due_on: p.dueOn,
    opens_on: p.opensOn,
    status: p.status,
    opened_at: vnMidnight(p.opensOn) + 7 * 3_600_000,
    obligation_count: reporting.length,
    created_at: vnMidnight(p.opensOn),
  }));

  return {
    documents,
    directives,
    forms,
    policies,
    steps,
    schedules,
    periodDefs,
    periods,
    reporting,
    ladderSteps,
    policySnapshot,
  };
}

/** Each reporting organisation's obligation per period, submissions, reviews, extensions, the ladder's sent rungs. */
export function syntheticObligations(
  gen: Gen,
  setup: ReturnType<typeof syntheticSetup>,
  secretaryOf: Map<string, Row>,
) {
  const { random, now } = gen;
  const { periodDefs, reporting, ladderSteps, policySnapshot } = setup;
  // ---- obligations and their history ------------------------------------------------------
  const calendar = calendarFromRows(VN_HOLIDAYS);
  // Few distinct (due date, cycle) pairs: compute each ladder once.
  const rungCache = new Map<string, ScheduledStep[]>();
  const notifications: Row[] = [];
  const obligations: Row[] = [];
  const versions: Row[] = [];
  const decisions: Row[] = [];
  const extensions: Row[] = [];
  let receipt = 0;
  for (const period of periodDefs) {
    const closed = period.status === "closed";
    const openedAt = vnMidnight(period.opensOn) + 7 * 3_600_000;
    for (const o of reporting) {
      const id = `obl-${period.key.toLowerCase()}-${o.id}`;
      // The effective date of the deadline: a due date on a day off moves to the next working day.
      let effectiveDue = deadlineOf(period.dueOn, calendar).effectiveOn;
      let extendedDue: string | null = null;
      let cycle = 0;
      if (random() < 0.03) {
        extendedDue = addDays(period.dueOn, 10);
        effectiveDue = deadlineOf(extendedDue, calendar).effectiveOn;
        cycle = 1;
        extensions.push({
          id: `ext-${id}`,
          obligation_id: id,
          previous_due_on: period.dueOn,
          new_due_on: extendedDue,
          reason: "Địa phương bị ảnh hưởng bởi thiên tai, đề nghị gia hạn",
          granted_by: null,
          created_at: vnMidnight(period.dueOn) - 2 * DAY,
        });
      }
      const dueEnd = deadlineFromStored(extendedDue ?? period.dueOn, effectiveDue).endsAt;
      const roll = random();
      // ~70% submitted (80% of them on time), ~10% draft, ~20% missing.
      let status = roll < 0.7 ? "submitted" : roll < 0.8 ? "draft" : "pending";
      let firstSubmittedAt: number | null = null;
      let lastSubmittedAt: number | null = null;
      let onTime: number | null = null;
      let acceptedAt: number | null = null;
      let returnedAt: number | null = null;
      let currentVersionId: string | null = null;
      let nextActionAt: number | null = null;
      if (status === "submitted") {
        const late = random() >= 0.8;
        const submittedAt = late
          ? dueEnd + Math.floor(random() * 9 * DAY)
          : dueEnd - Math.floor(1 + random() * 12 * DAY);
        onTime = late ? 0 : 1;
        firstSubmittedAt = submittedAt;
        lastSubmittedAt = submittedAt;
        currentVersionId = `ver-${id}-1`;
        versions.push({
          id: currentVersionId,
          obligation_id: id,
          version_no: 1,
          content: JSON.stringify({ s1: "Đã quán triệt Chỉ thị tới toàn thể đảng viên.", coverage: 93 }),
          submitted_by: null,
          submitted_at: submittedAt,
          on_time: onTime,
          receipt_no: `BN-${pad(++receipt, 7)}`,
        });
        const review = random();
        if (review < (closed ? 0.5 : 0.15)) {
          status = "accepted";
          acceptedAt = submittedAt + 2 * DAY;
          decisions.push({
            id: `rev-${id}-1`,
            obligation_id: id,
            version_id: currentVersionId,
            decision: "accepted",
            comments: null,
            reviewer_id: null,
            created_at: acceptedAt,
          });
        } else if (review > 0.95) {
          status = "returned";
          returnedAt = submittedAt + DAY;
          decisions.push({
            id: `rev-${id}-1`,
            obligation_id: id,
            version_id: currentVersionId,
            decision: "returned",
            comments: JSON.stringify({ general: "Đề nghị bổ sung số liệu tỷ lệ bao phủ." }),
            reviewer_id: null,
            created_at: returnedAt,
          });
        }
      }
      // The engine still chases what is open and not in: where it stands on the ladder at `now`.
      if (!closed && (status === "pending" || status === "draft" || status === "returned")) {
        const rungKey = `${effectiveDue}:${cycle}`;
        let rungs = rungCache.get(rungKey);
        if (!rungs) {
          rungs = ladderSchedule({ effectiveDueOn: effectiveDue, chaseCycle: cycle }, ladderSteps, calendar);
          rungCache.set(rungKey, rungs);
        }
        const past = rungs.filter((r) => r.scheduledAt <= now);
        const latest = past.length > 0 ? past[past.length - 1]!.scheduledAt : null;
        const due = latest !== null && random() < DUE_SHARE;
        // Due: the latest rung is not recorded yet. Up to date: everything up to now is.
        const recorded = due ? past.filter((r) => r.scheduledAt < latest) : past;
        const upcoming = rungs.find((r) => r.scheduledAt > now);
        nextActionAt = due ? latest : (upcoming?.scheduledAt ?? null);
        const secretary = secretaryOf.get(o.id as string)!;
        // History only where the next tick reads it (the due ones); one row per rung.
        for (const r of due ? recorded : []) {
          notifications.push({
            id: `n-${id}-${r.stepKey.replaceAll(":", "_")}`,
            idempotency_key: `obl:${id}:${r.stepKey.replace(/:[a-z]+$/, "")}:${secretary.id}`,
            person_id: secretary.id as string,
            to_address: secretary.email as string,
            template: r.template,
            subject: "Nhắc báo cáo",
            payload: "{}",
            obligation_id: id,
            step_key: r.stepKey,
            status: "sent",
            attempts: 1,
            next_attempt_at: null,
            provider_id: `hist-${notifications.length + 1}`,
            last_error: null,
            sent_at: r.scheduledAt,
            created_at: r.scheduledAt,
            updated_at: r.scheduledAt,
          });
        }
      }
      obligations.push({
        id,
        period_id: period.id,
        organisation_id: o.id as string,
        due_on: period.dueOn,
        extended_due_on: extendedDue,
        effective_due_on: effectiveDue,
        status,
        chase_cycle: cycle,
        policy_snapshot: policySnapshot,
        next_action_at: nextActionAt,
        first_submitted_at: firstSubmittedAt,
        last_submitted_at: lastSubmittedAt,
        on_time: onTime,
        accepted_at: acceptedAt,
        returned_at: returnedAt,
        current_version_id: currentVersionId,
        revision: 1,
        created_at: openedAt,
        updated_at: Math.max(openedAt, lastSubmittedAt ?? 0, acceptedAt ?? 0, returnedAt ?? 0),
      });
    }
  }

  return { obligations, versions, decisions, extensions, notifications };
}
