/** Extension requests on D1: reading them, the obligation they concern, recording and claiming a decision. */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { alias, type SQLiteSelect } from "drizzle-orm/sqlite-core";
import { auditStatement } from "../../audit";
import type { OrgRef } from "../../auth/guard";
import { columnsOf, orm, statementOf } from "../../db/client";
import { withOrganisation, withPeriodAndSchedule } from "../../db/joins";
import {
  extensionRequests,
  memberships,
  obligations,
  organisations,
  people,
  periods,
  reportingSchedules,
} from "../../db/schema";
import type { Actor } from "./reporting.types";

const requester = alias(people, "rp");
const decider = alias(people, "dp");

function selectRequests(db: D1Database) {
  return orm(db)
    .select({
      ...columnsOf(extensionRequests, "id", "obligationId", "requestedBy"),
      requesterName: requester.fullName,
      ...columnsOf(extensionRequests, "requestedDueOn", "reason", "status", "decidedBy"),
      deciderName: decider.fullName,
      ...columnsOf(extensionRequests, "decidedAt", "grantedDueOn", "decisionNote", "createdAt"),
    })
    .from(extensionRequests)
    .leftJoin(requester, eq(requester.id, extensionRequests.requestedBy))
    .leftJoin(decider, eq(decider.id, extensionRequests.decidedBy));
}

export type ExtensionRequestRow = Awaited<ReturnType<typeof selectRequests>>[number];

export async function loadExtensionRequest(db: D1Database, id: string): Promise<ExtensionRequestRow | null> {
  const [row] = await selectRequests(db).where(eq(extensionRequests.id, id));
  return row ?? null;
}

export async function extensionRequestsOf(
  db: D1Database,
  obligationId: string,
): Promise<ExtensionRequestRow[]> {
  return selectRequests(db)
    .where(eq(extensionRequests.obligationId, obligationId))
    .orderBy(desc(extensionRequests.createdAt))
    .limit(50);
}

export async function dutyOf(db: D1Database, obligationId: string) {
  const query = orm(db)
    .select({
      obligationId: obligations.id,
      organisationId: obligations.organisationId,
      organisationName: organisations.name,
      reviewerOrganisationId: reportingSchedules.reviewerOrganisationId,
      scheduleName: reportingSchedules.name,
      periodLabel: periods.label,
      ...columnsOf(obligations, "status", "effectiveDueOn"),
    })
    .from(obligations)
    .$dynamic();
  const [row] = await withPeriodAndSchedule(withOrganisation(query)).where(eq(obligations.id, obligationId));
  return row ?? null;
}

export type Duty = NonNullable<Awaited<ReturnType<typeof dutyOf>>>;

/** Someone to write to. */
export type Person = Pick<typeof people.$inferSelect, "id" | "email" | "fullName">;

const PERSON_FIELDS = { id: people.id, email: people.email, fullName: people.fullName };

/** The request and its audit event, in one batch (a second open request breaks the unique index). */
export async function insertExtensionRequest(
  db: D1Database,
  input: { id: string; duty: Duty; actor: Actor; requestedDueOn: string; reason: string; now: number },
): Promise<void> {
  const { id, duty, actor, requestedDueOn, reason, now } = input;
  await db.batch([
    statementOf(
      db,
      orm(db).insert(extensionRequests).values({
        id,
        obligationId: duty.obligationId,
        requestedBy: actor.personId,
        requestedDueOn,
        reason,
        status: "pending",
        createdAt: now,
      }),
    ),
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
  return orm(db)
    .selectDistinct(PERSON_FIELDS)
    .from(people)
    .innerJoin(memberships, eq(memberships.personId, people.id))
    .where(
      and(
        eq(memberships.organisationId, reviewerOrganisationId),
        inArray(memberships.role, ["commission_staff", "commission_leader"]),
        isNull(people.disabledAt),
      ),
    );
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
    statementOf(
      db,
      orm(db)
        .update(extensionRequests)
        .set({ status, decidedBy: actor.personId, decidedAt: now, grantedDueOn, decisionNote: note })
        .where(and(eq(extensionRequests.id, request.id), eq(extensionRequests.status, "pending"))),
    ),
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
  await orm(db)
    .update(extensionRequests)
    .set({ status: "pending", decidedBy: null, decidedAt: null, grantedDueOn: null, decisionNote: null })
    .where(eq(extensionRequests.id, requestId));
}

/** A request's obligation and its organisation. For a `$dynamic()` select from `extensionRequests`. */
function withObligationAndOrganisation<T extends SQLiteSelect>(query: T) {
  return withOrganisation(query.innerJoin(obligations, eq(obligations.id, extensionRequests.obligationId)));
}

/** The organisation a request concerns. */
export async function requestOrgOf(db: D1Database, requestId: string): Promise<OrgRef | null> {
  const query = orm(db)
    .select(columnsOf(organisations, "id", "path"))
    .from(extensionRequests)
    .$dynamic();
  const [row] = await withObligationAndOrganisation(query).where(eq(extensionRequests.id, requestId));
  return row ?? null;
}

/** The organisation's path and the schedule's reviewer, to decide who decides a request. */
export async function requestReviewerOf(
  db: D1Database,
  requestId: string,
): Promise<{ path: string; reviewerId: string } | null> {
  const query = orm(db)
    .select({ path: organisations.path, reviewerId: reportingSchedules.reviewerOrganisationId })
    .from(extensionRequests)
    .$dynamic();
  const [row] = await withPeriodAndSchedule(withObligationAndOrganisation(query)).where(
    eq(extensionRequests.id, requestId),
  );
  return row ?? null;
}

/** What the request page shows of the obligation: the organisation, its deadline, the period. */
export async function requestDutyOf(
  db: D1Database,
  obligationId: string,
): Promise<{ name: string; dueOn: string; label: string } | null> {
  const query = orm(db)
    .select({ name: organisations.name, dueOn: obligations.effectiveDueOn, label: periods.label })
    .from(obligations)
    .$dynamic();
  const [row] = await withOrganisation(query)
    .innerJoin(periods, eq(periods.id, obligations.periodId))
    .where(eq(obligations.id, obligationId));
  return row ?? null;
}
