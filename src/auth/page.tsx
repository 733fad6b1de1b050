import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../http/context";
import { Layout } from "../pages/layout";
import { type Action, isAdmin, scopeFor } from "./policy";
import { csrfTokenFor } from "./web";

/** A hidden CSRF field for forms (session token when signed in, else the pre-session token). */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

/**
 * A form that is one secondary button posting to `action` with the CSRF field and any hidden
 * fields: a table row's "Xóa" or "Thu hồi". `label` names the button for screen readers.
 */
export function PostButton(props: {
  action: string;
  csrf: string;
  class?: string;
  hidden?: Record<string, string>;
  label?: string;
  children: Child;
}) {
  return (
    <form method="post" action={props.action} class={props.class}>
      <CsrfField token={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="secondary" aria-label={props.label}>
        {props.children}
      </button>
    </form>
  );
}

/**
 * Renders a page in the common layout with the signed-in person's name, the CSRF meta tag and
 * the sign-out button (a POST form, since sign-out changes state).
 */
export async function renderPage(
  c: Context<AppEnv>,
  title: string,
  body: Child,
  status: ContentfulStatusCode = 200,
) {
  const principal = c.var.principal;
  const csrf = principal ? await csrfTokenFor(c) : undefined;
  const may = (action: Action) => {
    const scope = scopeFor(principal, action);
    return scope.global || scope.subtrees.length > 0 || scope.exact.length > 0;
  };
  // Only the places this person can use: a secretary sees their work, staff see monitoring.
  const nav = principal ? (
    <>
      <a href="/">Trang chủ</a>
      {may("dashboard.read") ? <a href="/giam-sat">Giám sát</a> : null}
      {may("report.review") ? <a href="/duyet">Duyệt báo cáo</a> : null}
      {may("report.review") ? <a href="/tong-hop">Tổng hợp</a> : null}
      <a href="/to-chuc">Tổ chức</a>
      <a href="/chi-thi">Chỉ thị</a>
      <a href="/lich-bao-cao">Lịch báo cáo</a>
      {principal.kind === "person" ? <a href="/cai-dat/thong-bao">Cài đặt thư</a> : null}
      {isAdmin(principal) ? <a href="/quan-tri">Quản trị</a> : null}
      {isAdmin(principal) ? <a href="/nhap-du-lieu">Nhập dữ liệu</a> : null}
      <form method="post" action="/dang-xuat" class="inline">
        <CsrfField token={csrf ?? ""} />
        <button type="submit" class="secondary">
          Đăng xuất
        </button>
      </form>
    </>
  ) : (
    <a href="/dang-nhap">Đăng nhập</a>
  );
  return c.html(
    <Layout title={title} userName={principal?.fullName} csrfToken={csrf} nav={nav}>
      {body}
    </Layout>,
    status,
  );
}
