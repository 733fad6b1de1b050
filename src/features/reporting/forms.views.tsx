/** The report forms' pages: the list of forms and one version with its history (JSX only). */
import type { FormItem } from "../../domain/form";
import { boundText, isCompareRule, RULE_OPERATOR_SYMBOLS } from "../../domain/form";
import { formatViNumber } from "../../domain/numbers";
import { NUMBER_VALUE_KIND_LABELS } from "../../domain/status-labels";
import { formatDateTimeVi } from "../../domain/time";
import { Breadcrumbs, ColumnHeads } from "../../pages/page-bits";
import { SetupStyles } from "../../pages/setup-bits";
import type { FormVersionRow } from "./forms.queries";

export function FormListView(props: { forms: FormVersionRow[]; maySetUp: boolean }) {
  const { forms } = props;
  return (
    <>
      <SetupStyles />
      <h1>Biểu mẫu báo cáo</h1>
      <p class="muted">
        Mỗi lần sửa biểu mẫu tạo một phiên bản mới; các kỳ báo cáo đang mở giữ phiên bản đã dùng khi mở kỳ.
      </p>
      {forms.length === 0 ? <p>Chưa có biểu mẫu nào.</p> : null}
      <ul>
        {forms.map((f) => (
          <li>
            <a href={`/bieu-mau/${encodeURIComponent(f.id)}`}>{f.name}</a>{" "}
            <span class="muted">
              ({f.directiveCode}; phiên bản {f.version}; {f.definition?.items.length ?? 0} mục)
            </span>
          </li>
        ))}
      </ul>
      {props.maySetUp ? <p class="muted">Tạo biểu mẫu mới từ trang thiết lập của từng chỉ thị.</p> : null}
    </>
  );
}

function describeItem(item: FormItem): string {
  if (item.kind === "narrative") return `Nội dung, tối đa ${formatViNumber(item.maxLength)} ký tự`;
  if (item.kind === "yesno")
    return item.requiresDocumentRef ? "Có/Không, kèm số hiệu văn bản khi “Có”" : "Có/Không";
  const bounds = [
    item.min != null ? `từ ${boundText(item.min)}` : "",
    item.max != null ? `đến ${boundText(item.max)}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return `${NUMBER_VALUE_KIND_LABELS[item.valueKind]}${item.unit ? ` (${item.unit})` : ""}${bounds ? `, ${bounds}` : ""}${item.indicatorCode ? `; chỉ tiêu ${item.indicatorCode}` : ""}`;
}

export function FormDetailView(props: {
  f: FormVersionRow;
  versions: (FormVersionRow & { periodCount: number })[];
  notice: string | undefined;
  mayEdit: boolean;
}) {
  const { f, versions, notice } = props;
  const latest = versions[0];
  const labelOf = new Map((f.definition?.items ?? []).map((i) => [i.key, i.label]));
  return (
    <>
      <SetupStyles />
      <Breadcrumbs
        items={[{ href: "/bieu-mau", label: "Biểu mẫu" }, { label: `${f.name} (phiên bản ${f.version})` }]}
      />
      <h1>
        {f.name} <span class="muted">— phiên bản {f.version}</span>
      </h1>
      {notice === "luu" ? (
        <p class="notice" role="status">
          Đã lưu phiên bản {f.version}. Các chế độ báo cáo dùng biểu mẫu này sẽ dùng phiên bản mới cho các kỳ
          mở từ nay; kỳ đang mở giữ phiên bản cũ.
        </p>
      ) : notice === "khong-doi" ? (
        <p class="notice" role="status">
          Biểu mẫu không thay đổi nên không tạo phiên bản mới.
        </p>
      ) : null}
      {latest && latest.id !== f.id ? (
        <p class="notice">
          Đây là phiên bản cũ.{" "}
          <a href={`/bieu-mau/${encodeURIComponent(latest.id)}`}>Xem phiên bản mới nhất ({latest.version})</a>
        </p>
      ) : null}
      <p class="muted">
        Chỉ thị {f.directiveCode}. {f.definition?.title ? `Tiêu đề: ${f.definition.title}.` : ""}
      </p>
      {props.mayEdit && latest?.id === f.id ? (
        <p>
          <a class="button" href={`/bieu-mau/${encodeURIComponent(f.id)}/sua`}>
            Sửa biểu mẫu
          </a>{" "}
          <a class="button secondary" href={`/chi-thi/${encodeURIComponent(f.directiveId)}/thiet-lap`}>
            Về trang thiết lập chỉ thị
          </a>
        </p>
      ) : null}
      <table>
        <caption class="muted">Các mục của biểu mẫu</caption>
        <ColumnHeads columns={["Phần", "Mục", "Kiểu", "Bắt buộc"]} />
        <tbody>
          {(f.definition?.items ?? []).map((i) => (
            <tr>
              <td>{i.section ?? ""}</td>
              <td>
                {i.label} <span class="muted">({i.key})</span>
              </td>
              <td>{describeItem(i)}</td>
              <td>{i.required ? "Có" : "Không"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {f.definition?.rules?.length ? (
        <>
          <h2>Quy tắc kiểm tra</h2>
          <ul>
            {f.definition.rules.map((r) => (
              <li>
                {isCompareRule(r) ? (
                  <>
                    {labelOf.get(r.left) ?? r.left} {RULE_OPERATOR_SYMBOLS[r.op]}{" "}
                    {labelOf.get(r.right) ?? r.right}
                  </>
                ) : r.kind === "lte" ? (
                  <>
                    {labelOf.get(r.left) ?? r.left} ≤ {labelOf.get(r.right) ?? r.right}
                  </>
                ) : (
                  <>
                    {labelOf.get(r.result) ?? r.result} = {labelOf.get(r.numerator) ?? r.numerator} /{" "}
                    {labelOf.get(r.denominator) ?? r.denominator} × {r.scale} (± {r.tolerance})
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Các phiên bản</h2>
      <table>
        <caption class="muted">Mới nhất trước; mỗi kỳ báo cáo dùng phiên bản có khi mở kỳ</caption>
        <ColumnHeads columns={["Phiên bản", "Lưu lúc", "Người lưu", "Số kỳ báo cáo dùng"]} />
        <tbody>
          {versions.map((v) => (
            <tr>
              <td>
                <a href={`/bieu-mau/${encodeURIComponent(v.id)}`}>{v.version}</a>
              </td>
              <td>{formatDateTimeVi(v.createdAt)}</td>
              <td>{v.createdByName ?? ""}</td>
              <td>{v.periodCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
