/**
 * The weekly compliance digest for Commission staff and leaders: their commission's subtree
 * (reporting rates against last week, the latest units, reports awaiting review); also
 * administrators while next year's working calendar is empty, so its warning reaches them.
 */
import { type DigestPeriodStats, type WeeklyDigestProps, weeklyComplianceDigestEmail } from "../../../emails";
import { loadCalendar } from "../../db/calendar";
import { deadlineFromStored, deadlineOf, formatDeadline, workingDaysLate } from "../../domain/deadline";
import { localDate } from "../../domain/time";
import type { NotificationDraft } from "../../email/types";
import { unsubscribeUrl } from "../../email/unsubscribe";
import type { Config } from "../../platform/config";
import { missingNextYear, missingYearWarning } from "../calendar";
import { awaitingReview, lateAndMissing, type OrgInfo, openPeriodsIn, rollupSubtree } from "../monitoring";
import { digestKey } from "./digests.keys";
import { ownScheduleIds, type PersonRow, weeklyScopeRows } from "./digests.queries";

const WEEK_MS = 7 * 86_400_000;

/** The root of a subtree the weekly digest covers. */
export interface SubtreeRoot {
  id: string;
  path: string;
}

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
export async function weeklyScopes(db: D1Database, personIds: string[]): Promise<Map<string, WeeklyScope>> {
  const results = await weeklyScopeRows(db, personIds);
  const out = new Map<string, WeeklyScope>();
  for (const r of results) {
    const scope = out.get(r.personId);
    if (scope) {
      if (r.role === "admin") scope.admin = true;
      continue;
    }
    out.set(r.personId, {
      root: { id: r.rootId, path: r.rootPath },
      commissionName: r.commissionName,
      admin: r.role === "admin",
    });
  }
  return out;
}

/** The facts of the weekly digest that depend on the subtree alone (the template's own types). */
export type WeeklyContent = Pick<WeeklyDigestProps, "periods" | "worstLate" | "awaitingReview">;

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

export async function weeklyDrafts(
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
