/** The organisation tree's JSON API: keyset pages, search, CSV export, create, update/move/close. */
import * as z from "zod";
import { actorWithIp } from "../../auth/actor";
import { guardOf, orgFromParam, requirePolicy, signedIn } from "../../auth/guard";
import { can, scopeFor } from "../../auth/policy";
import { toCsv } from "../../domain/csv";
import { AppError, notFound } from "../../platform/errors";
import { createApi, errorResponse, jsonBody, jsonResponse, routesTagged } from "../../platform/openapi";
import { orgJson } from "./organisations.http";
import { getOrg, type OrgRow } from "./organisations.queries";
import {
  createSchema,
  csvQuery,
  listQuery,
  organisationJson,
  organisationPage,
  patchSchema,
} from "./organisations.schemas";
import {
  ancestorsOf,
  createOrganisation,
  listChildren,
  listInScope,
  parentCodesOf,
  searchOrganisations,
  updateOrganisation,
} from "./organisations.service";

const idParams = z.object({ id: z.string().min(1).max(64).describe("Mã định danh của tổ chức") });
const organisationBody = z.object({ organisation: organisationJson });

const route = routesTagged("organisations");

export const listOrganisations = route.get("/api/organisations", {
  summary:
    "Danh sách tổ chức: con của một tổ chức (parent), tìm theo tên/mã (q) hoặc toàn bộ phạm vi được xem",
  middleware: [signedIn()],
  request: { query: listQuery },
  responses: { 200: jsonResponse(organisationPage, "Một trang tổ chức (phân trang theo cursor)") },
});

export const exportOrganisations = route.get("/api/organisations.csv", {
  summary: "Tải danh sách tổ chức (CSV, UTF-8) trong phạm vi được xem, hoặc con của một tổ chức",
  middleware: [signedIn()],
  request: { query: csvQuery },
  responses: {
    200: {
      description: "Tệp CSV: code, name, kind, parent_code, email, phone, population, opened_on, closed_on",
      content: { "text/csv": { schema: z.string() } },
    },
  },
});

export const getOrganisation = route.get("/api/organisations/{id}", {
  summary: "Một tổ chức và các cấp trên của nó",
  middleware: [requirePolicy("org.read", orgFromParam("id"))],
  request: { params: idParams },
  responses: {
    200: jsonResponse(
      organisationBody.extend({
        ancestors: z.array(z.object({ id: z.string(), name: z.string(), path: z.string() })),
      }),
      "Tổ chức và các cấp trên, từ gốc xuống",
    ),
  },
});

export const createOrganisationRoute = route.post("/api/organisations", {
  summary: "Thêm tổ chức (quản trị viên trong phạm vi của tổ chức cấp trên)",
  middleware: [requirePolicy("org.manage", "in-handler")],
  request: { body: jsonBody(createSchema) },
  responses: {
    201: jsonResponse(organisationBody, "Đã thêm"),
    409: errorResponse("Mã tổ chức đã tồn tại"),
  },
});

export const patchOrganisation = route.patch("/api/organisations/{id}", {
  summary:
    "Sửa, chuyển sang cấp trên khác (parentId), giải thể/sáp nhập (closedOn) hoặc mở lại (closedOn: null)",
  middleware: [requirePolicy("org.manage", orgFromParam("id"))],
  request: { params: idParams, body: jsonBody(patchSchema) },
  responses: { 200: jsonResponse(organisationBody, "Đã lưu") },
});

/** Every row a CSV export may hold, page by page, at most 20,000. */
async function rowsForExport(
  db: D1Database,
  next: (cursor: string | undefined) => Promise<{ items: OrgRow[]; nextCursor: string | null }>,
) {
  const rows: OrgRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await next(cursor);
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < 20_000);
  return { rows, parentCodes: await parentCodesOf(db, rows) };
}

export const organisationsApi = createApi()
  .openapi(listOrganisations, async (c) => {
    const q = c.req.valid("query");
    const db = c.env.DB;
    const scope = scopeFor(c.var.principal, "org.read");
    if (q.q) {
      const items = await searchOrganisations(db, scope, q.q, q.limit);
      return c.json({ items: items.map(orgJson), nextCursor: null }, 200);
    }
    if (q.parent) {
      const parent = await getOrg(db, q.parent);
      if (!parent) throw notFound("Không tìm thấy tổ chức cấp trên");
      const page = await listChildren(db, parent.id, { cursor: q.cursor, limit: q.limit });
      if (!can(c.var.principal, "org.read", parent.path)) {
        // Someone who sees only part of a subtree still gets the visible children.
        const visible = page.items.filter((o) => can(c.var.principal, "org.read", o.path));
        if (visible.length === 0 && page.items.length > 0)
          throw new AppError("forbidden", "forbidden", "Đồng chí không có quyền xem tổ chức này");
        return c.json({ items: visible.map(orgJson), nextCursor: page.nextCursor }, 200);
      }
      return c.json({ items: page.items.map(orgJson), nextCursor: page.nextCursor }, 200);
    }
    const page = await listInScope(db, scope, { cursor: q.cursor, limit: q.limit });
    return c.json({ items: page.items.map(orgJson), nextCursor: page.nextCursor }, 200);
  })
  .openapi(exportOrganisations, async (c) => {
    const { parent: parentId } = c.req.valid("query");
    const db = c.env.DB;
    let exported: Awaited<ReturnType<typeof rowsForExport>>;
    if (parentId) {
      const parent = await getOrg(db, parentId);
      if (!parent) throw notFound("Không tìm thấy tổ chức cấp trên");
      exported = await rowsForExport(db, async (cursor) => {
        const page = await listChildren(db, parent.id, { cursor, limit: 200 });
        return { ...page, items: page.items.filter((o) => can(c.var.principal, "org.read", o.path)) };
      });
    } else {
      const scope = scopeFor(c.var.principal, "org.read");
      exported = await rowsForExport(db, (cursor) => listInScope(db, scope, { cursor, limit: 200 }));
    }
    const csv = toCsv(
      ["code", "name", "kind", "parent_code", "email", "phone", "population", "opened_on", "closed_on"],
      exported.rows.map((r) => [
        r.code,
        r.name,
        r.kind,
        r.parentId ? (exported.parentCodes.get(r.parentId) ?? "") : "",
        r.email,
        r.phone,
        r.population,
        r.openedOn,
        r.closedOn,
      ]),
    );
    return c.body(csv, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="to-chuc${parentId ? `-${parentId}` : ""}.csv"`,
    });
  })
  .openapi(getOrganisation, async (c) => {
    const org = await getOrg(c.env.DB, c.var.targetOrg!.id);
    if (!org) throw notFound();
    const ancestors = await ancestorsOf(c.env.DB, org.path);
    return c.json({ organisation: orgJson(org), ancestors }, 200);
  })
  .openapi(createOrganisationRoute, async (c) => {
    const id = await createOrganisation(c.env.DB, c.req.valid("json"), guardOf(c), actorWithIp(c), c.var.now);
    const org = await getOrg(c.env.DB, id);
    return c.json({ organisation: orgJson(org!) }, 201);
  })
  .openapi(patchOrganisation, async (c) => {
    const db = c.env.DB;
    const id = await updateOrganisation(
      db,
      c.var.targetOrg!.id,
      c.req.valid("json"),
      guardOf(c),
      actorWithIp(c),
      c.var.now,
    );
    return c.json({ organisation: orgJson((await getOrg(db, id))!) }, 200);
  });
