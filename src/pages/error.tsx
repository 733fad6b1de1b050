import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import type { AppError, ErrorKind } from "../platform/errors";
import { httpStatusOf } from "../platform/http-errors";
import { Layout } from "./layout";

/** Browsers asking for a page get an HTML error page; API clients get the JSON error body. */
export function wantsHtml(method: string, path: string, accept: string | undefined): boolean {
  return (
    (method === "GET" || method === "POST") &&
    !path.startsWith("/api/") &&
    (accept ?? "").includes("text/html")
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
