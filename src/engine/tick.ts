/**
 * The work of one reminder tick, as functions the Workflow runs in steps (and tests call
 * directly on a simulated clock):
 *   findDueObligations -> planObligations (ladder, audiences, render, record) -> sendPlanned.
 * D1 is the source of truth: every email is first recorded under a deterministic idempotency
 * key (obligation + step + person), so a tick that runs twice records nothing new.
 */
import { loadCalendar } from "../db/calendar";
import { chunk } from "../db/client";
import { type CHASED_STATUSES, evaluateLadder, type PolicyStep } from "../domain/ladder";
import {
  type ClaimedNotification,
  recordNotifications,
  recordNotificationsFor,
  type SendResult,
  sendNotifications,
} from "../email/ledger";
import type { NotificationDraft } from "../email/types";
import { newId } from "../ids";
import type { Config, Env } from "../platform/config";
import { resolveAudiences } from "./audience";
import { composeChaseBundles } from "./chase-bundle";
import { digestedMarker, ladderDraft, supersededMarker } from "./chase-drafts";
import {
  type PlanRow,
  selectChaseDigestPreferences,
  selectCommissionsByServedPath,
  selectDueObligationIds,
  selectObligationsNotChased,
  selectPlanPage,
  setNextActionStatement,
} from "./tick.queries";

/** Obligations examined per planning step, and at most this many steps per tick. */
export const PLAN_PAGE_SIZE = 500;
export const MAX_PAGES_PER_TICK = 40;

/** Ids of chased obligations whose next ladder step is due (index on next_action_at, id). */
export async function findDueObligations(
  db: D1Database,
  now: number,
  limit = PLAN_PAGE_SIZE,
): Promise<string[]> {
  return selectDueObligationIds(db, now, limit);
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
    const page = await selectPlanPage(db, part);
    rows.push(...page.rows);
    for (const r of page.recorded) {
      if (r.obligationId === null || r.stepKey === null) continue;
      const set = recordedKeys.get(r.obligationId) ?? new Set<string>();
      set.add(r.stepKey);
      recordedKeys.set(r.obligationId, set);
    }
  }
  const calendar = await loadCalendar(db);
  const audiences = await resolveAudiences(
    db,
    rows.map((r) => ({ id: r.organisationId, path: r.organisationPath })),
  );
  const commissionNames = await nearestCommissionNames(db);
  const prefs = await chasePreferences(db);

  const drafts: NotificationDraft[] = [];
  const nextActions: [string, number | null][] = [];
  let superseded = 0;
  for (const row of rows) {
    const steps = JSON.parse(row.policySnapshot) as PolicyStep[];
    const decision = evaluateLadder({
      obligation: {
        status: row.status as (typeof CHASED_STATUSES)[number],
        effectiveDueOn: row.effectiveDueOn,
        chaseCycle: row.chaseCycle,
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
      for (const recipient of audiences(row.organisationId, step.audience)) {
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
            commissionNames(row.organisationPath),
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
  const statements = nextActions.map(([id, at]) => setNextActionStatement(db, id, at));
  for (const part of chunk(statements, 200)) await db.batch(part);
  // Superseded markers are created in their final state; sending claims only pending rows.
  return {
    notificationIds: created,
    byPerson: [...byPerson.entries()],
    recorded: created.length + markersCreated,
    superseded,
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
  const results = await selectChaseDigestPreferences(db);
  return {
    remindersInDigest: new Set(results.filter((r) => r.kind === "morning_deadlines").map((r) => r.personId)),
    escalationsInDigest: new Set(results.filter((r) => r.kind === "escalations").map((r) => r.personId)),
  };
}

/** Names of the commission serving each subtree, nearest first, for escalation wording. */
async function nearestCommissionNames(db: D1Database): Promise<(path: string) => string> {
  const results = await selectCommissionsByServedPath(db);
  return (path) => {
    let best: { name: string; path: string } | undefined;
    for (const r of results) {
      if (path.startsWith(r.path) && path !== r.path && (!best || r.path.length > best.path.length)) best = r;
    }
    return best?.name ?? "Ban Tuyên giáo và Dân vận Trung ương";
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
  const done = new Set(await selectObligationsNotChased(db, ids));
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
