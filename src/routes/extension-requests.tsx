/**
 * Extension requests: the reporting organisation asks (`report.draft` on it: its reporter or
 * secretary), those who may extend its deadline decide (`obligation.extend`, the same right as
 * extending directly). Pages for people, JSON under /api.
 */
import { type Context, Hono } from "hono";
import * as z from "zod";
import type { OrgRef } from "../auth/guard";
import { orgOfRow, requirePolicy } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can, reviewAuthority } from "../auth/policy";
import { csrfTokenFor } from "../auth/web";
import { formatDateTimeVi, formatDateVi } from "../domain/time";
import { sendNotifications } from "../email/ledger";
import { type Actor, EXTENSION_STATUS_LABELS as STATUS_LABELS } from "../features/reporting";
import type { AppEnv } from "../http/context";
import { deferFor } from "../http/defer";
import { AppError, notFound } from "../platform/errors";
import {
  decideExtension,
  type ExtensionRequestRow,
  extensionRequestsOf,
  loadExtensionRequest,
  requestExtension,
} from "../services/extension-requests";
import { blankToUndefined, parseWith, readBody } from "../services/http-input";
import { Breadcrumbs, formErrorPage } from "../services/page-bits";

export const extensionRequestRoutes = new Hono<AppEnv>();

const obligationOrg = orgOfRow("obligations", "id");

const requestOrg = async (c: Context<AppEnv>): Promise<OrgRef | null> =>
  c.env.DB.prepare(
    `select o.id, o.path from extension_requests r join obligations ob on ob.id = r.obligation_id
     join organisations o on o.id = ob.organisation_id where r.id = ?`,
  )
    .bind(c.req.param("id") ?? "")
    .first<OrgRef>();

/**
 * Who decides: the same authority as for extending directly, the schedule's reviewer (its
 * Commission staff and leaders) or an administrator (`reviewAuthority`).
 */
async function mayDecide(c: Context<AppEnv>): Promise<boolean> {
  const row = await c.env.DB.prepare(
    `select o.path, s.reviewer_organisation_id as reviewerId from extension_requests r
     join obligations ob on ob.id = r.obligation_id join organisations o on o.id = ob.organisation_id
     join periods p on p.id = ob.period_id join reporting_schedules s on s.id = p.schedule_id where r.id = ?`,
  )
    .bind(c.req.param("id") ?? "")
    .first<{ path: string; reviewerId: string }>();
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

export const extensionRequestSchema = z.object({
  requestedDueOn: z.string({ error: "Vui lòng chọn hạn đề nghị" }).max(10),
  reason: z.string({ error: "Vui lòng nêu lý do" }).max(2000, "Lý do quá dài"),
});
export const extensionDecisionSchema = z.object({
  decision: z.enum(["grant", "refuse"], { error: "Chọn chấp thuận hoặc không chấp thuận" }),
  grantedDueOn: z.string().max(10).optional(),
  note: z.string().max(2000, "Ý kiến quá dài").optional(),
});

function actorOf(c: Context<AppEnv>): Actor {
  const p = c.var.principal;
  return { personId: p?.personId ?? null, kind: p?.kind === "token" ? "token" : "person" };
}

async function ask(c: Context<AppEnv>, data: Record<string, unknown>) {
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

extensionRequestRoutes.post(
  "/api/obligations/:id/extension-requests",
  requirePolicy("report.draft", obligationOrg),
  async (c) => {
    const { data } = await readBody(c);
    const id = await ask(c, data);
    return c.json({ request: await loadExtensionRequest(c.env.DB, id) }, 201);
  },
);

extensionRequestRoutes.get(
  "/api/obligations/:id/extension-requests",
  requirePolicy("report.read", obligationOrg),
  async (c) => c.json({ requests: await extensionRequestsOf(c.env.DB, c.req.param("id")) }),
);

extensionRequestRoutes.post(
  "/bao-cao/:id/xin-gia-han",
  requirePolicy("report.draft", obligationOrg),
  async (c) => {
    const id = c.req.param("id");
    try {
      const { data } = await readBody(c);
      await ask(c, blankToUndefined(data));
      return c.redirect(`/bao-cao/${id}?da-xin-gia-han=1`, 303);
    } catch (err) {
      return formErrorPage(c, err, `/bao-cao/${id}`);
    }
  },
);

async function decide(c: Context<AppEnv>, data: Record<string, unknown>): Promise<ExtensionRequestRow> {
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

extensionRequestRoutes.post(
  "/api/extension-requests/:id/decision",
  requirePolicy("obligation.extend", requestOrg),
  async (c) => {
    const { data } = await readBody(c);
    return c.json({ request: await decide(c, data) });
  },
);

extensionRequestRoutes.post(
  "/de-nghi-gia-han/:id/quyet-dinh",
  requirePolicy("obligation.extend", requestOrg),
  async (c) => {
    const id = c.req.param("id");
    try {
      const { data } = await readBody(c);
      await decide(c, blankToUndefined(data));
      return c.redirect(`/de-nghi-gia-han/${id}`, 303);
    } catch (err) {
      return formErrorPage(c, err, `/de-nghi-gia-han/${id}`);
    }
  },
);

extensionRequestRoutes.get("/de-nghi-gia-han/:id", requirePolicy("report.read", requestOrg), async (c) => {
  const request = await loadExtensionRequest(c.env.DB, c.req.param("id"));
  if (!request) throw notFound("Không tìm thấy đề nghị gia hạn");
  const org = await requestOrg(c);
  const duty = await c.env.DB.prepare(
    `select o.name, ob.effective_due_on as dueOn, p.label from obligations ob join organisations o on o.id = ob.organisation_id
     join periods p on p.id = ob.period_id where ob.id = ?`,
  )
    .bind(request.obligationId)
    .first<{ name: string; dueOn: string; label: string }>();
  const decides =
    request.status === "pending" &&
    org !== null &&
    can(c.var.principal, "obligation.extend", org.path) &&
    (await mayDecide(c));
  return renderPage(
    c,
    "Đề nghị gia hạn",
    <>
      <Breadcrumbs
        items={[{ href: `/bao-cao/${request.obligationId}`, label: "Báo cáo" }, { label: "Đề nghị gia hạn" }]}
      />
      <h1>Đề nghị gia hạn nộp báo cáo</h1>
      <dl>
        <dt>Tổ chức</dt>
        <dd>
          {duty?.name} · kỳ {duty?.label}
        </dd>
        <dt>Hạn hiện tại</dt>
        <dd>{duty ? formatDateVi(duty.dueOn) : ""}</dd>
        <dt>Hạn đề nghị</dt>
        <dd>{formatDateVi(request.requestedDueOn)}</dd>
        <dt>Lý do</dt>
        <dd>{request.reason}</dd>
        <dt>Người đề nghị</dt>
        <dd>
          {request.requesterName ? `Đồng chí ${request.requesterName}` : "—"}, lúc{" "}
          {formatDateTimeVi(request.createdAt)}
        </dd>
        <dt>Trạng thái</dt>
        <dd>
          <strong>{STATUS_LABELS[request.status]}</strong>
          {request.grantedDueOn ? `, hạn mới ${formatDateVi(request.grantedDueOn)}` : ""}
          {request.decisionNote ? `. Ý kiến: ${request.decisionNote}` : ""}
          {request.deciderName ? ` (đồng chí ${request.deciderName})` : ""}
        </dd>
      </dl>
      {decides ? (
        <section class="card noprint" aria-labelledby="decide-h">
          <h2 id="decide-h">Quyết định</h2>
          <form method="post" action={`/de-nghi-gia-han/${request.id}/quyet-dinh`}>
            <CsrfField token={await csrfTokenFor(c)} />
            <label for="granted">Hạn mới (mặc định theo đề nghị)</label>
            <input id="granted" name="grantedDueOn" type="date" value={request.requestedDueOn} />
            <label for="note">Ý kiến (bắt buộc khi không chấp thuận)</label>
            <textarea id="note" name="note" rows={3} />
            <p>
              <button type="submit" name="decision" value="grant">
                Chấp thuận gia hạn
              </button>{" "}
              <button type="submit" name="decision" value="refuse" class="secondary">
                Không chấp thuận
              </button>
            </p>
          </form>
        </section>
      ) : null}
    </>,
  );
});
