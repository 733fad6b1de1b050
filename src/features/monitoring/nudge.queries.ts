/** The manual reminder's reads: the obligation with its organisation and period, today's marker. */
import { eq } from "drizzle-orm";
import { orm } from "../../db/client";
import { withOrganisation, withPeriodAndSchedule } from "../../db/joins";
import { OBLIGATION_DEADLINE } from "../../db/obligation-fields";
import { notifications, obligations, organisations, periods, reportingSchedules } from "../../db/schema";

export async function obligationToNudge(db: D1Database, obligationId: string) {
  const query = orm(db)
    .select({
      ...OBLIGATION_DEADLINE,
      organisationId: obligations.organisationId,
      organisationName: organisations.name,
      organisationPath: organisations.path,
      periodLabel: periods.label,
      scheduleName: reportingSchedules.name,
    })
    .from(obligations)
    .$dynamic();
  const [row] = await withPeriodAndSchedule(withOrganisation(query)).where(eq(obligations.id, obligationId));
  return row ?? null;
}

/** The ledger already holds this key (today's nudge marker). */
export async function ledgerHas(db: D1Database, idempotencyKey: string): Promise<boolean> {
  const [row] = await orm(db)
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.idempotencyKey, idempotencyKey))
    .limit(1);
  return row !== undefined;
}
