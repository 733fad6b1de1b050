/**
 * The digests' SQL: who gets one today (subscribed, not yet in the send ledger), what the
 * morning digest lists, which subtree each Commission member follows. Raw SQL where the plan was
 * measured (the recipient page and the owed-digest load: index lookups on the ledger key, checked
 * in query-plans.test.ts; the morning list: the cross join, checked in digest-run.test.ts);
 * Drizzle's query builder for the rest.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { chunk, columnsOf, orm } from "../../db/client";
import { memberships, organisations, reportingSchedules } from "../../db/schema";
import { localDate } from "../../domain/time";
import { DIGEST_BATCH_SIZE, type DigestKind, digestPeriodKey } from "./digests.keys";

const SUBSCRIBED = `not exists (select 1 from digest_subscriptions ds where ds.person_id = p.id and ds.kind = ?1
  and (ds.enabled = 0 or ds.unsubscribed_at is not null))`;
/** The person already has this digest in the send ledger (?1 kind, ?2 period key): index lookup. */
const IN_LEDGER = `exists (select 1 from notifications n
  where n.idempotency_key = 'digest:' || ?1 || ':' || p.id || ':' || ?2)`;

export interface RecipientRow {
  id: string;
  done: number;
}

/**
 * One page of the people who get the digest today, in id order after `after`: weekly,
 * Commission staff and leaders whose chosen weekday (Monday by default) is today; morning,
 * secretaries and reporters. `done` = already in the ledger for this period. `weekdays`: today's
 * and those of the days off just before it (their weekly digest moved here).
 */
export async function recipientRows(
  db: D1Database,
  kind: DigestKind,
  now: number,
  page: { after: string; limit: number; weekdays: number[] },
): Promise<RecipientRow[]> {
  const { after, limit, weekdays } = page;
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
  // Raw: measured plan (people's key order, ledger by its unique key; query-plans.test.ts).
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

export interface PersonRow {
  id: string;
  email: string;
  full_name: string;
  title: string | null;
}

/** The people of `ids` still subscribed and without this period's digest in the ledger. */
export async function peopleOwedDigest(
  db: D1Database,
  kind: DigestKind,
  periodKey: string,
  ids: string[],
): Promise<PersonRow[]> {
  const out: PersonRow[] = [];
  for (const part of chunk(ids, DIGEST_BATCH_SIZE)) {
    // Raw: measured plan (skip before rendering: ledger by its unique key; query-plans.test.ts).
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

export interface DueRow {
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

export async function morningDueRows(db: D1Database, personIds: string[], lastDueOn: string) {
  // Raw: measured plan (memberships first, the cross join; digest-run.test.ts).
  const { results } = await db
    .prepare(MORNING_DUE_SQL)
    .bind(JSON.stringify(personIds), lastDueOn)
    .all<DueRow>();
  return results;
}

const commission = alias(organisations, "c");
const served = alias(organisations, "parent");

/** Each person's Commission (or administrator) memberships, widest followed subtree first. */
export async function weeklyScopeRows(db: D1Database, personIds: string[]) {
  const rootPath = sql<string>`coalesce(${served.path}, ${commission.path})`;
  return orm(db)
    .select({
      ...columnsOf(memberships, "personId", "role"),
      commissionName: commission.name,
      rootId: sql<string>`coalesce(${served.id}, ${commission.id})`,
      rootPath,
    })
    .from(memberships)
    .innerJoin(commission, eq(commission.id, memberships.organisationId))
    .leftJoin(served, and(eq(served.id, commission.parentId), eq(commission.kind, "commission")))
    .where(
      and(
        // One JSON parameter: a batch holds up to 100 people (D1's limit on bound parameters).
        sql`${memberships.personId} in (select value from json_each(${JSON.stringify(personIds)}))`,
        inArray(memberships.role, ["commission_staff", "commission_leader", "admin"]),
      ),
    )
    .orderBy(sql`${memberships.role} = 'admin'`, sql`length(${rootPath})`, memberships.organisationId);
}

/** Of `scheduleIds`, those reviewed by a commission serving `rootId` (the Commission's own). */
export async function ownScheduleIds(
  db: D1Database,
  rootId: string,
  scheduleIds: string[],
): Promise<Set<string>> {
  if (scheduleIds.length === 0) return new Set();
  const reviewer = alias(organisations, "r");
  const results = await orm(db)
    .select({ id: reportingSchedules.id })
    .from(reportingSchedules)
    .innerJoin(reviewer, eq(reviewer.id, reportingSchedules.reviewerOrganisationId))
    .where(
      and(
        sql`${reportingSchedules.id} in (select value from json_each(${JSON.stringify([...new Set(scheduleIds)])}))`,
        or(eq(reviewer.id, rootId), and(eq(reviewer.parentId, rootId), eq(reviewer.kind, "commission"))),
      ),
    );
  return new Set(results.map((r) => r.id));
}
