import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import type { AppError } from "../http/errors";
import { Layout } from "./layout";

/** Browsers asking for a page get an HTML error page; API clients get the JSON error body. */
export function wantsHtml(method: string, path: string, accept: string | undefined): boolean {
  return (
    (method === "GET" || method === "POST") &&
    !path.startsWith("/api/") &&
    (accept ?? "").includes("text/html")
  );
}

const TITLES: Record<number, string> = {
  401: "Cần đăng nhập",
  403: "Không có quyền truy cập",
  404: "Không tìm thấy",
  409: "Xung đột dữ liệu",
  429: "Quá nhiều yêu cầu",
};

export function errorPage(c: Context<AppEnv>, err: AppError) {
  const title = TITLES[err.status] ?? "Có lỗi xảy ra";
  return c.html(
    <Layout title={title}>
      <h1>{title}</h1>
      <p role="alert">{err.message}</p>
      <p>
        <a href="/">Về trang chủ</a>
      </p>
    </Layout>,
    err.status,
  );
}
