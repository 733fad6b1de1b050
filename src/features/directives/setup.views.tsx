/** The directive set-up hub: guidance documents, indicators and targets, forms, schedules (JSX only). */
import { CsrfField, PostButton } from "../../auth/page";
import { INDICATOR_AGGREGATIONS } from "../../db/schema";
import { targetText } from "../../domain/directive-registration";
import { formatViNumber } from "../../domain/numbers";
import { NUMBER_VALUE_KIND_LABELS } from "../../domain/status-labels";
import { formatDateVi } from "../../domain/time";
import { ChoiceSelect } from "../../pages/choice-select";
import { Breadcrumbs, Submit } from "../../pages/page-bits";
import { SetupStyles } from "../../pages/setup-bits";
import { ParentDocumentField } from "./documents.views";
import type { StoredIndicator, StoredTarget } from "./indicators.queries";
import type { GuidanceDocumentRow, ScheduleRow, StoredDirective } from "./setup.queries";

/** An indicator's kinds of number, percent first (the usual one, selected by default). */
const INDICATOR_VALUE_KINDS = ["percent", "integer", "decimal"] as const;
const AGGREGATION_LABELS: Record<(typeof INDICATOR_AGGREGATIONS)[number], string> = {
  sum: "Cộng tổng",
  avg: "Trung bình",
  weighted_avg: "Trung bình theo dân số",
};

export function SetupHubView(props: {
  d: StoredDirective;
  saved: boolean;
  csrf: string;
  indicators: StoredIndicator[];
  targets: StoredTarget[];
  forms: { id: string; name: string; version: number }[];
  committees: { id: string; name: string }[];
  docs: GuidanceDocumentRow[];
  schedules: ScheduleRow[];
}) {
  const { d, csrf, indicators, targets, forms, committees, docs, schedules } = props;
  const base = `/chi-thi/${encodeURIComponent(d.id)}`;
  return (
    <>
      <SetupStyles />
      <Breadcrumbs
        items={[
          { href: "/chi-thi", label: "Chỉ thị" },
          { href: base, label: d.code },
          { label: "Thiết lập" },
        ]}
      />
      <h1>Thiết lập {d.title}</h1>
      {props.saved ? (
        <p class="notice" role="status">
          Đã lưu.
        </p>
      ) : null}
      <p>
        <a class="button secondary" href={`${base}/sua`}>
          Sửa số hiệu, toàn văn và các mục
        </a>{" "}
        <a class="button secondary" href={base}>
          Xem trang chỉ thị
        </a>
      </p>
      <ol>
        {d.sections.map((s) => (
          <li value={s.number}>
            {s.title}
            {s.titleIsEditorial ? <span class="pill"> tiêu đề do biên tập</span> : null}
          </li>
        ))}
      </ol>

      <section aria-labelledby="docs-h" class="card">
        <h2 id="docs-h">Văn bản hướng dẫn và triển khai</h2>
        <ul>
          {docs.map((doc) => (
            <li>
              <strong>{doc.number}</strong> · {doc.issuer} · ngày {formatDateVi(doc.issuedOn)} — {doc.title}
            </li>
          ))}
        </ul>
        <form method="post" action={`${base}/van-ban-huong-dan`}>
          <CsrfField token={csrf} />
          <div class="grid">
            <div>
              <label for="g-number">Số hiệu (ví dụ 33-HD/BTGDVTW)</label>
              <input id="g-number" name="number" required maxlength={60} />
            </div>
            <div>
              <label for="g-date">Ngày ban hành</label>
              <input id="g-date" name="issuedOn" type="date" required />
            </div>
          </div>
          <label for="g-org">Tổ chức ban hành</label>
          <select id="g-org" name="organisationId" required>
            {committees.map((o) => (
              <option value={o.id}>{o.name}</option>
            ))}
          </select>
          <label for="g-issuer">Cơ quan ban hành (ghi như trên văn bản)</label>
          <input id="g-issuer" name="issuer" required maxlength={200} />
          <label for="g-title">Trích yếu</label>
          <input id="g-title" name="title" required maxlength={500} />
          <ParentDocumentField id="g-parent" documents={docs} />
          <Submit>Thêm văn bản</Submit>
        </form>
      </section>

      <section aria-labelledby="ind-h" class="card">
        <h2 id="ind-h">Chỉ tiêu và mục tiêu theo tổ chức, năm</h2>
        {indicators.length === 0 ? <p>Chưa có chỉ tiêu.</p> : null}
        {indicators.map((i) => {
          const rows = targets.filter((t) => t.indicatorId === i.id);
          return (
            <div>
              <h3>
                {i.name}{" "}
                <span class="muted">
                  ({i.unit}; mã {i.code})
                </span>
              </h3>
              <p class="muted">
                {NUMBER_VALUE_KIND_LABELS[i.valueKind]};{" "}
                {AGGREGATION_LABELS[i.aggregation as keyof typeof AGGREGATION_LABELS] ?? i.aggregation}
                {i.baselineValue !== null
                  ? `; cơ sở ${formatViNumber(i.baselineValue, { maxFractionDigits: 3 })} (năm ${i.baselineYear})`
                  : ""}
              </p>
              {rows.length ? (
                <table>
                  <caption class="muted">Mục tiêu của {i.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Tổ chức</th>
                      <th scope="col">Năm</th>
                      <th scope="col">Mục tiêu</th>
                      <th scope="col">Ghi chú</th>
                      <th scope="col">
                        <span class="muted">Thao tác</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((t) => (
                      <tr>
                        <td>{t.organisationName}</td>
                        <td>{t.year}</td>
                        <td>{targetText(t, i.valueKind)}</td>
                        <td>{t.note ?? ""}</td>
                        <td>
                          <PostButton
                            action={`${base}/muc-tieu/xoa`}
                            csrf={csrf}
                            class="inline"
                            hidden={{
                              indicatorId: i.id,
                              organisationId: t.organisationId,
                              year: String(t.year),
                            }}
                          >
                            Xóa mục tiêu {t.year} của {t.organisationName}
                          </PostButton>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p>Chưa đặt mục tiêu.</p>
              )}
              <form method="post" action={`${base}/muc-tieu`}>
                <CsrfField token={csrf} />
                <input type="hidden" name="indicatorId" value={i.id} />
                <div class="grid">
                  <div>
                    <label for={`t-${i.id}-org`}>Tổ chức</label>
                    <select id={`t-${i.id}-org`} name="organisationId" required>
                      {committees.map((o) => (
                        <option value={o.id}>{o.name}</option>
                      ))}
                    </select>
                  </div>
                  <div>
                    <label for={`t-${i.id}-year`}>Năm</label>
                    <input id={`t-${i.id}-year`} name="year" type="number" min={2000} max={2100} required />
                  </div>
                  <div>
                    <label for={`t-${i.id}-cmp`}>Mức</label>
                    <select id={`t-${i.id}-cmp`} name="comparator">
                      <option value="gt">Trên</option>
                      <option value="gte">Đạt</option>
                    </select>
                  </div>
                  <div>
                    <label for={`t-${i.id}-value`}>Giá trị ({i.unit})</label>
                    <input id={`t-${i.id}-value`} name="value" inputmode="decimal" required />
                  </div>
                </div>
                <label for={`t-${i.id}-note`}>Ghi chú</label>
                <input id={`t-${i.id}-note`} name="note" maxlength={300} />
                <Submit>Đặt mục tiêu cho {i.name}</Submit>
              </form>
            </div>
          );
        })}
        <h3>Thêm chỉ tiêu</h3>
        <form method="post" action={`${base}/chi-tieu`}>
          <CsrfField token={csrf} />
          <div class="grid">
            <div>
              <label for="i-code">Mã (chữ thường không dấu, ví dụ rd_spending)</label>
              <input id="i-code" name="code" required maxlength={64} />
            </div>
            <div>
              <label for="i-unit">Đơn vị tính</label>
              <input id="i-unit" name="unit" required maxlength={50} />
            </div>
          </div>
          <label for="i-name">Tên chỉ tiêu</label>
          <input id="i-name" name="name" required maxlength={300} />
          <div class="grid">
            <div>
              <ChoiceSelect
                id="i-kind"
                name="valueKind"
                label="Kiểu số"
                choices={INDICATOR_VALUE_KINDS}
                labels={NUMBER_VALUE_KIND_LABELS}
              />
            </div>
            <div>
              <ChoiceSelect
                id="i-agg"
                name="aggregation"
                label="Cộng dồn khi tổng hợp"
                choices={INDICATOR_AGGREGATIONS}
                labels={AGGREGATION_LABELS}
              />
            </div>
            <div>
              <label for="i-section">Thuộc mục</label>
              <select id="i-section" name="sectionNumber">
                <option value="">– Không –</option>
                {d.sections.map((s) => (
                  <option value={String(s.number)}>
                    {s.number}. {s.title}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="grid">
            <div>
              <label for="i-min">Giá trị nhỏ nhất</label>
              <input id="i-min" name="minValue" inputmode="decimal" />
            </div>
            <div>
              <label for="i-max">Giá trị lớn nhất</label>
              <input id="i-max" name="maxValue" inputmode="decimal" />
            </div>
            <div>
              <label for="i-base">Giá trị cơ sở</label>
              <input id="i-base" name="baselineValue" inputmode="decimal" />
            </div>
            <div>
              <label for="i-base-year">Năm cơ sở</label>
              <input id="i-base-year" name="baselineYear" type="number" min={1945} max={2100} />
            </div>
          </div>
          <Submit>Thêm chỉ tiêu</Submit>
        </form>
      </section>

      <section aria-labelledby="forms-h" class="card">
        <h2 id="forms-h">Biểu mẫu báo cáo</h2>
        {forms.length ? (
          <ul>
            {forms.map((f) => (
              <li>
                <a href={`/bieu-mau/${encodeURIComponent(f.id)}`}>{f.name}</a>{" "}
                <span class="muted">(phiên bản {f.version})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>Chưa có biểu mẫu.</p>
        )}
        <p>
          <a class="button" href={`/bieu-mau/moi?directiveId=${encodeURIComponent(d.id)}&mau=standard`}>
            Tạo biểu mẫu từ đề cương chuẩn
          </a>{" "}
          <a class="button secondary" href={`/bieu-mau/moi?directiveId=${encodeURIComponent(d.id)}`}>
            Tạo biểu mẫu trống
          </a>
        </p>
      </section>

      <section aria-labelledby="sch-h" class="card">
        <h2 id="sch-h">Chế độ báo cáo</h2>
        {schedules.length ? (
          <ul>
            {schedules.map((s) => (
              <li>
                <a href={`/lich-bao-cao/${encodeURIComponent(s.id)}`}>{s.name}</a>
                {s.active ? "" : " (tạm dừng)"}
              </li>
            ))}
          </ul>
        ) : (
          <p>Chưa có chế độ báo cáo.</p>
        )}
        <p>
          <a class="button" href={`/lich-bao-cao/moi?directiveId=${encodeURIComponent(d.id)}`}>
            Thêm chế độ báo cáo
          </a>{" "}
          <a class="button secondary" href="/quy-trinh-nhac">
            Quy trình nhắc và báo cáo vượt cấp
          </a>
        </p>
      </section>
    </>
  );
}
