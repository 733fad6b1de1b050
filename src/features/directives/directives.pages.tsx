/**
 * The directive pages: the list of directives, one directive with its cascade of implementing
 * documents, and the form adding one (`plan.edit` on the issuing organisation).
 */
import { Hono } from "hono";
import { requirePolicy, signedIn } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { can, scopeFor } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import { formatDateVi } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { redirectOrErrors } from "../../pages/page-bits";
import { maySetUpAny } from "../../pages/setup-bits";
import { blankToUndefined, readBody } from "../../platform/http-input";
import { editableOrganisations, latestDirectives } from "./directives.queries";
import { documentTree, loadDirective, missingOrganisations } from "./directives.service";
import { DirectiveView } from "./directives.views";
import { addDocumentBy } from "./documents.http";

export const directivePages = new Hono<AppEnv>();

directivePages.post("/chi-thi/:id/van-ban", requirePolicy("plan.edit", "in-handler"), async (c) => {
  const id = c.req.param("id");
  const { data } = await readBody(c);
  return redirectOrErrors(c, `/chi-thi/${id}`, async () => {
    await addDocumentBy(c, id, blankToUndefined(data));
    return `/chi-thi/${id}`;
  });
});

directivePages.get("/chi-thi", signedIn(), async (c) => {
  const results = await latestDirectives(c.env.DB);
  return renderPage(
    c,
    "Chỉ thị",
    <>
      <h1>Chỉ thị</h1>
      {maySetUpAny(c) ? (
        <p>
          <a class="button" href="/chi-thi/moi">
            Đăng ký chỉ thị, nghị quyết, kết luận
          </a>
        </p>
      ) : null}
      {results.length ? (
        <ul>
          {results.map((d) => (
            <li>
              <a href={`/chi-thi/${d.id}`}>{d.title}</a>{" "}
              <span class="muted">(ngày {formatDateVi(d.issuedOn)})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>Chưa có chỉ thị nào.</p>
      )}
    </>,
  );
});

directivePages.get("/chi-thi/:id", signedIn(), async (c) => {
  const d = await loadDirective(c.env.DB, c.req.param("id"), c.var.principal);
  const underParam = c.req.query("under");
  const missing = await missingOrganisations(
    c.env.DB,
    scopeFor(c.var.principal, "org.read"),
    d.directive.id,
    underParam && underParam.length <= 64 ? underParam : undefined,
  );
  const tree = documentTree(d.documents);
  const principal = c.var.principal!;
  // Organisations where this person may add a document (their own, for secretaries and reporters).
  const editOrgs = await editableOrganisations(c.env.DB, scopeFor(principal, "plan.edit"));
  const csrf = await csrfTokenFor(c);
  const mayManage =
    d.directive.organisationPath !== null &&
    d.directive.organisationPath !== "" &&
    can(principal, "directive.manage", d.directive.organisationPath, { appEnv: c.var.config.appEnv });
  return renderPage(
    c,
    d.directive.code,
    <DirectiveView
      d={d}
      tree={tree}
      missing={missing}
      editOrgs={editOrgs}
      mayManage={mayManage}
      csrf={csrf}
    />,
  );
});
