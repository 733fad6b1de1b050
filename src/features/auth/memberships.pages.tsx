/** The administration pages: /quan-tri (index) and /quan-tri/vai-tro (grant, search, revoke roles). */
import type { Context } from "hono";
import { Hono } from "hono";
import { orgOfRow, requirePolicy } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import { ROLE_LABELS } from "../../auth/policy";
import { csrfTokenFor } from "../../auth/web";
import type { AppEnv } from "../../http/context";
import { AppError, fieldErrorsFromZod } from "../../platform/errors";
import { actionMetaOf } from "./auth.http";
import { grantFormSchema, listQuery } from "./memberships.schemas";
import { grantMembershipByCode, listMemberships, revokeMembership } from "./memberships.service";
import { AdminIndexView, type RolesFormState, RolesView } from "./memberships.views";

export const membershipsPages = new Hono<AppEnv>();

membershipsPages.get("/quan-tri", requirePolicy("admin.read"), (c) =>
  renderPage(c, "Quản trị", <AdminIndexView />),
);

async function rolesPage(c: Context<AppEnv>, state: RolesFormState, status: 200 | 409 | 422 = 200) {
  const q = listQuery.safeParse(c.req.query());
  const filter = q.success ? q.data : {};
  const [rows, csrf] = await Promise.all([listMemberships(c.env.DB, filter), csrfTokenFor(c)]);
  return renderPage(
    c,
    "Vai trò người dùng",
    <RolesView state={state} rows={rows} q={filter.q} csrf={csrf} />,
    status,
  );
}

membershipsPages.get("/quan-tri/vai-tro", requirePolicy("roles.manage"), (c) => rolesPage(c, {}));

// The page is for administrators (a global scope), checked before anything is read.
membershipsPages.post("/quan-tri/vai-tro", requirePolicy("roles.manage"), async (c) => {
  const body = await c.req.parseBody();
  const str = (v: unknown) => (typeof v === "string" ? v.trim() : undefined);
  const input = {
    email: str(body.email),
    organisationCode: str(body.organisationCode),
    role: str(body.role),
    reason: str(body.reason) || undefined,
  };
  const parsed = grantFormSchema.safeParse(input);
  if (!parsed.success) {
    return rolesPage(c, { ...input, errors: fieldErrorsFromZod(parsed.error) }, 422);
  }
  try {
    await grantMembershipByCode(c.env.DB, parsed.data, actionMetaOf(c));
  } catch (e) {
    if (e instanceof AppError && e.kind === "invalid")
      return rolesPage(c, { ...input, errors: e.fields }, 422);
    if (e instanceof AppError && e.kind === "conflict") {
      return rolesPage(c, { ...input, errors: [{ field: "role", message: e.message }] }, 409);
    }
    throw e;
  }
  return rolesPage(c, {
    notice: `Đã cấp vai trò ${ROLE_LABELS[parsed.data.role]} cho ${parsed.data.email}.`,
  });
});

membershipsPages.post(
  "/quan-tri/vai-tro/:id/thu-hoi",
  requirePolicy("roles.manage", orgOfRow("memberships", "id")),
  async (c) => {
    try {
      await revokeMembership(c.env.DB, c.req.param("id"), actionMetaOf(c));
    } catch (e) {
      if (e instanceof AppError && e.kind === "conflict")
        return rolesPage(c, { errors: [], notice: e.message }, 409);
      throw e;
    }
    return c.redirect("/quan-tri/vai-tro", 303);
  },
);
