/**
 * The organisation tree: browse (roots in scope, one organisation with its children paged,
 * never the whole tree), search (name or code, with or without diacritics), JSON API with
 * keyset pages, CSV export, and create / move / close for administrators (`org.manage`).
 */
import type { Context } from "hono";
import { Hono } from "hono";
import * as z from "zod";
import { auditStatement } from "../audit";
import { authorize, orgFromParam, requirePolicy, signedIn } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { can, ROLE_LABELS, scopeFor } from "../auth/policy";
import { clientIp, csrfTokenFor } from "../auth/web";
import { ORGANISATION_KINDS, type Role } from "../db/schema";
import { toCsv } from "../domain/csv";
import { formatDateVi, localDate } from "../domain/time";
import type { AppEnv } from "../http/context";
import { optionalDateField } from "../http/date-field";
import { AppError, notFound } from "../platform/errors";
import { blankToUndefined, parseWith, readBody } from "../services/http-input";
import { codeSchema } from "../services/org-import";
import {
  type Actor,
  ancestorsOf,
  createOrganisation,
  getOrg,
  KIND_LABELS,
  listChildren,
  listInScope,
  MAX_QUERY_LENGTH,
  moveOrganisation,
  type OrgRow,
  scopeRoots,
  searchOrganisations,
} from "../services/org-tree";
import { Breadcrumbs, formErrorPage } from "../services/page-bits";
import { OBLIGATION_STATUS_LABELS } from "./home";

export const organisationRoutes = new Hono<AppEnv>();

function actorOf(c: Context<AppEnv>): Actor {
  const p = c.var.principal!;
  return { personId: p.personId, kind: p.kind, ip: clientIp(c) };
}

export const listQuery = z.object({
  parent: z.string().max(64).optional(),
  q: z.string().trim().max(MAX_QUERY_LENGTH, `Từ khóa tối đa ${MAX_QUERY_LENGTH} ký tự`).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const optionalDate = optionalDateField;

export const createSchema = z.object({
  code: codeSchema,
  name: z
    .string()
    .trim()
    .min(1, "Vui lòng nhập tên tổ chức")
    .max(200, "Tên tổ chức quá dài (tối đa 200 ký tự)"),
  kind: z.enum(ORGANISATION_KINDS, { error: "Loại tổ chức không hợp lệ" }),
  parentId: z.string().min(1).max(64).nullable().optional(),
  email: z.email("Địa chỉ thư điện tử không hợp lệ").max(200).nullable().optional(),
  phone: z.string().trim().max(30, "Số điện thoại quá dài").nullable().optional(),
  population: z.coerce.number().int().min(0).max(1e10).nullable().optional(),
  openedOn: optionalDate("Ngày thành lập"),
});

export const patchSchema = z
  .object({
    parentId: z.string().min(1).max(64).optional(),
    closedOn: optionalDate("Ngày giải thể/sáp nhập"),
    name: z.string().trim().min(1).max(200, "Tên tổ chức quá dài (tối đa 200 ký tự)").optional(),
    email: z.email("Địa chỉ thư điện tử không hợp lệ").max(200).nullable().optional(),
    phone: z.string().trim().max(30, "Số điện thoại quá dài").nullable().optional(),
    population: z.coerce.number().int().min(0).max(1e10).nullable().optional(),
  })
  .strict();

function orgJson(o: OrgRow) {
  const { sortOrder: _s, ...rest } = o;
  return rest;
}

// ---------------------------------------------------------------- JSON API

organisationRoutes.get("/api/organisations", signedIn(), async (c) => {
  const q = parseWith(listQuery, c.req.query());
  const db = c.env.DB;
  const scope = scopeFor(c.var.principal, "org.read");
  if (q.q) {
    const items = await searchOrganisations(db, scope, q.q, q.limit);
    return c.json({ items: items.map(orgJson), nextCursor: null });
  }
  if (q.parent) {
    const parent = await getOrg(db, q.parent);
    if (!parent) throw notFound("Không tìm thấy tổ chức cấp trên");
    if (!can(c.var.principal, "org.read", parent.path)) {
      // Someone who sees only part of a subtree still gets the visible children.
      const page = await listChildren(db, parent.id, { cursor: q.cursor, limit: q.limit });
      const visible = page.items.filter((o) => can(c.var.principal, "org.read", o.path));
      if (visible.length === 0 && page.items.length > 0)
        throw new AppError("forbidden", "forbidden", "Đồng chí không có quyền xem tổ chức này");
      return c.json({ items: visible.map(orgJson), nextCursor: page.nextCursor });
    }
    const page = await listChildren(db, parent.id, { cursor: q.cursor, limit: q.limit });
    return c.json({ items: page.items.map(orgJson), nextCursor: page.nextCursor });
  }
  const page = await listInScope(db, scope, { cursor: q.cursor, limit: q.limit });
  return c.json({ items: page.items.map(orgJson), nextCursor: page.nextCursor });
});

organisationRoutes.get("/api/organisations.csv", signedIn(), async (c) => {
  const q = parseWith(listQuery.pick({ parent: true }), c.req.query());
  const db = c.env.DB;
  const rows: OrgRow[] = [];
  const scope = scopeFor(c.var.principal, "org.read");
  if (q.parent) {
    const parent = await getOrg(db, q.parent);
    if (!parent) throw notFound("Không tìm thấy tổ chức cấp trên");
    let cursor: string | undefined;
    do {
      const page = await listChildren(db, parent.id, { cursor, limit: 200 });
      rows.push(...page.items.filter((o) => can(c.var.principal, "org.read", o.path)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < 20_000);
  } else {
    let cursor: string | undefined;
    do {
      const page = await listInScope(db, scope, { cursor, limit: 200 });
      rows.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < 20_000);
  }
  const parentCodes = new Map<string, string>();
  const parentIds = [...new Set(rows.map((r) => r.parentId).filter((x): x is string => !!x))];
  for (let i = 0; i < parentIds.length; i += 90) {
    const chunk = parentIds.slice(i, i + 90);
    const { results } = await db
      .prepare(`select id, code from organisations where id in (${chunk.map(() => "?").join(",")})`)
      .bind(...chunk)
      .all<{ id: string; code: string }>();
    for (const r of results) parentCodes.set(r.id, r.code);
  }
  const csv = toCsv(
    ["code", "name", "kind", "parent_code", "email", "phone", "population", "opened_on", "closed_on"],
    rows.map((r) => [
      r.code,
      r.name,
      r.kind,
      r.parentId ? (parentCodes.get(r.parentId) ?? "") : "",
      r.email,
      r.phone,
      r.population,
      r.openedOn,
      r.closedOn,
    ]),
  );
  return c.body(csv, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="to-chuc${q.parent ? `-${q.parent}` : ""}.csv"`,
  });
});

organisationRoutes.get("/api/organisations/:id", requirePolicy("org.read", orgFromParam("id")), async (c) => {
  const org = await getOrg(c.env.DB, c.var.targetOrg!.id);
  if (!org) throw notFound();
  const ancestors = await ancestorsOf(c.env.DB, org.path);
  return c.json({ organisation: orgJson(org), ancestors });
});

async function createHandler(c: Context<AppEnv>, data: Record<string, unknown>) {
  const input = parseWith(createSchema, data);
  const db = c.env.DB;
  let parent: OrgRow | null = null;
  if (input.parentId) {
    parent = await getOrg(db, input.parentId);
    if (!parent) {
      throw new AppError("invalid", "unknown_parent", "Không tìm thấy tổ chức cấp trên", [
        { field: "parentId", message: "Không tìm thấy tổ chức cấp trên" },
      ]);
    }
    authorize(c, "org.manage", parent);
  } else {
    // A new root concerns no organisation: only a global scope may create it.
    if (!can(c.var.principal, "org.manage", undefined))
      throw new AppError("forbidden", "forbidden", "Đồng chí không có quyền thực hiện thao tác này");
    c.set("authorized", [...(c.var.authorized ?? []), "org.manage"]);
  }
  const id = await createOrganisation(
    db,
    {
      code: input.code,
      name: input.name,
      kind: input.kind,
      parent: parent ? { id: parent.id, path: parent.path, level: parent.level } : null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      population: input.population ?? null,
      openedOn: input.openedOn ?? null,
    },
    actorOf(c),
    c.var.now,
  );
  return id;
}

organisationRoutes.post("/api/organisations", requirePolicy("org.manage", "in-handler"), async (c) => {
  const { data } = await readBody(c);
  const id = await createHandler(c, data);
  const org = await getOrg(c.env.DB, id);
  return c.json({ organisation: orgJson(org!) }, 201);
});

organisationRoutes.post("/to-chuc/moi", requirePolicy("org.manage", "in-handler"), async (c) => {
  const { data } = await readBody(c);
  const back = typeof data.parentId === "string" && data.parentId ? `/to-chuc/${data.parentId}` : "/to-chuc";
  try {
    const id = await createHandler(c, blankToUndefined(data));
    return c.redirect(`/to-chuc/${id}`, 303);
  } catch (err) {
    return formErrorPage(c, err, back);
  }
});

async function patchHandler(c: Context<AppEnv>, data: Record<string, unknown>) {
  const input = parseWith(patchSchema, data);
  const db = c.env.DB;
  const org = await getOrg(db, c.var.targetOrg!.id);
  if (!org) throw notFound();
  const now = c.var.now;
  const actor = actorOf(c);
  if (input.parentId !== undefined) {
    const parent = await getOrg(db, input.parentId);
    if (!parent) {
      throw new AppError("invalid", "unknown_parent", "Không tìm thấy tổ chức cấp trên mới", [
        { field: "parentId", message: "Không tìm thấy tổ chức cấp trên mới" },
      ]);
    }
    authorize(c, "org.manage", parent);
    await moveOrganisation(db, org, parent, actor, now);
  }
  const fields: [string, string, unknown][] = [];
  if (input.closedOn !== undefined) fields.push(["closed_on", "closedOn", input.closedOn]);
  if (input.name !== undefined) fields.push(["name", "name", input.name]);
  if (input.email !== undefined) fields.push(["email", "email", input.email]);
  if (input.phone !== undefined) fields.push(["phone", "phone", input.phone]);
  if (input.population !== undefined) fields.push(["population", "population", input.population]);
  if (fields.length) {
    await db.batch([
      db
        .prepare(
          `update organisations set ${fields.map(([col]) => `${col} = ?`).join(", ")}, updated_at = ? where id = ?`,
        )
        .bind(...fields.map(([, , v]) => (v ?? null) as string | number | null), now, org.id),
      auditStatement(db, {
        at: now,
        actorPersonId: actor.personId,
        actorKind: actor.kind,
        action: input.closedOn ? "organisation.closed" : "organisation.updated",
        entityType: "organisation",
        entityId: org.id,
        organisationId: org.id,
        data: Object.fromEntries(fields.map(([, key, v]) => [key, v ?? null])),
        ip: actor.ip,
      }),
    ]);
  }
  return (await getOrg(db, org.id))!;
}

organisationRoutes.patch(
  "/api/organisations/:id",
  requirePolicy("org.manage", orgFromParam("id")),
  async (c) => {
    const { data } = await readBody(c);
    const org = await patchHandler(c, data);
    return c.json({ organisation: orgJson(org) });
  },
);

organisationRoutes.post(
  "/to-chuc/:id/cap-nhat",
  requirePolicy("org.manage", orgFromParam("id")),
  async (c) => {
    const { data } = await readBody(c);
    const id = c.var.targetOrg!.id;
    try {
      const input = blankToUndefined(data);
      if (data.action === "reopen") input.closedOn = null;
      delete input.action;
      await patchHandler(c, input);
      return c.redirect(`/to-chuc/${id}`, 303);
    } catch (err) {
      return formErrorPage(c, err, `/to-chuc/${id}`);
    }
  },
);

// ---------------------------------------------------------------- pages

function OrgList(props: { items: OrgRow[] }) {
  return (
    <ul>
      {props.items.map((o) => (
        <li>
          <a href={`/to-chuc/${o.id}`}>{o.name}</a> <span class="muted">({o.code})</span>
          {o.closedOn ? (
            <span class="badge muted"> Đã giải thể/sáp nhập {formatDateVi(o.closedOn)}</span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function SearchForm(props: { q?: string }) {
  return (
    <form method="get" action="/to-chuc/tim">
      <label for="q">Tìm tổ chức theo tên hoặc mã (có thể gõ không dấu)</label>
      <input id="q" name="q" type="search" value={props.q ?? ""} maxlength={MAX_QUERY_LENGTH} required />
      <p>
        <button type="submit">Tìm</button>
      </p>
    </form>
  );
}

organisationRoutes.get("/to-chuc", signedIn(), async (c) => {
  const scope = scopeFor(c.var.principal, "org.read");
  const roots = await scopeRoots(c.env.DB, scope);
  const manage = can(c.var.principal, "org.manage", undefined);
  return renderPage(
    c,
    "Tổ chức",
    <>
      <h1>Cây tổ chức</h1>
      <SearchForm />
      <h2>Tổ chức đồng chí được xem</h2>
      {roots.length ? <OrgList items={roots} /> : <p>Đồng chí chưa được giao vai trò ở tổ chức nào.</p>}
      {manage ? (
        <p>
          <a href="/nhap-du-lieu">Nhập tổ chức, người dùng từ tệp CSV</a> ·{" "}
          <a href="/api/organisations.csv">Tải danh sách tổ chức (CSV)</a>
        </p>
      ) : null}
    </>,
  );
});

organisationRoutes.get("/to-chuc/tim", signedIn(), async (c) => {
  const q = (c.req.query("q") ?? "").trim().slice(0, MAX_QUERY_LENGTH);
  const results = q ? await searchOrganisations(c.env.DB, scopeFor(c.var.principal, "org.read"), q, 50) : [];
  return renderPage(
    c,
    "Tìm tổ chức",
    <>
      <h1>Tìm tổ chức</h1>
      <SearchForm q={q} />
      {q ? (
        <section aria-labelledby="kq">
          <h2 id="kq">
            Kết quả cho “{q}”: {results.length} tổ chức
          </h2>
          {results.length ? <OrgList items={results} /> : <p>Không tìm thấy tổ chức nào.</p>}
        </section>
      ) : null}
      <p>
        <a href="/to-chuc">Về cây tổ chức</a>
      </p>
    </>,
  );
});

interface MemberRow {
  personId: string;
  fullName: string;
  email: string;
  title: string | null;
  role: Role;
  bouncedAt: number | null;
  bounceReason: string | null;
}

interface ObligationRow {
  id: string;
  label: string;
  scheduleName: string;
  effectiveDueOn: string;
  status: keyof typeof OBLIGATION_STATUS_LABELS;
  onTime: number | null;
  lastSubmittedAt: number | null;
}

organisationRoutes.get("/to-chuc/:id", requirePolicy("org.read", orgFromParam("id")), async (c) => {
  const db = c.env.DB;
  const principal = c.var.principal!;
  const org = (await getOrg(db, c.var.targetOrg!.id))!;
  const cursor = c.req.query("cursor");
  const [ancestors, children, members] = await Promise.all([
    ancestorsOf(db, org.path),
    listChildren(db, org.id, { cursor: cursor && cursor.length < 500 ? cursor : undefined, limit: 50 }),
    db
      .prepare(
        `select p.id as personId, p.full_name as fullName, p.email, p.title, m.role, p.bounced_at as bouncedAt,
           p.bounce_reason as bounceReason
         from memberships m join people p on p.id = m.person_id
         where m.organisation_id = ? and p.disabled_at is null order by m.role, p.full_name limit 200`,
      )
      .bind(org.id)
      .all<MemberRow>(),
  ]);
  const canPlan = can(principal, "plan.read", org.path);
  const canReports = can(principal, "report.read", org.path);
  const isCommission = can(principal, "report.review", org.path);
  const manage = can(principal, "org.manage", org.path);
  const plan = canPlan
    ? await db
        .prepare(
          `select pl.id, pl.document_number as documentNumber, pl.document_date as documentDate,
             (select count(*) from plan_tasks t where t.plan_id = pl.id and t.deleted_at is null) as tasks
           from plans pl where pl.organisation_id = ? order by pl.created_at limit 1`,
        )
        .bind(org.id)
        .first<{ id: string; documentNumber: string | null; documentDate: string | null; tasks: number }>()
    : null;
  const obligations = canReports
    ? (
        await db
          .prepare(
            `select ob.id, pe.label, s.name as scheduleName, ob.effective_due_on as effectiveDueOn, ob.status,
               ob.on_time as onTime, ob.last_submitted_at as lastSubmittedAt
             from obligations ob join periods pe on pe.id = ob.period_id join reporting_schedules s on s.id = pe.schedule_id
             where ob.organisation_id = ? order by ob.effective_due_on desc limit 50`,
          )
          .bind(org.id)
          .all<ObligationRow>()
      ).results
    : [];
  const today = localDate(c.var.now);
  const csrf = await csrfTokenFor(c);
  const bounced = members.results.filter((m) => m.bouncedAt !== null);
  return renderPage(
    c,
    org.name,
    <>
      <Breadcrumbs
        items={[
          { href: "/to-chuc", label: "Tổ chức" },
          ...ancestors.map((a) => ({
            href: can(principal, "org.read", a.path) ? `/to-chuc/${a.id}` : undefined,
            label: a.name,
          })),
          { label: org.name },
        ]}
      />
      <h1>{org.name}</h1>
      {org.closedOn ? (
        <p class="notice">
          Tổ chức đã giải thể/sáp nhập từ ngày {formatDateVi(org.closedOn)}: không phát sinh nghĩa vụ báo cáo
          mới; các báo cáo trước đó vẫn được lưu.
        </p>
      ) : null}
      <dl class="grid">
        <div>
          <dt class="muted">Mã</dt>
          <dd>{org.code}</dd>
        </div>
        <div>
          <dt class="muted">Loại</dt>
          <dd>{KIND_LABELS[org.kind]}</dd>
        </div>
        <div>
          <dt class="muted">Thư điện tử</dt>
          <dd>{org.email ? <a href={`mailto:${org.email}`}>{org.email}</a> : "Chưa có"}</dd>
        </div>
        <div>
          <dt class="muted">Điện thoại</dt>
          <dd>{org.phone ?? "Chưa có"}</dd>
        </div>
        <div>
          <dt class="muted">Dân số</dt>
          <dd>{org.population !== null ? org.population.toLocaleString("vi-VN") : "Không áp dụng"}</dd>
        </div>
        <div>
          <dt class="muted">Ngày thành lập</dt>
          <dd>{org.openedOn ? formatDateVi(org.openedOn) : "Chưa rõ"}</dd>
        </div>
        <div>
          <dt class="muted">Ngày giải thể/sáp nhập</dt>
          <dd>{org.closedOn ? formatDateVi(org.closedOn) : "Đang hoạt động"}</dd>
        </div>
      </dl>

      <section aria-labelledby="children-h">
        <h2 id="children-h">Tổ chức trực thuộc</h2>
        {children.items.length ? <OrgList items={children.items} /> : <p>Không có tổ chức trực thuộc.</p>}
        <p>
          {cursor ? <a href={`/to-chuc/${org.id}`}>Trang đầu</a> : null}
          {cursor && children.nextCursor ? " · " : null}
          {children.nextCursor ? (
            <a href={`/to-chuc/${org.id}?cursor=${encodeURIComponent(children.nextCursor)}`}>Trang sau</a>
          ) : null}
        </p>
      </section>

      {canPlan ? (
        <section aria-labelledby="plan-h">
          <h2 id="plan-h">Kế hoạch thực hiện Chỉ thị 52-CT/TW</h2>
          {plan ? (
            <p>
              <a href={`/ke-hoach/${org.id}`}>
                Kế hoạch {plan.documentNumber ?? "(chưa có số)"}
                {plan.documentDate ? ` ngày ${formatDateVi(plan.documentDate)}` : ""}
              </a>{" "}
              · {plan.tasks} nhiệm vụ
            </p>
          ) : (
            <p>
              Chưa có kế hoạch. <a href={`/ke-hoach/${org.id}`}>Xem hoặc tạo kế hoạch</a>
            </p>
          )}
        </section>
      ) : null}

      {canReports ? (
        <section aria-labelledby="ob-h">
          <h2 id="ob-h">Nghĩa vụ và lịch sử báo cáo</h2>
          {obligations.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Kỳ báo cáo</th>
                  <th scope="col">Hạn nộp</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Đúng hạn</th>
                </tr>
              </thead>
              <tbody>
                {obligations.map((o) => (
                  <tr>
                    <td>
                      <a href={`/bao-cao/${o.id}`}>{o.label}</a>
                      <div class="muted">{o.scheduleName}</div>
                    </td>
                    <td>{formatDateVi(o.effectiveDueOn)}</td>
                    <td>{OBLIGATION_STATUS_LABELS[o.status]}</td>
                    <td>
                      {o.onTime === null ? (
                        o.effectiveDueOn < today && ["pending", "draft", "returned"].includes(o.status) ? (
                          <span class="bad">Quá hạn, chưa nộp</span>
                        ) : (
                          <span class="muted">Chưa nộp</span>
                        )
                      ) : o.onTime ? (
                        <span class="ok">Đúng hạn</span>
                      ) : (
                        <span class="warn">Nộp muộn</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Chưa có nghĩa vụ báo cáo nào.</p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="people-h">
        <h2 id="people-h">Người dùng và vai trò</h2>
        {members.results.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Họ tên</th>
                <th scope="col">Vai trò</th>
                <th scope="col">Thư điện tử</th>
              </tr>
            </thead>
            <tbody>
              {members.results.map((m) => (
                <tr>
                  <td>
                    {m.fullName}
                    {m.title ? <div class="muted">{m.title}</div> : null}
                  </td>
                  <td>{ROLE_LABELS[m.role]}</td>
                  <td>{m.email}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>Chưa có người dùng.</p>
        )}
      </section>

      {can(principal, "tokens.manage", org.path) ? (
        <section aria-labelledby="api-h" class="noprint">
          <h2 id="api-h">Kết nối phần mềm</h2>
          <p>
            <a href={`/to-chuc/${org.id}/khoa-api`}>Khóa API</a>: tạo, xem và thu hồi khóa cho phần mềm kết
            nối với hệ thống thay mặt tổ chức.
          </p>
        </section>
      ) : null}

      {isCommission ? (
        <section aria-labelledby="bounce-h">
          <h2 id="bounce-h">Địa chỉ thư bị trả lại</h2>
          {bounced.length ? (
            <ul>
              {bounced.map((m) => (
                <li>
                  <span class="bad">{m.email}</span> ({m.fullName}): thư không đến được
                  {m.bounceReason ? `: ${m.bounceReason}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p>Không có địa chỉ nào bị trả lại.</p>
          )}
        </section>
      ) : null}

      {manage ? (
        <section aria-labelledby="manage-h" class="noprint">
          <h2 id="manage-h">Quản lý tổ chức</h2>
          <div class="card">
            <h3>Thêm tổ chức trực thuộc</h3>
            <form method="post" action="/to-chuc/moi">
              <CsrfField token={csrf} />
              <input type="hidden" name="parentId" value={org.id} />
              <label for="new-code">Mã</label>
              <input id="new-code" name="code" required maxlength={40} />
              <label for="new-name">Tên</label>
              <input id="new-name" name="name" required maxlength={200} />
              <label for="new-kind">Loại</label>
              <select id="new-kind" name="kind">
                {ORGANISATION_KINDS.map((k) => (
                  <option value={k}>{KIND_LABELS[k]}</option>
                ))}
              </select>
              <label for="new-email">Thư điện tử</label>
              <input id="new-email" name="email" type="email" maxlength={200} />
              <label for="new-pop">Dân số</label>
              <input id="new-pop" name="population" inputmode="numeric" pattern="[0-9]*" />
              <p>
                <button type="submit">Thêm</button>
              </p>
            </form>
          </div>
          <div class="card">
            <h3>Chuyển sang tổ chức cấp trên khác</h3>
            <form method="post" action={`/to-chuc/${org.id}/cap-nhat`}>
              <CsrfField token={csrf} />
              <label for="move-parent">Mã định danh (id) của tổ chức cấp trên mới</label>
              <input id="move-parent" name="parentId" required maxlength={64} />
              <p>
                <button type="submit">Chuyển</button>
              </p>
            </form>
          </div>
          <div class="card">
            <h3>{org.closedOn ? "Mở lại tổ chức" : "Giải thể/sáp nhập"}</h3>
            <form method="post" action={`/to-chuc/${org.id}/cap-nhat`}>
              <CsrfField token={csrf} />
              {org.closedOn ? (
                <input type="hidden" name="action" value="reopen" />
              ) : (
                <>
                  <label for="close-on">Ngày giải thể/sáp nhập</label>
                  <input id="close-on" name="closedOn" type="date" required value={today} />
                </>
              )}
              <p>
                <button type="submit" class="secondary">
                  {org.closedOn ? "Mở lại" : "Ghi nhận giải thể/sáp nhập"}
                </button>
              </p>
            </form>
          </div>
        </section>
      ) : null}
      <p>
        <a href={`/api/organisations.csv?parent=${encodeURIComponent(org.id)}`}>
          Tải danh sách tổ chức trực thuộc (CSV)
        </a>
      </p>
    </>,
  );
});
