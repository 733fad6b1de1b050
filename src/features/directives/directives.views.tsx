/** The directive page's views: the page body, with its indicators, sections and cascade of documents. */
import { CsrfField } from "../../auth/page";
import { formatViNumber } from "../../domain/numbers";
import { formatDateVi } from "../../domain/time";
import { Breadcrumbs, ColumnHeads, Submit } from "../../pages/page-bits";
import type { MissingRow } from "./directives.queries";
import type { DocumentNode, loadDirective } from "./directives.service";
import { kindLabelOf } from "./documents.service";
import { DocumentKindFields, ParentDocumentField } from "./documents.views";

export function DocTree(props: { nodes: DocumentNode[] }) {
  return (
    <ul>
      {props.nodes.map((n) => (
        <li>
          <a href={`/van-ban/${n.id}`}>
            <strong>{n.number}</strong>
          </a>{" "}
          ({kindLabelOf(n)}) · {n.issuer} · ngày {formatDateVi(n.issuedOn)}
          <div class="muted">{n.title}</div>
          {n.children.length ? <DocTree nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

export interface DirectiveViewProps {
  d: Awaited<ReturnType<typeof loadDirective>>;
  tree: DocumentNode[];
  missing: { rows: MissingRow[]; under: { id: string; name: string } | null };
  editOrgs: { id: string; name: string }[];
  mayManage: boolean;
  csrf: string;
}

export function DirectiveView({ d, tree, missing, editOrgs, mayManage, csrf }: DirectiveViewProps) {
  return (
    <>
      <Breadcrumbs items={[{ href: "/chi-thi", label: "Chỉ thị" }, { label: d.directive.code }]} />
      <h1>{d.directive.title}</h1>
      <p class="muted">Ban hành ngày {formatDateVi(d.directive.issuedOn)}</p>
      {mayManage ? (
        <p class="noprint">
          <a class="button secondary" href={`/chi-thi/${encodeURIComponent(d.directive.id)}/thiet-lap`}>
            Thiết lập: văn bản hướng dẫn, chỉ tiêu, biểu mẫu, chế độ báo cáo
          </a>
        </p>
      ) : null}
      {d.directive.summary ? d.directive.summary.split(/\n\n+/).map((para) => <p>{para}</p>) : null}

      <section aria-labelledby="ind-h">
        <h2 id="ind-h">Chỉ tiêu</h2>
        <table>
          <ColumnHeads columns={["Chỉ tiêu", "Cơ sở", "Mục tiêu theo năm"]} />
          <tbody>
            {d.indicators.map((i) => (
              <tr>
                <td>
                  {i.name} <span class="muted">({i.unit})</span>
                </td>
                <td>
                  {i.baselineValue !== null
                    ? `${formatViNumber(i.baselineValue)}${i.valueKind === "percent" ? "%" : ""} (năm ${i.baselineYear})`
                    : "Chưa có"}
                </td>
                <td>
                  {i.targets.length ? (
                    <ul>
                      {i.targets.map((t) => (
                        <li>
                          Năm {t.year}: {t.comparator === "gt" ? "trên " : "đạt "}
                          {formatViNumber(t.value)}
                          {i.valueKind === "percent" ? "%" : ""}
                          {t.note ? ` (${t.note})` : ""}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    "Chưa đặt mục tiêu"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="sec-h">
        <h2 id="sec-h">Nội dung</h2>
        {d.sections.map((s) => (
          <details>
            <summary>
              {s.number}. {s.title}
              {s.titleIsEditorial ? " [tiêu đề do biên tập]" : ""}
              {s.isTaskGroup ? "" : " (tổ chức thực hiện)"}
            </summary>
            {s.body.split(/\n\n+/).map((para) => (
              <p>
                {para.split("\n").map((line, i) => (
                  <>
                    {i ? <br /> : null}
                    {line}
                  </>
                ))}
              </p>
            ))}
          </details>
        ))}
      </section>

      <section aria-labelledby="doc-h">
        <h2 id="doc-h">Văn bản triển khai</h2>
        <DocTree nodes={tree} />
      </section>

      <section aria-labelledby="miss-h">
        <h2 id="miss-h">
          {missing.under
            ? `Tổ chức trực thuộc ${missing.under.name} chưa ban hành văn bản triển khai`
            : "Cấp ủy trực thuộc Trung ương chưa ban hành văn bản triển khai"}
          : {missing.rows.length}
        </h2>
        {missing.under ? (
          <p>
            <a href={`/chi-thi/${d.directive.id}`}>Xem các cấp ủy trực thuộc Trung ương</a>
          </p>
        ) : null}
        {missing.rows.length ? (
          <ul>
            {missing.rows.map((o) => (
              <li>
                <a href={`/to-chuc/${o.id}`}>{o.name}</a> ·{" "}
                <a href={`/chi-thi/${d.directive.id}?under=${encodeURIComponent(o.id)}`}>xem cấp dưới</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>Tất cả đã ban hành văn bản triển khai.</p>
        )}
      </section>

      {editOrgs.length ? (
        <section aria-labelledby="add-h" class="card noprint">
          <h2 id="add-h">Thêm văn bản triển khai</h2>
          <form method="post" action={`/chi-thi/${d.directive.id}/van-ban`}>
            <CsrfField token={csrf} />
            <label for="doc-org">Tổ chức ban hành</label>
            <select id="doc-org" name="organisationId" required>
              {editOrgs.map((o) => (
                <option value={o.id}>{o.name}</option>
              ))}
            </select>
            <label for="doc-number">Số hiệu (ví dụ 215-KH/TU hoặc 844/QĐ-TTg)</label>
            <input id="doc-number" name="number" required maxlength={60} />
            <DocumentKindFields />
            <label for="doc-issuer">Cơ quan ban hành</label>
            <input id="doc-issuer" name="issuer" required maxlength={200} />
            <label for="doc-date">Ngày ban hành</label>
            <input id="doc-date" name="issuedOn" type="date" required />
            <label for="doc-title">Trích yếu</label>
            <input id="doc-title" name="title" required maxlength={500} />
            <ParentDocumentField id="doc-parent" documents={d.documents} />
            <Submit>Thêm văn bản</Submit>
          </form>
        </section>
      ) : null}
    </>
  );
}
