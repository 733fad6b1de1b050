/**
 * The "Khóa API" page of an organisation (`tokens.manage`: administrators, and the secretary of
 * the organisation itself): its API tokens with their status, a form to create one (the secret
 * is shown once, on the answer to that form, and never again), and revocation with a confirm
 * step. The same service functions as the JSON API (`src/services/api-tokens.ts`).
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { orgFromParam, orgOfRow, requirePolicy } from "../auth/guard";
import { CsrfField, renderPage } from "../auth/page";
import { ROLE_LABELS } from "../auth/policy";
import { clientIp, csrfTokenFor } from "../auth/web";
import type { Role } from "../db/schema";
import { formatDateVi, localDate, localHour, localMinute } from "../domain/time";
import { getOrg, type OrgRow } from "../features/organisations";
import type { AppEnv } from "../http/context";
import { Breadcrumbs } from "../pages/page-bits";
import { AppError, type FieldError, fieldErrorsFromZod, notFound } from "../platform/errors";
import {
  type CreatedToken,
  createApiToken,
  createSchema,
  getApiToken,
  grantableTokenRoles,
  listApiTokens,
  MAX_TOKEN_DAYS,
  revokeApiToken,
  TOKEN_STATUS_LABELS,
  type TokenListItem,
  type TokenStatus,
  tokenStatus,
} from "../services/api-tokens";

export const tokenPageRoutes = new Hono<AppEnv>();

const DEFAULT_DAYS = "90";

const pad2 = (n: number) => String(n).padStart(2, "0");

/** An instant as `dd/mm/yyyy HH:mm` in Vietnam. */
function when(ms: number): string {
  return `${formatDateVi(localDate(ms))} ${pad2(localHour(ms))}:${pad2(localMinute(ms))}`;
}

const STATUS_CLASS: Record<TokenStatus, string> = { active: "ok", revoked: "muted", expired: "warn" };

interface FormState {
  values?: { name?: string; role?: string; expiresInDays?: string };
  errors?: FieldError[];
  created?: CreatedToken;
  notice?: string;
}

function pagePath(orgId: string): string {
  return `/to-chuc/${encodeURIComponent(orgId)}/khoa-api`;
}

function TokenCard(props: { t: TokenListItem; orgId: string; now: number; revokeLink?: boolean }) {
  const { t } = props;
  const status = tokenStatus(t, props.now);
  return (
    <article class="card" aria-labelledby={`tok-${t.id}`}>
      <h3 id={`tok-${t.id}`}>
        {t.name} <span class={`badge ${STATUS_CLASS[status]}`}>{TOKEN_STATUS_LABELS[status]}</span>
      </h3>
      <dl class="grid">
        <div>
          <dt class="muted">Vai trò</dt>
          <dd>{ROLE_LABELS[t.role]}</dd>
        </div>
        <div>
          <dt class="muted">Người tạo</dt>
          <dd>{t.createdByName ?? "Không rõ"}</dd>
        </div>
        <div>
          <dt class="muted">Ngày tạo</dt>
          <dd>{when(t.createdAt)}</dd>
        </div>
        <div>
          <dt class="muted">Hết hạn</dt>
          <dd>{t.expiresAt === null ? "Không đặt hạn" : when(t.expiresAt)}</dd>
        </div>
        <div>
          <dt class="muted">Lần dùng gần nhất</dt>
          <dd>{t.lastUsedAt === null ? "Chưa dùng" : when(t.lastUsedAt)}</dd>
        </div>
        {t.revokedAt !== null ? (
          <div>
            <dt class="muted">Thu hồi lúc</dt>
            <dd>{when(t.revokedAt)}</dd>
          </div>
        ) : null}
      </dl>
      {status === "revoked" || props.revokeLink === false ? null : (
        <p>
          <a
            class="button secondary"
            href={`${pagePath(props.orgId)}/${encodeURIComponent(t.id)}/thu-hoi`}
            aria-label={`Thu hồi khóa ${t.name}`}
          >
            Thu hồi khóa…
          </a>
        </p>
      )}
    </article>
  );
}

async function tokensPage(c: Context<AppEnv>, org: OrgRow, state: FormState, status: 200 | 403 | 422 = 200) {
  const principal = c.var.principal!;
  const now = c.var.now;
  const [tokens, csrf] = await Promise.all([listApiTokens(c.env.DB, org.id), csrfTokenFor(c)]);
  const roles = grantableTokenRoles(principal, org.path);
  const errorOf = (field: string) => state.errors?.find((e) => e.field === field)?.message;
  const describedBy = (field: string, hint?: string) => (errorOf(field) ? `${field}-error` : hint);
  const ErrorFor = (props: { field: string }) => {
    const message = errorOf(props.field);
    return message ? (
      <p id={`${props.field}-error`} class="error">
        {message}
      </p>
    ) : null;
  };
  const v = state.values ?? {};
  return renderPage(
    c,
    `Khóa API · ${org.name}`,
    <>
      <Breadcrumbs
        items={[
          { href: "/to-chuc", label: "Tổ chức" },
          { href: `/to-chuc/${org.id}`, label: org.name },
          { label: "Khóa API" },
        ]}
      />
      <h1>Khóa API của {org.name}</h1>
      <p>
        Khóa API cho phép phần mềm khác (ví dụ hệ thống của văn phòng cấp ủy) làm việc với hệ thống qua giao
        diện lập trình, với một vai trò tại tổ chức này. Khóa không dùng được để quản lý khóa hay người dùng.
        Xem <a href="/api/docs">tài liệu API</a>.
      </p>
      {state.notice ? (
        <p class="notice" role="status">
          {state.notice}
        </p>
      ) : null}
      {state.created ? (
        <section class="card" aria-labelledby="new-h">
          <h2 id="new-h">Đã tạo khóa “{state.created.name}”</h2>
          <p class="notice" role="alert">
            <strong>Hãy sao chép khóa này ngay bây giờ.</strong> Vì lý do an toàn, hệ thống chỉ lưu bản băm
            của khóa: sau khi rời trang này, không ai (kể cả quản trị) xem lại được khóa. Nếu làm mất, hãy thu
            hồi và tạo khóa mới.
          </p>
          <label for="new-token">Khóa API mới (chỉ hiển thị một lần)</label>
          <textarea id="new-token" class="secret" readonly rows={2} autocomplete="off" spellcheck={false}>
            {state.created.token}
          </textarea>
          <p class="muted">
            Gửi kèm mỗi yêu cầu trong tiêu đề <code>Authorization: Bearer &lt;khóa&gt;</code>. Vai trò:{" "}
            {ROLE_LABELS[state.created.role]}.{" "}
            {state.created.expiresAt === null
              ? "Không đặt hạn."
              : `Hết hạn lúc ${when(state.created.expiresAt)}.`}
          </p>
        </section>
      ) : null}

      <section aria-labelledby="create-h">
        <h2 id="create-h">Tạo khóa API mới</h2>
        {state.errors?.length ? (
          <p class="error" role="alert">
            Chưa tạo được khóa: vui lòng sửa các lỗi bên dưới.
          </p>
        ) : null}
        <form method="post" action={pagePath(org.id)} class="card" novalidate>
          <CsrfField token={csrf} />
          <label for="name">Tên khóa (để nhận biết phần mềm dùng khóa)</label>
          <input
            id="name"
            name="name"
            type="text"
            required
            maxlength={100}
            value={v.name ?? ""}
            aria-invalid={errorOf("name") ? "true" : undefined}
            aria-describedby={describedBy("name")}
          />
          <ErrorFor field="name" />
          <label for="role">Vai trò của khóa</label>
          <select
            id="role"
            name="role"
            required
            aria-invalid={errorOf("role") ? "true" : undefined}
            aria-describedby={describedBy("role", "role-hint")}
          >
            {roles.map((r: Role) => (
              <option value={r} selected={(v.role ?? "viewer") === r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          {errorOf("role") ? (
            <ErrorFor field="role" />
          ) : (
            <p id="role-hint" class="muted">
              Chỉ chọn được những vai trò đồng chí được phép cấp. Nên chọn vai trò thấp nhất đủ dùng.
            </p>
          )}
          <label for="expiresInDays">Hiệu lực (số ngày)</label>
          <input
            id="expiresInDays"
            name="expiresInDays"
            type="number"
            inputmode="numeric"
            min={1}
            max={MAX_TOKEN_DAYS}
            step={1}
            value={v.expiresInDays ?? DEFAULT_DAYS}
            aria-invalid={errorOf("expiresInDays") ? "true" : undefined}
            aria-describedby={describedBy("expiresInDays", "days-hint")}
          />
          {errorOf("expiresInDays") ? (
            <ErrorFor field="expiresInDays" />
          ) : (
            <p id="days-hint" class="muted">
              Từ 1 đến {MAX_TOKEN_DAYS} ngày. Để trống nếu không đặt hạn (không khuyến khích).
            </p>
          )}
          <p>
            <button type="submit">Tạo khóa</button>
          </p>
        </form>
      </section>

      <section aria-labelledby="list-h">
        <h2 id="list-h">Các khóa của tổ chức ({tokens.length})</h2>
        {tokens.length ? (
          tokens.map((t) => <TokenCard t={t} orgId={org.id} now={now} />)
        ) : (
          <p>Tổ chức chưa có khóa API nào.</p>
        )}
      </section>
      <p>
        <a href={`/to-chuc/${org.id}`}>Về trang tổ chức</a>
      </p>
    </>,
    status,
  );
}

async function targetOrgRow(c: Context<AppEnv>): Promise<OrgRow> {
  const org = await getOrg(c.env.DB, c.var.targetOrg!.id);
  if (!org) throw notFound();
  return org;
}

tokenPageRoutes.get(
  "/to-chuc/:id/khoa-api",
  requirePolicy("tokens.manage", orgFromParam("id")),
  async (c) => {
    const org = await targetOrgRow(c);
    const revokedId = c.req.query("da-thu-hoi");
    let notice: string | undefined;
    if (revokedId && revokedId.length <= 64) {
      const t = await getApiToken(c.env.DB, revokedId);
      if (t && t.organisationId === org.id && t.revokedAt !== null) notice = `Đã thu hồi khóa “${t.name}”.`;
    }
    return tokensPage(c, org, { notice });
  },
);

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

tokenPageRoutes.post(
  "/to-chuc/:id/khoa-api",
  requirePolicy("tokens.manage", orgFromParam("id")),
  async (c) => {
    const org = await targetOrgRow(c);
    const body = await c.req.parseBody();
    const values = {
      name: str(body.name)?.slice(0, 500),
      role: str(body.role)?.slice(0, 100),
      expiresInDays: str(body.expiresInDays)?.trim().slice(0, 20),
    };
    const days = values.expiresInDays;
    const parsed = createSchema.safeParse({
      name: values.name,
      role: values.role,
      // A form sends text: blank = no expiry; digits = a number; anything else is refused by the schema.
      expiresInDays: !days ? undefined : /^\d{1,6}$/.test(days) ? Number(days) : days,
    });
    if (!parsed.success) return tokensPage(c, org, { values, errors: fieldErrorsFromZod(parsed.error) }, 422);
    try {
      const created = await createApiToken(c.env.DB, org, parsed.data, {
        actor: c.var.principal!,
        now: c.var.now,
        ip: clientIp(c),
      });
      return tokensPage(c, org, { created });
    } catch (err) {
      if (err instanceof AppError && err.kind === "forbidden" && err.fields.length) {
        return tokensPage(c, org, { values, errors: err.fields }, 403);
      }
      throw err;
    }
  },
);

/** The token of the revoke routes, which must belong to the organisation in the path. */
async function tokenInPath(c: Context<AppEnv>): Promise<{ org: OrgRow; token: TokenListItem }> {
  if (c.var.targetOrg!.id !== c.req.param("id")) throw notFound("Không tìm thấy khóa API");
  const [org, token] = await Promise.all([
    targetOrgRow(c),
    getApiToken(c.env.DB, c.req.param("tokenId") ?? ""),
  ]);
  if (!token) throw notFound("Không tìm thấy khóa API");
  return { org, token };
}

tokenPageRoutes.get(
  "/to-chuc/:id/khoa-api/:tokenId/thu-hoi",
  requirePolicy("tokens.manage", orgOfRow("api_tokens", "tokenId")),
  async (c) => {
    const { org, token } = await tokenInPath(c);
    const back = pagePath(org.id);
    const csrf = await csrfTokenFor(c);
    return renderPage(
      c,
      "Thu hồi khóa API",
      <>
        <Breadcrumbs
          items={[
            { href: "/to-chuc", label: "Tổ chức" },
            { href: `/to-chuc/${org.id}`, label: org.name },
            { href: back, label: "Khóa API" },
            { label: "Thu hồi" },
          ]}
        />
        <h1>Thu hồi khóa “{token.name}”</h1>
        <TokenCard t={token} orgId={org.id} now={c.var.now} revokeLink={false} />
        {token.revokedAt !== null ? (
          <p role="status">Khóa này đã được thu hồi lúc {when(token.revokedAt)}.</p>
        ) : (
          <form method="post" action={`${back}/${encodeURIComponent(token.id)}/thu-hoi`} class="card">
            <CsrfField token={csrf} />
            <p>
              <strong>Mọi phần mềm đang dùng khóa này sẽ bị từ chối ngay lập tức.</strong> Không thể hoàn tác:
              nếu vẫn cần kết nối, hãy tạo khóa mới.
            </p>
            <p>
              <button type="submit">Thu hồi khóa “{token.name}”</button>
            </p>
          </form>
        )}
        <p>
          <a href={back}>Quay lại danh sách khóa API</a>
        </p>
      </>,
    );
  },
);

tokenPageRoutes.post(
  "/to-chuc/:id/khoa-api/:tokenId/thu-hoi",
  requirePolicy("tokens.manage", orgOfRow("api_tokens", "tokenId")),
  async (c) => {
    const { org, token } = await tokenInPath(c);
    await revokeApiToken(c.env.DB, token.id, org.id, {
      actor: c.var.principal!,
      now: c.var.now,
      ip: clientIp(c),
    });
    return c.redirect(`${pagePath(org.id)}?da-thu-hoi=${encodeURIComponent(token.id)}`, 303);
  },
);
