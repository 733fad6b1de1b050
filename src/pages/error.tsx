import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import type { AppError, ErrorKind } from "../platform/errors";
import { httpStatusOf } from "../platform/http-errors";
import { Layout } from "./layout";

/**
 * A browser asking for a page (a GET, or a form's POST, outside /api/, accepting HTML): it gets
 * HTML (a page, an error page, a redirect); API clients get JSON.
 */
export function wantsHtml(c: Context<AppEnv>): boolean {
  return (
    (c.req.method === "GET" || c.req.method === "POST") &&
    !c.req.path.startsWith("/api/") &&
    (c.req.header("accept") ?? "").includes("text/html")
  );
}

const TITLES: Partial<Record<ErrorKind, string>> = {
  unauthenticated: "Cần đăng nhập",
  forbidden: "Không có quyền truy cập",
  not_found: "Không tìm thấy",
  conflict: "Xung đột dữ liệu",
  rate_limited: "Quá nhiều yêu cầu",
};

export function errorPage(c: Context<AppEnv>, err: AppError) {
  const title = TITLES[err.kind] ?? "Có lỗi xảy ra";
  return c.html(
    <Layout title={title}>
      <h1>{title}</h1>
      <p role="alert">{err.message}</p>
      <p>
        <a href="/">Về trang chủ</a>
      </p>
    </Layout>,
    httpStatusOf(err),
  );
}
