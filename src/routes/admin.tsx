/** Administration: the admin index page and role management (API + a simple page), audited. */
import { type Context, Hono } from "hono";
import * as z from "zod";
import { authorize, loadOrg, orgOfRow, requirePolicy } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { ROLE_LABELS } from "../auth/policy";
import { grantRole, revokeRole } from "../auth/roles";
import { clientIp, csrfTokenFor } from "../auth/web";
import { ROLES } from "../db/schema";
import { containsPattern } from "../domain/org-tree";
import type { AppEnv } from "../http/context";
import { AppError, type FieldError, fieldErrorsFromZod, validationError } from "../platform/errors";

export const adminRoutes = new Hono<AppEnv>();

export const grantSchema = z
  .object({
    personId: z.string().min(1).max(100).optional(),
    email: z.email({ error: "Địa chỉ thư điện tử không hợp lệ" }).max(254).optional(),
    organisationId: z.string().min(1, "Vui lòng chọn tổ chức").max(100),
    role: z.enum(ROLES, { error: "Vai trò không hợp lệ" }),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((v) => v.personId !== undefined || v.email !== undefined, {
    message: "Cần mã người dùng hoặc địa chỉ thư điện tử",
    path: ["email"],
  });

export const listQuery = z.object({
  organisationId: z.string().max(100).optional(),
  personId: z.string().max(100).optional(),
  q: z.string().trim().max(254).optional(),
});

async function findPerson(db: D1Database, by: { personId?: string; email?: string }) {
  return by.personId
    ? db.prepare("select id from people where id = ?").bind(by.personId).first<{ id: string }>()
    : db
        .prepare("select id from people where email = ?")
        .bind(by.email!.trim().toLowerCase())
        .first<{ id: string }>();
}

interface MembershipRow {
  id: string;
  role: (typeof ROLES)[number];
  createdAt: number;
  personId: string;
  email: string;
  fullName: string;
  organisationId: string;
  organisationCode: string;
  organisationName: string;
}

async function listMemberships(db: D1Database, filter: z.infer<typeof listQuery>): Promise<MembershipRow[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.organisationId) {
    where.push("m.organisation_id = ?");
    params.push(filter.organisationId);
  }
  if (filter.personId) {
    where.push("m.person_id = ?");
    params.push(filter.personId);
  }
  if (filter.q) {
    where.push(
      "(p.email like ? escape '\\' or p.full_name like ? escape '\\' or o.code like ? escape '\\' or o.name like ? escape '\\')",
    );
    // Cut to D1's 50-byte LIKE limit (a longer pattern is a 500).
    const like = containsPattern(filter.q);
    params.push(like, like, like, like);
  }
  const { results } = await db
    .prepare(
      `select m.id, m.role, m.created_at as createdAt, p.id as personId, p.email, p.full_name as fullName,
              o.id as organisationId, o.code as organisationCode, o.name as organisationName
       from memberships m join people p on p.id = m.person_id join organisations o on o.id = m.organisation_id
       ${where.length ? `where ${where.join(" and ")}` : ""}
       order by o.path, p.full_name limit 200`,
    )
    .bind(...params)
    .all<MembershipRow>();
  return results;
}

adminRoutes.get("/api/memberships", requirePolicy("roles.manage"), async (c) => {
  const parsed = listQuery.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  return c.json({ memberships: await listMemberships(c.env.DB, parsed.data) });
});

adminRoutes.post("/api/memberships", requirePolicy("roles.manage", "in-handler"), async (c) => {
  const json = await c.req.json().catch(() => {
    throw new AppError("malformed", "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ");
  });
  const parsed = grantSchema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  const org = await loadOrg(c.env.DB, parsed.data.organisationId);
  if (!org) {
    throw new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", [
      { field: "organisationId", message: "Không tìm thấy tổ chức" },
    ]);
  }
  authorize(c, "roles.manage", org);
  const person = await findPerson(c.env.DB, parsed.data);
  if (!person) {
    throw new AppError("invalid", "validation_failed", "Dữ liệu không hợp lệ", [
      { field: parsed.data.personId ? "personId" : "email", message: "Không tìm thấy người dùng" },
    ]);
  }
  const { id } = await grantRole(
    c.env.DB,
    { personId: person.id, organisationId: org.id, role: parsed.data.role },
    { actor: c.var.principal!, now: c.var.now, ip: clientIp(c), reason: parsed.data.reason },
  );
  return c.json({ id, personId: person.id, organisationId: org.id, role: parsed.data.role }, 201);
});

adminRoutes.delete(
  "/api/memberships/:id",
  requirePolicy("roles.manage", orgOfRow("memberships", "id")),
  async (c) => {
    await revokeRole(c.env.DB, c.req.param("id"), {
      actor: c.var.principal!,
      now: c.var.now,
      ip: clientIp(c),
    });
    return c.json({ ok: true });
  },
);

// Pages.

adminRoutes.get("/quan-tri", requirePolicy("admin.read"), (c) =>
  renderPage(
    c,
    "Quản trị",
    <>
      <h1>Quản trị hệ thống</h1>
      <ul>
        <li>
          <a href="/quan-tri/vai-tro">Vai trò người dùng</a>: cấp và thu hồi vai trò trong các tổ chức
        </li>
        <li>
          <a href="/quan-tri/lich">Lịch ngày nghỉ</a>: ngày lễ, Tết, nghỉ bù, làm bù theo từng năm, kèm văn
          bản căn cứ
        </li>
      </ul>
    </>,
  ),
);

interface FormState {
  email?: string;
  organisationCode?: string;
  role?: string;
  errors?: FieldError[];
  notice?: string;
}

async function rolesPage(c: Context<AppEnv>, state: FormState, status: 200 | 409 | 422 = 200) {
  const q = listQuery.safeParse(c.req.query());
  const filter = q.success ? q.data : {};
  const rows = await listMemberships(c.env.DB, filter);
  const csrf = await csrfTokenFor(c);
  const err = (field: string) => state.errors?.find((e) => e.field === field)?.message;
  const errorFor = (field: string) => {
    const message = err(field);
    return message ? (
      <p id={`${field}-error`} class="error">
        {message}
      </p>
    ) : null;
  };
  return renderPage(
    c,
    "Vai trò người dùng",
    <>
      <h1>Vai trò người dùng</h1>
      {state.notice ? (
        <p class="notice" role="status">
          {state.notice}
        </p>
      ) : null}
      {state.errors?.length ? (
        <p class="error" role="alert">
          Chưa cấp được vai trò: vui lòng sửa các lỗi bên dưới.
        </p>
      ) : null}
      <h2>Cấp vai trò</h2>
      <form method="post" action="/quan-tri/vai-tro" class="card">
        <CsrfField token={csrf} />
        <label for="email">Địa chỉ thư điện tử của người dùng</label>
        <input
          id="email"
          name="email"
          type="email"
          required
          value={state.email ?? ""}
          aria-invalid={err("email") ? "true" : undefined}
          aria-describedby={err("email") ? "email-error" : undefined}
        />
        {errorFor("email")}
        <label for="organisationCode">Mã tổ chức</label>
        <input
          id="organisationCode"
          name="organisationCode"
          type="text"
          required
          value={state.organisationCode ?? ""}
          aria-invalid={err("organisationCode") ? "true" : undefined}
          aria-describedby={err("organisationCode") ? "organisationCode-error" : undefined}
        />
        {errorFor("organisationCode")}
        <label for="role">Vai trò</label>
        <select id="role" name="role" required>
          {ROLES.map((r) => (
            <option value={r} selected={state.role === r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        {errorFor("role")}
        <label for="reason">Lý do (không bắt buộc)</label>
        <input id="reason" name="reason" type="text" maxlength={500} />
        <p>
          <button type="submit">Cấp vai trò</button>
        </p>
      </form>
      <h2>Danh sách vai trò</h2>
      <form method="get" action="/quan-tri/vai-tro">
        <label for="q">Tìm theo tên, thư điện tử, mã hoặc tên tổ chức</label>
        <input id="q" name="q" type="search" value={filter.q ?? ""} />
        <p>
          <button type="submit" class="secondary">
            Tìm
          </button>
        </p>
      </form>
      <table>
        <caption class="muted">Hiển thị tối đa 200 dòng</caption>
        <thead>
          <tr>
            <th scope="col">Người dùng</th>
            <th scope="col">Tổ chức</th>
            <th scope="col">Vai trò</th>
            <th scope="col">Thao tác</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                {r.fullName}
                <br />
                <span class="muted">{r.email}</span>
              </td>
              <td>
                {r.organisationName} <span class="muted">({r.organisationCode})</span>
              </td>
              <td>{ROLE_LABELS[r.role]}</td>
              <td>
                <form method="post" action={`/quan-tri/vai-tro/${r.id}/thu-hoi`}>
                  <CsrfField token={csrf} />
                  <button
                    type="submit"
                    class="secondary"
                    aria-label={`Thu hồi vai trò ${ROLE_LABELS[r.role]} của ${r.fullName} tại ${r.organisationName}`}
                  >
                    Thu hồi
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>,
    status,
  );
}

adminRoutes.get("/quan-tri/vai-tro", requirePolicy("roles.manage"), (c) => rolesPage(c, {}));

const grantFormSchema = z.object({
  email: z.email({ error: "Địa chỉ thư điện tử không hợp lệ" }).max(254),
  organisationCode: z.string().trim().min(1, "Vui lòng nhập mã tổ chức").max(100),
  role: z.enum(ROLES, { error: "Vai trò không hợp lệ" }),
  reason: z.string().trim().max(500).optional(),
});

// The page is for administrators (a global scope), checked before anything is read.
adminRoutes.post("/quan-tri/vai-tro", requirePolicy("roles.manage"), async (c) => {
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
  const org = await c.env.DB.prepare("select id, path from organisations where code = ?")
    .bind(parsed.data.organisationCode)
    .first<{ id: string; path: string }>();
  if (!org) {
    return rolesPage(
      c,
      { ...input, errors: [{ field: "organisationCode", message: "Không tìm thấy tổ chức có mã này" }] },
      422,
    );
  }
  const person = await findPerson(c.env.DB, { email: parsed.data.email });
  if (!person) {
    return rolesPage(
      c,
      { ...input, errors: [{ field: "email", message: "Không tìm thấy người dùng có địa chỉ này" }] },
      422,
    );
  }
  try {
    await grantRole(
      c.env.DB,
      { personId: person.id, organisationId: org.id, role: parsed.data.role },
      { actor: c.var.principal!, now: c.var.now, ip: clientIp(c), reason: parsed.data.reason },
    );
  } catch (e) {
    if (e instanceof AppError && e.kind === "conflict") {
      return rolesPage(c, { ...input, errors: [{ field: "role", message: e.message }] }, 409);
    }
    throw e;
  }
  return rolesPage(c, {
    notice: `Đã cấp vai trò ${ROLE_LABELS[parsed.data.role]} cho ${parsed.data.email}.`,
  });
});

adminRoutes.post(
  "/quan-tri/vai-tro/:id/thu-hoi",
  requirePolicy("roles.manage", orgOfRow("memberships", "id")),
  async (c) => {
    try {
      await revokeRole(c.env.DB, c.req.param("id"), {
        actor: c.var.principal!,
        now: c.var.now,
        ip: clientIp(c),
      });
    } catch (e) {
      if (e instanceof AppError && e.kind === "conflict")
        return rolesPage(c, { errors: [], notice: e.message }, 409);
      throw e;
    }
    return c.redirect("/quan-tri/vai-tro", 303);
  },
);
