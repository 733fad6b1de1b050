/** The organisation tree's pages: browse, search, one organisation; create and update forms (PRG). */
import { Hono } from "hono";
import { actorWithIp } from "../../auth/actor";
import { guardOf, orgFromParam, requirePolicy, signedIn } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { can, scopeFor } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import { loadCalendar } from "../../db/calendar";
import { deadlineFromStored, deadlineStanding } from "../../domain/deadline";
import { MAX_QUERY_LENGTH } from "../../domain/org-tree";
import { localDate } from "../../domain/time";
import type { AppEnv } from "../../http/context";
import { formErrorPage, redirectOrErrors } from "../../pages/page-bits";
import { blankToUndefined, parseWith, readBody } from "../../platform/http-input";
import { MoveConfirmView, MoveSearchView } from "./move.views";
import { firstPlanOf, getOrg, membersOf, obligationsOf } from "./organisations.queries";
import { createSchema, patchSchema } from "./organisations.schemas";
import {
  ancestorsOf,
  createOrganisation,
  listChildren,
  MOVE_CHOICES,
  moveChoices,
  movePreview,
  scopeRoots,
  searchOrganisations,
  updateOrganisation,
} from "./organisations.service";
import { OrganisationView, RootsView, SearchView } from "./organisations.views";

export const organisationPages = new Hono<AppEnv>();

organisationPages.post("/to-chuc/moi", requirePolicy("org.manage", "in-handler"), async (c) => {
  const { data } = await readBody(c);
  const back = typeof data.parentId === "string" && data.parentId ? `/to-chuc/${data.parentId}` : "/to-chuc";
  return redirectOrErrors(c, back, async () => {
    const input = parseWith(createSchema, blankToUndefined(data));
    const id = await createOrganisation(c.env.DB, input, guardOf(c), actorWithIp(c), c.var.now);
    return `/to-chuc/${id}`;
  });
});

organisationPages.post(
  "/to-chuc/:id/cap-nhat",
  requirePolicy("org.manage", orgFromParam("id")),
  async (c) => {
    const { data } = await readBody(c);
    const id = c.var.targetOrg!.id;
    return redirectOrErrors(c, `/to-chuc/${id}`, async () => {
      const fields = blankToUndefined(data);
      if (data.action === "reopen") fields.closedOn = null;
      delete fields.action;
      const input = parseWith(patchSchema, fields);
      await updateOrganisation(c.env.DB, id, input, guardOf(c), actorWithIp(c), c.var.now);
      return `/to-chuc/${id}`;
    });
  },
);

/**
 * Moving an organisation: `?q=` searches for a new parent (as /to-chuc/tim does, among those it
 * may move under), `?vao=` confirms one; the confirmation posts to /to-chuc/:id/cap-nhat.
 */
organisationPages.get("/to-chuc/:id/chuyen", requirePolicy("org.manage", orgFromParam("id")), async (c) => {
  const db = c.env.DB;
  const org = (await getOrg(db, c.var.targetOrg!.id))!;
  const q = (c.req.query("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH);
  const to = c.req.query("vao");
  const ancestorNames = ancestorsOf(db, org.path).then((rows) => rows.map((a) => a.name));
  if (to) {
    // The preview's refusal is the page of errors; a failure reading the ancestors is not.
    const [within, outcome] = await Promise.all([
      ancestorNames,
      movePreview(db, org, to, guardOf(c)).then(
        (preview) => ({ preview }),
        (err: unknown) => ({ err }),
      ),
    ]);
    try {
      if ("err" in outcome) throw outcome.err;
      const { preview } = outcome;
      const csrf = await csrfTokenFor(c);
      const view = <MoveConfirmView org={org} within={within} q={q} preview={preview} csrf={csrf} />;
      return renderPage(c, "Xác nhận chuyển tổ chức", view);
    } catch (err) {
      return formErrorPage(c, err, `/to-chuc/${org.id}/chuyen?q=${encodeURIComponent(q)}`);
    }
  }
  const within = await ancestorNames;
  const found = q ? await moveChoices(db, scopeFor(c.var.principal, "org.manage"), org, q) : null;
  return renderPage(
    c,
    `Chuyển ${org.name}`,
    <MoveSearchView org={org} within={within} q={q} found={found} limit={MOVE_CHOICES} />,
  );
});

organisationPages.get("/to-chuc", signedIn(), async (c) => {
  const roots = await scopeRoots(c.env.DB, scopeFor(c.var.principal, "org.read"));
  const manage = can(c.var.principal, "org.manage", undefined);
  return renderPage(c, "Tổ chức", <RootsView roots={roots} manage={manage} />);
});

organisationPages.get("/to-chuc/tim", signedIn(), async (c) => {
  const q = (c.req.query("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH);
  const results = q ? await searchOrganisations(c.env.DB, scopeFor(c.var.principal, "org.read"), q, 50) : [];
  return renderPage(c, "Tìm tổ chức", <SearchView q={q} results={results} />);
});

organisationPages.get("/to-chuc/:id", requirePolicy("org.read", orgFromParam("id")), async (c) => {
  const db = c.env.DB;
  const principal = c.var.principal!;
  const org = (await getOrg(db, c.var.targetOrg!.id))!;
  const cursor = c.req.query("cursor");
  const canPlan = can(principal, "plan.read", org.path);
  const canReports = can(principal, "report.read", org.path);
  const [ancestors, children, members, plan, obligations, calendar] = await Promise.all([
    ancestorsOf(db, org.path),
    listChildren(db, org.id, { cursor: cursor && cursor.length < 500 ? cursor : undefined, limit: 50 }),
    membersOf(db, org.id),
    canPlan ? firstPlanOf(db, org.id) : null,
    canReports ? obligationsOf(db, org.id) : [],
    canReports ? loadCalendar(db) : null,
  ]);
  return renderPage(
    c,
    org.name,
    <OrganisationView
      org={org}
      ancestors={ancestors.map((a) => ({
        id: a.id,
        name: a.name,
        href: can(principal, "org.read", a.path) ? `/to-chuc/${a.id}` : undefined,
      }))}
      children={children}
      cursor={cursor}
      members={members}
      plan={plan}
      canPlan={canPlan}
      canReports={canReports}
      obligations={obligations.map((o) => ({
        ...o,
        standing: deadlineStanding(
          deadlineFromStored(o.extendedDueOn ?? o.dueOn, o.effectiveDueOn),
          c.var.now,
          calendar!,
        ),
      }))}
      canTokens={can(principal, "tokens.manage", org.path)}
      isCommission={can(principal, "report.review", org.path)}
      manage={can(principal, "org.manage", org.path)}
      today={localDate(c.var.now)}
      csrf={await csrfTokenFor(c)}
    />,
  );
});
