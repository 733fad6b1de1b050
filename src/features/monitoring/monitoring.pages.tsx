/**
 * Compliance monitoring (giám sát): headline figures, drill-down by child organisation, a heat
 * map of organisations × periods, the late and missing list with a "Nhắc" button, indicator
 * progress against the targets, and CSV exports of every table. Read-heavy: the queries run on
 * a D1 read session (Sessions API) when the runtime has one, and the bookmark goes back in
 * `x-d1-bookmark` so a client can read its own writes from a replica.
 */
import { Hono } from "hono";
import { orgOfRow, requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { can, isAdmin } from "../../auth/policy";
import { clientIp, csrfTokenFor } from "../../auth/web";
import { isOnTime } from "../../domain/deadline";
import type { AppEnv } from "../../http/context";
import { notFound, validationError } from "../../platform/errors";
import { calendarFor, readSession, resolveSelection, setBookmark } from "./monitoring.http";
import { nudgeParams } from "./monitoring.schemas";
import {
  dashboardCsv,
  dashboardJson,
  dashboardSurroundings,
  exportTableOf,
  loadDashboard,
  nudgeBackQuery,
  nudgeMessage,
} from "./monitoring.service";
import { DashboardPageView } from "./monitoring.views";
import { nudgeObligation } from "./nudge.service";

export const monitoringPages = new Hono<AppEnv>();

monitoringPages.get("/giam-sat", requirePolicy("dashboard.read", "in-handler"), async (c) => {
  const { db, bookmark } = readSession(c);
  const { org, period, q } = await resolveSelection(c, db, "dashboard.read");
  if (!period) {
    setBookmark(c, bookmark());
    return renderPage(c, "Giám sát báo cáo", <p>Chưa có kỳ báo cáo nào.</p>);
  }
  const now = c.var.now;
  const data = await loadDashboard(db, org, period, now, await calendarFor(c, db));
  setBookmark(c, bookmark());
  if (q.format === "json") return c.json(dashboardJson(data));
  const principal = c.var.principal;
  const around = await dashboardSurroundings(db, org, principal, now, await calendarFor(c, db));
  return renderPage(
    c,
    `Giám sát – ${org.name}`,
    <DashboardPageView
      org={org}
      period={period}
      q={q}
      data={data}
      around={around}
      // Before its deadline (the effective one: a day off moves it) nothing is late.
      notDue={isOnTime(data.periodDeadline, now)}
      now={now}
      csrf={await csrfTokenFor(c)}
      isAdmin={isAdmin(principal)}
      mayExport={can(principal, "export.read", org.path)}
      mayNudge={can(principal, "obligation.nudge", org.path)}
      mayRead={(path) => can(principal, "dashboard.read", path)}
    />,
  );
});

monitoringPages.post(
  "/giam-sat/nhac/:obligationId",
  requirePolicy("obligation.nudge", orgOfRow("obligations", "obligationId")),
  async (c) => {
    const parsed = nudgeParams.safeParse(c.req.param());
    if (!parsed.success) throw validationError(parsed.error);
    const { obligationId } = parsed.data;
    const result = await nudgeObligation(c.env, c.var.config, {
      obligationId,
      actorPersonId: c.var.principal!.personId,
      actorKind: c.var.principal!.kind,
      now: c.var.now,
      ip: clientIp(c),
    });
    const isForm = (c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
    if (isForm) {
      const from = { period: c.req.query("period"), org: c.req.query("org") };
      const back = nudgeBackQuery(result, c.var.now, obligationId, from);
      return c.redirect(`/giam-sat?${back}#late-${obligationId}`, 303);
    }
    return c.json({ ...result, message: nudgeMessage(result, c.var.now) }, result.sent ? 201 : 200);
  },
);

monitoringPages.get("/giam-sat/xuat/:file", requirePolicy("export.read", "in-handler"), async (c) => {
  const table = exportTableOf(c.req.param("file"));
  const { db, bookmark } = readSession(c);
  const { org, period } = await resolveSelection(c, db, "export.read");
  if (!period) throw notFound("Không tìm thấy kỳ báo cáo");
  const data = await loadDashboard(db, org, period, c.var.now, await calendarFor(c, db));
  setBookmark(c, bookmark());
  const name = `giam-sat-${table}-${org.id}-${period.key}.csv`;
  return c.body(dashboardCsv(table, data), 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${name}"`,
  });
});
