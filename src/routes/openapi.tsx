/** The API description (OpenAPI 3.1 JSON) and a server-rendered page that reads it for people. */
import { Hono } from "hono";
import { publicRoute } from "../auth/guard";
import { renderPage } from "../auth/page";
import type { AppEnv } from "../http/context";
import { type JsonSchema, OPERATIONS, openApiDocument } from "../openapi";

export const openApiRoutes = new Hono<AppEnv>();

let cached: { url: string; doc: JsonSchema } | undefined;
/** The document only depends on the app URL: build it once per isolate. */
function documentFor(url: string): JsonSchema {
  if (cached?.url !== url) cached = { url, doc: openApiDocument(url) };
  return cached.doc;
}

openApiRoutes.get("/api/openapi.json", publicRoute(), (c) => {
  c.header("cache-control", "public, max-age=300");
  return c.json(documentFor(c.var.config.appUrl));
});

interface ParamObject {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: JsonSchema;
}
interface OperationObject {
  parameters?: ParamObject[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string }>;
}

const typeOf = (s: JsonSchema): string => {
  if (typeof s.type === "string") return s.type;
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (Array.isArray(s.enum)) return s.enum.map(String).join(" | ");
  return "—";
};

openApiRoutes.get("/api/docs", publicRoute(), (c) => {
  const doc = documentFor(c.var.config.appUrl) as { paths: Record<string, Record<string, OperationObject>> };
  const tags = [...new Set(OPERATIONS.flatMap((o) => o.tags))];
  const anchor = (method: string, path: string) =>
    `${method}-${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
  return renderPage(
    c,
    "Tài liệu API",
    <>
      <h1>Tài liệu API</h1>
      <p>
        Mô tả đầy đủ theo chuẩn OpenAPI 3.1: <a href="/api/openapi.json">/api/openapi.json</a>. Lỗi luôn có
        dạng <code>{"{ error: { code, message, fields: [{ field, message }] } }"}</code>. Xác thực bằng cookie
        phiên đăng nhập (kèm tiêu đề <code>x-csrf-token</code> cho yêu cầu thay đổi dữ liệu) hoặc mã truy cập
        API (<code>Authorization: Bearer …</code>).
      </p>
      <nav aria-label="Mục lục API">
        <ul>
          {OPERATIONS.map((op) => (
            <li>
              <a href={`#${anchor(op.method, op.path)}`}>
                <code>
                  {op.method.toUpperCase()} {op.path}
                </code>
              </a>{" "}
              — {op.summary}
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {OPERATIONS.filter((op) => op.tags[0] === tag).map((op) => {
            const o = doc.paths[op.path]![op.method]!;
            const id = anchor(op.method, op.path);
            return (
              <article aria-labelledby={id}>
                <h3 id={id}>
                  <code>
                    {op.method.toUpperCase()} {op.path}
                  </code>
                </h3>
                <p>
                  {op.summary}
                  {op.public ? " (không cần đăng nhập)" : ""}
                </p>
                {o.parameters?.length ? (
                  <table>
                    <caption>Tham số</caption>
                    <thead>
                      <tr>
                        <th scope="col">Tên</th>
                        <th scope="col">Vị trí</th>
                        <th scope="col">Kiểu</th>
                        <th scope="col">Bắt buộc</th>
                      </tr>
                    </thead>
                    <tbody>
                      {o.parameters.map((p) => (
                        <tr>
                          <td>
                            <code>{p.name}</code>
                          </td>
                          <td>{p.in === "path" ? "đường dẫn" : "truy vấn"}</td>
                          <td>{typeOf(p.schema)}</td>
                          <td>{p.required ? "có" : "không"}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {o.requestBody
                  ? Object.entries(o.requestBody.content).map(([type, media]) => (
                      <details>
                        <summary>
                          Nội dung gửi lên (<code>{type}</code>)
                        </summary>
                        <pre>{JSON.stringify(media.schema, null, 2)}</pre>
                      </details>
                    ))
                  : null}
                <p>
                  Trả lời:{" "}
                  {Object.entries(o.responses)
                    .map(([status, r]) => `${status} ${r.description}`)
                    .join("; ")}
                </p>
              </article>
            );
          })}
        </section>
      ))}
    </>,
  );
});
