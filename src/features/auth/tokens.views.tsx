/** The "Khóa API" pages' JSX: the list with the create form (and the secret, once), and the revoke step. */
import { CsrfField } from "../../auth/page";
import { ROLE_LABELS } from "../../auth/policy";
import type { Role } from "../../db/schema";
import { formatDateThenTimeVi } from "../../domain/time";
import { Alert, Fact, FieldMessage, Notice, OrgBreadcrumbs, Submit } from "../../pages/page-bits";
import type { FieldError } from "../../platform/errors";
import { MAX_TOKEN_DAYS } from "./tokens.schemas";
import {
  type CreatedToken,
  TOKEN_STATUS_LABELS,
  type TokenListItem,
  type TokenStatus,
  tokenStatus,
} from "./tokens.service";

const DEFAULT_DAYS = "90";

const STATUS_CLASS: Record<TokenStatus, string> = { active: "ok", revoked: "muted", expired: "warn" };

export interface TokenFormState {
  values?: { name?: string; role?: string; expiresInDays?: string };
  errors?: FieldError[];
  created?: CreatedToken;
  notice?: string;
}

/** The organisation the pages are about. */
export interface TokenOrg {
  id: string;
  name: string;
}

export function tokensPagePath(orgId: string): string {
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
        <Fact label="Vai trò">{ROLE_LABELS[t.role]}</Fact>
        <Fact label="Người tạo">{t.createdByName ?? "Không rõ"}</Fact>
        <Fact label="Ngày tạo">{formatDateThenTimeVi(t.createdAt)}</Fact>
        <Fact label="Hết hạn">
          {t.expiresAt === null ? "Không đặt hạn" : formatDateThenTimeVi(t.expiresAt)}
        </Fact>
        <Fact label="Lần dùng gần nhất">
          {t.lastUsedAt === null ? "Chưa dùng" : formatDateThenTimeVi(t.lastUsedAt)}
        </Fact>
        {t.revokedAt !== null ? <Fact label="Thu hồi lúc">{formatDateThenTimeVi(t.revokedAt)}</Fact> : null}
      </dl>
      {status === "revoked" || props.revokeLink === false ? null : (
        <p>
          <a
            class="button secondary"
            href={`${tokensPagePath(props.orgId)}/${encodeURIComponent(t.id)}/thu-hoi`}
            aria-label={`Thu hồi khóa ${t.name}`}
          >
            Thu hồi khóa…
          </a>
        </p>
      )}
    </article>
  );
}

function CreatedTokenView(props: { created: CreatedToken }) {
  const { created } = props;
  return (
    <section class="card" aria-labelledby="new-h">
      <h2 id="new-h">Đã tạo khóa “{created.name}”</h2>
      <p class="notice" role="alert">
        <strong>Hãy sao chép khóa này ngay bây giờ.</strong> Vì lý do an toàn, hệ thống chỉ lưu bản băm của
        khóa: sau khi rời trang này, không ai (kể cả quản trị) xem lại được khóa. Nếu làm mất, hãy thu hồi và
        tạo khóa mới.
      </p>
      <label for="new-token">Khóa API mới (chỉ hiển thị một lần)</label>
      <textarea id="new-token" class="secret" readonly rows={2} autocomplete="off" spellcheck={false}>
        {created.token}
      </textarea>
      <p class="muted">
        Gửi kèm mỗi yêu cầu trong tiêu đề <code>Authorization: Bearer &lt;khóa&gt;</code>. Vai trò:{" "}
        {ROLE_LABELS[created.role]}.{" "}
        {created.expiresAt === null
          ? "Không đặt hạn."
          : `Hết hạn lúc ${formatDateThenTimeVi(created.expiresAt)}.`}
      </p>
    </section>
  );
}

function CreateTokenForm(props: { org: TokenOrg; roles: Role[]; state: TokenFormState; csrf: string }) {
  const { state } = props;
  const errorOf = (field: string) => state.errors?.find((e) => e.field === field)?.message;
  const describedBy = (field: string, hint?: string) => (errorOf(field) ? `${field}-error` : hint);
  const ErrorFor = (p: { field: string }) => <FieldMessage field={p.field} message={errorOf(p.field)} />;
  const v = state.values ?? {};
  return (
    <section aria-labelledby="create-h">
      <h2 id="create-h">Tạo khóa API mới</h2>
      {state.errors?.length ? <Alert>Chưa tạo được khóa: vui lòng sửa các lỗi bên dưới.</Alert> : null}
      <form method="post" action={tokensPagePath(props.org.id)} class="card" novalidate>
        <CsrfField token={props.csrf} />
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
          {props.roles.map((r: Role) => (
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
        <Submit>Tạo khóa</Submit>
      </form>
    </section>
  );
}

export function TokensView(props: {
  org: TokenOrg;
  tokens: TokenListItem[];
  roles: Role[];
  state: TokenFormState;
  csrf: string;
  now: number;
}) {
  const { org, tokens, state } = props;
  return (
    <>
      <OrgBreadcrumbs org={org} items={[{ label: "Khóa API" }]} />
      <h1>Khóa API của {org.name}</h1>
      <p>
        Khóa API cho phép phần mềm khác (ví dụ hệ thống của văn phòng cấp ủy) làm việc với hệ thống qua giao
        diện lập trình, với một vai trò tại tổ chức này. Khóa không dùng được để quản lý khóa hay người dùng.
        Xem <a href="/api/docs">tài liệu API</a>.
      </p>
      <Notice text={state.notice} />
      {state.created ? <CreatedTokenView created={state.created} /> : null}

      <CreateTokenForm org={org} roles={props.roles} state={state} csrf={props.csrf} />

      <section aria-labelledby="list-h">
        <h2 id="list-h">Các khóa của tổ chức ({tokens.length})</h2>
        {tokens.length ? (
          tokens.map((t) => <TokenCard t={t} orgId={org.id} now={props.now} />)
        ) : (
          <p>Tổ chức chưa có khóa API nào.</p>
        )}
      </section>
      <p>
        <a href={`/to-chuc/${org.id}`}>Về trang tổ chức</a>
      </p>
    </>
  );
}

export function RevokeTokenView(props: { org: TokenOrg; token: TokenListItem; csrf: string; now: number }) {
  const { org, token } = props;
  const back = tokensPagePath(org.id);
  return (
    <>
      <OrgBreadcrumbs org={org} items={[{ href: back, label: "Khóa API" }, { label: "Thu hồi" }]} />
      <h1>Thu hồi khóa “{token.name}”</h1>
      <TokenCard t={token} orgId={org.id} now={props.now} revokeLink={false} />
      {token.revokedAt !== null ? (
        <p role="status">Khóa này đã được thu hồi lúc {formatDateThenTimeVi(token.revokedAt)}.</p>
      ) : (
        <form method="post" action={`${back}/${encodeURIComponent(token.id)}/thu-hoi`} class="card">
          <CsrfField token={props.csrf} />
          <p>
            <strong>Mọi phần mềm đang dùng khóa này sẽ bị từ chối ngay lập tức.</strong> Không thể hoàn tác:
            nếu vẫn cần kết nối, hãy tạo khóa mới.
          </p>
          <Submit>Thu hồi khóa “{token.name}”</Submit>
        </form>
      )}
      <p>
        <a href={back}>Quay lại danh sách khóa API</a>
      </p>
    </>
  );
}
