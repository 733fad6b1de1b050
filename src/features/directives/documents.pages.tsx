/**
 * One registered document's page, and the forms correcting a wrong registration and withdrawing
 * one made by mistake. Correcting and withdrawing need `plan.edit` on the issuing organisation
 * (an outside body's document: an administrator).
 */
import { type Context, Hono } from "hono";
import type * as z from "zod";
import { requirePolicy, signedIn } from "../../auth/guard";
import { CsrfField, renderPage } from "../../auth/page";
import { can } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import { formatDateTimeVi, formatDateVi } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { Breadcrumbs, redirectOrErrors, Submit } from "../../pages/page-bits";
import { blankToUndefined, parseWith, readBody } from "../../platform/http-input";
import { actorOf, mustLoad, mustRead, orgOfDocument } from "./documents.http";
import { directiveCodeOf, historyOf, parentChoices, type StoredDocument } from "./documents.queries";
import { correctDocSchema, withdrawDocSchema } from "./documents.schemas";
import { type Actor, correctDocument, kindLabelOf, withdrawDocument } from "./documents.service";
import { ACTION_LABELS, DocumentKindFields, ParentDocumentField } from "./documents.views";

export const documentPages = new Hono<AppEnv>();

/** A form post changing document `:id`: its fields, checked by `schema`, applied by `change`; then to `done`. */
function changeDocument<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  change: (
    db: D1Database,
    current: StoredDocument,
    input: z.infer<S>,
    actor: Actor,
    now: number,
  ) => Promise<unknown>,
  done: string,
) {
  return redirectOrErrors(c, `/van-ban/${c.req.param("id")}`, async () => {
    const current = await mustLoad(c);
    const { data } = await readBody(c);
    await change(c.env.DB, current, parseWith(schema, blankToUndefined(data)), actorOf(c), c.var.now);
    return done;
  });
}

documentPages.post("/van-ban/:id/sua", requirePolicy("plan.edit", orgOfDocument), (c) =>
  changeDocument(c, correctDocSchema, correctDocument, `/van-ban/${c.req.param("id")}?da-sua=1`),
);

documentPages.post("/van-ban/:id/thu-hoi", requirePolicy("plan.edit", orgOfDocument), (c) =>
  changeDocument(c, withdrawDocSchema, withdrawDocument, `/van-ban/${c.req.param("id")}`),
);

documentPages.get("/van-ban/:id", signedIn(), async (c) => {
  const doc = await mustRead(c);
  const db = c.env.DB;
  const [history, directive, parents, org] = await Promise.all([
    historyOf(db, doc.id),
    doc.directiveId ? directiveCodeOf(db, doc.directiveId) : Promise.resolve(null),
    doc.directiveId ? parentChoices(db, doc.directiveId, doc.id) : Promise.resolve([]),
    orgOfDocument(c),
  ]);
  const principal = c.var.principal!;
  const mayEdit = org !== null && can(principal, "plan.edit", org.path, { appEnv: c.var.config.appEnv });
  const csrf = await csrfTokenFor(c);
  const crumbs = directive
    ? [
        { href: "/chi-thi", label: "Chỉ thị" },
        { href: `/chi-thi/${directive.id}`, label: directive.code },
        { label: doc.number },
      ]
    : [{ label: doc.number }];
  return renderPage(
    c,
    `Văn bản ${doc.number}`,
    <>
      <Breadcrumbs items={crumbs} />
      <h1>
        {kindLabelOf(doc)} số {doc.number}
      </h1>
      {c.req.query("da-sua") ? (
        <p role="status" class="card">
          Đã lưu thông tin đã sửa.
        </p>
      ) : null}
      {doc.withdrawnAt !== null ? (
        <p role="alert" class="card">
          Văn bản đã được thu hồi khỏi hệ thống ngày {formatDateTimeVi(doc.withdrawnAt)}. Lý do:{" "}
          {doc.withdrawalReason}
        </p>
      ) : null}
      <dl>
        <dt>Cơ quan ban hành</dt>
        <dd>{doc.issuer}</dd>
        <dt>Ngày ban hành</dt>
        <dd>{formatDateVi(doc.issuedOn)}</dd>
        <dt>Trích yếu</dt>
        <dd>{doc.title}</dd>
        {doc.term ? (
          <>
            <dt>Nhiệm kỳ (đánh số văn bản)</dt>
            <dd>{doc.term.replace("-", "–")}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="hist-h">
        <h2 id="hist-h">Lịch sử</h2>
        <ul>
          {history.map((h) => (
            <li>
              {formatDateTimeVi(h.at)} · {ACTION_LABELS[h.action] ?? h.action}
              {h.actor ? ` · đồng chí ${h.actor}` : ""}
              {h.reason ? ` · Lý do: ${h.reason}` : ""}
            </li>
          ))}
        </ul>
      </section>

      {mayEdit && doc.withdrawnAt === null ? (
        <>
          <section aria-labelledby="fix-h" class="card noprint">
            <h2 id="fix-h">Sửa thông tin đăng ký sai</h2>
            <form method="post" action={`/van-ban/${doc.id}/sua`}>
              <CsrfField token={csrf} />
              <input type="hidden" name="revision" value={String(doc.revision)} />
              <label for="fix-number">Số hiệu</label>
              <input id="fix-number" name="number" required maxlength={60} value={doc.number} />
              <DocumentKindFields docType={doc.docType} term={doc.term} />
              <label for="fix-issuer">Cơ quan ban hành</label>
              <input id="fix-issuer" name="issuer" required maxlength={200} value={doc.issuer} />
              <label for="fix-date">Ngày ban hành</label>
              <input id="fix-date" name="issuedOn" type="date" required value={doc.issuedOn} />
              <label for="fix-title">Trích yếu</label>
              <input id="fix-title" name="title" required maxlength={500} value={doc.title} />
              {parents.length ? (
                <ParentDocumentField id="fix-parent" documents={parents} selected={doc.parentDocumentId} />
              ) : null}
              <label for="fix-reason">Lý do sửa</label>
              <input id="fix-reason" name="reason" required minlength={5} maxlength={500} />
              <Submit>Lưu thông tin đã sửa</Submit>
            </form>
          </section>
          <section aria-labelledby="wd-h" class="card noprint">
            <h2 id="wd-h">Thu hồi văn bản đăng ký nhầm</h2>
            <p>
              Văn bản thu hồi không còn trong danh sách văn bản triển khai; số hiệu có thể đăng ký lại. Thông
              tin vẫn được lưu trong nhật ký.
            </p>
            <form method="post" action={`/van-ban/${doc.id}/thu-hoi`}>
              <CsrfField token={csrf} />
              <input type="hidden" name="revision" value={String(doc.revision)} />
              <label for="wd-reason">Lý do thu hồi</label>
              <input id="wd-reason" name="reason" required minlength={5} maxlength={500} />
              <Submit>Thu hồi văn bản</Submit>
            </form>
          </section>
        </>
      ) : null}
    </>,
  );
});
