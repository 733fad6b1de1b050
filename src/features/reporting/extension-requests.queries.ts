/** Extension requests on D1: reading them, the obligation they concern, recording and claiming a decision. */
import { auditStatement } from "../../audit";
import type { OrgRef } from "../../auth/guard";
import type { Actor } from "./reporting.types";

export interface ExtensionRequestRow {
  id: string;
  obligationId: string;
  requestedBy: string | null;
  requesterName: string | null;
  requestedDueOn: string;
  reason: string;
  status: "pending" | "granted" | "refused" | "withdrawn";
  decidedBy: string | null;
  deciderName: string | null;
  decidedAt: number | null;
  grantedDueOn: string | null;
  decisionNote: string | null;
  createdAt: number;
}

const COLUMNS = `r.id, r.obligation_id as obligationId, r.requested_by as requestedBy, rp.full_name as requesterName,
  r.requested_due_on as requestedDueOn, r.reason, r.status, r.decided_by as decidedBy, dp.full_name as deciderName,
  r.decided_at as decidedAt, r.granted_due_on as grantedDueOn, r.decision_note as decisionNote, r.created_at as createdAt`;
const FROM = `extension_requests r left join people rp on rp.id = r.requested_by left join people dp on dp.id = r.decided_by`;

export async function loadExtensionRequest(db: D1Database, id: string): Promise<ExtensionRequestRow | null> {
  return db.prepare(`select ${COLUMNS} from ${FROM} where r.id = ?`).bind(id).first<ExtensionRequestRow>();
}

export async function extensionRequestsOf(
  db: D1Database,
  obligationId: string,
): Promise<ExtensionRequestRow[]> {
  const { results } = await db
    .prepare(`select ${COLUMNS} from ${FROM} where r.obligation_id = ? order by r.created_at desc limit 50`)
    .bind(obligationId)
    .all<ExtensionRequestRow>();
  return results;
}

export interface Duty {
  obligationId: string;
  organisationId: string;
  organisationName: string;
  reviewerOrganisationId: string;
  scheduleName: string;
  periodLabel: string;
  status: string;
  effectiveDueOn: string;
}

export async function dutyOf(db: D1Database, obligationId: string): Promise<Duty | null> {
  return db
    .prepare(
      `select ob.id as obligationId, ob.organisation_id as organisationId, o.name as organisationName,
         s.reviewer_organisation_id as reviewerOrganisationId, s.name as scheduleName, p.label as periodLabel,
         ob.status, ob.effective_due_on as effectiveDueOn
       from obligations ob join organisations o on o.id = ob.organisation_id join periods p on p.id = ob.period_id
       join reporting_schedules s on s.id = p.schedule_id where ob.id = ?`,
    )
    .bind(obligationId)
    .first<Duty>();
}

export interface Person {
  id: string;
  email: string;
  full_name: string;
}

/** The request and its audit event, in one batch (a second open request breaks the unique index). */
export async function insertExtensionRequest(
  db: D1Database,
  input: { id: string; duty: Duty; actor: Actor; requestedDueOn: string; reason: string; now: number },
): Promise<void> {
  const { id, duty, actor, requestedDueOn, reason, now } = input;
  await db.batch([
    db
      .prepare(
        `insert into extension_requests (id, obligation_id, requested_by, requested_due_on, reason, status, created_at)
           values (?, ?, ?, ?, ?, 'pending', ?)`,
      )
      .bind(id, duty.obligationId, actor.personId, requestedDueOn, reason, now),
    auditStatement(db, {
      at: now,
      actorPersonId: actor.personId,
      actorKind: actor.kind,
      action: "extension.requested",
      entityType: "obligation",
      entityId: duty.obligationId,
      organisationId: duty.organisationId,
      reason,
      data: { requestId: id, requestedDueOn, currentDueOn: duty.effectiveDueOn },
    }),
  ]);
}

/** Commission staff and leaders of the reviewing organisation, still enabled. */
export async function reviewersOf(db: D1Database, reviewerOrganisationId: string): Promise<Person[]> {
  const { results } = await db
    .prepare(
      `select distinct p.id, p.email, p.full_name from people p join memberships m on m.person_id = p.id
       where m.organisation_id = ? and m.role in ('commission_staff', 'commission_leader') and p.disabled_at is null`,
    )
    .bind(reviewerOrganisationId)
    .all<Person>();
  return results;
}

/** Claims a pending request for a decision (compare-and-set) with its audit event; false: someone was first. */
export async function claimDecision(
  db: D1Database,
  input: {
    request: ExtensionRequestRow;
    organisationId: string;
    status: "granted" | "refused";
    grantedDueOn: string | null;
    note: string | null;
    actor: Actor;
    now: number;
  },
): Promise<boolean> {
  const { request, status, grantedDueOn, note, actor, now } = input;
  const claimed = await db.batch([
    db
      .prepare(
        `update extension_requests set status = ?2, decided_by = ?3, decided_at = ?4, granted_due_on = ?5, decision_note = ?6
         where id = ?1 and status = 'pending'`,
      )
      .bind(request.id, status, actor.personId, now, grantedDueOn, note),
    auditStatement(
      db,
      {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: `extension.${status}`,
        entityType: "obligation",
        entityId: request.obligationId,
        organisationId: input.organisationId,
        reason: note,
        data: { requestId: request.id, requestedDueOn: request.requestedDueOn, grantedDueOn },
      },
      { sql: "changes() = 1", params: [] },
    ),
  ]);
  return (claimed[0]?.meta.changes ?? 0) === 1;
}

/** Back to pending, when granting failed after the claim. */
export async function releaseDecision(db: D1Database, requestId: string): Promise<void> {
  await db
    .prepare(
      "update extension_requests set status = 'pending', decided_by = null, decided_at = null, granted_due_on = null, decision_note = null where id = ?",
    )
    .bind(requestId)
    .run();
}

/** The requester and the organisation's secretaries, still enabled. */
export async function decisionRecipients(
  db: D1Database,
  requestedBy: string | null,
  organisationId: string,
): Promise<Person[]> {
  const { results } = await db
    .prepare(
      `select distinct p.id, p.email, p.full_name from people p where p.disabled_at is null and (p.id = ?1 or p.id in
         (select person_id from memberships where organisation_id = ?2 and role = 'secretary'))`,
    )
    .bind(requestedBy, organisationId)
    .all<Person>();
  return results;
}

/** The organisation a request concerns. */
export async function requestOrgOf(db: D1Database, requestId: string): Promise<OrgRef | null> {
  return db
    .prepare(
      `select o.id, o.path from extension_requests r join obligations ob on ob.id = r.obligation_id
     join organisations o on o.id = ob.organisation_id where r.id = ?`,
    )
    .bind(requestId)
    .first<OrgRef>();
}

/** The organisation's path and the schedule's reviewer, to decide who decides a request. */
export async function requestReviewerOf(
  db: D1Database,
  requestId: string,
): Promise<{ path: string; reviewerId: string } | null> {
  return db
    .prepare(
      `select o.path, s.reviewer_organisation_id as reviewerId from extension_requests r
     join obligations ob on ob.id = r.obligation_id join organisations o on o.id = ob.organisation_id
     join periods p on p.id = ob.period_id join reporting_schedules s on s.id = p.schedule_id where r.id = ?`,
    )
    .bind(requestId)
    .first<{ path: string; reviewerId: string }>();
}

/** What the request page shows of the obligation: the organisation, its deadline, the period. */
export async function requestDutyOf(
  db: D1Database,
  obligationId: string,
): Promise<{ name: string; dueOn: string; label: string } | null> {
  return db
    .prepare(
      `select o.name, ob.effective_due_on as dueOn, p.label from obligations ob join organisations o on o.id = ob.organisation_id
     join periods p on p.id = ob.period_id where ob.id = ?`,
    )
    .bind(obligationId)
    .first<{ name: string; dueOn: string; label: string }>();
}
