/**
 * Email digests: the weekly compliance digest for Commission staff and leaders (their
 * commission's subtree; also administrators, while next year's working calendar is empty, so the
 * warning that it is reaches the people who keep it) and the morning "your deadlines" digest for secretaries and office
 * staff (only when something is due within 7 days or overdue).
 *
 * Each message is recorded in the send ledger under `digest:<kind>:<personId>:<periodKey>`
 * (ISO week `2026-W48` for the weekly digest, the local date for the morning one), so a
 * re-run, a retried Workflow step or a changed weekday never sends the same digest twice.
 * People who switched a digest off (preferences) or unsubscribed (one-click) get nothing.
 *
 * A run (`runDigestSteps`, the Workflow's steps in order) lists recipients a page at a time,
 * leaving out those who already have this digest in the ledger (so a re-run renders nothing),
 * computes the weekly content once per followed subtree for the whole run, then renders,
 * records and sends in batches of 100.
 */
import {
  type DeadlineItem,
  type DigestPeriodStats,
  morningDeadlinesDigestEmail,
  weeklyComplianceDigestEmail,
} from "../../emails";
import { loadCalendar } from "../db/calendar";
import { chunk } from "../db/client";
import { type WorkingCalendar, weeklyDigestWeekdaysOn } from "../domain/calendar";
import {
  deadlineFromStored,
  deadlineOf,
  formatDeadline,
  workingDaysLate,
  workingDaysLeftSigned,
} from "../domain/deadline";
import { ladderSchedule, type PolicyStep } from "../domain/ladder";
import { addDays, daysBetween, isoWeekday, localDate } from "../domain/time";
import { recordNotifications, type SendResult, sendNotifications } from "../email/ledger";
import type { NotificationDraft } from "../email/types";
import { unsubscribeUrl } from "../email/unsubscribe";
import { missingNextYear, missingYearWarning } from "../features/calendar";
import {
  awaitingReview,
  lateAndMissing,
  type OrgInfo,
  openPeriodsIn,
  rollupSubtree,
} from "../features/monitoring";
import type { Config, Env } from "../platform/config";

export type DigestKind = "weekly_compliance" | "morning_deadlines";
export const DIGEST_BATCH_SIZE = 100;
/** Recipients listed per step: 1,000 ids (~30 KB) keep each step result far under the 1 MiB limit. */
export const RECIPIENT_PAGE_SIZE = 1_000;
/** The morning digest lists what is due within this many days (and anything overdue). */
export const MORNING_HORIZON_DAYS = 7;
const WEEK_MS = 7 * 86_400_000;

/** ISO 8601 week of a local date: `2026-W48`. */
export function isoWeekKey(date: string): string {
  // The week belongs to the year of its Thursday.
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function digestPeriodKey(kind: DigestKind, now: number): string {
  const today = localDate(now);
  return kind === "weekly_compliance" ? isoWeekKey(today) : today;
}

export function digestKey(kind: DigestKind, personId: string, periodKey: string): string {
  return `digest:${kind}:${personId}:${periodKey}`;
}

const SUBSCRIBED = `not exists (select 1 from digest_subscriptions ds where ds.person_id = p.id and ds.kind = ?1
  and (ds.enabled = 0 or ds.unsubscribed_at is not null))`;
/** The person already has this digest in the send ledger (?1 kind, ?2 period key): index lookup. */
const IN_LEDGER = `exists (select 1 from notifications n
  where n.idempotency_key = 'digest:' || ?1 || ':' || p.id || ':' || ?2)`;

interface RecipientRow {
  id: string;
  done: number;
}

/**
 * One page of the people who get the digest today, in id order after `after`: weekly,
 * Commission staff and leaders whose chosen weekday (Monday by default) is today; morning,
 * secretaries and reporters. `done` = already in the ledger for this period.
 */
async function recipientRows(
  db: D1Database,
  kind: DigestKind,
  now: number,
  after: string,
  limit: number,
): Promise<RecipientRow[]> {
  // Today's weekday and those of the days off just before today (their digest moved here).
  const weekdays =
    kind === "weekly_compliance" ? weeklyDigestWeekdaysOn(localDate(now), await loadCalendar(db)) : [];
  // Administrators get the weekly digest while next year's calendar is empty (its warning),
  // decided in the same statement (?5, ?6: next year's first and last day).
  const roles =
    kind === "weekly_compliance"
      ? `(m.role in ('commission_staff', 'commission_leader') or (m.role = 'admin'
           and not exists (select 1 from calendar_days c where c.day between ?5 and ?6)))`
      : "m.role in ('secretary', 'reporter')";
  const nextYear = Number(localDate(now).slice(0, 4)) + 1;
  const weekdayFilter =
    kind === "weekly_compliance"
      ? `and coalesce((select ds.weekday from digest_subscriptions ds where ds.person_id = p.id and ds.kind = 'weekly_compliance'), 1) in (${weekdays.length > 0 ? weekdays.join(",") : "0"})`
      : "";
  const { results } = await db
    .prepare(
      `select p.id, ${IN_LEDGER} as done from people p
       where p.id > ?3 and p.disabled_at is null and p.bounced_at is null
         and exists (select 1 from memberships m where m.person_id = p.id and ${roles})
         and ${SUBSCRIBED} ${weekdayFilter}
       order by p.id limit ?4`,
    )
    .bind(
      kind,
      digestPeriodKey(kind, now),
      after,
      limit,
      ...(kind === "weekly_compliance" ? [`${nextYear}-01-01`, `${nextYear}-12-31`] : []),
    )
    .all<RecipientRow>();
  return results;
}

/** Who gets the digest today (ids, sorted), whether or not it was sent already. */
export async function listDigestRecipients(db: D1Database, kind: DigestKind, now: number): Promise<string[]> {
  const out: string[] = [];
  for (let after = ""; ; ) {
    const rows = await recipientRows(db, kind, now, after, RECIPIENT_PAGE_SIZE);
    out.push(...rows.map((r) => r.id));
    if (rows.length < RECIPIENT_PAGE_SIZE) return out;
    after = rows.at(-1)!.id;
  }
}

/** The root of a subtree the weekly digest covers. */
export interface SubtreeRoot {
  id: string;
  path: string;
}

export interface RecipientPage {
  /** Recipients still owed this period's digest (no ledger row yet), sorted. */
  ids: string[];
  /** Recipients on this page who already have it (a re-run, a second instance). */
  alreadySent: number;
  /** The next page starts after this id; null when this was the last page. */
  next: string | null;
  /** Weekly digest: the distinct subtrees `ids` follow (empty for the morning digest). */
  subtrees: SubtreeRoot[];
}

/** One step's worth of recipients (`pageSize` examined), after `after` ("" for the first page). */
export async function listRecipientPage(
  db: D1Database,
  kind: DigestKind,
  now: number,
  after: string,
  pageSize = RECIPIENT_PAGE_SIZE,
): Promise<RecipientPage> {
  const rows = await recipientRows(db, kind, now, after, pageSize);
  const ids = rows.filter((r) => r.done !== 1).map((r) => r.id);
  const subtrees: SubtreeRoot[] = [];
  if (kind === "weekly_compliance" && ids.length > 0) {
    const seen = new Set<string>();
    for (const scope of (await weeklyScopes(db, ids)).values()) {
      if (seen.has(scope.root.id)) continue;
      seen.add(scope.root.id);
      subtrees.push(scope.root);
    }
  }
  return {
    ids,
    alreadySent: rows.length - ids.length,
    next: rows.length < pageSize ? null : rows.at(-1)!.id,
    subtrees,
  };
}

interface PersonRow {
  id: string;
  email: string;
  full_name: string;
  title: string | null;
}

export interface BuildResult {
  notificationIds: string[];
  /** People with nothing to tell (morning digest with nothing due) or already sent. */
  skipped: number;
}

/**
 * Renders and records one batch of digests (≤ 100 people); returns the new ledger rows.
 * People who already have this period's digest in the ledger are skipped before rendering.
 * `contents`: the weekly content per subtree root computed earlier in the run (a subtree
 * missing from it, e.g. a membership changed since the listing, is computed here).
 */
export async function buildDigestBatch(
  env: Env,
  config: Config,
  kind: DigestKind,
  personIds: string[],
  now: number,
  contents: ReadonlyMap<string, WeeklyContent> = new Map(),
): Promise<BuildResult> {
  const db = env.DB;
  const periodKey = digestPeriodKey(kind, now);
  // Re-check the subscription at build time: an unsubscribe between listing and building wins.
  const people = (await loadPeopleFor(db, kind, periodKey, personIds)).filter((p) =>
    personIds.includes(p.id),
  );
  const drafts =
    kind === "weekly_compliance"
      ? await weeklyDrafts(db, config, people, now, periodKey, contents)
      : await morningDrafts(db, config, people, now, periodKey);
  const created = await recordNotifications(db, drafts, now);
  return { notificationIds: created, skipped: personIds.length - created.length };
}

/** The people of `ids` still subscribed and without this period's digest in the ledger. */
async function loadPeopleFor(
  db: D1Database,
  kind: DigestKind,
  periodKey: string,
  ids: string[],
): Promise<PersonRow[]> {
  const out: PersonRow[] = [];
  for (const part of chunk(ids, DIGEST_BATCH_SIZE)) {
    const { results } = await db
      .prepare(
        `select p.id, p.email, p.full_name, p.title from people p where p.id in (select value from json_each(?3))
           and p.disabled_at is null and p.bounced_at is null and ${SUBSCRIBED} and not ${IN_LEDGER}`,
      )
      .bind(kind, periodKey, JSON.stringify(part))
      .all<PersonRow>();
    out.push(...results);
  }
  return out;
}

// ---------- morning ----------

interface DueRow {
  person_id: string;
  obligation_id: string;
  organisation_name: string;
  schedule_name: string;
  period_label: string;
  effective_due_on: string;
  nominal_due_on: string;
  status: string;
  policy_snapshot: string;
  chase_cycle: number;
  reminders_in_digest: number;
}

/**
 * What the morning digest lists for a batch (?1 JSON person ids, ?2 last due date): from the
 * batch's memberships to their obligations (the cross join keeps that order; otherwise the
 * planner starts from every chased obligation of the open periods, country-wide).
 */
export const MORNING_DUE_SQL = `select distinct m.person_id, o.id as obligation_id, org.name as organisation_name,
    s.name as schedule_name, pe.label as period_label, o.effective_due_on,
    coalesce(o.extended_due_on, o.due_on) as nominal_due_on, o.status, o.policy_snapshot, o.chase_cycle,
    coalesce((select ds.reminders_in_digest from digest_subscriptions ds
              where ds.person_id = m.person_id and ds.kind = 'morning_deadlines'), 0) as reminders_in_digest
  from memberships m
  cross join obligations o on o.organisation_id = m.organisation_id
  join periods pe on pe.id = o.period_id
  join reporting_schedules s on s.id = pe.schedule_id
  join organisations org on org.id = o.organisation_id
  where m.person_id in (select value from json_each(?1)) and m.role in ('secretary', 'reporter')
    and pe.status = 'open' and o.status in ('pending', 'draft', 'returned') and o.effective_due_on <= ?2
  order by o.effective_due_on, org.name`;

/** True when a reporters' step of the obligation's ladder falls on `today` (sent at the window's start). */
export function reminderDueToday(
  row: Pick<DueRow, "effective_due_on" | "chase_cycle" | "policy_snapshot">,
  calendar: WorkingCalendar,
  today: string,
): boolean {
  const steps = JSON.parse(row.policy_snapshot) as PolicyStep[];
  return ladderSchedule(
    { effectiveDueOn: row.effective_due_on, chaseCycle: row.chase_cycle },
    steps,
    calendar,
  ).some((s) => s.audience === "reporters" && localDate(s.scheduledAt) === today);
}

async function morningDrafts(
  db: D1Database,
  config: Config,
  people: PersonRow[],
  now: number,
  periodKey: string,
): Promise<NotificationDraft[]> {
  if (people.length === 0) return [];
  const today = localDate(now);
  const calendar = await loadCalendar(db);
  const { results } = await db
    .prepare(MORNING_DUE_SQL)
    .bind(JSON.stringify(people.map((p) => p.id)), addDays(today, MORNING_HORIZON_DAYS))
    .all<DueRow>();
  const drafts: NotificationDraft[] = [];
  for (const person of people) {
    const items: DeadlineItem[] = results
      .filter((r) => r.person_id === person.id)
      // The ladder's own reminder about this report goes to them this morning: not both.
      .filter((r) => r.reminders_in_digest === 1 || !reminderDueToday(r, calendar, today))
      .map((r) => ({
        organisationName: r.organisation_name,
        reportTitle: r.schedule_name,
        periodLabel: r.period_label,
        dueOn: r.effective_due_on,
        dueText: formatDeadline({ nominalOn: r.nominal_due_on, effectiveOn: r.effective_due_on }, calendar),
        daysLeft: workingDaysLeftSigned(
          deadlineFromStored(r.nominal_due_on, r.effective_due_on),
          now,
          calendar,
        ),
        returned: r.status === "returned",
        formUrl: `${config.appUrl}/bao-cao/${r.obligation_id}`,
      }));
    // Only sent when something is due.
    if (items.length === 0) continue;
    const email = morningDeadlinesDigestEmail({
      recipientName: person.full_name,
      recipientTitle: person.title,
      date: today,
      items,
      unsubscribeUrl: await unsubscribeUrl(config, person.id, "morning_deadlines"),
    });
    drafts.push({
      idempotencyKey: digestKey("morning_deadlines", person.id, periodKey),
      personId: person.id,
      to: person.email,
      template: "morning_deadlines",
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
    });
  }
  return drafts;
}

// ---------- weekly ----------

export interface WeeklyScope {
  /** The organisation whose subtree the digest covers (the commission's parent committee). */
  root: SubtreeRoot;
  commissionName: string;
  /** The person is an administrator (the calendar warning links them to /quan-tri/lich). */
  admin: boolean;
}

/**
 * The subtree each Commission member follows: the committee their commission serves (the widest
 * one). An administrator who is not on a commission (they get the digest only while the calendar
 * warning holds) follows the organisation where they hold the role.
 */
async function weeklyScopes(db: D1Database, personIds: string[]): Promise<Map<string, WeeklyScope>> {
  const { results } = await db
    .prepare(
      `select m.person_id, m.role, c.name as commission_name, coalesce(parent.id, c.id) as root_id,
         coalesce(parent.path, c.path) as root_path
       from memberships m join organisations c on c.id = m.organisation_id
         left join organisations parent on parent.id = c.parent_id and c.kind = 'commission'
       where m.person_id in (select value from json_each(?))
         and m.role in ('commission_staff', 'commission_leader', 'admin')
       order by m.role = 'admin', length(coalesce(parent.path, c.path)), m.organisation_id`,
    )
    .bind(JSON.stringify(personIds))
    .all<{ person_id: string; role: string; commission_name: string; root_id: string; root_path: string }>();
  const out = new Map<string, WeeklyScope>();
  for (const r of results) {
    const scope = out.get(r.person_id);
    if (scope) {
      if (r.role === "admin") scope.admin = true;
      continue;
    }
    out.set(r.person_id, {
      root: { id: r.root_id, path: r.root_path },
      commissionName: r.commission_name,
      admin: r.role === "admin",
    });
  }
  return out;
}

export interface WeeklyContent {
  periods: DigestPeriodStats[];
  worstLate: {
    organisationName: string;
    periodLabel: string;
    dueOn: string;
    dueText?: string;
    daysLate: number;
    url: string;
  }[];
  awaitingReview: { organisationName: string; periodLabel: string; submittedAt: number; url: string }[];
}

/** Of `scheduleIds`, those reviewed by a commission serving `rootId` (the Commission's own). */
async function ownScheduleIds(db: D1Database, rootId: string, scheduleIds: string[]): Promise<Set<string>> {
  if (scheduleIds.length === 0) return new Set();
  const { results } = await db
    .prepare(
      `select s.id from reporting_schedules s join organisations r on r.id = s.reviewer_organisation_id
       where s.id in (select value from json_each(?1)) and (r.id = ?2 or (r.parent_id = ?2 and r.kind = 'commission'))`,
    )
    .bind(JSON.stringify([...new Set(scheduleIds)]), rootId)
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}

/** The facts of the weekly digest for one subtree (shared by everyone following it). */
export async function weeklyContent(
  db: D1Database,
  config: Config,
  root: Pick<OrgInfo, "id" | "path">,
  now: number,
): Promise<WeeklyContent> {
  const periods = await openPeriodsIn(db, root);
  const weekAgo = now - WEEK_MS;
  const ids = periods.map((p) => p.id);
  const [current, lastWeek, review, calendar] = await Promise.all([
    rollupSubtree(db, root, ids, now, { children: [] }),
    rollupSubtree(db, root, ids, weekAgo, { children: [], asOf: weekAgo }),
    awaitingReview(db, root, 10),
    loadCalendar(db),
  ]);
  const stats: DigestPeriodStats[] = [];
  const late: WeeklyContent["worstLate"] = [];
  // The Commission's own schedules (reviewed by a commission serving this root) come first:
  // the digest's subject speaks of the first one.
  const own = await ownScheduleIds(
    db,
    root.id,
    periods.map((p) => p.scheduleId),
  );
  periods.sort((a, b) => Number(own.has(b.scheduleId)) - Number(own.has(a.scheduleId)));
  for (const p of periods) {
    const t = current.get(p.id)!.root;
    if (t.expected === 0) continue;
    const before = lastWeek.get(p.id)!.root;
    // A period opened during the last week has no "last week".
    const isNew = p.openedAt === null || p.openedAt > weekAgo;
    stats.push({
      reportTitle: p.scheduleName,
      periodLabel: p.label,
      dueOn: p.dueOn,
      dueText: formatDeadline(deadlineOf(p.dueOn, calendar), calendar),
      expected: t.expected,
      submitted: t.reported,
      onTime: t.onTime,
      late: t.late,
      missing: t.missing,
      overdueMissing: t.overdueMissing,
      reportingRate: (t.reportingRate ?? 0) / 100,
      timelinessRate: (t.timelinessRate ?? 0) / 100,
      reportingRateLastWeek: isNew ? null : (before.reportingRate ?? 0) / 100,
    });
    for (const r of await lateAndMissing(db, root, p.id, now, 50)) {
      if (!r.missing) continue;
      late.push({
        organisationName: r.organisationName,
        periodLabel: p.label,
        dueOn: r.effectiveDueOn,
        dueText: formatDeadline({ nominalOn: r.nominalDueOn, effectiveOn: r.effectiveDueOn }, calendar),
        daysLate: workingDaysLate(deadlineFromStored(r.nominalDueOn, r.effectiveDueOn), now, calendar),
        url: `${config.appUrl}/bao-cao/${r.obligationId}`,
      });
    }
  }
  late.sort((a, b) => b.daysLate - a.daysLate || a.organisationName.localeCompare(b.organisationName, "vi"));
  return {
    periods: stats,
    worstLate: late.slice(0, 10),
    awaitingReview: review.map((r) => ({
      organisationName: r.organisationName,
      periodLabel: r.periodLabel,
      submittedAt: r.submittedAt,
      url: `${config.appUrl}/bao-cao/${r.obligationId}`,
    })),
  };
}

async function weeklyDrafts(
  db: D1Database,
  config: Config,
  people: PersonRow[],
  now: number,
  periodKey: string,
  computed: ReadonlyMap<string, WeeklyContent>,
): Promise<NotificationDraft[]> {
  if (people.length === 0) return [];
  const scopes = await weeklyScopes(
    db,
    people.map((p) => p.id),
  );
  const contents = new Map(computed);
  const missingYear = await missingNextYear(db, now);
  const calendarWarning = missingYearWarning(missingYear);
  const drafts: NotificationDraft[] = [];
  for (const person of people) {
    const scope = scopes.get(person.id);
    if (!scope) continue;
    let content = contents.get(scope.root.id);
    if (!content) {
      content = await weeklyContent(db, config, scope.root, now);
      contents.set(scope.root.id, content);
    }
    const email = weeklyComplianceDigestEmail({
      recipientName: person.full_name,
      recipientTitle: person.title,
      commissionName: scope.commissionName,
      asOf: localDate(now),
      ...content,
      dashboardUrl: `${config.appUrl}/giam-sat?org=${encodeURIComponent(scope.root.id)}`,
      unsubscribeUrl: await unsubscribeUrl(config, person.id, "weekly_compliance"),
      calendarWarning,
      calendarUrl:
        calendarWarning && scope.admin ? `${config.appUrl}/quan-tri/lich?year=${missingYear}` : null,
    });
    drafts.push({
      idempotencyKey: digestKey("weekly_compliance", person.id, periodKey),
      personId: person.id,
      to: person.email,
      template: "weekly_compliance",
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers,
    });
  }
  return drafts;
}

/** Sends recorded digest rows (≤ 100 per provider call). */
export async function sendDigestBatch(
  env: Env,
  config: Config,
  ids: string[],
  now: number,
): Promise<SendResult> {
  return sendNotifications(env, config, ids, now);
}

/**
 * Runs a step: the Workflow persists its result (`step.do` with retries); `runDigest` just
 * calls it. Step names are deterministic so a replayed Workflow finds its results.
 */
export type DigestStep = <T extends Rpc.Serializable<T>>(name: string, fn: () => Promise<T>) => Promise<T>;

export interface DigestRunResult {
  /** People who get this digest today (including those who already had it). */
  recipients: number;
  /** Of those, already in the ledger for this period before the run: not rendered again. */
  alreadySent: number;
  /** Weekly: distinct subtrees whose content was computed (once each). */
  subtrees: number;
  recorded: number;
  sent: number;
}

/**
 * One digest run as steps: per page of recipients: list (without those already sent), the
 * content of each subtree not seen yet in this run (weekly), then per batch of 100: render +
 * record, send. Safe to repeat: nothing is recorded twice, and a re-run renders nothing.
 */
export async function runDigestSteps(
  env: Env,
  config: Config,
  kind: DigestKind,
  now: number,
  step: DigestStep,
  options: { pageSize?: number } = {},
): Promise<DigestRunResult> {
  const contents = new Map<string, WeeklyContent>();
  const out: DigestRunResult = { recipients: 0, alreadySent: 0, subtrees: 0, recorded: 0, sent: 0 };
  let batch = 0;
  for (let page = 0, after = ""; ; page++) {
    const from = after;
    const listed = await step(`list recipients ${page}`, () =>
      listRecipientPage(env.DB, kind, now, from, options.pageSize),
    );
    out.recipients += listed.ids.length + listed.alreadySent;
    out.alreadySent += listed.alreadySent;
    for (const root of listed.subtrees) {
      if (contents.has(root.id)) continue;
      contents.set(root.id, await step(`content ${root.id}`, () => weeklyContent(env.DB, config, root, now)));
    }
    for (const ids of chunk(listed.ids, DIGEST_BATCH_SIZE)) {
      const n = batch++;
      const built = await step(`build ${n}`, () => buildDigestBatch(env, config, kind, ids, now, contents));
      out.recorded += built.notificationIds.length;
      const result = await step(`send ${n}`, () => sendDigestBatch(env, config, built.notificationIds, now));
      out.sent += result.sent;
    }
    if (listed.next === null) break;
    after = listed.next;
  }
  out.subtrees = contents.size;
  return out;
}

/** The whole digest run without a Workflow: the same steps, in order, in this request. */
export async function runDigest(
  env: Env,
  config: Config,
  kind: DigestKind,
  now: number,
): Promise<DigestRunResult> {
  return runDigestSteps(env, config, kind, now, (_name, fn) => fn());
}
