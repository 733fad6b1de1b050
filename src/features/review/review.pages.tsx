/**
 * The review feature's pages: the queue (/duyet, also JSON for `Accept: application/json`), the
 * review page with its forms (accept, return with comments per item, reopen, remark, extend),
 * and every submitted version with its diff against the previous one (form → service → redirect).
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { actorOf } from "../../auth/actor";
import { orgOfRow, requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { COMMISSION_ROLES, isAdmin, reviewAuthority } from "../../auth/policy";
import { clientIp, csrfTokenFor } from "../../auth/web";
import { loadCalendar } from "../../db/calendar";
import { localDate } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { AppError, notFound } from "../../platform/errors";
import { parseWith } from "../../platform/http-input";
import { extensionRequestsOf } from "../reporting";
import { authorizedView, decideAndNotify, viewOr404 } from "./review.http";
import { QueuePageView, VersionPageView, VersionsPageView } from "./review.list-views";
import {
  loadAttachments,
  loadDecisions,
  loadExtensions,
  loadQueue,
  loadRemarks,
  loadVersions,
  type ObligationView,
  type QueueRow,
} from "./review.queries";
import {
  extensionSchema,
  queueQuery,
  type ReviewRequest,
  remarkSchema,
  reviewSchema,
} from "./review.schemas";
import { addRemark, extendReport, remarkingBody } from "./review.service";
import { type PageState, ReviewPageView } from "./review.views";

export const reviewPages = new Hono<AppEnv>();

async function reviewPage(
  c: Context<AppEnv>,
  view: ObligationView,
  state: PageState = {},
  status: 200 | 422 = 200,
) {
  const db = c.env.DB;
  const [versions, decisions, extensions, attachments, remarks, calendar] = await Promise.all([
    loadVersions(db, view.id),
    loadDecisions(db, view.id),
    loadExtensions(db, view.id),
    loadAttachments(db, view.id),
    loadRemarks(db, view.id),
    loadCalendar(db),
  ]);
  const authority = reviewAuthority(c.var.principal, view);
  const csrf = await csrfTokenFor(c);
  const extensionRequests = await extensionRequestsOf(db, view.id);
  return renderPage(
    c,
    `Xem xét báo cáo: ${view.organisationName}`,
    <ReviewPageView
      view={view}
      versions={versions}
      decisions={decisions}
      extensions={extensions}
      attachments={attachments}
      remarks={remarks}
      extensionRequests={extensionRequests}
      authority={authority}
      csrf={csrf}
      state={state}
      done={c.req.query("da") ?? ""}
      today={localDate(c.var.now)}
      calendar={calendar}
    />,
    status,
  );
}

// ---------------------------------------------------------------------------------------------
// Decisions, extensions, remarks (forms)

/** Form fields `comment_<itemKey>` become per-item comments. */
function formComments(body: Record<string, unknown>): { general?: string; sections: Record<string, string> } {
  const sections: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith("comment_") && typeof value === "string") sections[name.slice(8)] = value;
  }
  return { general: typeof body.general === "string" ? body.general : undefined, sections };
}

async function pageDecision(c: Context<AppEnv>, decision: ReviewRequest["decision"]) {
  const access = await authorizedView(c, "decide", "report.review");
  const { view } = access;
  const body = await c.req.parseBody();
  const raw =
    decision === "reopened"
      ? { decision, reason: typeof body.reason === "string" ? body.reason : "" }
      : decision === "accepted"
        ? { decision, comments: { general: typeof body.general === "string" ? body.general : undefined } }
        : { decision, comments: formComments(body) };
  try {
    await decideAndNotify(c, access, parseWith(reviewSchema, raw));
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid") {
      return reviewPage(c, view, { errors: e.fields, form: decision, values: body }, 422);
    }
    throw e;
  }
  const done = { accepted: "tiep-nhan", returned: "tra-lai", reopened: "mo-lai" }[decision];
  return c.redirect(`/duyet/${encodeURIComponent(view.id)}?da=${done}`, 303);
}

reviewPages.post("/duyet/:id/tiep-nhan", requirePolicy("report.review", "in-handler"), (c) =>
  pageDecision(c, "accepted"),
);
reviewPages.post("/duyet/:id/tra-lai", requirePolicy("report.review", "in-handler"), (c) =>
  pageDecision(c, "returned"),
);
reviewPages.post("/duyet/:id/mo-lai", requirePolicy("report.review", "in-handler"), (c) =>
  pageDecision(c, "reopened"),
);

reviewPages.post("/bao-cao/:id/gia-han", requirePolicy("obligation.extend", "in-handler"), async (c) => {
  const { view } = await authorizedView(c, "decide", "obligation.extend");
  const body = await c.req.parseBody();
  try {
    const input = parseWith(extensionSchema, {
      newDueOn: typeof body.newDueOn === "string" ? body.newDueOn : "",
      reason: typeof body.reason === "string" ? body.reason : "",
    });
    await extendReport(c.env.DB, view, input, actorOf(c), c.var.now);
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid") {
      return reviewPage(c, view, { errors: e.fields, form: "extension", values: body }, 422);
    }
    throw e;
  }
  return c.redirect(`/duyet/${encodeURIComponent(view.id)}?da=gia-han`, 303);
});

reviewPages.post("/duyet/:id/y-kien", requirePolicy("report.review", "in-handler"), async (c) => {
  const { view, authority } = await authorizedView(c, "comment", "report.review");
  const body = await c.req.parseBody();
  try {
    remarkingBody(authority);
    const remark = parseWith(remarkSchema, { body: typeof body.remark === "string" ? body.remark : "" });
    await addRemark(c.env.DB, {
      view,
      authority,
      body: remark.body,
      actor: actorOf(c),
      now: c.var.now,
      ip: clientIp(c),
    });
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid") {
      return reviewPage(c, view, { errors: e.fields, form: "remark", values: body }, 422);
    }
    throw e;
  }
  return c.redirect(`/duyet/${encodeURIComponent(view.id)}?da=y-kien#y-kien`, 303);
});

// ---------------------------------------------------------------------------------------------
// Queue and review page

reviewPages.get("/duyet", requirePolicy("report.review", "in-handler"), async (c) => {
  const principal = c.var.principal!;
  if (!isAdmin(principal) && !principal.grants.some((g) => COMMISSION_ROLES.has(g.role))) {
    throw new AppError("forbidden", "forbidden", "Đồng chí không có quyền xem xét báo cáo");
  }
  // Listed in SQL by the same rule as `reviewAuthority`: the reports this person's Ban reviews,
  // and those it may comment on. That filter is the authorisation of this list.
  c.set("authorized", [...(c.var.authorized ?? []), "report.review"]);
  const q = queueQuery.safeParse(c.req.query());
  const filter = q.success ? q.data : {};
  const status = filter.trang_thai ?? "submitted";
  const { rows: results, periods } = await loadQueue(c.env.DB, principal, status, filter.ky);
  const authorityOf = (r: QueueRow) =>
    reviewAuthority(principal, {
      organisationPath: r.organisation_path,
      reviewerOrganisationId: r.reviewer_organisation_id,
      reviewerScopePath: r.reviewer_scope_path,
      lowerCommissionsMayComment: r.lower_commissions_may_comment === 1,
    }).kind;
  if (c.req.header("accept")?.includes("application/json")) {
    return c.json({
      status,
      items: results.map((r) => ({
        obligationId: r.id,
        status: r.status,
        organisationName: r.organisation_name,
        periodId: r.period_id,
        periodLabel: r.period_label,
        scheduleName: r.schedule_name,
        submittedAt: r.last_submitted_at,
        onTime: r.version_on_time === null ? null : r.version_on_time === 1,
        versionNo: r.version_no,
        /** "decide": this person's Ban reviews it; "comment": it may only add remarks. */
        authority: authorityOf(r),
      })),
    });
  }
  return renderPage(
    c,
    "Báo cáo chờ xem xét",
    <QueuePageView
      rows={results}
      periods={periods}
      ky={filter.ky}
      status={status}
      authorityOf={authorityOf}
      calendar={await loadCalendar(c.env.DB)}
    />,
  );
});

reviewPages.get("/duyet/:id", requirePolicy("report.review", "in-handler"), async (c) => {
  const { view } = await authorizedView(c, "comment", "report.review");
  return reviewPage(c, view);
});

// ---------------------------------------------------------------------------------------------
// Versions

reviewPages.get(
  "/bao-cao/:id/phien-ban",
  requirePolicy("report.read", orgOfRow("obligations", "id")),
  async (c) => {
    const view = await viewOr404(c);
    const [versions, decisions, calendar] = await Promise.all([
      loadVersions(c.env.DB, view.id),
      loadDecisions(c.env.DB, view.id),
      loadCalendar(c.env.DB),
    ]);
    return renderPage(
      c,
      `Các lần nộp: ${view.organisationName}`,
      <VersionsPageView view={view} versions={versions} decisions={decisions} calendar={calendar} />,
    );
  },
);

reviewPages.get(
  "/bao-cao/:id/phien-ban/:no",
  requirePolicy("report.read", orgOfRow("obligations", "id")),
  async (c) => {
    const view = await viewOr404(c);
    const no = Number(c.req.param("no"));
    const versions = await loadVersions(c.env.DB, view.id);
    const version = Number.isInteger(no) ? versions.find((v) => v.versionNo === no) : undefined;
    if (!version) throw notFound("Không tìm thấy lần nộp này");
    return renderPage(
      c,
      `Lần nộp ${no}: ${view.organisationName}`,
      <VersionPageView
        view={view}
        versions={versions}
        version={version}
        calendar={await loadCalendar(c.env.DB)}
      />,
    );
  },
);
