/** Request helpers shared by the review feature's API and pages. */
import type { Context, MiddlewareHandler } from "hono";
import { actorOf } from "../../auth/actor";
import { can, type ReviewAuthority, reviewAuthority } from "../../auth/policy";
import { sendNotifications } from "../../email/ledger";
import type { AppEnv, AppVariables } from "../../http/context";
import { deferFor } from "../../http/defer";
import { AppError, forbidden, notFound } from "../../platform/errors";
import { loadObligationView, type ObligationView } from "./review.queries";
import type { ReviewRequest } from "./review.schemas";
import { decideReview, decidingBodyName, remarkingBody } from "./review.service";

export async function viewOr404<E extends AppEnv>(c: Context<E>): Promise<ObligationView> {
  const view = await loadObligationView(c.env.DB, c.req.param("id") ?? "");
  if (!view) throw notFound("Không tìm thấy báo cáo");
  return view;
}

export interface ReviewAccess {
  view: ObligationView;
  authority: ReviewAuthority;
}

/**
 * Loads the obligation and checks the principal's review authority over it (the schedule's
 * reviewer decides; see `reviewAuthority`), recording the check for the guard. Someone who may
 * read the report is told which body decides; anyone else learns nothing more than "forbidden".
 */
export async function authorizedView(
  c: Context<AppEnv>,
  need: "decide" | "comment",
  action: "report.review" | "obligation.extend",
): Promise<ReviewAccess> {
  const view = await viewOr404(c);
  const authority = reviewAuthority(c.var.principal, view);
  const ok = need === "decide" ? authority.kind === "decide" : authority.kind !== "none";
  if (!ok) {
    if (!can(c.var.principal, "report.read", view.organisationPath)) throw forbidden();
    throw new AppError(
      "forbidden",
      "not_reviewer",
      need === "decide"
        ? `Chỉ ${view.reviewerOrganisationName} (cơ quan xem xét theo lịch báo cáo) mới được tiếp nhận, trả lại, mở lại hoặc gia hạn báo cáo này`
        : `Báo cáo này do ${view.reviewerOrganisationName} xem xét; đồng chí không có quyền xem xét hay góp ý`,
    );
  }
  c.set("authorized", [...(c.var.authorized ?? []), action]);
  return { view, authority };
}

/** A context with the reviewer access (`ReviewEnv`) as the shared helpers' `Context<AppEnv>`. */
export function plain<E extends AppEnv>(c: Context<E>): Context<AppEnv> {
  return c as unknown as Context<AppEnv>;
}

export interface ReviewEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppVariables & { review: ReviewAccess };
}

/**
 * `authorizedView` as a route's middleware (after its policy, before its body is read, so a
 * refusal comes before any complaint about the body); the handler finds it in `c.var.review`.
 * `remark`: the commenting body is checked too (an administrator has none).
 */
export function reviewerAccess(
  need: "decide" | "comment",
  action: "report.review" | "obligation.extend",
  remark = false,
): MiddlewareHandler<ReviewEnv> {
  return async (c, next) => {
    const access = await authorizedView(plain(c), need, action);
    if (remark) remarkingBody(access.authority);
    c.set("review", access);
    await next();
  };
}

/** Records a decision with its notices (one batch); they are sent after the response. */
export async function decideAndNotify<E extends AppEnv>(
  c: Context<E>,
  access: ReviewAccess,
  req: ReviewRequest,
) {
  const { view, authority } = access;
  const now = c.var.now;
  const config = c.var.config;
  const decision = await decideReview(c.env.DB, {
    view,
    authority,
    req,
    actor: actorOf(c),
    notice: {
      decidedBy: decidingBodyName(view, authority),
      reviewerName: c.var.principal?.fullName ?? null,
      appUrl: config.appUrl,
    },
    now,
  });
  const ids = decision.notificationIds;
  // Sent after the response, in one provider batch. A failed send stays pending and the
  // engine's sender retries it.
  if (ids.length > 0) deferFor(plain(c))(sendNotifications(c.env, config, ids, now));
  return {
    obligationId: decision.obligationId,
    status: decision.status,
    revision: decision.revision,
    decisionId: decision.decisionId,
    notified: decision.notified,
  };
}
