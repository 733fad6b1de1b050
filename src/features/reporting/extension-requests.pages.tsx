/** The extension-request pages: asking from the report page, the request and its decision. */
import { requirePolicy } from "../../auth/guard";
import { CsrfField, renderPage } from "../../auth/page";
import { can } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import { formatDateTimeVi, formatDateVi } from "../../domain/time";
import { Breadcrumbs, redirectOrErrors } from "../../pages/page-bits";
import { notFound } from "../../platform/errors";
import { blankToUndefined, readBody } from "../../platform/http-input";
import { createApi } from "../../platform/openapi";
import { ask, decide, mayDecide, requestOrg } from "./extension-requests.http";
import { loadExtensionRequest, requestDutyOf } from "./extension-requests.queries";
import { EXTENSION_STATUS_LABELS as STATUS_LABELS } from "./extension-requests.views";
import { obligationOrg } from "./reporting.http";

export const extensionRequestPages = createApi();

extensionRequestPages.post("/bao-cao/:id/xin-gia-han", requirePolicy("report.draft", obligationOrg), (c) => {
  const id = c.req.param("id");
  return redirectOrErrors(c, `/bao-cao/${id}`, async () => {
    const { data } = await readBody(c);
    await ask(c, blankToUndefined(data));
    return `/bao-cao/${id}?da-xin-gia-han=1`;
  });
});

extensionRequestPages.post(
  "/de-nghi-gia-han/:id/quyet-dinh",
  requirePolicy("obligation.extend", requestOrg),
  (c) => {
    const id = c.req.param("id");
    return redirectOrErrors(c, `/de-nghi-gia-han/${id}`, async () => {
      const { data } = await readBody(c);
      await decide(c, blankToUndefined(data));
      return `/de-nghi-gia-han/${id}`;
    });
  },
);

extensionRequestPages.get("/de-nghi-gia-han/:id", requirePolicy("report.read", requestOrg), async (c) => {
  const request = await loadExtensionRequest(c.env.DB, c.req.param("id"));
  if (!request) throw notFound("Không tìm thấy đề nghị gia hạn");
  const org = await requestOrg(c);
  const duty = await requestDutyOf(c.env.DB, request.obligationId);
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
