/** The API documentation page (`/api/docs`): JSX only, read from the generated document. */
import { ColumnHeads } from "../../pages/page-bits";
import type { JsonSchema } from "./docs.document";

const PARAMETER_PLACES: Record<string, string> = { path: "đường dẫn", query: "truy vấn", header: "tiêu đề" };

interface ParamObject {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: JsonSchema;
}
interface OperationObject {
  summary: string;
  tags?: string[];
  security?: unknown[];
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

/** The API for people: every operation by tag, its parameters, body and answers. */
export function DocsView(props: { document: JsonSchema }) {
  const doc = props.document as {
    paths: Record<string, Record<string, OperationObject>>;
    tags: { name: string }[];
  };
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, o]) => ({ method, path, o })),
  );
  const tags = doc.tags.map((t) => t.name);
  const anchor = (method: string, path: string) =>
    `${method}-${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
  return (
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
          {operations.map((op) => (
            <li>
              <a href={`#${anchor(op.method, op.path)}`}>
                <code>
                  {op.method.toUpperCase()} {op.path}
                </code>
              </a>{" "}
              — {op.o.summary}
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {operations
            .filter((op) => op.o.tags?.[0] === tag)
            .map(({ method, path, o }) => {
              const op = { method, path };
              const id = anchor(op.method, op.path);
              return (
                <article aria-labelledby={id}>
                  <h3 id={id}>
                    <code>
                      {op.method.toUpperCase()} {op.path}
                    </code>
                  </h3>
                  <p>
                    {o.summary}
                    {o.security?.length === 0 ? " (không cần đăng nhập)" : ""}
                  </p>
                  {o.parameters?.length ? (
                    <table>
                      <caption>Tham số</caption>
                      <ColumnHeads columns={["Tên", "Vị trí", "Kiểu", "Bắt buộc"]} />
                      <tbody>
                        {o.parameters.map((p) => (
                          <tr>
                            <td>
                              <code>{p.name}</code>
                            </td>
                            <td>{PARAMETER_PLACES[p.in] ?? p.in}</td>
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
    </>
  );
}
