/**
 * Request helpers shared by the monitoring and consolidated pages: the D1 read session and its
 * bookmark, the working calendar read once per request, and `?org=&period=` resolved and
 * authorised.
 */
import type { Context } from "hono";
import { authorize } from "../../auth/guard";
import { loadCalendar } from "../../db/calendar";
import type { WorkingCalendar } from "../../domain/calendar";
import { lastPassedDueOn } from "../../domain/deadline";
import { localDate } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { forbidden, notFound, validationError } from "../../platform/errors";
import { type SelectionQuery, selectionQuery } from "./monitoring.schemas";
import { defaultOrgId } from "./monitoring.service";
import {
  defaultPeriod,
  loadOrgInfo,
  loadPeriod,
  type OrgInfo,
  type PeriodInfo,
  type ReadDb,
} from "./selection.queries";

/** A D1 read session when the runtime supports it, else the database itself. */
export function readSession(c: Context<AppEnv>): { db: ReadDb; bookmark: () => string | null } {
  const d1 = c.env.DB;
  if (typeof d1.withSession === "function") {
    try {
      const requested = c.req.header("x-d1-bookmark");
      const session = d1.withSession(requested && requested.length < 200 ? requested : "first-unconstrained");
      return { db: session, bookmark: () => session.getBookmark() };
    } catch {
      // Older local runtimes: fall back to the primary.
    }
  }
  return { db: d1, bookmark: () => null };
}

export function setBookmark(c: Context<AppEnv>, bookmark: string | null): void {
  if (bookmark) c.header("x-d1-bookmark", bookmark);
}

const calendarsByRequest = new WeakMap<Context<AppEnv>, Promise<WorkingCalendar>>();

/**
 * The working calendar, read once per request through the request's read session: the default
 * period, the late list and the tabs of one dashboard view all need it.
 */
export function calendarFor(c: Context<AppEnv>, db: ReadDb): Promise<WorkingCalendar> {
  let calendar = calendarsByRequest.get(c);
  if (!calendar) {
    calendar = loadCalendar(db);
    calendarsByRequest.set(c, calendar);
  }
  return calendar;
}

/** Resolves and authorises `?org=&period=` for the monitoring pages (404 unknown, 403 out of scope). */
export async function resolveSelection(
  c: Context<AppEnv>,
  db: ReadDb,
  action: "dashboard.read" | "export.read",
): Promise<{ org: OrgInfo; period: PeriodInfo | null; q: SelectionQuery }> {
  const parsed = selectionQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  const q = parsed.data;
  const orgId = q.org || (await defaultOrgId(db, c.var.principal));
  if (!orgId) throw forbidden();
  const org = await loadOrgInfo(db, orgId);
  authorize(c, action, org);
  let period: PeriodInfo | null;
  if (q.period) {
    period = await loadPeriod(db, q.period);
    if (!period) throw notFound("Không tìm thấy kỳ báo cáo");
  } else {
    period = await defaultPeriod(db, lastPassedDueOn(localDate(c.var.now), await calendarFor(c, db)));
  }
  return { org: org!, period, q };
}
