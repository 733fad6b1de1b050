/** The CSV import page: JSX only, fed by import.pages.tsx. */

import { CsrfField } from "../../auth/page";
import { ROLE_LABELS } from "../../auth/policy";
import { ORGANISATION_KINDS, ROLES } from "../../domain/enums";
import { ORGANISATION_KIND_LABELS as KIND_LABELS } from "../../domain/status-labels";
import { ColumnHeads } from "../../pages/page-bits";
import { type ImportKind, type ImportResult, ORG_COLUMNS_CSV, PEOPLE_COLUMNS_CSV } from "./import.schemas";

const KIND_LABEL: Record<ImportKind, string> = { organisations: "Tổ chức", people: "Người dùng và vai trò" };
const ACTION_LABEL = { create: "Thêm mới", update: "Cập nhật", unchanged: "Không đổi" } as const;

/** The import page: columns, allowed codes, the last result (preview or issues) and the form. */
/** The codes a CSV column accepts, each with what it means. */
function CodeTable<T extends string>(props: {
  column: string;
  meaning: string;
  codes: readonly T[];
  labels: Record<T, string>;
}) {
  return (
    <table>
      <caption class="muted">Cột {props.column}: ghi đúng mã ở cột bên trái</caption>
      <ColumnHeads columns={["Mã", props.meaning]} />
      <tbody>
        {props.codes.map((code) => (
          <tr>
            <td>
              <code>{code}</code>
            </td>
            <td>{props.labels[code]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ImportView(props: { csrf: string; result?: { kind: ImportKind; result: ImportResult } }) {
  const { csrf, result } = props;
  const r = result?.result;
  return (
    <>
      <h1>Nhập dữ liệu từ tệp CSV</h1>
      <p>
        Tệp CSV mã hóa UTF-8 (trong Excel chọn “CSV UTF-8”), dòng đầu là tên cột. Tổ chức được nhận diện theo
        mã: nhập lại cùng tệp chỉ cập nhật những gì thay đổi. Nếu có bất kỳ dòng nào lỗi thì không dữ liệu nào
        được ghi.
      </p>
      <ul>
        <li>
          Tổ chức: <code>{ORG_COLUMNS_CSV.join(",")}</code>
        </li>
        <li>
          Người dùng: <code>{PEOPLE_COLUMNS_CSV.join(",")}</code>
        </li>
      </ul>
      <details open>
        <summary>Giá trị cho phép của cột kind (loại tổ chức) và role (vai trò)</summary>
        <CodeTable column="kind" meaning="Loại tổ chức" codes={ORGANISATION_KINDS} labels={KIND_LABELS} />
        <CodeTable column="role" meaning="Vai trò" codes={ROLES} labels={ROLE_LABELS} />
        <p class="muted">Mọi lỗi của tệp được liệt kê cùng lúc, kèm số dòng; sửa hết rồi nhập lại.</p>
      </details>
      {r ? (
        <section aria-labelledby="result-h" class="card">
          <h2 id="result-h">
            {r.ok
              ? r.dryRun
                ? `Kiểm tra trước (${KIND_LABEL[result.kind]}): chưa ghi dữ liệu`
                : `Đã nhập ${KIND_LABEL[result.kind].toLowerCase()}`
              : "Tệp có lỗi, chưa có dữ liệu nào được ghi"}
          </h2>
          {r.ok ? (
            <>
              <p>
                Thêm mới: {r.created} · Cập nhật: {r.updated} · Không đổi: {r.unchanged}
              </p>
              <table>
                <ColumnHeads columns={["Dòng", "Đối tượng", "Thao tác", "Thay đổi"]} />
                <tbody>
                  {r.items.slice(0, 500).map((i) => (
                    <tr>
                      <td>{i.line}</td>
                      <td>{i.key}</td>
                      <td>{ACTION_LABEL[i.action]}</td>
                      <td>{i.changes.join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <ul role="alert">
              {r.issues.slice(0, 200).map((i) => (
                <li class="error">{i.message}</li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      <form method="post" action="/nhap-du-lieu" enctype="multipart/form-data">
        <CsrfField token={csrf} />
        <label for="kind">Loại dữ liệu</label>
        <select id="kind" name="kind">
          <option value="organisations" selected={result?.kind !== "people"}>
            Tổ chức
          </option>
          <option value="people" selected={result?.kind === "people"}>
            Người dùng và vai trò
          </option>
        </select>
        <label for="file">Tệp CSV</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        <p>
          <button type="submit" name="dryRun" value="1">
            Kiểm tra trước
          </button>{" "}
          <button type="submit" name="dryRun" value="0" class="secondary">
            Nhập dữ liệu
          </button>
        </p>
      </form>
    </>
  );
}
