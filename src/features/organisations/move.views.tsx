/** Moving an organisation under another, found by name or code: the search and the confirmation (JSX only). */
import { CsrfField } from "../../auth/page";
import { MAX_QUERY_LENGTH } from "../../domain/org-tree";
import { ORGANISATION_KIND_LABELS as KIND_LABELS } from "../../domain/status-labels";
import { Fact, OrgBreadcrumbs, Submit } from "../../pages/page-bits";
import type { OrgRow } from "./organisations.queries";
import type { MoveChoice, MovePreview } from "./organisations.service";

const movePage = (org: { id: string }) => `/to-chuc/${org.id}/chuyen`;

/** The search for a new parent (on the organisation's page and atop the move page). */
export function MoveSearchForm(props: { org: OrgRow; q?: string }) {
  return (
    <form method="get" action={movePage(props.org)}>
      <label for="move-q">Tìm tổ chức cấp trên mới</label>
      <p id="move-q-hint" class="muted">
        Theo tên hoặc mã, có thể gõ không dấu, ví dụ “hoan kiem”.
      </p>
      <input
        id="move-q"
        name="q"
        type="search"
        value={props.q ?? ""}
        maxlength={MAX_QUERY_LENGTH}
        required
        aria-describedby="move-q-hint"
      />
      <Submit>Tìm</Submit>
    </form>
  );
}

/** Where an organisation sits: its ancestors' names from the root, or the root's note. */
const placeOf = (names: string[]) => (names.length ? names.join(" › ") : "Cấp cao nhất");

/** "Thuộc: Ban Chấp hành Trung ương Đảng (Ban Bí thư) › Thành ủy Hà Nội" under a name. */
function Within(props: { names: string[] }) {
  return (
    <span class="muted">
      {props.names.length ? "Thuộc: " : null}
      {placeOf(props.names)}
    </span>
  );
}

export function MoveSearchView(props: {
  org: OrgRow;
  within: string[];
  q: string;
  found: { items: MoveChoice[]; more: boolean } | null;
  limit: number;
}) {
  const { org, within, q, found } = props;
  return (
    <>
      <OrgBreadcrumbs org={org} items={[{ label: "Chuyển sang tổ chức cấp trên khác" }]} />
      <h1>Chuyển {org.name} sang tổ chức cấp trên khác</h1>
      <p>
        <Within names={within} />
      </p>
      <MoveSearchForm org={org} q={q} />
      {found ? (
        <section aria-labelledby="move-found">
          <h2 id="move-found">
            Kết quả cho “{q}”: {found.items.length} tổ chức có thể làm cấp trên mới
          </h2>
          {found.more ? (
            <p class="notice">
              Chỉ hiện {props.limit} tổ chức đầu tiên. Đồng chí gõ thêm tên hoặc mã để thu hẹp kết quả.
            </p>
          ) : null}
          {found.items.length ? (
            found.items.map((r) => (
              <div class="card">
                <h3>{r.name}</h3>
                <div class="muted">
                  Mã {r.code} · {KIND_LABELS[r.kind]}
                </div>
                <div>
                  <Within names={r.ancestors} />
                </div>
                <form method="get" action={movePage(org)}>
                  <input type="hidden" name="q" value={q} />
                  <input type="hidden" name="vao" value={r.id} />
                  <p>
                    <button type="submit" class="secondary">
                      Chuyển vào đây<span class="sr"> ({r.name})</span>
                    </button>
                  </p>
                </form>
              </div>
            ))
          ) : (
            <p>
              Không có tổ chức phù hợp. Danh sách không gồm chính tổ chức này, các tổ chức trực thuộc nó, tổ
              chức đã giải thể/sáp nhập và tổ chức cấp trên hiện tại.
            </p>
          )}
        </section>
      ) : null}
      <p>
        <a href={`/to-chuc/${org.id}`}>Quay lại {org.name}</a>
      </p>
    </>
  );
}

export function MoveConfirmView(props: {
  org: OrgRow;
  within: string[];
  q: string;
  preview: MovePreview;
  csrf: string;
}) {
  const { org, q } = props;
  const { parent, subordinates } = props.preview;
  return (
    <>
      <OrgBreadcrumbs org={org} items={[{ label: "Xác nhận chuyển" }]} />
      <h1>Xác nhận chuyển tổ chức</h1>
      <div class="card">
        <p>
          <strong>{org.name}</strong>
          {subordinates ? ` và ${subordinates.toLocaleString("vi-VN")} tổ chức trực thuộc` : ""} sẽ chuyển
          sang trực thuộc <strong>{parent.name}</strong> (mã {parent.code}).
        </p>
        <dl class="grid">
          <Fact label="Hiện thuộc">{placeOf(props.within)}</Fact>
          <Fact label="Sau khi chuyển, thuộc">{placeOf([...props.preview.ancestors, parent.name])}</Fact>
        </dl>
        <p>
          {subordinates
            ? `Cả ${(subordinates + 1).toLocaleString("vi-VN")} tổ chức đổi vị trí trong cây; `
            : "Tổ chức đổi vị trí trong cây; "}
          người có vai trò ở cấp trên mới sẽ xem và quản lý được, người chỉ có vai trò ở cấp trên cũ thì không
          còn. Nghĩa vụ và báo cáo đã có được giữ nguyên.
        </p>
      </div>
      <form method="post" action={`/to-chuc/${org.id}/cap-nhat`}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="parentId" value={parent.id} />
        <Submit>Xác nhận chuyển</Submit>
      </form>
      <p>
        <a href={`${movePage(org)}?q=${encodeURIComponent(q)}`}>Chọn tổ chức khác</a> ·{" "}
        <a href={`/to-chuc/${org.id}`}>Hủy, quay lại {org.name}</a>
      </p>
    </>
  );
}
