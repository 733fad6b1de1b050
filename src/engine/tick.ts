/**
 * The work of one reminder tick, as functions the Workflow runs in steps (and tests call
 * directly on a simulated clock):
 *   findDueObligations -> planObligations (ladder, audiences, render, record) -> sendPlanned.
 * D1 is the source of truth: every email is first recorded under a deterministic idempotency
 * key (obligation + step + person), so a tick that runs twice records nothing new.
 */
import {
  type ChaseKind,
  type DutyProps,
  dueTodayEmail,
  escalationToCommissionEmail,
  escalationToSuperiorEmail,
  overdueEmail,
  type RenderedEmail,
  reminderBeforeDeadlineEmail,
} from "../../emails";
import { loadCalendar } from "../db/calendar";
import { chunk } from "../db/client";
import type { WorkingCalendar } from "../domain/calendar";
import { deadlineFromStored, deadlineStanding, formatStoredDeadline } from "../domain/deadline";
import { type CHASED_STATUSES, evaluateLadder, type PolicyStep, type ScheduledStep } from "../domain/ladder";
import { localDate } from "../domain/time";
import {
  type ClaimedNotification,
  recordNotifications,
  recordNotificationsFor,
  type SendResult,
  sendNotifications,
} from "../email/ledger";
import type { NotificationDraft } from "../email/types";
import { unsubscribeUrl } from "../email/unsubscribe";
import { newId } from "../ids";
import type { Config, Env } from "../platform/config";
import { type Recipient, resolveAudiences } from "./audience";
import { type ChaseBundleData, composeChaseBundles } from "./chase-bundle";

/** Obligations examined per planning step, and at most this many steps per tick. */
export const PLAN_PAGE_SIZE = 500;
export const MAX_PAGES_PER_TICK = 40;

/** The due page: walks `obligations_next_action_id_idx` in order, no sort (bind now, limit). */
export const DUE_OBLIGATIONS_SQL =
  "select id from obligations where next_action_at is not null and next_action_at <= ? order by next_action_at, id limit ?";

/** Ids of chased obligations whose next ladder step is due (index on next_action_at, id). */
export async function findDueObligations(
  db: D1Database,
  now: number,
  limit = PLAN_PAGE_SIZE,
): Promise<string[]> {
  const { results } = await db.prepare(DUE_OBLIGATIONS_SQL).bind(now, limit).all<{ id: string }>();
  return results.map((r) => r.id);
}

interface PlanRow {
  id: string;
  status: (typeof CHASED_STATUSES)[number] | "submitted" | "accepted" | "waived";
  due_on: string;
  extended_due_on: string | null;
  effective_due_on: string;
  chase_cycle: number;
  policy_snapshot: string;
  organisation_id: string;
  organisation_name: string;
  organisation_path: string;
  parent_name: string | null;
  period_label: string;
  schedule_name: string;
}

export interface PlanResult {
  /** New notifications to send (pending); superseded markers are counted in `recorded` only. */
  notificationIds: string[];
  /** The same ids by recipient, so one person's notifications are sent together (one email). */
  byPerson: [personId: string, ids: string[]][];
  recorded: number;
  superseded: number;
}

/**
 * Plans one page of due obligations: evaluates each ladder, records the notifications of the
 * steps due now (one per person per step), marks skipped steps superseded, and moves
 * `next_action_at` to the ladder's next instant. Idempotent: re-running records nothing new.
 */
export async function planObligations(
  env: Env,
  config: Config,
  ids: string[],
  now: number,
): Promise<PlanResult> {
  const db = env.DB;
  if (ids.length === 0) return { notificationIds: [], byPerson: [], recorded: 0, superseded: 0 };
  const rows: PlanRow[] = [];
  const recordedKeys = new Map<string, Set<string>>();
  for (const part of chunk(ids, 90)) {
    const marks = part.map(() => "?").join(",");
    const [obligations, recorded] = await db.batch<Record<string, unknown>>([
      db
        .prepare(
          `select o.id, o.status, o.due_on, o.extended_due_on, o.effective_due_on, o.chase_cycle, o.policy_snapshot, o.organisation_id,
             org.name as organisation_name, org.path as organisation_path, parent.name as parent_name,
             p.label as period_label, s.name as schedule_name
           from obligations o join organisations org on org.id = o.organisation_id
             left join organisations parent on parent.id = org.parent_id
             join periods p on p.id = o.period_id join reporting_schedules s on s.id = p.schedule_id
           where o.id in (${marks})`,
        )
        .bind(...part),
      db
        .prepare(
          `select distinct obligation_id, step_key from notifications where obligation_id in (${marks}) and step_key is not null`,
        )
        .bind(...part),
    ]);
    rows.push(...((obligations?.results ?? []) as unknown as PlanRow[]));
    for (const r of (recorded?.results ?? []) as { obligation_id: string; step_key: string }[]) {
      const set = recordedKeys.get(r.obligation_id) ?? new Set<string>();
      set.add(r.step_key);
      recordedKeys.set(r.obligation_id, set);
    }
  }
  const calendar = await loadCalendar(db);
  const audiences = await resolveAudiences(
    db,
    rows.map((r) => ({ id: r.organisation_id, path: r.organisation_path })),
  );
  const commissionNames = await nearestCommissionNames(db);
  const prefs = await chasePreferences(db);

  const drafts: NotificationDraft[] = [];
  const nextActions: [string, number | null][] = [];
  let superseded = 0;
  for (const row of rows) {
    const steps = JSON.parse(row.policy_snapshot) as PolicyStep[];
    const decision = evaluateLadder({
      obligation: {
        status: row.status as (typeof CHASED_STATUSES)[number],
        effectiveDueOn: row.effective_due_on,
        chaseCycle: row.chase_cycle,
      },
      steps,
      calendar,
      now,
      recorded: recordedKeys.get(row.id) ?? new Set(),
    });
    nextActions.push([row.id, decision.nextActionAt]);
    for (const step of decision.supersede) {
      superseded++;
      drafts.push(supersededMarker(row, step));
    }
    // One message per person per offset, even when several audiences of the step reach them.
    const notified = new Set<string>();
    for (const step of decision.send) {
      let drafted = false;
      for (const recipient of audiences(row.organisation_id, step.audience)) {
        const personStep = `${step.offsetDays}:${recipient.personId}`;
        if (notified.has(personStep)) continue;
        notified.add(personStep);
        drafted = true;
        // The person chose to read this kind of chasing in a digest: recorded as handled for them.
        const digested =
          step.audience === "reporters"
            ? prefs.remindersInDigest.has(recipient.personId)
            : prefs.escalationsInDigest.has(recipient.personId);
        if (digested) {
          drafts.push(digestedMarker(row, step, recipient.personId));
          continue;
        }
        drafts.push(
          await ladderDraft(
            config,
            calendar,
            row,
            step,
            recipient,
            now,
            commissionNames(row.organisation_path),
          ),
        );
      }
      // A step with nobody (new) to tell is recorded as done, so it is not planned again.
      if (!drafted) drafts.push(supersededMarker(row, step, "Không có người nhận"));
    }
  }
  // Markers are recorded apart so the ids handed to the send steps are all sendable: the
  // Workflow sends them 100 per provider call, and markers mixed in made those calls smaller.
  const markers = drafts.filter((d) => d.status === "superseded");
  const createdRows = await recordNotificationsFor(
    db,
    drafts.filter((d) => d.status !== "superseded"),
    now,
  );
  const created = createdRows.map((r) => r.id);
  const byPerson = new Map<string, string[]>();
  for (const r of createdRows) {
    const key = r.personId ?? `row:${r.id}`;
    byPerson.set(key, [...(byPerson.get(key) ?? []), r.id]);
  }
  const markersCreated = markers.length > 0 ? (await recordNotifications(db, markers, now)).length : 0;
  const statements: D1PreparedStatement[] = [
    ...nextActions.map(([id, at]) =>
      db.prepare("update obligations set next_action_at = ? where id = ?").bind(at, id),
    ),
  ];
  for (const part of chunk(statements, 200)) await db.batch(part);
  // Superseded markers are created in their final state; sending claims only pending rows.
  return {
    notificationIds: created,
    byPerson: [...byPerson.entries()],
    recorded: created.length + markersCreated,
    superseded,
  };
}

function supersededMarker(
  row: PlanRow,
  step: ScheduledStep,
  reason = "Bỏ qua: đã có bước nhắc mới hơn",
): NotificationDraft {
  return markerDraft(row, step, `obl:${row.id}:${step.stepKey}:skip`, null, reason);
}

/** A ladder step handled for one person by their digest preference (their own key, never sent). */
function digestedMarker(row: PlanRow, step: ScheduledStep, personId: string): NotificationDraft {
  const key = `obl:${row.id}:${step.stepKey.replace(/:[a-z]+$/, "")}:${personId}`;
  return markerDraft(row, step, key, personId, "Gộp vào bản tin theo lựa chọn của người nhận");
}

/** A ledger row that records a step as handled without sending anything. */
function markerDraft(
  row: PlanRow,
  step: ScheduledStep,
  idempotencyKey: string,
  personId: string | null,
  reason: string,
): NotificationDraft {
  return {
    idempotencyKey,
    personId,
    to: "",
    template: "superseded_marker",
    status: "superseded",
    subject: reason,
    html: "",
    text: reason,
    obligationId: row.id,
    stepKey: step.stepKey,
  };
}

/**
 * Who reads chasing in a digest instead of separate mail: reminders moved into the morning
 * digest (which lists every report due or late), escalations left to the weekly digest and
 * the dashboard (`/huy-dang-ky?k=escalations`).
 */
async function chasePreferences(
  db: D1Database,
): Promise<{ remindersInDigest: Set<string>; escalationsInDigest: Set<string> }> {
  const { results } = await db
    .prepare(
      `select person_id, kind from digest_subscriptions
       where (kind = 'morning_deadlines' and enabled = 1 and reminders_in_digest = 1) or (kind = 'escalations' and enabled = 0)`,
    )
    .all<{ person_id: string; kind: string }>();
  return {
    remindersInDigest: new Set(results.filter((r) => r.kind === "morning_deadlines").map((r) => r.person_id)),
    escalationsInDigest: new Set(results.filter((r) => r.kind === "escalations").map((r) => r.person_id)),
  };
}

/** Names of the commission serving each subtree, nearest first, for escalation wording. */
async function nearestCommissionNames(db: D1Database): Promise<(path: string) => string> {
  const { results } = await db
    .prepare(
      "select c.name, p.path from organisations c join organisations p on p.id = c.parent_id where c.kind = 'commission'",
    )
    .all<{ name: string; path: string }>();
  return (path) => {
    let best: { name: string; path: string } | undefined;
    for (const r of results) {
      if (path.startsWith(r.path) && path !== r.path && (!best || r.path.length > best.path.length)) best = r;
    }
    return best?.name ?? "Ban Tuyên giáo và Dân vận Trung ương";
  };
}

async function ladderDraft(
  config: Config,
  calendar: WorkingCalendar,
  row: PlanRow,
  step: ScheduledStep,
  recipient: Recipient,
  now: number,
  commissionName: string,
): Promise<NotificationDraft> {
  const nominal = row.extended_due_on ?? row.due_on;
  const stored = {
    dueOn: row.due_on,
    extendedDueOn: row.extended_due_on,
    effectiveDueOn: row.effective_due_on,
  };
  const duty: DutyProps = {
    recipientName: recipient.fullName,
    recipientTitle: recipient.title,
    organisationName: row.organisation_name,
    reportTitle: row.schedule_name,
    periodLabel: row.period_label,
    dueOn: row.effective_due_on,
    dueText: formatStoredDeadline(stored, calendar),
    formUrl: `${config.appUrl}/bao-cao/${row.id}`,
  };
  const today = localDate(now);
  // One rule for every email: working days, from the domain's deadline standing at `now`.
  const standing = deadlineStanding(deadlineFromStored(nominal, row.effective_due_on), now, calendar);
  const daysLate = standing.kind === "overdue" ? standing.workingDaysLate : 1;
  let email: RenderedEmail;
  let kind: ChaseKind;
  // Listed in a bundle as working days late ("quá hạn 5 ngày làm việc").
  let workingDays = daysLate;
  let unsubscribe: string;
  switch (step.audience) {
    case "reporters": {
      unsubscribe = await unsubscribeUrl(config, recipient.personId, "reminders");
      if (step.offsetDays < 0) {
        workingDays = standing.kind === "upcoming" ? standing.workingDaysLeft : 1;
        kind = "reminder";
        email = reminderBeforeDeadlineEmail({ ...duty, unsubscribeUrl: unsubscribe, daysLeft: workingDays });
      } else if (step.offsetDays === 0) {
        kind = "due_today";
        email = dueTodayEmail({ ...duty, unsubscribeUrl: unsubscribe, today });
      } else {
        kind = "overdue";
        email = overdueEmail({ ...duty, unsubscribeUrl: unsubscribe, daysLate });
      }
      break;
    }
    case "superior":
      kind = "superior";
      unsubscribe = await unsubscribeUrl(config, recipient.personId, "escalations");
      email = escalationToSuperiorEmail({
        ...duty,
        daysLate,
        unsubscribeUrl: unsubscribe,
        superiorOrganisationName: row.parent_name ?? "cấp ủy cấp trên",
      });
      break;
    case "commission":
    case "leadership":
      kind = step.audience;
      unsubscribe = await unsubscribeUrl(config, recipient.personId, "escalations");
      email = escalationToCommissionEmail({
        ...duty,
        daysLate,
        unsubscribeUrl: unsubscribe,
        commissionName,
        audience: step.audience,
      });
      break;
  }
  const bundle: ChaseBundleData = {
    item: {
      kind,
      organisationName: row.organisation_name,
      reportTitle: row.schedule_name,
      periodLabel: row.period_label,
      dueOn: row.effective_due_on,
      dueText: duty.dueText,
      workingDays,
      url: duty.formUrl,
    },
    recipientName: recipient.fullName,
    recipientTitle: recipient.title,
    unsubscribeUrl: unsubscribe,
  };
  return {
    idempotencyKey: `obl:${row.id}:${step.stepKey.replace(/:[a-z]+$/, "")}:${recipient.personId}`,
    personId: recipient.personId,
    to: recipient.email,
    template: step.template,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: email.headers,
    obligationId: row.id,
    stepKey: step.stepKey,
    bundle,
  };
}

/**
 * Re-check immediately before sending: reminders and escalations for an obligation that is no
 * longer chased (submitted, accepted, waived) must not go out.
 */
export async function obligationsNoLongerChased(
  db: D1Database,
  rows: ClaimedNotification[],
): Promise<string[]> {
  const withObligation = rows.filter((r) => r.obligationId && r.stepKey);
  if (withObligation.length === 0) return [];
  const ids = [...new Set(withObligation.map((r) => r.obligationId!))];
  const { results } = await db
    .prepare(
      `select id from obligations where id in (select value from json_each(?)) and status not in ('pending','draft','returned')`,
    )
    .bind(JSON.stringify(ids))
    .all<{ id: string }>();
  const done = new Set(results.map((r) => r.id));
  return withObligation.filter((r) => done.has(r.obligationId!)).map((r) => r.id);
}

/** Sends recorded notifications (≤ 100 per provider call), re-checking each obligation first. */
export async function sendPlanned(env: Env, config: Config, ids: string[], now: number): Promise<SendResult> {
  return sendNotifications(env, config, ids, now, {
    beforeSend: (rows) => obligationsNoLongerChased(env.DB, rows),
    compose: composeChaseBundles(now),
  });
}

export function newTickId(): string {
  return newId("tick_");
}
