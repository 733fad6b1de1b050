/** Request helpers shared by the extension-request API and pages: who decides, asking, deciding. */
import type { Context } from "hono";
import type { OrgRef } from "../../auth/guard";
import { reviewAuthority } from "../../auth/policy";
import { sendNotifications } from "../../email/ledger";
import type { AppEnv } from "../../http/context";
import { deferFor } from "../../http/defer";
import { AppError, notFound } from "../../platform/errors";
import { parseWith } from "../../platform/http-input";
import {
  type ExtensionRequestRow,
  loadExtensionRequest,
  requestOrgOf,
  requestReviewerOf,
} from "./extension-requests.queries";
import { extensionDecisionSchema, extensionRequestSchema } from "./extension-requests.schemas";
import { decideExtension, requestExtension } from "./extension-requests.service";
import { actorOf } from "./reporting.http";

export const requestOrg = async (c: Context<AppEnv>): Promise<OrgRef | null> =>
  requestOrgOf(c.env.DB, c.req.param("id") ?? "");

/**
 * Who decides: the same authority as for extending directly, the schedule's reviewer (its
 * Commission staff and leaders) or an administrator (`reviewAuthority`).
 */
export async function mayDecide(c: Context<AppEnv>): Promise<boolean> {
  const row = await requestReviewerOf(c.env.DB, c.req.param("id") ?? "");
  if (!row) return false;
  return (
    reviewAuthority(c.var.principal, {
      organisationPath: row.path,
      reviewerOrganisationId: row.reviewerId,
      reviewerScopePath: "",
      lowerCommissionsMayComment: false,
    }).kind === "decide"
  );
}

export async function ask(c: Context<AppEnv>, data: Record<string, unknown>) {
  const input = parseWith(extensionRequestSchema, data);
  const result = await requestExtension(c.env.DB, {
    obligationId: c.req.param("id") ?? "",
    requestedDueOn: input.requestedDueOn,
    reason: input.reason,
    actor: actorOf(c),
    appUrl: c.var.config.appUrl,
    now: c.var.now,
  });
  deferFor(c)(sendNotifications(c.env, c.var.config, result.notificationIds, c.var.now));
  return result.id;
}

export async function decide(
  c: Context<AppEnv>,
  data: Record<string, unknown>,
): Promise<ExtensionRequestRow> {
  const request = await loadExtensionRequest(c.env.DB, c.req.param("id") ?? "");
  if (!request) throw notFound("Không tìm thấy đề nghị gia hạn");
  if (!(await mayDecide(c))) {
    throw new AppError(
      "forbidden",
      "not_reviewer",
      "Chỉ cơ quan xem xét theo lịch báo cáo mới được quyết định gia hạn báo cáo này",
    );
  }
  const input = parseWith(extensionDecisionSchema, data);
  const result = await decideExtension(c.env.DB, {
    request,
    decision: input.decision,
    grantedDueOn: input.grantedDueOn,
    note: input.note,
    actor: actorOf(c),
    appUrl: c.var.config.appUrl,
    now: c.var.now,
  });
  deferFor(c)(sendNotifications(c.env, c.var.config, result.notificationIds, c.var.now));
  return (await loadExtensionRequest(c.env.DB, request.id))!;
}
