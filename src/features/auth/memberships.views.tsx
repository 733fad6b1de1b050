/** The administration pages' JSX: the admin index, and roles (grant form, search, list with revoke). */

import { CsrfField, PostButton } from "../../auth/page";
import { ROLE_LABELS } from "../../auth/policy";
import { ROLES } from "../../db/schema";
import { Alert, ColumnHeads, Notice, Submit } from "../../pages/page-bits";
import type { FieldError } from "../../platform/errors";
import type { MembershipRow } from "./memberships.service";

export function AdminIndexView() {
  return (
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
    </>
  );
}

export interface RolesFormState {
  email?: string;
  organisationCode?: string;
  role?: string;
  errors?: FieldError[];
  notice?: string;
}

function GrantForm(props: { state: RolesFormState; csrf: string }) {
  const { state } = props;
  const err = (field: string) => state.errors?.find((e) => e.field === field)?.message;
  const errorFor = (field: string) => {
    const message = err(field);
    return message ? (
      <p id={`${field}-error`} class="error">
        {message}
      </p>
    ) : null;
  };
  /** A required input with its label and its error, the field named and identified by `field`. */
  const required = (field: "email" | "organisationCode", type: string, label: string) => (
    <>
      <label for={field}>{label}</label>
      <input
        id={field}
        name={field}
        type={type}
        required
        value={state[field] ?? ""}
        aria-invalid={err(field) ? "true" : undefined}
        aria-describedby={err(field) ? `${field}-error` : undefined}
      />
      {errorFor(field)}
    </>
  );
  return (
    <form method="post" action="/quan-tri/vai-tro" class="card">
      <CsrfField token={props.csrf} />
      {required("email", "email", "Địa chỉ thư điện tử của người dùng")}
      {required("organisationCode", "text", "Mã tổ chức")}
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
      <Submit>Cấp vai trò</Submit>
    </form>
  );
}

function MembershipTable(props: { rows: MembershipRow[]; csrf: string }) {
  return (
    <table>
      <caption class="muted">Hiển thị tối đa 200 dòng</caption>
      <ColumnHeads columns={["Người dùng", "Tổ chức", "Vai trò", "Thao tác"]} />
      <tbody>
        {props.rows.map((r) => (
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
              <PostButton
                action={`/quan-tri/vai-tro/${r.id}/thu-hoi`}
                csrf={props.csrf}
                label={`Thu hồi vai trò ${ROLE_LABELS[r.role]} của ${r.fullName} tại ${r.organisationName}`}
              >
                Thu hồi
              </PostButton>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RolesView(props: { state: RolesFormState; rows: MembershipRow[]; q?: string; csrf: string }) {
  const { state } = props;
  return (
    <>
      <h1>Vai trò người dùng</h1>
      <Notice text={state.notice} />
      {state.errors?.length ? <Alert>Chưa cấp được vai trò: vui lòng sửa các lỗi bên dưới.</Alert> : null}
      <h2>Cấp vai trò</h2>
      <GrantForm state={state} csrf={props.csrf} />
      <h2>Danh sách vai trò</h2>
      <form method="get" action="/quan-tri/vai-tro">
        <label for="q">Tìm theo tên, thư điện tử, mã hoặc tên tổ chức</label>
        <input id="q" name="q" type="search" value={props.q ?? ""} />
        <p>
          <button type="submit" class="secondary">
            Tìm
          </button>
        </p>
      </form>
      <MembershipTable rows={props.rows} csrf={props.csrf} />
    </>
  );
}
