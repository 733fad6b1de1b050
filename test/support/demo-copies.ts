/**
 * Reports of a test's own on the demo data: a copy of a demo period (same schedule, dates and
 * form) with untouched copies of some of its obligations, so a case that submits, returns or
 * extends them neither sees nor leaves state for the file's other cases.
 */
import { env } from "cloudflare:test";
import { and, eq, inArray } from "drizzle-orm";
import { orm } from "../../src/db/client";
import { obligations, periods } from "../../src/db/schema";
import { anObligation, aPeriod } from "./builders";

/**
 * Copies demo period `demoPeriodId` as `id` (its key too), with a pending, never-submitted copy
 * of each named organisation's obligation (`o_<id>_<organisation>`); returns those obligations' ids.
 */
export async function copyOfDemoPeriod(
  demoPeriodId: string,
  id: string,
  organisationIds: readonly string[],
): Promise<string[]> {
  const db = orm(env.DB);
  const period = await db.select().from(periods).where(eq(periods.id, demoPeriodId)).get();
  if (!period) throw new Error(`no demo period ${demoPeriodId}`);
  const rows = await db
    .select()
    .from(obligations)
    .where(
      and(eq(obligations.periodId, demoPeriodId), inArray(obligations.organisationId, [...organisationIds])),
    )
    .all();
  const copies = rows.map((ob) =>
    anObligation({
      ...ob,
      id: `o_${id}_${ob.organisationId}`,
      periodId: id,
      status: "pending",
      currentVersionId: null,
      firstSubmittedAt: null,
      lastSubmittedAt: null,
      onTime: null,
      acceptedAt: null,
      returnedAt: null,
      revision: 1,
    }),
  );
  await env.DB.batch([aPeriod({ ...period, id, key: id, obligationCount: rows.length }), ...copies]);
  return organisationIds.map((org) => `o_${id}_${org}`);
}
